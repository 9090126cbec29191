/**
 * Setup of a demo region's funding, in one transaction and idempotent: allocations (toewijzingen)
 * for every client-level trajectory, numbered from toewijzing_nummer_seq (task-based care has no
 * client-level accounting, seed 003 §5.3.5); tariffs per provider, segment and product per year;
 * ceilings per provider (seed 004 §3.1/§3.3), per segment (seed 003 §6.3.5) and per provider in a
 * segment, derived from the demo's own allocated value (so they follow the demo scale); lump-sum
 * and availability schedules and the advances of result-based allocations (schedules.ts).
 */
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import { allocations, ceilings, tariffs, toewijzingNummerSeq } from '../db/schema.js';
import { indexed, valueAt } from '../domain/funding/models.js';
import { isOpen } from '../domain/landscape/profile-schema.js';
import { createSchedules, scheduleCaseload, scheduleResultAdvances, type ScheduleComponent, type ScheduleContract } from '../app/funding/schedules.js';
import { insertRows } from '../db/insert-rows.js';
import { withForeignKeysCheckedOnce } from './foreign-keys.js';
import { demoReason } from './outcomes.js';
import {
  CEILING_FACTOR,
  DEMO_COMPONENT_SHARES,
  DEMO_SCHEDULE_SHARES,
  SEGMENT_CEILING_FACTOR,
  TIGHT_CEILING_FACTOR,
  demoTariff,
} from './funding-assumptions.js';
import { contractKey, yearValue, type Plan, type PlanAllocation } from './funding-plan.js';

