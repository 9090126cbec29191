/**
 * The assumptions of the demo's funding (none of these numbers is in the seeds): synthetic tariffs,
 * dosages, the shares of lump sums, availability and result-based components, the ceilings, and a
 * deterministic hash for reproducible variation. Shown to the region's staff in words
 * (DEMO_FUNDING_ASSUMPTIONS, kept with the counts in demo_runs).
 */
import { indexed, type Dated } from '../domain/funding/models.js';

/**
 * Tariffs per JZ020 product category and WJ756 unit, in cents, at the 2024 price level. ASSUMPTION:
 * synthetic amounts in the order of magnitude of Dutch youth-care tariffs; the seeds give no
 * tariffs. Each provider's tariff differs a few percent (providerFactor) and is indexed per year.
 */
export const DEMO_BASE_TARIFFS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  '41': { '16': 11_800, '04': 10_500 }, // dagbehandeling per dagdeel / uur
  '42': { '84': 2_600 }, // vervoer per rit
  '43': { '14': 34_000 }, // verblijf inclusief behandeling per etmaal
  '44': { '14': 6_500 }, // verblijf exclusief behandeling per etmaal (gemiddeld: vooral pleegzorg, ook gezinshuis en groepen)
  '45': { '04': 9_400, '16': 6_900, '01': 157 }, // jeugdhulp ambulant per uur / dagdeel (dagbesteding) / minuut
  '46': { '14': 26_000 }, // crisis per etmaal (gemiddeld over ambulante crisishulp en crisisverblijf)
  '47': { '14': 2_500 }, // jeugdreclassering per dag
  '48': { '14': 2_400 }, // jeugdbescherming per dag
  '54': { '04': 12_600, '82': 345_000 }, // jeugd-ggz per uur; EED (output) per traject
};
/** Fallback per unit when a category has no tariff of its own (ASSUMPTION). */
const FALLBACK_TARIFF_BY_UNIT: Readonly<Record<string, number>> = { '01': 160, '04': 9_500, '14': 20_000, '16': 8_000, '82': 300_000, '84': 2_600 };
/** Price level year of DEMO_BASE_TARIFFS. */
const TARIFF_PRICE_LEVEL = 2024;

/** Unit per category when neither trajectory nor profile product names one (ASSUMPTION). */
export const DEMO_UNIT_BY_CATEGORY: Readonly<Record<string, string>> = {
  '41': '16',
  '42': '84',
  '43': '14',
  '44': '14',
  '45': '04',
  '46': '14',
  '47': '14',
  '48': '14',
  '54': '04',
};

/** Lump sum reference year: seed 003 §2.1 values the SLT from "de declaratiewaarde over 2024". */
export const LUMPSUM_REFERENCE_YEAR = 2024;

/**
 * Scheduled components as a share of a base value in the reference year (ASSUMPTIONS), indexed per
 * year. The base of a lump sum is the value of the contract's (lot's) own care; the base of an
 * availability component the contract's client-level (P x Q) value.
 */
export const DEMO_SCHEDULE_SHARES = {
  lumpsum: {
    share: 1,
    aanname:
      'Lumpsum = waarde van de zorg van het contract (perceel) in het referentiejaar, geïndexeerd (seed 003 §2.1: de opdrachtwaarde is berekend op de declaratiewaarde over 2024).',
  },
  extraTaskBudget: { share: 0.02, aanname: 'Aanvullend taakgericht budget (bijv. consultatie, seed 003 §6.2) = 2% van de lumpsum.' },
  availability: { share: 0.05, aanname: 'Beschikbaarheidsbijdrage = 5% van de P x Q-omzet van het contract.' },
} as const;

/**
 * Availability components of named segments (ASSUMPTIONS on the share and the years), after seed
 * 004 §4.1 (availability funding for coordination and the Centrale Intake, implementation from
 * January 2022 in the planning) and §4.6 (crisis: "Voor de start ... een incidentele subsidie",
 * later availability funding beside P x Q). `aanvullend` is the index in the profile's list.
 */
export const DEMO_COMPONENT_SHARES: readonly { segment: string; aanvullend: number; share: number; fromYear?: number; toYear?: number; aanname: string }[] = [
  {
    segment: 'behandeling-met-verblijf',
    aanvullend: 0,
    share: 0.04,
    fromYear: 2022,
    aanname:
      'Beschikbaarheidsbijdrage 4% van de P x Q-omzet van de aanbieder in het segment (coördinatie en Centrale Intake), vanaf januari 2022 (seed 004 §4.1 planning: "januari 2022: start implementatie").',
  },
  {
    segment: 'crisis',
    aanvullend: 0,
    share: 0.2,
    toYear: 2022,
    aanname: 'Incidentele subsidie bij de start (seed 004 §4.6) als 20% van de P x Q-omzet in crisis, 2021-2022.',
  },
  {
    segment: 'crisis',
    aanvullend: 1,
    share: 0.2,
    fromYear: 2023,
    aanname: 'Beschikbaarheidsfinanciering naast P x Q (seed 004 §4.6) als 20% van de P x Q-omzet in crisis, vanaf 2023.',
  },
];

