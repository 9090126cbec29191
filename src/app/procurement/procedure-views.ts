/**
 * Reading procedures (procedures.ts re-exports these): the procedure board of a region and one
 * procedure in detail, with its applications, rankings, intentions and the next actions the
 * domain allows.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { contracts, providers } from '../../db/schema.js';
import { applications, awards, consortiumMembers, procedureEvents, procedures } from '../../db/schema-procurement.js';
import type { UserScope } from '../../domain/access/roles.js';
import { procedureVisibility } from '../../domain/access/visibility.js';
import { procedureSoort, type ProcedureConfig } from '../../domain/procurement/config.js';
import { admissionRefusals } from '../../domain/procurement/award.js';
import { rankingOf, scoreTenders, type RankedTender } from '../../domain/procurement/emvi.js';
import { allowedActions, applicationKind, TENDER_STATUSES, nextStep, PHASES, STATUS_LABELS } from '../../domain/procurement/procedure.js';
import type { Refusal } from '../../domain/procurement/sources.js';
import { source } from '../../domain/landscape/landscape.js';
import { isOpen } from '../../domain/landscape/profile-schema.js';
import { dutchDate, nlDate } from '../../domain/dates.js';

import { firstAwardDay, standstillState, type Intention, type IntentionReason, type StandstillState } from '../../domain/procurement/intention.js';
import { loadRegionProfile } from '../landscape.js';
import { configOf, loadProcedure, readScope, segmentOf, soortOf, stateOf, type ProcedureRow, type ReadScope } from './common.js';

export interface ProcedureSummary {
  id: number;
  segmentId: string;
  name: string;
  soort: string;
  status: string;
  statusLabel: string;
  nextStep: string;
  entryOpen: boolean;
  publishedOn: string | null;
  awardedOn: string | null;
  /** Applications per status (a provider sees only its own). */
  counts: Record<string, number>;
  applicationCount: number;
  version: number;
}

export interface BoardSegment {
  segmentId: string;
  name: string;
  soort: string | null;
  /** Why no procedure can be started (the profile leaves the procedure open), with its source. */
  blocked: Refusal | null;
  procedures: ProcedureSummary[];
}

export interface Board {
  regionId: string;
  mayChange: boolean;
  segments: BoardSegment[];
}

function summary(row: ProcedureRow, counts: Record<string, number>): ProcedureSummary {
  const soort = soortOf(row);
  const state = stateOf(row);
  return {
    id: row.id,
    segmentId: row.segmentId,
    name: row.name,
    soort,
    status: row.status,
    statusLabel: STATUS_LABELS[state.status],
    nextStep: intentionStep(row) ?? nextStep(state),
    entryOpen: row.entryOpen,
    publishedOn: row.publishedOn,
    awardedOn: row.awardedOn,
    counts,
    applicationCount: Object.values(counts).reduce((a, b) => a + b, 0),
    version: row.version,
  };
}

/** The next step while an intention to award is announced (the standstill runs, is suspended or has passed). */
function intentionStep(row: ProcedureRow): string | null {
  const i = row.intention as Intention | null;
  if (!i || (row.status !== 'gunning' && row.status !== 'beoordeling')) return null;
  if (i.suspendedOn)
    return `Voornemen tot gunning bekendgemaakt; opschortende termijn opgeschort sinds ${nlDate(i.suspendedOn)} (bezwaar): hervatten of voornemen intrekken`;
  return `Voornemen tot gunning bekendgemaakt; definitief gunnen vanaf ${nlDate(firstAwardDay(i)!)} (opschortende termijn tot en met ${nlDate(i.standstillEndsOn)})`;
}

/** The procedure board: per segment of the profile its procedures with phase, next step and counts. */
export async function procedureBoard(db: Db, user: UserScope, regionId: string): Promise<Board> {
  const scope = readScope(user, regionId);
  const profile = await loadRegionProfile(db, regionId);
  const rows = await db.select().from(procedures).where(eq(procedures.regionId, regionId)).orderBy(asc(procedures.id));
  const countRows = await db
    .select({ procedureId: applications.procedureId, status: applications.status, n: sql<number>`count(*)::int` })
    .from(applications)
    .where(and(eq(applications.regionId, regionId), scope.providerId !== null ? eq(applications.providerId, scope.providerId) : undefined))
    .groupBy(applications.procedureId, applications.status);
  const counts = new Map<number, Record<string, number>>();
  for (const c of countRows) counts.set(c.procedureId, { ...(counts.get(c.procedureId) ?? {}), [c.status]: c.n });
  return {
    regionId,
    mayChange: scope.mayChange,
    segments: profile.segmenten.map((seg) => {
      const soort = procedureSoort(seg);
      return {
        segmentId: seg.id,
        name: seg.naam,
        soort: typeof soort === 'string' ? soort : null,
        blocked: typeof soort === 'string' ? null : soort,
        procedures: rows.filter((r) => r.segmentId === seg.id).map((r) => summary(r, counts.get(r.id) ?? {})),
      };
    }),
  };
}

