/**
 * Consistency rules of a region profile (profile-rules.ts), on small profiles built in code.
 * Every finding carries the YAML path of the offending value.
 */
import { describe, expect, it } from 'vitest';
import { checkFinancieelKader, checkProfile } from '../../src/domain/landscape/profile-rules.js';
import { referenceLists } from '../../src/app/profiles/profile-store.js';
import type { RegionProfile } from '../../src/domain/landscape/profile-schema.js';
import { bron, makeProfile, realProfile } from './helpers.js';

const refs = referenceLists();
const findings = (mutate: (raw: Record<string, any>) => void) => checkProfile(makeProfile(mutate), refs);
const seg = (raw: Record<string, any>) => raw.segmenten[0];

describe('minimal profile (DESIGN.md: every rule cites its source)', () => {
  it('a consistent profile has no findings', () => {
    expect(checkProfile(makeProfile(), refs)).toEqual([]);
  });
  it('the reference lists are the real CBS / JZ020 / WJ756 lists', () => {
    expect(refs.gemeenteCodes.get('0758')).toBe('Breda');
    expect(refs.productCategorieen.has('45')).toBe(true);
    expect(refs.eenheden.get('04')).toBe('Uur');
  });
});

describe('municipalities and areas (seed 003 §1.1, §5.3.3; CBS gemeentecodes)', () => {
  it('seed 003 §5.3.3: an area naming a gemeente not listed under gemeenten is reported at its path', () => {
    const f = findings((r) => r.gebieden[0].gemeenten.push('0363'));
    expect(f).toEqual([{ path: ['gebieden', 0, 'gemeenten', 1], message: expect.stringContaining('unknown gemeente "0363"') }]);
  });
  it('CBS: a gemeentecode that is not in the CBS list is reported', () => {
    const f = findings((r) => {
      r.gemeenten[1].code = '9999';
      r.gebieden[1].gemeenten = ['9999'];
    });
    expect(f).toEqual([{ path: ['gemeenten', 1, 'code'], message: '"9999" is not a CBS gemeentecode' }]);
  });
  it('seed 003 §5.3.3: a gemeente not covered by any local area is reported', () => {
    const f = findings((r) => r.gemeenten.push({ code: '1959', naam: 'Altena', bron: bron('1.1') }));
    expect(f).toEqual([{ path: ['gemeenten', 2], message: expect.stringMatching(/1959 Altena is not covered/) }]);
  });
  it('seed 004 §4.1: the Centrale Intake is no local area, so it does not count as coverage', () => {
    const f = findings((r) => {
      r.gemeenten.push({ code: '1959', naam: 'Altena', bron: bron('1.1') });
      r.gebieden.push({ id: 'centrale-intake', naam: 'CI', soort: 'centrale-intake', gemeenten: ['0758', '0826', '1959'], bron: bron() });
    });
    expect(f.map((x) => x.path)).toEqual([['gemeenten', 2]]);
  });
  it('without any areas, coverage is not checked', () => {
    const f = findings((r) => {
      r.gebieden = [];
      seg(r).percelen = [];
      seg(r).regels = [];
    });
    expect(f).toEqual([]);
  });
  it('seed 004 §7: a gemeente naming an unknown deelregio is reported', () => {
    const f = findings((r) => (r.gemeenten[0].deelregio = 'leidse-regio'));
    expect(f).toEqual([{ path: ['gemeenten', 0, 'deelregio'], message: 'unknown deelregio "leidse-regio"' }]);
  });
  it('seed 001: empty gemeenten need an openVraag saying why', () => {
    const empty = (r: Record<string, any>) => {
      r.gemeenten = [];
      r.gebieden = [];
      seg(r).percelen = [];
      seg(r).regels = [];
    };
    expect(findings(empty)).toEqual([{ path: ['gemeenten'], message: expect.stringContaining('no gemeenten listed') }]);
    expect(
      findings((r) => {
        empty(r);
        r.openVragen = [{ openVraag: 'De seed noemt geen gemeenten.' }];
      }),
    ).toEqual([]);
  });
});

