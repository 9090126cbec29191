/**
 * The stateful layer: rules that relate a message to earlier messages and to the region's
 * allocations (the "berichtoverstijgende" technical rules of the iJw standard, reported with
 * layer "OP"). The app layer supplies the state through `IjwState`; the rules themselves are
 * pure and run while the message streams, like the rules within a message.
 *
 * Source: reference/ijw-regels/regels-op-berichten.md, section Technische regel (controleniveau
 * "berichtoverstijgend"); the retourcodes come from the rule catalogue.
 */
import type { XmlObject, XmlValue } from './reader.js';
import { child, text, type ElementRule } from './rules/types.js';
import { allocationMismatches } from '../domain/funding/settlement.js';
import type { AllocationProduct } from '../domain/allocation-record.js';
export { unitFits } from '../domain/funding/settlement.js';

/** What the region knows about one allocation (ToegewezenProduct), as sent in a JW301. */
export interface AllocationView extends AllocationProduct {
  toewijzingNummer: string;
  bsn: string;
  /** AGB code of the provider the allocation was sent to. */
  aanbieder: string;
  /** JZ002; "13" = verwijderd. */
  redenWijziging?: string;
  /** CBS code of the municipality that issued it; when given, a line sent to another Ontvanger fails TR338 (OP275). */
  gemeente?: string;
}

/** Lookups the stateful rules need; implemented by the app layer over the database. */
export interface IjwState {
  allocation(toewijzingNummer: string): AllocationView | undefined;
  /** TR056: was a message of this type with this Identificatie already received from this sender? */
  messageIdentificatieSeen(afzender: string, berichtCode: string, identificatie: string): boolean;
  /** TR314: is this ReferentieNummer of a Prestatie already used by this provider? */
  referentieNummerUsed(aanbieder: string, referentieNummer: string): boolean;
  /** TR333: is this DeclaratieNummer already used by this provider? */
  declaratieNummerUsed(aanbieder: string, declaratieNummer: string): boolean;
}

export interface StatefulContext {
  readonly state: IjwState;
  readonly header: XmlObject | undefined;
  /** Scratch space of this one validation (e.g. the Bsn of the client being read). */
  readonly scratch: Map<string, unknown>;
  report(code: string, path: string, text: string): void;
}

/** A stateful rule: like an element rule, with the state lookups in its context. */
export interface StatefulRule extends Omit<ElementRule, 'check'> {
  check(value: XmlValue, location: string, ctx: StatefulContext): void;
}

const sender = (ctx: StatefulContext) => text(ctx.header?.Afzender) ?? '';

/** TR056: Identificatie moet per berichtsoort uniek zijn voor de verzendende partij. (9056) */
function tr056(value: XmlValue, location: string, ctx: StatefulContext): void {
  const id = text(child(child(value, 'BerichtIdentificatie'), 'Identificatie'));
  const code = text(child(value, 'BerichtCode'));
  if (id && code && ctx.state.messageIdentificatieSeen(text(child(value, 'Afzender')) ?? '', code, id)) {
    ctx.report('TR056', `${location}/BerichtIdentificatie/Identificatie`, `Identificatie ${id} was already used by this sender for this message type`);
  }
}

/**
 * TR019: de melding van de start of de stop van de ondersteuning moet gerelateerd zijn aan een
 * toewijzing op basis van het ToewijzingNummer (9019); TR304: Bsn moet overeenkomen met Bsn van
 * een Client (8187) — checked against the allocation's client.
 */
function startStopAllocation(value: XmlValue, location: string, ctx: StatefulContext, bsn: string | undefined): void {
  const nummer = text(child(value, 'ToewijzingNummer'));
  if (!nummer) return; // taakgericht: no ToewijzingNummer (execution-variant rules cover that)
  const allocation = ctx.state.allocation(nummer);
  if (!allocation || allocation.aanbieder !== sender(ctx)) {
    ctx.report('TR019', `${location}/ToewijzingNummer`, `no allocation ${nummer} to this provider`);
  } else if (bsn && allocation.bsn !== bsn) {
    ctx.report('TR304', `${location}/ToewijzingNummer`, `allocation ${nummer} belongs to another client`);
  }
}

/**
 * Declaration lines against their allocation: TR338, TR304, TR384, TR339, TR340, TR341, TR307,
 * TR308 (checked by the settlement domain's allocationMismatches, one place for both), and the
 * calendar-month rules TR387, TR388.
 */
function prestatieAllocation(value: XmlValue, location: string, ctx: StatefulContext, bsn: string | undefined): void {
  const nummer = text(child(value, 'ToewijzingNummer'))!;
  const a = ctx.state.allocation(nummer);
  const periode = child(value, 'ProductPeriode');
  const begin = text(child(periode, 'Begindatum')) ?? '';
  const eind = text(child(periode, 'Einddatum')) ?? '';
  const line = {
    toewijzingNummer: nummer,
    bsn: bsn ?? a?.bsn ?? '',
    productCategorie: text(child(value, 'ProductCategorie')) ?? '',
    productCode: text(child(value, 'ProductCode')) ?? '',
    eenheid: text(child(value, 'Eenheid')) ?? '',
    begindatum: begin,
    einddatum: eind,
  };
  const allocation = a && { ...a, toewijzingNummer: Number(a.toewijzingNummer), providerAgb: a.aanbieder };
  const mismatches = allocationMismatches(line, allocation, sender(ctx), text(ctx.header?.Ontvanger));
  for (const m of mismatches) ctx.report(m.rule, `${location}/${m.field}`, m.text);
  if (!a || mismatches.some((m) => m.rule === 'TR338')) return;
  // TR387/TR388: a ProductPeriode covers whole calendar months, unless the allocation starts or ends within the month.
  if (begin) {
    const first = `${begin.slice(0, 7)}-01`;
    const expected = a.ingangsdatum > first && a.ingangsdatum.slice(0, 7) === begin.slice(0, 7) ? a.ingangsdatum : first;
    if (begin !== expected) ctx.report('TR387', `${location}/ProductPeriode/Begindatum`, `Begindatum must be ${expected}`);
  }
  if (eind) {
    const last = lastDayOfMonth(eind);
    const expected = a.einddatum && a.einddatum < last && a.einddatum.slice(0, 7) === eind.slice(0, 7) ? a.einddatum : last;
    if (eind !== expected) ctx.report('TR388', `${location}/ProductPeriode/Einddatum`, `Einddatum must be ${expected}`);
  }
}

