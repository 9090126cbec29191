/**
 * TR101: "Binnen een bericht zijn dubbele regels niet toegestaan." Toelichting: "Dat betekent dat
 * voor iedere berichtklasse de logische sleutel in combinatie met de logische sleutels van de
 * bovenliggende berichtklassen uniek moet zijn." Retourcode 0001; JW301, JW305, JW307, JW315,
 * JW317, JW323, JW325.
 *
 * The logical keys are the elements marked "Sleutelelement: ja" in the CD/CS table
 * (reference/ijw-regels/condities-constraints.md). Classes that occur once per parent (Client in
 * the client messages, Verzoek, Relatie/Contact) cannot repeat and are left out. The key of
 * AangevraagdProduct (JW315) is ReferentieAanbieder alone; a duplicate is reported as TR101 here
 * and as TR383 (tr-client.ts), as the official validation does.
 *
 * Every class below repeats inside one container element, and the container sits inside exactly
 * one instance of the parent class, so "unique within the container" is "unique in combination
 * with the parent keys". The clients of a declaration (streamed) are checked with a Set of Bsn.
 */
import type { XmlValue } from '../reader.js';
import { child, text, type ElementRule, type RuleContext } from './types.js';
import { SEP, itemLocation, items, scratch, str, withRetour } from './tr-support.js';

export interface LogicalKey {
  messages: readonly string[];
  /** Path of the container element (without root). */
  container: string;
  /** The repeated class inside the container. */
  item: string;
  /** Key elements, each a path inside the item. */
  key: readonly (readonly string[])[];
}

/** Logical keys per class (condities-constraints.md, column Sleutelelement). */
export const LOGICAL_KEYS: readonly LogicalKey[] = [
  // JW301 Contact: Soort_AdresSoort; Relatie: Nummer_Persoonsid; ToegewezenProduct: ToewijzingNummer_Nummer.
  { messages: withRetour('JW301'), container: 'Client/Contactgegevens', item: 'Contact', key: [['Soort']] },
  { messages: withRetour('JW301'), container: 'Client/Relaties', item: 'Relatie', key: [['Nummer']] },
  { messages: withRetour('JW301'), container: 'Client/ToegewezenProducten', item: 'ToegewezenProduct', key: [['ToewijzingNummer']] },
  // JW315 AangevraagdProduct: ReferentieAanbieder (also TR383's check; both are reported).
  { messages: withRetour('JW315'), container: 'Client/AangevraagdeProducten', item: 'AangevraagdProduct', key: [['ReferentieAanbieder']] },
  // JW305 StartProduct: ToewijzingNummer, Product (Categorie, Code), Begindatum.
  {
    messages: withRetour('JW305'),
    container: 'Client/StartProducten',
    item: 'StartProduct',
    key: [['ToewijzingNummer'], ['Product', 'Categorie'], ['Product', 'Code'], ['Begindatum']],
  },
  // JW307 StopProduct: ToewijzingNummer, Product (Categorie, Code), Begindatum, RedenBeeindiging, Einddatum.
  {
    messages: withRetour('JW307'),
    container: 'Client/StopProducten',
    item: 'StopProduct',
    key: [['ToewijzingNummer'], ['Product', 'Categorie'], ['Product', 'Code'], ['Begindatum'], ['RedenBeeindiging'], ['Einddatum']],
  },
  // JW317 OngewijzigdProduct, TeWijzigenProduct: ToewijzingNummer; NieuwProduct: Product (Categorie, Code), GewensteIngangsdatum.
  { messages: withRetour('JW317'), container: 'Client/Verzoek/OngewijzigdeProducten', item: 'OngewijzigdProduct', key: [['ToewijzingNummer']] },
  { messages: withRetour('JW317'), container: 'Client/Verzoek/TeWijzigenProducten', item: 'TeWijzigenProduct', key: [['ToewijzingNummer']] },
  {
    messages: withRetour('JW317'),
    container: 'Client/Verzoek/NieuweProducten',
    item: 'NieuwProduct',
    key: [['Product', 'Categorie'], ['Product', 'Code'], ['GewensteIngangsdatum']],
  },
  // JW323/JW325 Prestatie: ProductReferentie (ReferentieNummer, VorigReferentieNummer), within its Client (Bsn).
  {
    messages: ['JW323'],
    container: 'Declaratie/Clienten/Client/Prestaties',
    item: 'Prestatie',
    key: [
      ['ProductReferentie', 'ReferentieNummer'],
      ['ProductReferentie', 'VorigReferentieNummer'],
    ],
  },
  {
    messages: ['JW325'],
    container: 'DeclaratieAntwoord/Clienten/Client/Prestaties',
    item: 'Prestatie',
    key: [
      ['ProductReferentie', 'ReferentieNummer'],
      ['ProductReferentie', 'VorigReferentieNummer'],
    ],
  },
];

/** The composite key of an item (absent elements count as empty). */
export function keyOf(item: XmlValue, key: LogicalKey['key']): string {
  let out = '';
  for (let i = 0; i < key.length; i++) {
    let cur: XmlValue | XmlValue[] | undefined = item;
    for (const name of key[i]!) cur = child(cur, name);
    out += (i > 0 ? SEP : '') + (text(cur) ?? '');
  }
  return out;
}

const describe = (item: XmlValue, key: LogicalKey['key']) => key.map((path) => `${path.join('/')}=${str(item, ...path) ?? '(leeg)'}`).join(', ');

/** TR101 for one container: reports every item whose logical key equals that of an earlier sibling. */
function tr101UniekeSleutel(spec: LogicalKey) {
  return function tr101DubbeleRegels(value: XmlValue, location: string, ctx: RuleContext): void {
    const seen = new Map<string, number>();
    items(value, spec.item).forEach((it, i) => {
      const k = keyOf(it, spec.key);
      const first = seen.get(k);
      if (first === undefined) seen.set(k, i);
      else
        ctx.report(
          'TR101',
          itemLocation(location, spec.item, i),
          `duplicate ${spec.item}: same logical key as ${spec.item} ${first + 1} (${describe(it, spec.key)})`,
        );
    });
  };
}

/** TR101 for the streamed clients of a declaration (answer): Bsn is unique within the message. */
export function tr101ClientUniek(value: XmlValue, location: string, ctx: RuleContext): void {
  const bsn = str(value, 'Bsn');
  if (bsn === undefined) return;
  const seen = scratch(ctx, 'TR101', () => new Set<string>());
  if (seen.has(bsn)) ctx.report('TR101', location, `duplicate Client: Bsn ${bsn} occurs more than once in the message`);
  else seen.add(bsn);
}

export const TR_KEY_RULES: readonly ElementRule[] = [
  ...LOGICAL_KEYS.map((spec): ElementRule => ({ code: 'TR101', messages: spec.messages, path: spec.container, check: tr101UniekeSleutel(spec) })),
  { code: 'TR101', messages: ['JW323'], path: 'Declaratie/Clienten/Client', check: tr101ClientUniek },
  { code: 'TR101', messages: ['JW325'], path: 'DeclaratieAntwoord/Clienten/Client', check: tr101ClientUniek },
];
