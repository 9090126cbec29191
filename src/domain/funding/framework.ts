/**
 * The budget framework (financieel kader) as pure calculators: the framework table with its printed
 * totals checked, the care budget per municipality and year (efficiency cut after the framework,
 * indexation with dated rates), risk equalisation per year and the ventiel. Every number comes
 * from the region's dated parameters (profile, or the demo's stated assumptions); nothing is read
 * from prose and no policy number lives here.
 *
 * - seed 004 §6: "een efficiencykorting van 1% per jaar toe"; "niet vooraf geïndexeerd ... aan de
 *   hand van een jaarlijks vast te stellen indexatiepercentage";
 * - seed 004 §6 Risicoverevening: "De werkelijke gemiddelde realisatie en gebruik van de drie
 *   voorafgaande jaren geldt daarbij als financiële bijdrage voor het komende jaar";
 * - seed 003 §10.4: "extra budget beschikbaar (ventiel, afbouw gedurende looptijd)".
 */
import { afterEfficiencyCut, indexed, riskEqualisation, ventiel, type Dated } from './models.js';
import { isOpen, type Bron, type RegionProfile } from '../landscape/profile-schema.js';
import type { ParameterSet, ResolvedParameter } from './parameters.js';

export interface DatedParameter {
  rates: Dated<number>;
  bron?: Bron;
  /** Set when the values are an assumption (the seed leaves them open). */
  aanname?: string;
  toelichting?: string;
}

export interface VentielParameter {
  segmentId: string;
  startYear: number;
  termYears: number;
  /** First-year amount as a share of the segment's scheduled lump sum in its first term year... */
  firstYearShare?: number;
  /** ... or as an amount in cents (wins over the share). */
  firstYearCents?: number;
  aanname: string;
  bron: Bron;
}

export interface FrameworkParameters {
  efficiencyCut: DatedParameter;
  indexation: DatedParameter;
  /** Price level of the framework amounts (they are not indexed in advance): the year before its first year. */
  priceLevelYear?: number;
  /** The framework lines that the region's purchased care (and this system's spend) covers. */
  careLines: { lines: string[]; aanname: string; bron?: Bron };
  /** Risk equalisation over the realisation of `basisYears` previous years, when the region has it. */
  riskEqualisation?: { basisYears: number; bron?: Bron };
  ventiel?: VentielParameter;
}

function asDated(p: ResolvedParameter | undefined, fallback: string): DatedParameter {
  if (!p) return { rates: [], toelichting: fallback };
  const assumptions = [...new Set(p.sources.map((s) => s.aanname).filter((a): a is string => !!a))];
  const bron = p.sources.find((s) => s.bron)?.bron ?? p.bron;
  return {
    rates: p.values,
    ...(bron ? { bron } : {}),
    ...(assumptions.length > 0 ? { aanname: assumptions.join(' ') } : {}),
    toelichting: p.values.length === 0 ? `${p.omschrijving}: open${p.openVraag ? ` (${p.openVraag})` : ''}; zonder waarde telt 0.` : p.omschrijving,
  };
}

/**
 * The framework parameters of a region from its dated parameters: efficiency cut and indexation
 * (a parameter with no value counts as 0 and says so), the framework lines that count as
 * purchased care, risk equalisation when the region has a number of basis years, and the ventiel
 * of the segment that has one (first-year share from the parameters, term from the segment).
 */
export function frameworkParameters(profile: RegionProfile, params: ParameterSet): FrameworkParameters {
  const kader = profile.financieelKader;
  const firstYear = kader ? Math.min(...kader.jaren) : undefined;
  const lijnen = kader?.ingekochteLijnen;
  const careLines = lijnen
    ? { lines: lijnen.lijnen, aanname: lijnen.aanname ?? '', ...(lijnen.bron ? { bron: lijnen.bron } : {}) }
    : { lines: [], aanname: 'Het profiel noemt niet welke lijnen van het kader de ingekochte zorg zijn.' };
  const basis = params.get('risicoverevening-basisjaren');
  const basisYears = basis ? basis.values[basis.values.length - 1]?.value : undefined;
  let ventielParam: VentielParameter | undefined;
  for (const v of params.all('ventiel-eerste-jaar')) {
    const s = profile.segmenten.find((x) => x.id === v.segment);
    if (!s) continue;
    const l = s.looptijd;
    const startYear = Number(((!isOpen(l) && l.ingangsdatum) || profile.geldigVanaf).slice(0, 4));
    const share = v.values.length > 0 ? v.values[v.values.length - 1]!.value : undefined;
    const aanname = v.sources.map((x) => x.aanname).find((a) => !!a);
    ventielParam = {
      segmentId: s.id,
      startYear,
      termYears: isOpen(l) ? 0 : (l.jaren ?? l.jarenMin ?? 0),
      ...(share !== undefined ? { firstYearShare: share } : {}),
      aanname: aanname ?? (share === undefined ? `De omvang van het ventiel is open${v.openVraag ? ` (${v.openVraag})` : ''}.` : ''),
      bron: (v.bron ?? v.sources.find((x) => x.bron)?.bron)!,
    };
    break;
  }
  return {
    efficiencyCut: asDated(params.get('efficiencykorting'), 'Het profiel noemt geen efficiencykorting.'),
    indexation: asDated(params.get('indexatie'), 'Het profiel noemt geen indexatie.'),
    priceLevelYear: firstYear !== undefined ? firstYear - 1 : undefined,
    careLines,
    ...(basisYears !== undefined ? { riskEqualisation: { basisYears, ...(basis?.sources[0]?.bron ? { bron: basis.sources[0].bron } : {}) } } : {}),
    ...(ventielParam ? { ventiel: ventielParam } : {}),
  };
}