/**
 * Months declared month by month at the end of the history (ASSUMPTION of the demo): the months
 * before are declared afterwards in one message per provider, municipality and year (IV090). The
 * cost of a settlement is mostly per message, so this keeps the demo quick to build with the same
 * lines and amounts; the spend per month, the forecast and the ceilings do not depend on it.
 */
export const DEMO_MONTHLY_MONTHS = 3;

/**
 * Degree of goal attainment (0-100) recorded for an ended result-based trajectory (ASSUMPTION of the
 * demo, deterministic per allocation): about one in seven reaches the goal fully, most reach it for
 * the larger part (50-100%), some for a small part (20-49%) and a few not at all.
 */
export function demoGoalAttainment(nummer: number, informant: string): number {
  const h = hash('doel', nummer);
  const spread = hash('doel', nummer, informant) % 11;
  const base = h % 100 < 15 ? 100 : h % 100 < 75 ? 55 + (h % 41) : h % 100 < 92 ? 20 + (h % 30) : 0;
  return Math.max(0, Math.min(100, base === 100 || base === 0 ? base : base + spread - 5));
}

/** Ceiling per provider / segment as a factor of the allocated value of the year (ASSUMPTION); every fifth provider gets a tight ceiling. */
export const CEILING_FACTOR = 1.05;
export const TIGHT_CEILING_FACTOR = 0.85;
export const SEGMENT_CEILING_FACTOR = 0.97;

/** A small deterministic hash (FNV-1a) of the parts, for reproducible demo variation. */
export function hash(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const c of parts.join('|')) {
    h ^= c.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Tariff in cents for a provider, category and unit in a year: the base, a provider factor
 * (0.94-1.06) and the yearly index `rates` (the region's parameter `indexatie`, in a demo its
 * stated assumption in demo.yaml).
 */
export function demoTariff(providerId: number, categorie: string, eenheid: string, year: number, rates: Dated<number>): number {
  const base = DEMO_BASE_TARIFFS[categorie]?.[eenheid] ?? FALLBACK_TARIFF_BY_UNIT[eenheid] ?? 10_000;
  const providerFactor = 0.94 + (hash('tarief', providerId) % 13) / 100;
  const atLevel = Math.round(base * providerFactor);
  if (year >= TARIFF_PRICE_LEVEL) return indexed(atLevel, TARIFF_PRICE_LEVEL, year, rates);
  return Math.round(atLevel / (indexed(1_000_000, year, TARIFF_PRICE_LEVEL, rates) / 1_000_000));
}

/** The assumptions behind the demo's funding, in words (Dutch, as shown to the region's staff). */
export const DEMO_FUNDING_ASSUMPTIONS: readonly string[] = [
  'Tarieven per product en aanbieder zijn synthetisch (prijspeil 2024, per aanbieder enkele procenten verschil) en worden jaarlijks geïndexeerd; de seeds noemen geen tarieven.',
  'Productcodes zijn synthetisch (categorie + letter van het segment + volgnummer); de seeds noemen geen productcodes.',
  'Toegewezen omvang zonder eenheid in profiel of traject: uren per week (ambulant), dagdelen per week (dagbehandeling), etmalen (verblijf, crisis, JB/JR).',
  'Geleverd volume is 70-100% van de toegewezen omvang per maand; een klein deel van de regels wordt te hoog gedeclareerd (afgewezen, 9321) of later gecrediteerd en opnieuw gedeclareerd.',
  `De laatste ${DEMO_MONTHLY_MONTHS} maanden zijn per maand gedeclareerd (per aanbieder en gemeente één declaratie); de maanden daarvoor zijn achteraf gedeclareerd in één declaratie per aanbieder, gemeente en jaar (declaratieperiode de laatste maand ervan, één prestatie per maand, IV090), zodat de demo snel wordt opgebouwd. In werkelijkheid declareert een aanbieder maandelijks (TR318).`,
  `Budgetplafond per aanbieder = ${CEILING_FACTOR} x de toegewezen waarde van het jaar (elke vijfde aanbieder ${TIGHT_CEILING_FACTOR}); per segment ${SEGMENT_CEILING_FACTOR} x.`,
  DEMO_SCHEDULE_SHARES.lumpsum.aanname,
  DEMO_SCHEDULE_SHARES.extraTaskBudget.aanname,
  DEMO_SCHEDULE_SHARES.availability.aanname,
  ...DEMO_COMPONENT_SHARES.map((c) => c.aanname),
  'Open bekostigingsparameters (indexatie, voorschotaandeel, ventiel, korting op de lumpsum, prijs per cliënt, groepsbudget) komen uit de aannames in demo.yaml van de regio en staan als aanname bij de parameter.',
  'Doelrealisatie: per afgesloten resultaatgericht traject legt de aanbieder vast in welke mate het doel bereikt is (0-100%, synthetisch verdeeld); het deel na doelrealisatie wordt naar die mate betaald.',
];
