/** Dutch labels for the codes the API returns. Unknown codes are shown readable rather than hidden. */
const readable = (code: string) => code.charAt(0).toUpperCase() + code.slice(1).replace(/-/g, ' ');
const lookup =
  (table: Record<string, string>) =>
  (code: string | null | undefined): string =>
    code == null ? 'Nog open' : (table[code] ?? readable(code));

export const fundingVariantLabel = lookup({
  inspanningsgericht: 'Inspanningsgericht (P x Q)',
  outputgericht: 'Outputgericht',
  taakgericht: 'Taakgericht (lumpsum)',
  beschikbaarheid: 'Beschikbaarheid',
  resultaatgericht: 'Resultaatgericht',
  populatie: 'Populatiebekostiging',
  caseload: 'Cliëntvolgend (caseload)',
});

export const fundingFormLabel = lookup({
  lumpsum: 'Lumpsum',
  pxq: 'P x Q',
  trajectprijs: 'Trajectprijs',
  outputprijs: 'Outputprijs',
  beschikbaarheidsbijdrage: 'Beschikbaarheidsbijdrage',
  resultaatbetaling: 'Resultaatbetaling',
  populatiebudget: 'Populatiebudget',
  groepsbudget: 'Eén budget voor een groep aanbieders',
});

export const executionVariantLabel = lookup({
  inspanningsgericht: 'Inspanningsgericht',
  outputgericht: 'Outputgericht',
  taakgericht: 'Taakgericht',
});

export const procedureLabel = lookup({
  'sas-dialoog': 'SAS-dialooggerichte aanbesteding',
  'open-house': 'Open house (toelatingsprocedure)',
  'bestuurlijk-aanbesteden': 'Bestuurlijk aanbesteden',
  subsidie: 'Subsidie',
  openbaar: 'Openbare aanbesteding',
  'niet-openbaar': 'Niet-openbare aanbesteding',
  'meervoudig-onderhands': 'Meervoudig onderhandse aanbesteding',
  'enkelvoudig-onderhands': 'Enkelvoudig onderhandse aanbesteding',
  samenwerkingsverband: 'Samenwerkingsverband',
});

export const ceilingLevelLabel = lookup({
  aanbieder: 'per aanbieder',
  segment: 'per segment',
  perceel: 'per perceel',
  'aanbieder-segment': 'per aanbieder per segment',
});

export const ceilingPeriodLabel = lookup({ jaar: 'per jaar', contractperiode: 'per contractperiode' });

export const segmentKindLabel = lookup({ taakgebied: 'Taakgebied', segment: 'Segment' });

export const areaKindLabel = lookup({
  slt: 'Stevig Lokaal Team',
  wijkteam: 'Wijkteam',
  jgt: 'Jeugd- en gezinsteam',
  'sociaal-team': 'Sociaal team',
  toegangsteam: 'Toegangsteam',
  'centrale-intake': 'Centrale intake',
  'lokaal-team': 'Lokaal team',
});

export const severityLabel = lookup({ blocking: 'Blokkerend', signal: 'Signaal' });

export const ruleTypeLabel = lookup({
  'percelen-verschillend': 'Percelen aan verschillende partijen',
  'partners-per-perceel': 'Maximum partners per perceel',
  'consortium-samenstelling': 'Samenstelling consortium',
  beschreven: 'Beschreven regel',
});

export const roleLabel = lookup({
  admin: 'Beheerder',
  beheer: 'Functioneel beheer',
  beheerder: 'Beheerder',
  contractmanager: 'Contractmanager',
  controller: 'Controller',
  gemeente: 'Gemeente',
  aanbieder: 'Aanbieder',
  beleid: 'Beleidsadviseur',
  beleidsadviseur: 'Beleidsadviseur',
  toegang: 'Lokaal team',
  privacy: 'Functionaris gegevensbescherming',
});

export const contractStatusLabel = lookup({ gegund: 'gegund', actief: 'actief', overgang: 'overgangscontract', beeindigd: 'beëindigd', concept: 'concept' });

/**
 * The form fields' Dutch names for the API's field errors (problem `errors[].field`, the body's
 * field name or its path, e.g. "agenda.0.description"): a message is shown as "Omschrijving: is
 * verplicht". A field not in the table gets its message alone, never the developer name.
 */
const FIELD_LABELS: Record<string, string> = {
  username: 'Gebruikersnaam',
  password: 'Wachtwoord',
  description: 'Omschrijving',
  kind: 'Soort',
  announcedOn: 'Aankondigingsdatum',
  effectiveOn: 'Ingangsdatum',
  scheduledOn: 'Datum',
  heldOn: 'Datum van het gesprek',
  agenda: 'Agenda',
  owner: 'Eigenaar',
  dueOn: 'Uiterlijk',
  doneOn: 'Afgerond op',
  note: 'Notitie',
  reason: 'Reden',
  name: 'Naam',
  role: 'Rol',
  members: 'Leden',
  penvoerderKind: 'Soort penvoerder',
  paretoAandeel: 'Aandeel van de omzet',
  omzetdrempelCents: 'Omzetdrempel',
  segmentId: 'Segment',
  providerId: 'Aanbieder',
  contractId: 'Contract',
  lotId: 'Perceel',
  lotIds: 'Percelen',
  year: 'Jaar',
  startDate: 'Begindatum',
  endDate: 'Einddatum',
  ingangsdatum: 'Ingangsdatum',
  einddatum: 'Einddatum',
  toelichting: 'Toelichting',
  runs: 'Aantal kansberekeningen',
  seed: 'Startwaarde',
  yaml: 'Scenariobestand',
  q: 'Zoektekst',
  from: 'Vanaf',
  to: 'Tot en met',
  status: 'Status',
  purpose: 'Doel',
  subject: 'Onderwerp',
  volume: 'Omvang',
  frequentie: 'Frequentie',
  eenheid: 'Eenheid',
  product: 'Product',
  productCategorie: 'Productcategorie',
  budgetCents: 'Budget',
  priceCents: 'Prijs',
  minutes: 'Minuten',
  besluit: 'Besluit',
  reden: 'Reden',
  criteria: 'Criteria',
  scores: 'Scores',
  planScore: 'Score van het plan',
};

/** "Omschrijving" for "description" and for "agenda.0.description"; undefined for a field without a Dutch name. */
export function fieldLabel(field: string): string | undefined {
  const parts = field.split('.').filter((p) => !/^\d+$/.test(p));
  return FIELD_LABELS[parts.at(-1) ?? ''];
}
