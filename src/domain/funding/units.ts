/**
 * Readable units of funding parameters, converted once at load (pure, no imports but zod):
 * amounts `€ 1.234,56` / `1234.56 EUR` -> integer cents; `1,5 %` -> 0.015; `3 jaar`, `6 maanden`;
 * a plain number is a count.
 */
import { z } from 'zod';

export const ParameterEenheid = z.enum(['bedrag', 'procent', 'jaar', 'maand', 'aantal']);
export type ParameterEenheid = z.infer<typeof ParameterEenheid>;

/** A value written in a readable unit, converted to the parameter's internal number. */
export type Waarde = { eenheid: ParameterEenheid; getal: number };

const EURO = /^(?:€\s*(-?\d{1,3}(?:\.\d{3})*|-?\d+)(?:,(\d{1,2}))?|(-?\d+)(?:\.(\d{1,2}))?\s*EUR)$/;
const PERCENT = /^(-?\d+)(?:[,.](\d+))?\s*%$/;
const DUUR = /^(\d+)\s*(jaar|jaren|maand|maanden)$/;

/**
 * Converts one written value. Amounts become integer cents, percentages a fraction, durations a
 * number of years or months, a plain number a count. Returns undefined for anything else.
 */
export function parseWaarde(text: string | number): Waarde | undefined {
  if (typeof text === 'number') return Number.isFinite(text) ? { eenheid: 'aantal', getal: text } : undefined;
  const t = text.trim().replace(/\u00a0/g, ' ');
  const e = EURO.exec(t);
  if (e) {
    if (e[1] !== undefined) {
      const whole = Number(e[1].replace(/\./g, ''));
      const cents = Number((e[2] ?? '0').padEnd(2, '0'));
      return { eenheid: 'bedrag', getal: whole * 100 + Math.sign(whole || 1) * cents };
    }
    const whole = Number(e[3]);
    const cents = Number((e[4] ?? '0').padEnd(2, '0'));
    return { eenheid: 'bedrag', getal: whole * 100 + Math.sign(whole || 1) * cents };
  }
  const p = PERCENT.exec(t);
  if (p) {
    // Exact decimal arithmetic: "1,5 %" is 15 / 1000, not 1.5 / 100 with a float error.
    const decimals = p[2] ?? '';
    const scaled = Number(`${p[1]}${decimals}`);
    return { eenheid: 'procent', getal: scaled / 10 ** (decimals.length + 2) };
  }
  const d = DUUR.exec(t);
  if (d) return { eenheid: d[2]!.startsWith('jaar') ? 'jaar' : 'maand', getal: Number(d[1]) };
  if (/^-?\d+(?:\.\d+)?$/.test(t)) return { eenheid: 'aantal', getal: Number(t) };
  return undefined;
}
