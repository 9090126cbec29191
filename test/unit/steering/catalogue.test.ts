/**
 * The shipped KPI/KRI catalogues (profiles/<regio>/indicatoren.yaml): valid against the schema,
 * every source a literal quote of its seed or of the CBS Beleidsinformatie Jeugd text, the national
 * outcome set in every region, targets either cited or marked as assumption, KRIs with a threshold.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCatalogue } from '../../../src/app/steering/catalogue-store.js';
import { loadProfiles } from '../../../src/app/profiles/profile-store.js';
import { Catalogue } from '../../../src/domain/steering/catalogue.js';
import { PROFILES, ROOT } from '../helpers.js';

const SHARED = join(ROOT, '..', 'shared');
const norm = (s: string) => s.replace(/\s+/g, ' ');
const sourceText = (seed: string) => {
  if (seed === 'cbs') return norm(readFileSync(join(SHARED, 'reference', 'ijw-3.2', 'wetgeving', 'bijlage-2_Beleidsinformatie_Jeugd_(CBS)'), 'utf8'));
  const f = readdirSync(join(SHARED, 'seeds')).find((x) => x.startsWith(`${seed}_`))!;
  return norm(readFileSync(join(SHARED, 'seeds', f), 'utf8'));
};
const REGIONS = ['wbo', 'holland-rijnland', 'hart-van-brabant', 'haaglanden', 'regio-2021'];
const load = (r: string) => {
  const { catalogue, problems } = parseCatalogue(readFileSync(join(PROFILES, r, 'indicatoren.yaml'), 'utf8'), r, r);
  expect(problems).toEqual([]);
  return catalogue!;
};

describe('shipped catalogues', () => {
  for (const r of REGIONS) {
    it(`${r}: valid, the national outcome set, targets cited or assumed, KRIs with a threshold`, () => {
      const c = load(r);
      expect(c.publicatie.minimumN).toBe(10);
      expect(c.indicatoren.map((i) => i.maat)).toEqual(expect.arrayContaining(['uitval', 'tevredenheid', 'zonder-hulp-verder', 'geen-nieuwe-start']));
      for (const i of c.indicatoren) {
        if (i.doel) expect(Boolean(i.doel.bron) !== Boolean(i.doel.aanname)).toBe(true);
        if (i.soort === 'kri') expect(i.drempel).toBeDefined();
      }
    });
  }
  it("the seeds' named indicators are there: seed 003 per process, seed 004 per segment, seed 002 doelrealisatie", () => {
    expect(load('wbo').indicatoren.some((i) => i.niveaus.includes('proces'))).toBe(true);
    expect(load('holland-rijnland').indicatoren.map((i) => i.maat)).toEqual(
      expect.arrayContaining(['verblijfsduur', 'herhaalindicatie', 'doorplaatsing', 'wachtdagen', 'topaandeel', 'concentratie-hhi', 'aantal-starts']),
    );
    expect(load('haaglanden').indicatoren.map((i) => i.maat)).toContain('doelrealisatie');
  });
});

describe.skipIf(!existsSync(SHARED))('every citaat is literal source text', () => {
  for (const r of REGIONS) {
    it(r, () => {
      for (const i of load(r).indicatoren) {
        for (const b of [i.bron, i.doel?.bron, i.drempel?.bron].filter((x) => x !== undefined)) {
          expect(b!.citaat, `${r} ${i.id}`).toBeTruthy();
          expect(sourceText(b!.seed), `${r} ${i.id}`).toContain(norm(b!.citaat!));
        }
      }
    });
  }
});

describe('schema errors are reported with path and line (profiles check)', () => {
  it('an expression instead of a measure, a KRI without threshold, a target without source', () => {
    const text = `regio: wbo
publicatie: { minimumN: 10, aanname: "kleine aantallen niet tonen" }
indicatoren:
  - id: x
    soort: kri
    naam: X
    definitie: een definitie van x
    maat: "sum(a) / count(*)"
    eenheid: aandeel
    niveaus: [regio]
    minimumN: 1
    bron: { seed: "003", sectie: "10.3" }
  - id: y
    soort: kpi
    naam: Y
    definitie: een definitie van y
    maat: tevredenheid
    eenheid: cijfer
    niveaus: [regio]
    minimumN: 1
    doel: { waarde: 7, richting: hoger-is-beter }
    bron: { seed: "003", sectie: "10.3" }
`;
    const { problems } = parseCatalogue(text, 'indicatoren.yaml', 'wbo');
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect(problems.some((p) => p.path.startsWith('indicatoren[0]') && p.line !== undefined)).toBe(true);
    expect(problems.some((p) => p.path.startsWith('indicatoren[1].doel') && /bron .* aanname/.test(p.message))).toBe(true);
    expect(Catalogue.safeParse({}).success).toBe(false);
  });
  it('profiles check covers the catalogue files', () => {
    expect(loadProfiles().problems).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'rk-cat-'));
    cpSync(join(PROFILES, 'wbo'), join(dir, 'wbo'), { recursive: true });
    writeFileSync(
      join(dir, 'wbo', 'indicatoren.yaml'),
      readFileSync(join(PROFILES, 'wbo', 'indicatoren.yaml'), 'utf8').replace('maat: uitval', 'maat: uitval-per-expressie'),
    );
    const { problems } = loadProfiles(dir);
    expect(problems.some((p) => p.file.endsWith('indicatoren.yaml') && p.path.startsWith('indicatoren[0]'))).toBe(true);
  });
});
