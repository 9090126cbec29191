/**
 * The execution-variant table (tr-varianten.ts, copied from reference/ijw-regels/
 * toewijzingsvarianten.md), row by row: an allocation matching a row is accepted; a row whose
 * Einddatum is "Verplicht" refuses the allocation without one unless another row accepts it. The
 * same allocations are validated as ToegewezenProduct (JW301), AangevraagdProduct (JW315) and
 * NieuwProduct (JW317): the validator's conditions and constraints (cdcs-product.ts) must agree
 * with the table, except for the documented CD075 conflict.
 */
import { describe, expect, it } from 'vitest';
import { ruleInfo } from '../../src/ijw/rules/catalogue.js';
import { VARIANT_REASONS, VARIANT_ROWS, evaluateAllocation, matchesRow, type Allocation, type VariantRow } from '../../src/ijw/rules/tr-varianten.js';
import { elementText, replaceElement, valid, validate } from '../fixtures/ijw/tr/harness.js';

type Family = 'JW301' | 'JW315' | 'JW317';
const FAMILIES: Family[] = ['JW301', 'JW315', 'JW317'];
const VARIANT_CODES = new Set(['CD041', 'CD075', 'CD076', 'CD077', 'CD078', 'CD079', 'CD080', 'CD095', 'CD096', 'CS338', 'CS343']);
const EIND = '2026-12-31';

/** The allocation one row describes (with an end date unless `withoutEnd`). */
function allocation(r: VariantRow, withoutEnd = false): Allocation {
  return {
    categorie: r.categorie === 'gevuld' ? '55' : undefined,
    code: r.product === 'gevuld' ? '55A11' : undefined,
    budget: r.budget === 'gevuld' ? '150000' : undefined,
    volume: r.volume === 'gevuld' ? '2' : undefined,
    eenheid: r.eenheid ?? undefined,
    frequentie: r.frequentie ?? undefined,
    einddatum: withoutEnd ? undefined : EIND,
  };
}

const el = (p: string, name: string, v: string | undefined) => (v === undefined ? '' : `<${p}:${name}>${v}</${p}:${name}>`);
const product = (p: string, a: Allocation) =>
  a.categorie === undefined ? '' : `<${p}:Product>${el('ijw', 'Categorie', a.categorie)}${el('ijw', 'Code', a.code)}</${p}:Product>`;
const omvang = (p: string, a: Allocation) =>
  a.volume === undefined
    ? ''
    : `<${p}:Omvang>${el('ijw', 'Volume', a.volume)}${el('ijw', 'Eenheid', a.eenheid)}${el('ijw', 'Frequentie', a.frequentie)}</${p}:Omvang>`;

/** A valid message of `family` whose first allocation is `a`. */
function message(family: Family, a: Allocation): string {
  const p = family.toLowerCase();
  const xml = valid(family);
  if (family === 'JW301') {
    const old = elementText(xml, 'jw301:ToegewezenProduct');
    const fixed = /<jw301:ToewijzingNummer>[\s\S]*?<jw301:Ingangsdatum>[^<]*<\/jw301:Ingangsdatum>/
      .exec(old)![0]
      .replace(/<jw301:Product>[\s\S]*?<\/jw301:Product>/, product(p, a));
    return replaceElement(
      xml,
      'jw301:ToegewezenProduct',
      `<jw301:ToegewezenProduct>${fixed}${el(p, 'Einddatum', a.einddatum)}${omvang(p, a)}${el(p, 'Budget', a.budget)}</jw301:ToegewezenProduct>`,
    );
  }
  if (family === 'JW315') {
    const body = `${el(p, 'ReferentieAanbieder', 'REF-1')}${product(p, a)}${el(p, 'ToewijzingIngangsdatum', '2026-04-01')}${el(p, 'ToewijzingEinddatum', a.einddatum)}${omvang(p, a)}${el(p, 'Budget', a.budget)}`;
    return replaceElement(
      xml,
      'jw315:AangevraagdProduct',
      `<jw315:AangevraagdProduct>${body}<jw315:Verwijzer><ijw:Type>01</ijw:Type><ijw:Naam>huisarts</ijw:Naam></jw315:Verwijzer></jw315:AangevraagdProduct>`,
    );
  }
  const body = `${product(p, a)}${el(p, 'GewensteIngangsdatum', '2026-11-01')}${el(p, 'Einddatum', a.einddatum)}${omvang(p, a)}${el(p, 'Budget', a.budget)}`;
  return replaceElement(xml, 'jw317:NieuwProduct', `<jw317:NieuwProduct>${body}</jw317:NieuwProduct>`);
}

/** The variant codes the validator reports for the message's first allocation (must be XSD-valid). */
function validatorCodes(family: Family, a: Allocation): string[] {
  const v = validate(message(family, a));
  expect(v.findings.filter((f) => f.layer === 'xsd')).toEqual([]);
  const first = { JW301: 'ToegewezenProduct[1]', JW315: 'AangevraagdProduct[1]', JW317: 'NieuwProduct[1]' }[family];
  return [...new Set(v.findings.filter((f) => VARIANT_CODES.has(f.code) && f.path.includes(first)).map((f) => f.code))].sort();
}

/** What the validator should report given the table's verdict: CD078 mirrors CD077; CD075 is the known conflict. */
function expectedCodes(a: Allocation, family: Family): string[] {
  const codes = new Set(evaluateAllocation(a, family).map((f) => f.code));
  if (codes.has('CD077')) codes.add('CD078');
  if (a.budget !== undefined && a.einddatum === undefined) codes.add('CD075');
  return [...codes].sort();
}

