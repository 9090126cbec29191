/** Dutch labels for the access (toegang) codes. Status and triage labels come from the domain itself. */
import { COMPLEXITEIT, STATUS_LABELS, TRIAGE_UITKOMSTEN } from '../../../src/domain/access/case';
import type { CaseView, Landscape } from '../api-types';
import { areaKindLabel } from '../labels';
import { AUDIT_PURPOSES, CHOOSABLE_PURPOSES } from '../../../src/domain/audit/purposes';

const readable = (code: string) => code.charAt(0).toUpperCase() + code.slice(1).replace(/-/g, ' ');
const lookup = (table: Record<string, string>) => (code: string) => table[code] ?? readable(code);

export { COMPLEXITEIT, TRIAGE_UITKOMSTEN };

export const statusLabel = lookup(STATUS_LABELS);
export const triageLabel = lookup(TRIAGE_UITKOMSTEN);

export const complexityLabel = lookup({
  enkelvoudig: 'Enkelvoudig',
  meervoudig: 'Meervoudig',
  complex: 'Complex',
  hoogcomplex: 'Hoogcomplex',
});

/** COD327 Verwijzer (iJw), the codes a local team can record. */
export const VERWIJZERS: [code: string, label: string][] = [
  ['01', 'Gemeente'],
  ['02', 'Huisarts'],
  ['03', 'Jeugdarts'],
  ['04', 'Gecertificeerde instelling'],
  ['05', 'Medisch specialist'],
  ['06', 'Zelfverwijzer / geen verwijzer'],
  ['08', 'Rechter / officier van justitie'],
];
export const verwijzerLabel = (code: string) => VERWIJZERS.find(([c]) => c === code)?.[1] ?? `Verwijzer ${code}`;

/** MDO participant roles; region rules may add more (see mdoParticipants). */
const PARTICIPANTS: Record<string, string> = {
  'lokaal-team': 'Lokaal team (regievoerder)',
  'specialistische-jeugdhulp': 'Specialistische en locatiegebonden jeugdhulp',
  'verblijf-crisis': 'Verblijf met behandeling en crisiszorg',
  'sociale-basis': 'Sociale basis',
  'sociaal-domein': 'Gemeentelijk sociaal domein (Wmo, Participatie, schuldhulpverlening)',
};
export const participantLabel = lookup(PARTICIPANTS);

/** MDO participants the server says the region's rules require for this case, with the rule id. */
export function requiredParticipants(view: Pick<CaseView, 'mdoVereist'>): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of view.mdoVereist ?? []) for (const d of r.deelnemers) out.set(d, r.ruleId);
  return out;
}

/** True when the server reports a blocking MDO requirement that no recorded MDO meets yet. */
export function mdoMissing(view: Pick<CaseView, 'mdoVereist'>): boolean {
  return (view.mdoVereist ?? []).some((r) => r.blocking && !r.met);
}

/** All participant roles to offer: the standard ones plus any the case's requirements name. */
export function mdoParticipants(view: Pick<CaseView, 'mdoVereist'>): string[] {
  return [...new Set([...Object.keys(PARTICIPANTS), ...(view.mdoVereist ?? []).flatMap((r) => r.deelnemers)])];
}

/** Escalation steps of the region (escalatieladder), as the server reports them with the MDO requirements. */
export function escalationSteps(view: Pick<CaseView, 'mdoVereist'>): string[] {
  return [...new Set((view.mdoVereist ?? []).flatMap((r) => r.escalatiestappen))];
}

export const kaderLabel = lookup({ vrijwillig: 'Vrijwillig kader', gedwongen: 'Gedwongen kader (jeugdbescherming of jeugdreclassering)' });

export const allocationStatusLabel = lookup({
  toegewezen: 'Toegewezen, nog niet gestart',
  gestart: 'Zorg gestart',
  'tijdelijk-gestopt': 'Tijdelijk gestopt',
  gestopt: 'Gestopt',
  ingetrokken: 'Verwijderd (toewijzing vervallen)',
});

const UNITS: Record<string, string> = { '01': 'minuten', '04': 'uur', '14': 'etmalen', '16': 'dagdelen', '82': 'stuks', '83': 'euro', '84': 'stuks' };
const FREQUENCIES: Record<string, string> = { '1': 'per dag', '2': 'per week', '4': 'per maand', '6': 'totaal in de periode' };
/** "3 uur per week" for an allocation's Omvang (WJ756 unit, WMO757 frequency). */
export const omvangLabel = (o: { volume: number; eenheid: string; frequentie: string }) =>
  `${o.volume} ${UNITS[o.eenheid] ?? `eenheid ${o.eenheid}`} ${FREQUENCIES[o.frequentie] ?? `frequentie ${o.frequentie}`}`;

export const eventLabel = lookup({
  hulpvraag: 'Hulpvraag',
  verheldering: 'Vraagverheldering',
  triage: 'Triage',
  mdo: 'MDO',
  analyse: 'Analyse',
  verwijzing: 'Verwijzing',
  beschikking: 'Beschikking',
  toewijzing: 'Toewijzing',
  start: 'Start zorg',
  stop: 'Stop zorg',
  overbrugging: 'Overbruggingszorg',
  'toewijzing-wijzigen': 'Toewijzing gewijzigd',
  spoedhulp: 'Ambulante spoedhulp',
  'ijw-JW301': 'Toewijzingsbericht (JW301)',
  'ijw-JW315': 'Verzoek om toewijzing (JW315)',
  'ijw-JW317': 'Verzoek om wijziging (JW317)',
  'ijw-JW319': 'Antwoordbericht (JW319)',
  regie: 'Regie',
  'signaal-afgehandeld': 'Signaal afgehandeld',
  afsluiten: 'Afsluiting',
  'nazorg-beeindigen': 'Nazorg beëindigd',
});

export const genderLabel = lookup({ '1': 'Man', '2': 'Vrouw', '0': 'Onbekend' });

/** Who took a decision (beschikking.besluitDoor): the municipality or a kind of area of the region. */
export function decisionMakers(landscape: Landscape): [code: string, label: string][] {
  const kinds = [...new Set(landscape.areas.map((a) => a.kind))].filter((k) => k !== 'centrale-intake');
  return [['gemeente', 'Gemeente (sociaal domein)'], ...kinds.map((k): [string, string] => [k, areaKindLabel(k)])];
}

/** Purposes for the audit-logged case read ("Doel van inzage"). */
export const PURPOSES: [code: string, label: string][] = CHOOSABLE_PURPOSES.map((c) => [c, AUDIT_PURPOSES[c]]);

export const areaName = (landscape: Landscape, id: string | null | undefined) => (id ? (landscape.areas.find((a) => a.id === id)?.name ?? id) : '—');
export const segmentName = (landscape: Landscape, id: string) => landscape.segments.find((s) => s.id === id)?.name ?? id;
export const providerName = (landscape: Landscape, id: number) =>
  landscape.segments.flatMap((s) => s.providers).find((p) => p.id === id)?.name ?? `Aanbieder ${id}`;
