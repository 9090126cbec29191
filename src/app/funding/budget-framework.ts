/**
 * The budget framework (financieel kader) per municipality, line and year, and the steering
 * instruments on top of it:
 *
 * - the framework as profile data (Holland Rijnland 2021-2024, seed 004 §6.1) with the printed
 *   totals checked against the sum of the posts within the printed rounding;
 * - efficiency cut (seed 004 §6: "een efficiencykorting van 1% per jaar") for the years after the
 *   framework, and indexation with dated rates (seed 004 §6: "niet vooraf geïndexeerd ... aan de
 *   hand van een jaarlijks vast te stellen indexatiepercentage"; the rates are a parameter);
 * - risk equalisation (seed 004 §6 Risicoverevening: "De werkelijke gemiddelde realisatie en
 *   gebruik van de drie voorafgaande jaren geldt daarbij als financiële bijdrage voor het komende
 *   jaar") from the actual spend per municipality;
 * - the ventiel (seed 003 §10.4: "extra budget beschikbaar (ventiel, afbouw gedurende looptijd)"),
 *   declining to zero over the contract term; its amount is an explicit assumption.
 */
import { afterEfficiencyCut, indexed, riskEqualisation, ventiel, type Dated } from '../../domain/funding/models.js';
import { isOpen, type Bron, type RegionProfile } from '../../domain/landscape/profile-schema.js';
import type { UserScope } from '../../domain/access/roles.js';
import type { Db } from '../../db/database.js';
import { loadRegionProfile } from '../landscape.js';
import { fundingView, realisedPerMunicipality } from './spend.js';
import { scheduledPerSegmentYear } from './schedules.js';
import { demoScale, scaleText } from './demo-scale.js';

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
  careLines: { lines: string[]; aanname: string };
  ventiel?: VentielParameter;
}

/**
 * Indexation rates used by the demo and as the default parameter: an ASSUMPTION. Seed 004 §6 says
 * the rate is set every year and leaves it open (openVraag in the Holland Rijnland profile); seed
 * 003 §2.1 excludes indexation from its amounts. Each rate applies from 1 January of its year.
 */
export const ASSUMED_INDEXATION: DatedParameter = {
  rates: [
    { validFrom: '2019-01-01', value: 0.02 },
    { validFrom: '2021-01-01', value: 0.015 },
    { validFrom: '2022-01-01', value: 0.03 },
    { validFrom: '2023-01-01', value: 0.06 },
    { validFrom: '2024-01-01', value: 0.05 },
    { validFrom: '2025-01-01', value: 0.04 },
    { validFrom: '2026-01-01', value: 0.03 },
    { validFrom: '2027-01-01', value: 0.025 },
  ],
  aanname: 'Indexatiepercentages zijn een aanname (demo): de regio stelt het percentage jaarlijks vast en de seeds noemen het niet (seed 004 §6; openVraag in het profiel).',
};

/** Share of the first-year lump sum used as the ventiel when the seed gives no amount: an ASSUMPTION. */
export const ASSUMED_VENTIEL_SHARE = 0.05;

/**
 * The parameters a profile implies: the efficiency cut from a rule with onderwerp
 * "efficiencykorting" (its percentage and source), the assumed indexation, the care lines of the
 * framework, and a ventiel for a segment whose funding mentions one (with its term).
 */
export function defaultFrameworkParameters(profile: RegionProfile): FrameworkParameters {
  const kader = profile.financieelKader;
  const firstYear = kader ? Math.min(...kader.jaren) : undefined;
  const cutRule = profile.regels.find((r) => r.type === 'beschreven' && r.onderwerp === 'efficiencykorting');
  const pct = cutRule?.omschrijving?.match(/(\d+(?:[.,]\d+)?)\s*%/);
  const efficiencyCut: DatedParameter = cutRule && pct
    ? { rates: [{ validFrom: `${firstYear ?? Number(profile.geldigVanaf.slice(0, 4))}-01-01`, value: Number(pct[1]!.replace(',', '.')) / 100 }], bron: cutRule.bron, toelichting: cutRule.omschrijving }
    : { rates: [], toelichting: 'Het profiel noemt geen efficiencykorting.' };
  const lineIds = new Set(kader?.lijnen.map((l) => l.id) ?? []);
  const careLines = {
    lines: ['zin', 'veiligheid'].filter((l) => lineIds.has(l)),
    aanname:
      'Aanname: de regionaal ingekochte zorg (specialistische hulp in natura en veiligheid) is wat via deze toepassing wordt betaald en verevend; gemeentelijke toegang en pgb lopen buiten de regionale inkoop, begrotingswijzigingen en best case zijn niet per lijn uitgesplitst.',
  };
  let ventielParam: VentielParameter | undefined;
  for (const s of profile.segmenten) {
    const b = s.bekostiging;
    if (isOpen(b) || !/ventiel/i.test(b.toelichting ?? '')) continue;
    const l = s.looptijd;
    const open = profile.openVragen.find((q) => /ventiel/i.test(q.openVraag));
    ventielParam = {
      segmentId: s.id,
      startYear: Number(((!isOpen(l) && l.ingangsdatum) || profile.geldigVanaf).slice(0, 4)),
      termYears: isOpen(l) ? 5 : (l.jaren ?? l.jarenMin ?? 5),
      firstYearShare: ASSUMED_VENTIEL_SHARE,
      aanname: `Aanname: het ventiel is in het eerste contractjaar ${ASSUMED_VENTIEL_SHARE * 100}% van de lumpsum van het taakgebied en bouwt lineair af tot nul aan het eind van de looptijd; de seed noemt de omvang niet${open ? ` (openVraag: ${open.openVraag})` : ''}.`,
      bron: open?.bron ?? b.bron,
    };
    break;
  }
  return { efficiencyCut, indexation: ASSUMED_INDEXATION, priceLevelYear: firstYear !== undefined ? firstYear - 1 : undefined, careLines, ...(ventielParam ? { ventiel: ventielParam } : {}) };
}

