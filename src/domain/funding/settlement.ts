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
import type { AllocationProduct } from '../allocation-record.js';

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

export interface Allocation extends AllocationProduct {
  toewijzingNummer: number;
  bsn: string;
  providerAgb: string;
  /**
   * CBS code of the municipality that issued the allocation. Allocation numbers are unique within
   * one municipality (OP275, TR332), so a line relates to an allocation of the Ontvanger only.
   */
  gemeente?: string;
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
  /** Ceiling for this provider, segment or provider within a segment (and year), in cents. */
  ceilingCents: number;
  /** Approved so far in that year under this ceiling, in cents. */
  spentCents: number;
  /** What the ceiling is on, for the signal (e.g. "segment specialistische-ambulante-behandeling 2026"). */
  label?: string;
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
  /** Further ceilings the line counts against (per segment, seed 003 §6.3.5; per provider within a segment). */
  ceilings?: readonly CeilingState[];
  /** Ontvanger of the declaration (CBS municipality code): the line must relate to an allocation of that municipality (OP275, TR338). */
  ontvanger?: string;
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

/** Minutes may be declared on an allocation in hours (IV081: "Alleen voor uren en minuten is er een uitzondering"). */
export const unitFits = (declared: string, allocated: string) => declared === allocated || (declared === '01' && allocated === '04');

/** A line that does not match its allocation: the rule (berichtoverstijgende TR), its WJ001 retourcode and the element. */
export interface Mismatch {
  rule: 'TR338' | 'TR304' | 'TR384' | 'TR339' | 'TR340' | 'TR341' | 'TR307' | 'TR308';
  retourcode: string;
  /** Element of the Prestatie the rule points at. */
  field: 'ToewijzingNummer' | 'ProductCategorie' | 'ProductCode' | 'Eenheid' | 'ProductPeriode/Begindatum' | 'ProductPeriode/Einddatum';
  text: string;
}

/**
 * The checks of a declaration line against its allocation, in one place for validation (the
 * stateful layer, src/ijw/stateful.ts) and settlement. Retourcodes per reference
 * regels-op-berichten.md: TR338 9338, TR304 8187, TR384 9384, TR339 9339, TR340 9340, TR341 9341,
 * TR307 9307, TR308 9308.
 *
 * With `ontvanger` (the Ontvanger of the declaration) an allocation issued by another municipality
 * counts as no allocation at all: OP275 "Iedere toewijzing binnen één gemeente heeft een uniek
 * nummer per wettelijk domein", so TR338 ("De Prestatie is gerelateerd aan een ToegewezenProduct
 * op basis van het Toewijzingnummer", 9338) relates a line only to the receiving municipality's
 * allocations; that municipality does not pay for another's.
 */
export function allocationMismatches(
  line: Pick<Line, 'bsn' | 'productCategorie' | 'productCode' | 'eenheid' | 'begindatum' | 'einddatum'> & { toewijzingNummer: number | string },
  a: Allocation | undefined,
  providerAgb: string,
  ontvanger?: string,
): Mismatch[] {
  if (!a || a.providerAgb !== providerAgb)
    return [
      {
        rule: 'TR338',
        retourcode: '9338',
        field: 'ToewijzingNummer',
        text: `the line is not related to an allocation ${line.toewijzingNummer} of this provider`,
      },
    ];
  if (ontvanger !== undefined && a.gemeente !== undefined && a.gemeente !== ontvanger) {
    return [
      {
        rule: 'TR338',
        retourcode: '9338',
        field: 'ToewijzingNummer',
        text: `allocation ${line.toewijzingNummer} was issued by municipality ${a.gemeente}, not by the Ontvanger ${ontvanger} (OP275)`,
      },
    ];
  }
  const out: Mismatch[] = [];
  if (a.bsn !== line.bsn)
    out.push({ rule: 'TR304', retourcode: '8187', field: 'ToewijzingNummer', text: `allocation ${line.toewijzingNummer} belongs to another client` });
  if (a.redenWijziging === '13')
    out.push({ rule: 'TR384', retourcode: '9384', field: 'ToewijzingNummer', text: `allocation ${line.toewijzingNummer} was removed (RedenWijziging 13)` });
  if (a.productCategorie && a.productCategorie !== line.productCategorie)
    out.push({ rule: 'TR339', retourcode: '9339', field: 'ProductCategorie', text: `allocated category is ${a.productCategorie}` });
  if (a.productCode && a.productCode !== line.productCode)
    out.push({ rule: 'TR340', retourcode: '9340', field: 'ProductCode', text: `allocated product code is ${a.productCode}` });
  if (a.omvang && !unitFits(line.eenheid, a.omvang.eenheid))
    out.push({ rule: 'TR341', retourcode: '9341', field: 'Eenheid', text: `allocated unit is ${a.omvang.eenheid}` });
  if (line.begindatum < a.ingangsdatum)
    out.push({ rule: 'TR307', retourcode: '9307', field: 'ProductPeriode/Begindatum', text: `before the allocation's Ingangsdatum ${a.ingangsdatum}` });
  if (a.einddatum && line.einddatum > a.einddatum)
    out.push({ rule: 'TR308', retourcode: '9308', field: 'ProductPeriode/Einddatum', text: `after the allocation's Einddatum ${a.einddatum}` });
  return out;
}

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
    // The credit carries the key fields and amounts of the debit it reverses (TR323 "op basis van sleutelvelden").
    else if (
      prior.toewijzingNummer !== line.toewijzingNummer ||
      prior.productCode !== line.productCode ||
      prior.begindatum !== line.begindatum ||
      prior.einddatum !== line.einddatum ||
      prior.bedragCents !== line.bedragCents ||
      prior.volume !== line.volume
    )
      codes.push('8017');
    // IV085: a credit by the provider cannot be refused other than technically; the amount reverses the debit.
    return { approved: codes.length === 0, codes, amountCents: codes.length === 0 ? -line.bedragCents : 0, signals };
  }

  // TR338, TR304, TR384, TR339, TR340, TR341, TR307, TR308: the line matches its allocation.
  const mismatches = allocationMismatches(line, a, ctx.providerAgb, ctx.ontvanger);
  codes.push(...mismatches.map((m) => m.retourcode));
  if (!a || mismatches.some((m) => m.rule === 'TR338' || m.rule === 'TR304')) return reject(codes);
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

  // Budget ceilings of the year (per provider, seed 004 §3.3; per segment, seed 003 §6.3.5; per
  // provider within a segment): the profile decides reject or accept-and-signal, per ceiling. A
  // line that passes a rejecting ceiling is rejected with that ceiling's retourcode.
  const over = [ctx.ceiling, ...(ctx.ceilings ?? [])].filter((c): c is CeilingState => !!c && c.spentCents + line.bedragCents > c.ceilingCents);
  const refusing = over.filter((c) => c.policy === 'afwijzen');
  if (refusing.length > 0) return reject(refusing.map((c) => c.retourcode));
  for (const c of over) signals.push(`budgetplafond${c.label ? ` ${c.label}` : ''} overschreden: ${c.spentCents + line.bedragCents} > ${c.ceilingCents} cent`);
  return { approved: true, codes: [], amountCents: sign * line.bedragCents, signals };

  function reject(c: string[]): LineOutcome {
    return { approved: false, codes: [...new Set(c)], amountCents: 0, signals };
  }
}

/** ProductTarief and IngediendBedrag a line must carry under a contract tariff, or undefined when the units do not match. */
export function expectedAmounts(
  line: Pick<Line, 'eenheid' | 'volume'>,
  tariff: { cents: number; eenheid: string } | undefined,
): { tariefCents: number; bedragCents: number } | undefined {
  if (!tariff) return undefined;
  if (line.eenheid === tariff.eenheid) return { tariefCents: tariff.cents, bedragCents: line.volume * tariff.cents };
  if (line.eenheid === '01' && tariff.eenheid === '04')
    return { tariefCents: Math.round(tariff.cents / 60), bedragCents: Math.round((tariff.cents * line.volume) / 60) };
  return undefined;
}
