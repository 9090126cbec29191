/**
 * Settlement of declaration lines (JW323 Prestaties) against their allocation, the contract
 * tariff, earlier lines and the ceiling. Pure: the caller passes the allocation, the tariff, the
 * running totals and the ceiling policy; the result says approved or rejected with WJ001 codes
 * and the signed amount.
 *
 * Sources: the iJw 3.2 rules (reference/ijw-regels/regels-op-berichten.md, TR3xx with their
 * retourcodes) and seed 004 §3.3 (budget ceiling per provider: "de maximale bestedingsruimte").
 */
import { daysBetween } from '../dates.js';

export interface Line {
  referentieNummer: string;
  vorigReferentieNummer?: string;
  toewijzingNummer: number;
  bsn: string;
  productCategorie: string;
  productCode: string;
  begindatum: string;
  einddatum: string;
  volume: number;
  eenheid: string;
  /** ProductTarief in cents, when sent. */
  tariefCents?: number;
  /** IngediendBedrag in cents, positive. */
  bedragCents: number;
  debetCredit: 'D' | 'C';
}

export interface Allocation {
  toewijzingNummer: number;
  bsn: string;
  providerAgb: string;
  productCategorie?: string;
  productCode?: string;
  ingangsdatum: string;
  einddatum?: string;
  omvang?: { volume: number; eenheid: string; frequentie: string };
  budgetCents?: number;
  redenWijziging?: string;
}

/** What the region already settled for one allocation (running totals while a declaration settles). */
export interface AllocationTotals {
  /** Approved volume (debet minus credit) over the whole allocation, for Frequentie 6 and budgets. */
  volume: number;
  /** Approved amount in cents (signed). */
  amountCents: number;
}

/** An earlier approved line, by its ReferentieNummer (for credits, TR323/TR390, and double debits, TR389). */
export interface PriorLine {
  referentieNummer: string;
  toewijzingNummer: number;
  productCode: string;
  begindatum: string;
  einddatum: string;
  debetCredit: 'D' | 'C';
  bedragCents: number;
  volume: number;
  /** Already credited by a later line. */
  credited: boolean;
  /** Only approved debit lines can be credited (TR323). */
  approved: boolean;
}

export interface CeilingState {
  /** Ceiling for this provider (and year), in cents. */
  ceilingCents: number;
  /** Approved so far in that year, in cents. */
  spentCents: number;
  /** Profile policy: reject the line, or accept it and signal (seed 004 §3.3 leaves the consequence open). */
  policy: 'afwijzen' | 'accepteren-en-signaleren';
  /** Retourcode for a rejection over the ceiling (the standard has none of its own; profile data). */
  retourcode: string;
}

export interface LineContext {
  allocation: Allocation | undefined;
  providerAgb: string;
  /** Contract tariff valid on the line's Begindatum (cents per unit of `eenheid`); undefined when the contract has none. */
  tariff: { cents: number; eenheid: string } | undefined;
  totals: AllocationTotals;
  prior: (referentieNummer: string) => PriorLine | undefined;
  /** An approved debit for the same allocation, product and period exists (TR389/TR416). */
  debitExists: (key: string) => boolean;
  ceiling?: CeilingState;
}

export interface LineOutcome {
  approved: boolean;
  /** WJ001 codes; empty when approved without remark. */
  codes: string[];
  /** Signed amount in cents that counts as spend when approved (credit negative). */
  amountCents: number;
  /** Signals that do not reject the line (e.g. a ceiling passed under accept-and-signal). */
  signals: string[];
}

/** Key of a debit line for the double-debit rule (TR389/TR416): allocation, product, period. */
export const debitKey = (l: Pick<Line, 'toewijzingNummer' | 'productCode' | 'begindatum' | 'einddatum'>) =>
  `${l.toewijzingNummer}|${l.productCode}|${l.begindatum}|${l.einddatum}`;

/**
 * Allowed volume for one line of an allocation with Omvang, by WMO757 frequency: per day (1),
 * per week (2), per month (4) over the line's period; total (6) over the whole allocation (TR321/TR322).
 */
export function allowedVolume(omvang: NonNullable<Allocation['omvang']>, begindatum: string, einddatum: string): number | undefined {
  const days = daysBetween(begindatum, einddatum) + 1;
  switch (omvang.frequentie) {
    case '1':
      return omvang.volume * days;
    case '2':
      return omvang.volume * Math.ceil(days / 7);
    case '4': {
      const months = (Number(einddatum.slice(0, 4)) - Number(begindatum.slice(0, 4))) * 12 + Number(einddatum.slice(5, 7)) - Number(begindatum.slice(5, 7)) + 1;
      return omvang.volume * months;
    }
    default:
      return undefined; // 6: total over the allocation, checked against the running total
  }
}

/** Minutes may be declared on an allocation in hours (IV081). */
const unitFits = (declared: string, allocated: string) => declared === allocated || (declared === '01' && allocated === '04');

