/**
 * National law values as data (wetten/<wet>/<geldigVanaf>.yaml): the Jeugdwet file is valid, its
 * citation appears literally in the law text (../shared/reference/ijw-3.2/wetgeving/Jeugdwet.md,
 * whitespace normalised), and a missing or invalid law file is an error naming the file.
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jeugdigeHoogsteLeeftijd, LawFileError, loadLaw, lawValue } from '../../src/app/law/law-store.js';
import { ROOT } from './helpers.js';

const WETTEN = join(ROOT, 'wetten');
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const jeugdwetText = () => norm(readFileSync(join(ROOT, '..', 'shared', 'reference', 'ijw-3.2', 'wetgeving', 'Jeugdwet.md'), 'utf8'));

describe('the Jeugdwet law file', () => {
  it('holds the highest age of a jeugdige: 23 jaar from 2015-01-01, art. 1.1 "jeugdige" sub 4°', () => {
    const [law] = loadLaw('jeugdwet', WETTEN);
    const v = lawValue([law!], 'jeugdige-hoogste-leeftijd', '2026-11-22');
    expect(v).toMatchObject({ waarde: 23, eenheid: 'jaar', geldigVanaf: '2015-01-01', bron: { artikel: '1.1', begrip: 'jeugdige', onderdeel: '4°' } });
    expect(jeugdigeHoogsteLeeftijd('2026-11-22', WETTEN)).toBe(23);
    expect(() => lawValue([law!], 'jeugdige-hoogste-leeftijd', '2014-12-31')).toThrow(/no value jeugdige-hoogste-leeftijd in force on 2014-12-31/);
  });
  it('every citation appears literally in the law text', () => {
    const text = jeugdwetText();
    for (const law of loadLaw('jeugdwet', WETTEN))
      for (const [id, v] of Object.entries(law.waarden)) expect(text.includes(norm(v.bron.citaat)), `${id}: ${v.bron.citaat}`).toBe(true);
    expect(text).toContain('de leeftijd van achttien jaar doch niet de leeftijd van drieëntwintig jaar heeft bereikt');
  });
});

describe('a missing or invalid law file is a clear error', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'rk-wetten-'));
  const good = () => readFileSync(join(WETTEN, 'jeugdwet', '2015-01-01.yaml'), 'utf8');
  it('no folder: names the expected file', () => {
    const d = dir();
    expect(() => jeugdigeHoogsteLeeftijd('2026-11-22', d)).toThrow(LawFileError);
    expect(() => loadLaw('jeugdwet', d)).toThrow(/jeugdwet: \(root\): no law files for jeugdwet \(expected jeugdwet\/<geldigVanaf>\.yaml\)/);
  });
  it('a value without unit, a text value and a wrong file name: file, path and line', () => {
    const d = dir();
    mkdirSync(join(d, 'jeugdwet'));
    writeFileSync(join(d, 'jeugdwet', '2015-01-01.yaml'), good().replace('    eenheid: jaar\n', '').replace('waarde: 23', 'waarde: drieëntwintig'));
    let err: unknown;
    try {
      loadLaw('jeugdwet', d);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LawFileError);
    const paths = (err as LawFileError).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['waarden.jeugdige-hoogste-leeftijd.waarde', 'waarden.jeugdige-hoogste-leeftijd.eenheid']));
    expect((err as LawFileError).message).toMatch(/2015-01-01\.yaml:\d+: waarden\.jeugdige-hoogste-leeftijd\.waarde: /);
    writeFileSync(join(d, 'jeugdwet', '2015-01-01.yaml'), good().replace('geldigVanaf: 2015-01-01\nbron', 'geldigVanaf: 2016-01-01\nbron'));
    expect(() => loadLaw('jeugdwet', d)).toThrow(/geldigVanaf 2016-01-01 must match the file name \(2015-01-01\.yaml\)/);
    writeFileSync(join(d, 'jeugdwet', '2015-01-01.yaml'), 'wet: [');
    expect(() => loadLaw('jeugdwet', d)).toThrow(/YAML syntax/);
  });
});