export interface MemberView {
  name: string;
  kind: string;
  role: string;
  providerId: number | null;
}

export interface ApplicationView {
  id: number;
  providerId: number;
  providerName: string;
  lotIds: string[];
  status: string;
  submittedOn: string;
  decidedOn: string | null;
  decisionReason: string | null;
  checks: { eisId: string; voldaan: boolean; bewijs?: string | null }[];
  planScore: number | null;
  priceCents: number | null;
  scores: Record<string, number>;
  /** EMVI total over all tenders of the procedure (price relative to the lowest of all); per perceel see `ranking`. */
  emviTotal: number | null;
  members: MemberView[];
  /** Contracts this procedure produced for the applicant (award or admission). */
  contractIds: number[];
  /** Open house: why the application cannot be admitted yet (empty = it can). */
  admission: Refusal[] | null;
  version: number;
}

export interface ProcedureDetail extends ProcedureSummary {
  regionId: string;
  segmentName: string;
  applicationKind: string;
  config: ProcedureConfig;
  phases: { status: string; label: string; reached: boolean; current: boolean }[];
  mayChange: boolean;
  /** Actions the domain allows now (only for users who may change the procedure). */
  allowedActions: string[];
  lots: { id: string; name: string }[];
  lotRules: { ruleId: string; type: string; description: string; source?: ReturnType<typeof source> }[];
  events: { at: string; byUser: string; action: string; fromStatus: string | null; toStatus: string | null; reason: string | null }[];
  applications: ApplicationView[];
  /** EMVI ranking per perceel ("-" for a segment without lots); hidden from providers. */
  ranking: Record<string, RankedTender[]> | null;
  awards: {
    applicationId: number;
    providerId: number;
    providerName: string;
    lotId: string | null;
    emviScore: number | null;
    awardedOn: string;
    contractId: number | null;
  }[];
  /** The intention to award and its standstill (regional roles; null before the intention and after the award). */
  intention: IntentionView | null;
  /** What a bidder is told about the intention: its own scores and rank, the chosen party's name and quality scores per perceel (never a price). */
  bidderNotice: BidderNotice | null;
}

export interface IntentionView {
  announcedOn: string;
  standstillDays: number;
  standstillEndsOn: string;
  /** First day of the definitive award; null while suspended. */
  firstAwardDay: string | null;
  state: StandstillState;
  suspendedOn: string | null;
  suspendedReason: string | null;
  awards: { lotId: string | null; applicationId: number; providerName: string; rank: number | null }[];
  reasons: IntentionReason[];
}

export interface BidderNotice {
  announcedOn: string;
  standstillEndsOn: string;
  state: StandstillState;
  lots: {
    lotId: string | null;
    lotName: string | null;
    ownRank: number | null;
    ranked: number;
    ownScores: Record<string, number>;
    chosen: boolean;
    winner: { providerName: string; scores: Record<string, number> } | null;
  }[];
}

/**
 * What a procurement command reads back for its caller once it has committed: by default the
 * procedure's detail (procedureDetail: what the screens show after the command); a caller that only
 * goes on with the next command passes a lighter reader (procedureVersions).
 */
export type ProcedureReadBack<T> = (db: Db, user: UserScope, regionId: string, procedureId: number, now: Date) => Promise<T>;

/** The default read-back: the detail, as the screens show it after a command. */
export const detailReadBack: ProcedureReadBack<ProcedureDetail> = (db, user, regionId, procedureId, now) =>
  procedureDetail(db, user, regionId, procedureId, now);

/** The versions a next command needs: the procedure's and its applications' (in the reader's scope). */
export interface ProcedureVersions {
  id: number;
  segmentId: string;
  status: string;
  version: number;
  config: ProcedureConfig;
  applications: { id: number; providerId: number; version: number }[];
}

/**
 * A procedure's versions and configuration and its applications' ids and versions: two reads
 * instead of the detail's seven (profile, procedure, applications, members, contracts, events,
 * awards), for a caller that runs command after command (the demo's procurement scripts, issue #14).
 */
