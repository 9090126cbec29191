/**
 * Reading contracts (contracts.ts re-exports these): the register with its filters and sorting, a
 * contract with its timeline, products, tariffs, conditions, members, changes and dialogues.
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { readsTogether } from '../../db/reads-together.js';
import type { Db, Tx } from '../../db/database.js';
import { contracts, providers, tariffs } from '../../db/schema.js';
import { applications, awards, consortiumMembers, contractChanges, dialogues, procedureEvents, procedures } from '../../db/schema-procurement.js';
import type { UserScope } from '../../domain/access/roles.js';
import { changeState } from '../../domain/contracts/changes.js';

import { statusOn, termView, type TermView } from '../../domain/contracts/term.js';
import { nlDate } from '../../domain/dates.js';
import { source, type Source } from '../../domain/landscape/landscape.js';
import type { Regel } from '../../domain/landscape/profile-schema.js';
import { NotFound } from '../errors.js';
import { loadRegionProfile } from '../landscape.js';
import { contractCeilings, type AppliedCeiling } from './ceilings.js';
import { contractScope, rulesFor, segmentName, type ContractScope } from './scope.js';

const CHANGE_STATE_TEXT = { aangekondigd: 'aangekondigd', 'van-kracht': 'van kracht', ingetrokken: 'ingetrokken' } as const;

export interface ContractSummary {
  id: number;
  providerId: number;
  providerName: string;
  agbCode: string;
  segmentId: string;
  segmentName: string;
  lotId: string | null;
  contractType: string | null;
  startDate: string;
  endDate: string;
  status: string;
  /** Status from the dates on the reference day: gegund, lopend, afgelopen. */
  state: 'gegund' | 'lopend' | 'afgelopen';
  term: TermView;
  /** contracts.ceiling_cents as recorded on the contract. */
  ceilingCents: number | null;
  /** The ceilings of this year that apply (provider and/or segment from the ceilings table, else ceilingCents) with spend to date. */
  ceilings: AppliedCeiling[];
  procedureId: number | null;
  pendingChanges: number;
}

export interface NoticeView {
  ruleId: string;
  months: number;
  source: Source;
}

/** The strictest notice period (`wijzigingstermijn`) among a segment's rules, or null. */
export function noticeOf(rules: readonly Regel[]): NoticeView | null {
  const wt = rules.flatMap((r) => (r.type === 'wijzigingstermijn' ? [r] : [])).sort((a, b) => b.maanden - a.maanden)[0];
  return wt ? { ruleId: wt.id, months: wt.maanden, source: source(wt.bron) } : null;
}

/** With a segment filter: the segment, its notice period and its segment-wide changes (for the segment change form). */
export interface SegmentChanges {
  id: string;
  name: string;
  notice: NoticeView | null;
  changes: ChangeView[];
}

export interface ContractFilter {
  segmentId?: string;
  providerId?: number;
  status?: 'gegund' | 'lopend' | 'afgelopen';
  q?: string;
  /** A key of CONTRACT_SORT_KEYS (contract-list.ts), `-key` descending; default segment, latest end first. */
  sort?: string;
  limit?: number;
  offset?: number;
}

function contractOrder(sort: string | undefined): SQL[] {
  if (!sort) return [asc(contracts.segmentId), desc(contracts.endDate), asc(providers.name), asc(contracts.id)];
  const dir = sort.startsWith('-') ? desc : asc;
  const col =
    { provider: providers.name, agb: providers.agbCode, segment: contracts.segmentId, start: contracts.startDate, end: contracts.endDate, id: contracts.id }[
      sort.replace(/^-/, '')
    ] ?? contracts.id;
  return [dir(col), asc(providers.name), asc(contracts.id)];
}

const scopeWhere = (s: ContractScope): SQL => (s.kind === 'provider' ? eq(contracts.providerId, s.providerId) : sql`true`);

