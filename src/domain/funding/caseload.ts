/**
 * Caseload funding (cliëntvolgende bekostiging, seed 001 "Ambulante hulp": "Clientvolgende
 * bekostiging (caseload)"): a provider is paid a price per client per month for every client in
 * its caseload that month, whatever the hours delivered. A client counts once per provider per
 * month when at least one of its allocations with that provider overlaps the month. Pure: the
 * price is a dated parameter from the profile, dates are calendar dates (YYYY-MM-DD).
 */
import { valueAt, type Dated } from './models.js';

/** One allocation in a provider's caseload: the client (any stable key, never a BSN) and its period. */
export interface CaseloadAllocation {
  clientKey: string;
  ingangsdatum: string;
  /** Inclusive end date; undefined while it runs. */
  einddatum?: string | undefined;
}

export interface CaseloadMonth {
  /** YYYY-MM */
  month: string;
  clients: number;
  priceCents: number;
  cents: number;
}

function monthBounds(month: string): { first: string; last: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(days).padStart(2, '0')}` };
}

/** The clients of the caseload in `month` (YYYY-MM): distinct clients with an allocation overlapping it. */
export function clientsInMonth(allocations: readonly CaseloadAllocation[], month: string): number {
  const { first, last } = monthBounds(month);
  const seen = new Set<string>();
  for (const a of allocations) if (a.ingangsdatum <= last && (a.einddatum === undefined || a.einddatum >= first)) seen.add(a.clientKey);
  return seen.size;
}

/** The months from `fromMonth` to `toMonth` inclusive (YYYY-MM). */
export function monthsBetween(fromMonth: string, toMonth: string): string[] {
  const out: string[] = [];
  let [y, m] = fromMonth.split('-').map(Number) as [number, number];
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > toMonth) return out;
    out.push(key);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
}

/**
 * The caseload payment per month: clients in the month x the price per client per month in force on
 * the first of that month. A month without a price is an error (the profile must say what it pays).
 */
export function caseloadPayments(
  allocations: readonly CaseloadAllocation[],
  pricePerClientMonth: Dated<number>,
  fromMonth: string,
  toMonth: string,
): CaseloadMonth[] {
  return monthsBetween(fromMonth, toMonth).map((month) => {
    const priceCents = valueAt(pricePerClientMonth, `${month}-01`);
    if (priceCents === undefined || !Number.isInteger(priceCents) || priceCents < 0)
      throw new Error(`caseload: no price per client per month in force on ${month}-01`);
    const clients = clientsInMonth(allocations, month);
    return { month, clients, priceCents, cents: clients * priceCents };
  });
}
