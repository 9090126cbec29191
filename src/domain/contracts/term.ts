/**
 * Contract term with extension options (looptijd met verlengingsopties), e.g. 5+1+1 for the SLT
 * task area (seed 003 §5.3.1: "De duur van de overeenkomst is vijf jaar met twee
 * verlengingsopties van één jaar"), 2+1+1 for specialist ambulatory care (seed 003 §6.3.1).
 *
 * A contract row holds its current end date (`endDate`, the original end plus every extension
 * taken), the options in years (`extensionYears`, in the order they are taken) and how many were
 * taken (`extensionsUsed`). Dates are calendar dates (YYYY-MM-DD); the end date is the last day
 * the contract runs. Pure: `today` is passed in.
 */
import { addDays, addMonths, addYears, daysBetween } from '../dates.js';

export interface ContractTerm {
  startDate: string;
  endDate: string;
  extensionYears: readonly number[];
  extensionsUsed: number;
}

export interface TermView {
  startDate: string;
  /** Current end date (with the extensions taken). */
  endDate: string;
  /** End date of the original term, before any extension. */
  originalEndDate: string;
  /** End date when every remaining option is taken. */
  maximumEndDate: string;
  extensionsUsed: number;
  /** Remaining options in years, in the order they can be taken. */
  remainingOptions: number[];
  /** e.g. "5+1+1" in years; a term of no whole years reads "28 maanden" (or days), followed by the options. */
  label: string;
}

/** The end date after `years` more years: the day before the same date `years` later. */
export function extendEnd(endDate: string, years: number): string {
  return addDays(addYears(addDays(endDate, 1), years), -1);
}

export function termView(t: ContractTerm): TermView {
  const used = t.extensionYears.slice(0, t.extensionsUsed);
  const remaining = t.extensionYears.slice(t.extensionsUsed);
  const originalEnd = used.reduceRight((end, years) => addDays(addYears(addDays(end, 1), -years), -1), t.endDate);
  const maximumEnd = remaining.reduce((end, years) => extendEnd(end, years), t.endDate);
  const nextDay = addDays(originalEnd, 1);
  const baseYears = Number(nextDay.slice(0, 4)) - Number(t.startDate.slice(0, 4));
  const whole = addYears(t.startDate, baseYears) === nextDay;
  const months = (Number(nextDay.slice(0, 4)) - Number(t.startDate.slice(0, 4))) * 12 + Number(nextDay.slice(5, 7)) - Number(t.startDate.slice(5, 7));
  const m = addMonths(t.startDate, months) <= nextDay ? months : months - 1;
  const rest = daysBetween(addMonths(t.startDate, m), nextDay);
  const base = whole ? String(baseYears) : `${m} maanden${rest > 0 ? ` en ${rest} dagen` : ''}`;
  return {
    startDate: t.startDate,
    endDate: t.endDate,
    originalEndDate: originalEnd,
    maximumEndDate: maximumEnd,
    extensionsUsed: t.extensionsUsed,
    remainingOptions: remaining,
    label: [base, ...t.extensionYears.map(String)].join('+'),
  };
}

export type ExtensionResult =
  | { ok: true; optionYears: number; fromEndDate: string; newEndDate: string; extensionsUsed: number }
  | { ok: false; reason: 'geen-opties' | 'na-einde' | 'voor-start'; message: string };

/**
 * Exercises the next extension option on `today`. Refused when no option is left, when the
 * contract has already ended (an option must be taken while the contract runs, at the latest on
 * its last day) or when it has not started.
 */
export function exerciseExtension(t: ContractTerm, today: string): ExtensionResult {
  const remaining = t.extensionYears.slice(t.extensionsUsed);
  if (remaining.length === 0) {
    return {
      ok: false,
      reason: 'geen-opties',
      message:
        t.extensionYears.length === 0 ? 'het contract kent geen verlengingsopties' : `alle ${t.extensionYears.length} verlengingsopties zijn al gebruikt`,
    };
  }
  if (today > t.endDate)
    return {
      ok: false,
      reason: 'na-einde',
      message: `het contract is op ${t.endDate} geëindigd; een verlengingsoptie moet uiterlijk op de laatste dag worden gelicht`,
    };
  if (today < t.startDate) return { ok: false, reason: 'voor-start', message: `het contract begint pas op ${t.startDate}` };
  const years = remaining[0]!;
  return { ok: true, optionYears: years, fromEndDate: t.endDate, newEndDate: extendEnd(t.endDate, years), extensionsUsed: t.extensionsUsed + 1 };
}

/** Contract status on a date from its dates: gegund (not started), lopend, afgelopen. */
export function statusOn(t: Pick<ContractTerm, 'startDate' | 'endDate'>, today: string): 'gegund' | 'lopend' | 'afgelopen' {
  return t.startDate > today ? 'gegund' : t.endDate < today ? 'afgelopen' : 'lopend';
}
