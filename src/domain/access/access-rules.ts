/**
 * The rule engine of access (toegang): evaluates a region's access rules (profile data, each
 * citing its seed) against a case. A rule hit is blocking (the action is refused with a message
 * naming the rule and its source) or a signal (it goes on a worklist with a due date); the
 * profile's `soort` decides which. Pure: time and the case are passed in.
 */
import type { Regel } from '../landscape/profile-schema.js';

import { addDays } from '../dates.js';
import type { CaseState } from './case.js';
import {
  type RuleHit,
  type AccessAction,
  type RuleContext,
  hit,
  actionSegment,
  agreedMdo,
  dateAtAge,
  activeAllocation,
  endAge,
  durationDays,
  matchesDuration,
  regieRuleFor,
} from './access-rule-basics.js';

export {
  type RuleHit,
  type AccessAction,
  ACCESS_RULE_KINDS,
  type RuleContext,
  type AccessRuleSet,
  ruleSet,
  caseSegments,
  applicableRules,
  type CareItem,
  endAge,
  regieRuleFor,
} from './access-rule-basics.js';
export { type MdoRequirement, mdoRequirements, caseSignals, compareDue, expiringAllocations } from './access-signals.js';

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
