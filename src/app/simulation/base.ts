/**
 * The base of a simulation, read from the database: the region's actual allocations, settled
 * declaration lines (approved, signed, per allocation and month), paid schedule items, allocation
 * outcomes (goal attainment), ceilings in force and the budget framework, over whole years.
 *
 * The actual spend is defined as GET .../spend defines it: approved lines by begindatum in the year
 * plus schedule items of the year due on or before the reference date.
 */
import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { allocationOutcomes, allocations, ceilings, declarationLines, municipalities, paymentSchedule, providers, segments } from '../../db/schema.js';
import type { BaseData, BaseTrajectory } from '../../domain/simulation/engine.js';
import { loadRegionProfile } from '../landscape.js';
import { careBudget, frameworkParameters } from '../funding/budget-framework.js';
import { regionParameters } from '../funding/parameters.js';
import { demoScale } from '../funding/demo-scale.js';

const UNKNOWN_SEGMENT = '?';

export async function loadBase(db: Db, regionId: string, years: number[], asOf: string): Promise<BaseData> {
  const first = years[0]!;
  const last = years[years.length - 1]!;
  const from = `${first}-01-01`;
  const to = `${last}-12-31`;

  const segRows = await db.select({ id: segments.id, name: segments.name }).from(segments).where(eq(segments.regionId, regionId)).orderBy(segments.position);
  const provRows = await db
    .select({ id: providers.id, agb: providers.agbCode, name: providers.name })
    .from(providers)
    .where(eq(providers.regionId, regionId))
    .orderBy(providers.id);
  const munRows = await db
    .select({ code: municipalities.code, name: municipalities.name, inhabitants: municipalities.inhabitants })
    .from(municipalities)
    .where(eq(municipalities.regionId, regionId))
    .orderBy(municipalities.code);

  const segList = segRows.map((s) => ({ id: s.id, name: s.name }));
  const segIdx = new Map(segList.map((s, i) => [s.id, i]));
  const segOf = (id: string | null) => {
    const key = id ?? UNKNOWN_SEGMENT;
    if (!segIdx.has(key)) {
      segIdx.set(key, segList.length);
      segList.push({ id: key, name: key === UNKNOWN_SEGMENT ? 'Onbekend segment' : key });
    }
    return segIdx.get(key)!;
  };
  const provList = provRows.map((p) => ({ id: p.id, agb: p.agb, name: p.name }));
  const provByAgb = new Map(provList.map((p, i) => [p.agb, i]));
  const provById = new Map(provList.map((p, i) => [p.id, i]));
  const provOf = (agb: string) => {
    if (!provByAgb.has(agb)) {
      // A sender that is not a known provider of the region: kept under its AGB code (negative id).
      provByAgb.set(agb, provList.length);
      provList.push({ id: -Number(agb), agb, name: `AGB ${agb}` });
    }
    return provByAgb.get(agb)!;
  };
  const munList = munRows.map((m) => ({ code: m.code, name: m.name, inhabitants: m.inhabitants }));
  const munIdx = new Map(munList.map((m, i) => [m.code, i]));

  // Approved lines per allocation, product category and month (signed amounts).
  const lines = await db
    .select({
      nummer: declarationLines.toewijzingNummer,
      agb: declarationLines.providerAgb,
      seg: declarationLines.segmentId,
      mun: declarationLines.municipalityCode,
      cat: declarationLines.productCategorie,
      ym: sql<number>`(extract(year from ${declarationLines.begindatum})::int * 12 + extract(month from ${declarationLines.begindatum})::int - 1)`,
      cents: sql<string>`sum(${declarationLines.amountCents})`,
    })
    .from(declarationLines)
    .where(
      and(
        eq(declarationLines.regionId, regionId),
        eq(declarationLines.approved, true),
        gte(declarationLines.begindatum, from),
        lte(declarationLines.begindatum, to),
      ),
    )
    .groupBy(sql`1`, sql`2`, sql`3`, sql`4`, sql`5`, sql`6`)
    .orderBy(sql`1`, sql`2`, sql`3`, sql`4`, sql`5`, sql`6`);

  const allocRows = await db
    .select({ nummer: allocations.toewijzingNummer, youthId: allocations.youthId, start: allocations.ingangsdatum, end: allocations.einddatum })
    .from(allocations)
    .where(
      and(
        eq(allocations.regionId, regionId),
        lte(allocations.ingangsdatum, to),
        sql`(${allocations.einddatum} is null or ${allocations.einddatum} >= ${from})`,
      ),
    );
  const allocByNummer = new Map(allocRows.map((a) => [a.nummer, a]));
  const goalRows = await db
    .select({ nummer: allocationOutcomes.toewijzingNummer, pct: sql<string | null>`avg(${allocationOutcomes.doelrealisatiePct})` })
    .from(allocationOutcomes)
    .where(and(eq(allocationOutcomes.regionId, regionId), sql`${allocationOutcomes.doelrealisatiePct} is not null`))
    .groupBy(allocationOutcomes.toewijzingNummer);
  const goalByNummer = new Map(goalRows.map((g) => [g.nummer, g.pct === null ? null : Number(g.pct) / 100]));

  const trajectories: BaseTrajectory[] = [];
  let current: (BaseTrajectory & { key: string; m: number[]; c: number[] }) | null = null;
  const base0 = first * 12;
  for (const l of lines) {
    const key = `${l.nummer}|${l.agb}|${l.seg}|${l.mun}|${l.cat}`;
    if (!current || current.key !== key) {
      const a = allocByNummer.get(l.nummer);
      current = {
        key,
        seg: segOf(l.seg),
        prov: provOf(l.agb),
        mun: l.mun !== null && munIdx.has(l.mun) ? munIdx.get(l.mun)! : munList.length,
        cat: l.cat,
        client: a?.youthId ?? -l.nummer,
        start: a?.start ?? '',
        end: a?.end ?? undefined,
        goal: goalByNummer.get(l.nummer) ?? null,
        months: [],
        cents: [],
        m: [],
        c: [],
      };
      trajectories.push(current);
    }
    current.m.push(Number(l.ym) - base0);
    current.c.push(Number(l.cents));
  }
  for (const t of trajectories as (BaseTrajectory & { key?: string; m?: number[]; c?: number[] })[]) {
    t.months = Int16Array.from(t.m!);
    t.cents = Float64Array.from(t.c!);
    delete t.key;
    delete t.m;
    delete t.c;
  }

  // Paid schedule items (due on or before the reference date, as the spend report counts them).
  const schedRows = await db
    .select({ seg: paymentSchedule.segmentId, prov: paymentSchedule.providerId, period: paymentSchedule.period, cents: paymentSchedule.amountCents })
    .from(paymentSchedule)
    .where(and(eq(paymentSchedule.regionId, regionId), gte(paymentSchedule.period, from), lte(paymentSchedule.period, to), lte(paymentSchedule.dueDate, asOf)));
  const schedules = schedRows.map((s) => ({
    seg: segOf(s.seg),
    prov: provById.get(s.prov) ?? provOf(`id${s.prov}`),
    month: Number(s.period.slice(0, 4)) * 12 + Number(s.period.slice(5, 7)) - 1 - base0,
    cents: s.cents,
  }));

  const ceilRows = await db
    .select()
    .from(ceilings)
    .where(and(eq(ceilings.regionId, regionId), gte(ceilings.year, first), lte(ceilings.year, last)));
  const ceilingList = ceilRows.map((c) => ({
    year: c.year,
    seg: c.segmentId !== null ? segOf(c.segmentId) : null,
    prov: c.providerId !== null ? (provById.get(c.providerId) ?? null) : null,
    cents: c.amountCents,
  }));

  // Care budget per municipality (budget framework), scaled like the spend report for a demo at scale.
  const profile = await loadRegionProfile(db, regionId);
  const params = frameworkParameters(profile, await regionParameters(db, regionId, profile));
  const scale = await demoScale(db, regionId);
  const budgets: BaseData['budgets'] = [];
  munList.forEach((m, i) => {
    for (const year of years) {
      const b = careBudget(profile, m.code, year, params);
      if (b !== undefined) budgets.push({ mun: i, year, cents: scale === null || scale === 1 ? b : Math.round(b * scale) });
    }
  });

  return { years, segments: segList, providers: provList, municipalities: munList, trajectories, schedules, ceilings: ceilingList, budgets };
}
