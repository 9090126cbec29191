/**
 * The scenario engine on a small hand-computed base (one year, two segments, two providers, two
 * municipalities). Every expected value is computed by hand in the comment next to it.
 *
 * Base: segment A (P x Q, "SGGZ") with three trajectories: t1 EUR 100 in Jan and Feb (provider 10,
 * municipality 0001), t2 EUR 300 in Jan (provider 10, municipality 0002), t3 EUR 200 in Mar, Apr,
 * May (provider 11, municipality 0001); segment B ("SLT") a lump-sum schedule of EUR 10 a month to
 * provider 11. Actual spend: 200 + 300 + 600 + 120 = EUR 1,220.00.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { baseTotals, checkScenario, segmentVolumes, simulateScenario, type BaseData, type SimulationOptions } from '../../src/domain/simulation/engine.js';
import { Scenario, ScenarioFile, type Wijziging } from '../../src/domain/simulation/scenario.js';
import { apportion, percentileSorted } from '../../src/domain/simulation/stats.js';

const base: BaseData = {
  years: [2025],
  segments: [
    { id: 'a', name: 'Segment A' },
    { id: 'b', name: 'Segment B' },
  ],
  providers: [
    { id: 10, agb: '10000001', name: 'Aanbieder Tien' },
    { id: 11, agb: '10000002', name: 'Aanbieder Elf' },
  ],
  municipalities: [
    { code: '0001', name: 'Eerstedorp', inhabitants: 3000 },
    { code: '0002', name: 'Tweestad', inhabitants: 1000 },
  ],
  trajectories: [
    { seg: 0, prov: 0, mun: 0, cat: '50', client: 1, start: '2025-01-01', end: '2025-02-28', goal: 1, months: [0, 1], cents: [10000, 10000] },
    { seg: 0, prov: 0, mun: 1, cat: '50', client: 2, start: '2025-01-01', end: '2025-01-31', goal: 0, months: [0], cents: [30000] },
    { seg: 0, prov: 1, mun: 0, cat: '50', client: 3, start: '2025-03-01', end: '2025-05-31', goal: null, months: [2, 3, 4], cents: [20000, 20000, 20000] },
  ],
  schedules: Array.from({ length: 12 }, (_, month) => ({ seg: 1, prov: 1, month, cents: 1000 })),
  ceilings: [],
  budgets: [
    { mun: 0, year: 2025, cents: 70000 },
    { mun: 1, year: 2025, cents: 70000 },
  ],
};

const opts: SimulationOptions = { spread: { volumegroei: 0, doelbereik: 0 }, runs: 0, seed: 1, viability: 0.8 };
const sc = (wijzigingen: unknown[]) => Scenario.parse({ id: 'test', naam: 'Test', wijzigingen });
const run = (wijzigingen: unknown[], o: Partial<SimulationOptions> = {}) => simulateScenario(base, sc(wijzigingen), { ...opts, ...o });

describe('base and no change', () => {
  it('the base totals are the lines plus the schedules', () => {
    const t = baseTotals(base);
    expect(t.totalCents).toBe(122000);
    expect(t.bySegment).toEqual({ a: 110000, b: 12000 });
    expect(t.byProvider).toEqual({ '10': 50000, '11': 72000 });
    expect(t.byMunicipality).toEqual({ '0001': 80000, '0002': 30000, regionaal: 12000 });
  });
  it('the no-change scenario replays the base to the cent, with no provider change', () => {
    const r = run([]);
    expect(r.totalCents).toBe(122000);
    expect(r.bySegment).toEqual({ a: 110000, b: 12000 });
    expect(r.details.providerChanges.every((p) => p.changeCents === 0)).toBe(true);
    expect(r.providersBelowThreshold).toBe(0);
    // Municipality 0001 spends 800 against a budget of 700: reported.
    expect(r.ceilingExceedances).toEqual([expect.objectContaining({ soort: 'budget', key: '0001', limitCents: 70000, amountCents: 80000, overCents: 10000 })]);
  });
});

describe('funding model changes', () => {
  it('trajectory price at the 50th percentile: the middle trajectory cost (EUR 300) for each of the three', () => {
    // Costs per trajectory 200, 300, 600; nearest rank 50% of 3 = rank 2 = 300. A = 3 x 300 = 900.
    const r = run([{ soort: 'bekostiging', segment: 'a', naar: { model: 'trajectprijs', percentiel: 50 } }]);
    expect(r.bySegment.a).toBe(90000);
    expect(r.totalCents).toBe(102000);
  });
  it('result-based: 40% upfront and 50% goal attainment pays 0.4 + 0.6 x 0.5 = 70% (seed 002: deels voorfinancieren en deels achteraf)', () => {
    const r = run([{ soort: 'bekostiging', segment: 'a', naar: { model: 'resultaat', voorschot: 0.4, doelbereik: 0.5 } }]);
    expect(r.bySegment.a).toBe(77000);
    expect(r.totalCents).toBe(89000);
  });
  it('result-based with the measured goal attainment: t1 attained (1), t2 not (0), t3 unknown (mean 0.5)', () => {
    // t1: 200 x (0.4 + 0.6 x 1) = 200; t2: 300 x 0.4 = 120; t3: 600 x (0.4 + 0.6 x 0.5) = 420. A = 740.
    const r = run([{ soort: 'bekostiging', segment: 'a', naar: { model: 'resultaat', voorschot: 0.4, doelbereik: 'gemeten' } }]);
    expect(r.bySegment.a).toBe(74000);
  });
  it('caseload at EUR 100 per client per month: 2 + 1 + 3 client-months = EUR 600 (seed 001: clientvolgende bekostiging)', () => {
    const r = run([{ soort: 'bekostiging', segment: 'a', naar: { model: 'caseload', prijsPerClientPerMaand: 100 } }]);
    expect(r.bySegment.a).toBe(60000);
    expect(r.byProvider['10']).toBe(30000); // t1 2 months + t2 1 month
  });
  it('caseload without a price is cost neutral: 110000 / 6 = 18333 cents per client-month, x 6 = 109998', () => {
    const r = run([{ soort: 'bekostiging', segment: 'a', naar: { model: 'caseload' } }]);
    expect(r.bySegment.a).toBe(109998);
    expect(r.details.notes.join(' ')).toMatch(/183,33/);
  });
  it('availability for 25%: the same money, a quarter of it fixed per provider (regional)', () => {
    // Fixed: p10 0.25 x 500 = 125, p11 0.25 x 600 = 150; variable 0.75 x 1100 = 825 stays per municipality.
    const r = run([{ soort: 'bekostiging', segment: 'a', naar: { model: 'beschikbaarheid', aandeel: 0.25 } }]);
    expect(r.totalCents).toBe(122000);
    expect(r.byMunicipality).toEqual({ '0001': 60000, '0002': 22500, regionaal: 39500 });
  });
});

describe('shift between segments, lump sum, growth, indexation, ceilings', () => {
  const shift = { soort: 'verschuiving', van: 'a', naar: 'b', aandeel: 0.6, efficiencykorting: 0.1 };
  it('60% of A to B with a 10% discount: A keeps 40%, B gets 60% x 90% with its own provider', () => {
    // A: 0.4 x 1100 = 440; moved 0.6 x 1100 x 0.9 = 594 to provider 11 (B's only provider); B = 120 + 594.
    const r = run([shift]);
    expect(r.bySegment).toEqual({ a: 44000, b: 71400 });
    expect(r.byProvider).toEqual({ '10': 20000, '11': 95400 });
    expect(r.totalCents).toBe(115400);
    // Provider 10 falls to 40% of its base: below the 80% threshold; one winner, one loser.
    expect(r.providersBelowThreshold).toBe(1);
    expect([r.details.winners, r.details.losers]).toEqual([1, 1]);
  });
  it('the moved share as a lump sum by population (3:1), with a 5% lump-sum discount (seed 003 §5.3.5)', () => {
    // Pot 594.00; monthlySchedule: 594 x 0.95 = 564.30; by population 3:1 = 423.225 / 141.075 -> 42323 / 14107 cents.
    const r = run([shift, { soort: 'bekostiging', segment: 'b', naar: { model: 'lumpsum', verdeling: 'inwoners', korting: 0.05 } }]);
    expect(r.bySegment.b).toBe(12000 + 56430);
    expect(r.byMunicipality).toEqual({ '0001': 32000 + 42323, '0002': 12000 + 14107, regionaal: 12000 });
  });
  it('the lump sum by historical share follows where the care was used', () => {
    // Moved: 0001 0.6 x 800 x 0.9 = 432, 0002 0.6 x 300 x 0.9 = 162.
    const r = run([shift, { soort: 'bekostiging', segment: 'b', naar: { model: 'lumpsum', verdeling: 'historisch' } }]);
    expect(r.byMunicipality).toEqual({ '0001': 32000 + 43200, '0002': 12000 + 16200, regionaal: 12000 });
  });
  it('volume growth of 10% a year on A (first year grows too)', () => {
    expect(run([{ soort: 'volumegroei', segment: 'a', percentagePerJaar: 0.1 }]).totalCents).toBe(121000 + 12000);
  });
  it('indexation 3% and efficiency cut 1% in 2025 (seed 004 §6), rounded per cell', () => {
    expect(run([{ soort: 'indexatie', perJaar: [{ jaar: 2025, percentage: 0.03 }] }]).totalCents).toBe(125660);
    expect(run([{ soort: 'efficiencykorting', perJaar: [{ jaar: 2025, percentage: 0.01 }] }]).totalCents).toBe(120780);
  });
  it('a segment ceiling of EUR 1,000 that rejects: the excess of 100 is not paid, the variable cells are cut back', () => {
    const r = run([{ soort: 'plafond', segment: 'a', bedragPerJaar: 1000, beleid: 'afwijzen' }]);
    // 1100 x (1 - 100/1100) per cell, floored: 18181 + 27272 + 54545 = 99998.
    expect(r.bySegment.a).toBe(99998);
    expect(r.ceilingExceedances.find((e) => e.soort === 'segment')).toMatchObject({
      key: 'a',
      year: 2025,
      limitCents: 100000,
      amountCents: 110000,
      overCents: 10000,
      beleid: 'afwijzen',
    });
  });
  it('a ceiling that only signals leaves the spend, and one as a share of the base follows the base', () => {
    expect(run([{ soort: 'plafond', segment: 'a', bedragPerJaar: 1000, beleid: 'signaleren' }]).totalCents).toBe(122000);
    const r = run([{ soort: 'plafond', aanbieder: '10000001', aandeelVanBasis: 0.9, beleid: 'signaleren' }]);
    expect(r.ceilingExceedances.find((e) => e.soort === 'aanbieder')).toMatchObject({ limitCents: 45000, amountCents: 50000 });
  });
  it('the waterfall adds up from the base to the scenario, change by change', () => {
    const r = run([shift, { soort: 'volumegroei', segment: 'alle', percentagePerJaar: 0.1 }]);
    const steps = r.details.waterfall;
    expect(steps[0]!.cents).toBe(122000);
    expect(steps[1]!.cents).toBe(115400 - 122000);
    expect(steps.at(-1)!.cents).toBe(r.totalCents);
    expect(steps.slice(0, -1).reduce((a, s) => a + s.cents, 0)).toBe(r.totalCents);
  });
});

describe('Monte Carlo', () => {
  it('is deterministic for a seed and spreads with the default spreads', () => {
    const a = run([], { runs: 500, seed: 7, spread: { volumegroei: 0.05, doelbereik: 0.05 } });
    const b = run([], { runs: 500, seed: 7, spread: { volumegroei: 0.05, doelbereik: 0.05 } });
    expect(a.percentiles).toEqual(b.percentiles);
    expect(a.percentiles!.p10).toBeLessThan(a.percentiles!.p50);
    expect(a.percentiles!.p50).toBeLessThan(a.percentiles!.p90);
    // Only A's 1100 spreads; the lump sum of 120 is fixed. p50 near the replay.
    expect(Math.abs(a.percentiles!.p50 - 122000)).toBeLessThan(3000);
    expect(a.percentiles!.p10).toBeGreaterThan(12000);
  });
  it('without spread every run equals the deterministic replay', () => {
    const r = run([{ soort: 'bekostiging', segment: 'a', naar: { model: 'resultaat', voorschot: 0.4, doelbereik: 0.5 } }], { runs: 50 });
    expect(r.percentiles).toEqual({ p10: 89000, p50: 89000, p90: 89000 });
  });
  it('a rejecting segment ceiling bounds the upside of every run (seed 004: budgetplafonds per segment)', () => {
    // Ceiling for A at its actual 1100: runs with more volume pay at most 1100 for A, so P90 <= 1220 and P10 below it.
    const r = run([{ soort: 'plafond', segment: 'a', aandeelVanBasis: 1, beleid: 'afwijzen' }], { runs: 400, spread: { volumegroei: 0.1, doelbereik: 0 } });
    expect(r.percentiles!.p90).toBeLessThanOrEqual(122000);
    expect(r.percentiles!.p10).toBeLessThan(122000);
    const free = run([], { runs: 400, spread: { volumegroei: 0.1, doelbereik: 0 } });
    expect(free.percentiles!.p90).toBeGreaterThan(122000);
  });
  it('percentiles are null without runs', () => {
    expect(run([]).percentiles).toBeNull();
  });
  it('a lump sum carries no volume risk: its spread is zero', () => {
    const r = run([shift(), { soort: 'bekostiging', segment: 'a', naar: { model: 'lumpsum', verdeling: 'historisch' } }], {
      runs: 200,
      spread: { volumegroei: 0.1, doelbereik: 0 },
    });
    expect(r.percentiles!.p10).toBe(r.percentiles!.p90);
  });
  function shift() {
    return { soort: 'verschuiving', van: 'b', naar: 'a', aandeel: 0 };
  }
});

describe('helpers and checks', () => {
  it('nearest-rank percentile and exact apportionment', () => {
    expect(percentileSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 10)).toBe(1);
    expect(percentileSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(apportion(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(apportion(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
  });
  it('names unknown segments and years in Dutch', () => {
    const problems = checkScenario(
      base,
      sc([
        { soort: 'bekostiging', segment: 'x', naar: { model: 'trajectprijs', percentiel: 50 } },
        { soort: 'indexatie', perJaar: [{ jaar: 2030, percentage: 0.02 }] },
      ]),
    );
    expect(problems).toEqual([expect.stringMatching(/segment "x" bestaat niet/), expect.stringMatching(/jaar 2030 ligt niet in de basisperiode/)]);
  });
  it('rejects a bad scenario file', () => {
    const bad = ScenarioFile.safeParse({ regio: 'wbo', basis: { jaren: [2025] }, levensvatbaarheidsdrempel: { waarde: 2 }, spreiding: {}, scenarios: [] });
    expect(bad.success).toBe(false);
  });
});

describe('property: moving a share between segments conserves volume', () => {
  const traj = fc.record({
    seg: fc.integer({ min: 0, max: 1 }),
    prov: fc.integer({ min: 0, max: 1 }),
    mun: fc.integer({ min: 0, max: 2 }),
    n: fc.integer({ min: 1, max: 12 }),
    cents: fc.integer({ min: -50000, max: 500000 }),
  });
  it('the volume (cents before discount, client-months) over all segments is the same before and after', () => {
    fc.assert(
      fc.property(
        fc.array(traj, { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (ts, share, discount) => {
          const data: BaseData = {
            ...base,
            trajectories: ts.map((t, i) => ({
              seg: t.seg,
              prov: t.prov,
              mun: t.mun,
              cat: '50',
              client: i,
              start: '2025-01-01',
              goal: null,
              months: Array.from({ length: t.n }, (_, m) => m),
              cents: Array.from({ length: t.n }, () => t.cents),
            })),
            schedules: [],
          };
          const moves: Wijziging[] = [
            Scenario.parse({ id: 'x', naam: 'x', wijzigingen: [{ soort: 'verschuiving', van: 'a', naar: 'b', aandeel: share, efficiencykorting: discount }] })
              .wijzigingen[0]!,
          ];
          const before = segmentVolumes(data, sc([]));
          const after = segmentVolumes(data, { id: 'x', naam: 'x', wijzigingen: moves });
          const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
          expect(sum(after.cents)).toBeCloseTo(sum(before.cents), 4);
          expect(sum(after.clientMonths)).toBeCloseTo(sum(before.clientMonths), 9);
          // What A lost is what B gained.
          expect(before.cents[0]! - after.cents[0]!).toBeCloseTo(after.cents[1]! - before.cents[1]!, 4);
        },
      ),
    );
  });
});
