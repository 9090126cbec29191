/**
 * Dated, cited funding parameters in the OpenFisca style: a parameter is a series of values by
 * date, each with its unit and its source (`bron`, a literal quote of the seed) or, where the seed
 * leaves it open, a stated assumption (`aanname`, demo only). The values are written in readable
 * units in the YAML and converted once, at load:
 *
 * - amounts: `€ 1.234,56`, `€ 1.234`, `1234.56 EUR` -> integer cents;
 * - percentages: `1 %`, `1,5%` -> a fraction (0.01, 0.015);
 * - durations: `3 jaar`, `18 maanden` -> years or months;
 * - counts: a plain number.
 *
 * Pure: no I/O. The unit of a parameter is declared (`eenheid`) and every value must be written in
 * that unit, so a typo cannot turn a percentage into an amount. Nothing is read from prose.
 */
import type { Bron, Parameter } from '../landscape/profile-schema.js';
import type { Dated } from './models.js';
import { parseWaarde, type ParameterEenheid } from './units.js';

export { parseWaarde, type ParameterEenheid, type Waarde } from './units.js';

/** A parameter with its values converted: internal numbers by date, each with its citation or assumption. */
export interface ResolvedParameter {
  id: string;
  segment?: string;
  omschrijving: string;
  eenheid: ParameterEenheid;
  values: Dated<number>;
  sources: { validFrom: string; written: string; bron?: Bron; aanname?: string }[];
  openVraag?: string;
  bron?: Bron;
  /** True when a value comes from the demo's assumptions (the profile leaves it open). */
  assumed: boolean;
}

function key(id: string, segment: string | undefined): string {
  return `${id}|${segment ?? ''}`;
}

function resolve(p: Parameter, assumed: boolean): ResolvedParameter {
  const ordered = [...p.waarden].sort((a, b) => a.vanaf.localeCompare(b.vanaf));
  return {
    id: p.id,
    ...(p.segment ? { segment: p.segment } : {}),
    omschrijving: p.omschrijving,
    eenheid: p.eenheid,
    values: ordered.map((w) => ({ validFrom: w.vanaf, value: parseWaarde(w.waarde)!.getal })),
    sources: ordered.map((w) => ({
      validFrom: w.vanaf,
      written: String(w.waarde),
      ...(w.bron ? { bron: w.bron } : {}),
      ...(w.aanname ? { aanname: w.aanname } : {}),
    })),
    ...(p.openVraag ? { openVraag: p.openVraag } : {}),
    ...(p.bron ? { bron: p.bron } : {}),
    assumed,
  };
}

/** The parameters of a region: the profile's facts, and the demo's assumptions only where the profile gives no value. */
export class ParameterSet {
  private readonly byKey = new Map<string, ResolvedParameter>();

  constructor(profileParameters: readonly Parameter[], demoParameters: readonly Parameter[] = []) {
    for (const p of profileParameters) this.byKey.set(key(p.id, p.segment), resolve(p, false));
    for (const d of demoParameters) {
      const k = key(d.id, d.segment);
      const own = this.byKey.get(k);
      if (own && own.values.length > 0) continue; // a fact of the profile wins over any assumption
      const r = resolve(d, true);
      this.byKey.set(
        k,
        own ? { ...r, omschrijving: own.omschrijving, ...(own.openVraag ? { openVraag: own.openVraag } : {}), ...(own.bron ? { bron: own.bron } : {}) } : r,
      );
    }
  }

  get(id: string, segment?: string): ResolvedParameter | undefined {
    return this.byKey.get(key(id, segment));
  }

  /** Whether the region names the parameter at all (with values or as an open question). */
  has(id: string, segment?: string): boolean {
    return this.byKey.has(key(id, segment));
  }

  /** The dated values (empty when open and not assumed). */
  series(id: string, segment?: string): Dated<number> {
    return this.byKey.get(key(id, segment))?.values ?? [];
  }

  /** Every parameter with this id, one per segment. */
  all(id: string): ResolvedParameter[] {
    return [...this.byKey.values()].filter((p) => p.id === id);
  }

  list(): ResolvedParameter[] {
    return [...this.byKey.values()];
  }
}

/**
 * The parameter ids the funding code reads (the vocabulary; the numbers are in the profiles):
 * each id with the unit it must have.
 */
export const PARAMETER_IDS = {
  /** Yearly index rate of prices and budgets; applies from 1 January of each value's year. */
  indexatie: 'procent',
  /** Efficiency cut per year on the budget after the framework's last year. */
  efficiencykorting: 'procent',
  /** Number of previous years whose realisation sets a municipality's contribution (risk equalisation). */
  'risicoverevening-basisjaren': 'jaar',
  /** The ventiel in the first contract year, as a share of the segment's lump sum. */
  'ventiel-eerste-jaar': 'procent',
  /** Share of a result-based price paid up front (the rest follows the degree of goal attainment). */
  voorschotaandeel: 'procent',
  /** Caseload funding: the price per client per month. */
  'prijs-per-client-per-maand': 'bedrag',
  /** Efficiency discount on a lump sum (e.g. on the SGGZ share of a task area). */
  'korting-lumpsum': 'procent',
  /** One budget for a group of providers: the yearly budget of the partnership. */
  groepsbudget: 'bedrag',
} as const satisfies Record<string, ParameterEenheid>;
export type ParameterId = keyof typeof PARAMETER_IDS;

/** Problems of a parameter list against the known ids and units (for the profile check). */
export function parameterProblems(params: readonly Parameter[], segmentIds: ReadonlySet<string>): { index: number; message: string }[] {
  const out: { index: number; message: string }[] = [];
  const seen = new Set<string>();
  params.forEach((p, index) => {
    const unit = (PARAMETER_IDS as Record<string, ParameterEenheid>)[p.id];
    if (!unit) out.push({ index, message: `unknown parameter "${p.id}" (known: ${Object.keys(PARAMETER_IDS).join(', ')})` });
    else if (unit !== p.eenheid) out.push({ index, message: `parameter "${p.id}" has eenheid ${unit}, not ${p.eenheid}` });
    if (p.segment && !segmentIds.has(p.segment)) out.push({ index, message: `parameter "${p.id}" names unknown segment "${p.segment}"` });
    const k = key(p.id, p.segment);
    if (seen.has(k)) out.push({ index, message: `parameter "${p.id}"${p.segment ? ` for segment ${p.segment}` : ''} is given twice` });
    seen.add(k);
  });
  return out;
}
