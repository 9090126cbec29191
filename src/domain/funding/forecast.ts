/**
 * Run rates and the forecast to year end (pure, time passed in as the reference month):
 * allocated volume by WMO757 frequency, the money of a volume at a tariff, the run rate of the last
 * declared months and the forecast that extrapolates it over the months not yet declared.
 */
import { addDays, addMonths, daysBetween, maxDate, minDate } from '../dates.js';

const monthOf = (d: string) => d.slice(0, 7);
const monthStart = (m: string) => `${m}-01`;
const monthEnd = (m: string) => addDays(addMonths(monthStart(m), 1), -1);

/**
 * Allocated volume within [from, to] (inclusive) by WMO757 frequency: 1 per day, 2 per week,
 * 4 per month (pro rata per calendar month), 6 total (the remaining total is given). Fractions are
 * kept; the caller rounds money once.
 */
export function allocatedVolume(omvang: { volume: number; frequentie: string }, from: string, to: string, remainingTotal?: number): number {
  if (to < from) return 0;
  const days = daysBetween(from, to) + 1;
  switch (omvang.frequentie) {
    case '1':
      return omvang.volume * days;
    case '2':
      return (omvang.volume * days) / 7;
    case '4': {
      let v = 0;
      for (let m = monthOf(from); m <= monthOf(to); m = monthOf(addMonths(monthStart(m), 1))) {
        const a = maxDate(from, monthStart(m));
        const b = minDate(to, monthEnd(m));
        v += (omvang.volume * (daysBetween(a, b) + 1)) / (daysBetween(monthStart(m), monthEnd(m)) + 1);
      }
      return v;
    }
    case '6':
      return Math.max(0, remainingTotal ?? omvang.volume);
    default:
      return 0;
  }
}

/** Money for a volume in `unit` at a tariff in `tariff.eenheid` (minutes on an hourly tariff: IV081), unrounded. */
export function volumeValue(volume: number, unit: string, tariff: { cents: number; eenheid: string }): number {
  if (unit === tariff.eenheid) return volume * tariff.cents;
  if (unit === '01' && tariff.eenheid === '04') return (volume * tariff.cents) / 60;
  return 0;
}

/** Average of the last `n` months through `through` (YYYY-MM) in a month -> cents map (months without data count as 0). */
export function runRate(monthly: ReadonlyMap<string, number>, through: string | null, n = 3): number {
  if (!through) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += monthly.get(monthOf(addMonths(monthStart(through), -i))) ?? 0;
  return Math.round(sum / n);
}

/** The months of `year` after `through` (all twelve when `through` is before the year, none when after). */
export function monthsAfter(through: string | null, year: number): string[] {
  const out: string[] = [];
  for (let m = 1; m <= 12; m++) {
    const month = `${year}-${String(m).padStart(2, '0')}`;
    if (!through || month > through) out.push(month);
  }
  return out;
}

export interface ForecastInput {
  year: number;
  /** Declared (approved line) spend per month, including months before the year for the run rate. */
  declared: ReadonlyMap<string, number>;
  /** Schedule items of the year per month (by period), with whether they are due by the reference date. */
  scheduled: ReadonlyMap<string, { dueCents: number; futureCents: number }>;
  /** Last month with declarations (YYYY-MM), at most the month before the reference date. */
  declaredThrough: string | null;
  /** Months averaged for the run rate. Default 3. */
  runRateMonths?: number;
}

export interface Forecast {
  spentCents: number;
  forecastCents: number;
  runRateCents: number;
  monthly: { month: string; spentCents: number; cumulativeCents: number; forecastCumulativeCents: number }[];
}

/**
 * Forecast to year end: what is spent (declared lines + schedule items due) plus, for every month
 * not yet declared, the run rate of the last declared months and the schedule items of that month
 * not yet due. The monthly forecast line ends at the yearly forecast.
 */
export function forecastYear(f: ForecastInput): Forecast {
  const rate = runRate(f.declared, f.declaredThrough, f.runRateMonths ?? 3);
  const open = new Set(monthsAfter(f.declaredThrough, f.year));
  let cumulative = 0;
  let forecastCumulative = 0;
  let spent = 0;
  const monthly: Forecast['monthly'] = [];
  for (let m = 1; m <= 12; m++) {
    const month = `${f.year}-${String(m).padStart(2, '0')}`;
    const s = f.scheduled.get(month) ?? { dueCents: 0, futureCents: 0 };
    const declared = f.declared.get(month) ?? 0;
    const monthSpent = declared + s.dueCents;
    spent += monthSpent;
    cumulative += monthSpent;
    forecastCumulative += open.has(month) ? rate + s.dueCents + s.futureCents : monthSpent + s.futureCents;
    monthly.push({ month, spentCents: monthSpent, cumulativeCents: cumulative, forecastCumulativeCents: forecastCumulative });
  }
  return { spentCents: spent, forecastCents: forecastCumulative, runRateCents: rate, monthly };
}
