/**
 * Voornemen tot gunning (intention to award) and the standstill period (opschortende termijn)
 * before the definitive award.
 *
 * - The contract manager announces the intention: the proposed award per perceel. Choosing a party
 *   other than the one ranked first in a perceel (EMVI ranking) needs a written reason; it is kept
 *   in the procedure log.
 * - The standstill runs `kalenderdagen` calendar days from the day of the announcement (profile
 *   `procedure.opschortendeTermijn`). The definitive award is possible from the day after its last
 *   day: announced on 2026-05-18 with 20 days, the last day is 2026-06-07 and the award can be made
 *   from 2026-06-08.
 * - When a bidder objects, the contract manager suspends the standstill; the clock stops. On resume
 *   the last day moves by the number of calendar days the standstill was suspended.
 * - The intention can be withdrawn (with a reason); the procedure stays in its award phase and a
 *   new intention can be announced.
 *
 * Pure: dates are passed in as calendar dates (YYYY-MM-DD).
 */
import { addDays, daysBetween, nlDate } from '../dates.js';
import type { Source } from '../landscape/landscape.js';
import type { ProposedAward } from './award.js';
import type { RankedTender } from './emvi.js';
import type { Refusal } from './sources.js';

export interface IntentionReason {
  lotId: string | null;
  /** The application ranked first in the perceel, which was not chosen. */
  rankOneApplicationId: number;
  reason: string;
}

export interface Intention {
  awards: ProposedAward[];
  /** Reasons for choices other than rank 1, per perceel. */
  reasons: IntentionReason[];
  announcedOn: string;
  standstillDays: number;
  /** Last day of the standstill (moves on resume by the days it was suspended). */
  standstillEndsOn: string;
  /** Set while the standstill is suspended (a bidder objected). */
  suspendedOn: string | null;
  suspendedReason: string | null;
}

export const INTENTION_RULE = 'voornemen-tot-gunning';
export const REASON_RULE = 'gunning-afwijkend-van-rangorde';
export const STANDSTILL_RULE = 'opschortende-termijn';

/** The key of a perceel in the ranking ("-" for a segment without lots). */
const lotKey = (lotId: string | null) => lotId ?? '-';

/** Proposed awards that do not go to the party ranked first in their perceel. */
export function choicesOffRank(
  ranking: Record<string, readonly RankedTender[]> | null,
  proposed: readonly ProposedAward[],
): { lotId: string | null; applicationId: number; rankOneApplicationId: number; rank: number | null }[] {
  if (!ranking) return [];
  const out: { lotId: string | null; applicationId: number; rankOneApplicationId: number; rank: number | null }[] = [];
  for (const p of proposed) {
    const ranked = ranking[lotKey(p.lotId)] ?? [];
    const first = ranked[0];
    if (!first || first.applicationId === p.applicationId) continue;
    out.push({
      lotId: p.lotId,
      applicationId: p.applicationId,
      rankOneApplicationId: first.applicationId,
      rank: ranked.find((r) => r.applicationId === p.applicationId)?.rank ?? null,
    });
  }
  return out;
}

/** A written reason has at least a few words (not just "x"). */
export const isWrittenReason = (r: string | undefined | null): r is string => !!r && r.trim().length >= 10;

/**
 * The reasons an intention needs: one per perceel whose choice is not rank 1. Returns the
 * refusals (422) for missing reasons, or the reasons to record.
 */
export function intentionReasons(
  ranking: Record<string, readonly RankedTender[]> | null,
  proposed: readonly ProposedAward[],
  given: { lotId: string | null; reason: string }[],
  source?: Source,
): { ok: true; reasons: IntentionReason[] } | { ok: false; refusals: Refusal[] } {
  const refusals: Refusal[] = [];
  const reasons: IntentionReason[] = [];
  for (const off of choicesOffRank(ranking, proposed)) {
    const r = given.find((g) => g.lotId === off.lotId)?.reason;
    if (!isWrittenReason(r)) {
      const where = off.lotId ? `perceel "${off.lotId}"` : 'de opdracht';
      refusals.push({
        ruleId: REASON_RULE,
        message: `voor ${where} is een andere partij gekozen dan de nummer 1 van de rangorde${off.rank ? ` (gekozen: rang ${off.rank})` : ''}; geef een schriftelijke motivering van minstens 10 tekens`,
        ...(source ? { source } : {}),
      });
    } else reasons.push({ lotId: off.lotId, rankOneApplicationId: off.rankOneApplicationId, reason: r.trim() });
  }
  return refusals.length > 0 ? { ok: false, refusals } : { ok: true, reasons };
}

