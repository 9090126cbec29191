/**
 * Conditions and constraints on the header, the client and its relations and contacts, the
 * start/stop notifications and the answer message (JW301/305/307/315/317/319 and their retours,
 * JW323/325 for the BSN and the header).
 */
import { passesElfproef } from '../../domain/people/bsn.js';
import { compareDates, filled, parseDate, str, type Check } from './cdcs-common.js';

/** CS025: "BerichtVersie vullen met 3." (also an XSD pattern; the rule stays as a safety net). */
export const cs025BerichtVersie: Check = (value, location, ctx) => {
  if (typeof value === 'string' && value.trim() !== '3') ctx.report('CS025', location, `BerichtVersie is ${value}, must be 3`);
};

/** CS015: "BerichtSubversie vullen met 2." (also an XSD pattern; the rule stays as a safety net). */
export const cs015BerichtSubversie: Check = (value, location, ctx) => {
  if (typeof value === 'string' && value.trim() !== '2') ctx.report('CS015', location, `BerichtSubversie is ${value}, must be 2`);
};

/** CS002: "De waarde moet voldoen aan de 11-proef." (Bsn_BurgerServicenummer). */
export const cs002Bsn: Check = (value, location, ctx) => {
  if (typeof value === 'string' && !passesElfproef(value)) ctx.report('CS002', location, `Bsn ${value} does not pass the 11-check (elfproef)`);
};

/**
 * CS139: "Voor Geboortedatum geldt dat DatumGebruik en Datum met elkaar in overeenstemming moeten
 * zijn." Toelichting: DatumGebruik 3 -> Datum 01-01-1900; 2 -> Datum 01-01-EEJJ; 1 -> Datum 01-MM-EEJJ.
 */
export const cs139Geboortedatum: Check = (value, location, ctx) => {
  const gebruik = str(value, 'DatumGebruik');
  const datum = str(value, 'Datum');
  const d = datum === undefined ? undefined : parseDate(datum);
  if (!gebruik || !d) return;
  const ok = gebruik === '3' ? d.y === 1900 && d.m === 1 && d.d === 1 : gebruik === '2' ? d.m === 1 && d.d === 1 : gebruik === '1' ? d.d === 1 : true;
  const expected = gebruik === '3' ? '1900-01-01' : gebruik === '2' ? 'the first of January (EEJJ-01-01)' : 'the first day of a month (EEJJ-MM-01)';
  if (!ok) ctx.report('CS139', `${location}/DatumGebruik`, `Geboortedatum ${datum} does not match DatumGebruik ${gebruik}: Datum must be ${expected}`);
};

/**
 * CS050: "Als Partnernaam gevuld is, dan NaamGebruik vullen met waarde 1, 2, 3 of 4. Anders waarde 1
 * of 6 vullen." (Naam_VolledigeNaam / NaamGebruik).
 */
export const cs050NaamGebruik: Check = (value, location, ctx) => {
  const gebruik = str(value, 'NaamGebruik');
  if (gebruik === undefined) return;
  const partner = filled(value, 'Partnernaam');
  const allowed = partner ? ['1', '2', '3', '4'] : ['1', '6'];
  if (!allowed.includes(gebruik)) {
    ctx.report(
      'CS050',
      `${location}/NaamGebruik`,
      `NaamGebruik ${gebruik} is not allowed ${partner ? 'with' : 'without'} a Partnernaam (allowed: ${allowed.join(', ')})`,
    );
  }
};

/** CS318: "NaamGebruik 6 (Niet-natuurlijk persoon) niet vullen." (Client / Naam). */
export const cs318NaamGebruikClient: Check = (value, location, ctx) => {
  if (str(value, 'NaamGebruik') === '6')
    ctx.report('CS318', `${location}/NaamGebruik`, 'NaamGebruik 6 (niet-natuurlijk persoon) is not allowed for the client');
};

/** CD007: "Als Communicatie / Vorm de waarde 1 (tolk taal) heeft, dan verplicht vullen, anders leeglaten." (Taal). */
export const cd007Taal: Check = (value, location, ctx) => {
  const vorm = str(value, 'Vorm');
  const taal = filled(value, 'Taal');
  if (vorm === '1' && !taal) ctx.report('CD007', `${location}/Taal`, 'Taal is required when Communicatie/Vorm is 1 (tolk taal)');
  if (vorm !== '1' && taal) ctx.report('CD007', `${location}/Taal`, `Taal must be empty when Communicatie/Vorm is ${vorm} (not 1, tolk taal)`);
};

/** CD009: "Alleen als Soort adres de waarde 04 (tijdelijk adres) heeft, is vullen toegestaan." (Contact / Periode). */
export const cd009Periode: Check = (value, location, ctx) => {
  const soort = str(value, 'Soort');
  if (filled(value, 'Periode') && soort !== '04')
    ctx.report('CD009', `${location}/Periode`, `Periode is only allowed when Soort adres is 04 (tijdelijk adres), not ${soort}`);
};

/**
 * CD034: "Als Soort adres de waarde 1 (BRP-adres) of 3 (verblijfadres) heeft, dan verplicht vullen."
 * (Contact / Adres / Postcode). Read literally: a Contact of Soort 01 or 03 without an Adres has no
 * Postcode either and violates the rule.
 */
