/**
 * Dated, cited funding parameters (OpenFisca style): readable units converted at load, a value per
 * date with its citation or stated assumption, the profile's facts before a demo's assumptions, and
 * the profile check of ids, units and segments. Expected values are hand conversions.
 */
import { describe, expect, it } from 'vitest';
import { parseWaarde, ParameterSet, parameterProblems } from '../../src/domain/funding/parameters.js';
import { valueAt } from '../../src/domain/funding/models.js';
import { Parameter } from '../../src/domain/landscape/profile-schema.js';
import { realProfile, realProfiles } from './helpers.js';

const bron = { seed: '004' as const, sectie: '6 Financieel kader - Indexatie en efficiencykorting', citaat: 'een efficiencykorting van 1% per jaar toe' };

describe('readable units, converted once at load', () => {
  it('amounts in euros with cents become integer cents', () => {
    expect(parseWaarde('€ 1.234,56')).toEqual({ eenheid: 'bedrag', getal: 123_456 });
    expect(parseWaarde('€ 9.600.000')).toEqual({ eenheid: 'bedrag', getal: 960_000_000 });
    expect(parseWaarde('€612,5')).toEqual({ eenheid: 'bedrag', getal: 61_250 });
    expect(parseWaarde('1234.56 EUR')).toEqual({ eenheid: 'bedrag', getal: 123_456 });
    expect(parseWaarde('655 EUR')).toEqual({ eenheid: 'bedrag', getal: 65_500 });
  });
  it('percentages become exact fractions; years and months stay counts of their unit', () => {
    expect(parseWaarde('1 %')).toEqual({ eenheid: 'procent', getal: 0.01 });
    expect(parseWaarde('1,5%')).toEqual({ eenheid: 'procent', getal: 0.015 });
    expect(parseWaarde('2,5 %')?.getal).toBe(0.025);
    expect(parseWaarde('75 %')?.getal).toBe(0.75);
    expect(parseWaarde('3 jaar')).toEqual({ eenheid: 'jaar', getal: 3 });
    expect(parseWaarde('18 maanden')).toEqual({ eenheid: 'maand', getal: 18 });
    expect(parseWaarde(4)).toEqual({ eenheid: 'aantal', getal: 4 });
  });
  it('anything else is not a value (nothing is read from prose)', () => {
    for (const bad of ['een procent', '1% per jaar', '€ 1,234.56', 'EUR 12', '3 weken', '']) expect(parseWaarde(bad)).toBeUndefined();
  });
});

describe('a parameter: dated values of one unit, each with bron or aanname', () => {
  const ok = {
    id: 'efficiencykorting',
    omschrijving: 'Efficiencykorting per jaar',
    eenheid: 'procent',
    waarden: [{ vanaf: '2021-01-01', waarde: '1 %', bron }],
  };
  it('is accepted with its citation', () => {
    expect(Parameter.safeParse(ok).success).toBe(true);
  });
  it('refuses a value in another unit, a value without bron or aanname, two values from one date, and no value without an openVraag', () => {
    const issues = (raw: unknown) => (Parameter.safeParse(raw).error?.issues ?? []).map((i) => i.message).join(' | ');
    expect(issues({ ...ok, waarden: [{ vanaf: '2021-01-01', waarde: '€ 1,00', bron }] })).toMatch(
      /is a value in bedrag, but the parameter's eenheid is procent/,
    );
    expect(issues({ ...ok, waarden: [{ vanaf: '2021-01-01', waarde: '1 %' }] })).toMatch(/bron .* or write the value down as aanname/);
    expect(
      issues({
        ...ok,
        waarden: [
          { vanaf: '2021-01-01', waarde: '1 %', bron },
          { vanaf: '2021-01-01', waarde: '2 %', bron },
        ],
      }),
    ).toMatch(/two values from 2021-01-01/);
    expect(issues({ ...ok, waarden: [] })).toMatch(/openVraag/);
    expect(issues({ ...ok, waarden: [{ vanaf: '2021-01-01', waarde: 'een procent', bron }] })).toMatch(/not a readable value/);
  });
  it('the profile check knows the ids the funding code reads, with their unit and segment', () => {
    const p = (over: Record<string, unknown>) => Parameter.parse({ ...ok, ...over });
    expect(parameterProblems([p({ id: 'indexering' })], new Set())[0]?.message).toMatch(/unknown parameter "indexering"/);
    expect(parameterProblems([p({ id: 'prijs-per-client-per-maand' })], new Set())[0]?.message).toMatch(/eenheid bedrag, not procent/);
    expect(parameterProblems([p({ id: 'voorschotaandeel', segment: 'x' })], new Set(['y']))[0]?.message).toMatch(/unknown segment "x"/);
    expect(parameterProblems([p({}), p({})], new Set()).map((f) => f.message)).toEqual(['parameter "efficiencykorting" is given twice']);
  });
});

