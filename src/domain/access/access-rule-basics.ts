/**
 * The parts of the access rule engine (access-rules.ts) that checking an action and the case
 * signals share: the rule hit, the rule set of a case, the ages and durations the rules compute.
 * Pure: time and the case are passed in.
 */
import type { Regel } from '../landscape/profile-schema.js';
import { source, type Source } from '../landscape/landscape.js';
import { addMonths } from '../dates.js';
import type { Beschikking, CaseState, Toewijzing, Verwijzing } from './case.js';

export interface RuleHit {
  ruleId: string;
  type: Regel['type'];
  severity: 'blocking' | 'signal';
  /** Dutch message for the professional, quoting what the rule asks. */
  message: string;
  source: Source;
  /** For signals: the calendar date (YYYY-MM-DD, Netherlands) it is due on. */
  due?: string;
  /** For clocks that run in hours (crisis): the exact moment it is due (ISO date-time, UTC); `due` is its Dutch calendar date. */
  dueAt?: string;
}

export type AccessAction =
  | { kind: 'verwijzing'; verwijzing: Omit<Verwijzing, 'id'> }
  | { kind: 'beschikking'; beschikking: Omit<Beschikking, 'id'> }
  | {
      kind: 'toewijzing';
      toewijzing: Pick<Toewijzing, 'segmentId' | 'ingangsdatum' | 'einddatum'> &
        Partial<Pick<Toewijzing, 'productCategorie' | 'productCode' | 'product'>> & {
          beschikkingId?: number;
          /** A change of an existing allocation. */ wijziging?: boolean;
        };
    }
  /** `familyWide`: the regievoerder is set for every open case of the family at once (a handover). */
  | { kind: 'regie'; regievoerder?: string; regievoerderPartij?: string; procesregisseur?: string; procesregiePartij?: string; familyWide?: boolean };

/**
 * The rule kinds this engine evaluates (checkAction and caseSignals). `profiles check` reports a
 * rule of any other kind that no engine evaluates (see src/domain/rules/kinds.ts).
 */
export const ACCESS_RULE_KINDS = [
  'mdo-verplicht',
  'escalatieladder',
  'mdo-sociaal-domein',
  'een-regievoerder',
  'procesregisseur-bij-meerdere-trajecten',
  'uithuisplaatsing-voorwaarden',
  'verwijzing-via-toegang',
  'verwijzing-via-gebied',
  'crisis-termijn',
  'crisis-maximale-duur',
  'leeftijdssignaal',
  'zorg-einde-leeftijd',
  'diagnostiek-vooraf',
  'overbrugging-bij-wachten',
  'procesregie',
  'plaatsingen-maximum',
  'ambulante-spoedhulp-bij-plaatsing',
  'routering-complexiteit',
  'maximale-duur',
  'warme-overdracht',
  'zorgcontinuiteit',
  'regie-bij',
  'afstemming-verplicht',
  'besluit-door',
  'product-uitgesloten',
  'toewijzing-op-categorie',
  'waakvlamcontact',
  'gecontracteerde-aanbieder',
] as const satisfies readonly Regel['type'][];

export interface RuleContext {
  today: string;
  /** Other cases of the same family (for one-regievoerder and procesregisseur rules). */
  family: readonly Pick<CaseState, 'regievoerder' | 'procesregisseur' | 'toewijzingen' | 'status'>[];
  /** Rule ids the professional marked as handled on this case. */
  handled?: readonly string[];
  /** For an allocation: the contracts of its provider in the region (gecontracteerde-aanbieder); absent when not looked up. */
  contracten?: readonly { segmentId: string; startDate: string; endDate: string }[];
}

export const hit = (r: Regel, message: string, due?: string, dueAt?: string): RuleHit => ({
  ruleId: r.id,
  type: r.type,
  severity: r.soort === 'blokkerend' ? 'blocking' : 'signal',
  message: `${message} (regel ${r.id}, bron ${r.bron.seed} §${r.bron.sectie}${r.bron.citaat ? `: “${r.bron.citaat}”` : ''})`,
  source: source(r.bron),
  ...(due ? { due } : {}),
  ...(dueAt ? { dueAt } : {}),
});

/**
 * A region's access rules by scope: region-level rules apply to every case, a segment's own rules
 * (profile `segmenten[].regels`) only to cases in that segment.
 */
export interface AccessRuleSet {
  region: readonly Regel[];
  bySegment: ReadonlyMap<string, readonly Regel[]>;
}

export function ruleSet(profile: { regels: readonly Regel[]; segmenten: readonly { id: string; regels: readonly Regel[] }[] }): AccessRuleSet {
  return { region: profile.regels, bySegment: new Map(profile.segmenten.map((s) => [s.id, s.regels])) };
}

