/**
 * Conditions and constraints on allocated and requested products: ToegewezenProduct (JW301),
 * AangevraagdProduct (JW315), NieuwProduct and TeWijzigenProduct (JW317), and their retours.
 * They encode the Omvang/Budget combinations of the execution variants (reference
 * toewijzingsvarianten.md) as far as the standard states them as CD/CS rules.
 *
 * The end date is "Einddatum" in ToegewezenProduct, NieuwProduct and TeWijzigenProduct and
 * "ToewijzingEinddatum" in AangevraagdProduct: rules that read it take its name.
 */
import { compareDates, endsAfter2020OrOpen, filled, str, type Check } from './cdcs-common.js';
import type { RuleContext } from './types.js';
import type { XmlValue } from '../reader.js';

/** CD079: "Indien Budget leeg is, dan verplicht vullen" (Product). */
export const cd079ProductZonderBudget: Check = (value, location, ctx) => {
  if (!filled(value, 'Budget') && !filled(value, 'Product')) ctx.report('CD079', `${location}/Product`, 'Product is required when Budget is empty');
};

/** CD075: "Verplicht vullen indien Budget gevuld is" (Einddatum / ToewijzingEinddatum). */
export function cd075EinddatumBijBudget(eind: string): Check {
  return (value, location, ctx) => {
    if (filled(value, 'Budget') && !filled(value, eind)) ctx.report('CD075', `${location}/${eind}`, `${eind} is required when Budget is filled`);
  };
}

/** CD076: "Verplicht vullen indien Frequentie waarde 2 (per week)" (Einddatum / ToewijzingEinddatum). */
export function cd076EinddatumBijPerWeek(eind: string): Check {
  return (value, location, ctx) => {
    if (str(value, 'Omvang', 'Frequentie') === '2' && !filled(value, eind))
      ctx.report('CD076', `${location}/${eind}`, `${eind} is required when Frequentie is 2 (per week)`);
  };
}

/** CD041: "Indien Code in Product gevuld is, verplicht vullen." (Omvang). */
export const cd041OmvangBijProductcode: Check = (value, location, ctx) => {
  if (filled(value, 'Product', 'Code') && !filled(value, 'Omvang'))
    ctx.report('CD041', `${location}/Omvang`, `Omvang is required when Product/Code is filled (${str(value, 'Product', 'Code')})`);
};

/** CD077: "Indien Budget gevuld is, dan leeg laten" (Omvang). */
export const cd077OmvangLeegBijBudget: Check = (value, location, ctx) => {
  if (filled(value, 'Budget') && filled(value, 'Omvang')) ctx.report('CD077', `${location}/Omvang`, 'Omvang must be empty when Budget is filled');
};

/** CD078: "Indien Omvang gevuld is, dan leeg laten" (Budget). */
export const cd078BudgetLeegBijOmvang: Check = (value, location, ctx) => {
  if (filled(value, 'Omvang') && filled(value, 'Budget')) ctx.report('CD078', `${location}/Budget`, 'Budget must be empty when Omvang is filled');
};

/** Shared by CD080, CD095 and CD096: no Omvang without a product code for allocations ending after 2020. */
function omvangZonderProductcode(code: string, eind: string, value: XmlValue, location: string, ctx: RuleContext): void {
  const einddatum = str(value, eind);
  if (!filled(value, 'Product', 'Code') && endsAfter2020OrOpen(einddatum) && filled(value, 'Omvang')) {
    ctx.report(
      code,
      `${location}/Omvang`,
      `Omvang must be empty when Product/Code is empty and ${eind} is ${einddatum === undefined ? 'empty' : `${einddatum} (after 2020-12-31)`}`,
    );
  }
}

/**
 * CD080: "Indien Code in Product leeg is en Einddatum van het ToegewezenProduct groter dan 31-12-2020
 * of leeg is, dan leeg laten" (ToegewezenProduct / Omvang).
 */
export const cd080OmvangToegewezenProduct: Check = (value, location, ctx) => omvangZonderProductcode('CD080', 'Einddatum', value, location, ctx);

/**
 * CD095: "Indien Code in AangevraagdProduct leeg is en ToewijzingEinddatum van het AangevraagdProduct
 * groter dan 31-12-2020 of leeg is, dan leeg laten" (AangevraagdProduct / Omvang).
 */
export const cd095OmvangAangevraagdProduct: Check = (value, location, ctx) => omvangZonderProductcode('CD095', 'ToewijzingEinddatum', value, location, ctx);

/** CD096: "Indien Code in NieuwProduct leeg is en Einddatum groter dan 31-12-2020 of leeg is, dan leeg laten" (NieuwProduct / Omvang). */
export const cd096OmvangNieuwProduct: Check = (value, location, ctx) => omvangZonderProductcode('CD096', 'Einddatum', value, location, ctx);

/** Units that need a Frequentie per week, per month or in total (CS338, CS343): etmaal, dagdeel, euro's, stuks (inspanning). */
const EENHEDEN_ZONDER_DAG = ['14', '16', '83', '84'];
const FREQUENTIES = ['2', '4', '6'];