function lastDayOfMonth(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** TR314 (8021) and TR333 (9333): numbers a provider may use only once. */
function prestatieReference(value: XmlValue, location: string, ctx: StatefulContext): void {
  const ref = text(child(child(value, 'ProductReferentie'), 'ReferentieNummer'));
  // Credit lines too: a credit line gets a new ReferentieNummer and points to the debit line with
  // VorigReferentieNummer (IV091).
  if (ref && ctx.state.referentieNummerUsed(sender(ctx), ref)) {
    ctx.report('TR314', `${location}/ProductReferentie/ReferentieNummer`, `ReferentieNummer ${ref} was already used by this provider`);
  }
}

function declaratieNummer(value: XmlValue, location: string, ctx: StatefulContext): void {
  const nr = text(value);
  if (nr && ctx.state.declaratieNummerUsed(sender(ctx), nr)) ctx.report('TR333', location, `DeclaratieNummer ${nr} was already used by this provider`);
}

/** Remembers the Bsn of the client being read, for the rules on its products and lines. */
const rememberBsn = (value: XmlValue, _l: string, ctx: StatefulContext) => void ctx.scratch.set('stateful:bsn', text(value) ?? '');
const bsnOf = (ctx: StatefulContext) => ctx.scratch.get('stateful:bsn') as string | undefined;

export const STATEFUL_RULES: readonly StatefulRule[] = [
  { code: 'TR056', messages: ['JW301', 'JW305', 'JW307', 'JW315', 'JW317', 'JW319', 'JW323', 'JW325'], path: 'Header', check: tr056 },
  { code: 'TR019', messages: ['JW305', 'JW307'], path: 'Client/Bsn', check: rememberBsn },
  { code: 'TR019', messages: ['JW305'], path: 'Client/StartProducten/StartProduct', check: (v, l, c) => startStopAllocation(v, l, c, bsnOf(c)) },
  { code: 'TR019', messages: ['JW307'], path: 'Client/StopProducten/StopProduct', check: (v, l, c) => startStopAllocation(v, l, c, bsnOf(c)) },
  { code: 'TR338', messages: ['JW323'], path: 'Declaratie/Clienten/Client/Bsn', check: rememberBsn },
  { code: 'TR338', messages: ['JW323'], path: 'Declaratie/Clienten/Client/Prestaties/Prestatie', check: (v, l, c) => prestatieAllocation(v, l, c, bsnOf(c)) },
  { code: 'TR314', messages: ['JW323'], path: 'Declaratie/Clienten/Client/Prestaties/Prestatie', check: prestatieReference },
  { code: 'TR333', messages: ['JW323'], path: 'Declaratie/DeclaratieNummer', check: declaratieNummer },
];

/** Codes of the stateful rules implemented here (for the coverage list). */
export const STATEFUL_CODES = [
  ...new Set(['TR056', 'TR019', 'TR304', 'TR338', 'TR339', 'TR340', 'TR341', 'TR307', 'TR308', 'TR384', 'TR387', 'TR388', 'TR314', 'TR333']),
];

/** An in-memory IjwState (tests, the CLI with a state file, and the app layer's preloaded snapshot). */
export class MemoryIjwState implements IjwState {
  private readonly allocations = new Map<string, AllocationView>();
  private readonly ids = new Set<string>();
  private readonly refs = new Set<string>();
  private readonly declaraties = new Set<string>();

  constructor(
    init: {
      allocations?: AllocationView[];
      messageIds?: [string, string, string][];
      referentieNummers?: [string, string][];
      declaratieNummers?: [string, string][];
    } = {},
  ) {
    for (const a of init.allocations ?? []) this.allocations.set(a.toewijzingNummer, a);
    for (const [s, c, i] of init.messageIds ?? []) this.ids.add(`${s}|${c}|${i}`);
    for (const [p, r] of init.referentieNummers ?? []) this.refs.add(`${p}|${r}`);
    for (const [p, d] of init.declaratieNummers ?? []) this.declaraties.add(`${p}|${d}`);
  }
  allocation(n: string) {
    return this.allocations.get(n);
  }
  messageIdentificatieSeen(s: string, c: string, i: string) {
    return this.ids.has(`${s}|${c}|${i}`);
  }
  referentieNummerUsed(p: string, r: string) {
    return this.refs.has(`${p}|${r}`);
  }
  declaratieNummerUsed(p: string, d: string) {
    return this.declaraties.has(`${p}|${d}`);
  }
}
