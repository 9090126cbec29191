/**
 * Technical rules (TR) on the client messages JW301 ... JW319 (and their retour messages) that
 * can be checked within one message. Rule texts, retourcodes and message lists are quoted from
 * reference/ijw-regels/regels-op-berichten.md (section "Technische regel"); the element each rule
 * is attached to is noted per rule.
 */
import type { XmlValue } from '../reader.js';
import type { ElementRule, RuleContext } from './types.js';
import {
  ALL_MESSAGES,
  dagtekening,
  isDate,
  itemLocation,
  items,
  obj,
  overlappingSpans,
  productLabel,
  str,
  withRetour,
  yearsFrom,
  type ProductSpan,
} from './tr-support.js';

/**
 * TR002: "Geboortedatum mag niet meer dan 120 jaar voor de Dagtekening liggen, tenzij
 * Geboortedatum onbekend is." Toelichting: "Geboortedatum is onbekend als DatumGebruik de waarde
 * '3' heeft en Datum de waarde '01-01-1900' heeft." Retourcode 0001; JW301, JW305, JW307, JW315.
 * On Client/Geboortedatum, and on Relatie/Geboortedatum in JW301.
 */
export function tr002GeboortedatumNietOuderDan120Jaar(value: XmlValue, location: string, ctx: RuleContext): void {
  const datum = str(value, 'Datum');
  const dag = dagtekening(ctx);
  if (!isDate(datum) || !dag) return;
  if (str(value, 'DatumGebruik') === '3' && datum === '1900-01-01') return;
  const limit = yearsFrom(ctx, dag, -120);
  if (datum < limit) ctx.report('TR002', `${location}/Datum`, `Geboortedatum ${datum} is more than 120 years before Dagtekening ${dag} (earliest ${limit})`);
}

/**
 * TR006: "De berichtklasse Contact moet een berichtelement Telefoon, en/of de combinatie Huis en
 * Postcode bevatten." Retourcode 0001; JW301. On every Contact: of a Relatie and the client's own
 * Contactgegevens (any Soort; the official validation reports a correspondence address without
 * Huis and Postcode and without Telefoon too, OP130).
 */
export function tr006ContactBereikbaar(value: XmlValue, location: string, ctx: RuleContext): void {
  if (obj(value, 'Telefoon')) return;
  if (obj(value, 'Adres', 'Huis') && str(value, 'Adres', 'Postcode') !== undefined) return;
  ctx.report('TR006', location, 'Contact must contain Telefoon, or Huis and Postcode');
}

/**
 * TR018: "Einddatum moet groter dan of gelijk zijn aan Begindatum." Retourcode 0001; JW307.
 * On StopProduct.
 */
export function tr018EinddatumNietVoorBegindatum(value: XmlValue, location: string, ctx: RuleContext): void {
  const begin = str(value, 'Begindatum');
  const eind = str(value, 'Einddatum');
  if (isDate(begin) && isDate(eind) && eind < begin) ctx.report('TR018', `${location}/Einddatum`, `Einddatum ${eind} is before Begindatum ${begin}`);
}

/**
 * TR061: "Bij een Client moet minimaal één Adres voorkomen waarvan Soort de waarde '01'
 * (BRP-adres), '02' (Correspondentie-adres) of '03' (Verblijfadres) heeft." Retourcode 0001;
 * JW301. On Client/Contactgegevens.
 */
export function tr061ClientHeeftAdres(value: XmlValue, location: string, ctx: RuleContext): void {
  const ok = items(value, 'Contact').some((c) => ['01', '02', '03'].includes(str(c, 'Soort') ?? ''));
  if (!ok) ctx.report('TR061', location, "Client has no Contact with Soort '01' (BRP-adres), '02' (correspondentie-adres) or '03' (verblijfadres)");
}

/**
 * TR134: "Vullen met een bestaande datum die niet groter is dan de Dagtekening van het bericht."
 * Retourcode 0001; JW301, JW305, JW307, JW315, JW323, JW325. Attached to: Geboortedatum (Client,
 * Relatie), StartProduct/Begindatum, StopProduct/Begindatum and Einddatum (a stop is not reported
 * ahead), ToegewezenProduct/Toewijzingsdatum (JW301) and the Begindatum of
 * DeclaratiePeriode/ProductPeriode (tr-declaratie.ts). The value may be a
 * date or an element with a Datum (Geboortedatum) or a Begindatum (a period).
 */
