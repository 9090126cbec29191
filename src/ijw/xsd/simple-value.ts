/**
 * Checks a text value against a simple type of the schema model (XSD datatypes and facets).
 * Returns a problem description, or null when the value is valid.
 */
import type { SimpleType } from './model.js';

/** XSD 1.0 year: four digits, or more without a leading zero; year 0000 does not exist. */
const DATE = /^(-?(?:[1-9]\d{4,}|\d{4}))-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const INTEGER = /^[+-]?\d+$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether `s` holds one of the four XML white-space characters. */
function hasXmlSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) return true;
  }
  return false;
}

/** Length in characters (code points), as XSD's length facets count. */
function codePoints(v: string): number {
  let n = v.length;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

function validDate(v: string): boolean {
  const m = DATE.exec(v);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y === 0) return false;
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]!);
}

function validTime(v: string): boolean {
  const m = TIME.exec(v);
  if (!m) return false;
  const [h, min, sec] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // XSD 1.0 allows 24:00:00 (the end of the day).
  if (h === 24) return min === 0 && sec === 0 && !m[4]?.replace(/[.0]/g, '');
  return h < 24 && min < 60 && sec < 60;
}

/** XSD whiteSpace="collapse" over the four XML whitespace characters only (not JS `trim`). */
export function collapse(s: string): string {
  if (!hasXmlSpace(s)) return s;
  return s.replace(/[ \t\n\r]+/g, ' ').replace(/^ | $/g, '');
}

export function checkSimpleValue(type: SimpleType, raw: string): string | null {
  const f = type.facets;
  // xs:string preserves whitespace; integer, date and time collapse it.
  const v = f.base === 'string' ? raw : collapse(raw);
  switch (f.base) {
    case 'integer':
      if (!INTEGER.test(v)) return `"${v}" is geen geheel getal`;
      break;
    case 'date':
      if (!validDate(v)) return `"${v}" is geen geldige datum (JJJJ-MM-DD)`;
      break;
    case 'time':
      if (!validTime(v)) return `"${v}" is geen geldige tijd (uu:mm:ss)`;
      break;
  }
  const length = codePoints(v);
  if (f.minLength !== undefined && length < f.minLength) return length === 0 ? 'de waarde mag niet leeg zijn' : `de waarde is korter dan ${f.minLength} tekens`;
  if (f.maxLength !== undefined && length > f.maxLength) return `de waarde "${v}" is langer dan ${f.maxLength} tekens`;
  if (f.enumeration && !f.enumeration.has(v)) return `"${v}" is geen van de toegestane waarden (${[...f.enumeration].join(', ')})`;
  if (f.base === 'integer' && (f.minInclusive !== undefined || f.maxInclusive !== undefined)) {
    const n = BigInt(v);
    if (f.minInclusive !== undefined && n < f.minInclusive) return `${v} is kleiner dan ${f.minInclusive}`;
    if (f.maxInclusive !== undefined && n > f.maxInclusive) return `${v} is groter dan ${f.maxInclusive}`;
  }
  for (const step of f.patterns) {
    if (!step.some((p) => p.regex.test(v))) return `"${v}" voldoet niet aan het patroon ${step.map((p) => p.source).join(' | ')}`;
  }
  return null;
}
