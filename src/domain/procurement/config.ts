/**
 * A procedure's set-up, derived from the region profile (segment and region rules) and completed
 * by the contract manager: EMVI criteria and weights, suitability requirements (geschiktheidseisen)
 * from the profile, the minimum plan score, the lots in scope, contract term and conditions.
 * Validation is pure; the use case stores the result in procedures.config.
 */
import { addDays, addYears } from '../dates.js';
import { isOpen, type Regel, type RegionProfile, type SegmentProfile } from '../landscape/profile-schema.js';
import { source, type Source } from '../landscape/landscape.js';
import { contractTypeOf, isSupportedSoort, type SupportedSoort } from './procedure.js';
import { cite, procedureBronnen, type ProcedureBronnen, type Refusal } from './sources.js';

export interface EmviCriterion {
  id: string;
  naam: string;
  soort: 'kwaliteit' | 'prijs';
  /** Weight in percent; the weights of a procedure sum to 100. */
  gewicht: number;
}

export interface Eis {
  id: string;
  omschrijving: string;
  bewijs?: string;
  regelId: string;
  source?: Source;
}

export interface ProcedureConfig {
  /** Lots in scope (all of the segment's lots by default). */
  percelen: string[];
  emvi: { criteria: EmviCriterion[]; schaalMax: number } | null;
  geschiktheidseisen: Eis[];
  plan: { regelId: string; minimumScore: number | null; schaalMax: number; source?: Source } | null;
  contractType: string;
  voorwaarden: { id: string; omschrijving: string; regelId: string; source?: Source }[];
  looptijd: { startDate: string; endDate: string; extensionYears: number[]; source?: Source } | null;
  /** The cited sources of the procedure's steps, from the segment's profile (refusals cite them). */
  bronnen?: ProcedureBronnen;
}

export interface ConfigInput {
  percelen?: string[];
  emvi?: { criteria: EmviCriterion[]; schaalMax: number } | null;
  minimumPlanScore?: number | null;
  startDate?: string;
  /** Only when the profile leaves the term open (e.g. a subsidy): the end date set on the procedure. */
  endDate?: string;
}

/** Rules that apply to a segment: its own plus the region-wide ones. */
export const segmentRules = (profile: RegionProfile, seg: SegmentProfile): Regel[] => [...seg.regels, ...profile.regels];

/** The procedure kind the profile chooses for a segment, or a refusal when it is open or not supported. */
export function procedureSoort(seg: SegmentProfile): SupportedSoort | Refusal {
  const p = seg.procedure;
  if (isOpen(p))
    return {
      ruleId: 'procedure-open',
      message: `het profiel laat de procedure van ${seg.naam} open: ${p.openVraag}`,
      source: p.bron ? source(p.bron) : undefined,
    };
  if (!isSupportedSoort(p.soort))
    return { ruleId: 'procedure-soort', message: `proceduresoort "${p.soort}" van ${seg.naam} wordt (nog) niet ondersteund`, source: source(p.bron) };
  return p.soort;
}

/** The contract term from the profile's looptijd (ingangsdatum or the given start; jaren or jarenMax). */
export function termFromProfile(seg: SegmentProfile, start: string | undefined, fallbackStart: string): ProcedureConfig['looptijd'] {
  const l = seg.looptijd;
  if (isOpen(l)) return null;
  const startDate = start ?? l.ingangsdatum ?? fallbackStart;
  const years = l.jaren ?? l.jarenMax ?? l.jarenMin;
  if (!years) return null;
  const endDate = l.einddatum ?? addDays(addYears(startDate, Math.floor(years)), -1);
  return { startDate, endDate, extensionYears: (l.verlengingen ?? []).map((v) => Math.round(v)), source: source(l.bron) };
}

/** The default set-up of a new procedure for a segment, from its profile. */
export function defaultConfig(profile: RegionProfile, seg: SegmentProfile, soort: SupportedSoort, today: string): ProcedureConfig {
  const rules = segmentRules(profile, seg);
  const eisen: Eis[] = rules.flatMap((r) =>
    r.type === 'geschiktheidseisen'
      ? r.eisen.map((e) => ({ id: e.id, omschrijving: e.omschrijving, ...(e.bewijs ? { bewijs: e.bewijs } : {}), regelId: r.id, source: source(r.bron) }))
      : [],
  );
  const planRule = rules.find((r): r is Extract<Regel, { type: 'plan-minimumscore' }> => r.type === 'plan-minimumscore');
  const voorwaarden = rules.flatMap((r) =>
    r.type === 'contractvoorwaarde' ? [{ id: r.voorwaarde.id, omschrijving: r.voorwaarde.omschrijving, regelId: r.id, source: source(r.bron) }] : [],
  );
  // The award criteria come from the profile (procedure.emvi); without them the contract manager sets them before publishing.
  const pe = isOpen(seg.procedure) ? undefined : seg.procedure.emvi;
  const emvi = soort === 'sas-dialoog' && pe ? { schaalMax: pe.schaalMax, criteria: pe.criteria.map((c) => ({ ...c })) } : null;
  return {
    percelen: seg.percelen.map((l) => l.id),
    emvi,
    geschiktheidseisen: eisen,
    plan: planRule
      ? { regelId: planRule.id, minimumScore: planRule.minimumScore ?? null, schaalMax: planRule.schaalMax ?? 10, source: source(planRule.bron) }
      : null,
    contractType: contractTypeOf(soort),
    voorwaarden,
    looptijd: termFromProfile(seg, undefined, today),
    bronnen: procedureBronnen(seg),
  };
}