export function tr134NietNaDagtekening(value: XmlValue, location: string, ctx: RuleContext): void {
  const dag = dagtekening(ctx);
  const [datum, where] =
    typeof value === 'string'
      ? [value, location]
      : str(value, 'Datum') !== undefined
        ? [str(value, 'Datum'), `${location}/Datum`]
        : [str(value, 'Begindatum'), `${location}/Begindatum`];
  if (dag && isDate(datum) && datum > dag) ctx.report('TR134', where, `date ${datum} is after the Dagtekening ${dag} of the message`);
}

/**
 * TR135: "Vullen met een bestaande datum die niet in de toekomst ligt." Retourcode 8848;
 * controleniveau "externe bron" (the calendar), all messages. On Header/BerichtIdentificatie/
 * Dagtekening, against the validation date (ctx.today).
 */
export function tr135NietInDeToekomst(value: XmlValue, location: string, ctx: RuleContext): void {
  if (typeof value === 'string' && isDate(value) && value > ctx.today) ctx.report('TR135', location, `date ${value} is in the future (today is ${ctx.today})`);
}

const isVerwijderd = (p: XmlValue) => {
  const reden = str(p, 'RedenWijziging');
  return (reden === '13' || reden === '01') && str(p, 'Einddatum') === str(p, 'Ingangsdatum');
};

function spansOf(products: XmlValue[], start: string, end: string, skip: (p: XmlValue) => boolean = () => false): ProductSpan[] {
  const spans: ProductSpan[] = [];
  products.forEach((p, index) => {
    const s = str(p, start);
    if (!isDate(s) || skip(p)) return;
    spans.push({ index, start: s, end: str(p, end), categorie: str(p, 'Product', 'Categorie'), code: str(p, 'Product', 'Code') });
  });
  return spans;
}

function reportOverlaps(code: string, spans: ProductSpan[], location: string, item: string, ctx: RuleContext): void {
  const byIndex = new Map(spans.map((s) => [s.index, s]));
  for (const [later, earlier] of overlappingSpans(spans)) {
    const s = byIndex.get(later)!;
    ctx.report(
      code,
      itemLocation(location, item, later),
      `${productLabel(s)} overlaps ${item} ${earlier + 1} (${productLabel(byIndex.get(earlier)!)}) in time`,
    );
  }
}

/**
 * TR302: "Een Product mag alleen vaker in een toewijzingsbericht voorkomen indien de zorgperiodes
 * elkaar niet overlappen." Toelichting: without productcode on the level of productcategorie;
 * without productcategorie no overlap with any other toegewezen product; deleted allocations
 * (Einddatum = Ingangsdatum and RedenWijziging 13 or 01) do not count. Retourcode 0001; JW301.
 * On ToegewezenProducten.
 */
export function tr302ToewijzingenOverlappenNiet(value: XmlValue, location: string, ctx: RuleContext): void {
  reportOverlaps('TR302', spansOf(items(value, 'ToegewezenProduct'), 'Ingangsdatum', 'Einddatum', isVerwijderd), location, 'ToegewezenProduct', ctx);
}

/**
 * TR386: "Een Product mag alleen vaker in een verzoek om toewijzing voorkomen indien de
 * zorgperiodes elkaar niet overlappen." (same toelichting on Code/Categorie). Retourcode 0001;
 * JW315. On AangevraagdeProducten, period ToewijzingIngangsdatum ... ToewijzingEinddatum.
 */
export function tr386AanvragenOverlappenNiet(value: XmlValue, location: string, ctx: RuleContext): void {
  reportOverlaps('TR386', spansOf(items(value, 'AangevraagdProduct'), 'ToewijzingIngangsdatum', 'ToewijzingEinddatum'), location, 'AangevraagdProduct', ctx);
}

/**
 * TR410: "Een Product mag alleen vaker in de berichtklassen NieuwProduct voorkomen als de
 * zorgperiodes elkaar niet overlappen." (same toelichting). Retourcode 0001; JW317. On
 * NieuweProducten, period GewensteIngangsdatum ... Einddatum.
 */
