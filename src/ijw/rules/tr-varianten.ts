/**
 * The execution-variant table: which combinations of Product (Categorie, Code), Omvang (Volume,
 * Eenheid, Frequentie), Budget and Einddatum an allocation may have, per uitvoeringsvariant.
 * Copied row by row from reference/ijw-regels/toewijzingsvarianten.md (identical to
 * /work/shared/reference/ijw-3.2/processen/Uitvoeringsvarianten inspanning-output.md).
 *
 * The message does not say which variant (inspanningsgericht / outputgericht) applies, so an
 * allocation is accepted when it matches a row of either table. Taakgericht work has no rows: its
 * support is not allocated with messages (OP086). A refused combination is reported under the
 * codes of the conditions and constraints that the reference attaches to the elements concerned
 * (condities-constraints.md); the table itself names no codes.
 *
 * Applies to ToegewezenProduct (JW301), AangevraagdProduct (JW315) and NieuwProduct (JW317), and
 * their retour messages. TeWijzigenProduct (JW317) is left out: its Product is in the original
 * allocation, not in the message. The toelichting on categorie 55 (LTA: aspecifiek inspanningsgericht
 * only for categorie <> 55, outputgericht only for 55) does not narrow the union of both tables.
 *
 * TR_VARIANT_RULES is not registered in tr.ts: cdcs-product.ts reports the same conditions and
 * constraints per element (same code, same path), so registering both doubles every finding. Swap
 * one for the other in rules/index.ts if the table should be the single implementation.
 *
 * Where the table and the conditions disagree: the outputgericht rows "Aspecifiek met budget voor
 * een traject" and "Generiek" have Einddatum "Optioneel", but CD075 ("Verplicht vullen indien
 * Budget gevuld is") requires it for every allocation with a Budget. The evaluator follows the
 * table; the per-element CD075 refuses such allocations.
 */
import type { XmlValue } from '../reader.js';
import type { ElementRule, RuleContext } from './types.js';
import { str, withRetour } from './tr-support.js';

type Vulling = 'gevuld' | 'leeg';

export interface VariantRow {
  variant: 'inspanningsgericht' | 'outputgericht';
  /** Column "Type Toewijzing". */
  type: string;
  categorie: Vulling;
  /** Column "Product" / "Productcode": the Code in Product. */
  product: Vulling;
  budget: Vulling;
  volume: Vulling;
  /** WJ756 code; null = leeg. */
  eenheid: '01' | '04' | '14' | '16' | '82' | '83' | '84' | null;
  /** WMO757 code (1 dag, 2 week, 4 maand, 6 totaal binnen geldigheidsduur toewijzing); null = leeg. */
  frequentie: '1' | '2' | '4' | '6' | null;
  einddatum: 'Verplicht' | 'Optioneel';
  /** Where the row comes from. */
  bron: string;
}

const I = 'toewijzingsvarianten.md, Inspanningsgerichte uitvoeringsvariant';
const O = 'toewijzingsvarianten.md, Outputgerichte uitvoeringsvariant';
const spec = (
  variant: VariantRow['variant'],
  type: string,
  eenheid: VariantRow['eenheid'],
  frequentie: VariantRow['frequentie'],
  einddatum: VariantRow['einddatum'],
  row: number,
): VariantRow => ({
  variant,
  type,
  categorie: 'gevuld',
  product: 'gevuld',
  budget: 'leeg',
  volume: 'gevuld',
  eenheid,
  frequentie,
  einddatum,
  bron: `${variant === 'inspanningsgericht' ? I : O}, rij ${row}`,
});
const zonderOmvang = (
  variant: VariantRow['variant'],
  type: string,
  categorie: Vulling,
  budget: Vulling,
  einddatum: VariantRow['einddatum'],
  row: number,
): VariantRow => ({
  variant,
  type,
  categorie,
  product: 'leeg',
  budget,
  volume: 'leeg',
  eenheid: null,
  frequentie: null,
  einddatum,
  bron: `${variant === 'inspanningsgericht' ? I : O}, rij ${row}`,
});