/** Sum of the framework posts of a municipality for the given lines and year (printed amounts), or undefined outside the framework. */
export function postsSum(profile: RegionProfile, code: string, year: number, lines: readonly string[]): number | undefined {
  const k = profile.financieelKader;
  if (!k || !k.jaren.includes(year)) return undefined;
  return k.posten.filter((p) => p.gemeente === code && lines.includes(p.lijn)).reduce((a, p) => a + (p.bedragen[String(year)] ?? 0), 0);
}

/**
 * The care budget of a municipality for a year before indexation: the framework amount of the
 * care lines, and after the framework's last year that amount lowered by the efficiency cut per
 * year (the framework itself already includes the cut, seed 004 §6.1 toelichting).
 */
export function careBudgetBeforeIndexation(profile: RegionProfile, code: string, year: number, params: FrameworkParameters): number | undefined {
  const k = profile.financieelKader;
  if (!k || params.careLines.lines.length === 0) return undefined;
  const first = Math.min(...k.jaren);
  const last = Math.max(...k.jaren);
  if (year < first) return undefined;
  if (year <= last) return postsSum(profile, code, year, params.careLines.lines);
  const base = postsSum(profile, code, last, params.careLines.lines);
  return base === undefined ? undefined : afterEfficiencyCut(base, last, year, params.efficiencyCut.rates);
}

/** The care budget of a municipality for a year, indexed from the framework's price level with the dated rates. */
export function careBudget(profile: RegionProfile, code: string, year: number, params: FrameworkParameters): number | undefined {
  const before = careBudgetBeforeIndexation(profile, code, year, params);
  if (before === undefined) return undefined;
  return indexed(before, params.priceLevelYear ?? year, year, params.indexation.rates);
}

export interface TotalCheck {
  niveau: 'gemeente' | 'deelregio' | 'regio';
  id: string | null;
  name: string;
  year: number;
  printedCents: number;
  sumCents: number;
  differenceCents: number;
  /** Each printed post was rounded to afrondingCent; the total may differ by half a unit per rounded figure. */
  toleranceCents: number;
  withinRounding: boolean;
}

export interface FrameworkTable {
  naam: string;
  jaren: number[];
  afrondingCent: number;
  bron: Bron;
  toelichting?: string;
  lines: { id: string; naam: string }[];
  municipalities: {
    code: string;
    name: string;
    deelregio: string | null;
    lines: { line: string; amounts: Record<string, number> }[];
    totals: Record<string, number>;
  }[];
  checks: TotalCheck[];
  allWithinRounding: boolean;
}

