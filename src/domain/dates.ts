/** Calendar dates as ISO strings (YYYY-MM-DD), without time zones (iJw dates are calendar dates). */

const DAY = 86_400_000;

/**
 * Valid dates seen before, with their time value: the demo generator and the settlement convert the
 * same few thousand dates millions of times (issue #14 profile: the parse and check were seconds of
 * a first start). Bounded: past the limit the cache starts again.
 */
const known = new Map<string, number>();
const KNOWN_LIMIT = 100_000;

function toUtc(d: string): number {
  const hit = known.get(d);
  if (hit !== undefined) return hit;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (!m) throw new Error(`not a calendar date: ${d}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(t).toISOString().slice(0, 10) !== d) throw new Error(`not a calendar date: ${d}`);
  if (known.size >= KNOWN_LIMIT) known.clear();
  known.set(d, t);
  return t;
}

export function isCalendarDate(d: string): boolean {
  try {
    toUtc(d);
    return true;
  } catch {
    return false;
  }
}

const dates = new Map<number, string>();
function fromUtc(t: number): string {
  const hit = dates.get(t);
  if (hit !== undefined) return hit;
  const d = new Date(t).toISOString().slice(0, 10);
  if (dates.size >= KNOWN_LIMIT) dates.clear();
  dates.set(t, d);
  return d;
}

export function addDays(d: string, days: number): string {
  return fromUtc(toUtc(d) + days * DAY);
}

/** Adds months; the day is clipped to the target month's length (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(d: string, months: number): string {
  toUtc(d); // validates
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = total - ty * 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(ty, tm, Math.min(day, last)));
}

export function addYears(d: string, years: number): string {
  return addMonths(d, years * 12);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY);
}

/** Age in whole years on `on`. */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

let amsterdam: Intl.DateTimeFormat | undefined;

/** The calendar date of `instant` in the Netherlands (Europe/Amsterdam). */
export function dutchDate(instant: Date): string {
  // One formatter for the process: creating one per call costs about a millisecond.
  amsterdam ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' });
  return amsterdam.format(instant);
}

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}
export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

/** A calendar date as users read it in Dutch text: dd-mm-jjjj (2026-06-07 -> 07-06-2026). */
export function nlDate(d: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : d;
}
