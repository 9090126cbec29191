/**
 * Award use cases: checking a proposed award per perceel (for the live checks of the award screen)
 * and making it. The award is one transaction: the procedure row is locked and its version checked,
 * every lot constraint of the profile is checked by the domain (a violation -> 422 with the
 * violations listed, nothing written), then the awards, the contracts (procedure_id, contract type,
 * conditions from `contractvoorwaarde` rules, term and extension options from the profile's
 * looptijd) and the consortium members on the contract are written, and the procedure moves to
 * gegund (sas-dialoog) or verleend (subsidie).
 *
 * A contract for the same provider, segment, lot and start date that is already registered without
 * a procedure (e.g. the region's existing contract data) is linked to the procedure instead of
 * duplicated.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.js';
import { contracts, providers } from '../../db/schema.js';
import { applications, awards, consortiumMembers } from '../../db/schema-procurement.js';
import type { UserScope } from '../../domain/access/roles.js';
import { checkProcedureAward, type AwardApplication, type AwardCheck, type ProposedAward } from '../../domain/procurement/award.js';
import { rankingOf, rankLot, scoreTenders, type Tender } from '../../domain/procurement/emvi.js';
import {
  announce,
  definitiveAwardRefusal,
  INTENTION_RULE,
  intentionReasons,
  isWrittenReason,
  resume,
  sameAwards,
  STANDSTILL_RULE,
  suspend,
  type Intention,
} from '../../domain/procurement/intention.js';
import { cite, type Refusal } from '../../domain/procurement/sources.js';
import { source, type Source } from '../../domain/landscape/landscape.js';
import { TENDER_STATUSES, transition, type ApplicationStatus } from '../../domain/procurement/procedure.js';
import type { ProcedureConfig } from '../../domain/procurement/config.js';
import { isOpen, type SegmentProfile } from '../../domain/landscape/profile-schema.js';
import { dutchDate, maxDate } from '../../domain/dates.js';
import { loadRegionProfile } from '../landscape.js';
import {
  checkVersion,
  configOf,
  Conflict,
  describeRefusal,
  loadProcedure,
  recordEvent,
  requireChange,
  RuleRefused,
  segmentOf,
  soortOf,
  stateOf,
  touchProcedure,
  type ProcedureRow,
} from './common.js';
import { detailReadBack, type ProcedureDetail, type ProcedureReadBack } from './procedures.js';

async function awardApplications(db: Tx, row: ProcedureRow): Promise<AwardApplication[]> {
  const rows = await db
    .select({
      id: applications.id,
      providerId: applications.providerId,
      providerName: providers.name,
      status: applications.status,
      lotIds: applications.lotIds,
    })
    .from(applications)
    .innerJoin(providers, eq(providers.id, applications.providerId))
    .where(eq(applications.procedureId, row.id));
  const ids = rows.map((r) => r.id);
  const members =
    ids.length === 0
      ? []
      : await db
          .select({ applicationId: consortiumMembers.applicationId, kind: consortiumMembers.kind })
          .from(consortiumMembers)
          .where(inArray(consortiumMembers.applicationId, ids));
  return rows.map((r) => ({ ...r, status: r.status as ApplicationStatus, memberKinds: members.filter((m) => m.applicationId === r.id).map((m) => m.kind) }));
}

/** The violations a proposed award would meet (empty = it may be made); changes nothing. */
export async function checkAward(
  db: Db,
  user: UserScope,
  regionId: string,
  procedureId: number,
  proposed: ProposedAward[],
): Promise<{ violations: AwardCheck[] }> {
  requireChange(user, regionId);
  const profile = await loadRegionProfile(db, regionId);
  const row = await loadProcedure(db, regionId, procedureId);
  const seg = segmentOf(profile, row.segmentId);
  const apps = await awardApplications(db, row);
  return { violations: checkProcedureAward(profile, seg, soortOf(row), configOf(row), apps, proposed) };
}

/** The standstill days of the segment's procedure in the profile, or a refusal when the profile has none. */
function standstillOf(seg: SegmentProfile): { days: number; source: Source } {
  const p = seg.procedure;
  const t = isOpen(p) ? undefined : p.opschortendeTermijn;
  if (!t)
    throw new RuleRefused(
      [
        {
          ruleId: STANDSTILL_RULE,
          message: `het profiel legt voor ${seg.naam} geen opschortende termijn vast (procedure.opschortendeTermijn); zonder termijn kan geen voornemen tot gunning worden bekendgemaakt`,
        },
      ],
      'Voornemen geweigerd',
    );
  return { days: t.kalenderdagen, source: source(t.bron) };
}