function statusWhere(status: ContractFilter['status'], today: string): SQL {
  if (status === 'gegund') return sql`${contracts.startDate} > ${today}`;
  if (status === 'afgelopen') return sql`${contracts.endDate} < ${today}`;
  if (status === 'lopend') return sql`${contracts.startDate} <= ${today} and ${contracts.endDate} >= ${today}`;
  return sql`true`;
}

export async function listContracts(
  db: Db,
  user: UserScope,
  regionId: string,
  filter: ContractFilter,
  today: string,
): Promise<{ total: number; rows: ContractSummary[]; mayChange: boolean; segment?: SegmentChanges }> {
  const scope = await contractScope(db, user, regionId);
  const profile = await loadRegionProfile(db, regionId);
  const where = and(
    eq(contracts.regionId, regionId),
    scopeWhere(scope),
    filter.segmentId ? eq(contracts.segmentId, filter.segmentId) : sql`true`,
    filter.providerId !== undefined ? eq(contracts.providerId, filter.providerId) : sql`true`,
    statusWhere(filter.status, today),
    filter.q ? sql`(${providers.name} ilike ${'%' + filter.q.replace(/[%_\\]/g, (m) => '\\' + m) + '%'} or ${providers.agbCode} = ${filter.q})` : sql`true`,
  );
  // Independent reads together (issue #14: each round trip waits its turn under many users).
  const [[count], rows] = await readsTogether(db, [
    () =>
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(contracts)
        .innerJoin(providers, eq(providers.id, contracts.providerId))
        .where(where),
    () =>
      db
        .select({ c: contracts, providerName: providers.name, agbCode: providers.agbCode })
        .from(contracts)
        .innerJoin(providers, eq(providers.id, contracts.providerId))
        .where(where)
        .orderBy(...contractOrder(filter.sort))
        .limit(filter.limit ?? 200)
        .offset(filter.offset ?? 0),
  ]);
  const ids = rows.map((r) => r.c.id);
  const [pending, ceilingsBy] = await readsTogether(db, [
    () =>
      ids.length === 0
        ? Promise.resolve([])
        : db
            .select({ id: contractChanges.contractId, n: sql<number>`count(*)::int` })
            .from(contractChanges)
            .where(and(inArray(contractChanges.contractId, ids), eq(contractChanges.status, 'aangekondigd'), sql`${contractChanges.effectiveOn} > ${today}`))
            .groupBy(contractChanges.contractId),
    () =>
      contractCeilings(
        db,
        user,
        regionId,
        profile,
        rows.map((r) => r.c),
        today,
      ),
  ]);
  const pendingBy = new Map(pending.map((p) => [p.id, p.n]));
  let segment: SegmentChanges | undefined;
  if (filter.segmentId && profile.segmenten.some((x) => x.id === filter.segmentId)) {
    const wide = await db
      .select()
      .from(contractChanges)
      .where(and(eq(contractChanges.regionId, regionId), eq(contractChanges.segmentId, filter.segmentId), sql`${contractChanges.contractId} is null`))
      .orderBy(desc(contractChanges.announcedOn), desc(contractChanges.id));
    segment = {
      id: filter.segmentId,
      name: segmentName(profile, filter.segmentId),
      notice: noticeOf(rulesFor(profile, filter.segmentId)),
      changes: wide.map((x) => changeView(x, today)),
    };
  }
  return {
    total: count?.n ?? 0,
    mayChange: scope.mayChange,
    rows: rows.map((r) =>
      summary(r.c, r.providerName, r.agbCode, segmentName(profile, r.c.segmentId), today, pendingBy.get(r.c.id) ?? 0, ceilingsBy.get(r.c.id) ?? []),
    ),
    ...(segment ? { segment } : {}),
  };
}

