/**
 * Checks at award and at admission.
 *
 * Award (sas-dialoog, subsidie): the segment's lot constraints of the profile (awards.ts
 * checkAwards: `partners-per-perceel`, `percelen-verschillend`, aantalPartners min/max), plus
 * - only parties from the dialogue phase that submitted a tender may be awarded (seed 003 §5.3.2);
 * - a lot only to a party that applied for it (seed 003 §5.3.3);
 * - lots outside the procedure's scope are refused;
 * - `consortium-samenstelling`: the consortium of an awarded party holds each required kind of
 *   party (seed 003 §5.2: institutional social base + youth-care provider).
 * Every violation names its rule id and source.
 *
 * Admission (open-house, bestuurlijk-aanbesteden): every suitability requirement met with evidence
 * (seed 004 §3.2 b) and, when the profile asks a plan, the plan score at least the minimum set on
 * the procedure (seed 004 §3.2 d).
 */
import { checkAwards, checkPartnership, type AwardViolation } from '../landscape/awards.js';
import { source } from '../landscape/landscape.js';
import type { RegionProfile, SegmentProfile } from '../landscape/profile-schema.js';
import type { ProcedureConfig } from './config.js';
import { segmentRules } from './config.js';
import type { ApplicationStatus, SupportedSoort } from './procedure.js';
import { cite, type Refusal } from './sources.js';

export interface AwardApplication {
  id: number;
  providerId: number;
  providerName?: string;
  status: ApplicationStatus;
  lotIds: readonly string[];
  /** Kinds of the consortium members (penvoerder included), e.g. institutionele-sociale-basis, jeugdhulpaanbieder. */
  memberKinds: readonly string[];
}

export interface ProposedAward {
  applicationId: number;
  lotId: string | null;
}

export type AwardCheck = AwardViolation;

/** Which application status makes a party eligible for award in this procedure kind. */
const ELIGIBLE: Partial<Record<SupportedSoort, ApplicationStatus>> = {
  'sas-dialoog': 'ingeschreven',
  subsidie: 'ingediend',
  samenwerkingsverband: 'ingediend',
};

/**
 * All violations of a proposed (complete) award. Empty = the award may be made.
 */
export function checkProcedureAward(
  profile: RegionProfile,
  seg: SegmentProfile,
  soort: SupportedSoort,
  config: ProcedureConfig,
  apps: readonly AwardApplication[],
  proposed: readonly ProposedAward[],
): AwardCheck[] {
  const out: AwardCheck[] = [];
  const byId = new Map(apps.map((a) => [a.id, a]));
  const eligible = ELIGIBLE[soort];
  const name = (a: AwardApplication) => a.providerName ?? `provider ${a.providerId}`;
  if (proposed.length === 0)
    out.push({ ruleId: 'gunning-leeg', message: 'een gunning noemt minstens één partij', source: cite(config.bronnen, 'sasInschrijving') });
  for (const p of proposed) {
    const app = byId.get(p.applicationId);
    if (!app) {
      out.push({ ruleId: 'gunning-onbekende-inschrijving', message: `aanmelding ${p.applicationId} hoort niet bij deze procedure` });
      continue;
    }
    if (eligible && app.status !== eligible) {
      out.push(
        soort === 'sas-dialoog'
          ? {
              ruleId: 'gunning-alleen-dialoogdeelnemers',
              message: `${name(app)} is geen dialoogdeelnemer met een inschrijving (status "${app.status}"); alleen partijen uit de dialoogfase komen in aanmerking voor gunning`,
              source: cite(config.bronnen, 'sasGunningDeelnemers'),
            }
          : {
              ruleId: 'subsidie-aanvraag',
              message: `${name(app)} heeft geen openstaande subsidieaanvraag (status "${app.status}")`,
              source: cite(config.bronnen, 'subsidieEisen'),
            },
      );
    }
    if (p.lotId !== null && !config.percelen.includes(p.lotId) && seg.percelen.some((l) => l.id === p.lotId)) {
      out.push({ ruleId: 'perceel-buiten-procedure', message: `perceel "${p.lotId}" hoort niet bij deze procedure` });
    }
    if (p.lotId !== null && seg.percelen.some((l) => l.id === p.lotId) && !app.lotIds.includes(p.lotId)) {
      out.push({
        ruleId: 'gunning-perceel-aangemeld',
        message: `${name(app)} heeft zich niet aangemeld voor perceel "${p.lotId}"`,
        source: cite(config.bronnen, 'sasPercelen'),
      });
    }
  }
  const known = proposed.filter((p) => byId.has(p.applicationId));
  if (soort === 'samenwerkingsverband') {
    // One partnership is the contract party; the segment's partner count is the number of its members.
    for (const appId of new Set(known.map((p) => p.applicationId)))
      out.push(...checkPartnership(seg, byId.get(appId)!.memberKinds.length, name(byId.get(appId)!)));
  }
  // Lot rules and partner counts of the profile (complete: the award closes the procedure).
  const lotViolations = checkAwards(
    seg,
    known.map((p) => ({ providerId: byId.get(p.applicationId)!.providerId, lotId: p.lotId })),
    { complete: true },
  );
  const names = new Map(apps.map((a) => [a.providerId, name(a)]));
  for (const v of lotViolations) out.push({ ...v, message: dutch(v.message, (id) => names.get(id)) });
  // Lots in scope that nobody gets (sas: the award covers every lot of the procedure).
  if (soort === 'sas-dialoog') {
    for (const lotId of config.percelen) {
      if (!known.some((p) => p.lotId === lotId))
        out.push({
          ruleId: 'perceel-niet-gegund',
          message: `perceel "${lotId}" heeft geen partij; gun elk perceel van de procedure (of trek de procedure in)`,
          source: cite(config.bronnen, 'sasPercelen'),
        });
    }
  }
  // Consortium composition (seed 003 §5.2) for every awarded party.
  for (const rule of segmentRules(profile, seg)) {
    if (rule.type !== 'consortium-samenstelling') continue;
    for (const appId of new Set(known.map((p) => p.applicationId))) {
      const app = byId.get(appId)!;
      const missing = rule.vereist.filter((k) => !app.memberKinds.includes(k));
      if (missing.length > 0) {
        out.push({
          ruleId: rule.id,
          message: `het samenwerkingsverband van ${name(app)} mist een partij van de soort ${missing.join(', ')} (vereist: ${rule.vereist.join(' + ')})`,
          source: source(rule.bron),
        });
      }
    }
  }
  return out;
}