export function tr410NieuweProductenOverlappenNiet(value: XmlValue, location: string, ctx: RuleContext): void {
  reportOverlaps('TR410', spansOf(items(value, 'NieuwProduct'), 'GewensteIngangsdatum', 'Einddatum'), location, 'NieuwProduct', ctx);
}

/**
 * TR352: "Bij een verzoek om wijziging komt minstens 1 OngewijzigdProduct of TeWijzigenProduct
 * voor." Retourcode 0001; JW317. On Verzoek.
 */
export function tr352VerzoekHeeftActueelProduct(value: XmlValue, location: string, ctx: RuleContext): void {
  if (!obj(value, 'OngewijzigdeProducten') && !obj(value, 'TeWijzigenProducten'))
    ctx.report('TR352', location, 'Verzoek contains no OngewijzigdProduct and no TeWijzigenProduct');
}

/**
 * TR353: "Bij een verzoek om wijziging komt minstens 1 TeWijzigenProduct of NieuwProduct voor."
 * Retourcode 0001; JW317. On Verzoek.
 */
export function tr353VerzoekWijzigtIets(value: XmlValue, location: string, ctx: RuleContext): void {
  if (!obj(value, 'TeWijzigenProducten') && !obj(value, 'NieuweProducten'))
    ctx.report('TR353', location, 'Verzoek contains no TeWijzigenProduct and no NieuwProduct');
}

/**
 * TR377: "Indien RedenAfwijzingVerzoek de waarde 8 (Woonplaatsbeginsel) heeft, dan berichtklasse
 * Woonplaatsbeginsel opnemen." Retourcode 0001; JW319. On Antwoord.
 */
export function tr377WoonplaatsbeginselOpnemen(value: XmlValue, location: string, ctx: RuleContext): void {
  if (str(value, 'RedenAfwijzingVerzoek') === '8' && !obj(value, 'Woonplaatsbeginsel'))
    ctx.report('TR377', `${location}/Woonplaatsbeginsel`, 'RedenAfwijzingVerzoek is 8 (Woonplaatsbeginsel) but Woonplaatsbeginsel is missing');
}

/**
 * TR409: "Als RedenAfwijzingVerzoek ongelijk is aan 8 (Woonplaatsbeginsel), dan berichtklasse
 * Woonplaatsbeginsel weglaten." Retourcode 0001; JW319. On Antwoord. Without any
 * RedenAfwijzingVerzoek element the official validation reports nothing, so neither do we.
 */
export function tr409WoonplaatsbeginselWeglaten(value: XmlValue, location: string, ctx: RuleContext): void {
  const reden = str(value, 'RedenAfwijzingVerzoek');
  // Only with a RedenAfwijzingVerzoek present: the official validation does not report an absent one.
  if (reden !== undefined && reden !== '8' && obj(value, 'Woonplaatsbeginsel'))
    ctx.report('TR409', `${location}/Woonplaatsbeginsel`, `Woonplaatsbeginsel must be left out when RedenAfwijzingVerzoek is ${reden ?? 'empty'} (not 8)`);
}

/**
 * TR380: "Vullen met een datum die groter is dan de dagtekening van het bericht." Retourcode
 * 0001; JW317. On NieuwProduct/GewensteIngangsdatum (a TeWijzigenProduct may start on or before
 * the Dagtekening, see TR357).
 */
export function tr380NaDagtekening(value: XmlValue, location: string, ctx: RuleContext): void {
  const dag = dagtekening(ctx);
  if (dag && typeof value === 'string' && isDate(value) && value <= dag)
    ctx.report('TR380', location, `date ${value} must be after the Dagtekening ${dag} of the message`);
}

/**
 * TR383: "ReferentieAanbieder is uniek voor elk AangevraagdProduct binnen het bericht."
 * Retourcode 0001; JW315. On AangevraagdeProducten. ReferentieAanbieder is also the logical key of
 * AangevraagdProduct: the official validation reports a duplicate as TR383 and as TR101 (see
 * tr-keys.ts), and so do we.
 */
