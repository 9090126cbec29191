/**
 * Conditions and constraints of the declaration (JW323) and the declaration answer (JW325).
 * Prestatie rules run per Prestatie element as it completes (the Client elements are streamed),
 * so they keep no state; rules on a part of a Prestatie (ProductPeriode, IngediendBedrag) run on
 * that part.
 */
import { compareDates, daysInMonth, filled, integer, parseDate, str, type Check } from './cdcs-common.js';

const EERSTE_DECLARATIEDATUM = '2021-01-01';

/**
 * CS100: "Vullen met een datum die groter dan of gelijk is aan 01-01-2021" (DeclaratiePeriode,
 * Prestatie / ProductPeriode). The value is the period: its Begindatum (or, when that is in order,
 * its Einddatum) must be on or after 2021-01-01. One finding per period.
 */
export const cs100Vanaf2021: Check = (value, location, ctx) => {
  for (const name of ['Begindatum', 'Einddatum']) {
    const d = str(value, name);
    if (d !== undefined && compareDates(d, EERSTE_DECLARATIEDATUM) < 0) {
      ctx.report('CS100', `${location}/${name}`, `${name} ${d} is before 2021-01-01`);
      return;
    }
  }
};

/** CS340: "De periode is exact gelijk aan 1 hele kalendermaand" (Declaratie / DeclaratiePeriode). */
export const cs340HeleKalendermaand: Check = (value, location, ctx) => {
  const begin = str(value, 'Begindatum');
  const eind = str(value, 'Einddatum');
  const b = begin === undefined ? undefined : parseDate(begin);
  const e = eind === undefined ? undefined : parseDate(eind);
  if (!b || !e) return;
  if (b.d !== 1) {
    ctx.report('CS340', `${location}/Begindatum`, `DeclaratiePeriode must be one whole calendar month: Begindatum ${begin} is not the first day of a month`);
  } else if (e.y !== b.y || e.m !== b.m || e.d !== daysInMonth(b.y, b.m)) {
    ctx.report(
      'CS340',
      `${location}/Einddatum`,
      `DeclaratiePeriode must be one whole calendar month: Einddatum ${eind} is not the last day of the month of Begindatum ${begin}`,
    );
  }
};

/**
 * CS337: "Einddatum in de ProductPeriode vullen met een datum die valt in dezelfde kalendermaand en
 * jaar als de Begindatum van de ProductPeriode" (Prestatie / ProductPeriode).
 */
export const cs337ProductPeriodeEenMaand: Check = (value, location, ctx) => {
  const begin = str(value, 'ProductPeriode', 'Begindatum');
  const eind = str(value, 'ProductPeriode', 'Einddatum');
  const b = begin === undefined ? undefined : parseDate(begin);
  const e = eind === undefined ? undefined : parseDate(eind);
  if (b && e && (b.y !== e.y || b.m !== e.m)) {
    ctx.report('CS337', `${location}/ProductPeriode/Einddatum`, `Einddatum ${eind} of the ProductPeriode is not in the calendar month of Begindatum ${begin}`);
  }
};

/**
 * CS325: "Indien (Totaal)Bedrag de waarde 0 heeft, dan DebetCredit vullen met D (Debet)."
 * (TotaalIngediendBedrag, TotaalToegekendBedrag: TotaalBedrag; IngediendBedrag: Bedrag).
 */
export const cs325NulIsDebet: Check = (value, location, ctx) => {
  const bedrag = integer(str(value, 'TotaalBedrag') ?? str(value, 'Bedrag'));
  const dc = str(value, 'DebetCredit');
  if (bedrag === 0n && dc !== undefined && dc !== 'D')
    ctx.report('CS325', `${location}/DebetCredit`, `DebetCredit must be D (debet) when the amount is 0, found ${dc}`);
};

/**
 * CD060: "Verplicht vullen indien DebetCredit bij het ingediende bedrag de waarde C (credit) heeft,
 * anders leeg laten." (Prestatie / ProductReferentie / VorigReferentieNummer).
 */
export const cd060VorigReferentieNummer: Check = (value, location, ctx) => {
  const credit = str(value, 'IngediendBedrag', 'DebetCredit') === 'C';
  const vorig = filled(value, 'ProductReferentie', 'VorigReferentieNummer');
  const path = `${location}/ProductReferentie/VorigReferentieNummer`;
  if (credit && !vorig) ctx.report('CD060', path, 'VorigReferentieNummer is required when IngediendBedrag/DebetCredit is C (credit)');
  if (!credit && vorig) ctx.report('CD060', path, 'VorigReferentieNummer must be empty when IngediendBedrag/DebetCredit is D (debet)');
};

/** CD087: "Als eenheid ongelijk is aan 83 (euro's) dan verplicht vullen, anders leeg laten." (Prestatie / ProductTarief). */
export const cd087ProductTarief: Check = (value, location, ctx) => {
  const eenheid = str(value, 'Eenheid');
  const tarief = filled(value, 'ProductTarief');
  if (eenheid !== '83' && !tarief) ctx.report('CD087', `${location}/ProductTarief`, `ProductTarief is required when Eenheid is ${eenheid} (not 83, euro's)`);
  if (eenheid === '83' && tarief) ctx.report('CD087', `${location}/ProductTarief`, "ProductTarief must be empty when Eenheid is 83 (euro's)");
};

/** CS339: "Indien Eenheid de waarde 83 (euro's) heeft, moet IngediendBedrag gelijk zijn aan GeleverdVolume." (Prestatie / IngediendBedrag). */
export const cs339EurosBedragIsVolume: Check = (value, location, ctx) => {
  if (str(value, 'Eenheid') !== '83') return;
  const bedrag = integer(str(value, 'IngediendBedrag', 'Bedrag'));
  const volume = integer(str(value, 'GeleverdVolume'));
  if (bedrag !== undefined && volume !== undefined && bedrag !== volume) {
    ctx.report('CS339', `${location}/IngediendBedrag/Bedrag`, `IngediendBedrag ${bedrag} must equal GeleverdVolume ${volume} when Eenheid is 83 (euro's)`);
  }
};

/** CS319: "Aaneengesloten vullen met cijfers en/of letters" (Declaratie / DeclaratieNummer; also an XSD pattern, kept as a safety net). */
export const cs319DeclaratieNummer: Check = (value, location, ctx) => {
  if (typeof value === 'string' && !/^[a-zA-Z0-9]+$/.test(value))
    ctx.report('CS319', location, `DeclaratieNummer "${value}" must consist of letters and digits only`);
};