export const cd034Postcode: Check = (value, location, ctx) => {
  const soort = str(value, 'Soort');
  if ((soort === '01' || soort === '03') && !filled(value, 'Adres', 'Postcode')) {
    ctx.report('CD034', `${location}/Adres/Postcode`, `Postcode is required when Soort adres is ${soort} (${soort === '01' ? 'BRP-adres' : 'verblijfadres'})`);
  }
};

/** CD025: "Als Adres / LandCode de waarde NL (Nederland) heeft, dan verplicht vullen." (Adres / Huis). */
export const cd025Huis: Check = (value, location, ctx) => {
  if (str(value, 'LandCode') === 'NL' && !filled(value, 'Huis')) ctx.report('CD025', `${location}/Huis`, 'Huis is required when LandCode is NL (Nederland)');
};

/** CD005: "Als Postcode gevuld is, dan verplicht vullen, anders leeg laten." (Adres / LandCode). */
export const cd005LandCode: Check = (value, location, ctx) => {
  const postcode = filled(value, 'Postcode');
  const land = filled(value, 'LandCode');
  if (postcode && !land) ctx.report('CD005', `${location}/LandCode`, 'LandCode is required when Postcode is filled');
  if (!postcode && land) ctx.report('CD005', `${location}/LandCode`, 'LandCode must be empty when Postcode is empty');
};

/** The Dutch postcode format of CS089 (toelichting: "[1-9][0-9]{3}[a-zA-Z]{2}"). */
const DUTCH_POSTCODE = /^[1-9][0-9]{3}[a-zA-Z]{2}$/;

/**
 * CS089: "Als LandCode de waarde NL (Nederland) heeft, dan moet het formaat overeenkomen met dat van
 * een Nederlandse postcode." (Adres / Postcode; regular expression [1-9][0-9]{3}[a-zA-Z]{2}).
 */
export const cs089Postcode: Check = (value, location, ctx) => {
  const postcode = str(value, 'Postcode');
  // The official validation also rejects an absent Postcode when LandCode is NL: the format of
  // "[1-9][0-9]{3}[a-zA-Z]{2}" is then not met either.
  if (str(value, 'LandCode') === 'NL' && (postcode === undefined || !DUTCH_POSTCODE.test(postcode))) {
    ctx.report(
      'CS089',
      `${location}/Postcode`,
      postcode === undefined ? 'Postcode is absent while LandCode is NL' : `Postcode "${postcode}" is not a Dutch postcode (1234AB) while LandCode is NL`,
    );
  }
};

/**
 * CS003: "Indien van toepassing vullen met een waarde die groter is dan, of gelijk is aan de
 * Begindatum (of Ingangsdatum) van de aangeduide periode." `begin` and `eind` name the elements
 * of the period: Begindatum/Einddatum of a Periode, Ingangsdatum/Einddatum of a ToegewezenProduct,
 * ToewijzingIngangsdatum/ToewijzingEinddatum of an AangevraagdProduct, GewensteIngangsdatum/Einddatum
 * of a NieuwProduct or TeWijzigenProduct.
 */
export function cs003EinddatumNaBegindatum(begin: string, eind: string): Check {
  return (value, location, ctx) => {
    const b = str(value, begin);
    const e = str(value, eind);
    if (b !== undefined && e !== undefined && compareDates(e, b) < 0) ctx.report('CS003', `${location}/${eind}`, `${eind} ${e} is before ${begin} ${b}`);
  };
}

/** CS058: "1 (eerste aanlevering) of 3 (verwijderen aanlevering) vullen." (StartProduct/StopProduct / StatusAanlevering). */
export const cs058StatusAanlevering: Check = (value, location, ctx) => {
  const status = str(value, 'StatusAanlevering');
  if (status !== undefined && status !== '1' && status !== '3') {
    ctx.report(
      'CS058',
      `${location}/StatusAanlevering`,
      `StatusAanlevering ${status} is not allowed: use 1 (eerste aanlevering) or 3 (verwijderen aanlevering)`,
    );
  }
};

/** CD085: "Als VerzoekAntwoord de waarde 1 (Verzoek afgewezen) heeft, dan vullen" (Antwoord / RedenAfwijzingVerzoek). */
export const cd085RedenAfwijzingVerplicht: Check = (value, location, ctx) => {
  if (str(value, 'VerzoekAntwoord') === '1' && !filled(value, 'RedenAfwijzingVerzoek')) {
    ctx.report('CD085', `${location}/RedenAfwijzingVerzoek`, 'RedenAfwijzingVerzoek is required when VerzoekAntwoord is 1 (verzoek afgewezen)');
  }
};

/** CD086: "Als VerzoekAntwoord de waarde 2 (Aanvraag in onderzoek) heeft, dan leeg laten" (Antwoord / RedenAfwijzingVerzoek). */
export const cd086RedenAfwijzingLeeg: Check = (value, location, ctx) => {
  if (str(value, 'VerzoekAntwoord') === '2' && filled(value, 'RedenAfwijzingVerzoek')) {
    ctx.report('CD086', `${location}/RedenAfwijzingVerzoek`, 'RedenAfwijzingVerzoek must be empty when VerzoekAntwoord is 2 (aanvraag in onderzoek)');
  }
};