describe('the parameters of a region', () => {
  it('values are dated: the value in force on a date is the latest from before it', () => {
    const set = new ParameterSet([
      Parameter.parse({
        id: 'indexatie',
        omschrijving: 'i',
        eenheid: 'procent',
        waarden: [
          { vanaf: '2023-01-01', waarde: '6 %', aanname: 'a' },
          { vanaf: '2021-01-01', waarde: '1,5 %', aanname: 'a' },
        ],
      }),
    ]);
    const s = set.series('indexatie');
    expect(s.map((v) => v.validFrom)).toEqual(['2021-01-01', '2023-01-01']);
    expect(valueAt(s, '2022-12-31')).toBe(0.015);
    expect(valueAt(s, '2023-01-01')).toBe(0.06);
    expect(valueAt(s, '2020-12-31')).toBeUndefined();
  });
  it("a profile's value wins over a demo assumption; a demo fills only what the profile leaves open, marked as assumed", () => {
    const profile = [
      Parameter.parse({ id: 'efficiencykorting', omschrijving: 'e', eenheid: 'procent', waarden: [{ vanaf: '2021-01-01', waarde: '1 %', bron }] }),
      Parameter.parse({ id: 'indexatie', omschrijving: 'i', eenheid: 'procent', openVraag: 'jaarlijks vast te stellen' }),
    ];
    const demo = [
      Parameter.parse({ id: 'efficiencykorting', omschrijving: 'e', eenheid: 'procent', waarden: [{ vanaf: '2021-01-01', waarde: '5 %', aanname: 'demo' }] }),
      Parameter.parse({ id: 'indexatie', omschrijving: 'i', eenheid: 'procent', waarden: [{ vanaf: '2021-01-01', waarde: '2 %', aanname: 'demo' }] }),
    ];
    const set = new ParameterSet(profile, demo);
    expect(set.series('efficiencykorting')).toEqual([{ validFrom: '2021-01-01', value: 0.01 }]);
    expect(set.get('efficiencykorting')!.assumed).toBe(false);
    expect(set.get('indexatie')).toMatchObject({ assumed: true, openVraag: 'jaarlijks vast te stellen', values: [{ validFrom: '2021-01-01', value: 0.02 }] });
  });
  it('every profile and demo file loads with its parameters; Holland Rijnland cites the sentence of the 1% cut (seed 004 §6), not the one on indexation', () => {
    expect(realProfiles().problems).toEqual([]);
    const hr = new ParameterSet(realProfile('holland-rijnland').parameters);
    expect(hr.get('efficiencykorting')!.sources[0]).toMatchObject({ written: '1 %', bron: { citaat: 'een efficiencykorting van 1% per jaar toe' } });
    expect(hr.series('risicoverevening-basisjaren')).toEqual([{ validFrom: '2021-01-01', value: 3 }]);
    expect(hr.get('indexatie')).toMatchObject({ values: [], openVraag: expect.any(String) });
    // Seed 001 leaves the caseload price open: the profile says so; the demo states its price as aanname.
    expect(new ParameterSet(realProfile('regio-2021').parameters).get('prijs-per-client-per-maand', 'ambulante-hulp')).toMatchObject({
      values: [],
      bron: { citaat: 'Clientvolgende bekostiging (caseload)' },
    });
  });
});

describe('profiles check of a demo file', () => {
  it('reports an unknown parameter and a demo value that is not written down as aanname, with its line', async () => {
    const { checkDemoFile } = await import('../../src/app/profiles/profile-store.js');
    const { readFileSync } = await import('node:fs');
    const base = readFileSync('profiles/regio-2021/demo.yaml', 'utf8');
    expect(checkDemoFile(base, 'demo.yaml')).toEqual([]);
    const bad = base
      .replace('- id: groepsbudget', '- id: groepsbudjet')
      .replace(
        'waarde: "€ 612,50", aanname: "Aanname (demo): ongeveer 6,5 uur ambulante hulp per cliënt per maand tegen € 94 per uur; het brondocument noemt geen prijs."',
        'waarde: "€ 612,50", bron: { seed: "001", sectie: "x" }',
      );
    const problems = checkDemoFile(bad, 'demo.yaml');
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/unknown parameter "groepsbudjet"/),
      'a demo value is an assumption: write it down as aanname',
    ]);
    expect(problems.every((p) => typeof p.line === 'number')).toBe(true);
  });
});
