/**
 * The rule engine of access (toegang): evaluates a region's access rules (profile data, each
 * citing its seed) against a case. A rule hit is blocking (the action is refused with a message
 * naming the rule and its source) or a signal (it goes on a worklist with a due date); the
 * profile's `soort` decides which. Pure: time and the case are passed in.
 */
import type { Regel } from '../landscape/profile-schema.js';
import { source, type Source } from '../landscape/landscape.js';
import { addDays, addMonths, dutchDate } from '../dates.js';
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

const hit = (r: Regel, message: string, due?: string, dueAt?: string): RuleHit => ({
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
function actionSegment(a: AccessAction): string | undefined {
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

const agreedMdo = (s: CaseState) => s.mdos.some((m) => m.overeenstemming || m.escalatiestap);
const dateAtAge = (birth: string, months: number) => addMonths(birth, months);
const activeAllocation = (t: Toewijzing) => t.status === 'gestart' || t.status === 'toegewezen' || t.status === 'tijdelijk-gestopt';

type EindeLeeftijd = Extract<Regel, { type: 'zorg-einde-leeftijd' }>;
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

/** Rules checked when an action is taken: blocking hits refuse it, signal hits are shown with it. */
export function checkAction(rules: readonly Regel[], s: CaseState, action: AccessAction, ctx: RuleContext): RuleHit[] {
  const out: RuleHit[] = [];
  for (const r of rules) {
    switch (r.type) {
      case 'mdo-verplicht':
        if ((action.kind === 'verwijzing' || action.kind === 'beschikking') && s.triage && r.complexiteit.includes(s.triage.complexiteit)) {
          const ok = s.mdos.filter((m) => m.overeenstemming || m.escalatiestap).find((m) => r.deelnemers.every((d) => m.deelnemers.includes(d)));
          if (!ok)
            out.push(
              hit(
                r,
                `Bij ${s.triage.complexiteit}e problematiek is eerst een MDO met overeenstemming nodig, met ${r.deelnemers.join(', ') || 'de vereiste deelnemers'}`,
              ),
            );
        }
        break;
      case 'mdo-sociaal-domein':
        if (
          (action.kind === 'verwijzing' || action.kind === 'beschikking') &&
          s.triage?.domeinoverstijgend &&
          !s.mdos.some((m) => m.deelnemers.includes(r.deelnemer))
        ) {
          out.push(hit(r, `Domeinoverstijgende problematiek: het MDO moet ${r.deelnemer} als deelnemer hebben`));
        }
        break;
      case 'uithuisplaatsing-voorwaarden':
        if (action.kind === 'beschikking' && r.segmenten.includes(action.beschikking.segmentId)) {
          const missing = r.vereist.filter((v) =>
            v === 'mdo' ? !agreedMdo(s) : v === 'verklarende-analyse' ? !s.analyse?.verklarendeAnalyse : !s.analyse?.ambulanteAlternatieven.trim(),
          );
          if (missing.length > 0) out.push(hit(r, `Voor een uithuisplaatsing ontbreekt: ${missing.join(', ')}`));
          if (r.besluitDoor && action.beschikking.besluitDoor !== r.besluitDoor) out.push(hit(r, `Alleen ${r.besluitDoor} besluit over verblijfszorg`));
        }
        break;
      case 'verwijzing-via-toegang':
        if (action.kind === 'verwijzing' && r.verwijzers.includes(action.verwijzing.verwijzer)) {
          out.push(hit(r, `Verwijzing door verwijzer ${action.verwijzing.verwijzer} (COD327): volg het samenwerkingsprotocol met de toegang`));
        }
        break;
      case 'verwijzing-via-gebied':
        if (action.kind === 'verwijzing' && r.segmenten.includes(action.verwijzing.segmentId) && action.verwijzing.viaGebied !== r.via) {
          out.push(hit(r, `Een verwijzing naar ${action.verwijzing.segmentId} loopt via ${r.via}`));
        }
        break;
      case 'diagnostiek-vooraf':
        if (action.kind === 'verwijzing' && r.segmenten.includes(action.verwijzing.segmentId) && !s.analyse?.diagnostiekAfgerond) {
          out.push(hit(r, 'Eerst een afgerond diagnostiektraject'));
        }
        break;
      case 'zorg-einde-leeftijd': {
        const period = action.kind === 'beschikking' ? action.beschikking : action.kind === 'toewijzing' ? action.toewijzing : undefined;
        if (!period) break;
        const age = endAge(r, period);
        const limit = dateAtAge(s.geboortedatum, age * 12);
        // An extension up to verlengingTot holds after an assessment recorded on the decision.
        const decision =
          action.kind === 'beschikking'
            ? action.beschikking
            : s.beschikkingen.find((b) => action.kind === 'toewijzing' && b.id === action.toewijzing.beschikkingId);
        const extended = decision?.verlengingBeoordeeld && r.verlengingTot;
        const hardLimit = extended ? dateAtAge(s.geboortedatum, r.verlengingTot! * 12) : limit;
        if (period.einddatum >= hardLimit) {
          out.push(
            hit(
              r,
              `Jeugdhulp in ${period.segmentId} eindigt bij ${extended ? r.verlengingTot : age} jaar (${addDays(hardLimit, -1)})${!extended && r.verlengingTot ? `; verlenging tot ${r.verlengingTot} alleen na beoordeling` : ''}`,
            ),
          );
        }
        break;
      }
      case 'crisis-maximale-duur':
        // End dates are inclusive: four weeks end on day 28.
        if (
          action.kind === 'toewijzing' &&
          r.segmenten.includes(action.toewijzing.segmentId) &&
          action.toewijzing.einddatum > addDays(action.toewijzing.ingangsdatum, r.weken * 7 - 1)
        ) {
          out.push(hit(r, `Crisishulp duurt in het algemeen niet langer dan ${r.weken} weken`));
        }
        break;
      case 'een-regievoerder':
        if (action.kind === 'regie' && action.regievoerder && !action.familyWide) {
          // Closed cases of the family no longer have a regievoerder that counts.
          const others = new Set(
            ctx.family
              .filter((c) => c.status !== 'afgesloten')
              .map((c) => c.regievoerder)
              .filter((x): x is string => !!x && x !== action.regievoerder),
          );
          if (others.size > 0) out.push(hit(r, `Het gezin heeft al regievoerder ${[...others].join(', ')}; één regievoerder per gezin`));
        }
        break;
      case 'procesregie':
        if (action.kind === 'regie' && action.procesregisseur && action.procesregiePartij) {
          const forced = s.verwijzingen.some((v) => v.kader === 'gedwongen');
          const expected = forced ? r.gedwongen : r.vrijwillig;
          if (action.procesregiePartij !== expected) out.push(hit(r, `Procesregie ligt bij ${expected} (${forced ? 'gedwongen' : 'vrijwillig'} kader)`));
        }
        break;
      case 'routering-complexiteit': {
        const seg = actionSegment(action);
        if ((action.kind === 'verwijzing' || action.kind === 'beschikking') && seg && s.triage && r.routes.some((x) => x.segment === seg)) {
          const route = r.routes.find((x) => x.complexiteit.includes(s.triage!.complexiteit));
          if (route && route.segment !== seg)
            out.push(hit(r, `Bij ${s.triage.complexiteit}e problematiek hoort de hulp in segment ${route.segment}, niet in ${seg}`));
        }
        break;
      }
      case 'maximale-duur':
        if (
          action.kind === 'toewijzing' &&
          matchesDuration(r, action.toewijzing) &&
          action.toewijzing.einddatum > addDays(action.toewijzing.ingangsdatum, durationDays(r.uren))
        ) {
          out.push(
            hit(
              r,
              `${action.toewijzing.product ?? 'Deze hulp'} duurt maximaal ${r.uren} uur: de toewijzing loopt tot uiterlijk ${addDays(action.toewijzing.ingangsdatum, durationDays(r.uren))}`,
            ),
          );
        }
        break;
      case 'warme-overdracht':
        if (action.kind === 'toewijzing' && !action.toewijzing.wijziging && (!r.naar || r.naar.includes(action.toewijzing.segmentId))) {
          const from = s.toewijzingen.find((t) => r.van.includes(t.segmentId) && t.segmentId !== action.toewijzing.segmentId && activeAllocation(t));
          if (from) out.push(hit(r, `Overgang van ${from.segmentId} naar ${action.toewijzing.segmentId}: zorg voor een warme overdracht`));
        }
        break;
      case 'regie-bij':
        if (action.kind === 'regie' && (action.regievoerderPartij || action.procesregiePartij)) {
          const rule = regieRuleFor(rules, s);
          if (rule === r) {
            if (action.regievoerderPartij && action.regievoerderPartij !== r.partij) out.push(hit(r, `De regie ligt bij ${r.partij}`));
            if (r.procesregiePartij && action.procesregiePartij && action.procesregiePartij !== r.procesregiePartij)
              out.push(hit(r, `De procesregie ligt bij ${r.procesregiePartij}`));
          }
        }
        break;
      case 'afstemming-verplicht': {
        const seg = actionSegment(action);
        const moment = action.kind === 'toewijzing' && action.toewijzing.wijziging ? 'wijziging' : action.kind;
        if (seg && r.segmenten.includes(seg) && (r.bij as readonly string[]).includes(moment) && !s.mdos.some((m) => m.deelnemers.includes(r.deelnemer))) {
          out.push(hit(r, `Eerst afstemming (overleg) met ${r.deelnemer} vastleggen`));
        }
        break;
      }
      case 'besluit-door':
        if (
          action.kind === 'beschikking' &&
          (!r.segmenten || r.segmenten.includes(action.beschikking.segmentId)) &&
          !r.door.includes(action.beschikking.besluitDoor)
        ) {
          out.push(hit(r, `Het besluit (beschikking) neemt ${r.door.join(' of ')}, niet ${action.beschikking.besluitDoor}`));
        }
        break;
      case 'product-uitgesloten':
        if (
          action.kind === 'toewijzing' &&
          r.segmenten.includes(action.toewijzing.segmentId) &&
          action.toewijzing.productCategorie &&
          r.productcategorieen.includes(action.toewijzing.productCategorie)
        ) {
          out.push(
            hit(
              r,
              r.tenzij
                ? `Productcategorie ${action.toewijzing.productCategorie} alleen als: ${r.tenzij}`
                : `Productcategorie ${action.toewijzing.productCategorie} hoort niet bij segment ${action.toewijzing.segmentId}`,
            ),
          );
        }
        break;
      case 'gecontracteerde-aanbieder':
        if (action.kind === 'toewijzing' && ctx.contracten && r.segmenten.includes(action.toewijzing.segmentId)) {
          const t = action.toewijzing;
          if (!ctx.contracten.some((c) => c.segmentId === t.segmentId && c.startDate <= t.ingangsdatum && c.endDate >= t.ingangsdatum)) {
            out.push(
              hit(
                r,
                r.soort === 'blokkerend'
                  ? `De aanbieder heeft op ${t.ingangsdatum} geen contract voor segment ${t.segmentId}`
                  : `De aanbieder heeft op ${t.ingangsdatum} geen contract voor segment ${t.segmentId}; alleen als de kinderrechter dit zo bepaalt`,
              ),
            );
          }
        }
        break;
      case 'toewijzing-op-categorie':
        if (action.kind === 'toewijzing' && r.segmenten.includes(action.toewijzing.segmentId) && action.toewijzing.productCode) {
          out.push(hit(r, 'De toegang bepaalt het segment, de aanbieder bepaalt de zorg: wijs toe op productcategorie, zonder productcode'));
        }
        break;
      default:
        break;
    }
  }
  return out;
}

/** Maximum duration in whole calendar days after the first day: 48 hours may end on the second day after the start. */
const durationDays = (uren: number) => Math.ceil(uren / 24);
const matchesDuration = (r: Extract<Regel, { type: 'maximale-duur' }>, t: { segmentId: string; product?: string }) =>
  r.segmenten.includes(t.segmentId) && (!r.productnamen || (!!t.product && r.productnamen.includes(t.product)));

type RegieBij = Extract<Regel, { type: 'regie-bij' }>;
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

/** An MDO the region's rules ask of a case, with the participants they require and whether a recorded MDO meets it. */
export interface MdoRequirement {
  ruleId: string;
  /** Participant roles the rule requires (e.g. sociaal-domein, trajectzorgberaad). */
  deelnemers: string[];
  /** Whether the rule refuses a referral or decision until the MDO is there (blokkerend), or only signals. */
  blocking: boolean;
  /** Whether an MDO on the case meets it (with agreement or an escalation step where the rule asks agreement). */
  met: boolean;
  /** Escalation steps of the region (escalatieladder), to offer when the MDO does not agree. */
  escalatiestappen: string[];
}

/**
 * The MDO requirements of a case under its applicable rules (mdo-verplicht for the triage's
 * complexity, mdo-sociaal-domein for problems crossing domains), as the referral and decision
 * checks above apply them. The web app shows these instead of reading rules itself.
 */
export function mdoRequirements(rules: readonly Regel[], s: CaseState): MdoRequirement[] {
  const steps = rules.flatMap((r) => (r.type === 'escalatieladder' ? r.stappen : []));
  const out: MdoRequirement[] = [];
  for (const r of rules) {
    if (r.type === 'mdo-verplicht' && s.triage && r.complexiteit.includes(s.triage.complexiteit)) {
      const met = s.mdos.some((m) => (m.overeenstemming || !!m.escalatiestap) && r.deelnemers.every((d) => m.deelnemers.includes(d)));
      out.push({ ruleId: r.id, deelnemers: [...r.deelnemers], blocking: r.soort === 'blokkerend', met, escalatiestappen: steps });
    }
    if (r.type === 'mdo-sociaal-domein' && s.triage?.domeinoverstijgend) {
      out.push({
        ruleId: r.id,
        deelnemers: [r.deelnemer],
        blocking: r.soort === 'blokkerend',
        met: s.mdos.some((m) => m.deelnemers.includes(r.deelnemer)),
        escalatiestappen: steps,
      });
    }
  }
  return out;
}

/** Signals of a case on a date, for worklists (rules marked handled on the case are left out). */
export function caseSignals(rules: readonly Regel[], s: CaseState, ctx: RuleContext): RuleHit[] {
  if (s.status === 'afgesloten') return [];
  const out: RuleHit[] = [];
  const today = ctx.today;
  for (const r of rules) {
    if (ctx.handled?.includes(r.id)) continue;
    switch (r.type) {
      case 'escalatieladder': {
        const last = s.mdos.at(-1);
        if (last && !last.overeenstemming && !last.escalatiestap) {
          out.push(
            hit(
              r,
              `MDO zonder overeenstemming: volgende stap op de escalatieladder (${r.stappen.join(' → ')})`,
              r.termijnDagen ? addDays(last.datum, r.termijnDagen) : last.datum,
            ),
          );
        }
        break;
      }
      case 'een-regievoerder':
        if (!s.regievoerder) out.push(hit(r, 'Wijs een regievoerder aan', s.aangemeldOp.slice(0, 10)));
        break;
      case 'procesregisseur-bij-meerdere-trajecten': {
        const running = [s, ...ctx.family].flatMap((c) => c.toewijzingen.filter(activeAllocation)).length;
        if (running >= r.minimumTrajecten && !s.procesregisseur)
          out.push(hit(r, `${running} trajecten lopen naast elkaar: wijs één procesregisseur aan`, today));
        break;
      }
      case 'crisis-termijn':
        if (s.crisis && !s.toewijzingen.some((t) => t.status !== 'ingetrokken' && t.startdatum)) {
          const at = new Date(new Date(s.aangemeldOp).getTime() + r.uren * 3600_000);
          out.push(hit(r, `Crisis: eerste interventie binnen ${r.uren} uur na aanmelding`, dutchDate(at), at.toISOString()));
        }
        break;
      case 'crisis-maximale-duur':
        for (const t of s.toewijzingen) {
          if (r.segmenten.includes(t.segmentId) && t.status === 'gestart' && t.startdatum) {
            const due = addDays(t.startdatum, r.weken * 7);
            if (due <= addDays(today, 7))
              out.push(hit(r, `Crisishulp (toewijzing ${t.nummer}) loopt bijna ${r.weken} weken: afschalen naar reguliere hulp`, due));
          }
        }
        break;
      case 'leeftijdssignaal': {
        const due = dateAtAge(s.geboortedatum, r.leeftijdMaanden);
        if (due >= addDays(today, -60) && due <= addDays(today, r.vooraankondigingDagen)) {
          out.push(hit(r, `Jeugdige wordt ${formatAge(r.leeftijdMaanden)}: ${r.actie}`, due));
        }
        break;
      }
      case 'zorg-einde-leeftijd':
        for (const t of s.toewijzingen.filter(activeAllocation)) {
          const extended = r.verlengingTot && s.beschikkingen.find((b) => b.id === t.beschikkingId)?.verlengingBeoordeeld;
          const end = addDays(dateAtAge(s.geboortedatum, (extended ? r.verlengingTot! : endAge(r, t)) * 12), -1);
          if (end <= addDays(today, 180) && t.einddatum >= end)
            out.push(hit(r, `Toewijzing ${t.nummer} loopt tot de leeftijdsgrens (${end}): bepaal het vervolg na ${endAge(r, t)} jaar`, end));
        }
        break;
      case 'overbrugging-bij-wachten':
        for (const t of s.toewijzingen) {
          if (r.segmenten.includes(t.segmentId) && t.status === 'toegewezen' && !t.overbrugging) {
            const waitingSince = t.ingangsdatum;
            const due = r.dagen ? addDays(waitingSince, r.dagen) : waitingSince;
            if (waitingSince <= today) out.push(hit(r, `Toewijzing ${t.nummer} wacht op plaatsing zonder overbruggingszorg`, due));
          }
        }
        break;
      case 'plaatsingen-maximum': {
        const from = r.maanden ? addMonths(today, -r.maanden) : '0000-01-01';
        const placements = s.toewijzingen.filter((t) => r.segmenten.includes(t.segmentId) && t.startdatum && t.startdatum >= from);
        if (placements.length - 1 > r.maximum) out.push(hit(r, `${placements.length - 1} overplaatsingen: zo min mogelijk overplaatsen (matched care)`, today));
        break;
      }
      case 'ambulante-spoedhulp-bij-plaatsing':
        out.push(...spoedhulpSignals(r, s, today));
        break;
      case 'maximale-duur':
        for (const t of s.toewijzingen) {
          if (t.status === 'gestart' && t.startdatum && matchesDuration(r, t)) {
            out.push(
              hit(
                r,
                `${t.product ?? 'Hulp'} (toewijzing ${t.nummer}) duurt maximaal ${r.uren} uur: afronden of vervolg regelen`,
                addDays(t.startdatum, durationDays(r.uren)),
              ),
            );
          }
        }
        break;
      case 'warme-overdracht':
        for (const t of s.toewijzingen) {
          if (t.status !== 'toegewezen' || (r.naar && !r.naar.includes(t.segmentId))) continue;
          const from = s.toewijzingen.find(
            (x) =>
              r.van.includes(x.segmentId) &&
              x.segmentId !== t.segmentId &&
              x.status !== 'ingetrokken' &&
              x.ingangsdatum <= t.ingangsdatum &&
              (x.stopdatum ?? x.einddatum) >= addDays(t.ingangsdatum, -r.dagen),
          );
          if (from)
            out.push(
              hit(
                r,
                `Overgang van ${from.segmentId} (toewijzing ${from.nummer}) naar ${t.segmentId} (toewijzing ${t.nummer}): warme overdracht vastleggen`,
                t.ingangsdatum,
              ),
            );
        }
        break;
      case 'zorgcontinuiteit':
        for (const t of s.toewijzingen.filter(activeAllocation)) {
          if (!r.segmenten.includes(t.segmentId)) continue;
          const b = s.beschikkingen.find((x) => x.id === t.beschikkingId);
          if (!b) continue;
          const until = r.uiterlijk && r.uiterlijk < b.einddatum ? r.uiterlijk : b.einddatum;
          const covered = s.toewijzingen.some(
            (u) =>
              u !== t && u.status !== 'ingetrokken' && u.segmentId === t.segmentId && u.einddatum > t.einddatum && u.ingangsdatum <= addDays(t.einddatum, 1),
          );
          if (t.einddatum < until && !covered && t.einddatum <= addDays(today, r.vooraankondigingDagen)) {
            out.push(
              hit(r, `Toewijzing ${t.nummer} eindigt op ${t.einddatum}, de beschikking loopt tot ${b.einddatum}: zorg continueren tot ${until}`, t.einddatum),
            );
          }
        }
        break;
      case 'regie-bij':
        if (!s.regievoerder && regieRuleFor(rules, s) === r)
          out.push(
            hit(
              r,
              `Wijs een regievoerder aan: de regie ligt bij ${r.partij}${r.procesregiePartij ? `, de procesregie bij ${r.procesregiePartij}` : ''}`,
              (s.triage?.datum ?? s.aangemeldOp).slice(0, 10),
            ),
          );
        break;
      case 'waakvlamcontact': {
        const live = s.toewijzingen.filter((t) => t.status !== 'ingetrokken');
        if (s.status !== 'nazorg' && live.length > 0 && live.every((t) => t.status === 'gestopt')) {
          const last = live
            .map((t) => t.stopdatum ?? t.einddatum)
            .sort()
            .at(-1)!;
          out.push(hit(r, 'Alle hulp is gestopt: spreek af wie vinger aan de pols houdt (waakvlamcontact) en sluit af', addDays(last, r.dagen)));
        }
        break;
      }
      default:
        break;
    }
  }
  return out;
}

const FASE_TEKST = { voor: 'om de plaatsing te voorkomen', tijdens: 'tijdens de plaatsing', na: 'na de plaatsing' } as const;

/**
 * Seed 003 §8.2: ambulatory emergency help is offered to prevent a crisis or stay placement, and
 * during and after a placement that happens anyway. Per placement (an allocation in the rule's
 * segments and categories, not removed) and per phase without recorded help: `voor` while the
 * placement has not started (due on its ingangsdatum), `tijdens` once it started (due termijnDagen
 * after the start), `na` from vooraankondigingDagen before it ends (due on its last day: the stop
 * date after a final stop, else the allocation's einddatum).
 */
function spoedhulpSignals(r: Extract<Regel, { type: 'ambulante-spoedhulp-bij-plaatsing' }>, s: CaseState, today: string): RuleHit[] {
  const out: RuleHit[] = [];
  for (const t of s.toewijzingen) {
    if (t.status === 'ingetrokken' || !r.segmenten.includes(t.segmentId)) continue;
    if (r.productcategorieen && !r.productcategorieen.includes(t.productCategorie)) continue;
    const done = t.spoedhulp ?? {};
    const missing = (fase: 'voor' | 'tijdens' | 'na', due: string) => {
      if (r.fasen.includes(fase) && !done[fase])
        out.push(hit(r, `Plaatsing (toewijzing ${t.nummer}): ambulante spoedhulp ${FASE_TEKST[fase]} is niet vastgelegd`, due));
    };
    if (t.status === 'toegewezen' && !t.startdatum) missing('voor', t.ingangsdatum);
    if (t.startdatum && (t.status === 'gestart' || t.status === 'tijdelijk-gestopt')) missing('tijdens', addDays(t.startdatum, r.termijnDagen));
    const end = t.status === 'gestopt' && t.stopdatum ? t.stopdatum : t.einddatum;
    if (t.startdatum && end <= addDays(today, r.vooraankondigingDagen)) missing('na', end);
  }
  return out;
}

/**
 * Worklist order of due moments: earliest calendar date first; on the same date a clock with an
 * exact moment (dueAt, a crisis clock) comes first, earliest moment first, then the plain dates of
 * that day (due by the end of the day); no due date last.
 */
export function compareDue(a: { due: string | null; dueAt: string | null }, b: { due: string | null; dueAt: string | null }): number {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  // A missing dueAt sorts after every moment of the day ('~' is after the digits in code-point order).
  return cmp(a.due ?? '9999-12-31', b.due ?? '9999-12-31') || cmp(a.dueAt ?? '~', b.dueAt ?? '~');
}

/** Allocations ending within `days` days while the case is active: a generic worklist item (iJw: allocations need renewal in time). */
export function expiringAllocations(s: CaseState, today: string, days = 30): Toewijzing[] {
  if (s.status === 'afgesloten' || s.status === 'nazorg') return [];
  return s.toewijzingen.filter((t) => activeAllocation(t) && t.einddatum >= today && t.einddatum <= addDays(today, days));
}

function formatAge(months: number): string {
  return months % 12 === 0 ? `${months / 12} jaar` : `${Math.floor(months / 12)},${Math.round(((months % 12) / 12) * 10)} jaar`;
}
