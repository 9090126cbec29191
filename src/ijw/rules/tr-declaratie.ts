/**
 * Technical rules (TR) on the declaration JW323 and the declaration answer JW325 that can be
 * checked within one message. Rule texts, retourcodes and message lists are quoted from
 * reference/ijw-regels/regels-op-berichten.md (section "Technische regel").
 *
 * The clients of both messages are streamed: rules on Client/Prestatie run per line and keep only
 * small aggregates in ctx.state (sums, Sets of reference numbers), so memory and time stay linear
 * in the number of lines. Declaration data needed per line (DeclaratiePeriode,
 * DeclaratieDagtekening) precede Clienten in the XSD sequence and are captured when they complete.
 */
import type { XmlObject, XmlValue } from '../reader.js';
import type { ElementRule, MessageRule, RuleContext } from './types.js';
import { tr134NietNaDagtekening } from './tr-client.js';
import { keyOf } from './tr-keys.js';
import { SEP, dagtekening, isDate, itemLocation, items, obj, scratch, str, yearsFrom } from './tr-support.js';

const PRESTATIE_323 = 'Declaratie/Clienten/Client/Prestaties/Prestatie';
const PRESTATIE_325 = 'DeclaratieAntwoord/Clienten/Client/Prestaties/Prestatie';
const REFERENTIE_KEY = [
  ['ProductReferentie', 'ReferentieNummer'],
  ['ProductReferentie', 'VorigReferentieNummer'],
] as const;

/** An amount with DebetCredit as a signed integer: debet adds, credit subtracts. */
export function signedAmount(value: XmlValue | undefined, amount: 'Bedrag' | 'TotaalBedrag'): bigint {
  const n = BigInt(str(value, amount) ?? '0');
  return str(value, 'DebetCredit') === 'C' ? -n : n;
}

const euro = (cents: bigint) =>
  `${cents < 0n ? '-' : ''}${(cents < 0n ? -cents : cents)
    .toString()
    .padStart(3, '0')
    .replace(/(\d\d)$/, '.$1')}`;

/** The Prestaties of a streamed Client. */
const prestatieList = (client: XmlValue): XmlValue[] => items(obj(client, 'Prestaties'), 'Prestatie');

/** The location of the i-th (0-based) Prestatie of the Client at `clientLocation`; made only for a finding. */
const prestatieAt = (clientLocation: string, i: number) => itemLocation(`${clientLocation}/Prestaties`, 'Prestatie', i);

/**
 * The indices of the Prestaties of a client that are not an exact repeat (same logical key) of an
 * earlier Prestatie of the same client: repeats are TR101's finding and are not reported again by
 * the uniqueness rules TR314 (within-message part) and TR315. Only computed for a client where a
 * reference number recurs.
 */
function distinctPrestaties(list: readonly XmlValue[]): Set<number> {
  const keys = new Set<string>();
  const distinct = new Set<number>();
  list.forEach((p, i) => {
    const k = keyOf(p, REFERENTIE_KEY);
    if (keys.has(k)) return;
    keys.add(k);
    distinct.add(i);
  });
  return distinct;
}

/**
 * TR137: "Vullen met een waarde die groter is dan, of gelijk is aan de Begindatum van de aangeduide
 * periode én die niet groter is dan de Dagtekening van het bericht." Retourcode 0001; JW323, JW325.
 * On the Einddatum of ProductPeriode (JW323, JW325) and DeclaratiePeriode (JW323).
 */
export function tr137EinddatumInPeriodeEnNietNaDagtekening(value: XmlValue, location: string, ctx: RuleContext): void {
  const begin = str(value, 'Begindatum');
  const eind = str(value, 'Einddatum');
  const dag = dagtekening(ctx);
  if (!isDate(eind)) return;
  if (isDate(begin) && eind < begin) ctx.report('TR137', `${location}/Einddatum`, `Einddatum ${eind} is before Begindatum ${begin}`);
  else if (dag && eind > dag) ctx.report('TR137', `${location}/Einddatum`, `Einddatum ${eind} is after the Dagtekening ${dag} of the message`);
}