/** Validates and applies a configuration change; returns the new config or the problems. */
export function configure(
  seg: SegmentProfile,
  current: ProcedureConfig,
  input: ConfigInput,
): { ok: true; config: ProcedureConfig } | { ok: false; problems: Refusal[] } {
  const problems: Refusal[] = [];
  const next: ProcedureConfig = { ...current };
  if (input.percelen !== undefined) {
    const known = new Set(seg.percelen.map((l) => l.id));
    const unknown = input.percelen.filter((l) => !known.has(l));
    if (unknown.length > 0) problems.push({ ruleId: 'unknown-lot', message: `perceel ${unknown.map((u) => `"${u}"`).join(', ')} bestaat niet in ${seg.naam}` });
    if (seg.percelen.length > 0 && input.percelen.length === 0)
      problems.push({ ruleId: 'lot-required', message: `${seg.naam} is verdeeld in percelen: een procedure omvat er minstens één` });
    next.percelen = [...new Set(input.percelen)];
  }
  if (input.emvi !== undefined) {
    if (input.emvi !== null) problems.push(...emviProblems(input.emvi, current.bronnen));
    next.emvi = input.emvi;
  }
  if (input.minimumPlanScore !== undefined) {
    if (!current.plan)
      problems.push({
        ruleId: 'plan-minimumscore',
        message: 'het profiel vraagt voor dit segment geen plan met een minimumscore',
        source: cite(current.bronnen, 'plan'),
      });
    else if (
      input.minimumPlanScore !== null &&
      (!Number.isInteger(input.minimumPlanScore) || input.minimumPlanScore < 0 || input.minimumPlanScore > current.plan.schaalMax)
    ) {
      problems.push({
        ruleId: current.plan.regelId,
        message: `de minimumscore van het plan is een heel getal van 0 tot en met ${current.plan.schaalMax}`,
        source: current.plan.source,
      });
    } else next.plan = { ...current.plan, minimumScore: input.minimumPlanScore };
  }
  if (input.endDate !== undefined && input.startDate === undefined)
    problems.push({ ruleId: 'looptijd', message: 'een einddatum wordt samen met de ingangsdatum vastgelegd' });
  if (input.startDate !== undefined) {
    const fromProfile = termFromProfile(seg, input.startDate, input.startDate);
    if (fromProfile && input.endDate !== undefined) {
      problems.push({
        ruleId: 'looptijd',
        message: `de looptijd van ${seg.naam} volgt uit het profiel; alleen de ingangsdatum is in te stellen`,
        source: fromProfile.source,
      });
    } else if (fromProfile) {
      next.looptijd = fromProfile;
    } else if (input.endDate === undefined) {
      problems.push({ ruleId: 'looptijd-open', message: `het profiel laat de looptijd van ${seg.naam} open: leg ingangs- en einddatum vast op de procedure` });
    } else if (input.endDate < input.startDate) {
      problems.push({ ruleId: 'looptijd', message: 'de einddatum ligt voor de ingangsdatum' });
    } else {
      next.looptijd = { startDate: input.startDate, endDate: input.endDate, extensionYears: [] };
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: next };
}

/** EMVI criteria: unique ids, positive whole weights summing to 100, at most one price criterion, a scale for quality. */
export function emviProblems(emvi: { criteria: EmviCriterion[]; schaalMax: number }, bronnen?: ProcedureBronnen): Refusal[] {
  const out: Refusal[] = [];
  const r = (message: string) => out.push({ ruleId: 'emvi-criteria', message, source: cite(bronnen, 'sasEmvi') });
  if (emvi.criteria.length === 0) r('EMVI heeft minstens één criterium');
  const ids = emvi.criteria.map((c) => c.id);
  if (new Set(ids).size !== ids.length) r('de ids van de EMVI-criteria zijn uniek');
  if (emvi.criteria.some((c) => !Number.isInteger(c.gewicht) || c.gewicht <= 0)) r('elk EMVI-gewicht is een positief heel percentage');
  const sum = emvi.criteria.reduce((a, c) => a + c.gewicht, 0);
  if (sum !== 100) r(`de EMVI-gewichten tellen op tot 100, deze tot ${sum}`);
  if (emvi.criteria.filter((c) => c.soort === 'prijs').length > 1) r('EMVI heeft ten hoogste één prijscriterium');
  if (!Number.isInteger(emvi.schaalMax) || emvi.schaalMax < 1 || emvi.schaalMax > 100)
    r('het maximum van de kwaliteitsschaal is een heel getal van 1 tot en met 100');
  return out;
}
