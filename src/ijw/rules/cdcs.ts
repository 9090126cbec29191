/**
 * Conditions (CD) and constraints (CS) per data element: the registry.
 *
 * Source: reference/ijw-regels/condities-constraints.md (rows per message, berichtklasse and
 * element). Every CD/CS row is registered here for its message and, per "Retourberichten, m.u.v.
 * het declaratiebericht, kennen dezelfde regels als het heenbericht", for the retour message.
 * Restrictions (RS) are XSD facets and enforced by the XSD layer. CS015, CS025 and CS319 are XSD
 * patterns as well ("berichtformaat (xsd)", no retourcode): they are registered as a safety net
 * only, as element rules run on XSD-valid elements and the XSD layer reports a violation first.
 *
 * All rules here are element rules: every CD/CS rule reads one element and its descendants, so none
 * needs state or the end of the message.
 */
import type { ElementRule, MessageRule } from './types.js';
import { withRetour, type Check } from './cdcs-common.js';
import {
  cd005LandCode,
  cd007Taal,
  cd009Periode,
  cd025Huis,
  cd034Postcode,
  cd085RedenAfwijzingVerplicht,
  cd086RedenAfwijzingLeeg,
  cs002Bsn,
  cs003EinddatumNaBegindatum,
  cs015BerichtSubversie,
  cs025BerichtVersie,
  cs050NaamGebruik,
  cs058StatusAanlevering,
  cs089Postcode,
  cs139Geboortedatum,
  cs318NaamGebruikClient,
} from './cdcs-client.js';
import {
  cd041OmvangBijProductcode,
  cd043BeschikkingIngangsdatum,
  cd066NaamLeegBijZorgverlenerCode,
  cd067NaamBijGeenZorgverlenerCode,
  cd068ZorgverlenerCodeLeeg,
  cd075EinddatumBijBudget,
  cd076EinddatumBijPerWeek,
  cd077OmvangLeegBijBudget,
  cd078BudgetLeegBijOmvang,
  cd079ProductZonderBudget,
  cd080OmvangToegewezenProduct,
  cd095OmvangAangevraagdProduct,
  cd096OmvangNieuwProduct,
  cs335Verwijderd,
  cs336RedenWijziging01,
  cs338Frequentie,
  cs343FrequentieAangevraagd,
} from './cdcs-product.js';
import {
  cd060VorigReferentieNummer,
  cd087ProductTarief,
  cs100Vanaf2021,
  cs325NulIsDebet,
  cs337ProductPeriodeEenMaand,
  cs339EurosBedragIsVolume,
  cs319DeclaratieNummer,
  cs340HeleKalendermaand,
} from './cdcs-declaratie.js';

/** Registers one rule for every message in `messages` on every path in `paths`. */
function on(code: string, check: Check, messages: readonly string[], ...paths: string[]): ElementRule[] {
  return paths.map((path) => ({ code, messages, path, check }));
}

const ALL_MESSAGES = [...withRetour('JW301', 'JW305', 'JW307', 'JW315', 'JW317', 'JW319'), 'JW323', 'JW325'];

const M301 = withRetour('JW301');
const M315 = withRetour('JW315');
const M317 = withRetour('JW317');

const CLIENT_CONTACTS = ['Client/Contactgegevens/Contact', 'Client/Relaties/Relatie/Contact'];
const TOEGEWEZEN = 'Client/ToegewezenProducten/ToegewezenProduct';
const AANGEVRAAGD = 'Client/AangevraagdeProducten/AangevraagdProduct';
const NIEUW = 'Client/Verzoek/NieuweProducten/NieuwProduct';
const TE_WIJZIGEN = 'Client/Verzoek/TeWijzigenProducten/TeWijzigenProduct';
const PRESTATIE_323 = 'Declaratie/Clienten/Client/Prestaties/Prestatie';
const PRESTATIE_325 = 'DeclaratieAntwoord/Clienten/Client/Prestaties/Prestatie';