export async function setupDemoFunding(
  tx: Tx,
  regionId: string,
  plan: Plan,
  opts: {
    /** New allocations that ended before this date are written stopped, as ensureDemoOutcomes stops them (stop = end, demoReason). */
    stopEndedBefore?: string;
    /**
     * Called once every client-level allocation of the plan has its number (the plan's `nummer`),
     * before the rest of the setup is written: the declarations can be made from then on (the demo
     * starts its worker thread there, so it makes the first messages while this transaction goes on).
     */
    onNumbered?: () => void;
  } = {},
): Promise<{ tariffs: number; allocations: number; ceilings: number; scheduleRows: number; resultAdvances: number }> {
  const { profile } = plan;
  const counts = { tariffs: 0, allocations: 0, ceilings: 0, scheduleRows: 0, resultAdvances: 0 };
  const firstYear = Number(plan.from.slice(0, 4));
  const lastYear = plan.todayYear + 1;

  // Allocations: numbered from the sequence; existing demo allocations (by trajectory and start: a
  // trajectory may have one per year, funding-plan.ts DemoAllocationPeriod) are reused.
  const existing = await tx
    .select({ trajectoryId: allocations.trajectoryId, start: allocations.ingangsdatum, code: allocations.productCode, nummer: allocations.toewijzingNummer })
    .from(allocations)
    .where(and(eq(allocations.regionId, regionId), isNotNull(allocations.trajectoryId)));
  // With pieces (national set: a changed Omvang, a second product beside the trajectory's own) a trajectory has several, by start and product.
  const keyOf = (trajectoryId: number, start: string, code: string | null) =>
    plan.allocationPeriod === 'year' || plan.carePieces ? `${trajectoryId}|${start}|${code ?? ''}` : String(trajectoryId);
  const known = new Map(existing.map((e) => [keyOf(e.trajectoryId!, e.start, e.code), e.nummer]));
  const missing = plan.clientLevel.filter((a) => !known.has(keyOf(a.trajectoryId, a.start, a.code)));
  if (missing.length > 0) {
    const numbers = (await tx.execute(sql`select nextval(${toewijzingNummerSeq.seqName})::int as n from generate_series(1, ${missing.length})`)) as unknown as {
      rows: { n: number }[];
    };
    missing.forEach((a, i) => (a.nummer = Number(numbers.rows[i]!.n)));
    const nummers = missing.map((a) => a.nummer!);
    // Six foreign keys (region, youth, provider, contract, case, trajectory): checked once for the new allocations, not per row (foreign-keys.ts).
    const newAllocations = sql`t.region_id = ${regionId} and t.toewijzing_nummer between ${nummers.reduce((x, y) => Math.min(x, y))}::int and ${nummers.reduce((x, y) => Math.max(x, y))}::int`;
    await withForeignKeysCheckedOnce(tx, 'allocations', newAllocations, () =>
      insertRows(
        tx,
        allocations,
        missing.map((a) => ({
          regionId,
          toewijzingNummer: a.nummer!,
          youthId: a.youthId,
          providerId: a.providerId,
          contractId: a.contractId,
          segmentId: a.segmentId,
          municipalityCode: a.municipalityCode,
          trajectoryId: a.trajectoryId,
          productCategorie: a.categorie,
          productCode: a.code,
          ingangsdatum: a.start,
          einddatum: a.end,
          volume: a.omvang.volume,
          eenheid: a.omvang.eenheid,
          frequentie: a.omvang.frequentie,
          redenWijziging: a.redenWijziging ?? null,
          ...(opts.stopEndedBefore !== undefined && a.end !== null && a.end < opts.stopEndedBefore
            ? { stopdatum: a.end, redenBeeindiging: demoReason(a.nummer!) }
            : {}),
        })),
      ),
    );
    counts.allocations = missing.length;
  }
  for (const a of plan.clientLevel) a.nummer ??= known.get(keyOf(a.trajectoryId, a.start, a.code));
  opts.onNumbered?.();

  // Tariffs: per provider, segment and product in use, one row per year (validFrom 1 January),
  // attached to the provider's contract in force then (prices do not depend on the contract).
  const [hasTariffs] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(tariffs)
    .where(eq(tariffs.regionId, regionId));
  if (Number(hasTariffs?.n ?? 0) === 0) {
    const products = new Map<string, { providerId: number; segmentId: string; categorie: string; code: string; eenheid: string }>();
    const tariffFrom = new Map<string, number>();
    for (const a of plan.clientLevel) {
      const key = `${a.providerId}|${a.segmentId}|${a.code}|${a.omvang.eenheid}`;
      products.set(key, { providerId: a.providerId, segmentId: a.segmentId, categorie: a.categorie, code: a.code, eenheid: a.omvang.eenheid });
      tariffFrom.set(key, Math.min(tariffFrom.get(key) ?? 9999, Number(a.start.slice(0, 4))));
    }
    const rows: (typeof tariffs.$inferInsert)[] = [];
    for (const p of products.values()) {
      const own = plan.contracts
        .filter((c) => c.providerId === p.providerId && c.segmentId === p.segmentId)
        .sort((x, y) => x.startDate.localeCompare(y.startDate));
      // From the year the product's first allocation started: a result-based trajectory is priced at its start (schedules.ts).
      const first = Math.min(firstYear, tariffFrom.get(`${p.providerId}|${p.segmentId}|${p.code}|${p.eenheid}`) ?? firstYear);
      for (let year = first; year <= lastYear; year++) {
        const inForce = [...own].reverse().find((c) => c.startDate <= `${year}-12-31`) ?? own[0];
        rows.push({
          regionId,
          contractId: inForce?.id ?? null,
          providerId: p.providerId,
          segmentId: p.segmentId,
          productCategorie: p.categorie,
          productCode: p.code,
          eenheid: p.eenheid,
          priceCents: demoTariff(p.providerId, p.categorie, p.eenheid, year, plan.indexation),
          validFrom: `${year}-01-01`,
        });
      }
    }
    await insertRows(tx, tariffs, rows);
    counts.tariffs = rows.length;
  }

  // Ceilings: per provider (niveau aanbieder, seed 004 §3.1) over all its client-level care (the
  // settlement counts all approved lines of the provider), per segment (niveau segment, seed 003
  // §6.3.5), per provider and segment (niveau aanbieder-segment).
  const [hasCeilings] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(ceilings)
    .where(eq(ceilings.regionId, regionId));
  if (Number(hasCeilings?.n ?? 0) === 0) {
    const levels = new Map(
      profile.segmenten.map((s) => [
        s.id,
        !isOpen(s.bekostiging) && s.bekostiging.plafond && !isOpen(s.bekostiging.plafond) ? s.bekostiging.plafond.niveau : undefined,
      ]),
    );
    const value = (a: PlanAllocation, year: number) =>
      yearValue(a.omvang, a.start, a.end, year, (y) => demoTariff(a.providerId, a.categorie, a.omvang.eenheid, y, plan.indexation));
    const rows: (typeof ceilings.$inferInsert)[] = [];
    // The client-level allocations per provider, segment and both, once (in plan order, so every sum adds in the same order as a filter of the plan would).
    const groupBy = (key: (a: PlanAllocation) => string) => {
      const by = new Map<string, PlanAllocation[]>();
      for (const a of plan.clientLevel) {
        const k = key(a);
        const list = by.get(k);
        if (list) list.push(a);
        else by.set(k, [a]);
      }
      return by;
    };
    const byProvider = groupBy((a) => String(a.providerId));
    const bySegment = groupBy((a) => a.segmentId);
    const bySegmentProvider = groupBy((a) => `${a.segmentId}|${a.providerId}`);
    const sumOf = (list: readonly PlanAllocation[] | undefined, year: number) => (list ?? []).reduce((acc, a) => acc + value(a, year), 0);
    const providerCeiling = [...new Set(plan.contracts.filter((c) => levels.get(c.segmentId) === 'aanbieder').map((c) => c.providerId))].sort((x, y) => x - y);
    for (let year = firstYear; year <= plan.todayYear; year++) {
      providerCeiling.forEach((providerId, i) => {
        const total = sumOf(byProvider.get(String(providerId)), year);
        if (total > 0)
          rows.push({ regionId, providerId, segmentId: null, year, amountCents: Math.round(total * (i % 5 === 4 ? TIGHT_CEILING_FACTOR : CEILING_FACTOR)) });
      });
      for (const [segmentId, level] of levels) {
        if (level === 'segment' || level === 'perceel') {
          const total = sumOf(bySegment.get(segmentId), year);
          if (total > 0) rows.push({ regionId, providerId: null, segmentId, year, amountCents: Math.round(total * SEGMENT_CEILING_FACTOR) });
        }
        if (level === 'aanbieder-segment') {
          for (const providerId of new Set(plan.contracts.filter((c) => c.segmentId === segmentId).map((c) => c.providerId))) {
            const total = sumOf(bySegmentProvider.get(`${segmentId}|${providerId}`), year);
            if (total > 0) rows.push({ regionId, providerId, segmentId, year, amountCents: Math.round(total * CEILING_FACTOR) });
          }
        }
      }
    }
    await insertRows(tx, ceilings, rows);
    counts.ceilings = rows.length;
  }

  // Lump sums and availability components per contract (idempotent by the unique index).
  const share = (segmentId: string, component: ScheduleComponent, year: number): number | undefined => {
    const named = DEMO_COMPONENT_SHARES.filter((s) => s.segment === segmentId && s.aanvullend === component.aanvullend);
    if (named.length > 0) return named.find((s) => (s.fromYear ?? 0) <= year && year <= (s.toYear ?? 9999))?.share;
    if (component.model === 'beschikbaarheid') return DEMO_SCHEDULE_SHARES.availability.share;
    return component.aanvullend === null ? DEMO_SCHEDULE_SHARES.lumpsum.share : DEMO_SCHEDULE_SHARES.extraTaskBudget.share;
  };
  const lumpsumOf = (c: ScheduleContract) => plan.taskValue.get(contractKey(c.segmentId, c.providerId, c.lotId)) ?? 0;
  const schedules = await createSchedules(tx, regionId, {
    from: plan.from,
    yearlyCents: (c, component, year) => {
      if (component.model === 'groepsbudget') {
        // One budget for the group (parameter groepsbudget of the segment, per year).
        return valueAt(plan.parameters.series('groepsbudget', c.segmentId), `${year}-01-01`);
      }
      const s = share(c.segmentId, component, year);
      if (s === undefined) return undefined;
      const base = component.model === 'taakgericht' ? lumpsumOf(c) : (plan.clientValue.get(`${c.segmentId}|${c.providerId}`) ?? lumpsumOf(c));
      if (base === 0) return undefined;
      return indexed(Math.round(base * s), plan.referenceYear, year, plan.indexation);
    },
    // A discount on a segment's lump sum (parameter korting-lumpsum), from the new contracts on.
    discount: (c, component, year) =>
      component.aanvullend === null && c.status !== 'overgang' ? valueAt(plan.parameters.series('korting-lumpsum', c.segmentId), `${year}-01-01`) : undefined,
  });
  counts.scheduleRows = schedules.created;
  counts.resultAdvances = (await scheduleResultAdvances(tx, regionId, { from: plan.from })).created;
  if (plan.lastMonth) counts.scheduleRows += (await scheduleCaseload(tx, regionId, { from: plan.from, through: plan.lastMonth })).created;
  return counts;
}
