/**
 * EMVI scoring and ranking per lot (seed 003 §5.3.2 "Na de dialoogfase gunt Regio WBO Jeugd de
 * opdracht op basis van EMVI"): quality on a scale, price relative to the lowest price, weights
 * summing to 100, and the documented deterministic tie-break.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rankLot, scoreProblems, scoreTenders, type Tender } from '../../../src/domain/procurement/emvi.js';
import { procedureBronnen } from '../../../src/domain/procurement/sources.js';
import { realProfile } from '../helpers.js';
import type { EmviCriterion } from '../../../src/domain/procurement/config.js';

const criteria: EmviCriterion[] = [
  { id: 'plan', naam: 'Plan van aanpak', soort: 'kwaliteit', gewicht: 60 },
  { id: 'samenwerking', naam: 'Samenwerking', soort: 'kwaliteit', gewicht: 20 },
  { id: 'prijs', naam: 'Prijs', soort: 'prijs', gewicht: 20 },
];
const t = (applicationId: number, plan: number, samenwerking: number, priceCents: number | null, lotIds = ['p1'], submittedOn = '2025-09-01'): Tender => ({
  applicationId,
  providerId: 100 + applicationId,
  lotIds,
  submittedOn,
  priceCents,
  scores: { plan, samenwerking },
});

describe('EMVI (seed 003 §5.3.2)', () => {
  it('quality scores score/scale of the weight, price lowest/own of the weight, total in basis points', () => {
    const [a, b] = scoreTenders(criteria, 10, [t(1, 8, 5, 1_000_000_00), t(2, 10, 10, 2_000_000_00)]);
    // a: 60*0.8 + 20*0.5 + 20*1 = 78% -> 7800; b: 60 + 20 + 20*0.5 = 90% -> 9000
    expect(a).toMatchObject({ total: 7800, quality: 5800, perCriterion: { plan: 4800, samenwerking: 1000, prijs: 2000 } });
    expect(b).toMatchObject({ total: 9000, quality: 8000, perCriterion: { prijs: 1000 } });
  });
  it('a missing score or price leaves the total open and the tender out of the ranking', () => {
    const r = scoreTenders(criteria, 10, [{ ...t(1, 8, 5, 100), scores: { plan: 8 } }, t(2, 5, 5, null)]);
    expect(r[0]).toMatchObject({ total: null, missing: ['samenwerking'] });
    expect(r[1]).toMatchObject({ total: null, missing: ['prijs'] });
    expect(rankLot(criteria, 10, [t(1, 8, 5, null), t(2, 5, 5, 100)], 'p1').map((x) => x.applicationId)).toEqual([2]);
  });
  it('ranking per lot: only tenders for that lot, highest total first', () => {
    const tenders = [t(1, 6, 6, 100, ['p1', 'p2']), t(2, 9, 9, 120, ['p2']), t(3, 10, 10, 100, ['p3'])];
    expect(rankLot(criteria, 10, tenders, 'p2').map((x) => [x.applicationId, x.rank])).toEqual([
      [2, 1],
      [1, 2],
    ]);
    expect(rankLot(criteria, 10, tenders, 'p1').map((x) => x.applicationId)).toEqual([1]);
  });
  it('tie-break: higher quality, then lower price, then earlier submission, then lower id', () => {
    const q = [t(1, 10, 0, 100), t(2, 6.666666666666667, 10, 100)]; // totals 8000 and 8000, quality 6000 vs 6000 -> price equal -> date equal -> id
    expect(rankLot(criteria, 10, q, 'p1').map((x) => x.applicationId)).toEqual([1, 2]);
    const byQuality = [t(1, 5, 10, 50), t(2, 10, 5, 100, ['p1'])]; // 1: 30+20+20=70; 2: 60+10+10=80
    expect(rankLot(criteria, 10, byQuality, 'p1').map((x) => x.applicationId)).toEqual([2, 1]);
    const byDate = [t(1, 8, 8, 100, ['p1'], '2025-09-10'), t(2, 8, 8, 100, ['p1'], '2025-09-02')];
    expect(rankLot(criteria, 10, byDate, 'p1').map((x) => x.applicationId)).toEqual([2, 1]);
    // same total, different quality/price split: 1 has quality 7000 + price 1000 = 8000; 2 has quality 6000 + price 2000 = 8000
    const split = [t(1, 10, 5, 200, ['p1']), t(2, 10, 0, 100, ['p1'])];
    const r = rankLot(criteria, 10, split, 'p1');
    expect(r.map((x) => x.total)).toEqual([8000, 8000]);
    expect(r.map((x) => x.applicationId)).toEqual([1, 2]);
  });
  it('property: the ranking is a permutation independent of input order, totals non-increasing, and at most 10000', () => {
    const tender = fc.record({
      plan: fc.integer({ min: 0, max: 10 }),
      sw: fc.integer({ min: 0, max: 10 }),
      price: fc.integer({ min: 1, max: 1_000_000 }),
      day: fc.integer({ min: 1, max: 28 }),
    });
    fc.assert(
      fc.property(fc.array(tender, { minLength: 1, maxLength: 8 }), (xs) => {
        const tenders = xs.map((x, i) => t(i + 1, x.plan, x.sw, x.price, ['p1'], `2025-09-${String(x.day).padStart(2, '0')}`));
        const a = rankLot(criteria, 10, tenders, 'p1');
        const b = rankLot(criteria, 10, [...tenders].reverse(), 'p1');
        expect(a.map((x) => x.applicationId)).toEqual(b.map((x) => x.applicationId));
        for (let i = 1; i < a.length; i++) expect(a[i]!.total!).toBeLessThanOrEqual(a[i - 1]!.total!);
        for (const x of a) expect(x.total!).toBeLessThanOrEqual(10000);
        expect(a.some((x) => x.perCriterion.prijs === 2000)).toBe(true); // the lowest price gets the full price weight
      }),
      { numRuns: 500 },
    );
  });
  it('scores outside the scale or for an unknown criterion are refused (emvi-criteria)', () => {
    // The problem cites the region's EMVI sentence from its profile (WBO SLT: seed 003 §5.3.2).
    const sasEmvi = procedureBronnen(realProfile('wbo').segmenten.find((s) => s.id === 'slt')!).stappen!.sasEmvi;
    expect(scoreProblems(criteria, 10, { plan: 11 }, sasEmvi)).toEqual([
      expect.objectContaining({ ruleId: 'emvi-criteria', source: expect.objectContaining({ seed: '003', section: '5.3.2' }) }),
    ]);
    expect(scoreProblems(criteria, 10, { prijs: 5 })).toEqual([expect.objectContaining({ message: expect.stringContaining('geen kwaliteitscriterium') })]);
    expect(scoreProblems(criteria, 10, { plan: 7, samenwerking: 0 })).toEqual([]);
  });
});

describe('scores typed by an evaluator (issue #13 blocker: "abc" was saved as 0)', () => {
  it('reads numbers and Dutch decimals; text is not a score', async () => {
    const { readScore, readScores } = await import('../../../src/domain/procurement/emvi.js');
    expect(readScore('7')).toBe(7);
    expect(readScore('7,5')).toBe(7.5);
    expect(readScore(' 8.25 ')).toBe(8.25);
    for (const t of ['abc', '', ' ', '7x', '-1', '1e1', 'NaN']) expect(readScore(t), t).toBeNull();
    const crit = [
      { id: 'plan', naam: 'Plan van aanpak', soort: 'kwaliteit' as const, gewicht: 80 },
      { id: 'prijs', naam: 'Prijs', soort: 'prijs' as const, gewicht: 20 },
    ];
    expect(readScores(crit, 10, { plan: 'abc' })).toEqual({
      scores: {},
      problems: [expect.objectContaining({ field: 'scores.plan', message: 'Plan van aanpak: "abc" is geen getal; vul een score van 0 tot en met 10 in' })],
    });
    expect(readScores(crit, 10, { plan: '9,5' })).toEqual({ scores: { plan: 9.5 }, problems: [] });
  });
});
