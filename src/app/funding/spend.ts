/**
 * Spend against budget and ceiling (seed 004 §3.3 budget ceilings per provider; seed 003 §6.3.5
 * a yearly ceiling per part), per provider, segment or municipality and year:
 *
 * - spent to date: approved declaration lines (signed, credits reverse) of the year, plus
 *   schedule items (lump sum, availability, result-based) due on or before the reference date;
 * - committed: what active allocations still allow within the year (remaining allocated volume
 *   x contract tariff, from the month after the last declared period until the allocation ends),
 *   plus schedule items of the year not yet due;
 * - forecast to year end: spent + the run rate of the last three declared months extrapolated over
 *   the months not yet declared + the schedule items not yet due.
 *
 * Declared amounts come from the read models spend_monthly and allocation_declared (kept current
 * on write by triggers on declaration_lines, migration 0009): no request scans the lines.
 *
 * Tenancy (DESIGN "Data principles"): regional roles see the region, a municipality its own
 * residents' lines, a provider its own lines and schedules; the local team has no funding view.
 */
import { readsTogether } from '../../db/reads-together.js';
import { and, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import {
  allocationDeclared,
  allocations,
  ceilings,
  municipalities,
  paymentSchedule,
  providers,
  regions,
  segments,
  spendMonthly,
  tariffs,
  UNKNOWN_KEY,
} from '../../db/schema.js';
import { keptPerDataVersion, SPEND_KINDS, type DataKind } from './kept.js';
import { dataScope, type UserScope } from '../../domain/access/roles.js';
import { valueAt } from '../../domain/funding/models.js';
import { allocatedVolume, forecastYear, volumeValue } from '../../domain/funding/forecast.js';
import { addDays, addMonths, maxDate, minDate } from '../../domain/dates.js';
import { Forbidden, NotFound } from '../errors.js';
import { isOpen } from '../../domain/landscape/profile-schema.js';
import { loadRegionProfile } from '../landscape.js';
import { careBudget, frameworkParameters, type FrameworkParameters } from '../../domain/funding/framework.js';
import { regionParameters } from './parameters.js';
import { demoScale, scaleText } from './demo-scale.js';

// ------------------------------------------------------------------------------------------------
// Tenancy

export type FundingView =
  | { kind: 'region'; label: string }
  | { kind: 'municipality'; municipalityCode: string; label: string }
  | { kind: 'provider'; providerId: number; agb: string; label: string };

/**
 * What part of a region's funding data a user may see. The local team (toegang) has no funding
 * view; users of another region none at all.
 */
export async function fundingView(db: Db, user: UserScope, regionId: string, allowed: FundingView['kind'][]): Promise<FundingView> {
  const [region] = await db.select({ id: regions.id, name: regions.name }).from(regions).where(eq(regions.id, regionId));
  if (!region) throw new NotFound(`regio "${regionId}" bestaat niet`);
  if (user.role === 'toegang') throw new Forbidden('the local team (toegang) has no access to funding data');
  const scope = dataScope(user, regionId);
  let view: FundingView;
  switch (scope.kind) {
    case 'none':
      throw new Forbidden(`your account belongs to another region than ${regionId}`);
    case 'region':
      view = { kind: 'region', label: region.name };
      break;
    case 'municipality': {
      const [m] = await db
        .select({ name: municipalities.name })
        .from(municipalities)
        .where(and(eq(municipalities.regionId, regionId), eq(municipalities.code, scope.municipalityCode)));
      view = { kind: 'municipality', municipalityCode: scope.municipalityCode, label: `gemeente ${m?.name ?? scope.municipalityCode}` };
      break;
    }
    case 'provider': {
      const [p] = await db
        .select({ agb: providers.agbCode, name: providers.name })
        .from(providers)
        .where(and(eq(providers.id, scope.providerId), eq(providers.regionId, regionId)));
      if (!p) throw new Forbidden('your provider is not known in this region');
      view = { kind: 'provider', providerId: scope.providerId, agb: p.agb, label: p.name };
      break;
    }
  }
  if (!allowed.includes(view.kind)) throw new Forbidden(`this funding view is not available for role ${user.role}`);
  return view;
}

// ------------------------------------------------------------------------------------------------
// Pure helpers (domain/funding/forecast.ts)

const monthOf = (d: string) => d.slice(0, 7);
const monthStart = (m: string) => `${m}-01`;

export { allocatedVolume, volumeValue, runRate, monthsAfter, forecastYear, type ForecastInput, type Forecast } from '../../domain/funding/forecast.js';

// ------------------------------------------------------------------------------------------------
// Spend report

export type SpendBy = 'provider' | 'segment' | 'municipality';

export interface SpendRow {
  key: string;
  name: string;
  spentCents: number;
  committedCents: number;
  forecastCents: number;
  ceilingCents?: number;
  budgetCents?: number;
}

export interface SpendReport {
  year: number;
  by: SpendBy;
  asOf: string;
  scope: string;
  /** Last month with declarations used for the run rate (YYYY-MM). */
  declaredThrough: string | null;
  totals: { spentCents: number; committedCents: number; forecastCents: number };
  rows: SpendRow[];
  monthly: { month: string; spentCents: number; cumulativeCents: number; forecastCumulativeCents: number }[];
  notes: string[];
}

/** Key used for payments without a municipality (lump sums, availability) when grouping by municipality. */
export const REGIONAL_KEY = 'regionaal';

function lineScope(view: FundingView): SQL {
  switch (view.kind) {
    case 'municipality':
      return eq(spendMonthly.municipalityCode, view.municipalityCode);
    case 'provider':
      return eq(spendMonthly.providerAgb, view.agb);
    default:
      return sql`true`;
  }
}

/** A spend_monthly group with at least one approved line (as the lines' `where approved`). */
const hasApproved = sql`sum(${spendMonthly.lines}) > sum(${spendMonthly.rejectedLines})`;

function add<K>(map: Map<K, number>, key: K, cents: number): void {
  map.set(key, (map.get(key) ?? 0) + cents);
}

/** Actual spend (approved lines) per municipality and year, for risk equalisation. */
export async function realisedPerMunicipality(db: Db, regionId: string, fromYear: number, toYear: number): Promise<Map<string, Map<number, number>>> {
  const rows = await db
    .select({
      code: spendMonthly.municipalityCode,
      year: sql<number>`extract(year from ${spendMonthly.month})::int`,
      cents: sql<string>`sum(${spendMonthly.approvedCents})`,
    })
    .from(spendMonthly)
    .where(and(eq(spendMonthly.regionId, regionId), gte(spendMonthly.month, `${fromYear}-01-01`), lte(spendMonthly.month, `${toYear}-12-31`)))
    .groupBy(sql`1`, sql`2`)
    .having(hasApproved);
  const out = new Map<string, Map<number, number>>();
  for (const r of rows) {
    if (!r.code || r.code === UNKNOWN_KEY) continue;
    if (!out.has(r.code)) out.set(r.code, new Map());
    out.get(r.code)!.set(Number(r.year), Number(r.cents));
  }
  return out;
}

export async function spendReport(db: Db, user: UserScope, regionId: string, opts: { year: number; by: SpendBy; asOf: string }): Promise<SpendReport> {
  const view = await fundingView(db, user, regionId, ['region', 'municipality', 'provider']);
  // Kept until what it reads changes (kept.ts, migration 0027: not a contract change, a procedure or a case).
  return keptPerDataVersion(db, regionId, SPEND_KINDS, ['spend', view, opts.by, opts.year, opts.asOf], () => computeSpendReport(db, view, regionId, opts));
}

async function computeSpendReport(db: Db, view: FundingView, regionId: string, opts: { year: number; by: SpendBy; asOf: string }): Promise<SpendReport> {
  const { year, by, asOf } = opts;
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  const asOfMonth = monthOf(asOf);
  const notes: string[] = [];

  // The reads that do not depend on each other go out together: under many users every round trip
  // waits its turn, and a report computed again after a declaration was a chain of them (issue #14).
  const [[last], providerRows, scheduleRows, ceilingRows, profile, scale, nameRows] = await readsTogether(db, [
    // Declared through: the last month with approved lines before the reference month.
    () =>
      db
        .select({ d: sql<string | null>`max(${spendMonthly.month})` })
        .from(spendMonthly)
        .where(
          and(
            eq(spendMonthly.regionId, regionId),
            sql`${spendMonthly.lines} > ${spendMonthly.rejectedLines}`,
            lt(spendMonthly.month, monthStart(asOfMonth)),
            lineScope(view),
          ),
        ),
    () => db.select({ id: providers.id, agb: providers.agbCode, name: providers.name }).from(providers).where(eq(providers.regionId, regionId)),
    // Schedule items of the year (none in a municipality's view: they are regional).
    () =>
      view.kind === 'municipality'
        ? Promise.resolve([])
        : db
            .select({
              providerId: paymentSchedule.providerId,
              segmentId: paymentSchedule.segmentId,
              period: paymentSchedule.period,
              dueDate: paymentSchedule.dueDate,
              cents: paymentSchedule.amountCents,
            })
            .from(paymentSchedule)
            .where(
              and(
                eq(paymentSchedule.regionId, regionId),
                gte(paymentSchedule.period, yearStart),
                lte(paymentSchedule.period, yearEnd),
                view.kind === 'provider' ? eq(paymentSchedule.providerId, view.providerId) : sql`true`,
              ),
            ),
    // Ceilings of the year: per provider (seed 004 §3.3) or per segment (seed 003 §6.3.5).
    () =>
      view.kind === 'municipality'
        ? Promise.resolve([])
        : db
            .select()
            .from(ceilings)
            .where(and(eq(ceilings.regionId, regionId), eq(ceilings.year, year))),
    () => loadRegionProfile(db, regionId),
    () => demoScale(db, regionId),
    () =>
      by === 'segment'
        ? db.select({ key: segments.id, name: segments.name }).from(segments).where(eq(segments.regionId, regionId))
        : by === 'municipality'
          ? db.select({ key: municipalities.code, name: municipalities.name }).from(municipalities).where(eq(municipalities.regionId, regionId))
          : Promise.resolve([]),
  ]);
  const lastDate = last?.d ? String(last.d).slice(0, 10) : null;
  const declaredThrough = lastDate ? monthOf(lastDate) : null;
  const rangeStart = declaredThrough ? minDate(yearStart, addMonths(monthStart(declaredThrough), -2)) : yearStart;

  const keyExpr = by === 'provider' ? spendMonthly.providerAgb : by === 'segment' ? spendMonthly.segmentId : spendMonthly.municipalityCode;
  const lineQuery = db
    .select({
      key: sql<string>`${keyExpr}`,
      month: sql<string>`to_char(${spendMonthly.month}, 'YYYY-MM')`,
      cents: sql<string>`sum(${spendMonthly.approvedCents})`,
    })
    .from(spendMonthly)
    .where(
      and(eq(spendMonthly.regionId, regionId), gte(spendMonthly.month, monthStart(monthOf(rangeStart))), lte(spendMonthly.month, yearEnd), lineScope(view)),
    )
    .groupBy(sql`1`, sql`2`)
    .having(hasApproved);
  // The committed amounts (kept apart per data version) and the declared lines at the same time.
  const [lineRows, committed, params] = await readsTogether(db, [
    () => lineQuery,
    () => (year < Number(asOf.slice(0, 4)) ? Promise.resolve(new Map<string, number>()) : committedPerKey(db, regionId, view, by, { year, asOf })),
    async (): Promise<FrameworkParameters> => frameworkParameters(profile, await regionParameters(db, regionId, profile)),
  ]);
  const providerByAgb = new Map(providerRows.map((p) => [p.agb, p]));
  const providerById = new Map(providerRows.map((p) => [p.id, p]));
  const lineKey = (k: string) => (by === 'provider' ? String(providerByAgb.get(k)?.id ?? `agb:${k}`) : k);

  // Declared per key and month, and for the whole scope.
  const declared = new Map<string, Map<string, number>>();
  const declaredAll = new Map<string, number>();
  for (const r of lineRows) {
    const key = lineKey(r.key);
    if (!declared.has(key)) declared.set(key, new Map());
    add(declared.get(key)!, r.month, Number(r.cents));
    add(declaredAll, r.month, Number(r.cents));
  }

  // Schedule items of the year (no municipality: grouped as "regionaal"; not in a municipality's view).
  const scheduled = new Map<string, Map<string, { dueCents: number; futureCents: number }>>();
  const scheduledAll = new Map<string, { dueCents: number; futureCents: number }>();
  if (view.kind !== 'municipality') {
    for (const s of scheduleRows) {
      const key = by === 'provider' ? String(s.providerId) : by === 'segment' ? s.segmentId : REGIONAL_KEY;
      const month = monthOf(s.period);
      const due = s.dueDate <= asOf;
      for (const [map, k] of [
        [scheduled, key],
        [null, ''],
      ] as const) {
        const target = map ? (map.get(k) ?? map.set(k, new Map()).get(k)!) : scheduledAll;
        const cell = target.get(month) ?? { dueCents: 0, futureCents: 0 };
        if (due) cell.dueCents += s.cents;
        else cell.futureCents += s.cents;
        target.set(month, cell);
      }
    }
    if (by === 'municipality' && scheduleRows.length > 0)
      notes.push('Lumpsum-, beschikbaarheids- en resultaatbetalingen horen niet bij één gemeente; ze staan onder "regionaal".');
  } else {
    notes.push('Betalingen volgens schema (lumpsum, beschikbaarheid) zijn regionaal en niet per gemeente toe te rekenen; ze zijn hier niet meegeteld.');
  }

  // Schedule items of the year not yet due are committed too (contracts in force).
  for (const [key, months] of scheduled) for (const cell of months.values()) if (cell.futureCents !== 0) add(committed, key, cell.futureCents);

  const ceilingFor = (key: string): number | undefined => {
    if (by === 'provider') {
      const own = ceilingRows.filter((c) => c.providerId === Number(key));
      const general = own.filter((c) => c.segmentId === null);
      const rows = general.length > 0 ? general : own;
      return rows.length > 0 ? rows.reduce((a, c) => a + c.amountCents, 0) : undefined;
    }
    if (by === 'segment' && view.kind === 'region') {
      const own = ceilingRows.filter((c) => c.segmentId === key);
      const general = own.filter((c) => c.providerId === null);
      const rows = general.length > 0 ? general : own;
      return rows.length > 0 ? rows.reduce((a, c) => a + c.amountCents, 0) : undefined;
    }
    return undefined;
  };

  const names = new Map<string, string>(nameRows.map((r) => [r.key, r.name]));
  if (by === 'municipality') names.set(REGIONAL_KEY, 'Regionaal (niet per gemeente)');
  const nameOf = (key: string) => (by === 'provider' ? (providerById.get(Number(key))?.name ?? key) : (names.get(key) ?? key));

  const keys = new Set<string>([...declared.keys(), ...scheduled.keys(), ...committed.keys()]);
  // A provider or municipality always sees its own row, also when it is empty.
  const ownKey =
    view.kind === 'provider' && by === 'provider'
      ? String(view.providerId)
      : view.kind === 'municipality' && by === 'municipality'
        ? view.municipalityCode
        : undefined;
  if (ownKey) keys.add(ownKey);
  const rows: SpendRow[] = [];
  for (const key of keys) {
    const f = forecastYear({ year, declared: declared.get(key) ?? new Map(), scheduled: scheduled.get(key) ?? new Map(), declaredThrough });
    const row: SpendRow = { key, name: nameOf(key), spentCents: f.spentCents, committedCents: committed.get(key) ?? 0, forecastCents: f.forecastCents };
    const ceiling = ceilingFor(key);
    if (ceiling !== undefined) row.ceilingCents = ceiling;
    if (by === 'municipality' && key !== REGIONAL_KEY && view.kind !== 'provider') {
      const budget = careBudget(profile, key, year, params);
      // A demo's spend follows its scale: so does the budget it is compared with (the framework itself stays exact).
      if (budget !== undefined) row.budgetCents = scale === null || scale === 1 ? budget : Math.round(budget * scale);
    }
    if (key === ownKey || row.spentCents !== 0 || row.committedCents !== 0 || row.forecastCents !== 0 || row.ceilingCents !== undefined) rows.push(row);
  }
  rows.sort((a, b) => b.forecastCents - a.forecastCents || a.key.localeCompare(b.key));
  const total = forecastYear({ year, declared: declaredAll, scheduled: scheduledAll, declaredThrough });
  if (by === 'municipality' && rows.some((r) => r.budgetCents !== undefined))
    notes.push(`Budget: de lijnen ${params.careLines.lines.join(', ')} van het financieel kader (${params.careLines.aanname})`);
  if (scale !== null && scale !== 1) {
    const budgets = by === 'municipality' && rows.some((r) => r.budgetCents !== undefined);
    notes.push(
      `Demo op schaal ${scaleText(scale)}: de demo heeft ${scaleText(scale)} x de volumes van het brondocument van de regio, en de uitgaven, plafonds en betaalschema's volgen daaruit.${budgets ? ` Het budget uit het financieel kader is hier daarom met ${scaleText(scale)} vermenigvuldigd; het kader zelf (Financieel kader) staat onverkort.` : ''}`,
    );
  }
  return {
    year,
    by,
    asOf,
    scope: view.label,
    declaredThrough,
    totals: { spentCents: total.spentCents, committedCents: [...committed.values()].reduce((a, b) => a + b, 0), forecastCents: total.forecastCents },
    rows,
    monthly: total.monthly,
    notes,
  };
}

// ------------------------------------------------------------------------------------------------
// Ceiling figures for the contract screens

/** A recorded ceiling of the year with the spend and forecast against it (the spend report's figures for that row). */
export interface CeilingSpendFigures {
  ceilingCents: number;
  spentCents: number;
  forecastCents: number;
}

/** Per provider id (as the spend report's provider keys) and per segment: the ceilings of the year with their spend. */
export interface CeilingSpend {
  byProvider: Map<string, CeilingSpendFigures>;
  bySegment: Map<string, CeilingSpendFigures>;
}

/** What ceilingSpend reads: the lines' read model spend_monthly, the schedules, the ceilings, the providers (no allocations, no tariffs). */
export const CEILING_SPEND_KINDS: readonly DataKind[] = ['region', 'declarations', 'schedules', 'ceilings'];

/**
 * The figures the contract list, the contract page and a provider's own contracts show next to a
 * ceiling (contracts/ceilings.ts): per provider and per segment with a ceiling of the year, spent to
 * date and the forecast, the same numbers as the rows of the spend report by provider and by
 * segment (same view, year and reference date), without what those screens never show: the
 * committed amounts (every active allocation priced at its tariff). A declaration makes this cold;
 * computing it again reads the region's ceilings, schedules of the year and one grouped read of
 * spend_monthly (kept current by the settlement's own statements, migration 0009), not the
 * allocations. A provider ceiling with nothing spent yet shows 0 spent.
 */
export async function ceilingSpend(db: Db, user: UserScope, regionId: string, opts: { year: number; asOf: string }): Promise<CeilingSpend> {
  const view = await fundingView(db, user, regionId, ['region', 'municipality', 'provider']);
  // A municipality's view has no ceilings (the spend report reads none for it).
  if (view.kind === 'municipality') return { byProvider: new Map(), bySegment: new Map() };
  const out = await keptPerDataVersion(db, regionId, CEILING_SPEND_KINDS, ['ceiling-spend', view, opts.year, opts.asOf], () =>
    computeCeilingSpend(db, view, regionId, opts),
  );
  return { byProvider: new Map(out.byProvider), bySegment: new Map(out.bySegment) };
}

async function computeCeilingSpend(
  db: Db,
  view: FundingView,
  regionId: string,
  opts: { year: number; asOf: string },
): Promise<{ byProvider: [string, CeilingSpendFigures][]; bySegment: [string, CeilingSpendFigures][] }> {
  const { year, asOf } = opts;
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  const asOfMonth = monthOf(asOf);
  const [[last], providerRows, scheduleRows, ceilingRows] = await readsTogether(db, [
    // As the spend report: the last month with approved lines before the reference month.
    () =>
      db
        .select({ d: sql<string | null>`max(${spendMonthly.month})` })
        .from(spendMonthly)
        .where(
          and(
            eq(spendMonthly.regionId, regionId),
            sql`${spendMonthly.lines} > ${spendMonthly.rejectedLines}`,
            lt(spendMonthly.month, monthStart(asOfMonth)),
            lineScope(view),
          ),
        ),
    () => db.select({ id: providers.id, agb: providers.agbCode }).from(providers).where(eq(providers.regionId, regionId)),
    () =>
      db
        .select({
          providerId: paymentSchedule.providerId,
          segmentId: paymentSchedule.segmentId,
          period: paymentSchedule.period,
          dueDate: paymentSchedule.dueDate,
          cents: paymentSchedule.amountCents,
        })
        .from(paymentSchedule)
        .where(
          and(
            eq(paymentSchedule.regionId, regionId),
            gte(paymentSchedule.period, yearStart),
            lte(paymentSchedule.period, yearEnd),
            view.kind === 'provider' ? eq(paymentSchedule.providerId, view.providerId) : sql`true`,
          ),
        ),
    () =>
      db
        .select()
        .from(ceilings)
        .where(and(eq(ceilings.regionId, regionId), eq(ceilings.year, year))),
  ]);
  // The keys with a ceiling, as the spend report's ceilingFor: the general ceiling of the key, else the sum of its specific ones.
  const ceilingOf = (own: typeof ceilingRows, general: (c: (typeof ceilingRows)[number]) => boolean) => {
    const g = own.filter(general);
    const rows = g.length > 0 ? g : own;
    return rows.reduce((a, c) => a + c.amountCents, 0);
  };
  const providerCeilings = new Map<string, number>();
  for (const id of new Set(ceilingRows.flatMap((c) => (c.providerId === null ? [] : [c.providerId])))) {
    // A provider sees its own provider ceiling only (the spend report's rows in its view).
    if (view.kind === 'provider' && id !== view.providerId) continue;
    providerCeilings.set(
      String(id),
      ceilingOf(
        ceilingRows.filter((c) => c.providerId === id),
        (c) => c.segmentId === null,
      ),
    );
  }
  const segmentCeilings = new Map<string, number>();
  // Segment ceilings are shown in the region's view only (seed 003 §6.3.5; the spend report's ceilingFor).
  if (view.kind === 'region')
    for (const id of new Set(ceilingRows.flatMap((c) => (c.segmentId === null ? [] : [c.segmentId]))))
      segmentCeilings.set(
        id,
        ceilingOf(
          ceilingRows.filter((c) => c.segmentId === id),
          (c) => c.providerId === null,
        ),
      );
  if (providerCeilings.size === 0 && segmentCeilings.size === 0) return { byProvider: [], bySegment: [] };

  const lastDate = last?.d ? String(last.d).slice(0, 10) : null;
  const declaredThrough = lastDate ? monthOf(lastDate) : null;
  const rangeStart = declaredThrough ? minDate(yearStart, addMonths(monthStart(declaredThrough), -2)) : yearStart;
  // One read for both groupings: per provider, segment and month. A (provider, month) or (segment,
  // month) group has approved lines exactly when one of its finer groups has, and the sums add up,
  // so grouping these rows further gives the spend report's rows.
  const lineRows = await db
    .select({
      agb: spendMonthly.providerAgb,
      segmentId: spendMonthly.segmentId,
      month: sql<string>`to_char(${spendMonthly.month}, 'YYYY-MM')`,
      cents: sql<string>`sum(${spendMonthly.approvedCents})`,
    })
    .from(spendMonthly)
    .where(
      and(eq(spendMonthly.regionId, regionId), gte(spendMonthly.month, monthStart(monthOf(rangeStart))), lte(spendMonthly.month, yearEnd), lineScope(view)),
    )
    .groupBy(sql`1`, sql`2`, sql`3`)
    .having(hasApproved);
  const providerByAgb = new Map(providerRows.map((p) => [p.agb, p.id]));
  const declaredBy = { provider: new Map<string, Map<string, number>>(), segment: new Map<string, Map<string, number>>() };
  for (const r of lineRows) {
    const keys = [
      [declaredBy.provider, String(providerByAgb.get(r.agb) ?? `agb:${r.agb}`)],
      [declaredBy.segment, r.segmentId],
    ] as const;
    for (const [map, key] of keys) add(map.get(key) ?? map.set(key, new Map()).get(key)!, r.month, Number(r.cents));
  }
  const scheduledBy = {
    provider: new Map<string, Map<string, { dueCents: number; futureCents: number }>>(),
    segment: new Map<string, Map<string, { dueCents: number; futureCents: number }>>(),
  };
  for (const s of scheduleRows) {
    const month = monthOf(s.period);
    for (const [map, key] of [
      [scheduledBy.provider, String(s.providerId)],
      [scheduledBy.segment, s.segmentId],
    ] as const) {
      const target = map.get(key) ?? map.set(key, new Map()).get(key)!;
      const cell = target.get(month) ?? { dueCents: 0, futureCents: 0 };
      if (s.dueDate <= asOf) cell.dueCents += s.cents;
      else cell.futureCents += s.cents;
      target.set(month, cell);
    }
  }
  const figures = (ceilingsOf: Map<string, number>, by: 'provider' | 'segment'): [string, CeilingSpendFigures][] =>
    [...ceilingsOf].map(([key, ceilingCents]) => {
      const f = forecastYear({ year, declared: declaredBy[by].get(key) ?? new Map(), scheduled: scheduledBy[by].get(key) ?? new Map(), declaredThrough });
      return [key, { ceilingCents, spentCents: f.spentCents, forecastCents: f.forecastCents }];
    });
  return { byProvider: figures(providerCeilings, 'provider'), bySegment: figures(segmentCeilings, 'segment') };
}

/**
 * Committed per key: for each allocation active in the year, the allocated volume from the day
 * after its last declared period (or its start, or 1 January) until its end (or 31 December), at
 * the contract tariff valid then; for a total (frequency 6) the volume not yet declared.
 */
async function committedPerKey(db: Db, regionId: string, view: FundingView, by: SpendBy, ctx: { year: number; asOf: string }): Promise<Map<string, number>> {
  // The same allocations for every grouping (the contract list asks by provider and by segment,
  // the spend screens by all three): computed once per region data version, view, year and date,
  // kept per provider, segment and municipality, and summed here by the key asked for.
  const parts = await keptPerDataVersion(
    db,
    regionId,
    COMMITTED_KINDS,
    ['committed', view, ctx.year, ctx.asOf],
    () => committedParts(db, regionId, view, ctx),
    {
      shared: true,
    },
  );
  const out = new Map<string, number>();
  for (const p of parts) add(out, by === 'provider' ? String(p.providerId) : by === 'segment' ? p.segmentId : p.municipalityCode, p.cents);
  return out;
}

/** What committedParts reads: the allocations, their declared volume (allocation_declared), the tariffs and the profile. */
const COMMITTED_KINDS = ['region', 'allocations', 'declarations', 'tariffs'] as const;
/** What the priced allocations (committedBase) read: not the declarations. */
const COMMITTED_BASE_KINDS = ['region', 'allocations', 'tariffs'] as const;

/** An active allocation as the committed amount needs it, with its tariffs resolved (committedBase). */
interface PricedAllocation {
  nummer: number;
  /** Index into CommittedBase.keys: provider, segment, municipality. */
  key: number;
  /** From (without what was declared: 1 January or the allocation's start) and to within the year. */
  from: string;
  to: string;
  volume: number;
  frequentie: string;
  eenheid: string;
  /** The tariff's unit and its prices by valid-from date (valueAt). */
  unit: string;
  prices: { validFrom: string; value: number }[];
  /** A total (frequency 6) that ends in a later year is paid on completion: nothing this year. */
  later: boolean;
}
interface CommittedBase {
  keys: { providerId: number; segmentId: string; municipalityCode: string }[];
  allocations: PricedAllocation[];
}

/**
 * Committed cents per provider, segment and municipality (see committedPerKey). The active
 * allocations priced at their tariffs (committedBase) are kept until the allocations, tariffs or
 * profile change; a declaration only changes what was declared on them, so after a JW323 this reads
 * allocation_declared for those allocations by primary key (issue #14) and not the allocations and
 * tariffs again.
 */
async function committedParts(
  db: Db,
  regionId: string,
  view: FundingView,
  ctx: { year: number; asOf: string },
): Promise<{ providerId: number; segmentId: string; municipalityCode: string; cents: number }[]> {
  const base = await keptPerDataVersion(
    db,
    regionId,
    COMMITTED_BASE_KINDS,
    ['committed-base', view, ctx.year, ctx.asOf],
    () => committedBase(db, regionId, view, ctx),
    {
      shared: true,
    },
  );
  if (base.allocations.length === 0) return [];
  const declaredRows = await db
    .select({ nummer: allocationDeclared.toewijzingNummer, last: allocationDeclared.lastDebitEnd, volume: allocationDeclared.netVolume })
    .from(allocationDeclared)
    .where(
      and(
        eq(allocationDeclared.regionId, regionId),
        sql`${allocationDeclared.toewijzingNummer} = any(${sql.param(base.allocations.map((a) => a.nummer))}::int[])`,
      ),
    );
  const declared = new Map(declaredRows.map((r) => [r.nummer, { last: r.last ? String(r.last).slice(0, 10) : null, volume: Number(r.volume ?? 0) }]));
  const cents = new Array<number>(base.keys.length).fill(0);
  const used = new Array<boolean>(base.keys.length).fill(false);
  for (const a of base.allocations) {
    const d = declared.get(a.nummer);
    const from = d?.last ? maxDate(a.from, addDays(d.last, 1)) : a.from;
    if (a.later) continue;
    const volume = allocatedVolume(
      { volume: a.volume, frequentie: a.frequentie },
      from,
      a.frequentie === '6' ? maxDate(from, a.to) : a.to,
      a.volume - (d?.volume ?? 0),
    );
    if (volume <= 0) continue;
    const price = valueAt(a.prices, from > a.to ? a.to : from);
    if (price === undefined) continue;
    cents[a.key] = (cents[a.key] ?? 0) + Math.round(volumeValue(volume, a.eenheid, { cents: price, eenheid: a.unit }));
    used[a.key] = true;
  }
  return base.keys.flatMap((k, i) => (used[i] ? [{ ...k, cents: cents[i]! }] : []));
}

/** The active allocations of the year in the view, each with the tariff that prices it (committedParts). */
async function committedBase(db: Db, regionId: string, view: FundingView, ctx: { year: number; asOf: string }): Promise<CommittedBase> {
  const yearStart = `${ctx.year}-01-01`;
  const yearEnd = `${ctx.year}-12-31`;
  const scope =
    view.kind === 'municipality'
      ? eq(allocations.municipalityCode, view.municipalityCode)
      : view.kind === 'provider'
        ? eq(allocations.providerId, view.providerId)
        : sql`true`;
  const activeWhere = and(
    eq(allocations.regionId, regionId),
    lte(allocations.ingangsdatum, yearEnd),
    sql`(${allocations.einddatum} is null or ${allocations.einddatum} >= ${maxDate(yearStart, ctx.asOf.slice(0, 8) + '01')})`,
    scope,
  );
  // The allocations, the tariffs and the profile at the same time (issue #14).
  const [active, tariffRows, profile] = await readsTogether(db, [
    // Only the columns the calculation reads (the whole row of every active allocation cost most of the time on PGlite).
    () =>
      db
        .select({
          toewijzingNummer: allocations.toewijzingNummer,
          providerId: allocations.providerId,
          segmentId: allocations.segmentId,
          municipalityCode: allocations.municipalityCode,
          productCategorie: allocations.productCategorie,
          productCode: allocations.productCode,
          ingangsdatum: allocations.ingangsdatum,
          einddatum: allocations.einddatum,
          volume: allocations.volume,
          eenheid: allocations.eenheid,
          frequentie: allocations.frequentie,
        })
        .from(allocations)
        .where(activeWhere),
    () =>
      db
        .select({
          providerId: tariffs.providerId,
          productCategorie: tariffs.productCategorie,
          productCode: tariffs.productCode,
          eenheid: tariffs.eenheid,
          validFrom: tariffs.validFrom,
          priceCents: tariffs.priceCents,
        })
        .from(tariffs)
        .where(and(eq(tariffs.regionId, regionId), view.kind === 'provider' ? eq(tariffs.providerId, view.providerId) : sql`true`)),
    () => loadRegionProfile(db, regionId),
  ]);
  const out: CommittedBase = { keys: [], allocations: [] };
  if (active.length === 0) return out;
  const keyIndex = new Map<string, number>();
  const tariffIndex = new Map<string, typeof tariffRows>();
  for (const t of tariffRows) {
    const k = `${t.providerId}|${t.productCategorie}`;
    const list = tariffIndex.get(k);
    if (list) list.push(t);
    else tariffIndex.set(k, [t]);
  }
  // Caseload care is paid per client per month by schedule, not by allocated volume (seed 001).
  const caseload = new Set(profile.segmenten.filter((s) => !isOpen(s.bekostiging) && s.bekostiging.variant === 'caseload').map((s) => s.id));
  for (const a of active) {
    if (a.volume === null || !a.eenheid || !a.frequentie || caseload.has(a.segmentId)) continue;
    const from = maxDate(yearStart, a.ingangsdatum);
    const to = minDate(yearEnd, a.einddatum ?? yearEnd);
    const candidates = (tariffIndex.get(`${a.providerId}|${a.productCategorie ?? ''}`) ?? []).filter(
      (t) => t.productCode === null || t.productCode === a.productCode,
    );
    const units = [...new Set(candidates.map((t) => t.eenheid))];
    const unit = units.includes(a.eenheid) ? a.eenheid : a.eenheid === '01' && units.includes('04') ? '04' : undefined;
    if (!unit) continue;
    const k = `${a.providerId}|${a.segmentId}|${a.municipalityCode}`;
    let key = keyIndex.get(k);
    if (key === undefined) {
      key = out.keys.push({ providerId: a.providerId, segmentId: a.segmentId, municipalityCode: a.municipalityCode }) - 1;
      keyIndex.set(k, key);
    }
    out.allocations.push({
      nummer: a.toewijzingNummer,
      key,
      from,
      to,
      volume: a.volume,
      frequentie: a.frequentie,
      eenheid: a.eenheid,
      unit,
      prices: candidates.filter((t) => t.eenheid === unit).map((t) => ({ validFrom: t.validFrom, value: t.priceCents })),
      later: a.frequentie === '6' && a.einddatum !== null && a.einddatum > yearEnd,
    });
  }
  return out;
}