/** TR319 (capture): remembers the DeclaratiePeriode Einddatum for the Prestaties that follow. */
export function tr319DeclaratiePeriodeOnthouden(value: XmlValue, _location: string, ctx: RuleContext): void {
  const eind = str(value, 'Einddatum');
  if (isDate(eind)) ctx.state.set('TR319', eind);
}

/**
 * TR319: "Een declaratiebericht bevat alleen prestaties waarvan de ProductPeriode valt binnen de
 * huidige, of een voorgaande declaratieperiode." Retourcode 9319; JW323 (berichtoverstijgend in the
 * table; the part checkable within the message is that no ProductPeriode lies after the
 * DeclaratiePeriode of this declaration). On Prestatie/ProductPeriode.
 */
export function tr319ProductPeriodeNietNaDeclaratiePeriode(value: XmlValue, location: string, ctx: RuleContext): void {
  const periodeEind = ctx.state.get('TR319') as string | undefined;
  const eind = str(value, 'Einddatum');
  if (periodeEind && isDate(eind) && eind > periodeEind)
    ctx.report('TR319', location, `ProductPeriode ends ${eind}, after the DeclaratiePeriode (ending ${periodeEind})`);
}

/** TR335 (capture): remembers DeclaratieDagtekening for the Prestaties that follow. */
export function tr335DeclaratieDagtekeningOnthouden(value: XmlValue, _location: string, ctx: RuleContext): void {
  if (typeof value === 'string' && isDate(value)) ctx.state.set('TR335', value);
}

/**
 * TR335: "Einddatum mag niet meer dan 5 jaar voor DeclaratieDagtekening liggen." Retourcode 0001;
 * JW323. On Prestatie/ProductPeriode (Einddatum).
 */
export function tr335NietOuderDan5Jaar(value: XmlValue, location: string, ctx: RuleContext): void {
  const dd = ctx.state.get('TR335') as string | undefined;
  const eind = str(value, 'Einddatum');
  if (!dd || !isDate(eind)) return;
  const limit = yearsFrom(ctx, dd, -5);
  if (eind < limit) ctx.report('TR335', `${location}/Einddatum`, `Einddatum ${eind} is more than 5 years before DeclaratieDagtekening ${dd}`);
}

/**
 * TR314: "ReferentieNummer van de Prestatie moet uniek zijn voor de aanbieder binnen het wettelijk
 * domein waarop de Prestatie betrekking heeft, zowel binnen één bericht als berichtoverstijgend."
 * Retourcode 8021; JW323. The within-message part, on Client: a Set of the ReferentieNummers seen.
 * The part across messages needs earlier declarations (OP layer).
 */
export function tr314ReferentieNummerUniekInBericht(value: XmlValue, location: string, ctx: RuleContext): void {
  const seen = scratch(ctx, 'TR314', () => new Set<string>());
  const list = prestatieList(value);
  let distinct: Set<number> | undefined;
  for (let i = 0; i < list.length; i++) {
    const ref = str(list[i], 'ProductReferentie', 'ReferentieNummer');
    if (ref === undefined) continue;
    // A repeat of an earlier Prestatie of this client has the same number: it is TR101's finding.
    if (!seen.has(ref)) seen.add(ref);
    else if ((distinct ??= distinctPrestaties(list)).has(i))
      ctx.report(
        'TR314',
        `${prestatieAt(location, i)}/ProductReferentie/ReferentieNummer`,
        `ReferentieNummer ${ref} is used by more than one Prestatie in the message`,
      );
  }
}

