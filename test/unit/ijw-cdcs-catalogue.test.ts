/**
 * The rule catalogue (catalogue.ts) read from reference/ijw-regels, the coverage of the CD/CS
 * layer, and the example messages (test/fixtures/ijw/examples) against the CD/CS rules.
 */
import { describe, expect, it } from 'vitest';
import { allRuleCodes, ruleInfo } from '../../src/ijw/rules/catalogue.js';
import { CDCS_ELEMENT_RULES, CDCS_IMPLEMENTED } from '../../src/ijw/rules/cdcs.js';
import { messageSchemas } from '../../src/ijw/xsd/compile.js';
import type { ElementDecl } from '../../src/ijw/xsd/model.js';
import { cdcsFindings, example, expectFails, valid, validate } from '../fixtures/ijw/cdcs/harness.js';

describe('catalogue: rules from the reference tables', () => {
  it('CD/CS codes carry the text and retourcode of condities-constraints.md', () => {
    expect(ruleInfo('CS002')).toMatchObject({ code: 'CS002', layer: 'CS', text: 'De waarde moet voldoen aan de 11-proef.', retourcode: '0001' });
    expect(ruleInfo('CD007')).toMatchObject({
      layer: 'CD',
      text: 'Als Communicatie / Vorm de waarde 1 (tolk taal) heeft, dan verplicht vullen, anders leeglaten.',
      retourcode: '0001',
    });
    expect(ruleInfo('CS139').explanation).toContain('01-01-1900');
  });
  it('XSD-pattern constraints (CS015, CS025, CS319) have no retourcode in the table', () => {
    for (const code of ['CS015', 'CS025', 'CS319']) expect(ruleInfo(code).retourcode).toBeUndefined();
    expect(ruleInfo('CS025').text).toBe('BerichtVersie vullen met 3.');
  });
  it('TR codes carry the text (without "TRnnn: ") and retourcode of regels-op-berichten.md', () => {
    expect(ruleInfo('TR019')).toMatchObject({
      layer: 'TR',
      retourcode: '9019',
      text: expect.stringMatching(/^Bij een output- of inspanningsgerichte werkwijze/),
    });
    expect(ruleInfo('TR101')).toMatchObject({ layer: 'TR', retourcode: '0001', text: 'Binnen een bericht zijn dubbele regels niet toegestaan.' });
    expect(ruleInfo('TR381').retourcode).toBe('S329');
    expect(ruleInfo('TR371').retourcode).toBeUndefined(); // "NaN" in the table
  });
  it('reads both rows of the line that joins OP297 and OP298', () => {
    expect(ruleInfo('OP297').text).toMatch(/^Indien de zorgverlenercode/);
    expect(ruleInfo('OP298').text).toMatch(/^Het verlagen van het Volume/);
  });
  it('restrictions (RS) are constraints; an unknown code gets its layer from the prefix', () => {
    expect(ruleInfo('RS017')).toMatchObject({ layer: 'CS', text: 'Maximale lengte 12 posities' });
    expect(ruleInfo('TR999')).toEqual({ code: 'TR999', layer: 'TR', text: 'TR999' });
  });
  it('allRuleCodes lists each kind', () => {
    expect(allRuleCodes('CD')).toHaveLength(22);
    expect(allRuleCodes('CS')).toHaveLength(19);
    expect(allRuleCodes('CS').every((c) => c.startsWith('CS'))).toBe(true);
    expect(allRuleCodes('TR')).toContain('TR101');
    expect(allRuleCodes('RS')).toContain('RS048');
  });
});

describe('coverage of the CD/CS layer', () => {
  it('every CD and CS code of the tables is implemented', () => {
    expect(CDCS_IMPLEMENTED).toEqual([...allRuleCodes('CD'), ...allRuleCodes('CS')].sort());
  });
  it('every registered path exists in the XSD model of its message', () => {
    const schemas = messageSchemas();
    const paths = (d: ElementDecl, prefix: string, out: Set<string>): Set<string> => {
      if (d.type.kind === 'complex') {
        for (const c of d.type.sequence) {
          const p = prefix ? `${prefix}/${c.name}` : c.name;
          out.add(p);
          paths(c, p, out);
        }
      }
      return out;
    };
    const known = new Map([...schemas].map(([code, s]) => [code, paths(s.root, '', new Set())]));
    for (const r of CDCS_ELEMENT_RULES) for (const m of r.messages) expect(known.get(m)?.has(r.path), `${r.code} ${m} ${r.path}`).toBe(true);
  });
  it('every message has CD/CS rules registered', () => {
    const messages = new Set(CDCS_ELEMENT_RULES.flatMap((r) => r.messages));
    expect([...messages].sort()).toEqual([...messageSchemas().keys()].sort());
  });
});

describe('example messages', () => {
  it.each(['JW301', 'JW302', 'JW305', 'JW306', 'JW307', 'JW308', 'JW316', 'JW319', 'JW320', 'JW325'])('%s has no CD/CS findings', (code) => {
    expect(cdcsFindings(example(code))).toEqual([]);
  });
  it.each(['JW302', 'JW306', 'JW308'])('the retour fixture %s-client (the example with the client of its heenbericht) has no CD/CS findings', (code) => {
    expect(cdcsFindings(valid(code))).toEqual([]);
  });
  it('JW323 has no CD/CS findings (its duplicate Prestatie is TR101, not CD/CS)', () => {
    expect(cdcsFindings(example('JW323'))).toEqual([]);
  });
  it('JW317: NieuwProduct Einddatum 2024-02-28 before GewensteIngangsdatum 2026-11-01 is CS003', () => {
    expectFails(example('JW317'), 'CS003', '/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct[1]/Einddatum');
  });
  it('JW315 (invalid date) and JW318 (element out of place) are XSD-invalid; with the defect fixed they pass the CD/CS rules', () => {
    expect(validate(example('JW315')).findings.some((f) => f.layer === 'xsd')).toBe(true);
    expect(validate(example('JW318')).findings.some((f) => f.layer === 'xsd')).toBe(true);
    expect(cdcsFindings(valid('JW315'))).toEqual([]);
    expect(cdcsFindings(valid('JW318'))).toEqual([]);
  });
});