describe('sources (DESIGN.md: every number or rule carries its source)', () => {
  it('a bron citing a seed not declared under bronnen is reported at the bron', () => {
    const f = findings((r) => (r.gebieden[1].bron = bron('4.1', '004')));
    expect(f).toEqual([{ path: ['gebieden', 1, 'bron', 'seed'], message: 'source "004" is not declared under bronnen' }]);
  });
  it('nested sources are checked too (a rule inside a segment)', () => {
    const f = findings((r) => (seg(r).regels[0].bron = bron('x', '000')));
    expect(f.map((x) => x.path)).toEqual([['segmenten', 0, 'regels', 0, 'bron', 'seed']]);
  });
  it('external lists (cbs, ijw) need no declaration', () => {
    expect(findings((r) => (r.gemeenten[0].bron = { seed: 'cbs', sectie: 'Gemeentelijke indeling' }))).toEqual([]);
    expect(findings((r) => (seg(r).producten[0].bron = { seed: 'ijw', sectie: 'JZ020' }))).toEqual([]);
  });
});

describe('duplicate ids', () => {
  it.each([
    ['gemeenten', (r: any) => r.gemeenten.push({ ...r.gemeenten[0] }), ['gemeenten', 2], 'duplicate gemeentecode "0758"'],
    ['gebieden', (r: any) => r.gebieden.push({ ...r.gebieden[0] }), ['gebieden', 2], 'duplicate gebied id "slt-breda"'],
    ['segmenten', (r: any) => r.segmenten.push(structuredClone(r.segmenten[0])), ['segmenten', 1], 'duplicate segment id "slt"'],
  ])('a duplicate in %s is reported at the second occurrence', (_, mutate, path, message) => {
    const f = findings(mutate);
    expect(f).toContainEqual({ path, message: expect.stringContaining(message as string) });
  });
  it('a duplicate deelregio id is reported', () => {
    const d = { id: 'noord', naam: 'Noord', bron: bron() };
    expect(findings((r) => (r.deelregios = [d, { ...d }]))).toEqual([
      { path: ['deelregios', 1], message: expect.stringContaining('duplicate deelregio id "noord"') },
    ]);
  });
  it('seed 003 §5.3.3: a duplicate perceel id is reported', () => {
    const f = findings((r) => (seg(r).percelen[1].id = 'p1'));
    expect(f.some((x) => x.message.includes('duplicate perceel id "p1"'))).toBe(true);
  });
  it('seed 003 §5.3.3: a duplicate perceel id has the YAML path segmenten/0/percelen/1', () => {
    const f = findings((r) => (seg(r).percelen[1].id = 'p1'));
    expect(f).toContainEqual({ path: ['segmenten', 0, 'percelen', 1], message: expect.stringContaining('duplicate perceel id') });
  });
  it('iJw: a productcode listed twice in a segment is reported', () => {
    const f = findings((r) => seg(r).producten.push({ ...seg(r).producten[0] }));
    expect(f).toEqual([{ path: ['segmenten', 0, 'producten'], message: 'productcode "45A09" listed 2 times' }]);
  });
});

describe('lots (seed 003 §5.3.3 perceelindeling)', () => {
  it('a lot naming an unknown gebied is reported', () => {
    const f = findings((r) => seg(r).percelen[0].gebieden.push('slt-breda-zz'));
    expect(f).toEqual([{ path: ['segmenten', 0, 'percelen', 0, 'gebieden', 1], message: 'unknown gebied "slt-breda-zz"' }]);
  });
  it('a gebied in two lots of one segment is reported at the second lot', () => {
    const f = findings((r) => seg(r).percelen[1].gebieden.push('slt-breda'));
    expect(f).toEqual([{ path: ['segmenten', 0, 'percelen', 1, 'gebieden', 1], message: 'gebied "slt-breda" is already in perceel "p1"' }]);
  });
  it('a lot naming a gemeente of another region is reported', () => {
    const f = findings((r) => (seg(r).percelen[0].gemeenten = ['0758', '0363']));
    expect(f).toEqual([{ path: ['segmenten', 0, 'percelen', 0, 'gemeenten', 1], message: 'unknown gemeente "0363"' }]);
  });
  it('seed 003 §5.3.3: percelen-verschillend naming an unknown lot is reported', () => {
    const f = findings((r) => (seg(r).regels[0].percelen = ['p1', 'p9']));
    expect(f).toEqual([{ path: ['segmenten', 0, 'regels', 0, 'percelen', 1], message: 'unknown perceel "p9"' }]);
  });
});

