/**
 * Shared helpers for the technical rules (TR) in tr-*.ts: message families, reading nested
 * values, the message's Dagtekening and the overlap sweep used by TR302/TR386/TR410.
 */
import type { XmlValue } from '../reader.js';
import { child, list, text, type RuleContext } from './types.js';
import { addYears } from '../../domain/dates.js';

/**
 * "Retourberichten, m.u.v. het declaratiebericht, kennen dezelfde regels als het heenbericht"
 * (regels-op-berichten.md, Inleiding): each heenbericht with its retour message.
 */
export const RETOUR_OF: Readonly<Record<string, string>> = { JW301: 'JW302', JW305: 'JW306', JW307: 'JW308', JW315: 'JW316', JW317: 'JW318', JW319: 'JW320' };

/** The messages a rule applies to: the heenberichten named in the rules table plus their retour messages. */
export function withRetour(...codes: string[]): string[] {
  return codes.flatMap((c) => (RETOUR_OF[c] ? [c, RETOUR_OF[c]!] : [c]));
}

/** All 14 messages. */
export const ALL_MESSAGES = withRetour('JW301', 'JW305', 'JW307', 'JW315', 'JW317', 'JW319', 'JW323', 'JW325');

/** A nested simple value, e.g. `str(prestatie, 'ProductPeriode', 'Einddatum')`; undefined when absent. */
export function str(obj: XmlValue | XmlValue[] | undefined, ...path: string[]): string | undefined {
  let cur = obj;
  for (const name of path) cur = child(cur, name);
  return text(cur);
}

/** A nested complex value, or undefined. */
export function obj(value: XmlValue | XmlValue[] | undefined, ...path: string[]): XmlValue | undefined {
  let cur = value;
  for (const name of path) cur = child(cur, name);
  return cur !== undefined && !Array.isArray(cur) && typeof cur === 'object' ? cur : undefined;
}

/** The repeated children `item` of `container` (e.g. the Prestatie elements of Prestaties). */
export function items(container: XmlValue | XmlValue[] | undefined, item: string): XmlValue[] {
  return list(child(container, item));
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isDate = (d: string | undefined): d is string => d !== undefined && ISO_DATE.test(d);

/** Dagtekening of the message (Header/BerichtIdentificatie/Dagtekening), when readable. */
export function dagtekening(ctx: RuleContext): string | undefined {
  const d = str(ctx.header, 'BerichtIdentificatie', 'Dagtekening');
  return isDate(d) ? d : undefined;
}

/**
 * `addYears(date, years)`, computed once per message and date: the rules on every line of a
 * declaration (TR002, TR335) subtract from the same Dagtekening, and date arithmetic per line was a
 * hot spot of validating large JW323 files (bench/RESULTS.md).
 */
export function yearsFrom(ctx: Pick<RuleContext, 'state'>, date: string, years: number): string {
  // One slot per number of years, holding the last date and its result: no key string per line.
  const key = yearsKey(years);
  let memo = ctx.state.get(key) as { date: string; value: string } | undefined;
  if (memo === undefined || memo.date !== date) {
    memo = { date, value: addYears(date, years) };
    ctx.state.set(key, memo);
  }
  return memo.value;
}

const YEARS_KEYS = new Map<number, string>();
function yearsKey(years: number): string {
  let key = YEARS_KEYS.get(years);
  if (key === undefined) {
    key = `addYears|${years}`;
    YEARS_KEYS.set(years, key);
  }
  return key;
}

/** Location of the i-th (0-based) repeated child of a container, as the reader writes it. */
export const itemLocation = (containerLocation: string, item: string, i: number) => `${containerLocation}/${item}[${i + 1}]`;

/** Separator for composite keys: U+001F cannot occur in XML 1.0 text. */
export const SEP = '\u001f';

/** A per-message scratch value in ctx.state, created on first use (keyed by rule code). */
export function scratch<T>(ctx: RuleContext, key: string, create: () => T): T {
  let v = ctx.state.get(key) as T | undefined;
  if (v === undefined) {
    v = create();
    ctx.state.set(key, v);
  }
  return v;
}

/** A care period of a (requested) product, for the overlap rules. */
export interface ProductSpan {
  /** 0-based position among its siblings. */
  index: number;
  start: string;
  /** Inclusive end; undefined = open-ended. */
  end: string | undefined;
  categorie: string | undefined;
  code: string | undefined;
}

const OPEN_END = '9999-12-31';

/**
 * The spans that overlap an earlier span of "the same product" in the sense of TR302/TR386/TR410:
 * the same Code; without Code on the level of the Categorie; without Categorie with any other span.
 * A sweep over the spans sorted by start keeps, per product level, the latest end seen so far:
 * an earlier-starting span overlaps the current one iff its end >= the current start. O(n log n).
 * Returns [later span index, earlier span index] pairs, one per offending span.
 */
export function overlappingSpans(spans: readonly ProductSpan[]): Array<[number, number]> {
  type Max = { end: string; index: number };
  const ordered = spans
    .filter((s) => s.end === undefined || s.end >= s.start)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.index - b.index));
  let all: Max | undefined;
  let generic: Max | undefined;
  const byCat = new Map<string, Max>();
  const catOnly = new Map<string, Max>();
  const byCode = new Map<string, Max>();
  const hit = (m: Max | undefined, start: string) => (m && m.end >= start ? m : undefined);
  const raise = (m: Max | undefined, end: string, index: number): Max => (m && m.end >= end ? m : { end, index });
  const out: Array<[number, number]> = [];
  for (const s of ordered) {
    const end = s.end ?? OPEN_END;
    const codeKey = `${s.categorie}${SEP}${s.code}`;
    let earlier: Max | undefined;
    if (s.categorie === undefined) earlier = hit(all, s.start);
    else if (s.code === undefined) earlier = hit(generic, s.start) ?? hit(byCat.get(s.categorie), s.start);
    else earlier = hit(generic, s.start) ?? hit(catOnly.get(s.categorie), s.start) ?? hit(byCode.get(codeKey), s.start);
    if (earlier) out.push([s.index, earlier.index]);
    all = raise(all, end, s.index);
    if (s.categorie === undefined) generic = raise(generic, end, s.index);
    else {
      byCat.set(s.categorie, raise(byCat.get(s.categorie), end, s.index));
      if (s.code === undefined) catOnly.set(s.categorie, raise(catOnly.get(s.categorie), end, s.index));
      else byCode.set(codeKey, raise(byCode.get(codeKey), end, s.index));
    }
  }
  return out;
}

/** Describes a product for finding texts. */
export const productLabel = (s: Pick<ProductSpan, 'categorie' | 'code'>) =>
  s.categorie === undefined ? 'no product (generic)' : s.code === undefined ? `category ${s.categorie}` : `product ${s.categorie}/${s.code}`;
