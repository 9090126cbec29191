import type { Landscape, Open, SegmentView } from './api-types';

const longDate = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric' });
const shortDate = new Intl.DateTimeFormat('nl-NL', { day: '2-digit', month: '2-digit', year: 'numeric' });
const number = new Intl.NumberFormat('nl-NL');
const euro = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('nl-NL', { style: 'percent', maximumFractionDigits: 1 });

/** Parses a calendar date (YYYY-MM-DD, no time zone) as a local date. */
function calendarDate(iso: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

export const formatDate = (iso: string) => {
  const d = calendarDate(iso);
  return d ? longDate.format(d) : iso;
};
export const formatShortDate = (iso: string) => {
  const d = calendarDate(iso);
  return d ? shortDate.format(d) : iso;
};
export const formatNumber = (n: number) => number.format(n);
export const formatCents = (cents: number) => euro.format(cents / 100);
/** A share given as a fraction 0..1. */
export const formatShare = (fraction: number) => percent.format(fraction);

export function isOpen(v: unknown): v is Open {
  return typeof v === 'object' && v !== null && 'openQuestion' in v;
}

type Term = Exclude<SegmentView['contractRules']['term'], Open>;
type Partners = Exclude<SegmentView['contractRules']['partners'], Open>;

/** "5 + 1 + 1 jaar", "2-4 jaar", "2-4 + 1 jaar"; dates when the profile gives only those. */
export function formatTerm(t: Term): string {
  const base =
    t.years !== undefined
      ? String(t.years)
      : t.minYears !== undefined && t.maxYears !== undefined && t.minYears !== t.maxYears
        ? `${t.minYears}-${t.maxYears}`
        : String(t.maxYears ?? t.minYears ?? '');
  if (base) return `${[base, ...t.extensions].join(' + ')} jaar`;
  if (t.startDate && t.endDate) return `${formatShortDate(t.startDate)} t/m ${formatShortDate(t.endDate)}`;
  return 'Niet vastgelegd';
}

/** "2-3", "max. 20", "min. 2", "1", "onbeperkt". */
export function formatPartners(p: Partners): string {
  if (p.max === null) return p.min ? `min. ${p.min}, verder onbeperkt` : 'onbeperkt';
  if (p.max === undefined) return p.min !== undefined ? `min. ${p.min}` : 'Niet vastgelegd';
  if (p.min === undefined || p.min === 0) return `max. ${p.max}`;
  return p.min === p.max ? String(p.max) : `${p.min}-${p.max}`;
}

type KeyFigure = Landscape['keyFigures'][number];
const unitSuffix: Record<string, string> = {
  jeugdigen: 'jeugdigen',
  clienten: 'cliënten',
  aanbieders: 'aanbieders',
  fte: 'fte',
  jaar: 'jaar',
};

export function formatKeyFigure(k: KeyFigure): string {
  if (k.unit === 'cent') return formatCents(k.value);
  if (k.unit === 'procent') return `${number.format(k.value)}%`;
  const suffix = unitSuffix[k.unit];
  return suffix ? `${formatNumber(k.value)} ${suffix}` : formatNumber(k.value);
}