export function tr383ReferentieAanbiederUniek(value: XmlValue, location: string, ctx: RuleContext): void {
  const seen = new Map<string, number>();
  items(value, 'AangevraagdProduct').forEach((p, i) => {
    const ref = str(p, 'ReferentieAanbieder');
    if (ref === undefined) return;
    const first = seen.get(ref);
    if (first === undefined) seen.set(ref, i);
    else
      ctx.report(
        'TR383',
        `${itemLocation(location, 'AangevraagdProduct', i)}/ReferentieAanbieder`,
        `ReferentieAanbieder ${ref} is also used by AangevraagdProduct ${first + 1}`,
      );
  });
}

export const TR_CLIENT_RULES: readonly ElementRule[] = [
  { code: 'TR002', messages: withRetour('JW301', 'JW305', 'JW307', 'JW315'), path: 'Client/Geboortedatum', check: tr002GeboortedatumNietOuderDan120Jaar },
  { code: 'TR002', messages: withRetour('JW301'), path: 'Client/Relaties/Relatie/Geboortedatum', check: tr002GeboortedatumNietOuderDan120Jaar },
  { code: 'TR006', messages: withRetour('JW301'), path: 'Client/Relaties/Relatie/Contact', check: tr006ContactBereikbaar },
  { code: 'TR006', messages: withRetour('JW301'), path: 'Client/Contactgegevens/Contact', check: tr006ContactBereikbaar },
  { code: 'TR018', messages: withRetour('JW307'), path: 'Client/StopProducten/StopProduct', check: tr018EinddatumNietVoorBegindatum },
  { code: 'TR061', messages: withRetour('JW301'), path: 'Client/Contactgegevens', check: tr061ClientHeeftAdres },
  { code: 'TR134', messages: withRetour('JW301', 'JW305', 'JW307', 'JW315'), path: 'Client/Geboortedatum', check: tr134NietNaDagtekening },
  { code: 'TR134', messages: withRetour('JW301'), path: 'Client/Relaties/Relatie/Geboortedatum', check: tr134NietNaDagtekening },
  { code: 'TR134', messages: withRetour('JW305'), path: 'Client/StartProducten/StartProduct/Begindatum', check: tr134NietNaDagtekening },
  { code: 'TR134', messages: withRetour('JW307'), path: 'Client/StopProducten/StopProduct/Begindatum', check: tr134NietNaDagtekening },
  { code: 'TR134', messages: withRetour('JW307'), path: 'Client/StopProducten/StopProduct/Einddatum', check: tr134NietNaDagtekening },
  { code: 'TR134', messages: withRetour('JW301'), path: 'Client/ToegewezenProducten/ToegewezenProduct/Toewijzingsdatum', check: tr134NietNaDagtekening },
  { code: 'TR135', messages: ALL_MESSAGES, path: 'Header/BerichtIdentificatie/Dagtekening', check: tr135NietInDeToekomst },
  { code: 'TR302', messages: withRetour('JW301'), path: 'Client/ToegewezenProducten', check: tr302ToewijzingenOverlappenNiet },
  { code: 'TR352', messages: withRetour('JW317'), path: 'Client/Verzoek', check: tr352VerzoekHeeftActueelProduct },
  { code: 'TR353', messages: withRetour('JW317'), path: 'Client/Verzoek', check: tr353VerzoekWijzigtIets },
  { code: 'TR377', messages: withRetour('JW319'), path: 'Antwoord', check: tr377WoonplaatsbeginselOpnemen },
  { code: 'TR380', messages: withRetour('JW317'), path: 'Client/Verzoek/NieuweProducten/NieuwProduct/GewensteIngangsdatum', check: tr380NaDagtekening },
  { code: 'TR383', messages: withRetour('JW315'), path: 'Client/AangevraagdeProducten', check: tr383ReferentieAanbiederUniek },
  { code: 'TR386', messages: withRetour('JW315'), path: 'Client/AangevraagdeProducten', check: tr386AanvragenOverlappenNiet },
  { code: 'TR409', messages: withRetour('JW319'), path: 'Antwoord', check: tr409WoonplaatsbeginselWeglaten },
  { code: 'TR410', messages: withRetour('JW317'), path: 'Client/Verzoek/NieuweProducten', check: tr410NieuweProductenOverlappenNiet },
];