describe('products (iJw JZ020 productcategorie, WJ756 eenheid)', () => {
  it('an unknown JZ020 category is reported', () => {
    const f = findings((r) => Object.assign(seg(r).producten[0], { categorie: '99', code: undefined }));
    expect(f).toEqual([{ path: ['segmenten', 0, 'producten', 0, 'categorie'], message: '"99" is not a JZ020 productcategorie' }]);
  });
  it('an unknown WJ756 unit is reported', () => {
    const f = findings((r) => (seg(r).producten[0].eenheid = '99'));
    expect(f).toEqual([{ path: ['segmenten', 0, 'producten', 0, 'eenheid'], message: '"99" is not a WJ756 eenheid' }]);
  });
  it('a productcode not starting with its category is reported', () => {
    const f = findings((r) => (seg(r).producten[0].code = '54A09'));
    expect(f).toEqual([{ path: ['segmenten', 0, 'producten', 0, 'code'], message: expect.stringContaining('does not start with its categorie "45"') }]);
  });
});

describe('contract rules (seed 003 §5.3.1 looptijd, §5.3.4 aantal partners, seed 002 resultaatbetaling)', () => {
  it('seed 003 §5.3.4: min partners larger than max is reported', () => {
    const f = findings((r) => (seg(r).aantalPartners = { min: 4, max: 3, bron: bron('5.3.4') }));
    expect(f).toEqual([{ path: ['segmenten', 0, 'aantalPartners'], message: 'min (4) is larger than max (3)' }]);
  });
  it('seed 003 §5.3.4: more lots than the maximum number of partners is reported', () => {
    const f = findings((r) => (seg(r).aantalPartners = { max: 1, bron: bron('5.3.4') }));
    expect(f).toEqual([{ path: ['segmenten', 0, 'aantalPartners', 'max'], message: '2 percelen need at least as many partners, but max is 1' }]);
  });
  it('seed 003 §9.3.4: max null (open house) or an open question never conflicts', () => {
    expect(findings((r) => (seg(r).aantalPartners = { min: 5, max: null, bron: bron('9.3.4') }))).toEqual([]);
    expect(findings((r) => (seg(r).aantalPartners = { openVraag: 'Aantal niet genoemd.' }))).toEqual([]);
  });
  it('seed 003 §5.3.1: a looptijd without years or end date is reported', () => {
    const f = findings((r) => (seg(r).looptijd = { verlengingen: [1], bron: bron('5.3.1') }));
    expect(f).toEqual([{ path: ['segmenten', 0, 'looptijd'], message: expect.stringContaining('looptijd needs jaren') }]);
    expect(findings((r) => (seg(r).looptijd = { jarenMin: 7, bron: bron() })).map((x) => x.path)).toEqual([['segmenten', 0, 'looptijd']]);
  });
  it('seed 004 §4.1: a range (jarenMin..jarenMax) or an einddatum is a valid looptijd', () => {
    expect(findings((r) => (seg(r).looptijd = { jarenMin: 7, jarenMax: 10, bron: bron() }))).toEqual([]);
    expect(findings((r) => (seg(r).looptijd = { einddatum: '2031-12-31', bron: bron() }))).toEqual([]);
  });
  it('seed 004 §4.1: jarenMin larger than jarenMax is reported', () => {
    const f = findings((r) => (seg(r).looptijd = { jarenMin: 10, jarenMax: 7, bron: bron() }));
    expect(f).toEqual([{ path: ['segmenten', 0, 'looptijd'], message: 'jarenMin (10) is larger than jarenMax (7)' }]);
  });
  it('seed 002 (resultaatsturing): up-front and after-goal shares must sum to 1', () => {
    const result = (voorschot: number, na: number) => (r: Record<string, any>) =>
      (seg(r).bekostiging = {
        variant: 'resultaatgericht',
        resultaatbetaling: { voorschotAandeel: voorschot, naDoelrealisatieAandeel: na, bron: bron() },
        bron: bron(),
      });
    expect(findings(result(0.6, 0.3))).toEqual([
      { path: ['segmenten', 0, 'bekostiging', 'resultaatbetaling'], message: 'voorschotAandeel + naDoelrealisatieAandeel must be 1' },
    ]);
    expect(findings(result(0.7, 0.3))).toEqual([]);
  });
});

describe('product translation (seed 003 §12 vertaaltabel)', () => {
  it('a row pointing at an unknown segment is reported', () => {
    const f = findings(
      (r) =>
        (r.productvertaling = [
          { oud: { code: '45A09', naam: 'oud' }, nieuw: { segment: 'slt', naam: 'SLT' }, bron: bron('12') },
          { oud: { code: '54002', naam: 'oud' }, nieuw: { segment: 'bestaat-niet', naam: 'x' }, bron: bron('12') },
        ]),
    );
    expect(f).toEqual([{ path: ['productvertaling', 1, 'nieuw', 'segment'], message: 'unknown segment "bestaat-niet"' }]);
  });
});

