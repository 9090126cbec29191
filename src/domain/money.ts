/**
 * Money typed by a user, in Dutch (issue #13): "12.345,67", "12345,67", "€ 12.345", "1250.50" and
 * "12.345" (a dot with three digits after it is a thousands separator) -> integer cents. Pure.
 */
const DUTCH = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/;
const POINT_DECIMAL = /^(\d+)\.(\d{1,2})$/;

/** Integer cents of a typed euro amount (not negative), or null when it is not an amount. */
export function parseEuroInput(input: string): number | null {
  const s = input
    .trim()
    .replace(/[\s\u00a0]|€/g, '')
    .replace(/^EUR/i, '');
  if (!s) return null;
  let whole: string;
  let cents: string;
  const d = DUTCH.exec(s);
  if (d) {
    whole = d[1]!.replace(/\./g, '');
    cents = d[2] ?? '';
  } else {
    const p = POINT_DECIMAL.exec(s);
    if (!p) return null;
    whole = p[1]!;
    cents = p[2]!;
  }
  if (whole.length > 13) return null;
  return Number(whole) * 100 + Number(cents.padEnd(2, '0'));
}
