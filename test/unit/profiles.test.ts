/**
 * The real region profiles (profiles/<regio>/<geldigVanaf>.yaml) load without problems and carry
 * the facts their seeds state. Each test names the seed and section the fact comes from.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDemoFile, loadProfiles, referenceLists } from '../../src/app/profiles/profile-store.js';
import { checkFinancieelKader } from '../../src/domain/landscape/profile-rules.js';
import { isOpen, type OpenVraag, type RegionProfile, type SegmentProfile } from '../../src/domain/landscape/profile-schema.js';
import { maxTermYears, toLandscape } from '../../src/domain/landscape/landscape.js';
import { PROFILES, realProfile, realProfiles } from './helpers.js';

const segment = (p: RegionProfile, id: string): SegmentProfile => {
  const s = p.segmenten.find((x) => x.id === id);
  if (!s) throw new Error(`segment ${id} missing in ${p.regio}`);
  return s;
};
const closed = <T>(v: T): Exclude<T, OpenVraag> => {
  if (isOpen(v)) throw new Error(`expected a value, got openVraag: ${v.openVraag}`);
  return v as Exclude<T, OpenVraag>;
};

describe('all real profiles', () => {
  it('load without problems (loadProfiles on the default folder)', () => {
    const { profiles, problems } = loadProfiles();
    expect(problems).toEqual([]);
    expect(profiles.map((p) => p.profile.regio).sort()).toEqual(
      expect.arrayContaining(['haaglanden', 'hart-van-brabant', 'holland-rijnland', 'regio-2021', 'wbo']),
    );
  });
  it('profiles/wbo/demo.yaml is valid demo parameters', () => {
    const file = join(PROFILES, 'wbo', 'demo.yaml');
    expect(checkDemoFile(readFileSync(file, 'utf8'), file)).toEqual([]);
  });

  for (const { file, profile } of realProfiles().profiles) {
    describe(file, () => {
      it('DESIGN.md: every segment has a bron citing a declared seed and a section', () => {
        for (const s of profile.segmenten) {
          expect(s.bron.sectie.length, s.id).toBeGreaterThan(0);
          expect(Object.keys(profile.bronnen), s.id).toContain(s.bron.seed);
        }
      });
      it('DESIGN.md: what the seed leaves open is written down as openVraag (at least one)', () => {
        const all = JSON.stringify(profile).match(/"openVraag":/g) ?? [];
        expect(all.length).toBeGreaterThan(0);
        expect(profile.openVragen.length).toBeGreaterThan(0);
      });
      it('maps onto the landscape view with every lot and segment', () => {
        const codes = { productCategory: (c: string) => referenceLists().productCategorieen.get(c), unit: (c: string) => referenceLists().eenheden.get(c) };
        const view = toLandscape(profile, [], [], codes);
        expect(view.region.id).toBe(profile.regio);
        expect(view.segments.map((s) => s.id)).toEqual(profile.segmenten.map((s) => s.id));
        expect(view.hasBudgetFramework).toBe(profile.financieelKader !== undefined);
      });
    });
  }
});

describe('WBO (seed 003, Inkoopstrategie Regio WBO Jeugd)', () => {
  const wbo = realProfile('wbo');
  it('seed 003 §1.1: five gemeenten (Altena, Breda, Drimmelen, Geertruidenberg, Oosterhout)', () => {
    expect(wbo.gemeenten.map((g) => g.naam).sort()).toEqual(['Altena', 'Breda', 'Drimmelen', 'Geertruidenberg', 'Oosterhout']);
    expect(wbo.gemeenten.map((g) => g.code).sort()).toEqual(['0758', '0779', '0826', '1719', '1959']);
  });
  it('seed 003 §5.3.3: seven SLT areas, four of them in Breda', () => {
    const slts = wbo.gebieden.filter((g) => g.soort === 'slt');
    expect(slts).toHaveLength(7);
    expect(slts.filter((g) => g.gemeenten.includes('0758'))).toHaveLength(4);
  });
  it('seed 003 §5.3.3: the SLT task area has 3 lots covering all 7 SLTs once', () => {
    const slt = segment(wbo, 'slt');
    expect(slt.percelen.map((l) => l.id)).toEqual(['p1', 'p2', 'p3']);
    const areas = slt.percelen.flatMap((l) => l.gebieden ?? []);
    expect(new Set(areas).size).toBe(7);
    expect(areas).toHaveLength(7);
  });
  it('seed 003 §5.3.3: lots p2 and p3 (Breda) carry a blocking percelen-verschillend rule', () => {
    const rule = segment(wbo, 'slt').regels.find((r) => r.type === 'percelen-verschillend');
    expect(rule).toMatchObject({ soort: 'blokkerend', percelen: ['p2', 'p3'], bron: { seed: '003', sectie: '5.3.3' } });
  });
  it('seed 003 §5.3.4: one partner per lot, two to three partners in the SLT task area', () => {
    const slt = segment(wbo, 'slt');
    expect(slt.regels.find((r) => r.type === 'partners-per-perceel')).toMatchObject({ max: 1, soort: 'blokkerend' });
    expect(closed(slt.aantalPartners)).toMatchObject({ min: 2, max: 3 });
  });
  it('seed 003 §5.3.1: SLT term 5 years with two 1-year extensions (7 at most)', () => {
    const l = closed(segment(wbo, 'slt').looptijd);
    expect(l).toMatchObject({ jaren: 5, verlengingen: [1, 1] });
    expect(maxTermYears(l)).toBe(7);
  });
  it('seed 003 §5.3.5: the SLT is funded task-based as a lump sum without client accounting', () => {
    expect(closed(segment(wbo, 'slt').bekostiging)).toMatchObject({ variant: 'taakgericht', vorm: 'lumpsum', clientVerantwoording: false });
  });
  it('seed 003 §6.3.1/§6.3.4/§6.3.5: specialist ambulatory treatment: max 20 partners, 2+1+1 years, a budget ceiling', () => {
    const s = segment(wbo, 'specialistische-ambulante-behandeling');
    expect(closed(s.aantalPartners).max).toBe(20);
    const l = closed(s.looptijd);
    expect(l).toMatchObject({ jaren: 2, verlengingen: [1, 1] });
    expect(maxTermYears(l)).toBe(4);
    const b = closed(s.bekostiging);
    expect(b.variant).toBe('inspanningsgericht');
    expect(b.plafond && !isOpen(b.plafond) ? b.plafond.bron.sectie : undefined).toBe('6.3.5');
  });
  it('seed 003 §8.3.4: behandeling met verblijf en crisiszorg has exactly one contract partner', () => {
    expect(closed(segment(wbo, 'verblijf-crisis').aantalPartners)).toMatchObject({ min: 1, max: 1 });
  });
  it('seed 003 §9.3.4: wonen met begeleiding is an open house without a maximum', () => {
    const s = segment(wbo, 'wonen-met-begeleiding');
    expect(closed(s.aantalPartners).max).toBeNull();
    expect(closed(s.procedure).soort).toBe('open-house');
  });
  it('seed 003 §12: the product translation table has rows, each to a known segment', () => {
    expect(wbo.productvertaling.length).toBeGreaterThan(10);
    const ids = new Set(wbo.segmenten.map((s) => s.id));
    for (const row of wbo.productvertaling) expect(ids.has(row.nieuw.segment)).toBe(true);
  });
  it('seed 003 §2.1: 9563 youths received care in 2024', () => {
    expect(wbo.kengetallen.find((k) => k.id === 'jeugdigen-met-jeugdhulp-2024')?.waarde).toBe(9563);
  });
});

describe('Holland Rijnland (seed 004, Inkoopplan Jeugdhulp 2021-2024)', () => {
  const hr = realProfile('holland-rijnland');
  it('seed 004 §7: nine gemeenten in two deelregios (4 Leidse regio, 5 Duin- en Bollenstreek)', () => {
    expect(hr.gemeenten).toHaveLength(9);
    expect(hr.deelregios.map((d) => d.id).sort()).toEqual(['duin-en-bollenstreek', 'leidse-regio']);
    expect(hr.gemeenten.filter((g) => g.deelregio === 'leidse-regio')).toHaveLength(4);
    expect(hr.gemeenten.filter((g) => g.deelregio === 'duin-en-bollenstreek')).toHaveLength(5);
  });
  it('seed 004 §2.2 Tabel 2: seven segments', () => {
    expect(hr.segmenten).toHaveLength(7);
  });
  it('seed 004 §6.1: the printed totals of the financial framework reproduce (no findings)', () => {
    expect(hr.financieelKader).toBeDefined();
    expect(checkFinancieelKader(hr)).toEqual([]);
  });
  it.each([
    ['2021', 81_989_000],
    ['2024', 78_751_000],
  ])('seed 004 §6.1: the regional total %s (EUR %i) is the sum of all posts within rounding', (year, euro) => {
    const fk = hr.financieelKader!;
    const sum = fk.posten.reduce((a, p) => a + (p.bedragen[year] ?? 0), 0);
    const tolerance = Math.ceil((fk.posten.length + 1) / 2) * fk.afrondingCent;
    expect(Math.abs(sum - euro * 100)).toBeLessThanOrEqual(tolerance);
    expect(fk.gedrukteTotalen.find((t) => t.niveau === 'regio')?.bedragen[year]).toBe(euro * 100);
    expect(hr.kengetallen.find((k) => k.id === `budget-totaal-${year}`)?.waarde).toBe(euro * 100);
  });
  it('seed 004 §3.1/§3.3: P x Q with a budget ceiling per aanbieder', () => {
    const pxqPerAanbieder = hr.segmenten.filter((s) => {
      const b = s.bekostiging;
      return !isOpen(b) && b.vorm === 'pxq' && b.plafond !== undefined && !isOpen(b.plafond) && b.plafond.niveau === 'aanbieder';
    });
    expect(pxqPerAanbieder.map((s) => s.id)).toContain('behandeling-met-verblijf');
  });
  it('seed 004 §4.1: the Centrale Intake covers all nine gemeenten', () => {
    const ci = hr.gebieden.find((g) => g.soort === 'centrale-intake');
    expect(ci?.gemeenten).toHaveLength(9);
  });
});

describe('the other seed regions', () => {
  it('seed 000 (Hart van Brabant): nine gemeenten and its four columns as segments', () => {
    const p = realProfile('hart-van-brabant');
    expect(p.gemeenten).toHaveLength(9);
    expect(p.segmenten.map((s) => s.id)).toEqual(['specialistische-zorg', 'wonen', 'dagbehandeling-dagbegeleiding-dagopvang', 'veelvoorkomende-zorg']);
    expect(closed(segment(p, 'specialistische-zorg').aantalPartners)).toMatchObject({ min: 4, max: 8 });
    expect(closed(segment(p, 'veelvoorkomende-zorg').bekostiging).variant).toBe('resultaatgericht');
  });
  it('seed 002 (Haaglanden): segments A basishulp, B laagcomplex, C hoogcomplex and crisis', () => {
    const p = realProfile('haaglanden');
    expect(p.segmenten.map((s) => s.id)).toEqual(['a-basishulp', 'b-laagcomplexe-hulp', 'c-hoogcomplexe-hulp', 'crisis']);
    expect(closed(segment(p, 'b-laagcomplexe-hulp').bekostiging).variant).toBe('resultaatgericht');
    expect(p.gemeenten.length).toBeGreaterThan(0);
  });
  it('seed 001 (regio 2021): gezinsvormen, ambulante hulp, jeugdhulp in onderwijstijd and crisis; no gemeenten, said so', () => {
    const p = realProfile('regio-2021');
    expect(p.segmenten.map((s) => s.id)).toEqual(['gezinsvormen', 'ambulante-hulp', 'jeugdhulp-in-onderwijstijd', 'crisis']);
    expect(p.gemeenten).toEqual([]);
    expect(p.openVragen.some((o) => /gemeenten/i.test(o.openVraag))).toBe(true);
  });
});

describe('maxTermYears (seed 003 §5.3.1, seed 004 §4.1)', () => {
  it.each([
    [{ jaren: 5, verlengingen: [1, 1] }, 7],
    [{ jaren: 2 }, 2],
    [{ jarenMax: 10 }, 10],
    [{ jarenMax: 7, verlengingen: [2] }, 9],
    [{}, undefined],
  ])('%j -> %s', (l, years) => {
    expect(maxTermYears(l)).toBe(years);
  });
});

describe('toLandscape on WBO (seed 003 §5.3.3: areas, lots and contracts joined)', () => {
  const wbo = realProfile('wbo');
  const codes = { productCategory: (c: string) => referenceLists().productCategorieen.get(c), unit: (c: string) => referenceLists().eenheden.get(c) };
  const contract = (id: number, providerId: number, lotId: string | null, segmentId = 'slt') => ({
    id,
    providerId,
    providerName: `Aanbieder ${providerId}`,
    agbCode: `9800000${providerId}`,
    segmentId,
    lotId,
    startDate: '2027-01-01',
    endDate: '2031-12-31',
    extensionYears: [1, 1],
    status: 'gegund',
    ceilingCents: null,
  });
  const view = toLandscape(
    wbo,
    [contract(1, 1, 'p1'), contract(2, 2, 'p2'), contract(3, 1, 'p3'), contract(4, 3, null, 'wonen-met-begeleiding')],
    [{ id: 1, name: 'B-partij', agbCode: '98000001', kind: 'jeugdhulpaanbieder' }],
    codes,
  );
  const slt = view.segments.find((s) => s.id === 'slt')!;
  it('each SLT area knows its lot; lot p1 spans the four non-Breda gemeenten', () => {
    expect(view.areas.find((a) => a.id === 'slt-breda-nw')?.lotIds).toEqual(['p2']);
    expect(slt.lots.find((l) => l.id === 'p1')?.municipalityCodes.sort()).toEqual(['0779', '0826', '1719', '1959']);
  });
  it('the term shows 5 years plus [1, 1] = 7 years at most, with its source', () => {
    expect(slt.contractRules.term).toMatchObject({ years: 5, extensions: [1, 1], maxTotalYears: 7, source: { seed: '003', section: '5.3.1' } });
  });
  it('contracts are joined per segment and lot; providers are listed once with their lots', () => {
    expect(slt.contracts.map((c) => c.id)).toEqual([1, 2, 3]);
    expect(slt.lots.find((l) => l.id === 'p2')?.contracts.map((c) => c.id)).toEqual([2]);
    expect(slt.providers.find((p) => p.id === 1)).toMatchObject({ name: 'B-partij', contractCount: 2, lotIds: ['p1', 'p3'] });
    expect(slt.providers.find((p) => p.id === 2)).toMatchObject({ name: 'Aanbieder 2', kind: 'onbekend' });
    expect(view.segments.find((s) => s.id === 'wonen-met-begeleiding')!.contracts).toHaveLength(1);
  });
  it('rules map to the English shape with severity and source (blokkerend -> blocking)', () => {
    expect(slt.rules.find((r) => r.id === 'wbo-lot-distinct')).toMatchObject({
      type: 'percelen-verschillend',
      severity: 'blocking',
      percelen: ['p2', 'p3'],
      source: { seed: '003', section: '5.3.3' },
    });
  });
});
