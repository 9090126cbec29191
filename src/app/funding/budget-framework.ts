/**
 * The budget framework (financieel kader) per municipality, line and year, and the steering
 * instruments on top of it, read for a user: the pure calculators are in
 * `domain/funding/framework.ts`; every number comes from the region's dated parameters
 * (`parameters.ts`: the profile's facts and, for a demo, its stated assumptions).
 *
 * - the framework as profile data (Holland Rijnland 2021-2024, seed 004 §6.1) with the printed
 *   totals checked against the sum of the posts within the printed rounding;
 * - efficiency cut and indexation as dated parameters (seed 004 §6);
 * - risk equalisation (seed 004 §6 Risicoverevening) from the actual spend per municipality, over
 *   the number of basis years the profile gives;
 * - the ventiel (seed 003 §10.4), declining to zero over the contract term.
 */
import type { Bron } from '../../domain/landscape/profile-schema.js';
import type { UserScope } from '../../domain/access/roles.js';
import type { Db } from '../../db/database.js';
import {
  careBudget,
  careBudgetBeforeIndexation,
  frameworkParameters,
  frameworkTable,
  riskEqualisationYears,
  ventielYears,
  type FrameworkParameters,
  type FrameworkTable,
  type RiskEqualisationYear,
  type VentielParameter,
} from '../../domain/funding/framework.js';
import { loadRegionProfile } from '../landscape.js';
import { fundingView, realisedPerMunicipality, type FundingView } from './spend.js';
import { keptPerDataVersion } from './kept.js';
import { scheduledPerSegmentYear } from './schedules.js';
import { demoScale, scaleText } from './demo-scale.js';
import { regionParameters } from './parameters.js';

export {
  careBudget,
  careBudgetBeforeIndexation,
  frameworkParameters,
  frameworkTable,
  riskEqualisationYears,
  ventielYears,
  type DatedParameter,
  type FrameworkParameters,
  type FrameworkTable,
  type RiskEqualisationYear,
  type TotalCheck,
  type VentielParameter,
} from '../../domain/funding/framework.js';

export interface BudgetFrameworkView {
  regionId: string;
  asOf: string;
  scope: string;
  kader: FrameworkTable | null;
  parameters: FrameworkParameters;
  /** Care budget per municipality and year: in the framework, and projected after it (efficiency cut), before and after indexation. */
  careBudgets: {
    year: number;
    kind: 'kader' | 'projectie';
    totalCents: number;
    totalIndexedCents: number;
    municipalities: { code: string; name: string; cents: number; indexedCents: number }[];
  }[];
  riskEqualisation: { bron: Bron | null; toelichting: string; years: RiskEqualisationYear[] } | null;
  ventiel: (VentielParameter & { segmentName: string; firstYearCents: number; years: { year: number; yearIndex: number; cents: number }[] }) | null;
  notes: string[];
}

/** The budget framework of a region with projections, risk equalisation and ventiel (regional roles and municipalities). */
export async function budgetFramework(
  db: Db,
  user: UserScope,
  regionId: string,
  opts: { asOf: string; params?: FrameworkParameters },
): Promise<BudgetFrameworkView> {
  const view = await fundingView(db, user, regionId, ['region', 'municipality']);
  // Kept until what it reads changes (kept.ts, migration 0027: the profile and parameters, realised
  // spend from spend_monthly, the schedules); given parameters (a what-if) are computed each time.
  if (opts.params) return computeBudgetFramework(db, view, regionId, opts);
  return keptPerDataVersion(db, regionId, ['region', 'declarations', 'schedules'], ['budget-framework', view, opts.asOf], () =>
    computeBudgetFramework(db, view, regionId, opts),
  );
}

