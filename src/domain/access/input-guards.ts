/**
 * Form guards of the access process (issue #13, "Forms that guard the domain"): checks on the
 * input of a help request and of the MDO, referral and decision commands that refuse impossible
 * data before it is stored, each naming the field it is about, in Dutch. Pure: the day is passed
 * in; the age limit and the required MDO participants come from the region's rules.
 *
 * - A jeugdige is younger than the highest age up to which the region's rules allow youth care
 *   (`zorg-einde-leeftijd`: its extension `verlengingTot`, else the highest exception or base age).
 *   Without such a rule the Jeugdwet itself applies: the national limit (art. 1.1 "jeugdige",
 *   verlengde jeugdhulp) is the legal definition, the same for every region; it is data
 *   (`wetten/jeugdwet/*.yaml`), read by the app layer and passed in here as `wettelijkeLeeftijd`.
 * - A referral is not dated in the future; a decision does not take effect before its referral.
 * - An MDO recorded with agreement holds the participants a blocking `mdo-verplicht` rule of the
 *   region requires for the case (otherwise it is refused now instead of at the next step).
 */
import type { Regel } from '../landscape/profile-schema.js';
import { ageOn, nlDate } from '../dates.js';
import type { CaseState, Mdo, Verwijzing } from './case.js';

export interface FieldProblem {
  /** The field of the request body, dotted (e.g. `verwijzing.datum`). */
  field: string;
  message: string;
}

/**
 * The highest age (in years, exclusive) up to which the region's rules allow youth care;
 * `wettelijkeLeeftijd` (Jeugdwet art. 1.1, from the law file) when the profile names no end age.
 */
export function highestCareAge(rules: readonly Regel[], wettelijkeLeeftijd: number): number {
  const ages = rules.flatMap((r) =>
    r.type === 'zorg-einde-leeftijd' ? [r.verlengingTot ?? Math.max(r.leeftijd, ...r.uitzonderingen.map((u) => u.leeftijd))] : [],
  );
  return ages.length > 0 ? Math.max(...ages) : wettelijkeLeeftijd;
}

/** The birth date of a new jeugdige: not in the future, and younger than the highest care age. */
export function guardBirthDate(
  birthDate: string,
  today: string,
  rules: readonly Regel[],
  wettelijkeLeeftijd: number,
  field = 'youth.birthDate',
): FieldProblem[] {
  if (birthDate > today) return [{ field, message: `De geboortedatum (${nlDate(birthDate)}) ligt in de toekomst.` }];
  const max = highestCareAge(rules, wettelijkeLeeftijd);
  const age = ageOn(birthDate, today);
  if (age >= max) return [{ field, message: `Deze persoon is ${age} jaar; jeugdhulp is er in deze regio tot ${max} jaar. Controleer de geboortedatum.` }];
  return [];
}

/** A referral is dated today or earlier. */
export function guardReferral(v: Pick<Verwijzing, 'datum'>, today: string, field = 'verwijzing.datum'): FieldProblem[] {
  return v.datum > today
    ? [{ field, message: `De verwijzing is gedateerd op ${nlDate(v.datum)}, na vandaag (${nlDate(today)}); een verwijzing kan niet in de toekomst liggen.` }]
    : [];
}

/** A decision takes effect on or after the date of its referral. */
export function guardDecision(s: CaseState, b: { verwijzingId: number; ingangsdatum: string }): FieldProblem[] {
  const v = s.verwijzingen.find((x) => x.id === b.verwijzingId);
  if (!v || b.ingangsdatum >= v.datum) return [];
  return [
    {
      field: 'beschikking.ingangsdatum',
      message: `De beschikking gaat in op ${nlDate(b.ingangsdatum)}, vóór de verwijzing van ${nlDate(v.datum)}; een beschikking volgt op de verwijzing.`,
    },
  ];
}

/** Names of MDO participant roles (the ids in profiles and cases). */
export const MDO_DEELNEMER_NAMEN: Record<string, string> = {
  'lokaal-team': 'Lokaal team (regievoerder)',
  'specialistische-jeugdhulp': 'Specialistische en locatiegebonden jeugdhulp',
  'verblijf-crisis': 'Verblijf met behandeling en crisiszorg',
  'sociale-basis': 'Sociale basis',
  'sociaal-domein': 'Gemeentelijk sociaal domein (Wmo, Participatie, schuldhulpverlening)',
  trajectzorgberaad: 'Trajectzorgberaad',
};
export const deelnemerNaam = (id: string): string => MDO_DEELNEMER_NAMEN[id] ?? id.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** An MDO with agreement holds every participant a blocking mdo-verplicht rule requires for this case. */
export function guardMdo(rules: readonly Regel[], s: CaseState, m: Mdo): FieldProblem[] {
  if (!m.overeenstemming || !s.triage) return [];
  const missing = new Set<string>();
  for (const r of rules) {
    if (r.type === 'mdo-verplicht' && r.soort === 'blokkerend' && r.complexiteit.includes(s.triage.complexiteit))
      for (const d of r.deelnemers) if (!m.deelnemers.includes(d)) missing.add(d);
  }
  if (missing.size === 0) return [];
  const names = [...missing].map(deelnemerNaam);
  return [
    {
      field: 'mdo.deelnemers',
      message: `De regio vereist bij ${s.triage.complexiteit}e problematiek ook ${names.length === 1 ? 'deze deelnemer' : 'deze deelnemers'} aan het MDO: ${names.join(', ')}.`,
    },
  ];
}
