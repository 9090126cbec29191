/**
 * The funding models beside per-line settlement, as small pure calculators over integer cents:
 * dated parameters (OpenFisca style), indexation and efficiency cut, lump-sum and availability
 * schedules, result-based payment, risk equalisation and the declining safety valve (ventiel).
 */
import { addMonths } from '../dates.js';

/** A parameter with values valid from a date (e.g. a tariff, an index rate, a ceiling). */
export type Dated<T> = readonly { validFrom: string; value: T }[];

/** The value in force on `date`: the latest with validFrom <= date, or undefined. */
export function valueAt<T>(param: Dated<T>, date: string): T | undefined {
  let best: { validFrom: string; value: T } | undefined;
  for (const v of param) if (v.validFrom <= date && (!best || v.validFrom > best.validFrom)) best = v;
  return best?.value;
}

/**
 * Splits an amount into `n` parts that differ by at most one cent and sum exactly to the amount
 * (no cent lost or created in a schedule).
 */
export function splitEvenly(totalCents: number, n: number): number[] {
  if (!Number.isInteger(totalCents) || n <= 0) throw new Error('splitEvenly needs integer cents and n > 0');
  const base = Math.trunc(totalCents / n);
  const rest = totalCents - base * n;
  return Array.from({ length: n }, (_, i) => base + (i < Math.abs(rest) ? Math.sign(rest) : 0));
}

/**
 * Yearly indexation: the amount of `year` is the base amount of `baseYear` multiplied by the index
 * rates of every later year up to `year` (each rate applies from 1 January of its year), rounded
 * to the cent once. Seed 004 §6: "niet vooraf geïndexeerd ... aan de hand van een jaarlijks vast te
 * stellen indexatiepercentage".
 */
export function indexed(baseCents: number, baseYear: number, year: number, rates: Dated<number>): number {
  let factor = 1;
  for (let y = baseYear + 1; y <= year; y++) factor *= 1 + (valueAt(rates, `${y}-01-01`) ?? 0);
  return Math.round(baseCents * factor);
}

/** Efficiency cut per year, cumulative from `baseYear` (seed 004 §6: "een efficiencykorting van 1% per jaar"). */
export function afterEfficiencyCut(baseCents: number, baseYear: number, year: number, cutPerYear: Dated<number>): number {
  let factor = 1;
  for (let y = baseYear + 1; y <= year; y++) factor *= 1 - (valueAt(cutPerYear, `${y}-01-01`) ?? 0);
  return Math.round(baseCents * factor);
}

export interface ScheduleItem {
  /** First day of the period (YYYY-MM-DD). */
  period: string;
  dueDate: string;
  amountCents: number;
}

/**
 * Monthly payment schedule of a yearly amount over [startDate, endDate] (lump sum, seed 003 §5.3.5
 * "Bekostiging vindt plaats op basis van lumpsumfinanciering"; or an availability component, seed
 * 004 §4.1). Each calendar year's amount is split evenly over its months in the term; payment is
 * due on the first day of the month. An optional discount (e.g. the SGGZ efficiency cut in the SLT
 * lump sum, seed 003 §5.3.5) lowers each year's amount.
 */
export function monthlySchedule(input: { yearlyCents: (year: number) => number; startDate: string; endDate: string; discount?: number }): ScheduleItem[] {
  const out: ScheduleItem[] = [];
  let month = `${input.startDate.slice(0, 7)}-01`;
  const months: string[] = [];
  while (month <= input.endDate) {
    months.push(month);
    month = addMonths(month, 1);
  }
  const byYear = new Map<number, string[]>();
  for (const m of months) byYear.set(Number(m.slice(0, 4)), [...(byYear.get(Number(m.slice(0, 4))) ?? []), m]);
  for (const [year, ms] of byYear) {
    const full = input.yearlyCents(year);
    // A partial year pays its share of months (e.g. a term starting in July pays 6/12).
    const share = Math.round((full * ms.length) / 12);
    const amount = Math.round(share * (1 - (input.discount ?? 0)));
    splitEvenly(amount, ms.length).forEach((cents, i) => out.push({ period: ms[i]!, dueDate: ms[i]!, amountCents: cents }));
  }
  return out;
}

