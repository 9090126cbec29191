/**
 * Builds the allocation message JW301 (toewijzingbericht) from the region's data, typed through
 * the generated message types and serialized with the XSD's element order (codec.ts).
 *
 * Pure: the caller supplies the allocations with the moment each was established, the client's
 * data and BRP address, and the identification of the message. What goes in follows the standard:
 * - OP087: one message per client and provider holds every allocation valid on or after the
 *   Dagtekening plus those changed since the previous message (the caller selects them).
 * - IV013: Toewijzingsdatum/-tijd are the moment the municipality established the allocation,
 *   not the moment of sending; a resend keeps them.
 * - IV094 / IV097: ReferentieAanbieder only on products allocated as the direct result of a
 *   JW315 (per requested product) or a JW317 (one reference for the whole request).
 * - TR061 / CD034 / CD005: the client has a BRP address (Contact Soort 01) with Postcode and LandCode.
 * - The execution variants (Uitvoeringsvarianten inspanning-output): specifiek = Categorie + Code +
 *   Omvang; aspecifiek = Categorie (+ Budget); generiek = Budget only. Taakgericht work is not
 *   allocated with messages (OP086), so it cannot be built.
 */
import { serialize } from '../codec.js';
import type {
  CDT_Product,
  CDT_VolledigeNaam,
  JW301,
  JW301_Bericht_Client_ToegewezenProducten_ToegewezenProduct as ToegewezenProduct,
} from '../generated/messages.js';
import { messageSchemas } from '../xsd/compile.js';
import { xsdVersion } from '../retour.js';
import type { AllocationProduct } from '../../domain/allocation-record.js';

export class IjwBuildError extends Error {
  override name = 'IjwBuildError';
}

/** BerichtVersie and BerichtSubversie of release 3.2. */
export const BERICHT_VERSIE = '3';
export const BERICHT_SUBVERSIE = '2';

export type Uitvoeringsvariant = 'inspanningsgericht' | 'outputgericht' | 'taakgericht';

/** The allocation as the access module keeps it (domain Toewijzing, the fields a message needs). */
export interface AllocationInput extends AllocationProduct {
  nummer: number | string;
}

export interface Jw301Product {
  toewijzing: AllocationInput;
  /** When the municipality established the allocation (IV013). */
  vastgesteld: Date;
  /** Only when the allocation honours a JW315 / JW317 (IV097). */
  referentieAanbieder?: string;
  /** JZ002, for a changed or withdrawn allocation. */
  redenWijziging?: ToegewezenProduct['RedenWijziging'];
  /** The variant of the segment or product; undefined when the profile leaves it open. */
  uitvoeringsvariant?: Uitvoeringsvariant;
}

export interface ClientInput {
  bsn: string;
  geboortedatum: string;
  geslacht: '0' | '1' | '2';
  voornamen: string;
  /** Family name as registered, including a prefix ("van den Berg"). */
  achternaam: string;
}

export interface AddressInput {
  straatnaam: string | null;
  huisnummer: number | null;
  huisletter?: string | null;
  huisnummertoevoeging?: string | null;
  postcode: string | null;
  plaatsnaam: string | null;
}

export interface MessageIdentity {
  /** Identificatie (max. 12 characters), unique per message type for the sender (TR056). */
  identificatie: string;
  /** Dagtekening YYYY-MM-DD. */
  dagtekening: string;
}

export interface Jw301Input extends MessageIdentity {
  /** CBS gemeentecode of the sending municipality (Afzender). */
  gemeente: string;
  /** AGB code of the provider (Ontvanger). */
  aanbieder: string;
  client: ClientInput;
  adres: AddressInput;
  producten: Jw301Product[];
}

/** Lower-case name prefixes (voorvoegsels) as the BRP registers them, longest first. */
const VOORVOEGSELS = [
  'van de',
  'van den',
  'van der',
  'van het',
  "van 't",
  'in de',
  'in het',
  'in den',
  'uit de',
  'uit den',
  'op de',
  'op den',
  'op het',
  'aan de',
  'aan den',
  'bij de',
  'de la',
  'de le',
  'van',
  'de',
  'den',
  'der',
  'het',
  "'t",
  'te',
  'ten',
  'ter',
  'la',
  'le',
  'du',
  'da',
  'di',
  'dos',
  'el',
].sort((a, b) => b.length - a.length);