/** TR315: "VorigReferentieNummer van de Prestatie moet uniek zijn in het bericht." Retourcode 0001; JW323. On Client. */
export function tr315VorigReferentieNummerUniek(value: XmlValue, location: string, ctx: RuleContext): void {
  const seen = scratch(ctx, 'TR315', () => new Set<string>());
  const list = prestatieList(value);
  let distinct: Set<number> | undefined;
  for (let i = 0; i < list.length; i++) {
    const vorig = str(list[i], 'ProductReferentie', 'VorigReferentieNummer');
    if (vorig === undefined) continue;
    if (!seen.has(vorig)) seen.add(vorig);
    else if ((distinct ??= distinctPrestaties(list)).has(i))
      ctx.report(
        'TR315',
        `${prestatieAt(location, i)}/ProductReferentie/VorigReferentieNummer`,
        `VorigReferentieNummer ${vorig} is used by more than one Prestatie in the message`,
      );
  }
}

/**
 * TR316: "Debetregels mogen niet in hetzelfde bericht gecrediteerd worden." Toelichting:
 * "VorigReferentieNummer mag geen waarde bevatten gelijk aan ReferentieNummer van een Prestatie in
 * hetzelfde bestand." Retourcode 0001; JW323. On Client; the credit may come before or after the
 * debet, so the rule keeps the ReferentieNummers seen and the VorigReferentieNummers still unmatched.
 */
export function tr316GeenCreditVanDebetInZelfdeBericht(value: XmlValue, location: string, ctx: RuleContext): void {
  const s = scratch(ctx, 'TR316', () => ({ refs: new Set<string>(), open: new Map<string, string>() }));
  const list = prestatieList(value);
  for (let i = 0; i < list.length; i++) {
    const p = list[i];
    const ref = str(p, 'ProductReferentie', 'ReferentieNummer');
    const vorig = str(p, 'ProductReferentie', 'VorigReferentieNummer');
    if (ref !== undefined) {
      s.refs.add(ref);
      const credit = s.open.size > 0 ? s.open.get(ref) : undefined;
      if (credit !== undefined) {
        s.open.delete(ref);
        ctx.report('TR316', credit, `VorigReferentieNummer ${ref} credits a Prestatie of the same message (${prestatieAt(location, i)})`);
      }
    }
    if (vorig === undefined) continue;
    const where = `${prestatieAt(location, i)}/ProductReferentie/VorigReferentieNummer`;
    if (s.refs.has(vorig)) ctx.report('TR316', where, `VorigReferentieNummer ${vorig} credits a Prestatie of the same message`);
    else s.open.set(vorig, where);
  }
}

/**
 * TR416: "Prestatie met DebetCredit in IngediendBedrag waarde Debet mag alleen ingezonden worden
 * voor dezelfde ProductPeriode, ProductCategorie en ProductCode met gelijk ToewijzingNummer als er
 * niet al een Prestatie met waarde Debet is." Retourcode 0001; JW323. On Client (the Prestaties of
 * one client; ToewijzingNummer is per client).
 */
export function tr416EenDebetPerProductPeriode(value: XmlValue, location: string, ctx: RuleContext): void {
  const seen = new Map<string, number>();
  const list = prestatieList(value);
  for (let i = 0; i < list.length; i++) {
    const p = list[i];
    if (str(p, 'IngediendBedrag', 'DebetCredit') !== 'D') continue;
    // Absent elements count as empty (as Array.join did).
    const k =
      (str(p, 'ToewijzingNummer') ?? '') +
      SEP +
      (str(p, 'ProductCategorie') ?? '') +
      SEP +
      (str(p, 'ProductCode') ?? '') +
      SEP +
      (str(p, 'ProductPeriode', 'Begindatum') ?? '') +
      SEP +
      (str(p, 'ProductPeriode', 'Einddatum') ?? '');
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else
      ctx.report(
        'TR416',
        prestatieAt(location, i),
        `a debet Prestatie for the same ToewijzingNummer, product and ProductPeriode already occurs (${prestatieAt(location, first)})`,
      );
  }
}

