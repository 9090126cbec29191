/**
 * The technical-rule layer as a whole (src/ijw/rules/tr.ts): the registry against the schemas and
 * the reference table, the example messages, and TR135 (Dagtekening not in the future) on all 14
 * messages. The rules themselves are tested per code in ijw-tr-client, ijw-tr-keys,
 * ijw-tr-declaratie and ijw-tr-varianten.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.js';
import { ruleInfo } from '../../src/ijw/rules/catalogue.js';
import { TR_ELEMENT_RULES, TR_MESSAGE_RULES } from '../../src/ijw/rules/tr.js';
import { messageSchemas } from '../../src/ijw/xsd/compile.js';
import type { ElementDecl } from '../../src/ijw/xsd/model.js';
import { ALL, RETOUR, RETOURCODE, TODAY, example, expectFails, expectPasses, setDagtekening, trFindings, trOnly, valid } from '../fixtures/ijw/tr/harness.js';

/** The heenbericht whose rules a message carries (a retour message: its heenbericht). */
const heen = (m: string) => Object.entries(RETOUR).find(([, r]) => r === m)?.[0] ?? m;

function resolve(root: ElementDecl, path: string): ElementDecl | undefined {
  let decl: ElementDecl | undefined = root;
  for (const name of path.split('/')) decl = decl?.type.kind === 'complex' ? decl.type.sequence.find((d) => d.name === name) : undefined;
  return decl;
}

describe('registry', () => {
  const rules = [...TR_ELEMENT_RULES, ...TR_MESSAGE_RULES];

  it('every element rule names a path that exists in each of its messages', () => {
    const schemas = messageSchemas();
    for (const r of TR_ELEMENT_RULES) for (const m of r.messages) expect(resolve(schemas.get(m)!.root, r.path), `${r.code} ${m} ${r.path}`).toBeDefined();
  });

  it('every rule is a TR rule of the reference table, registered only for messages the table lists (retour messages via their heenbericht)', () => {
    for (const r of rules) {
      const info = ruleInfo(r.code);
      expect(info.layer, r.code).toBe('TR');
      expect(info.retourcode, r.code).toBe(RETOURCODE[r.code]);
      for (const m of r.messages) expect(info.messages ?? [], `${r.code} ${m}`).toContain(heen(m));
    }
  });

  it('the implemented codes', () => {
    expect([...new Set(rules.map((r) => r.code))].sort()).toEqual(Object.keys(RETOURCODE).sort());
  });
});

describe('example messages', () => {
  it.each(ALL)('%s (valid form) has no TR findings', (m) => {
    expect(trFindings(valid(m))).toEqual([]);
    expect(trOnly(valid(m))).toEqual([]);
  });

  it.each(ALL.filter((m) => !['JW315', 'JW318', 'JW316', 'JW323'].includes(m)))('the reference example %s has no TR findings', (m) => {
    expect(trFindings(example(m))).toEqual([]);
  });

  it('the reference examples JW316 and JW323 break TR383 and TR101 (JW315 and JW318 are not XSD-valid)', () => {
    // A repeated ReferentieAanbieder is reported as TR383 and as TR101 (its logical key), as the official validation does.
    expect(
      trFindings(example('JW316'))
        .map((f) => f.code)
        .sort(),
    ).toEqual(['TR101', 'TR383']);
    expect(trFindings(example('JW323')).map((f) => f.code)).toEqual(['TR101']);
  });
});

describe('TR135 Dagtekening not in the future (externe bron: the validation date)', () => {
  it.each(ALL)('TR135 in %s', (m) => {
    const xml = valid(m);
    expectPasses(setDagtekening(xml, TODAY), 'TR135');
    expectFails(setDagtekening(xml, addDays(TODAY, 1)), 'TR135', '/Bericht/Header/BerichtIdentificatie/Dagtekening');
    expectPasses(setDagtekening(xml, addDays(TODAY, 1)), 'TR135', addDays(TODAY, 1));
  });
});
