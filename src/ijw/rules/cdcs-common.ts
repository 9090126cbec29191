/**
 * Shared helpers of the condition (CD) and constraint (CS) rules: reading parsed elements,
 * comparing iJw dates, and the message groups rules are registered for.
 */
import type { XmlValue } from '../reader.js';
import { child, text, type RuleContext } from './types.js';

/** The check of one rule on one element (the element's parsed value and its location). */
export type Check = (value: XmlValue, location: string, ctx: RuleContext) => void;

/**
 * Retour messages per heenbericht. "Retourberichten, m.u.v. het declaratiebericht, kennen dezelfde
 * regels als het heenbericht en zijn niet apart opgenomen" (regels-op-berichten.md): rules of a
 * heenbericht are registered for its retour message too. JW325 (declaratie-antwoord) has its own rows.
 */
export const RETOUR: Readonly<Record<string, string>> = { JW301: 'JW302', JW305: 'JW306', JW307: 'JW308', JW315: 'JW316', JW317: 'JW318', JW319: 'JW320' };

/** The messages plus their retour messages. */
export function withRetour(...heen: string[]): string[] {
  return heen.flatMap((m) => (RETOUR[m] ? [m, RETOUR[m]] : [m]));
}

/** A descendant of a parsed element by child names (undefined when any step is absent). */
export function get(v: XmlValue | XmlValue[] | undefined, ...names: string[]): XmlValue | XmlValue[] | undefined {
  let cur = v;
  for (const n of names) cur = child(cur, n);
  return cur;
}

/** The text of a simple descendant, or undefined. */
export function str(v: XmlValue | XmlValue[] | undefined, ...names: string[]): string | undefined {
  return text(get(v, ...names));
}

/** True when the descendant element is present ("gevuld"). */
export function filled(v: XmlValue | XmlValue[] | undefined, ...names: string[]): boolean {
  return get(v, ...names) !== undefined;
}

export interface CalendarDate {
  y: number;
  m: number;
  d: number;
}

/** The number written in date[from, to) with ASCII digits only, or -1. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Splits an XSD-valid date without time zone ("2026-04-01", also "-0001-01-01" or "12026-01-01"). */
export function parseDate(date: string): CalendarDate | undefined {
  // The common case, "YYYY-MM-DD", without a regular expression (it runs for every date of every line).
  if (date.length === 10 && date.charCodeAt(4) === 0x2d && date.charCodeAt(7) === 0x2d) {
    const y = digits(date, 0, 4);
    const mo = digits(date, 5, 7);
    const d = digits(date, 8, 10);
    if (y >= 0 && mo >= 0 && d >= 0) return { y, m: mo, d };
  }
  const m = /^(-?\d{4,})-(\d{2})-(\d{2})$/.exec(date.trim());
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : undefined;
}

/** Compares two dates: negative when a < b, 0 when equal, positive when a > b. */
export function compareDates(a: string, b: string): number {
  const x = parseDate(a);
  const y = parseDate(b);
  if (!x || !y) return a < b ? -1 : a > b ? 1 : 0;
  return x.y - y.y || x.m - y.m || x.d - y.d;
}

export function daysInMonth(y: number, m: number): number {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 31;
}

/** "Einddatum groter dan 31-12-2020 of leeg" (the switch date of the 3.x allocation variants). */
export function endsAfter2020OrOpen(einddatum: string | undefined): boolean {
  return einddatum === undefined || compareDates(einddatum, '2020-12-31') > 0;
}

/** Integer values of the XSD layer ("007", "+5") as a bigint. */
export function integer(v: string | undefined): bigint | undefined {
  if (v === undefined || !/^[+-]?\d+$/.test(v.trim())) return undefined;
  return BigInt(v.trim());
}