/** TR358 (sum): adds the signed IngediendBedrag of each Prestatie. */
export function tr358PrestatieOptellen(value: XmlValue, _location: string, ctx: RuleContext): void {
  ctx.state.set('TR358', ((ctx.state.get('TR358') as bigint | undefined) ?? 0n) + signedAmount(obj(value, 'IngediendBedrag'), 'Bedrag'));
}

/**
 * TR358: "De waarde van TotaalBedrag in TotaalIngediendBedrag moet gelijk zijn aan de SOM van de
 * waarden van Bedrag in Ingediendbedrag in alle onderliggende Prestaties, rekening houdend met
 * indicatie debet/credit." Toelichting: "Debetposten worden opgeteld, creditposten worden
 * afgetrokken." Retourcode 0001; JW323.
 */
export function tr358TotaalIngediendBedrag(message: XmlObject, ctx: RuleContext): void {
  const totaal = obj(message, 'Declaratie', 'TotaalIngediendBedrag');
  if (!totaal) return;
  const sum = (ctx.state.get('TR358') as bigint | undefined) ?? 0n;
  const declared = signedAmount(totaal, 'TotaalBedrag');
  // The official validation compares the total as written: "01095650" is not the sum 1095650.
  const written = str(totaal, 'TotaalBedrag');
  const canonical = (sum < 0n ? -sum : sum).toString();
  if (declared !== sum || (written !== undefined && written !== canonical))
    ctx.report(
      'TR358',
      '/Bericht/Declaratie/TotaalIngediendBedrag',
      `TotaalIngediendBedrag ${euro(declared)} differs from the sum of the Prestaties ${euro(sum)} (debet minus credit)`,
    );
}

/** RetourCodes that reject nothing: 0200 (geen opmerking) and 8001 (declaratie is volledig toegewezen). */
const NIET_AFGEKEURD = new Set(['0200', '8001']);
const afgekeurd = (retourCodes: XmlValue | undefined) => items(retourCodes, 'RetourCode').some((c) => typeof c === 'string' && !NIET_AFGEKEURD.has(c));

/**
 * TR342: "Alleen afgewezen Prestaties dienen meegestuurd te worden in het declaratie-antwoordbericht
 * op een declaratie." Retourcode 0001; JW325. On Prestatie: a Prestatie whose RetourCodes are all
 * 0200 (geen opmerking) was not rejected.
 */
export function tr342AlleenAfgewezenPrestaties(value: XmlValue, location: string, ctx: RuleContext): void {
  if (!afgekeurd(obj(value, 'RetourCodes')))
    ctx.report('TR342', `${location}/RetourCodes`, 'only rejected Prestaties may be included in the declaration answer (all RetourCodes are 0200)');
}

/** TR342 (sum): counts the Prestaties and adds their signed IngediendBedrag. */
export function tr342PrestatieOptellen(value: XmlValue, _location: string, ctx: RuleContext): void {
  const s = scratch(ctx, 'TR342', () => ({ sum: 0n, count: 0 }));
  s.sum += signedAmount(obj(value, 'IngediendBedrag'), 'Bedrag');
  s.count++;
}

/**
 * TR342 (totals), toelichting: "Indien afkeur op berichtklasse DeclaratieAntwoord plaatsvindt ...
 * Deze worden niet opgenomen in het antwoordbericht ... In deze situatie dient het
 * TotaalToegekendbedrag gevuld te worden met 0. ... SOM (Prestatie.IngediendBedrag) =
 * DeclaratieAntwoord.TotaalIngediendBedrag -/- TotaalToegekendbedrag".
 */
