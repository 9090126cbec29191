/**
 * The signals of a case (worklist items with a due date) and the MDOs the region's rules ask of
 * it; part of the access rule engine (access-rules.ts re-exports it). Pure: time is passed in.
 */
import type { Regel } from '../landscape/profile-schema.js';

import { addDays, addMonths, dutchDate } from '../dates.js';
import type { CaseState, Toewijzing } from './case.js';
import { type RuleHit, type RuleContext, hit, dateAtAge, activeAllocation, endAge, durationDays, matchesDuration, regieRuleFor } from './access-rule-basics.js';

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