/**
 * The award messages of awards.ts (shared with the demo generator and its tests) in Dutch for the
 * user, with provider ids replaced by names; an unknown message is kept as it is.
 */
function dutch(message: string, nameOf: (providerId: number) => string | undefined): string {
  const who = (id: string) => nameOf(Number(id)) ?? `aanbieder ${id}`;
  const rules: [RegExp, (...m: string[]) => string][] = [
    [
      /^percelen "(.+)" and "(.+)" must be awarded to different parties, both went to provider (\d+)$/,
      (a, b, p) => `percelen "${a}" en "${b}" moeten naar verschillende partijen, beide gaan naar ${who(p!)}`,
    ],
    [/^perceel "(.+)" may go to at most (\d+) party, (\d+) awarded$/, (l, max, n) => `perceel "${l}" mag naar ten hoogste ${max} partij, nu ${n}`],
    [/^(.+) allows at most (\d+) contract partners, (\d+) awarded$/, (s, max, n) => `${s} kent ten hoogste ${max} contractpartners, nu ${n}`],
    [/^(.+) needs at least (\d+) contract partners, (\d+) awarded$/, (s, min, n) => `${s} vraagt minstens ${min} contractpartners, nu ${n}`],
    [/^perceel "(.+)" does not exist in (.+)$/, (l, s) => `perceel "${l}" bestaat niet in ${s}`],
    [/^(.+) is divided into percelen: every award names its perceel$/, (s) => `${s} is verdeeld in percelen: elke gunning noemt het perceel`],
  ];
  for (const [re, f] of rules) {
    const m = re.exec(message);
    if (m) return f(...m.slice(1));
  }
  return message;
}

export interface AdmissionApplication {
  checks: readonly { eisId: string; voldaan: boolean; bewijs?: string | null }[];
  planScore: number | null;
}

/** Why an application may not (yet) be admitted; empty = admit. */
export function admissionRefusals(config: ProcedureConfig, app: AdmissionApplication): Refusal[] {
  const out: Refusal[] = [];
  for (const eis of config.geschiktheidseisen) {
    const c = app.checks.find((x) => x.eisId === eis.id);
    if (!c || !c.voldaan)
      out.push({
        ruleId: eis.regelId,
        message: `geschiktheidseis "${eis.omschrijving}" is niet voldaan`,
        source: eis.source ?? cite(config.bronnen, 'geschiktheidseisen'),
      });
    else if (!c.bewijs || !c.bewijs.trim())
      out.push({
        ruleId: eis.regelId,
        message: `geschiktheidseis "${eis.omschrijving}" is als voldaan gemarkeerd zonder bewijs`,
        source: eis.source ?? cite(config.bronnen, 'geschiktheidseisen'),
      });
  }
  if (config.plan) {
    if (config.plan.minimumScore === null)
      out.push({ ruleId: config.plan.regelId, message: 'de procedure heeft de minimumscore van het plan nog niet vastgesteld', source: config.plan.source });
    else if (app.planScore === null) out.push({ ruleId: config.plan.regelId, message: 'het plan is nog niet gescoord', source: config.plan.source });
    else if (app.planScore < config.plan.minimumScore)
      out.push({
        ruleId: config.plan.regelId,
        message: `het plan scoort ${app.planScore}, onder de minimumscore van ${config.plan.minimumScore} (schaal 0-${config.plan.schaalMax})`,
        source: config.plan.source,
      });
  }
  return out;
}

/** Validates a checklist entered for an application against the procedure's requirements. */
export function checklistProblems(config: ProcedureConfig, checks: readonly { eisId: string; voldaan: boolean; bewijs?: string | null }[]): Refusal[] {
  const ids = new Set(config.geschiktheidseisen.map((e) => e.id));
  const out: Refusal[] = [];
  for (const c of checks)
    if (!ids.has(c.eisId)) out.push({ ruleId: 'geschiktheidseis-onbekend', message: `"${c.eisId}" is geen geschiktheidseis van deze procedure` });
  if (new Set(checks.map((c) => c.eisId)).size !== checks.length)
    out.push({ ruleId: 'geschiktheidseis-onbekend', message: 'elke eis staat één keer in de toetsing' });
  return out;
}