export const CDCS_ELEMENT_RULES: readonly ElementRule[] = [
  // Header (all messages)
  ...on('CS025', cs025BerichtVersie, ALL_MESSAGES, 'Header/BerichtVersie'),
  ...on('CS015', cs015BerichtSubversie, ALL_MESSAGES, 'Header/BerichtSubversie'),

  // Client
  ...on('CS002', cs002Bsn, withRetour('JW301', 'JW305', 'JW307', 'JW315', 'JW317'), 'Client/Bsn'),
  ...on('CS002', cs002Bsn, ['JW323'], 'Declaratie/Clienten/Client/Bsn'),
  ...on('CS002', cs002Bsn, ['JW325'], 'DeclaratieAntwoord/Clienten/Client/Bsn'),
  ...on('CS139', cs139Geboortedatum, withRetour('JW301', 'JW305', 'JW307', 'JW315'), 'Client/Geboortedatum'),
  ...on('CS139', cs139Geboortedatum, M301, 'Client/Relaties/Relatie/Geboortedatum'),
  ...on('CS318', cs318NaamGebruikClient, M301, 'Client/Naam'),
  ...on('CS050', cs050NaamGebruik, M301, 'Client/Naam', 'Client/Relaties/Relatie/Naam'),
  ...on('CD007', cd007Taal, M301, 'Client/Communicatie'),

  // Contact (of the client and of a relation)
  ...on('CD009', cd009Periode, M301, ...CLIENT_CONTACTS),
  ...on('CD034', cd034Postcode, M301, ...CLIENT_CONTACTS),
  ...on('CD025', cd025Huis, M301, ...CLIENT_CONTACTS.map((p) => `${p}/Adres`)),
  ...on('CD005', cd005LandCode, M301, ...CLIENT_CONTACTS.map((p) => `${p}/Adres`)),
  ...on('CS089', cs089Postcode, M301, ...CLIENT_CONTACTS.map((p) => `${p}/Adres`)),
  ...on('CS003', cs003EinddatumNaBegindatum('Begindatum', 'Einddatum'), M301, ...CLIENT_CONTACTS.map((p) => `${p}/Periode`)),

  // ToegewezenProduct (JW301)
  ...on('CD079', cd079ProductZonderBudget, M301, TOEGEWEZEN),
  ...on('CD075', cd075EinddatumBijBudget('Einddatum'), M301, TOEGEWEZEN),
  ...on('CD076', cd076EinddatumBijPerWeek('Einddatum'), M301, TOEGEWEZEN),
  ...on('CS003', cs003EinddatumNaBegindatum('Ingangsdatum', 'Einddatum'), M301, TOEGEWEZEN),
  ...on('CS335', cs335Verwijderd, M301, TOEGEWEZEN),
  ...on('CS336', cs336RedenWijziging01, M301, TOEGEWEZEN),
  ...on('CD041', cd041OmvangBijProductcode, M301, TOEGEWEZEN),
  ...on('CD077', cd077OmvangLeegBijBudget, M301, TOEGEWEZEN),
  ...on('CD080', cd080OmvangToegewezenProduct, M301, TOEGEWEZEN),
  ...on('CS338', cs338Frequentie, M301, TOEGEWEZEN),
  ...on('CD078', cd078BudgetLeegBijOmvang, M301, TOEGEWEZEN),

  // StartProduct (JW305), StopProduct (JW307)
  ...on('CS058', cs058StatusAanlevering, withRetour('JW305'), 'Client/StartProducten/StartProduct'),
  ...on('CS058', cs058StatusAanlevering, withRetour('JW307'), 'Client/StopProducten/StopProduct'),

  // AangevraagdProduct (JW315)
  ...on('CD079', cd079ProductZonderBudget, M315, AANGEVRAAGD),
  ...on('CD075', cd075EinddatumBijBudget('ToewijzingEinddatum'), M315, AANGEVRAAGD),
  ...on('CD076', cd076EinddatumBijPerWeek('ToewijzingEinddatum'), M315, AANGEVRAAGD),
  ...on('CS003', cs003EinddatumNaBegindatum('ToewijzingIngangsdatum', 'ToewijzingEinddatum'), M315, AANGEVRAAGD),
  ...on('CD041', cd041OmvangBijProductcode, M315, AANGEVRAAGD),
  ...on('CD077', cd077OmvangLeegBijBudget, M315, AANGEVRAAGD),
  ...on('CD095', cd095OmvangAangevraagdProduct, M315, AANGEVRAAGD),
  ...on('CS343', cs343FrequentieAangevraagd, M315, AANGEVRAAGD),
  ...on('CD043', cd043BeschikkingIngangsdatum, M315, AANGEVRAAGD),
  ...on('CD066', cd066NaamLeegBijZorgverlenerCode, M315, `${AANGEVRAAGD}/Verwijzer`),
  ...on('CD067', cd067NaamBijGeenZorgverlenerCode, M315, `${AANGEVRAAGD}/Verwijzer`),
  ...on('CD068', cd068ZorgverlenerCodeLeeg, M315, `${AANGEVRAAGD}/Verwijzer`),
  ...on('CD078', cd078BudgetLeegBijOmvang, M315, AANGEVRAAGD),

  // NieuwProduct and TeWijzigenProduct (JW317)
  ...on('CD079', cd079ProductZonderBudget, M317, NIEUW),
  ...on('CD075', cd075EinddatumBijBudget('Einddatum'), M317, NIEUW, TE_WIJZIGEN),
  ...on('CD076', cd076EinddatumBijPerWeek('Einddatum'), M317, NIEUW, TE_WIJZIGEN),
  ...on('CS003', cs003EinddatumNaBegindatum('GewensteIngangsdatum', 'Einddatum'), M317, NIEUW, TE_WIJZIGEN),
  ...on('CD041', cd041OmvangBijProductcode, M317, NIEUW),
  ...on('CD077', cd077OmvangLeegBijBudget, M317, NIEUW, TE_WIJZIGEN),
  ...on('CD096', cd096OmvangNieuwProduct, M317, NIEUW),
  ...on('CS338', cs338Frequentie, M317, NIEUW, TE_WIJZIGEN),
  ...on('CD078', cd078BudgetLeegBijOmvang, M317, NIEUW, TE_WIJZIGEN),

  // Antwoord (JW319)
  ...on('CD085', cd085RedenAfwijzingVerplicht, withRetour('JW319'), 'Antwoord'),
  ...on('CD086', cd086RedenAfwijzingLeeg, withRetour('JW319'), 'Antwoord'),

  // Declaratie (JW323)
  ...on('CS319', cs319DeclaratieNummer, ['JW323'], 'Declaratie/DeclaratieNummer'),
  ...on('CS100', cs100Vanaf2021, ['JW323'], 'Declaratie/DeclaratiePeriode', `${PRESTATIE_323}/ProductPeriode`),
  ...on('CS340', cs340HeleKalendermaand, ['JW323'], 'Declaratie/DeclaratiePeriode'),
  ...on('CS325', cs325NulIsDebet, ['JW323'], 'Declaratie/TotaalIngediendBedrag', `${PRESTATIE_323}/IngediendBedrag`),
  ...on('CD060', cd060VorigReferentieNummer, ['JW323'], PRESTATIE_323),
  ...on('CS337', cs337ProductPeriodeEenMaand, ['JW323'], PRESTATIE_323),
  ...on('CD087', cd087ProductTarief, ['JW323'], PRESTATIE_323),
  ...on('CS339', cs339EurosBedragIsVolume, ['JW323'], PRESTATIE_323),

  // DeclaratieAntwoord (JW325)
  ...on(
    'CS325',
    cs325NulIsDebet,
    ['JW325'],
    'DeclaratieAntwoord/TotaalIngediendBedrag',
    'DeclaratieAntwoord/TotaalToegekendBedrag',
    `${PRESTATIE_325}/IngediendBedrag`,
  ),
  ...on('CD060', cd060VorigReferentieNummer, ['JW325'], PRESTATIE_325),
];

/** No CD/CS rule needs the whole message: every one reads a single element. */
export const CDCS_MESSAGE_RULES: readonly MessageRule[] = [];

/** The CD/CS codes this module implements (for the coverage list). */
export const CDCS_IMPLEMENTED: readonly string[] = [...new Set(CDCS_ELEMENT_RULES.map((r) => r.code))].sort();