function summary(
  c: typeof contracts.$inferSelect,
  providerName: string,
  agbCode: string,
  segName: string,
  today: string,
  pendingChanges: number,
  ceilings: AppliedCeiling[],
): ContractSummary {
  return {
    id: c.id,
    providerId: c.providerId,
    providerName,
    agbCode,
    segmentId: c.segmentId,
    segmentName: segName,
    lotId: c.lotId,
    contractType: c.contractType,
    startDate: c.startDate,
    endDate: c.endDate,
    status: c.status,
    state: statusOn(c, today),
    term: termView(c),
    ceilingCents: c.ceilingCents,
    ceilings,
    procedureId: c.procedureId,
    pendingChanges,
  };
}

export interface TimelineEvent {
  date: string;
  kind: 'procedure' | 'gunning' | 'start' | 'wijziging' | 'verlenging' | 'dialoog' | 'einde';
  title: string;
  detail?: string;
  ref?: { type: 'change' | 'dialogue' | 'procedure'; id: number };
}

export interface ChangeView {
  id: number;
  contractId: number | null;
  segmentId: string;
  kind: string;
  description: string;
  announcedOn: string;
  effectiveOn: string;
  status: string;
  state: 'aangekondigd' | 'van-kracht' | 'ingetrokken';
  byUser: string;
  data: unknown;
}

export interface ContractDetail extends ContractSummary {
  mayChange: boolean;
  conditions: { id: string; omschrijving: string; bron?: Source }[];
  products: { categorie: string; naam: string; eenheid?: string; bekostiging?: string }[];
  tariffs: { productCategorie: string; productCode: string | null; eenheid: string; priceCents: number; validFrom: string }[];
  members: { id: number; name: string; kind: string; role: string; providerId: number | null }[];
  changes: ChangeView[];
  dialogues: { id: number; kind: string; scheduledOn: string; status: string; heldOn: string | null }[];
  timeline: TimelineEvent[];
  procedure: { id: number; name: string; soort: string; status: string } | null;
  award: { awardedOn: string; emviScore: number | null; lotId: string | null } | null;
  /** The notice period that applies to changes of this contract, when the profile has one. */
  notice: NoticeView | null;
  consortiumRule: { ruleId: string; vereist: string[]; source: Source } | null;
}

export function changeView(c: typeof contractChanges.$inferSelect, today: string): ChangeView {
  return {
    id: c.id,
    contractId: c.contractId,
    segmentId: c.segmentId,
    kind: c.kind,
    description: c.description,
    announcedOn: c.announcedOn,
    effectiveOn: c.effectiveOn,
    status: c.status,
    state: changeState(c, today),
    byUser: c.byUser,
    data: c.data,
  };
}

export async function loadContract(db: Tx, scope: ContractScope, regionId: string, contractId: number, lock = false) {
  const q = db
    .select({ c: contracts, providerName: providers.name, agbCode: providers.agbCode, providerKind: providers.kind })
    .from(contracts)
    .innerJoin(providers, eq(providers.id, contracts.providerId))
    .where(and(eq(contracts.regionId, regionId), eq(contracts.id, contractId), scopeWhere(scope)));
  const [row] = lock ? await q.for('update', { of: contracts }) : await q;
  // Same answer for "does not exist" and "not yours".
  if (!row) throw new NotFound(`contract ${contractId} niet gevonden binnen uw bevoegdheid`);
  return row;
}