/** Splits "van den Berg" into Achternaam "Berg" and Voorvoegsel "van den". */
export function splitFamilyName(name: string): { Achternaam: string; Voorvoegsel?: string } {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  for (const v of VOORVOEGSELS) {
    if (trimmed.startsWith(`${v} `) && trimmed.length > v.length + 1) {
      // "El Amrani" is a family name, not a prefix: only lower-case prefixes count.
      return { Achternaam: trimmed.slice(v.length + 1), Voorvoegsel: v };
    }
  }
  return { Achternaam: trimmed };
}

/** Initials of the given names, letters only (LDT_Voorletters: max. 6 letters). */
export function voorletters(givenNames: string): string | undefined {
  const letters = givenNames
    .split(/[\s-]+/)
    .map((n) => [...n].find((c) => /\p{L}/u.test(c)))
    .filter((c): c is string => !!c)
    .map((c) => c.toUpperCase())
    .join('')
    .slice(0, 6);
  return letters.length > 0 ? letters : undefined;
}

export function volledigeNaam(client: ClientInput): CDT_VolledigeNaam {
  const initials = voorletters(client.voornamen);
  return {
    Geslachtsnaam: splitFamilyName(client.achternaam),
    ...(client.voornamen.trim() ? { Voornamen: client.voornamen.trim() } : {}),
    ...(initials ? { Voorletters: initials } : {}),
    NaamGebruik: '1', // eigen geslachtsnaam (COD700)
  };
}

/** Date and time (HH:MM:SS) of an instant in the Netherlands: iJw dates and times carry no zone. */
export function dutchDateTime(instant: Date): { datum: string; tijd: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Amsterdam',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return { datum: `${get('year')}-${get('month')}-${get('day')}`, tijd: `${get('hour')}:${get('minute')}:${get('second')}` };
}

export function header<C extends 'JW301' | 'JW319'>(code: C, afzender: string, ontvanger: string, id: MessageIdentity) {
  return {
    BerichtCode: messageSchemas().get(code)!.berichtCode,
    BerichtVersie: BERICHT_VERSIE,
    BerichtSubversie: BERICHT_SUBVERSIE,
    Afzender: afzender,
    Ontvanger: ontvanger,
    BerichtIdentificatie: { Identificatie: id.identificatie, Dagtekening: id.dagtekening },
    XsdVersie: xsdVersion(),
  };
}

const INSPANNING_UNITS = new Set(['01', '04', '14', '16', '84']);
const OUTPUT_UNITS = new Set(['82', '83']);