/** The rows of both tables, in the order of the reference (rij = row number within its table). */
export const VARIANT_ROWS: readonly VariantRow[] = [
  spec('inspanningsgericht', 'Specifiek', '01', '1', 'Optioneel', 1),
  spec('inspanningsgericht', 'Specifiek', '01', '2', 'Verplicht', 2),
  spec('inspanningsgericht', 'Specifiek', '01', '4', 'Optioneel', 3),
  spec('inspanningsgericht', 'Specifiek', '01', '6', 'Optioneel', 4),
  spec('inspanningsgericht', 'Specifiek', '04', '1', 'Optioneel', 5),
  spec('inspanningsgericht', 'Specifiek', '04', '2', 'Verplicht', 6),
  spec('inspanningsgericht', 'Specifiek', '04', '4', 'Optioneel', 7),
  spec('inspanningsgericht', 'Specifiek', '04', '6', 'Optioneel', 8),
  spec('inspanningsgericht', 'Specifiek', '16', '2', 'Verplicht', 9),
  spec('inspanningsgericht', 'Specifiek', '16', '4', 'Optioneel', 10),
  spec('inspanningsgericht', 'Specifiek', '16', '6', 'Optioneel', 11),
  spec('inspanningsgericht', 'Specifiek', '14', '2', 'Verplicht', 12),
  spec('inspanningsgericht', 'Specifiek', '14', '4', 'Optioneel', 13),
  spec('inspanningsgericht', 'Specifiek', '14', '6', 'Optioneel', 14),
  spec('inspanningsgericht', 'Specifiek', '84', '2', 'Verplicht', 15),
  spec('inspanningsgericht', 'Specifiek', '84', '4', 'Optioneel', 16),
  spec('inspanningsgericht', 'Specifiek', '84', '6', 'Optioneel', 17),
  zonderOmvang('inspanningsgericht', 'Aspecifiek zonder budget', 'gevuld', 'leeg', 'Optioneel', 18),
  zonderOmvang('inspanningsgericht', 'Aspecifiek met budget', 'gevuld', 'gevuld', 'Verplicht', 19),
  zonderOmvang('inspanningsgericht', 'Generiek', 'leeg', 'gevuld', 'Verplicht', 20),
  spec('outputgericht', 'Specifiek eenheid Stuks', '82', '1', 'Optioneel', 1),
  spec('outputgericht', 'Specifiek eenheid Stuks', '82', '2', 'Verplicht', 2),
  spec('outputgericht', 'Specifiek eenheid Stuks', '82', '4', 'Optioneel', 3),
  spec('outputgericht', 'Specifiek eenheid Stuks', '82', '6', 'Optioneel', 4),
  spec('outputgericht', "Specifiek eenheid Euro's", '83', '2', 'Verplicht', 5),
  spec('outputgericht', "Specifiek eenheid Euro's", '83', '4', 'Optioneel', 6),
  spec('outputgericht', "Specifiek eenheid Euro's", '83', '6', 'Optioneel', 7),
  spec('outputgericht', 'Specifiek voor een traject', '83', '6', 'Verplicht', 8),
  zonderOmvang('outputgericht', 'Aspecifiek met budget voor een traject', 'gevuld', 'gevuld', 'Optioneel', 9),
  zonderOmvang('outputgericht', 'Aspecifiek zonder budget voor een traject', 'gevuld', 'leeg', 'Optioneel', 10),
  zonderOmvang('outputgericht', 'Generiek', 'leeg', 'gevuld', 'Optioneel', 11),
];

/** The fields of an allocation the table looks at. */
export interface Allocation {
  categorie?: string;
  code?: string;
  budget?: string;
  volume?: string;
  eenheid?: string;
  frequentie?: string;
  einddatum?: string;
}

const vulling = (v: string | undefined): Vulling => (v === undefined ? 'leeg' : 'gevuld');

/** True when the allocation has the combination of one row. */
export function matchesRow(a: Allocation, r: VariantRow): boolean {
  return (
    vulling(a.categorie) === r.categorie &&
    vulling(a.code) === r.product &&
    vulling(a.budget) === r.budget &&
    vulling(a.volume) === r.volume &&
    (a.eenheid ?? null) === r.eenheid &&
    (a.frequentie ?? null) === r.frequentie &&
    (r.einddatum === 'Optioneel' || a.einddatum !== undefined)
  );
}

/** The message families the table applies to, with the element names that differ between them. */
type Family = 'JW301' | 'JW315' | 'JW317';
const EINDDATUM: Record<Family, string> = { JW301: 'Einddatum', JW315: 'ToewijzingEinddatum', JW317: 'Einddatum' };
const na2020 = (a: Allocation) => a.einddatum === undefined || a.einddatum > '2020-12-31';

/** Why a combination outside the table is refused: the condition or constraint, per message. */
interface Reason {
  code: Record<Family, string>;
  /** Element the condition is attached to (reported there). */
  element: (f: Family) => string;
  applies(a: Allocation): boolean;
  text: string;
}