/** The segments a case is in: those of its referrals, decisions and (not removed) allocations. */
export function caseSegments(s: Pick<CaseState, 'verwijzingen' | 'beschikkingen' | 'toewijzingen'>): Set<string> {
  return new Set([
    ...s.verwijzingen.map((v) => v.segmentId),
    ...s.beschikkingen.map((b) => b.segmentId),
    ...s.toewijzingen.filter((t) => t.status !== 'ingetrokken').map((t) => t.segmentId),
  ]);
}

/** The segment an action is about (a referral, decision or allocation to it), if any. */
export function actionSegment(a: AccessAction): string | undefined {
  return a.kind === 'verwijzing'
    ? a.verwijzing.segmentId
    : a.kind === 'beschikking'
      ? a.beschikking.segmentId
      : a.kind === 'toewijzing'
        ? a.toewijzing.segmentId
        : undefined;
}

/**
 * The rules that apply to a case (and to an action on it): every region-level rule, plus the rules
 * of each segment the case is in or the action is about. A segment rule (e.g. Holland Rijnland's
 * perspective plan at 16.5 in segment 1, seed 004 §4.1) thus never fires for a youth outside it.
 */
export function applicableRules(set: AccessRuleSet, s: Pick<CaseState, 'verwijzingen' | 'beschikkingen' | 'toewijzingen'>, action?: AccessAction): Regel[] {
  const segments = caseSegments(s);
  const extra = action ? actionSegment(action) : undefined;
  if (extra) segments.add(extra);
  const out = [...set.region];
  for (const [id, rules] of set.bySegment) if (segments.has(id)) out.push(...rules);
  return out;
}

export const agreedMdo = (s: CaseState) => s.mdos.some((m) => m.overeenstemming || m.escalatiestap);
export const dateAtAge = (birth: string, months: number) => addMonths(birth, months);
export const activeAllocation = (t: Toewijzing) => t.status === 'gestart' || t.status === 'toegewezen' || t.status === 'tijdelijk-gestopt';

export type EindeLeeftijd = Extract<Regel, { type: 'zorg-einde-leeftijd' }>;
/** What an exception of a zorg-einde-leeftijd rule is matched against: the segment and, when known, the product. */
export interface CareItem {
  segmentId: string;
  productCategorie?: string;
  product?: string;
}
/** Whether an exception applies to an item; `undefined` when it depends on a product that is not known yet (a decision). */
function exceptionApplies(u: EindeLeeftijd['uitzonderingen'][number], item: CareItem): boolean | undefined {
  if (u.segmenten && !u.segmenten.includes(item.segmentId)) return false;
  if (u.productcategorieen) {
    if (!item.productCategorie) return undefined;
    if (!u.productcategorieen.includes(item.productCategorie)) return false;
  }
  if (u.productnamen) {
    if (!item.product) return undefined;
    if (!u.productnamen.includes(item.product)) return false;
  }
  return true;
}
/**
 * End age of care under a zorg-einde-leeftijd rule: the rule's age, or that of the first exception
 * for the segment or product (e.g. foster care at 21, seed 004 §4.2). For a decision, whose product
 * is not known yet, the highest age an exception could give (the allocation is checked again).
 */
export function endAge(r: EindeLeeftijd, item: CareItem): number {
  let age: number | undefined;
  let possible = r.leeftijd;
  for (const u of r.uitzonderingen) {
    const a = exceptionApplies(u, item);
    if (a === true && age === undefined) age = u.leeftijd;
    if (a === undefined) possible = Math.max(possible, u.leeftijd);
  }
  return age ?? possible;
}

export const durationDays = (uren: number) => Math.ceil(uren / 24);
export const matchesDuration = (r: Extract<Regel, { type: 'maximale-duur' }>, t: { segmentId: string; product?: string }) =>
  r.segmenten.includes(t.segmentId) && (!r.productnamen || (!!t.product && r.productnamen.includes(t.product)));

export type RegieBij = Extract<Regel, { type: 'regie-bij' }>;
/** The regie-bij rule for a case: of those whose conditions hold, the most specific (most conditions); of equals the last, so a segment rule wins over a region rule. */
export function regieRuleFor(rules: readonly Regel[], s: CaseState): RegieBij | undefined {
  const forced = s.verwijzingen.some((v) => v.kader === 'gedwongen');
  const matching = rules.filter(
    (r): r is RegieBij =>
      r.type === 'regie-bij' &&
      (!r.complexiteit || (!!s.triage && r.complexiteit.includes(s.triage.complexiteit))) &&
      (!r.kader || r.kader === (forced ? 'gedwongen' : 'vrijwillig')),
  );
  const weight = (r: RegieBij) => (r.complexiteit ? 1 : 0) + (r.kader ? 1 : 0);
  return matching.reduce<RegieBij | undefined>((best, r) => (!best || weight(r) >= weight(best) ? r : best), undefined);
}
