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
import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { ceilings, municipalities, providers, segments, spendMonthly, UNKNOWN_KEY } from '../../db/schema.js';
import { keptPerDataVersion, SPEND_KINDS } from './kept.js';
import { type UserScope } from '../../domain/access/roles.js';
import { forecastYear } from '../../domain/funding/forecast.js';
import { loadRegionProfile } from '../landscape.js';
import { careBudget, frameworkParameters, type FrameworkParameters } from '../../domain/funding/framework.js';
import { regionParameters } from './parameters.js';
import { demoScale, scaleText } from './demo-scale.js';

import { add, fundingView, hasApproved, monthOf, type FundingView, type SpendBy, spendLinesWithLast, scheduleItemsOfYear } from './spend-scope.js';
import { committedPerKey } from './committed.js';

export { fundingView, type FundingView, type SpendBy } from './spend-scope.js';

// ------------------------------------------------------------------------------------------------
// Pure helpers (domain/funding/forecast.ts)

export { allocatedVolume, volumeValue, runRate, monthsAfter, forecastYear, type ForecastInput, type Forecast } from '../../domain/funding/forecast.js';

// ------------------------------------------------------------------------------------------------
// Spend report

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
  const asOfMonth = monthOf(asOf);
  const notes: string[] = [];

  // The reads that do not depend on each other go out together: under many users every round trip
  // waits its turn, and a report computed again after a declaration was a chain of them (issue #14).
  const keyExpr = by === 'provider' ? spendMonthly.providerAgb : by === 'segment' ? spendMonthly.segmentId : spendMonthly.municipalityCode;
  // The profile once for the report and its parameters (a cold cache reads and parses it once);
  // started by whichever read comes first, so inside a transaction the reads still go one by one.
  let profileRead: ReturnType<typeof loadRegionProfile> | undefined;
  const profileOnce = () => (profileRead ??= loadRegionProfile(db, regionId));
  const [lines, providerRows, scheduleRows, ceilingRows, profile, scale, nameRows, committed, params] = await readsTogether(db, [
    // The declared lines per key and month with the month declared through (one statement: one snapshot).
    () => spendLinesWithLast(db, regionId, view, { asOfMonth, year }, [keyExpr]),
    () => db.select({ id: providers.id, agb: providers.agbCode, name: providers.name }).from(providers).where(eq(providers.regionId, regionId)),
    // Schedule items of the year (none in a municipality's view: they are regional).
    () => (view.kind === 'municipality' ? Promise.resolve([]) : scheduleItemsOfYear(db, regionId, view, year)),
    // Ceilings of the year: per provider (seed 004 §3.3) or per segment (seed 003 §6.3.5).
    () =>
      view.kind === 'municipality'
        ? Promise.resolve([])
        : db
            .select()
            .from(ceilings)
            .where(and(eq(ceilings.regionId, regionId), eq(ceilings.year, year))),
    profileOnce,
    () => demoScale(db, regionId),
    () =>
      by === 'segment'
        ? db.select({ key: segments.id, name: segments.name }).from(segments).where(eq(segments.regionId, regionId))
        : by === 'municipality'
          ? db.select({ key: municipalities.code, name: municipalities.name }).from(municipalities).where(eq(municipalities.regionId, regionId))
          : Promise.resolve([]),
    // The committed amounts (kept apart per data version) and the region's parameters.
    () => (year < Number(asOf.slice(0, 4)) ? Promise.resolve(new Map<string, number>()) : committedPerKey(db, regionId, view, by, { year, asOf })),
    async (): Promise<FrameworkParameters> => {
      const p = await profileOnce();
      return frameworkParameters(p, await regionParameters(db, regionId, p));
    },
  ]);
  const { declaredThrough, rows: lineRows } = lines;

  const providerByAgb = new Map(providerRows.map((p) => [p.agb, p]));
  const providerById = new Map(providerRows.map((p) => [p.id, p]));
  const lineKey = (k: string) => (by === 'provider' ? String(providerByAgb.get(k)?.id ?? `agb:${k}`) : k);

  // Declared per key and month, and for the whole scope.
  const declared = new Map<string, Map<string, number>>();
  const declaredAll = new Map<string, number>();
  for (const r of lineRows) {
    const key = lineKey(r.keys[0]!);
    if (!declared.has(key)) declared.set(key, new Map());
    add(declared.get(key)!, r.month, r.cents);
    add(declaredAll, r.month, r.cents);
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