export function settleLine(line: Line, ctx: LineContext): LineOutcome {
  const codes: string[] = [];
  const signals: string[] = [];
  const sign = line.debetCredit === 'C' ? -1 : 1;
  const a = ctx.allocation;

  // TR314 (8021): every line, debit or credit (IV091), has a ReferentieNummer new for this provider.
  if (ctx.prior(line.referentieNummer)) codes.push('8021');
  if (line.debetCredit === 'C') {
    // TR323 (8017): a credit line relates to an earlier approved debit line; TR390 (9390): only once.
    const prior = line.vorigReferentieNummer ? ctx.prior(line.vorigReferentieNummer) : undefined;
    if (!prior || prior.debetCredit !== 'D' || !prior.approved) codes.push('8017');
    else if (prior.credited) codes.push('9390');
    else if (prior.bedragCents !== line.bedragCents || prior.volume !== line.volume) codes.push('8017');
    // IV085: a credit by the provider cannot be refused other than technically; the amount reverses the debit.
    return { approved: codes.length === 0, codes, amountCents: codes.length === 0 ? -line.bedragCents : 0, signals };
  }

  // TR338 (9338): the line relates to an allocation of this provider; TR304 (8187): of this client.
  if (!a || a.providerAgb !== ctx.providerAgb) return reject([...codes, '9338']);
  if (a.bsn !== line.bsn) return reject([...codes, '8187']);
  if (a.redenWijziging === '13') codes.push('9384');
  if (a.productCategorie && a.productCategorie !== line.productCategorie) codes.push('9339');
  if (a.productCode && a.productCode !== line.productCode) codes.push('9340');
  if (a.omvang && !unitFits(line.eenheid, a.omvang.eenheid)) codes.push('9341');
  if (line.begindatum < a.ingangsdatum) codes.push('9307');
  if (a.einddatum && line.einddatum > a.einddatum) codes.push('9308');
  // TR389/TR416 (9389): no second debit for the same allocation, product and period.
  if (ctx.debitExists(debitKey(line))) codes.push('9389');

  // TR321 (9321) per line and TR322 (9322) in total, in the allocation's unit.
  if (a.omvang && unitFits(line.eenheid, a.omvang.eenheid)) {
    const declared = a.omvang.eenheid === '04' && line.eenheid === '01' ? line.volume / 60 : line.volume;
    const perLine = allowedVolume(a.omvang, line.begindatum, line.einddatum);
    if (perLine !== undefined && declared > perLine) codes.push('9321');
    if (a.omvang.frequentie === '6' && ctx.totals.volume + declared > a.omvang.volume) codes.push('9322');
  }
  // TR369 (9369): with a Budget, the declared volumes (in euro) fit within it.
  if (a.budgetCents !== undefined && line.eenheid === '83' && (ctx.totals.volume + line.volume) * 100 > a.budgetCents) codes.push('9369');

  // TR418 (0611): ProductTarief equals the contract tariff; TR346 (9346): amount = volume x tariff
  // (unit 83 excepted). IV081: minutes on an hourly tariff use the tariff per minute, rounded to the
  // cent, for ProductTarief, and (hourly tariff x minutes) / 60, rounded, for the amount.
  if (line.eenheid !== '83') {
    const expected = expectedAmounts(line, ctx.tariff);
    if (!expected) codes.push('0611');
    else {
      if (line.tariefCents !== undefined && line.tariefCents !== expected.tariefCents) codes.push('0611');
      if (line.bedragCents !== expected.bedragCents) codes.push('9346');
    }
  }
  if (codes.length > 0) return reject(codes);

  // Budget ceiling per provider and year (seed 004 §3.3): the profile decides reject or accept-and-signal.
  if (ctx.ceiling && ctx.ceiling.spentCents + line.bedragCents > ctx.ceiling.ceilingCents) {
    if (ctx.ceiling.policy === 'afwijzen') return reject([ctx.ceiling.retourcode]);
    signals.push(`budgetplafond overschreden: ${ctx.ceiling.spentCents + line.bedragCents} > ${ctx.ceiling.ceilingCents} cent`);
  }
  return { approved: true, codes: [], amountCents: sign * line.bedragCents, signals };

  function reject(c: string[]): LineOutcome {
    return { approved: false, codes: [...new Set(c)], amountCents: 0, signals };
  }
}

/** ProductTarief and IngediendBedrag a line must carry under a contract tariff, or undefined when the units do not match. */
export function expectedAmounts(line: Pick<Line, 'eenheid' | 'volume'>, tariff: { cents: number; eenheid: string } | undefined): { tariefCents: number; bedragCents: number } | undefined {
  if (!tariff) return undefined;
  if (line.eenheid === tariff.eenheid) return { tariefCents: tariff.cents, bedragCents: line.volume * tariff.cents };
  if (line.eenheid === '01' && tariff.eenheid === '04') return { tariefCents: Math.round(tariff.cents / 60), bedragCents: Math.round((tariff.cents * line.volume) / 60) };
  return undefined;
}