/** Tenders that are not completely scored in a perceel that is proposed (the ranking would be incomplete). */
function unscored(cfg: ProcedureConfig, all: Tender[], proposed: readonly ProposedAward[]): Refusal[] {
  if (!cfg.emvi) return [];
  const out: Refusal[] = [];
  for (const s of scoreTenders(cfg.emvi.criteria, cfg.emvi.schaalMax, all)) {
    const t = all.find((x) => x.applicationId === s.applicationId)!;
    if (s.missing.length > 0 && proposed.some((p) => p.lotId === null || t.lotIds.includes(p.lotId))) {
      out.push({
        ruleId: 'emvi-criteria',
        message: `de inschrijving van aanmelding ${t.applicationId} is nog niet volledig gescoord (${s.missing.join(', ')}); score alle inschrijvingen voordat de rangorde vastligt`,
        source: cite(cfg.bronnen, 'sasEmvi'),
      });
    }
  }
  return out;
}

export interface IntentionInput {
  awards: ProposedAward[];
  /** Written reasons per perceel where the choice is not rank 1 of the EMVI ranking. */
  reasons?: { lotId: string | null; reason: string }[];
  version?: number;
}

/**
 * Announces the intention to award (voornemen tot gunning): every lot rule is checked as at award,
 * every tender of the proposed lots must be scored, a choice other than rank 1 needs a written
 * reason (422 otherwise), and the standstill of the profile starts today.
 */
export async function announceIntention<T = ProcedureDetail>(
  db: Db,
  user: UserScope,
  regionId: string,
  procedureId: number,
  input: IntentionInput,
  now: Date,
  readBack: ProcedureReadBack<T> = detailReadBack as ProcedureReadBack<T>,
): Promise<T> {
  requireChange(user, regionId);
  const profile = await loadRegionProfile(db, regionId);
  const today = dutchDate(now);
  await db.transaction(async (tx) => {
    const row = await loadProcedure(tx, regionId, procedureId, true);
    checkVersion('procedure', row.version, input.version);
    const soort = soortOf(row);
    const r = transition(stateOf(row), { type: 'gunnen' });
    if (!r.ok) throw new Conflict(describeRefusal(r.refusal), { violations: [r.refusal] });
    if (row.intention) throw new Conflict('er is al een voornemen tot gunning bekendgemaakt; trek het eerst in om een ander voornemen bekend te maken');
    const seg = segmentOf(profile, row.segmentId);
    const standstill = standstillOf(seg);
    const cfg = configOf(row);
    const apps = await awardApplications(tx, row);
    const violations = checkProcedureAward(profile, seg, soort, cfg, apps, input.awards);
    if (!cfg.looptijd)
      violations.push({ ruleId: 'looptijd-open', message: 'het profiel laat de looptijd open: leg eerst ingangs- en einddatum vast op de procedure' });
    const all = await tenders(tx, row);
    violations.push(...unscored(cfg, all, input.awards));
    if (violations.length > 0) throw new RuleRefused(violations, 'Voornemen tot gunning geweigerd');
    const reasons = intentionReasons(rankingOf(cfg, all), input.awards, input.reasons ?? [], cite(cfg.bronnen, 'sasEmvi'));
    if (!reasons.ok) throw new RuleRefused(reasons.refusals, 'Motivering ontbreekt');
    const intention = announce(input.awards, reasons.reasons, today, standstill.days);
    await touchProcedure(tx, row, now, { intention });
    await recordEvent(tx, row, user, now, {
      action: 'voornemen-gunning',
      reason: reasons.reasons.length > 0 ? reasons.reasons.map((x) => `${x.lotId ? `perceel ${x.lotId}: ` : ''}${x.reason}`).join(' | ') : null,
      data: { awards: input.awards, reasons: reasons.reasons, standstillDays: standstill.days, standstillEndsOn: intention.standstillEndsOn },
    });
  });
  return readBack(db, user, regionId, procedureId, now);
}

export type IntentionAction = { type: 'opschorten'; reden: string } | { type: 'hervatten'; reden?: string } | { type: 'intrekken'; reden: string };

