/**
 * Contract change management (contractwijzigingen): a change has an announcement date and an
 * effective date; the region's notice period (profile rule `wijzigingstermijn`) is enforced.
 * Seed 004 §4 Planning: "De wijzigingsclausules in de overeenkomsten bepalen nu dat de gemeenten
 * wijzigingen in de overeenkomsten zes maanden vooraf moeten aankondigen. Als gemeenten dus
 * bijvoorbeeld willen dat op 1 januari 2022 wijzigingen in werking treden, dan moeten zij deze op
 * 1 juli 2021 aankondigen."
 *
 * Month arithmetic (calendar dates, no time zones): a notice period of N months that starts on
 * day D of a month runs to day D of the month N months later; the change may take effect on that
 * day at the earliest. When that month has no day D (announced 31 August, six months: February
 * has no 31st), the period runs to the end of that month and the earliest effective date is the
 * first day of the next month (1 March). So:
 *
 *   announced 2021-07-01, 6 months -> earliest effective 2022-01-01 (the seed's example);
 *   announced 2021-07-02            -> earliest 2022-01-02, so 2022-01-01 is refused;
 *   announced 2021-08-31            -> earliest 2022-03-01 (2022-02-31 does not exist).
 *
 * Equivalently, the latest announcement date for an effective date E is E minus N months with the
 * day clipped to the month's length (`latestAnnouncement`). Pure: dates are passed in.
 */
import { earliestEffective, latestAnnouncement } from './notice.js';
import type { Regel } from '../landscape/profile-schema.js';
import { source, type Source } from '../landscape/landscape.js';
import { nlDate } from '../dates.js';

export const CHANGE_KINDS = ['tarief', 'product', 'voorwaarde', 'looptijd', 'verlenging', 'toetreding', 'overig'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export type Wijzigingstermijn = Extract<Regel, { type: 'wijzigingstermijn' }>;

export interface RuleRefusal {
  ruleId: string;
  message: string;
  source?: Source;
}

export { earliestEffective, latestAnnouncement };

export interface ChangeRequest {
  kind: ChangeKind;
  announcedOn: string;
  effectiveOn: string;
  /** The contract's end date, when the change is for one contract (segment-wide changes have none). */
  contractEndDate?: string;
}

export interface ChangeCheck {
  refusals: RuleRefusal[];
  /** The notice period applied, or null when the profile has none for this segment. */
  notice: { ruleId: string; months: number; earliestEffective: string; latestAnnouncement: string; source: Source } | null;
}

/**
 * Checks a change against the notice period and the basic date rules. `rules` are the region's
 * rules that apply to the segment (region-wide and the segment's own); the strictest
 * `wijzigingstermijn` wins. `today` is the day the change is registered: it cannot be announced
 * later than today.
 */
export function checkChange(req: ChangeRequest, rules: readonly Regel[], today: string): ChangeCheck {
  const refusals: RuleRefusal[] = [];
  if (req.announcedOn > today)
    refusals.push({
      ruleId: 'aankondiging-in-toekomst',
      message: `de aankondigingsdatum ${req.announcedOn} ligt na vandaag (${today}); registreer een aankondiging op of na de dag dat ze is gedaan`,
    });
  if (req.effectiveOn <= req.announcedOn)
    refusals.push({
      ruleId: 'ingang-na-aankondiging',
      message: `de ingangsdatum ${nlDate(req.effectiveOn)} moet na de aankondigingsdatum ${nlDate(req.announcedOn)} liggen`,
    });
  if (req.contractEndDate && req.effectiveOn > req.contractEndDate && req.kind !== 'looptijd' && req.kind !== 'verlenging') {
    refusals.push({
      ruleId: 'ingang-binnen-looptijd',
      message: `de ingangsdatum ${req.effectiveOn} ligt na het einde van het contract (${req.contractEndDate})`,
    });
  }
  const terms = rules.filter((r): r is Wijzigingstermijn => r.type === 'wijzigingstermijn');
  const rule = terms.sort((a, b) => b.maanden - a.maanden)[0];
  let notice: ChangeCheck['notice'] = null;
  if (rule) {
    const earliest = earliestEffective(req.announcedOn, rule.maanden);
    const latest = latestAnnouncement(req.effectiveOn, rule.maanden);
    notice = { ruleId: rule.id, months: rule.maanden, earliestEffective: earliest, latestAnnouncement: latest, source: source(rule.bron) };
    if (req.effectiveOn < earliest && rule.soort === 'blokkerend') {
      refusals.push({
        ruleId: rule.id,
        message: `wijzigingen moeten ${rule.maanden} maanden vooraf worden aangekondigd: aangekondigd op ${nlDate(req.announcedOn)} kan de wijziging op zijn vroegst op ${nlDate(earliest)} ingaan; voor ingang op ${nlDate(req.effectiveOn)} had uiterlijk op ${nlDate(latest)} moeten worden aangekondigd`,
        source: source(rule.bron),
      });
    }
  }
  return { refusals, notice };
}

export type ChangeStatus = 'aangekondigd' | 'ingetrokken';

/** How a change stands on `today`: announced (not yet effective), in force, or withdrawn. */
export function changeState(c: { status: ChangeStatus | string; effectiveOn: string }, today: string): 'aangekondigd' | 'van-kracht' | 'ingetrokken' {
  if (c.status === 'ingetrokken') return 'ingetrokken';
  return c.effectiveOn <= today ? 'van-kracht' : 'aangekondigd';
}

/** A change may be withdrawn while it is announced and has not taken effect. Returns the refusal, or null. */
export function withdrawRefusal(c: { status: string; effectiveOn: string }, today: string): string | null {
  if (c.status === 'ingetrokken') return 'de wijziging is al ingetrokken';
  if (c.effectiveOn <= today) return `de wijziging is op ${c.effectiveOn} in werking getreden en kan niet meer worden ingetrokken`;
  return null;
}