/** The framework as a table per municipality and line, with the printed totals reproduced (seed 004 §6.1). */
export function frameworkTable(profile: RegionProfile): FrameworkTable | null {
  const k = profile.financieelKader;
  if (!k) return null;
  const municipalities = profile.gemeenten
    .filter((g) => k.posten.some((p) => p.gemeente === g.code))
    .map((g) => {
      const lines = k.lijnen
        .map((l) => ({
          line: l.id,
          amounts: Object.fromEntries(
            k.jaren.map((y) => [
              String(y),
              k.posten.filter((p) => p.gemeente === g.code && p.lijn === l.id).reduce((a, p) => a + (p.bedragen[String(y)] ?? 0), 0),
            ]),
          ),
        }))
        .filter((l) => k.posten.some((p) => p.gemeente === g.code && p.lijn === l.line));
      const totals = Object.fromEntries(k.jaren.map((y) => [String(y), lines.reduce((a, l) => a + (l.amounts[String(y)] ?? 0), 0)]));
      return { code: g.code, name: g.naam, deelregio: g.deelregio ?? null, lines, totals };
    });
  const checks: TotalCheck[] = [];
  for (const t of k.gedrukteTotalen) {
    const members = k.posten.filter(
      (p) => t.niveau === 'regio' || (t.niveau === 'gemeente' ? p.gemeente === t.id : profile.gemeenten.find((g) => g.code === p.gemeente)?.deelregio === t.id),
    );
    const name =
      t.niveau === 'regio'
        ? profile.naam
        : t.niveau === 'gemeente'
          ? (profile.gemeenten.find((g) => g.code === t.id)?.naam ?? t.id ?? '')
          : (profile.deelregios.find((d) => d.id === t.id)?.naam ?? t.id ?? '');
    for (const [y, printed] of Object.entries(t.bedragen)) {
      const sum = members.reduce((a, p) => a + (p.bedragen[y] ?? 0), 0);
      // Same tolerance as the profile check (profile-rules.checkFinancieelKader).
      const tolerance = Math.ceil((members.length + 1) / 2) * k.afrondingCent;
      checks.push({
        niveau: t.niveau,
        id: t.id ?? null,
        name,
        year: Number(y),
        printedCents: printed,
        sumCents: sum,
        differenceCents: sum - printed,
        toleranceCents: tolerance,
        withinRounding: Math.abs(sum - printed) <= tolerance,
      });
    }
  }
  return {
    naam: k.naam,
    jaren: k.jaren,
    afrondingCent: k.afrondingCent,
    bron: k.bron,
    toelichting: k.toelichting,
    lines: k.lijnen,
    municipalities,
    checks,
    allWithinRounding: checks.every((c) => c.withinRounding),
  };
}

export interface RiskEqualisationYear {
  year: number;
  /** The three previous years whose realisation sets the shares. */
  basisJaren: number[];
  /** False when one of the basis years is not over yet (the shares are provisional). */
  complete: boolean;
  regionalTotalCents: number;
  contributions: {
    code: string;
    name: string;
    realisedCents: number;
    share: number;
    contributionCents: number;
    ownBudgetCents: number;
    differenceCents: number;
  }[];
}

/**
 * Risk equalisation per year: the regional care budget of the year divided over the municipalities
 * in proportion to their actual spend in the three previous years (exact cents, domain
 * riskEqualisation); beside each contribution its own care budget and the difference.
 */
export function riskEqualisationYears(input: {
  years: number[];
  realised: ReadonlyMap<string, ReadonlyMap<number, number>>;
  regionalTotal: (year: number) => number | undefined;
  ownBudget: (code: string, year: number) => number | undefined;
  names: ReadonlyMap<string, string>;
  lastCompleteYear: number;
  /** Number of previous years whose realisation sets the shares (profile parameter). */
  basisYears: number;
}): RiskEqualisationYear[] {
  const out: RiskEqualisationYear[] = [];
  for (const year of input.years) {
    const basis = Array.from({ length: input.basisYears }, (_, i) => year - input.basisYears + i);
    const hasAll = basis.every((y) => [...input.realised.values()].some((m) => (m.get(y) ?? 0) > 0));
    const total = input.regionalTotal(year);
    if (!hasAll || total === undefined) continue;
    const shares = riskEqualisation(total, year, input.realised, input.basisYears);
    const realisedTotal = [...input.realised.values()].reduce((a, m) => a + basis.reduce((b, y) => b + (m.get(y) ?? 0), 0), 0);
    const contributions = [...shares].map(([code, cents]) => {
      const realisedCents = basis.reduce((a, y) => a + (input.realised.get(code)?.get(y) ?? 0), 0);
      const own = input.ownBudget(code, year) ?? 0;
      return {
        code,
        name: input.names.get(code) ?? code,
        realisedCents,
        share: realisedTotal === 0 ? 0 : realisedCents / realisedTotal,
        contributionCents: cents,
        ownBudgetCents: own,
        differenceCents: cents - own,
      };
    });
    contributions.sort((a, b) => a.code.localeCompare(b.code));
    out.push({ year, basisJaren: basis, complete: basis.every((y) => y <= input.lastCompleteYear), regionalTotalCents: total, contributions });
  }
  return out;
}

/** The ventiel per year over the term: the first-year amount declining linearly to zero (seed 003 §10.4). */
export function ventielYears(firstYearCents: number, startYear: number, termYears: number): { year: number; yearIndex: number; cents: number }[] {
  return Array.from({ length: termYears + 1 }, (_, i) => ({ year: startYear + i, yearIndex: i, cents: ventiel(firstYearCents, termYears, i) }));
}