export async function procedureVersions(db: Db, user: UserScope, regionId: string, procedureId: number): Promise<ProcedureVersions> {
  const scope = readScope(user, regionId);
  const row = await loadProcedure(db, regionId, procedureId);
  const vis = procedureVisibility(user, { status: row.status });
  const apps =
    vis.applications === 'geen'
      ? []
      : await db
          .select({ id: applications.id, providerId: applications.providerId, version: applications.version })
          .from(applications)
          .where(
            and(
              eq(applications.procedureId, row.id),
              eq(applications.regionId, row.regionId),
              scope.providerId !== null ? eq(applications.providerId, scope.providerId) : undefined,
            ),
          )
          .orderBy(asc(applications.id));
  return { id: row.id, segmentId: row.segmentId, status: row.status, version: row.version, config: configOf(row), applications: apps };
}

/** One procedure in the reader's scope; `now` dates the standstill state (default: the clock). */
export async function procedureDetail(db: Db, user: UserScope, regionId: string, procedureId: number, now: Date = new Date()): Promise<ProcedureDetail> {
  const scope = readScope(user, regionId);
  const profile = await loadRegionProfile(db, regionId);
  const row = await loadProcedure(db, regionId, procedureId);
  const seg = segmentOf(profile, row.segmentId);
  const soort = soortOf(row);
  const cfg = configOf(row);
  // Who sees which applications, bids, rankings and award scores: src/domain/access/visibility.ts.
  const vis = procedureVisibility(user, { status: row.status });
  const loaded = await loadApplications(db, row, scope);
  const counts: Record<string, number> = {};
  for (const a of loaded) counts[a.status] = (counts[a.status] ?? 0) + 1;
  const apps =
    vis.applications === 'geen' ? [] : loaded.map((a) => (vis.bids ? a : { ...a, checks: [], planScore: null, priceCents: null, scores: {}, emviTotal: null }));
  const state = stateOf(row);
  const phases = PHASES[soort];
  const at = phases.indexOf(state.status);
  const ownIds = new Set(apps.map((a) => a.id));
  // In the order things happened (the demo records some steps of different dates interleaved), then as recorded.
  const events = await db
    .select()
    .from(procedureEvents)
    .where(eq(procedureEvents.procedureId, row.id))
    .orderBy(asc(procedureEvents.at), asc(procedureEvents.id));
  const awardRows = await db
    .select({ a: awards, providerName: providers.name })
    .from(awards)
    .innerJoin(providers, eq(providers.id, awards.providerId))
    .where(and(eq(awards.procedureId, row.id), scope.providerId !== null ? eq(awards.providerId, scope.providerId) : undefined))
    .orderBy(asc(awards.lotId));
  return {
    ...summary(row, counts),
    regionId,
    segmentName: seg.naam,
    applicationKind: applicationKind(soort),
    config: cfg,
    phases: [...phases, ...(state.status === 'ingetrokken' ? ['ingetrokken' as const] : [])].map((p, i) => ({
      status: p,
      label: STATUS_LABELS[p],
      reached: state.status === 'ingetrokken' ? p === 'ingetrokken' || i === 0 : i <= at,
      current: p === state.status,
    })),
    mayChange: scope.mayChange,
    allowedActions: scope.mayChange ? allowedActions(state) : [],
    lots: seg.percelen.filter((l) => cfg.percelen.includes(l.id)).map((l) => ({ id: l.id, name: l.naam })),
    lotRules: lotRules(profile, seg),
    // A provider sees the procedure's own events and those about its own applications.
    events: events
      .filter(
        (e) =>
          vis.applications === 'alle' ||
          !(e.data as { applicationId?: number } | null)?.applicationId ||
          ownIds.has((e.data as { applicationId: number }).applicationId),
      )
      .map((e) => ({
        at: e.at.toISOString(),
        byUser: e.byUser,
        action: e.action,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        reason: scope.providerId !== null && e.action === 'voornemen-gunning' ? null : e.reason,
      })),
    applications: apps.map((a) => ({
      ...a,
      admission: soort === 'open-house' || soort === 'bestuurlijk-aanbesteden' ? (a.status === 'ingediend' ? admissionRefusals(cfg, a) : []) : null,
    })),
    ranking: vis.ranking && scope.providerId === null && cfg.emvi ? ranking(cfg, apps) : null,
    awards:
      vis.awards === 'geen'
        ? []
        : awardRows.map(({ a, providerName }) => ({
            applicationId: a.applicationId,
            providerId: a.providerId,
            providerName,
            lotId: a.lotId,
            emviScore: vis.awardScores ? a.emviScore : null,
            awardedOn: a.awardedOn,
            contractId: a.contractId,
          })),
    // The intention (with ranks) only for procurement roles; a bidder gets its own notice.
    ...(vis.ranking || scope.providerId !== null
      ? await intentionViews(db, row, scope, cfg, seg, ownIds, dutchDate(now))
      : { intention: null, bidderNotice: null }),
  };
}