/** Shared by CS338 and CS343. */
function frequentieBijEenheid(code: string, eind: string, value: XmlValue, location: string, ctx: RuleContext): void {
  const eenheid = str(value, 'Omvang', 'Eenheid');
  const frequentie = str(value, 'Omvang', 'Frequentie');
  if (eenheid === undefined || frequentie === undefined || !EENHEDEN_ZONDER_DAG.includes(eenheid)) return;
  if (endsAfter2020OrOpen(str(value, eind)) && !FREQUENTIES.includes(frequentie)) {
    ctx.report(
      code,
      `${location}/Omvang/Frequentie`,
      `Frequentie ${frequentie} is not allowed with Eenheid ${eenheid}: use 2 (per week), 4 (per maand) or 6 (totaal binnen geldigheidsduur toewijzing)`,
    );
  }
}

/**
 * CS338: "Indien eenheid de waarde 14, 16, 83 of 84 heeft en Einddatum groter dan 31-12-2020 of leeg
 * is, dan Frequentie vullen met de waarde 2 , 4 of 6" (Omvang of ToegewezenProduct, NieuwProduct,
 * TeWijzigenProduct).
 */
export const cs338Frequentie: Check = (value, location, ctx) => frequentieBijEenheid('CS338', 'Einddatum', value, location, ctx);

/**
 * CS343: "Indien eenheid de waarde 14, 16, 83 of 84 heeft en ToewijzingEinddatum is groter dan
 * 31-12-2020 of leeg, dan Frequentie vullen met waarde 2, 4 of 6" (AangevraagdProduct / Omvang).
 */
export const cs343FrequentieAangevraagd: Check = (value, location, ctx) => frequentieBijEenheid('CS343', 'ToewijzingEinddatum', value, location, ctx);

/**
 * CS335: "RedenWijziging 13 (verwijderd) mag alleen gebruikt worden indien de ingangsdatum gelijk is
 * aan de einddatum" (ToegewezenProduct / RedenWijziging).
 */
export const cs335Verwijderd: Check = (value, location, ctx) => {
  if (str(value, 'RedenWijziging') !== '13') return;
  const ingang = str(value, 'Ingangsdatum');
  const eind = str(value, 'Einddatum');
  if (eind === undefined || ingang === undefined || compareDates(ingang, eind) !== 0) {
    ctx.report(
      'CS335',
      `${location}/RedenWijziging`,
      `RedenWijziging 13 (verwijderd) requires Einddatum equal to Ingangsdatum (${ingang}), Einddatum is ${eind ?? 'empty'}`,
    );
  }
};

/** CS336: "01 (Administratieve correctie (vervallen)) niet gebruiken" (ToegewezenProduct / RedenWijziging). */
export const cs336RedenWijziging01: Check = (value, location, ctx) => {
  if (str(value, 'RedenWijziging') === '01')
    ctx.report('CS336', `${location}/RedenWijziging`, 'RedenWijziging 01 (administratieve correctie, vervallen) must not be used');
};

/** CD043: "Indien Beschikkingnummer gevuld is, verplicht vullen, anders leeg laten." (AangevraagdProduct / BeschikkingIngangsdatum). */
export const cd043BeschikkingIngangsdatum: Check = (value, location, ctx) => {
  const nummer = filled(value, 'BeschikkingNummer');
  const datum = filled(value, 'BeschikkingIngangsdatum');
  if (nummer && !datum) ctx.report('CD043', `${location}/BeschikkingIngangsdatum`, 'BeschikkingIngangsdatum is required when BeschikkingNummer is filled');
  if (!nummer && datum) ctx.report('CD043', `${location}/BeschikkingIngangsdatum`, 'BeschikkingIngangsdatum must be empty when BeschikkingNummer is empty');
};

/** Verwijzer types with a care-provider code (COD327): huisarts, jeugdarts, gecertificeerde instelling, medisch specialist. */
const VERWIJZERS_MET_AGB = ['02', '03', '04', '05'];

/** CD066: "Als type verwijzer gelijk is aan 02, 03, 04 of 05 en ZorgverlenerCode is gevuld, dan is Naamverwijzer leeg." (Verwijzer / Naam). */
export const cd066NaamLeegBijZorgverlenerCode: Check = (value, location, ctx) => {
  const type = str(value, 'Type');
  if (type && VERWIJZERS_MET_AGB.includes(type) && filled(value, 'ZorgverlenerCode') && filled(value, 'Naam')) {
    ctx.report('CD066', `${location}/Naam`, `Naam must be empty when verwijzer Type is ${type} and ZorgverlenerCode is filled`);
  }
};

/** CD067: "Als type verwijzer gelijk is aan 02, 03, 04 of 05 en ZorgverlenerCode is leeg, dan is Naamverwijzer gevuld." (Verwijzer / Naam). */
export const cd067NaamBijGeenZorgverlenerCode: Check = (value, location, ctx) => {
  const type = str(value, 'Type');
  if (type && VERWIJZERS_MET_AGB.includes(type) && !filled(value, 'ZorgverlenerCode') && !filled(value, 'Naam')) {
    ctx.report('CD067', `${location}/Naam`, `Naam is required when verwijzer Type is ${type} and ZorgverlenerCode is empty`);
  }
};

/** CD068: "Als type verwijzer ongelijk is aan 02, 03, 04 of 05, dan is ZorgverlenerCode leeg." (Verwijzer / ZorgverlenerCode). */
export const cd068ZorgverlenerCodeLeeg: Check = (value, location, ctx) => {
  const type = str(value, 'Type');
  if (type && !VERWIJZERS_MET_AGB.includes(type) && filled(value, 'ZorgverlenerCode')) {
    ctx.report('CD068', `${location}/ZorgverlenerCode`, `ZorgverlenerCode must be empty when verwijzer Type is ${type} (not 02, 03, 04 or 05)`);
  }
};
