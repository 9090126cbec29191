/**
 * The purposes of a read of personal data (doel van inzage, NEN 7513), as data without imports so
 * the web app shows the same list the API accepts.
 */
/**
 * Purposes of an inspection (doel van inzage), chosen from this list; `overig` needs a free text.
 * `werklijst` is the fixed purpose of a worklist read, `toezicht` that of the privacy officer
 * reading the trail; neither is offered to a reader.
 */
export const AUDIT_PURPOSES = {
  regievoering: 'Regievoering en casusoverleg',
  triage: 'Vraagverheldering en triage',
  mdo: 'Voorbereiding multidisciplinair overleg (MDO)',
  beschikken: 'Beschikken en toewijzen',
  zorglevering: 'Zorg leveren (aanbieder)',
  declareren: 'Declareren en controleren van declaraties',
  berichtenverkeer: 'iJw-berichtenverkeer afhandelen',
  'klacht-of-verzoek': 'Klacht, bezwaar of inzageverzoek van de cliënt',
  overig: 'Anders, zie toelichting',
  werklijst: 'Werklijst',
  toezicht: 'Toezicht op het inzagelog (functionaris gegevensbescherming)',
} as const;
export type AuditPurpose = keyof typeof AUDIT_PURPOSES;
/** The purposes a reader may choose (not the fixed ones). */
export const CHOOSABLE_PURPOSES = (Object.keys(AUDIT_PURPOSES) as AuditPurpose[]).filter((p) => p !== 'werklijst' && p !== 'toezicht');

/** Nine digits, with or without spaces or dots between them (e.g. "1234 56 782", "12.34.56.782"). */
const BSN_LIKE = /\d(?:[\s.]*\d){8}/;

export function containsBsnLikeNumber(text: string): boolean {
  return BSN_LIKE.test(text);
}