export async function contractDetail(db: Db, user: UserScope, regionId: string, contractId: number, today: string): Promise<ContractDetail> {
  const scope = await contractScope(db, user, regionId);
  const profile = await loadRegionProfile(db, regionId);
  const row = await loadContract(db, scope, regionId, contractId);
  const c = row.c;
  const seg = profile.segmenten.find((s) => s.id === c.segmentId);
  const rules = rulesFor(profile, c.segmentId);
  // The reads that do not depend on each other go out together: computed again after a change or
  // a declaration, the page was a chain of about a dozen round trips, each waiting its turn under
  // many users (issue #14).
  const [changes, dialogueRows, tariffRows, members, procedureAndEvents, [award], ceilingsBy] = await readsTogether(db, [
    () =>
      db
        .select()
        .from(contractChanges)
        .where(
          and(
            eq(contractChanges.regionId, regionId),
            eq(contractChanges.segmentId, c.segmentId),
            sql`(${contractChanges.contractId} = ${c.id} or ${contractChanges.contractId} is null)`,
          ),
        )
        .orderBy(asc(contractChanges.effectiveOn), asc(contractChanges.id)),
    () =>
      db
        .select({ id: dialogues.id, kind: dialogues.kind, scheduledOn: dialogues.scheduledOn, status: dialogues.status, heldOn: dialogues.heldOn })
        .from(dialogues)
        .where(and(eq(dialogues.regionId, regionId), eq(dialogues.contractId, c.id)))
        .orderBy(asc(dialogues.scheduledOn)),
    async () => {
      const own = await db
        .select()
        .from(tariffs)
        .where(and(eq(tariffs.regionId, regionId), eq(tariffs.contractId, c.id)))
        .orderBy(asc(tariffs.productCategorie), asc(tariffs.productCode), asc(tariffs.validFrom));
      if (own.length > 0) return own;
      return db
        .select()
        .from(tariffs)
        .where(
          and(eq(tariffs.regionId, regionId), eq(tariffs.providerId, c.providerId), eq(tariffs.segmentId, c.segmentId), sql`${tariffs.contractId} is null`),
        )
        .orderBy(asc(tariffs.productCategorie), asc(tariffs.validFrom));
    },
    () => db.select().from(consortiumMembers).where(eq(consortiumMembers.contractId, c.id)).orderBy(asc(consortiumMembers.id)),
    async () => {
      if (c.procedureId === null) return null;
      const [p] = await db
        .select()
        .from(procedures)
        .where(and(eq(procedures.id, c.procedureId), eq(procedures.regionId, regionId)));
      if (!p) return null;
      const [apps, events] = await readsTogether(db, [
        () =>
          db
            .select({ id: applications.id })
            .from(applications)
            .where(and(eq(applications.procedureId, p.id), eq(applications.providerId, c.providerId))),
        () => db.select().from(procedureEvents).where(eq(procedureEvents.procedureId, p.id)).orderBy(asc(procedureEvents.id)),
      ]);
      return { p, own: new Set(apps.map((x) => x.id)), events };
    },
    () =>
      db
        .select()
        .from(awards)
        .where(and(eq(awards.regionId, regionId), eq(awards.contractId, c.id))),
    () => contractCeilings(db, user, regionId, profile, [c], today),
  ]);
  let procedure: ContractDetail['procedure'] = null;
  const timeline: TimelineEvent[] = [];
  if (procedureAndEvents) {
    const { p, own } = procedureAndEvents;
    procedure = { id: p.id, name: p.name, soort: p.soort, status: p.status };
    // The procedure's own steps and the steps on this provider's application (not every other applicant's).
    const events = procedureAndEvents.events.filter((e) => {
      const appId = (e.data as { applicationId?: number } | null)?.applicationId;
      return appId === undefined ? true : own.has(appId);
    });
    for (const e of events)
      timeline.push({
        date: e.at.toISOString().slice(0, 10),
        kind: 'procedure',
        title: `${p.name}: ${e.action}${e.toStatus ? ` → ${e.toStatus}` : ''}`,
        ...(e.reason ? { detail: e.reason } : {}),
        ref: { type: 'procedure', id: p.id },
      });
  }
  if (award)
    timeline.push({
      date: award.awardedOn,
      kind: 'gunning',
      title: `Gegund${award.lotId ? ` (perceel ${award.lotId})` : ''}`,
      ...(award.emviScore !== null ? { detail: `EMVI-score ${(award.emviScore / 100).toFixed(1).replace('.', ',')}%` } : {}),
    });
  timeline.push({
    date: c.startDate,
    kind: 'start',
    title: 'Ingang contract',
    detail: `looptijd ${/^\d+(\+\d+)*$/.test(termView(c).label) ? `${termView(c).label} jaar` : termView(c).label}`,
  });
  const views = changes.map((x) => changeView(x, today));
  for (const ch of views) {
    timeline.push({
      date: ch.announcedOn,
      kind: ch.kind === 'verlenging' ? 'verlenging' : 'wijziging',
      title: `${ch.kind === 'verlenging' ? 'Verlenging gelicht' : `Wijziging (${ch.kind}) aangekondigd`}${ch.contractId === null ? ' voor het hele segment' : ''}`,
      detail: `${ch.description} — met ingang van ${nlDate(ch.effectiveOn)}; ${CHANGE_STATE_TEXT[ch.state as keyof typeof CHANGE_STATE_TEXT] ?? ch.state}`,
      ref: { type: 'change', id: ch.id },
    });
    if (ch.kind !== 'verlenging' && ch.state !== 'ingetrokken') {
      timeline.push({
        date: ch.effectiveOn,
        kind: 'wijziging',
        title: `Wijziging (${ch.kind}) ${ch.state === 'van-kracht' ? 'ingegaan' : 'gaat in'}`,
        detail: ch.description,
        ref: { type: 'change', id: ch.id },
      });
    }
  }
  for (const d of dialogueRows)
    timeline.push({ date: d.heldOn ?? d.scheduledOn, kind: 'dialoog', title: `${d.kind} (${d.status})`, ref: { type: 'dialogue', id: d.id } });
  timeline.push({
    date: c.endDate,
    kind: 'einde',
    title: 'Einde looptijd',
    detail:
      termView(c).remainingOptions.length > 1
        ? `nog ${termView(c).remainingOptions.length} verlengingsopties`
        : termView(c).remainingOptions.length === 1
          ? 'nog 1 verlengingsoptie'
          : 'geen verlengingsopties meer',
  });
  timeline.sort((a, b) => a.date.localeCompare(b.date));

  const cons = rules.find((r) => r.type === 'consortium-samenstelling');
  const conditions = [
    ...((c.conditions as { id: string; omschrijving: string; bron?: Source }[] | null) ?? []),
    ...rules.flatMap((r) => (r.type === 'contractvoorwaarde' ? [{ id: r.voorwaarde.id, omschrijving: r.voorwaarde.omschrijving, bron: source(r.bron) }] : [])),
  ].filter((x, i, all) => all.findIndex((y) => y.id === x.id) === i);
  return {
    ...summary(
      c,
      row.providerName,
      row.agbCode,
      seg?.naam ?? c.segmentId,
      today,
      views.filter((v) => v.state === 'aangekondigd').length,
      ceilingsBy.get(c.id) ?? [],
    ),
    mayChange: scope.mayChange,
    conditions,
    products: (seg?.producten ?? []).map((p) => ({
      categorie: p.categorie,
      naam: p.naam,
      ...(p.eenheid ? { eenheid: p.eenheid } : {}),
      ...(p.bekostiging ? { bekostiging: p.bekostiging } : {}),
    })),
    tariffs: tariffRows.map((t) => ({
      productCategorie: t.productCategorie,
      productCode: t.productCode,
      eenheid: t.eenheid,
      priceCents: t.priceCents,
      validFrom: t.validFrom,
    })),
    members: members.map((m) => ({ id: m.id, name: m.name, kind: m.kind, role: m.role, providerId: m.providerId })),
    changes: views,
    dialogues: dialogueRows,
    timeline,
    procedure,
    award: award ? { awardedOn: award.awardedOn, emviScore: award.emviScore, lotId: award.lotId } : null,
    notice: noticeOf(rules),
    consortiumRule: cons && cons.type === 'consortium-samenstelling' ? { ruleId: cons.id, vereist: cons.vereist, source: source(cons.bron) } : null,
  };
}