const label = (r: VariantRow) => `${r.bron}: ${r.type}, Eenheid ${r.eenheid ?? '-'}, Frequentie ${r.frequentie ?? '-'}, Einddatum ${r.einddatum}`;

describe('toewijzingsvarianten, row by row', () => {
  it('the table has the 20 inspanningsgericht and 11 outputgericht rows of the reference', () => {
    expect(VARIANT_ROWS.filter((r) => r.variant === 'inspanningsgericht')).toHaveLength(20);
    expect(VARIANT_ROWS.filter((r) => r.variant === 'outputgericht')).toHaveLength(11);
  });

  it.each(VARIANT_ROWS.map((r) => [label(r), r] as const))('%s', (_label, r) => {
    const a = allocation(r);
    expect(matchesRow(a, r)).toBe(true);
    expect(evaluateAllocation(a, 'JW301')).toEqual([]);
    for (const family of FAMILIES) expect(validatorCodes(family, a), family).toEqual([]);

    const open = allocation(r, true);
    const acceptedElsewhere = VARIANT_ROWS.some((other) => matchesRow(open, other));
    if (r.einddatum === 'Optioneel') expect(matchesRow(open, r)).toBe(true);
    else expect(matchesRow(open, r)).toBe(false);
    if (r.einddatum === 'Verplicht' && !acceptedElsewhere) expect(evaluateAllocation(open, 'JW301').map((f) => f.code)).toEqual(['CD076']);
    if (acceptedElsewhere || r.einddatum === 'Optioneel') expect(evaluateAllocation(open, 'JW301')).toEqual([]);
    for (const family of FAMILIES) expect(validatorCodes(family, open), `${family} without Einddatum`).toEqual(expectedCodes(open, family));
  });
});

describe('combinations outside the table', () => {
  const refused: Array<[string, Allocation, string[]]> = [
    ['Code without Omvang', { categorie: '55', code: '55A11', einddatum: EIND }, ['CD041']],
    ['Code with Budget and no Omvang', { categorie: '55', code: '55A11', budget: '100', einddatum: EIND }, ['CD041']],
    ['Omvang and Budget', { categorie: '55', code: '55A11', volume: '2', eenheid: '04', frequentie: '4', budget: '100', einddatum: EIND }, ['CD077']],
    ['neither Product nor Budget', { einddatum: EIND }, ['CD079']],
    ['Omvang without Code', { categorie: '55', volume: '2', eenheid: '04', frequentie: '4', einddatum: EIND }, ['CD080']],
    ['per week without Einddatum', { categorie: '55', code: '55A11', volume: '2', eenheid: '04', frequentie: '2' }, ['CD076']],
    ['etmaal per dag', { categorie: '55', code: '55A11', volume: '1', eenheid: '14', frequentie: '1', einddatum: EIND }, ['CS338']],
    ["euro's per dag", { categorie: '55', code: '55A11', volume: '1', eenheid: '83', frequentie: '1', einddatum: EIND }, ['CS338']],
  ];
  const perFamily = (code: string, f: Family) =>
    code === 'CD080' ? { JW301: 'CD080', JW315: 'CD095', JW317: 'CD096' }[f] : code === 'CS338' && f === 'JW315' ? 'CS343' : code;

  it.each(refused)('%s is refused', (_name, a, codes) => {
    for (const family of FAMILIES) {
      expect(evaluateAllocation(a, family).map((f) => f.code)).toEqual(codes.map((c) => perFamily(c, family)));
      expect(validatorCodes(family, a), family).toEqual(expectedCodes(a, family));
    }
  });

  it('allocations ending on or before 2020-12-31 are exempt from CD080/CD095/CD096 and CS338/CS343', () => {
    expect(evaluateAllocation({ categorie: '55', volume: '2', eenheid: '04', frequentie: '4', einddatum: '2020-12-31' }, 'JW301')).toEqual([]);
    expect(evaluateAllocation({ categorie: '55', code: '55A11', volume: '1', eenheid: '14', frequentie: '1', einddatum: '2020-06-30' }, 'JW315')).toEqual([]);
  });

  it('every combination the table refuses is named by a condition or constraint (except the pre-2021 exemption)', () => {
    const opt = <T>(v: T[]) => [undefined, ...v];
    let refusedCount = 0;
    for (const categorie of opt(['55']))
      for (const code of opt(['55A11']))
        for (const budget of opt(['100']))
          for (const eenheid of opt(['01', '04', '14', '16', '82', '83', '84']))
            for (const frequentie of opt(['1', '2', '4', '6']))
              for (const einddatum of opt([EIND, '2020-12-31'])) {
                if (code !== undefined && categorie === undefined) continue; // Code lives inside Product with Categorie
                if ((eenheid === undefined) !== (frequentie === undefined)) continue; // Omvang has all three or none
                const a: Allocation = { categorie, code, budget, volume: eenheid && '2', eenheid, frequentie, einddatum };
                if (VARIANT_ROWS.some((r) => matchesRow(a, r))) continue;
                refusedCount++;
                for (const family of FAMILIES)
                  if (einddatum !== '2020-12-31') expect(evaluateAllocation(a, family).length, JSON.stringify(a)).toBeGreaterThan(0);
              }
    expect(refusedCount).toBeGreaterThan(50);
  });

  it('the codes named for refusals are conditions/constraints of the reference on these messages', () => {
    for (const r of VARIANT_REASONS)
      for (const family of FAMILIES) expect(ruleInfo(r.code[family]).messages ?? [], `${r.code[family]} ${family}`).toContain(family);
  });
});