async function computeBudgetFramework(
  db: Db,
  view: FundingView,
  regionId: string,
  opts: { asOf: string; params?: FrameworkParameters },
): Promise<BudgetFrameworkView> {
  const profile = await loadRegionProfile(db, regionId);
  const params = opts.params ?? frameworkParameters(profile, await regionParameters(db, regionId, profile));
  const asOfYear = Number(opts.asOf.slice(0, 4));
  const notes: string[] = [];
  const kader = frameworkTable(profile);
  const names = new Map(profile.gemeenten.map((g) => [g.code, g.naam]));

  const careBudgets: BudgetFrameworkView['careBudgets'] = [];
  if (profile.financieelKader && params.careLines.lines.length > 0) {
    const first = Math.min(...profile.financieelKader.jaren);
    const last = Math.max(...profile.financieelKader.jaren);
    for (let year = first; year <= Math.max(last, asOfYear + 1); year++) {
      const municipalities = profile.gemeenten.map((g) => ({
        code: g.code,
        name: g.naam,
        cents: careBudgetBeforeIndexation(profile, g.code, year, params) ?? 0,
        indexedCents: careBudget(profile, g.code, year, params) ?? 0,
      }));
      careBudgets.push({
        year,
        kind: year <= last ? 'kader' : 'projectie',
        totalCents: municipalities.reduce((a, m) => a + m.cents, 0),
        totalIndexedCents: municipalities.reduce((a, m) => a + m.indexedCents, 0),
        municipalities,
      });
    }
    if (asOfYear + 1 > last)
      notes.push(
        `Na ${last} is het zorgbudget geprojecteerd: het laatste kaderjaar met de efficiencykorting per jaar (${params.efficiencyCut.rates.length > 0 ? params.efficiencyCut.rates.map((r) => `${(r.value * 100).toLocaleString('nl-NL')}% vanaf ${r.validFrom.slice(0, 4)}`).join(', ') : 'geen'}).`,
      );
  }

  let riskEq: BudgetFrameworkView['riskEqualisation'] = null;
  const re = params.riskEqualisation;
  if (re && profile.financieelKader) {
    const first = Math.min(...profile.financieelKader.jaren) - re.basisYears;
    const realised = await realisedPerMunicipality(db, regionId, first, asOfYear);
    const byCode = new Map(profile.gemeenten.map((g) => [g.code, realised.get(g.code) ?? new Map<number, number>()]));
    const years = Array.from({ length: Math.max(0, asOfYear + 1 - first - re.basisYears + 1) }, (_, i) => first + re.basisYears + i);
    const regionalTotal = (year: number) => {
      const parts = profile.gemeenten.map((g) => careBudget(profile, g.code, year, params));
      return parts.some((p) => p === undefined) ? undefined : parts.reduce<number>((a, p) => a + (p ?? 0), 0);
    };
    riskEq = {
      bron: re.bron ?? null,
      toelichting: `De werkelijke uitgaven van de ${re.basisYears} voorafgaande jaren bepalen de bijdrage van elke gemeente: het regionale zorgbudget van het jaar (lijnen ${params.careLines.lines.join(', ')}, geïndexeerd) wordt verdeeld naar het aandeel van elke gemeente in de werkelijke uitgaven (goedgekeurde declaraties) van die jaren.`,
      years: riskEqualisationYears({
        years,
        realised: byCode,
        regionalTotal,
        ownBudget: (code, year) => careBudget(profile, code, year, params),
        names,
        lastCompleteYear: asOfYear - 1,
        basisYears: re.basisYears,
      }),
    };
    if (riskEq.years.length === 0) notes.push(`Risicoverevening: nog geen ${re.basisYears} jaar werkelijke uitgaven.`);
  }

  let ventielView: BudgetFrameworkView['ventiel'] = null;
  if (params.ventiel && params.ventiel.termYears > 0) {
    const v = params.ventiel;
    const first = v.firstYearCents ?? Math.round((await scheduledPerSegmentYear(db, regionId, v.segmentId, v.startYear)) * (v.firstYearShare ?? 0));
    const seg = profile.segmenten.find((s) => s.id === v.segmentId);
    ventielView = { ...v, segmentName: seg?.naam ?? v.segmentId, firstYearCents: first, years: ventielYears(first, v.startYear, v.termYears) };
    if (first === 0) notes.push(`Ventiel: geen lumpsumschema voor ${v.segmentId} in ${v.startYear}, dus geen basis voor het aangenomen aandeel.`);
  }
  const scale = await demoScale(db, regionId);
  if (scale !== null && scale !== 1) {
    notes.push(
      `Demo op schaal ${scaleText(scale)}: het kader en de zorgbudgetten zijn de bedragen uit het profiel (onverkort); de werkelijke uitgaven in de risicoverevening en het ventiel komen uit de demo op schaal ${scaleText(scale)}. In Overzicht per gemeente is het budget met ${scaleText(scale)} vermenigvuldigd.`,
    );
  }
  return { regionId, asOf: opts.asOf, scope: view.label, kader, parameters: params, careBudgets, riskEqualisation: riskEq, ventiel: ventielView, notes };
}