/** The ToegewezenProduct of one allocation, shaped by its execution variant. */
export function toegewezenProduct(p: Jw301Product): ToegewezenProduct {
  const t = p.toewijzing;
  const label = `allocation ${t.nummer}`;
  if (p.uitvoeringsvariant === 'taakgericht') throw new IjwBuildError(`${label}: taakgericht support is not allocated with a JW301 (OP086)`);
  let product: CDT_Product | undefined;
  let omvang: ToegewezenProduct['Omvang'];
  let budget: string | undefined;
  if (t.productCode && !t.productCategorie) throw new IjwBuildError(`${label}: a product code needs its category`);
  if (t.productCategorie) product = { Categorie: t.productCategorie as CDT_Product['Categorie'], ...(t.productCode ? { Code: t.productCode } : {}) };
  if (t.productCode) {
    // Specifiek: Categorie + Code + Omvang.
    if (!t.omvang) throw new IjwBuildError(`${label}: a specific allocation (product code ${t.productCode}) needs Omvang (volume, eenheid, frequentie)`);
    if (p.uitvoeringsvariant === 'inspanningsgericht' && !INSPANNING_UNITS.has(t.omvang.eenheid))
      throw new IjwBuildError(`${label}: eenheid ${t.omvang.eenheid} is not an inspanningsgerichte unit (01, 04, 14, 16, 84)`);
    if (p.uitvoeringsvariant === 'outputgericht' && !OUTPUT_UNITS.has(t.omvang.eenheid))
      throw new IjwBuildError(`${label}: eenheid ${t.omvang.eenheid} is not an outputgerichte unit (82 stuks, 83 euro's)`);
    if (!Number.isInteger(t.omvang.volume) || t.omvang.volume < 0) throw new IjwBuildError(`${label}: volume must be a whole number`);
    omvang = {
      Volume: String(t.omvang.volume),
      Eenheid: t.omvang.eenheid as NonNullable<ToegewezenProduct['Omvang']>['Eenheid'],
      Frequentie: t.omvang.frequentie as NonNullable<ToegewezenProduct['Omvang']>['Frequentie'],
    };
    if (t.budgetCents !== undefined) throw new IjwBuildError(`${label}: a specific allocation has Omvang, not a Budget`);
  } else {
    // Aspecifiek (Categorie, optionally a Budget) or generiek (Budget only).
    if (t.omvang)
      throw new IjwBuildError(`${label}: Omvang without a product code is not an allowed allocation variant (CD080); allocate a product code or a budget`);
    if (t.budgetCents !== undefined) {
      if (!Number.isInteger(t.budgetCents) || t.budgetCents < 0) throw new IjwBuildError(`${label}: budget must be whole euro cents`);
      budget = String(t.budgetCents);
    }
    if (!product && budget === undefined) throw new IjwBuildError(`${label}: a generic allocation needs a Budget`);
  }
  const { datum, tijd } = dutchDateTime(p.vastgesteld);
  return {
    ToewijzingNummer: String(t.nummer),
    ...(p.referentieAanbieder ? { ReferentieAanbieder: p.referentieAanbieder } : {}),
    ...(product ? { Product: product } : {}),
    Toewijzingsdatum: datum,
    Toewijzingstijd: tijd,
    Ingangsdatum: t.ingangsdatum,
    ...(t.einddatum ? { Einddatum: t.einddatum } : {}),
    ...(p.redenWijziging ? { RedenWijziging: p.redenWijziging } : {}),
    ...(omvang ? { Omvang: omvang } : {}),
    ...(budget !== undefined ? { Budget: budget } : {}),
  };
}

/** The JW301 as a typed value. */
export function jw301Message(input: Jw301Input): JW301 {
  if (input.producten.length === 0) throw new IjwBuildError('a JW301 holds at least one allocation');
  const a = input.adres;
  if (!a.postcode || a.huisnummer === null || !a.plaatsnaam) {
    throw new IjwBuildError('the client has no BRP address (postcode, huisnummer, plaatsnaam); a JW301 needs one (TR061, CD034)');
  }
  return {
    Header: header('JW301', input.gemeente, input.aanbieder, input),
    Client: {
      Bsn: input.client.bsn,
      Geboortedatum: { Datum: input.client.geboortedatum },
      Geslacht: input.client.geslacht,
      Naam: volledigeNaam(input.client),
      Contactgegevens: {
        Contact: [
          {
            Soort: '01', // BRP-adres (COD757)
            Adres: {
              Huis: {
                Huisnummer: String(a.huisnummer),
                ...(a.huisletter ? { Huisletter: a.huisletter } : {}),
                ...(a.huisnummertoevoeging ? { HuisnummerToevoeging: a.huisnummertoevoeging } : {}),
              },
              Postcode: a.postcode.replace(/\s+/g, '').toUpperCase(),
              ...(a.straatnaam ? { Straatnaam: a.straatnaam } : {}),
              Plaatsnaam: a.plaatsnaam,
              LandCode: 'NL',
            },
          },
        ],
      },
      ToegewezenProducten: { ToegewezenProduct: input.producten.map(toegewezenProduct) },
    },
  };
}

/** The JW301 as XML. */
export function buildJw301(input: Jw301Input): string {
  return serialize('JW301', jw301Message(input));
}
