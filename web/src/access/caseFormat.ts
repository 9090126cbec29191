import { parseEuroInput } from '../../../src/domain/money';
/** Formatting helpers for the access screens: dates, ages, due moments and rule messages. */
import { addDays, addYears, dutchDate } from '../../../src/domain/dates';
import { formatShortDate } from '../format';

export { addDays, addYears };

const dateTime = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const shortDateTime = new Intl.DateTimeFormat('nl-NL', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/**
 * Today as a calendar date (YYYY-MM-DD) in the Dutch calendar (Europe/Amsterdam), the same day the
 * server checks dates against (src/domain/dates.ts dutchDate), whatever the browser's time zone.
 */
export function todayIso(now = new Date()): string {
  return dutchDate(now);
}

/** Age in whole years on `today` for a birth date (both YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** "22 november 2026 om 19:07" for an instant (ISO date-time). */
export const formatDateTime = (iso: string) => dateTime.format(new Date(iso)).replace(', ', ' om ');

/** A due moment: the calendar date ("22-11-2026") or, for a clock with an exact moment (crisis), that moment ("22-11-2026 19:07"). */
export const formatDue = (due: string, dueAt?: string | null) => (dueAt ? shortDateTime.format(new Date(dueAt)) : formatShortDate(due));

/** True when the due moment has passed (a calendar date is due at the end of that day; a clock at its moment). */
export function isOverdue(due: string, dueAt?: string | null, now = new Date()): boolean {
  return dueAt ? new Date(dueAt).getTime() < now.getTime() : due < todayIso(now);
}

/**
 * Splits a rule message "Tekst (regel x, bron 003 §5.2: “citaat”)" into the text and the reference,
 * so lists can show the text prominently and the reference smaller. Unknown formats stay whole.
 */
/** "regel wbo-x, bron 003 §5.2: …" -> "bron 003 §5.2: …"; also inside a sentence "(regel wbo-x, bron …)" -> "(bron …)". */
export const withoutRuleId = (text: string): string =>
  text.replace(/\bregel [a-z0-9]+(?:-[a-z0-9]+)+,\s*/gi, '').replace(/\s*\(regel [a-z0-9]+(?:-[a-z0-9]+)+\)/gi, '');

export function splitRuleMessage(message: string): { text: string; reference: string | null } {
  const m = /^([\s\S]*?) \((regel [\s\S]*)\)$/.exec(message);
  // The rule's id is for the log, not the screen: the reference shows its source ("bron 003 §5.2").
  return m ? { text: m[1]!, reference: withoutRuleId(m[2]!) } : { text: message, reference: null };
}

/** Euro amount typed by a user ("12.345,67", "1250", "1250,50" or "1250.50") in cents; null when not such an amount. */
export const parseEuroCents = parseEuroInput;
