/**
 * Demo population generator (generator.ts) with the real WBO profile (seed 003) and its demo
 * parameters (profiles/wbo/demo.yaml). Most checks use a scaled-down copy (400 youths a year,
 * two years) for speed; one run uses the full parameters.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadDemoParameters } from '../../src/app/profiles/demo-parameters.js';
import { checkAwards, type Award } from '../../src/domain/landscape/awards.js';
import { maxTermYears } from '../../src/domain/landscape/landscape.js';
import { isOpen } from '../../src/domain/landscape/profile-schema.js';
import type { DemoParameters } from '../../src/domain/landscape/demo-schema.js';
import { generateRegion, youthsInCarePerYear, zipfExponentForTop5, type GeneratedRegion } from '../../src/demo/generator.js';
import { top5Share } from '../../src/domain/landscape/concentration.js';
import { isValidBsn } from '../../src/domain/people/bsn.js';
import { addDays, addYears } from '../../src/domain/dates.js';
import { realProfile } from './helpers.js';

const wbo = realProfile('wbo');
const full = loadDemoParameters('wbo');
const SMALL_YEARS = [2024, 2025];
const small: DemoParameters = {
  ...structuredClone(full),
  jaren: SMALL_YEARS,
  jeugdigenInZorgPerJaar: { ...full.jeugdigenInZorgPerJaar, waarde: 400 },
};
const TODAY = '2026-03-01'; // after the last demo year, so 2025 is a full year
let g: GeneratedRegion;
beforeAll(() => {
  g = generateRegion(wbo, small, { seed: 7, today: TODAY });
});

describe('determinism (generator.ts: same profile, parameters, seed and today give the same region)', () => {
  it('the same seed gives a deep-equal region', () => {
    expect(generateRegion(wbo, small, { seed: 7, today: TODAY })).toEqual(g);
  });
  it('another seed gives a different region', () => {
    const other = generateRegion(wbo, small, { seed: 8, today: TODAY });
    expect(other).not.toEqual(g);
    expect(other.trajectories.map((t) => t.startDate)).not.toEqual(g.trajectories.map((t) => t.startDate));
  });
  it('the demo parameters of WBO cite seed 003 or are written down as aanname', () => {
    expect(full.jeugdigenInZorgPerJaar).toMatchObject({ waarde: 9563, bron: { seed: '003', sectie: '2.1' } });
    expect(full.aanbieders.top5Aandeel.aanname).toBeTruthy();
  });
});

describe('youths (DESIGN.md: BSN validated with the 11-check; seed 003 §1.1 municipalities)', () => {
  it('every BSN is valid and unique', () => {
    expect(g.youths.length).toBeGreaterThan(300);
    expect(g.youths.every((y) => isValidBsn(y.bsn))).toBe(true);
    expect(new Set(g.youths.map((y) => y.bsn)).size).toBe(g.youths.length);
  });
  it('every youth, family and trajectory lives in a municipality of the profile', () => {
    const codes = new Set(wbo.gemeenten.map((x) => x.code));
    for (const y of g.youths) expect(codes.has(y.municipalityCode), y.municipalityCode).toBe(true);
    for (const f of g.families) expect(codes.has(f.municipalityCode)).toBe(true);
    const youth = new Map(g.youths.map((y) => [y.key, y]));
    for (const t of g.trajectories) expect(t.municipalityCode).toBe(youth.get(t.youthKey)!.municipalityCode);
  });
  it("seed 003 §5.3.3: a youth's SLT area covers its municipality; siblings share the family's municipality", () => {
    const area = new Map(wbo.gebieden.map((a) => [a.id, a]));
    const family = new Map(g.families.map((f) => [f.key, f]));
    for (const y of g.youths) {
      expect(y.areaId).not.toBeNull();
      expect(area.get(y.areaId!)!.gemeenten).toContain(y.municipalityCode);
      expect(family.get(y.familyKey)!.municipalityCode).toBe(y.municipalityCode);
    }
  });
  it('birth dates make a youth 0 to 17 years old when first in care', () => {
    const first = new Map<number, string>();
    for (const t of g.trajectories) if (!first.has(t.youthKey) || t.startDate < first.get(t.youthKey)!) first.set(t.youthKey, t.startDate);
    for (const y of g.youths) {
      const start = first.get(y.key)!;
      expect(y.birthDate <= start).toBe(true);
      expect(addYears(y.birthDate, 18) > start).toBe(true);
    }
  });
});

describe('contracts and trajectories (seed 003 §5.3.1 looptijd, §5.3.3/§5.3.4 award rules)', () => {
  const contractOf = () => new Map(g.contracts.map((c) => [c.key, c]));
  it('every trajectory starts within the period of its contract, of its own segment and provider', () => {
    const cs = contractOf();
    for (const t of g.trajectories) {
      const c = cs.get(t.contractKey)!;
      expect(c, `contract ${t.contractKey}`).toBeDefined();
      expect(c.segmentId).toBe(t.segmentId);
      expect(c.providerKey).toBe(t.providerKey);
      expect(t.startDate >= c.startDate && t.startDate <= c.endDate, `${t.startDate} in ${c.startDate}..${c.endDate}`).toBe(true);
      if (t.endDate !== null) expect(t.endDate >= t.startDate).toBe(true);
    }
  });
  it('no trajectory starts after today or after the last demo year; open-ended ones end after today', () => {
    const last = `${Math.max(...SMALL_YEARS)}-12-31`;
    for (const t of g.trajectories) {
      expect(t.startDate <= last && t.startDate <= TODAY).toBe(true);
      if (t.endDate !== null) expect(t.endDate <= TODAY).toBe(true);
    }
  });
  it("seed 003 §5.3.3: an SLT trajectory goes to the partner of the lot holding the youth's area", () => {
    const cs = contractOf();
    const slt = wbo.segmenten.find((s) => s.id === 'slt')!;
    const youth = new Map(g.youths.map((y) => [y.key, y]));
    const sltTrajectories = g.trajectories.filter((t) => t.segmentId === 'slt');
    expect(sltTrajectories.length).toBeGreaterThan(0);
    for (const t of sltTrajectories) {
      const lot = slt.percelen.find((l) => (l.gebieden ?? []).includes(youth.get(t.youthKey)!.areaId!));
      expect(cs.get(t.contractKey)!.lotId).toBe(lot!.id);
    }
  });
  it('the contracts of every segment and term satisfy checkAwards of the profile (complete)', () => {
    for (const seg of wbo.segmenten) {
      const own = g.contracts.filter((c) => c.segmentId === seg.id);
      if (!small.segmenten[seg.id]) {
        expect(own).toEqual([]);
        continue;
      }
      const terms = new Set(own.map((c) => c.startDate));
      expect(terms.size).toBeGreaterThan(0);
      for (const start of terms) {
        const awards: Award[] = own.filter((c) => c.startDate === start).map((c) => ({ providerId: c.providerKey, lotId: c.lotId }));
        expect(checkAwards(seg, awards, { complete: true }), `${seg.id} from ${start}`).toEqual([]);
      }
    }
  });
  it('seed 003 §5.3.1: a profile term starts on the ingangsdatum and never exceeds jaren + verlengingen', () => {
    for (const c of g.contracts.filter((x) => x.status !== 'overgang')) {
      const seg = wbo.segmenten.find((s) => s.id === c.segmentId)!;
      if (isOpen(seg.looptijd)) continue;
      const cap = maxTermYears(seg.looptijd)!;
      expect(c.endDate <= addDays(addYears(c.startDate, cap), -1), `${c.segmentId} ${c.startDate}..${c.endDate}`).toBe(true);
    }
    const sltTerm = g.contracts.find((c) => c.segmentId === 'slt' && c.status !== 'overgang');
    expect(sltTerm).toMatchObject({ startDate: '2027-01-01', endDate: '2031-12-31', extensionYears: [1, 1], status: 'gegund' });
  });
  it('seed 003 §5.3.4/§8.3.4: three SLT partners, one for verblijf en crisiszorg', () => {
    const partners = (id: string) => new Set(g.contracts.filter((c) => c.segmentId === id).map((c) => c.providerKey)).size;
    expect(partners('slt')).toBe(3);
    expect(partners('verblijf-crisis')).toBe(1);
    expect(partners('specialistische-ambulante-behandeling')).toBeLessThanOrEqual(20);
  });
});

describe('providers: a few large providers and a long tail (top-5 share from demo.yaml)', () => {
  it('the top-5 share of the provider weights equals aanbieders.top5Aandeel', () => {
    expect(g.providers).toHaveLength(small.aanbieders.aantal.waarde);
    expect(top5Share(g.providers.map((p) => p.weight))).toBeCloseTo(small.aanbieders.top5Aandeel.waarde, 6);
  });
  it('AGB codes are 8 digits and unique; names are unique', () => {
    expect(g.providers.every((p) => /^\d{8}$/.test(p.agbCode))).toBe(true);
    expect(new Set(g.providers.map((p) => p.agbCode)).size).toBe(g.providers.length);
    expect(new Set(g.providers.map((p) => p.name)).size).toBe(g.providers.length);
  });
  it('zipfExponentForTop5 hits any reachable share (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 6, max: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, u) => {
        const share = 5 / n + 0.01 + u * (0.98 - 5 / n - 0.01);
        const s = zipfExponentForTop5(n, share);
        const weights = Array.from({ length: n }, (_, i) => (i + 1) ** -s);
        expect(Math.abs(top5Share(weights) - share)).toBeLessThan(1e-6);
      }),
      { numRuns: 200 },
    );
  });
  it('top5Share: empty list 0, ten equal weights 0.5, order does not matter', () => {
    expect(top5Share([])).toBe(0);
    expect(top5Share(Array(10).fill(3))).toBe(0.5);
    expect(top5Share([1, 9, 1, 1, 1, 1, 1])).toBeCloseTo(13 / 15, 12);
  });
});

describe('volumes: youths in care per year', () => {
  it('youthsInCarePerYear counts distinct youths whose trajectories overlap the year', () => {
    const t = (youthKey: number, startDate: string, endDate: string | null) => ({ youthKey, startDate, endDate }) as GeneratedRegion['trajectories'][number];
    const region = {
      providers: [],
      contracts: [],
      families: [],
      youths: [],
      trajectories: [
        t(1, '2024-03-01', '2024-06-01'),
        t(1, '2024-09-01', '2025-02-01'),
        t(2, '2023-01-01', '2024-01-01'),
        t(3, '2023-06-01', '2023-12-31'),
        t(4, '2025-01-01', null),
        t(5, '2024-12-31', '2024-12-31'),
      ],
    } as GeneratedRegion;
    expect(youthsInCarePerYear(region, 2023)).toBe(2);
    expect(youthsInCarePerYear(region, 2024)).toBe(3);
    expect(youthsInCarePerYear(region, 2025)).toBe(2);
    expect(youthsInCarePerYear(region, 2026)).toBe(1);
  });
  it('scaled parameters: the last full year (2025) is within 15% of jeugdigenInZorgPerJaar (400)', () => {
    const n = youthsInCarePerYear(g, 2025);
    expect(Math.abs(n - 400) / 400, `${n} youths in care in 2025`).toBeLessThanOrEqual(0.15);
  });
  it('full WBO parameters (seed 003 §2.1: 9563 youths; demo.yaml growth 4%): 2025 and 2026 near what the generator targets', () => {
    // The generator anchors jeugdigenInZorgPerJaar at its peiljaar (2024, the year seed 003 §2.1
    // reports) and grows it by groeiPerJaar: target(y) = 9563 x 1.04^(y - 2024).
    const last = Math.max(...full.jaren);
    expect(full.peiljaar).toBe(2024);
    const target = (y: number) => full.jeugdigenInZorgPerJaar.waarde * (1 + full.groeiPerJaar.waarde) ** (Math.min(y, last) - full.peiljaar!);
    const region = generateRegion(wbo, full, { seed: 20270101, today: `${last}-12-31` });
    for (const y of [2024, 2025, 2026]) {
      const n = youthsInCarePerYear(region, y);
      expect(Math.abs(n - target(y)) / target(y), `${y}: ${n} vs target ${Math.round(target(y))}`).toBeLessThanOrEqual(0.1);
    }
    expect(Math.round(target(2025))).toBe(9946);
    expect(region.youths.every((y) => isValidBsn(y.bsn))).toBe(true);
    expect(new Set(region.youths.map((y) => y.bsn)).size).toBe(region.youths.length);
  }, 30_000);
});
