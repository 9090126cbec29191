import { describe, expect, it } from 'vitest';
import { caseloadPayments, clientsInMonth, monthsBetween } from '../../src/domain/funding/caseload.js';

// Seed 001 "Ambulante hulp (J&O/begeleiding en GGZ)": "Clientvolgende bekostiging (caseload)".
// Hand-computed: a price per client per month, a client counted once per month.
describe('caseload funding (seed 001, cliëntvolgende bekostiging)', () => {
  const caseload = [
    { clientKey: 'a', ingangsdatum: '2026-01-15', einddatum: '2026-03-10' }, // Jan, Feb, Mar
    { clientKey: 'a', ingangsdatum: '2026-02-01', einddatum: '2026-02-28' }, // same client in Feb: still one
    { clientKey: 'b', ingangsdatum: '2026-03-31' }, // from Mar, still running
    { clientKey: 'c', ingangsdatum: '2025-11-01', einddatum: '2026-01-01' }, // Jan only (one day)
  ];

  it('counts a client once per month when any allocation overlaps it', () => {
    expect(clientsInMonth(caseload, '2026-01')).toBe(2); // a, c
    expect(clientsInMonth(caseload, '2026-02')).toBe(1); // a (twice) -> 1
    expect(clientsInMonth(caseload, '2026-03')).toBe(2); // a (until 10th), b (from 31st)
    expect(clientsInMonth(caseload, '2026-04')).toBe(1); // b
    expect(clientsInMonth(caseload, '2025-10')).toBe(0);
  });

  it('pays clients x the price in force on the first of the month', () => {
    // € 400,00 per client per month, € 412,00 from 1 March 2026.
    const price = [
      { validFrom: '2026-01-01', value: 40_000 },
      { validFrom: '2026-03-01', value: 41_200 },
    ];
    expect(caseloadPayments(caseload, price, '2026-01', '2026-04')).toEqual([
      { month: '2026-01', clients: 2, priceCents: 40_000, cents: 80_000 },
      { month: '2026-02', clients: 1, priceCents: 40_000, cents: 40_000 },
      { month: '2026-03', clients: 2, priceCents: 41_200, cents: 82_400 },
      { month: '2026-04', clients: 1, priceCents: 41_200, cents: 41_200 },
    ]);
  });

  it('refuses a month without a price', () => {
    expect(() => caseloadPayments(caseload, [{ validFrom: '2026-02-01', value: 1 }], '2026-01', '2026-02')).toThrow(/2026-01-01/);
  });

  it('walks months across a year end', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});
