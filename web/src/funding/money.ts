/** Money, shares and periods on the funding screens. Amounts are integer cents from the API. */

const euro = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' });
const euroWhole = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0, minimumFractionDigits: 0 });
const compact = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });
const axisMillions = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 2 });
const whole = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('nl-NL', { style: 'percent', maximumFractionDigits: 1, minimumFractionDigits: 1 });
const monthShort = new Intl.DateTimeFormat('nl-NL', { month: 'short' });
const monthLong = new Intl.DateTimeFormat('nl-NL', { month: 'long', year: 'numeric' });
const dateShort = new Intl.DateTimeFormat('nl-NL', { day: '2-digit', month: '2-digit', year: 'numeric' });
const dateTime = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** € 1.234,56 (cents exact). */
export const formatEuro = (cents: number) => euro.format(cents / 100);
/** € 1.235 (rounded to whole euros, for large figures in overviews). */
export const formatEuroWhole = (cents: number) => euroWhole.format(Math.round(cents / 100));

/**
 * Short axis label in Dutch: "€ 1,2 mln", "€ 0,35 mln", "€ 50.000" ("€ 0" for zero). Millions from
 * € 100.000 on, so that an axis of a few million reads in one unit ("€ 0,3 mln … € 1,2 mln")
 * instead of a mix of thousands and millions.
 */
export function formatEuroAxis(cents: number): string {
  const euros = cents / 100;
  const abs = Math.abs(euros);
  if (abs >= 1e9) return `€ ${compact.format(euros / 1e9)} mld`;
  if (abs >= 1e5) return `€ ${axisMillions.format(euros / 1e6)} mln`;
  return `€ ${whole.format(euros)}`;
}

/** A fraction (0..1+) as "93,4%". */
export const formatPercent = (fraction: number) => percent.format(fraction);

function ymd(iso: string): Date | null {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(iso);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3] ?? '1')) : null;
}

/** "jan", "feb" … for a YYYY-MM(-DD) value. */
export const formatMonthShort = (iso: string) => {
  const d = ymd(iso);
  return d ? monthShort.format(d).replace('.', '') : iso;
};
/** "januari 2025". */
export const formatMonthLong = (iso: string) => {
  const d = ymd(iso);
  return d ? monthLong.format(d) : iso;
};
/** 01-03-2025. */
export const formatDay = (iso: string) => {
  const d = ymd(iso);
  return d ? dateShort.format(d) : iso;
};
/** A timestamp with time, in local time. */
export const formatTimestamp = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
};

/** A declaration or line period: one month reads "maart 2025", otherwise "01-03-2025 t/m 31-03-2025". */
export function formatPeriod(start: string | null, end: string | null): string {
  if (!start && !end) return 'Onbekend';
  if (start && end) {
    const s = ymd(start);
    const e = ymd(end);
    const lastDay = e ? new Date(e.getFullYear(), e.getMonth() + 1, 0).getDate() : 0;
    if (s && e && s.getDate() === 1 && e.getDate() === lastDay && s.getFullYear() === e.getFullYear() && s.getMonth() === e.getMonth())
      return monthLong.format(s);
    return `${formatDay(start)} t/m ${formatDay(end)}`;
  }
  return start ? `vanaf ${formatDay(start)}` : `t/m ${formatDay(end!)}`;
}

/** Share of a limit used, and how it compares: over (> 100%), near (> 90%) or ok. */
export type Usage = { share: number; level: 'over' | 'near' | 'ok' };
export function usage(cents: number, limitCents: number | undefined): Usage | null {
  if (limitCents === undefined || limitCents <= 0) return null;
  const share = cents / limitCents;
  return { share, level: share > 1 ? 'over' : share > 0.9 ? 'near' : 'ok' };
}
