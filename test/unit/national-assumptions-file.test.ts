/**
 * The national data set's assumptions are data (aannames/nationale-dataset.yaml, read by
 * src/demo/national-assumptions.ts): the file is checked when it is read, and a wrong entry stops the
 * loader with the entry's path instead of generating a set on a wrong number.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { NATIONAL_ASSUMPTIONS_FILE, NATIONAL_FUNDING_ASSUMPTIONS, parseNationalAssumptions } from '../../src/demo/national-assumptions.js';

const text = readFileSync(NATIONAL_ASSUMPTIONS_FILE, 'utf8');
const edited = (change: (doc: Record<string, any>) => void) => {
  const doc = parse(text) as Record<string, any>;
  change(doc);
  return stringify(doc);
};

describe('aannames/nationale-dataset.yaml', () => {
  it('is what the loader uses: a year per allocation, P x Q per week, the shares its aannames state (75% jeugdhulp beside a maatregel; vervoer 40%, thuisondersteuning 20%, behandeling beside begeleiding 25%)', () => {
    expect(parseNationalAssumptions(text)).toEqual(NATIONAL_FUNDING_ASSUMPTIONS);
    expect(NATIONAL_FUNDING_ASSUMPTIONS.allocationPeriod.waarde).toBe('year');
    expect(NATIONAL_FUNDING_ASSUMPTIONS.linePeriod.waarde).toBe('week');
    expect(NATIONAL_FUNDING_ASSUMPTIONS.jeugdhulpBijMaatregel.waarde?.aandeel).toBe(0.75);
    expect(NATIONAL_FUNDING_ASSUMPTIONS.gecombineerdeZorg.waarde?.map((c) => [c.bij, c.naast, c.aandeel])).toEqual([
      ['41', '42', 0.4],
      ['41', '45', 0.2],
      ['45', '54', 0.25],
    ]);
  });

  it('refuses a share above 1, naming the entry', () => {
    const bad = edited((d) => (d.jeugdhulpBijMaatregel.waarde.aandeel = 1.5));
    expect(() => parseNationalAssumptions(bad, 'x.yaml')).toThrow(/^x\.yaml: jeugdhulpBijMaatregel\.waarde\.aandeel: /);
  });

  it('refuses a product code longer than iJw allows (RS012: 5 positions) and an unknown key', () => {
    expect(() => parseNationalAssumptions(edited((d) => (d.diagnostiekVooraf.waarde.productcode = '41DIAG')))).toThrow(
      /diagnostiekVooraf\.waarde\.productcode/,
    );
    expect(() => parseNationalAssumptions(edited((d) => (d.extra = { waarde: 1 })))).toThrow(/extra|Unrecognized/);
  });

  it('refuses a source without its citaat and a change interval that runs backwards', () => {
    expect(() => parseNationalAssumptions(edited((d) => void delete d.omvangWijziging.bron.citaat))).toThrow(/omvangWijziging\.bron\.citaat/);
    expect(() => parseNationalAssumptions(edited((d) => (d.omvangWijziging.waarde = { vanafMaanden: 6, totMaanden: 3 })))).toThrow(
      /totMaanden is kleiner dan vanafMaanden/,
    );
  });

  it('may switch an assumption off (null), as the loader options do', () => {
    const off = parseNationalAssumptions(edited((d) => (d.ambulanteNazorg.waarde = null)));
    expect(off.ambulanteNazorg.waarde).toBeNull();
  });
});