/** Sum of the framework posts of a municipality for the given lines and year (printed amounts), or undefined outside the framework. */
function postsSum(profile: RegionProfile, code: string, year: number, lines: readonly string[]): number | undefined {
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
  municipalities: { code: string; name: string; deelregio: string | null; lines: { line: string; amounts: Record<string, number> }[]; totals: Record<string, number> }[];
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
        .map((l) => ({ line: l.id, amounts: Object.fromEntries(k.jaren.map((y) => [String(y), k.posten.filter((p) => p.gemeente === g.code && p.lijn === l.id).reduce((a, p) => a + (p.bedragen[String(y)] ?? 0), 0)])) }))
        .filter((l) => k.posten.some((p) => p.gemeente === g.code && p.lijn === l.line));
      const totals = Object.fromEntries(k.jaren.map((y) => [String(y), lines.reduce((a, l) => a + (l.amounts[String(y)] ?? 0), 0)]));
      return { code: g.code, name: g.naam, deelregio: g.deelregio ?? null, lines, totals };
    });
  const checks: TotalCheck[] = [];
  for (const t of k.gedrukteTotalen) {
    const members = k.posten.filter((p) => t.niveau === 'regio' || (t.niveau === 'gemeente' ? p.gemeente === t.id : profile.gemeenten.find((g) => g.code === p.gemeente)?.deelregio === t.id));
    const name = t.niveau === 'regio' ? profile.naam : t.niveau === 'gemeente' ? (profile.gemeenten.find((g) => g.code === t.id)?.naam ?? t.id ?? '') : (profile.deelregios.find((d) => d.id === t.id)?.naam ?? t.id ?? '');
    for (const [y, printed] of Object.entries(t.bedragen)) {
      const sum = members.reduce((a, p) => a + (p.bedragen[y] ?? 0), 0);
      // Same tolerance as the profile check (profile-rules.checkFinancieelKader).
      const tolerance = Math.ceil((members.length + 1) / 2) * k.afrondingCent;
      checks.push({ niveau: t.niveau, id: t.id ?? null, name, year: Number(y), printedCents: printed, sumCents: sum, differenceCents: sum - printed, toleranceCents: tolerance, withinRounding: Math.abs(sum - printed) <= tolerance });
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
  contributions: { code: string; name: string; realisedCents: number; share: number; contributionCents: number; ownBudgetCents: number; differenceCents: number }[];
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
}): RiskEqualisationYear[] {
  const out: RiskEqualisationYear[] = [];
  for (const year of input.years) {
    const basis = [year - 3, year - 2, year - 1];
    const hasAll = basis.every((y) => [...input.realised.values()].some((m) => (m.get(y) ?? 0) > 0));
    const total = input.regionalTotal(year);
    if (!hasAll || total === undefined) continue;
    const shares = riskEqualisation(total, year, input.realised);
    const realisedTotal = [...input.realised.values()].reduce((a, m) => a + basis.reduce((b, y) => b + (m.get(y) ?? 0), 0), 0);
    const contributions = [...shares].map(([code, cents]) => {
      const realisedCents = basis.reduce((a, y) => a + (input.realised.get(code)?.get(y) ?? 0), 0);
      const own = input.ownBudget(code, year) ?? 0;
      return { code, name: input.names.get(code) ?? code, realisedCents, share: realisedTotal === 0 ? 0 : realisedCents / realisedTotal, contributionCents: cents, ownBudgetCents: own, differenceCents: cents - own };
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

export interface BudgetFrameworkView {
  regionId: string;
  asOf: string;
  scope: string;
  kader: FrameworkTable | null;
  parameters: FrameworkParameters;
  /** Care budget per municipality and year: in the framework, and projected after it (efficiency cut), before and after indexation. */
  careBudgets: { year: number; kind: 'kader' | 'projectie'; totalCents: number; totalIndexedCents: number; municipalities: { code: string; name: string; cents: number; indexedCents: number }[] }[];
  riskEqualisation: { bron: Bron | null; toelichting: string; years: RiskEqualisationYear[] } | null;
  ventiel: (VentielParameter & { segmentName: string; firstYearCents: number; years: { year: number; yearIndex: number; cents: number }[] }) | null;
  notes: string[];
}

/** The budget framework of a region with projections, risk equalisation and ventiel (regional roles and municipalities). */
export async function budgetFramework(db: Db, user: UserScope, regionId: string, opts: { asOf: string; params?: FrameworkParameters }): Promise<BudgetFrameworkView> {
  const view = await fundingView(db, user, regionId, ['region', 'municipality']);
  const profile = await loadRegionProfile(db, regionId);
  const params = opts.params ?? defaultFrameworkParameters(profile);
  const asOfYear = Number(opts.asOf.slice(0, 4));
  const notes: string[] = [];
  const kader = frameworkTable(profile);
  const names = new Map(profile.gemeenten.map((g) => [g.code, g.naam]));

  const careBudgets: BudgetFrameworkView['careBudgets'] = [];
  if (profile.financieelKader && params.careLines.lines.length > 0) {
    const first = Math.min(...profile.financieelKader.jaren);
    const last = Math.max(...profile.financieelKader.jaren);
    for (let year = first; year <= Math.max(last, asOfYear + 1); year++) {
      const municipalities = profile.gemeenten.map((g) => ({ code: g.code, name: g.naam, cents: careBudgetBeforeIndexation(profile, g.code, year, params) ?? 0, indexedCents: careBudget(profile, g.code, year, params) ?? 0 }));
      careBudgets.push({ year, kind: year <= last ? 'kader' : 'projectie', totalCents: municipalities.reduce((a, m) => a + m.cents, 0), totalIndexedCents: municipalities.reduce((a, m) => a + m.indexedCents, 0), municipalities });
    }
    if (asOfYear + 1 > last) notes.push(`Na ${last} is het zorgbudget geprojecteerd: het laatste kaderjaar met ${((params.efficiencyCut.rates[0]?.value ?? 0) * 100).toFixed(1)}% efficiencykorting per jaar.`);
  }

  let riskEq: BudgetFrameworkView['riskEqualisation'] = null;
  const rule = profile.regels.find((r) => r.type === 'beschreven' && r.onderwerp === 'risicoverevening');
  if (rule && profile.financieelKader) {
    const first = Math.min(...profile.financieelKader.jaren) - 3;
    const realised = await realisedPerMunicipality(db, regionId, first, asOfYear);
    const byCode = new Map(profile.gemeenten.map((g) => [g.code, realised.get(g.code) ?? new Map<number, number>()]));
    const years = Array.from({ length: asOfYear + 1 - first - 2 }, (_, i) => first + 3 + i);
    const regionalTotal = (year: number) => {
      const parts = profile.gemeenten.map((g) => careBudget(profile, g.code, year, params));
      return parts.some((p) => p === undefined) ? undefined : parts.reduce<number>((a, p) => a + (p ?? 0), 0);
    };
    riskEq = {
      bron: rule.bron,
      toelichting: `${rule.omschrijving ?? ''} Het regionale zorgbudget van het jaar (lijnen ${params.careLines.lines.join(', ')}, geïndexeerd) wordt verdeeld naar het aandeel van elke gemeente in de werkelijke uitgaven (goedgekeurde declaraties) van de drie voorafgaande jaren.`.trim(),
      years: riskEqualisationYears({ years, realised: byCode, regionalTotal, ownBudget: (code, year) => careBudget(profile, code, year, params), names, lastCompleteYear: asOfYear - 1 }),
    };
    if (riskEq.years.length === 0) notes.push('Risicoverevening: nog geen drie jaar werkelijke uitgaven.');
  }

  let ventielView: BudgetFrameworkView['ventiel'] = null;
  if (params.ventiel) {
    const v = params.ventiel;
    const first = v.firstYearCents ?? Math.round((await scheduledPerSegmentYear(db, regionId, v.segmentId, v.startYear)) * (v.firstYearShare ?? 0));
    const seg = profile.segmenten.find((s) => s.id === v.segmentId);
    ventielView = { ...v, segmentName: seg?.naam ?? v.segmentId, firstYearCents: first, years: ventielYears(first, v.startYear, v.termYears) };
    if (first === 0) notes.push(`Ventiel: geen lumpsumschema voor ${v.segmentId} in ${v.startYear}, dus geen basis voor het aangenomen aandeel.`);
  }
  const scale = await demoScale(db, regionId);
  if (scale !== null && scale !== 1) {
    notes.push(`Demo op schaal ${scaleText(scale)}: het kader en de zorgbudgetten zijn de bedragen uit het profiel (onverkort); de werkelijke uitgaven in de risicoverevening en het ventiel komen uit de demo op schaal ${scaleText(scale)}. In Overzicht per gemeente is het budget met ${scaleText(scale)} vermenigvuldigd.`);
  }
  return { regionId, asOf: opts.asOf, scope: view.label, kader, parameters: params, careBudgets, riskEqualisation: riskEq, ventiel: ventielView, notes };
}