/** Suspends (a bidder objects), resumes or withdraws the intention to award. */
export async function changeIntention<T = ProcedureDetail>(
  db: Db,
  user: UserScope,
  regionId: string,
  procedureId: number,
  action: IntentionAction,
  expectedVersion: number | undefined,
  now: Date,
  readBack: ProcedureReadBack<T> = detailReadBack as ProcedureReadBack<T>,
): Promise<T> {
  requireChange(user, regionId);
  const today = dutchDate(now);
  await db.transaction(async (tx) => {
    const row = await loadProcedure(tx, regionId, procedureId, true);
    checkVersion('procedure', row.version, expectedVersion);
    const current = row.intention as Intention | null;
    if (!current || (row.status !== 'gunning' && row.status !== 'beoordeling')) throw new Conflict('deze procedure heeft geen lopend voornemen tot gunning');
    let next: Intention | null;
    if (action.type === 'intrekken') {
      if (!isWrittenReason(action.reden))
        throw new RuleRefused([{ ruleId: INTENTION_RULE, message: 'intrekken van het voornemen vraagt een reden van minstens 10 tekens' }], 'Reden ontbreekt');
      next = null;
    } else {
      const step = action.type === 'opschorten' ? suspend(current, today, action.reden) : resume(current, today);
      if (!step.ok) {
        if (step.conflict) throw new Conflict(describeRefusal(step.refusal), { violations: [step.refusal] });
        throw new RuleRefused([step.refusal], 'Reden ontbreekt');
      }
      next = step.intention;
    }
    await touchProcedure(tx, row, now, { intention: next });
    const name = action.type === 'intrekken' ? 'voornemen-intrekken' : action.type === 'opschorten' ? 'termijn-opschorten' : 'termijn-hervatten';
    await recordEvent(tx, row, user, now, {
      action: name,
      reason: action.reden?.trim() || null,
      data: next ? { standstillEndsOn: next.standstillEndsOn } : { awards: current.awards },
    });
  });
  return readBack(db, user, regionId, procedureId, now);
}

/**
 * The definitive award, after the standstill of the intention: the awards of the intention (when
 * `proposed` is given it must be the same, else 409), 409 while the standstill runs or is
 * suspended, then the contracts (or linked registered contracts) are written and the procedure
 * moves to gegund (sas-dialoog) or verleend (subsidie).
 */
export async function awardProcedure<T = ProcedureDetail>(
  db: Db,
  user: UserScope,
  regionId: string,
  procedureId: number,
  proposed: ProposedAward[] | undefined,
  expectedVersion: number | undefined,
  now: Date,
  readBack: ProcedureReadBack<T> = detailReadBack as ProcedureReadBack<T>,
): Promise<T> {
  requireChange(user, regionId);
  const profile = await loadRegionProfile(db, regionId);
  const today = dutchDate(now);
  await db.transaction(async (tx) => {
    const row = await loadProcedure(tx, regionId, procedureId, true);
    checkVersion('procedure', row.version, expectedVersion);
    const soort = soortOf(row);
    const r = transition(stateOf(row), { type: 'gunnen' });
    if (!r.ok) throw new Conflict(describeRefusal(r.refusal), { violations: [r.refusal] });
    const seg = segmentOf(profile, row.segmentId);
    const intention = row.intention as Intention | null;
    const refusal = definitiveAwardRefusal(intention, today);
    if (refusal) throw new Conflict(describeRefusal(refusal), { violations: [refusal] });
    if (proposed && !sameAwards(intention!.awards, proposed))
      throw new Conflict('de definitieve gunning volgt het bekendgemaakte voornemen; trek het voornemen in om anders te gunnen', {
        violations: [{ ruleId: INTENTION_RULE, message: 'gunning wijkt af van het voornemen' }],
      });
    const awarded = intention!.awards;
    const cfg = configOf(row);
    const apps = await awardApplications(tx, row);
    const violations = checkProcedureAward(profile, seg, soort, cfg, apps, awarded);
    if (violations.length > 0) throw new RuleRefused(violations, 'Gunning geweigerd');
    if (!cfg.looptijd)
      throw new RuleRefused(
        [{ ruleId: 'looptijd-open', message: 'het profiel laat de looptijd open: leg eerst ingangs- en einddatum vast op de procedure' }],
        'Gunning geweigerd',
      );
    // EMVI total at award (basis points): the awarded party's total in the ranking of that perceel (price relative to the lowest in the perceel).
    const all = cfg.emvi ? await tenders(tx, row) : [];
    const emviOf = (applicationId: number, lotId: string | null) =>
      cfg.emvi ? (rankLot(cfg.emvi.criteria, cfg.emvi.schaalMax, all, lotId).find((x) => x.applicationId === applicationId)?.total ?? null) : null;
    const byId = new Map(apps.map((a) => [a.id, a]));
    for (const p of awarded) {
      const app = byId.get(p.applicationId)!;
      const contractId = await contractFor(tx, {
        row,
        seg,
        cfg,
        providerId: app.providerId,
        lotId: p.lotId,
        applicationId: app.id,
        startDate: cfg.looptijd.startDate,
        today,
      });
      await tx.insert(awards).values({
        regionId,
        procedureId: row.id,
        applicationId: app.id,
        providerId: app.providerId,
        lotId: p.lotId,
        emviScore: emviOf(app.id, p.lotId),
        awardedOn: today,
        contractId,
      });
    }
    const winners = new Set(awarded.map((p) => p.applicationId));
    for (const a of apps) {
      const status = winners.has(a.id)
        ? soort === 'subsidie'
          ? 'toegekend'
          : 'gegund'
        : a.status === 'ingeschreven' || (soort === 'subsidie' && a.status === 'ingediend')
          ? 'niet-gegund'
          : null;
      if (status)
        await tx
          .update(applications)
          .set({ status, decidedOn: today, version: sql`${applications.version} + 1` })
          .where(eq(applications.id, a.id));
    }
    await touchProcedure(tx, row, now, { status: r.state.status, awardedOn: today });
    await recordEvent(tx, row, user, now, {
      action: 'gunnen',
      fromStatus: row.status,
      toStatus: r.state.status,
      data: { awards: awarded, announcedOn: intention!.announcedOn },
    });
  });
  return readBack(db, user, regionId, procedureId, now);
}