/** The conditions and constraints on these elements (condities-constraints.md), in reporting order. */
export const VARIANT_REASONS: readonly Reason[] = [
  // CD077 (Omvang) "Indien Budget gevuld is, dan leeg laten" / CD078 (Budget) "Indien Omvang gevuld is, dan leeg laten": one finding, on Omvang.
  {
    code: { JW301: 'CD077', JW315: 'CD077', JW317: 'CD077' },
    element: () => 'Omvang',
    applies: (a) => a.volume !== undefined && a.budget !== undefined,
    text: 'Omvang and Budget are both filled',
  },
  // CD079 (Product) "Indien Budget leeg is, dan verplicht vullen".
  {
    code: { JW301: 'CD079', JW315: 'CD079', JW317: 'CD079' },
    element: () => 'Product',
    applies: (a) => a.categorie === undefined && a.budget === undefined,
    text: 'neither Product nor Budget is filled',
  },
  // CD041 (Omvang) "Indien Code in Product gevuld is, verplicht vullen".
  {
    code: { JW301: 'CD041', JW315: 'CD041', JW317: 'CD041' },
    element: () => 'Omvang',
    applies: (a) => a.code !== undefined && a.volume === undefined,
    text: 'Code in Product is filled but Omvang is empty',
  },
  // CD080 / CD095 / CD096 (Omvang) "Indien Code ... leeg is en (Toewijzing)Einddatum ... groter dan 31-12-2020 of leeg is, dan leeg laten".
  {
    code: { JW301: 'CD080', JW315: 'CD095', JW317: 'CD096' },
    element: () => 'Omvang',
    applies: (a) => a.code === undefined && a.volume !== undefined && na2020(a),
    text: 'Omvang is filled without a Code in Product',
  },
  // CD076 ((Toewijzing)Einddatum) "Verplicht vullen indien Frequentie waarde 2 (per week)".
  {
    code: { JW301: 'CD076', JW315: 'CD076', JW317: 'CD076' },
    element: (f) => EINDDATUM[f],
    applies: (a) => a.frequentie === '2' && a.einddatum === undefined,
    text: 'Frequentie is 2 (per week) but the end date is empty',
  },
  // CS338 / CS343 (Omvang) "Indien eenheid de waarde 14, 16, 83 of 84 heeft en Einddatum groter dan 31-12-2020 of leeg is, dan Frequentie vullen met de waarde 2, 4 of 6".
  {
    code: { JW301: 'CS338', JW315: 'CS343', JW317: 'CS338' },
    element: () => 'Omvang/Frequentie',
    applies: (a) => ['14', '16', '83', '84'].includes(a.eenheid ?? '') && !['2', '4', '6'].includes(a.frequentie ?? '') && na2020(a),
    text: 'Eenheid 14, 16, 83 or 84 requires Frequentie 2, 4 or 6',
  },
];

export interface VariantFinding {
  code: string;
  /** Element path relative to the allocation. */
  element: string;
  text: string;
}

/**
 * Evaluates an allocation against the table: nothing when it matches a row; otherwise the
 * conditions/constraints that refuse it. (A combination outside the table that no condition
 * refuses is an allocation ending on or before 31-12-2020, which the conditions exempt.)
 */
export function evaluateAllocation(a: Allocation, family: Family): VariantFinding[] {
  if (VARIANT_ROWS.some((r) => matchesRow(a, r))) return [];
  return VARIANT_REASONS.filter((r) => r.applies(a)).map((r) => ({
    code: r.code[family],
    element: r.element(family),
    text: `${r.text}: not an allowed allocation variant (toewijzingsvarianten.md)`,
  }));
}

/** Reads the table's fields from a ToegewezenProduct, AangevraagdProduct or NieuwProduct. */
export function allocationOf(value: XmlValue, family: Family): Allocation {
  return {
    categorie: str(value, 'Product', 'Categorie'),
    code: str(value, 'Product', 'Code'),
    budget: str(value, 'Budget'),
    volume: str(value, 'Omvang', 'Volume'),
    eenheid: str(value, 'Omvang', 'Eenheid'),
    frequentie: str(value, 'Omvang', 'Frequentie'),
    einddatum: str(value, EINDDATUM[family]),
  };
}

/** One registered rule per code: the table is evaluated and the findings of that code reported. */
function variantRule(family: Family, code: string) {
  return function toewijzingsvariant(value: XmlValue, location: string, ctx: RuleContext): void {
    for (const f of evaluateAllocation(allocationOf(value, family), family)) if (f.code === code) ctx.report(f.code, `${location}/${f.element}`, f.text);
  };
}

const TARGETS: ReadonlyArray<{ family: Family; path: string }> = [
  { family: 'JW301', path: 'Client/ToegewezenProducten/ToegewezenProduct' },
  { family: 'JW315', path: 'Client/AangevraagdeProducten/AangevraagdProduct' },
  { family: 'JW317', path: 'Client/Verzoek/NieuweProducten/NieuwProduct' },
];

export const TR_VARIANT_RULES: readonly ElementRule[] = TARGETS.flatMap(({ family, path }) =>
  [...new Set(VARIANT_REASONS.map((r) => r.code[family]))].map((code): ElementRule => ({
    code,
    messages: withRetour(family),
    path,
    check: variantRule(family, code),
  })),
);
