/**
 * Which ceiling applies to a contract (domain/contracts/ceilings.ts): the level the profile names
 * for the segment (seed 004 §3.1 per provider; seed 003 §6.3.5 per part/segment), else what is
 * recorded, else the contract's own ceiling.
 */
import { describe, expect, it } from 'vitest';
import { applicableCeilings } from '../../../src/domain/contracts/ceilings.js';

const S004 = { seed: '004', section: '3.1 Huidige inkoop - Bekostiging' };
const S003 = { seed: '003', section: '6.3.5' };
const provider = { ceilingCents: 1_000_000, spentCents: 250_000, forecastCents: 900_000 };
const segment = { ceilingCents: 50_000_000, spentCents: 60_000_000, forecastCents: 70_000_000 };

describe('applicable ceiling (seed 004 §3.1, seed 003 §6.3.5)', () => {
  it('seed 004 §3.1: niveau aanbieder takes the provider ceiling with the provider’s spend, not the segment ceiling', () => {
    expect(applicableCeilings({ year: 2026, plafond: { niveau: 'aanbieder', source: S004 }, provider, segment, contractCeilingCents: 5 })).toEqual([
      { level: 'aanbieder', year: 2026, ceilingCents: 1_000_000, spentCents: 250_000, forecastCents: 900_000, usedShare: 0.25, source: S004 },
    ]);
  });
  it('seed 003 §6.3.5: niveau segment (and perceel) takes the segment ceiling with the segment’s spend', () => {
    for (const niveau of ['segment', 'perceel'] as const) {
      const [c, ...rest] = applicableCeilings({ year: 2027, plafond: { niveau, source: S003 }, provider, segment, contractCeilingCents: null });
      expect(rest).toEqual([]);
      expect(c).toMatchObject({ level: 'segment', ceilingCents: 50_000_000, spentCents: 60_000_000, usedShare: 1.2, source: S003 });
    }
  });
  it('without a level in the profile (or per provider and segment) both recorded ceilings are shown; the provider one cites the provider-ceiling rule', () => {
    const out = applicableCeilings({ year: 2026, provider, segment, contractCeilingCents: null, providerRuleSource: S004 });
    expect(out.map((c) => [c.level, c.source?.seed])).toEqual([
      ['aanbieder', '004'],
      ['segment', undefined],
    ]);
    expect(
      applicableCeilings({ year: 2026, plafond: { niveau: 'aanbieder-segment', source: S003 }, provider, contractCeilingCents: null }).map((c) => c.level),
    ).toEqual(['aanbieder']);
  });
  it('falls back to the contract’s own ceiling only when no ceiling of the year applies; spend is then unknown', () => {
    expect(applicableCeilings({ year: 2026, plafond: { niveau: 'aanbieder', source: S004 }, segment, contractCeilingCents: 7_500 })).toEqual([
      { level: 'contract', year: 2026, ceilingCents: 7_500, spentCents: null, forecastCents: null, usedShare: null },
    ]);
    expect(applicableCeilings({ year: 2026, contractCeilingCents: null })).toEqual([]);
  });
  it('a zero ceiling has no used share (no division by zero)', () => {
    expect(
      applicableCeilings({ year: 2026, provider: { ceilingCents: 0, spentCents: 10, forecastCents: 10 }, contractCeilingCents: null })[0]!.usedShare,
    ).toBeNull();
  });
});