/** The tenders of a procedure (the applications that submitted one). */
async function tenders(tx: Tx, row: ProcedureRow): Promise<Tender[]> {
  const rows = await tx
    .select()
    .from(applications)
    .where(and(eq(applications.procedureId, row.id), inArray(applications.status, TENDER_STATUSES)));
  return rows.map((a) => ({
    applicationId: a.id,
    providerId: a.providerId,
    lotIds: a.lotIds,
    submittedOn: a.submittedOn,
    priceCents: a.priceCents,
    scores: a.scores as Record<string, number>,
  }));
}

export interface ContractInput {
  row: ProcedureRow;
  seg: SegmentProfile;
  cfg: ProcedureConfig;
  providerId: number;
  lotId: string | null;
  applicationId: number;
  /** Contract start: the term's start at award, or the admission date during an open house's term. */
  startDate: string;
  today: string;
}

/**
 * Creates the contract of an award or admission (or links the matching registered contract) and
 * copies the application's consortium members onto it. Returns the contract id.
 */
export async function contractFor(tx: Tx, c: ContractInput): Promise<number> {
  const term = c.cfg.looptijd!;
  const startDate = maxDate(c.startDate, term.startDate);
  const values = {
    contractType: c.cfg.contractType,
    conditions: c.cfg.voorwaarden.map((v) => ({ id: v.id, omschrijving: v.omschrijving, regelId: v.regelId, ...(v.source ? { bron: v.source } : {}) })),
    procedureId: c.row.id,
  };
  const [existing] = await tx
    .select({ id: contracts.id })
    .from(contracts)
    .where(
      and(
        eq(contracts.regionId, c.row.regionId),
        eq(contracts.providerId, c.providerId),
        eq(contracts.segmentId, c.row.segmentId),
        c.lotId === null ? isNull(contracts.lotId) : eq(contracts.lotId, c.lotId),
        eq(contracts.startDate, startDate),
        isNull(contracts.procedureId),
      ),
    )
    .limit(1)
    .for('update');
  let contractId: number;
  if (existing) {
    await tx.update(contracts).set(values).where(eq(contracts.id, existing.id));
    contractId = existing.id;
  } else {
    const [ins] = await tx
      .insert(contracts)
      .values({
        regionId: c.row.regionId,
        providerId: c.providerId,
        segmentId: c.row.segmentId,
        lotId: c.lotId,
        startDate,
        endDate: term.endDate,
        extensionYears: term.extensionYears,
        fundingVariant: isOpen(c.seg.bekostiging) ? null : c.seg.bekostiging.variant,
        status: startDate > c.today ? 'gegund' : 'lopend',
        ...values,
      })
      .returning({ id: contracts.id });
    contractId = ins!.id;
  }
  const members = await tx.select().from(consortiumMembers).where(eq(consortiumMembers.applicationId, c.applicationId));
  const already = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(consortiumMembers)
    .where(eq(consortiumMembers.contractId, contractId));
  if (members.length > 0 && (already[0]?.n ?? 0) === 0) {
    await tx
      .insert(consortiumMembers)
      .values(members.map((m) => ({ regionId: m.regionId, contractId, providerId: m.providerId, name: m.name, kind: m.kind, role: m.role })));
  }
  return contractId;
}