/** A budget framework in whole thousands of euros, as seed 004 §6.1 prints it. */
function withKader(totals: { niveau: string; id?: string; bedragen: Record<string, number> }[], mutate: (r: any) => void = () => {}): RegionProfile {
  return makeProfile((r) => {
    r.deelregios = [{ id: 'zuid', naam: 'Zuid', bron: bron() }];
    r.gemeenten[0].deelregio = 'zuid';
    r.gemeenten[1].deelregio = 'zuid';
    r.financieelKader = {
      naam: 'Financieel kader',
      jaren: [2021],
      afrondingCent: 100_000,
      lijnen: [
        { id: 'zin', naam: 'Zorg in natura' },
        { id: 'pgb', naam: 'PGB' },
      ],
      posten: [
        { gemeente: '0758', lijn: 'zin', bedragen: { 2021: 1_234_500_000 } },
        { gemeente: '0758', lijn: 'pgb', bedragen: { 2021: 100_400_000 } },
        { gemeente: '0826', lijn: 'zin', bedragen: { 2021: 400_000_000 } },
      ],
      gedrukteTotalen: totals,
      bron: bron('6.1', '003'),
    };
    mutate(r);
  });
}

describe('seed 004 §6.1 financieel kader: printed totals equal the sum of the posts within rounding', () => {
  it('totals that match (or differ by the printed rounding) give no findings', () => {
    const p = withKader([
      { niveau: 'gemeente', id: '0758', bedragen: { 2021: 1_335_000_000 } }, // sum 1_334_900_000, off by one unit
      { niveau: 'deelregio', id: 'zuid', bedragen: { 2021: 1_734_900_000 } },
      { niveau: 'regio', bedragen: { 2021: 1_735_000_000 } },
    ]);
    expect(checkFinancieelKader(p)).toEqual([]);
    expect(checkProfile(p, refs)).toEqual([]);
  });
  it('tolerance is half a rounding unit per rounded figure: 3 posts + total -> 2 units', () => {
    const at = (cents: number) => checkFinancieelKader(withKader([{ niveau: 'regio', bedragen: { 2021: 1_734_900_000 + cents } }]));
    expect(at(200_000)).toEqual([]);
    expect(at(-200_000)).toEqual([]);
    expect(at(200_001)).toHaveLength(1);
  });
  it('a typo beyond rounding is reported at the printed figure (also via checkProfile)', () => {
    const p = withKader([{ niveau: 'gemeente', id: '0826', bedragen: { 2021: 40_000_000 } }]);
    expect(checkFinancieelKader(p)).toEqual([
      { path: ['gedrukteTotalen', 0, 'bedragen', '2021'], message: expect.stringContaining('differs from the sum of the posts 400000000') },
    ]);
    expect(checkProfile(p, refs).map((f) => f.path)).toEqual([['financieelKader', 'gedrukteTotalen', 0, 'bedragen', '2021']]);
  });
  it('posts with an unknown gemeente, unknown lijn or a year outside jaren are reported', () => {
    const p = withKader([], (r) => r.financieelKader.posten.push({ gemeente: '0363', lijn: 'jb', bedragen: { 2022: 1 } }));
    expect(checkFinancieelKader(p).map((f) => f.path)).toEqual([
      ['posten', 3, 'gemeente'],
      ['posten', 3, 'lijn'],
      ['posten', 3, 'bedragen', '2022'],
    ]);
  });
  it('a printed total for a deelregio without posts is reported', () => {
    const p = withKader([{ niveau: 'deelregio', id: 'noord', bedragen: { 2021: 1 } }]);
    expect(checkFinancieelKader(p)).toEqual([{ path: ['gedrukteTotalen', 0, 'id'], message: 'no posts belong to deelregio "noord"' }]);
  });
  it('seed 004 §6.1: swapping two digits of the printed regional total 2021 (81.989.000 -> 81.899.000) is caught', () => {
    const hr = structuredClone(realProfile('holland-rijnland'));
    expect(checkFinancieelKader(hr)).toEqual([]);
    const regio = hr.financieelKader!.gedrukteTotalen.findIndex((t) => t.niveau === 'regio');
    hr.financieelKader!.gedrukteTotalen[regio]!.bedragen['2021'] = 8_189_900_000;
    expect(checkFinancieelKader(hr)).toEqual([{ path: ['gedrukteTotalen', regio, 'bedragen', '2021'], message: expect.any(String) }]);
  });
});