/** The intention for the contract manager, and the notice a bidder gets (own scores and rank, the chosen party's name and quality scores). */
async function intentionViews(
  db: Db,
  row: ProcedureRow,
  scope: ReadScope,
  cfg: ProcedureConfig,
  seg: ReturnType<typeof segmentOf>,
  ownIds: Set<number>,
  today: string,
): Promise<{ intention: IntentionView | null; bidderNotice: BidderNotice | null }> {
  const i = row.intention as Intention | null;
  if (!i || (row.status !== 'gunning' && row.status !== 'beoordeling')) return { intention: null, bidderNotice: null };
  const state = standstillState(i, today);
  const all = await db
    .select({ a: applications, providerName: providers.name })
    .from(applications)
    .innerJoin(providers, eq(providers.id, applications.providerId))
    .where(and(eq(applications.procedureId, row.id), inArray(applications.status, TENDER_STATUSES.concat(['ingediend', 'geselecteerd']))));
  const tenders = all
    .filter(({ a }) => TENDER_STATUSES.includes(a.status))
    .map(({ a }) => ({
      applicationId: a.id,
      providerId: a.providerId,
      lotIds: a.lotIds,
      submittedOn: a.submittedOn,
      priceCents: a.priceCents,
      scores: a.scores as Record<string, number>,
    }));
  const rk = rankingOf(cfg, tenders);
  const nameOf = (id: number) => all.find((x) => x.a.id === id)?.providerName ?? `aanmelding ${id}`;
  const rankIn = (lotId: string | null, appId: number) => rk?.[lotId ?? '-']?.find((r) => r.applicationId === appId)?.rank ?? null;
  if (scope.providerId === null) {
    return {
      intention: {
        announcedOn: i.announcedOn,
        standstillDays: i.standstillDays,
        standstillEndsOn: i.standstillEndsOn,
        firstAwardDay: firstAwardDay(i),
        state,
        suspendedOn: i.suspendedOn,
        suspendedReason: i.suspendedReason,
        awards: i.awards.map((x) => ({
          lotId: x.lotId,
          applicationId: x.applicationId,
          providerName: nameOf(x.applicationId),
          rank: rankIn(x.lotId, x.applicationId),
        })),
        reasons: i.reasons,
      },
      bidderNotice: null,
    };
  }
  // Quality scores only: the price points (and totals that include them) would reveal the lowest price.
  const quality = new Set((cfg.emvi?.criteria ?? []).filter((c) => c.soort === 'kwaliteit').map((c) => c.id));
  const qualityScores = (appId: number) =>
    Object.fromEntries(Object.entries((all.find((x) => x.a.id === appId)?.a.scores ?? {}) as Record<string, number>).filter(([k]) => quality.has(k)));
  const own = all.filter((x) => ownIds.has(x.a.id));
  const lots = (cfg.percelen.length > 0 ? cfg.percelen : [null]).filter((l) => own.some((o) => l === null || o.a.lotIds.includes(l)));
  return {
    intention: null,
    bidderNotice: {
      announcedOn: i.announcedOn,
      standstillEndsOn: i.standstillEndsOn,
      state,
      lots: lots.map((lotId) => {
        const mine = own.find((o) => lotId === null || o.a.lotIds.includes(lotId))!;
        const chosen = i.awards.find((x) => x.lotId === lotId);
        return {
          lotId,
          lotName: seg.percelen.find((l) => l.id === lotId)?.naam ?? null,
          ownRank: rankIn(lotId, mine.a.id),
          ranked: rk?.[lotId ?? '-']?.length ?? 0,
          ownScores: qualityScores(mine.a.id),
          chosen: chosen?.applicationId === mine.a.id,
          winner: chosen ? { providerName: nameOf(chosen.applicationId), scores: qualityScores(chosen.applicationId) } : null,
        };
      }),
    },
  };
}

