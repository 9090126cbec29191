/**
 * Award constraints (awards.ts) on the real WBO task areas of seed 003: one contract partner per
 * lot (§5.3.4), the two Breda lots to different parties (§5.3.3), minimum/maximum partners.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkAwards, type Award } from '../../src/domain/landscape/awards.js';
import type { SegmentProfile } from '../../src/domain/landscape/profile-schema.js';
import { realProfile } from './helpers.js';

const wbo = realProfile('wbo');
const segment = (id: string): SegmentProfile => {
  const s = wbo.segmenten.find((x) => x.id === id);
  if (!s) throw new Error(`segment ${id} missing`);
  return s;
};
const slt = segment('slt');
const ruleIds = (awards: Award[], opts: { complete?: boolean } = {}, seg = slt) => checkAwards(seg, awards, opts).map((v) => v.ruleId);
const a = (providerId: number, lotId: string | null): Award => ({ providerId, lotId });

describe('seed 003 §5.3.3/§5.3.4: Stevig Lokaal Team, lots p1 (Altena, Drimmelen-Geertruidenberg, Oosterhout), p2 and p3 (Breda)', () => {
  it('seed 003 §5.3.4: one provider per lot, three providers, is allowed (complete)', () => {
    expect(checkAwards(slt, [a(1, 'p1'), a(2, 'p2'), a(3, 'p3')], { complete: true })).toEqual([]);
  });
  it('seed 003 §5.3.4: two partners in total (p1 and one Breda lot shared) is allowed: minimaal twee', () => {
    expect(checkAwards(slt, [a(1, 'p1'), a(1, 'p2'), a(2, 'p3')], { complete: true })).toEqual([]);
  });
  it('seed 003 §5.3.3: lots p2 and p3 go to different parties: the same provider for both is refused with the profile rule id', () => {
    const v = checkAwards(slt, [a(1, 'p1'), a(2, 'p2'), a(2, 'p3')]);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({
      ruleId: 'wbo-lot-distinct',
      message: expect.stringContaining('percelen "p2" and "p3" must be awarded to different parties, both went to provider 2'),
      source: { seed: '003', section: '5.3.3', quote: expect.stringContaining('elk perceel moet worden gegund aan een andere') },
    });
  });
  it('seed 003 §5.3.3: the order of the awards does not matter', () => {
    expect(ruleIds([a(2, 'p3'), a(1, 'p1'), a(2, 'p2')])).toEqual(['wbo-lot-distinct']);
  });
  it('seed 003 §5.3.4: two providers in one lot are refused (one contract partner per lot)', () => {
    const v = checkAwards(slt, [a(1, 'p1'), a(4, 'p1'), a(2, 'p2'), a(3, 'p3')]);
    expect(v.map((x) => x.ruleId)).toContain('wbo-slt-een-partner-per-perceel');
    expect(v.find((x) => x.ruleId === 'wbo-slt-een-partner-per-perceel')).toMatchObject({
      message: expect.stringContaining('perceel "p1"'),
      source: { seed: '003', section: '5.3.4' },
    });
  });
  it('seed 003 §5.3.4: more than three partners is refused (aantal-partners-max)', () => {
    const v = checkAwards(slt, [a(1, 'p1'), a(4, 'p1'), a(2, 'p2'), a(3, 'p3')]);
    expect(v.find((x) => x.ruleId === 'aantal-partners-max')).toMatchObject({
      message: expect.stringContaining('at most 3 contract partners, 4 awarded'),
      source: { seed: '003', section: '5.3.4' },
    });
  });
  it('seed 003 §5.3.4: fewer than two partners is refused only for a complete award', () => {
    expect(ruleIds([a(1, 'p1')], { complete: true })).toEqual(['aantal-partners-min']);
    expect(ruleIds([a(1, 'p1')])).toEqual([]);
    expect(ruleIds([], { complete: true })).toEqual(['aantal-partners-min']);
  });
  it('an award for a lot the segment does not have is refused (unknown-lot)', () => {
    const v = checkAwards(slt, [a(1, 'p1'), a(2, 'p4')]);
    expect(v).toEqual([expect.objectContaining({ ruleId: 'unknown-lot', message: expect.stringContaining('"p4"') })]);
  });
  it('seed 003 §5.3.3: in a lot-divided task area every award names its lot (lot-required)', () => {
    expect(ruleIds([a(1, 'p1'), a(2, null)])).toEqual(['lot-required']);
  });
  it('the same award listed twice counts once', () => {
    expect(checkAwards(slt, [a(1, 'p1'), a(1, 'p1'), a(2, 'p2'), a(3, 'p3')], { complete: true })).toEqual([]);
  });
});

describe('other WBO task areas', () => {
  const spec = segment('specialistische-ambulante-behandeling');
  const many = (n: number) => Array.from({ length: n }, (_, i) => a(i + 1, null));
  it('seed 003 §6.3.4: specialist ambulatory treatment takes at most 20 partners', () => {
    expect(ruleIds(many(20), { complete: true }, spec)).toEqual([]);
    expect(ruleIds(many(21), {}, spec)).toEqual(['aantal-partners-max']);
  });
  it('seed 003 §6.3.3: a segment without lots refuses a lot on an award', () => {
    expect(ruleIds([a(1, 'p1')], {}, spec)).toEqual(['unknown-lot']);
  });
  it('seed 003 §8.3.4: behandeling met verblijf en crisiszorg has exactly one partner', () => {
    const vc = segment('verblijf-crisis');
    expect(ruleIds([a(7, null)], { complete: true }, vc)).toEqual([]);
    expect(ruleIds([a(7, null), a(8, null)], {}, vc)).toEqual(['aantal-partners-max']);
    expect(ruleIds([], { complete: true }, vc)).toEqual(['aantal-partners-min']);
  });
  it('seed 003 §9.3.4: wonen met begeleiding (open house) has no maximum', () => {
    expect(ruleIds(many(250), { complete: true }, segment('wonen-met-begeleiding'))).toEqual([]);
  });
  it('seed 003 §6.3.4 dagbesteding: one partner per lot, two lots, two partners', () => {
    const dag = segment('dagbesteding-dagbehandeling');
    const [l1, l2] = dag.percelen.map((l) => l.id);
    expect(ruleIds([a(1, l1!), a(2, l2!)], { complete: true }, dag)).toEqual([]);
    expect(ruleIds([a(1, l1!), a(2, l1!), a(3, l2!)], {}, dag)).toEqual(
      expect.arrayContaining(['wbo-dagbesteding-een-partner-per-perceel', 'aantal-partners-max']),
    );
  });
  it('seed 003 §7.2: an open number of partners (zorg in het onderwijs) sets no limit', () => {
    expect(ruleIds(many(40), { complete: true }, segment('zorg-in-het-onderwijs'))).toEqual([]);
  });
});

describe('property (seed 003 §5.3.3/§5.3.4): random SLT award sets', () => {
  const award = fc.record({ providerId: fc.integer({ min: 1, max: 5 }), lotId: fc.constantFrom('p1', 'p2', 'p3') });
  const awards = fc.array(award, { maxLength: 6 });
  const owners = (as: Award[], lot: string) => new Set(as.filter((x) => x.lotId === lot).map((x) => x.providerId));

  it('no violation implies distinct owners of p2/p3 and at most one provider per lot', () => {
    fc.assert(
      fc.property(awards, (as) => {
        if (checkAwards(slt, as).length > 0) return;
        for (const lot of ['p1', 'p2', 'p3']) expect(owners(as, lot).size).toBeLessThanOrEqual(1);
        const p2 = owners(as, 'p2');
        for (const p of owners(as, 'p3')) expect(p2.has(p)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
  it('conversely, such a set with at most 3 partners has no violation', () => {
    fc.assert(
      fc.property(awards, (as) => {
        const perLotOk = ['p1', 'p2', 'p3'].every((l) => owners(as, l).size <= 1);
        const distinct = [...owners(as, 'p3')].every((p) => !owners(as, 'p2').has(p));
        const partners = new Set(as.map((x) => x.providerId)).size;
        if (perLotOk && distinct && partners <= 3) expect(checkAwards(slt, as)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
  it('wbo-lot-distinct fires exactly when one provider holds both p2 and p3', () => {
    fc.assert(
      fc.property(awards, (as) => {
        const shared = [...owners(as, 'p3')].some((p) => owners(as, 'p2').has(p));
        expect(ruleIds(as).includes('wbo-lot-distinct')).toBe(shared);
      }),
      { numRuns: 2000 },
    );
  });
});
