/**
 * The iJw codec round trips: parse(serialize(m)) equals m for generated messages of every type
 * (property-based, values drawn from the XSD facets), and serialize(parse(x)) is equivalent to x
 * for the official examples. The generated types match the XSDs and code lists.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseMessage, serialize, type IjwMessageCode } from '../../src/ijw/codec.js';
import { messageSchemas } from '../../src/ijw/xsd/compile.js';
import { checkSimpleValue } from '../../src/ijw/xsd/simple-value.js';
import type { ComplexType, ElementDecl, SimpleType } from '../../src/ijw/xsd/model.js';
import type { XmlObject, XmlValue } from '../../src/ijw/reader.js';
import { generateCodeLists, generateMessageTypes } from '../../src/ijw/typegen.js';
import { PROJECT_ROOT } from '../../src/paths.js';

const examples = join(PROJECT_ROOT, 'reference', 'ijw-voorbeelden');

/** An arbitrary for a simple type: enumeration, or strings matching its patterns and lengths. */
function simpleArb(t: SimpleType): fc.Arbitrary<string> {
  const f = t.facets;
  if (f.enumeration) return fc.constantFrom(...f.enumeration);
  let arb: fc.Arbitrary<string>;
  if (f.base === 'date')
    arb = fc.date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  else if (f.base === 'time')
    arb = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))
      .map((p) => p.map((n) => String(n).padStart(2, '0')).join(':'));
  else if (f.base === 'integer') {
    const min = Number(f.minInclusive ?? 0n);
    const max = Number(f.maxInclusive ?? 999999n);
    arb = fc.integer({ min, max }).map(String);
  } else {
    const last = f.patterns.at(-1);
    arb = last
      ? fc.oneof(...last.map((p) => fc.stringMatching(p.regex)))
      : fc.string({ minLength: f.minLength ?? 0, maxLength: Math.min(f.maxLength ?? 30, 30) });
  }
  // Patterns on integers (e.g. BerichtVersie "3") and length limits: keep only values the XSD accepts.
  const lastPattern = f.patterns.at(-1);
  if (f.base === 'integer' && lastPattern && lastPattern.every((p) => /^\d+$/.test(p.source))) arb = fc.constantFrom(...lastPattern.map((p) => p.source));
  return arb.filter((v) => checkSimpleValue(t, v) === null && v.trim() === v && !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/.test(v));
}

function elementArb(d: ElementDecl, depth: number): fc.Arbitrary<XmlValue> {
  if (d.type.kind === 'simple') return simpleArb(d.type);
  return complexArb(d.type, depth);
}

function complexArb(t: ComplexType, depth: number): fc.Arbitrary<XmlObject> {
  const fields: Record<string, fc.Arbitrary<XmlValue | XmlValue[] | undefined>> = {};
  for (const d of t.sequence) {
    const one = elementArb(d, depth + 1);
    let arb: fc.Arbitrary<XmlValue | XmlValue[]> = d.maxOccurs > 1 ? fc.array(one, { minLength: Math.max(1, d.minOccurs), maxLength: depth > 3 ? 1 : 2 }) : one;
    if (d.minOccurs === 0) arb = fc.option(arb, { nil: undefined, freq: 2 }) as fc.Arbitrary<XmlValue | XmlValue[]>;
    fields[d.name] = arb;
  }
  return fc.record(fields).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as XmlObject);
}

describe('codec round trip (property-based, every message type)', () => {
  for (const [code, schema] of messageSchemas()) {
    it(`${code}: parse(serialize(m)) equals m and is XSD-valid`, () => {
      fc.assert(
        fc.property(complexArb(schema.root.type as ComplexType, 0), (m) => {
          const xml = serialize(code as IjwMessageCode, m as never);
          const back = parseMessage(xml, code as IjwMessageCode);
          expect(back.findings).toEqual([]);
          expect(back.message).toEqual(m);
        }),
        { numRuns: 25, seed: 20261122 },
      );
    });
  }
});

describe('serialize(parse(x)) is equivalent to x for the official examples', () => {
  for (const file of readdirSync(examples).filter((f) => f.endsWith('.xml'))) {
    it(file, () => {
      const xml = readFileSync(join(examples, file), 'utf8');
      const first = parseMessage(xml);
      expect(first.findings).toEqual([]);
      const again = serialize(first.code, first.message);
      expect(parseMessage(again).message).toEqual(first.message);
      // Same elements in the same order: compare the element names and texts, ignoring prefixes and whitespace.
      const shape = (s: string) => [...s.matchAll(/<(\/?)[a-z0-9]+:([A-Za-z0-9]+)>([^<]*)/g)].map((m) => `${m[1]}${m[2]}=${m[3]!.trim()}`).join('|');
      const root = (s: string) => s.replace(/<([a-z0-9]+:Bericht)[^>]*>/, '<$1>');
      expect(shape(root(again))).toBe(shape(root(xml)));
    });
  }
});

describe('generated typed model', () => {
  it('src/ijw/generated/messages.ts matches the XSDs (run npm run gen:ijw after changing them)', () => {
    expect(readFileSync(join(PROJECT_ROOT, 'src', 'ijw', 'generated', 'messages.ts'), 'utf8')).toBe(generateMessageTypes());
  });
  it('src/ijw/generated/codelists.ts matches the code lists, with Dutch descriptions', async () => {
    expect(readFileSync(join(PROJECT_ROOT, 'src', 'ijw', 'generated', 'codelists.ts'), 'utf8')).toBe(generateCodeLists());
    const { JZ020, WJ001 } = await import('../../src/ijw/generated/codelists.js');
    expect(JZ020['45']).toBe('Jeugdhulp ambulant');
    expect(WJ001['0200']).toBe('Geen opmerking over deze berichtklasse.');
  });
  it('refuses to serialize what the XSD or XML cannot carry', () => {
    const m = parseMessage(readFileSync(join(examples, 'JW305.xml')), 'JW305').message;
    expect(() => serialize('JW305', { ...m, Extra: 'x' } as never)).toThrow(/Extra not in the schema/);
    const bad = structuredClone(m);
    bad.Client.Naam.Geslachtsnaam.Achternaam = 'Wit\u0000';
    expect(() => serialize('JW305', bad)).toThrow(/cannot represent/);
    const cr = structuredClone(m);
    cr.Client.Naam.Geslachtsnaam.Achternaam = 'Wit\r\nde';
    expect(parseMessage(serialize('JW305', cr), 'JW305').message.Client.Naam.Geslachtsnaam.Achternaam).toBe('Wit\r\nde');
  });
  it('rejects a value of one message type parsed as another', () => {
    expect(() => parseMessage(readFileSync(join(examples, 'JW301.xml')), 'JW305')).toThrow(/expected JW305, got JW301/);
  });
});

describe('retourcodes in the generated model (codec.ts retourCodes)', () => {
  it('every retourcode of the rule tables is a WJ001 code, as the generated RetourCode type lists them', async () => {
    const { ruleCatalogue } = await import('../../src/ijw/rules/catalogue.js');
    const { WJ001 } = await import('../../src/ijw/generated/codelists.js');
    const codes = [...ruleCatalogue().values()].map((r) => r.retourcode).filter((c): c is string => c !== undefined);
    expect(codes.length).toBeGreaterThan(100);
    expect(codes.filter((c) => !(c in WJ001))).toEqual([]);
    // TECHNICAL_REJECTION and NO_REMARK, which the retour builders add themselves.
    expect(Object.keys(WJ001)).toEqual(expect.arrayContaining(['0001', '0200']));
  });
});