/** The lot and partner rules of the segment that the award checks (shown on the award screen). */
function lotRules(profile: Awaited<ReturnType<typeof loadRegionProfile>>, seg: ReturnType<typeof segmentOf>): ProcedureDetail['lotRules'] {
  const out: ProcedureDetail['lotRules'] = [];
  const ap = seg.aantalPartners;
  if (!isOpen(ap)) {
    const range =
      ap.max === null || ap.max === undefined
        ? `minimaal ${ap.min ?? 0}, geen maximum`
        : ap.min !== undefined && ap.min === ap.max
          ? `precies ${ap.min}`
          : `${ap.min ?? 0} tot ${ap.max}`;
    out.push({ ruleId: 'aantalPartners', type: 'aantalPartners', description: `Aantal contractpartners: ${range}`, source: source(ap.bron) });
  }
  for (const r of [...seg.regels, ...profile.regels]) {
    if (r.type === 'partners-per-perceel')
      out.push({ ruleId: r.id, type: r.type, description: `Maximaal ${r.max} contractpartner(s) per perceel`, source: source(r.bron) });
    if (r.type === 'percelen-verschillend')
      out.push({ ruleId: r.id, type: r.type, description: `Percelen ${r.percelen.join(' en ')} gaan naar verschillende partijen`, source: source(r.bron) });
    if (r.type === 'consortium-samenstelling')
      out.push({ ruleId: r.id, type: r.type, description: `Samenwerkingsverband bevat: ${r.vereist.join(' + ')}`, source: source(r.bron) });
  }
  return out;
}

function ranking(cfg: ProcedureConfig, apps: Omit<ApplicationView, 'admission'>[]): Record<string, RankedTender[]> {
  const tenders = apps
    .filter((a) => TENDER_STATUSES.includes(a.status))
    .map((a) => ({ applicationId: a.id, providerId: a.providerId, lotIds: a.lotIds, submittedOn: a.submittedOn, priceCents: a.priceCents, scores: a.scores }));
  return rankingOf(cfg, tenders) ?? {};
}

/** The applications of a procedure in the reader's scope, with consortium members and EMVI totals. */
export async function loadApplications(db: Db, row: ProcedureRow, scope: ReadScope): Promise<Omit<ApplicationView, 'admission'>[]> {
  const rows = await db
    .select({ a: applications, providerName: providers.name })
    .from(applications)
    .innerJoin(providers, eq(providers.id, applications.providerId))
    .where(
      and(
        eq(applications.procedureId, row.id),
        eq(applications.regionId, row.regionId),
        scope.providerId !== null ? eq(applications.providerId, scope.providerId) : undefined,
      ),
    )
    .orderBy(asc(applications.id));
  const ids = rows.map((r) => r.a.id);
  const members =
    ids.length === 0 ? [] : await db.select().from(consortiumMembers).where(inArray(consortiumMembers.applicationId, ids)).orderBy(asc(consortiumMembers.id));
  const cfg = configOf(row);
  const made =
    ids.length === 0
      ? []
      : await db
          .select({ id: contracts.id, providerId: contracts.providerId })
          .from(contracts)
          .where(and(eq(contracts.procedureId, row.id), eq(contracts.regionId, row.regionId)))
          .orderBy(asc(contracts.id));
  const tenders = rows.map(({ a }) => ({
    applicationId: a.id,
    providerId: a.providerId,
    lotIds: a.lotIds,
    submittedOn: a.submittedOn,
    priceCents: a.priceCents,
    scores: a.scores as Record<string, number>,
  }));
  // EMVI totals are relative to the lowest price of all tenders: a provider sees none (it would reveal others' prices).
  const emvi =
    cfg.emvi && scope.providerId === null
      ? new Map(scoreTenders(cfg.emvi.criteria, cfg.emvi.schaalMax, tenders).map((s) => [s.applicationId, s.total]))
      : new Map<number, number | null>();
  return rows.map(({ a, providerName }) => ({
    id: a.id,
    providerId: a.providerId,
    providerName,
    lotIds: a.lotIds,
    status: a.status,
    submittedOn: a.submittedOn,
    decidedOn: a.decidedOn,
    decisionReason: a.decisionReason,
    checks: a.checks as ApplicationView['checks'],
    planScore: a.planScore,
    priceCents: a.priceCents,
    scores: a.scores as Record<string, number>,
    emviTotal: emvi.get(a.id) ?? null,
    members: members.filter((m) => m.applicationId === a.id).map((m) => ({ name: m.name, kind: m.kind, role: m.role, providerId: m.providerId })),
    contractIds: made.filter((c) => c.providerId === a.providerId).map((c) => c.id),
    version: a.version,
  }));
}