/** A new intention announced on `today` with the profile's standstill. */
export function announce(proposed: readonly ProposedAward[], reasons: IntentionReason[], today: string, standstillDays: number): Intention {
  return {
    awards: [...proposed],
    reasons,
    announcedOn: today,
    standstillDays,
    standstillEndsOn: addDays(today, standstillDays),
    suspendedOn: null,
    suspendedReason: null,
  };
}

export type StandstillState = 'lopend' | 'opgeschort' | 'verstreken';

export function standstillState(i: Intention, today: string): StandstillState {
  if (i.suspendedOn) return 'opgeschort';
  return today > i.standstillEndsOn ? 'verstreken' : 'lopend';
}

/** The first day on which the definitive award can be made (null while suspended). */
export const firstAwardDay = (i: Intention): string | null => (i.suspendedOn ? null : addDays(i.standstillEndsOn, 1));

export type IntentionStep = { ok: true; intention: Intention } | { ok: false; refusal: Refusal; conflict: boolean };

const conflict = (message: string, source?: Source): IntentionStep => ({
  ok: false,
  conflict: true,
  refusal: { ruleId: STANDSTILL_RULE, message, ...(source ? { source } : {}) },
});

/** Suspends the standstill (a bidder objected); a reason is required. */
export function suspend(i: Intention, today: string, reason: string | undefined): IntentionStep {
  if (i.suspendedOn) return conflict('de opschortende termijn is al opgeschort');
  if (today > i.standstillEndsOn) return conflict(`de opschortende termijn is op ${nlDate(i.standstillEndsOn)} verstreken; opschorten kan niet meer`);
  if (!isWrittenReason(reason))
    return {
      ok: false,
      conflict: false,
      refusal: { ruleId: STANDSTILL_RULE, message: 'opschorten vraagt een reden van minstens 10 tekens (bijvoorbeeld het bezwaar van een inschrijver)' },
    };
  return { ok: true, intention: { ...i, suspendedOn: today, suspendedReason: reason.trim() } };
}

/** Resumes a suspended standstill: its last day moves by the calendar days it was suspended. */
export function resume(i: Intention, today: string): IntentionStep {
  if (!i.suspendedOn) return conflict('de opschortende termijn is niet opgeschort');
  const paused = Math.max(0, daysBetween(i.suspendedOn, today));
  return { ok: true, intention: { ...i, standstillEndsOn: addDays(i.standstillEndsOn, paused), suspendedOn: null, suspendedReason: null } };
}

/**
 * Whether the definitive award may be made today: the standstill must have run out and not be
 * suspended (409 otherwise).
 */
export function definitiveAwardRefusal(i: Intention | null, today: string, source?: Source): Refusal | null {
  const src = source ? { source } : {};
  if (!i)
    return { ruleId: INTENTION_RULE, message: 'maak eerst het voornemen tot gunning bekend; de definitieve gunning volgt na de opschortende termijn', ...src };
  if (i.suspendedOn)
    return {
      ruleId: STANDSTILL_RULE,
      message: `de opschortende termijn is sinds ${nlDate(i.suspendedOn)} opgeschort (${i.suspendedReason ?? 'bezwaar'}); hervat de termijn of trek het voornemen in`,
      ...src,
    };
  if (today <= i.standstillEndsOn)
    return {
      ruleId: STANDSTILL_RULE,
      message: `de opschortende termijn loopt tot en met ${nlDate(i.standstillEndsOn)}; definitief gunnen kan vanaf ${nlDate(addDays(i.standstillEndsOn, 1))}`,
      ...src,
    };
  return null;
}

/** Whether two award lists name the same parties per perceel (order does not matter). */
export function sameAwards(a: readonly ProposedAward[], b: readonly ProposedAward[]): boolean {
  const key = (x: ProposedAward) => `${x.lotId ?? '-'}:${x.applicationId}`;
  const sa = new Set(a.map(key));
  return sa.size === b.length && b.every((x) => sa.has(key(x))) && a.length === b.length;
}
