/**
 * Notice-period arithmetic on calendar dates (see changes.ts for the rule and seed 004 §4
 * Planning): a period of N months from day D ends on day D of the month N months later, or, when
 * that month has no day D, with that month. No other imports, so the web app uses it too.
 */
import { addDays, addMonths } from '../dates.js';

/** The earliest date a change announced on `announcedOn` may take effect with a notice of `months` months. */
export function earliestEffective(announcedOn: string, months: number): string {
  const day = Number(announcedOn.slice(8, 10));
  const clipped = addMonths(announcedOn, months);
  if (Number(clipped.slice(8, 10)) === day) return clipped;
  // The target month is shorter than the announcement day: the period ends with that month.
  return addDays(clipped, 1);
}

/** The latest announcement date for a change effective on `effectiveOn` with a notice of `months` months. */
export function latestAnnouncement(effectiveOn: string, months: number): string {
  return addMonths(effectiveOn, -months);
}