export function tr342Saldo(message: XmlObject, ctx: RuleContext): void {
  const antwoord = obj(message, 'DeclaratieAntwoord');
  if (!antwoord) return;
  const s = (ctx.state.get('TR342') as { sum: bigint; count: number } | undefined) ?? { sum: 0n, count: 0 };
  const ingediend = signedAmount(obj(antwoord, 'TotaalIngediendBedrag'), 'TotaalBedrag');
  const toegekend = signedAmount(obj(antwoord, 'TotaalToegekendBedrag'), 'TotaalBedrag');
  const at = '/Bericht/DeclaratieAntwoord';
  if (afgekeurd(obj(antwoord, 'RetourCodes'))) {
    if (toegekend !== 0n) ctx.report('TR342', `${at}/TotaalToegekendBedrag`, 'DeclaratieAntwoord is rejected: TotaalToegekendBedrag must be 0');
    if (s.count > 0) ctx.report('TR342', `${at}/Clienten`, 'DeclaratieAntwoord is rejected: its Prestaties are not assessed and must not be included');
  } else if (s.sum !== ingediend - toegekend) {
    ctx.report(
      'TR342',
      `${at}/TotaalToegekendBedrag`,
      `sum of the rejected Prestaties ${euro(s.sum)} differs from TotaalIngediendBedrag ${euro(ingediend)} minus TotaalToegekendBedrag ${euro(toegekend)}`,
    );
  }
}

export const TR_DECLARATIE_RULES: readonly ElementRule[] = [
  { code: 'TR134', messages: ['JW323'], path: 'Declaratie/DeclaratiePeriode', check: tr134NietNaDagtekening },
  { code: 'TR134', messages: ['JW323'], path: `${PRESTATIE_323}/ProductPeriode`, check: tr134NietNaDagtekening },
  { code: 'TR134', messages: ['JW325'], path: `${PRESTATIE_325}/ProductPeriode`, check: tr134NietNaDagtekening },
  { code: 'TR137', messages: ['JW323'], path: 'Declaratie/DeclaratiePeriode', check: tr137EinddatumInPeriodeEnNietNaDagtekening },
  { code: 'TR137', messages: ['JW323'], path: `${PRESTATIE_323}/ProductPeriode`, check: tr137EinddatumInPeriodeEnNietNaDagtekening },
  { code: 'TR137', messages: ['JW325'], path: `${PRESTATIE_325}/ProductPeriode`, check: tr137EinddatumInPeriodeEnNietNaDagtekening },
  { code: 'TR314', messages: ['JW323'], path: 'Declaratie/Clienten/Client', check: tr314ReferentieNummerUniekInBericht },
  { code: 'TR315', messages: ['JW323'], path: 'Declaratie/Clienten/Client', check: tr315VorigReferentieNummerUniek },
  { code: 'TR316', messages: ['JW323'], path: 'Declaratie/Clienten/Client', check: tr316GeenCreditVanDebetInZelfdeBericht },
  { code: 'TR319', messages: ['JW323'], path: 'Declaratie/DeclaratiePeriode', check: tr319DeclaratiePeriodeOnthouden },
  { code: 'TR319', messages: ['JW323'], path: `${PRESTATIE_323}/ProductPeriode`, check: tr319ProductPeriodeNietNaDeclaratiePeriode },
  { code: 'TR335', messages: ['JW323'], path: 'Declaratie/DeclaratieDagtekening', check: tr335DeclaratieDagtekeningOnthouden },
  { code: 'TR335', messages: ['JW323'], path: `${PRESTATIE_323}/ProductPeriode`, check: tr335NietOuderDan5Jaar },
  { code: 'TR342', messages: ['JW325'], path: PRESTATIE_325, check: tr342AlleenAfgewezenPrestaties },
  { code: 'TR342', messages: ['JW325'], path: PRESTATIE_325, check: tr342PrestatieOptellen },
  { code: 'TR358', messages: ['JW323'], path: PRESTATIE_323, check: tr358PrestatieOptellen },
  { code: 'TR416', messages: ['JW323'], path: 'Declaratie/Clienten/Client', check: tr416EenDebetPerProductPeriode },
];

export const TR_DECLARATIE_MESSAGE_RULES: readonly MessageRule[] = [
  { code: 'TR342', messages: ['JW325'], finish: tr342Saldo },
  { code: 'TR358', messages: ['JW323'], finish: tr358TotaalIngediendBedrag },
];