/**
 * Result-based payment by degree of goal attainment (seed 002 "Voorstel voor resultaatsturing":
 * "een deel van de betaling afhankelijk te maken van de mate waarin het doel bereikt is. Dit houdt
 * in dat we deels voorfinancieren en deels achteraf"): the advance share of the price is paid at
 * the start; the rest (the after-goal part) is paid in proportion to the degree of goal attainment
 * (0-100%), rounded to the cent. The advance and the after-goal part always add up to the price.
 */
export function resultPayments(
  priceCents: number,
  advanceShare: number,
  doelrealisatiePct: number | undefined,
): { advanceCents: number; afterGoalCents: number; payableAfterGoalCents: number } {
  if (advanceShare < 0 || advanceShare > 1) throw new Error('advance share must be between 0 and 1');
  if (doelrealisatiePct !== undefined && !(doelrealisatiePct >= 0 && doelrealisatiePct <= 100))
    throw new Error('degree of goal attainment must be between 0 and 100');
  const advanceCents = Math.round(priceCents * advanceShare);
  const afterGoalCents = priceCents - advanceCents;
  return { advanceCents, afterGoalCents, payableAfterGoalCents: doelrealisatiePct === undefined ? 0 : Math.round((afterGoalCents * doelrealisatiePct) / 100) };
}

/**
 * Risk equalisation (seed 004 §6 Risicoverevening): a municipality's contribution for a year is its
 * share of the actual use over the previous `basisYears` years (a profile parameter; three in seed 004) ("De werkelijke gemiddelde realisatie en
 * gebruik van de drie voorafgaande jaren geldt daarbij als financiële bijdrage voor het komende
 * jaar"). Shares are exact: the contributions add up to the regional total.
 */
export function riskEqualisation(
  regionalTotalCents: number,
  year: number,
  realised: ReadonlyMap<string, ReadonlyMap<number, number>>,
  basisYears: number,
): Map<string, number> {
  if (!Number.isInteger(basisYears) || basisYears < 1) throw new Error('risk equalisation needs at least one basis year');
  const back = Array.from({ length: basisYears }, (_, i) => i + 1);
  const weights = [...realised].map(([code, byYear]) => [code, back.reduce((acc, b) => acc + (byYear.get(year - b) ?? 0), 0)] as const);
  const total = weights.reduce((a, [, w]) => a + w, 0);
  if (total === 0) throw new Error(`no realisation in the ${basisYears} years before ${year}`);
  // Largest-remainder rounding so the parts sum to the total exactly.
  const raw = weights.map(([code, w]) => ({ code, exact: (regionalTotalCents * w) / total }));
  const floors = raw.map((r) => ({ ...r, cents: Math.floor(r.exact) }));
  let left = regionalTotalCents - floors.reduce((a, r) => a + r.cents, 0);
  for (const r of [...floors].sort((a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)) || a.code.localeCompare(b.code))) {
    if (left <= 0) break;
    r.cents++;
    left--;
  }
  return new Map(floors.map((r) => [r.code, r.cents]));
}

/**
 * The safety valve (ventiel, seed 003 §10.4: "Naast het vaste budget is er voor onvoorziene
 * ontwikkelingen extra budget beschikbaar (ventiel, afbouw gedurende looptijd)"): an extra budget
 * that declines linearly to zero over the contract term. The first year's amount is profile data
 * (seed 003 leaves it open).
 */
export function ventiel(firstYearCents: number, termYears: number, yearIndex: number): number {
  if (yearIndex < 0 || yearIndex >= termYears) return 0;
  return Math.round((firstYearCents * (termYears - yearIndex)) / termYears);
}
