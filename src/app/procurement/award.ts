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
import { applications, awards, consortiumMembers, contracts, providers } from '../../db/schema.js';
import type { UserScope } from '../../domain/access/roles.js';
import { checkProcedureAward, type AwardApplication, type AwardCheck, type ProposedAward } from '../../domain/procurement/award.js';
import { rankLot } from '../../domain/procurement/emvi.js';
import { transition, type ApplicationStatus, type ProcedureStatus } from '../../domain/procurement/procedure.js';
import type { ProcedureConfig } from '../../domain/procurement/config.js';
import { isOpen, type SegmentProfile } from '../../domain/landscape/profile-schema.js';
import { dutchDate, maxDate } from '../../domain/dates.js';
import { loadRegionProfile } from '../landscape.js';
import { checkVersion, configOf, Conflict, describeRefusal, loadProcedure, recordEvent, requireChange, RuleRefused, segmentOf, soortOf, touchProcedure, type ProcedureRow } from './common.js';
import { procedureDetail, type ProcedureDetail } from './procedures.js';

async function awardApplications(db: Db | Tx, row: ProcedureRow): Promise<AwardApplication[]> {
  const rows = await db
    .select({ id: applications.id, providerId: applications.providerId, providerName: providers.name, status: applications.status, lotIds: applications.lotIds })
    .from(applications)
    .innerJoin(providers, eq(providers.id, applications.providerId))
    .where(eq(applications.procedureId, row.id));
  const ids = rows.map((r) => r.id);
  const members = ids.length === 0 ? [] : await db.select({ applicationId: consortiumMembers.applicationId, kind: consortiumMembers.kind }).from(consortiumMembers).where(inArray(consortiumMembers.applicationId, ids));
  return rows.map((r) => ({ ...r, status: r.status as ApplicationStatus, memberKinds: members.filter((m) => m.applicationId === r.id).map((m) => m.kind) }));
}

/** The violations a proposed award would meet (empty = it may be made); changes nothing. */
export async function checkAward(db: Db, user: UserScope, regionId: string, procedureId: number, proposed: ProposedAward[]): Promise<{ violations: AwardCheck[] }> {
  requireChange(user, regionId);
  const profile = await loadRegionProfile(db, regionId);
  const row = await loadProcedure(db, regionId, procedureId);
  const seg = segmentOf(profile, row.segmentId);
  const apps = await awardApplications(db, row);
  return { violations: checkProcedureAward(profile, seg, soortOf(row), configOf(row), apps, proposed) };
}

/** Awards the procedure per perceel and creates (or links) the contracts; 422 with the violations when a constraint fails. */
export async function awardProcedure(db: Db, user: UserScope, regionId: string, procedureId: number, proposed: ProposedAward[], expectedVersion: number | undefined, now: Date): Promise<ProcedureDetail> {
  requireChange(user, regionId);
  const profile = await loadRegionProfile(db, regionId);
  const today = dutchDate(now);
  await db.transaction(async (tx) => {
    const row = await loadProcedure(tx, regionId, procedureId, true);
    checkVersion('procedure', row.version, expectedVersion);
    const soort = soortOf(row);
    const r = transition({ soort, status: row.status as ProcedureStatus, entryOpen: row.entryOpen }, { type: 'gunnen' });
    if (!r.ok) throw new Conflict(describeRefusal(r.refusal), { violations: [r.refusal] });
    const seg = segmentOf(profile, row.segmentId);
    const cfg = configOf(row);
    const apps = await awardApplications(tx, row);
    const violations = checkProcedureAward(profile, seg, soort, cfg, apps, proposed);
    if (violations.length > 0) throw new RuleRefused(violations, 'Gunning geweigerd');
    if (!cfg.looptijd) throw new RuleRefused([{ ruleId: 'looptijd-open', message: 'het profiel laat de looptijd open: leg eerst ingangs- en einddatum vast op de procedure' }], 'Gunning geweigerd');
    // EMVI total at award (basis points): the awarded party's total in the ranking of that perceel (price relative to the lowest in the perceel).
    const all = cfg.emvi ? await tenders(tx, row) : [];
    const emviOf = (applicationId: number, lotId: string | null) => (cfg.emvi ? (rankLot(cfg.emvi.criteria, cfg.emvi.schaalMax, all, lotId).find((x) => x.applicationId === applicationId)?.total ?? null) : null);
    const byId = new Map(apps.map((a) => [a.id, a]));
    for (const p of proposed) {
      const app = byId.get(p.applicationId)!;
      const contractId = await contractFor(tx, { row, seg, cfg, providerId: app.providerId, lotId: p.lotId, applicationId: app.id, startDate: cfg.looptijd.startDate, today });
      await tx.insert(awards).values({ regionId, procedureId: row.id, applicationId: app.id, providerId: app.providerId, lotId: p.lotId, emviScore: emviOf(app.id, p.lotId), awardedOn: today, contractId });
    }
    const winners = new Set(proposed.map((p) => p.applicationId));
    for (const a of apps) {
      const status = winners.has(a.id) ? (soort === 'subsidie' ? 'toegekend' : 'gegund') : a.status === 'ingeschreven' || (soort === 'subsidie' && a.status === 'ingediend') ? 'niet-gegund' : null;
      if (status) await tx.update(applications).set({ status, decidedOn: today, version: sql`${applications.version} + 1` }).where(eq(applications.id, a.id));
    }
    await touchProcedure(tx, row, now, { status: r.state.status, awardedOn: today });
    await recordEvent(tx, row, user, now, { action: 'gunnen', fromStatus: row.status, toStatus: r.state.status, data: { awards: proposed } });
  });
  return procedureDetail(db, user, regionId, procedureId);
}

async function tenders(tx: Tx, row: ProcedureRow) {
  const rows = await tx.select().from(applications).where(eq(applications.procedureId, row.id));
  return rows.map((a) => ({ applicationId: a.id, providerId: a.providerId, lotIds: a.lotIds, submittedOn: a.submittedOn, priceCents: a.priceCents, scores: a.scores as Record<string, number> }));
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
  const already = await tx.select({ n: sql<number>`count(*)::int` }).from(consortiumMembers).where(eq(consortiumMembers.contractId, contractId));
  if (members.length > 0 && (already[0]?.n ?? 0) === 0) {
    await tx.insert(consortiumMembers).values(members.map((m) => ({ regionId: m.regionId, contractId, providerId: m.providerId, name: m.name, kind: m.kind, role: m.role })));
  }
  return contractId;
}
