/** Dutch labels for the funding screens: grouping, funding models and iJw codes (WJ001, WJ756, JZ020). */
import { JZ020, WJ001, WJ756 } from '../../../src/ijw/generated/codelists';
import type { SpendBy } from '../api-types';

export const BY_OPTIONS: { value: SpendBy; label: string; plural: string; limit: string }[] = [
  { value: 'provider', label: 'Aanbieder', plural: 'aanbieders', limit: 'Plafond' },
  { value: 'segment', label: 'Taakgebied of segment', plural: 'taakgebieden en segmenten', limit: 'Plafond' },
  { value: 'municipality', label: 'Gemeente', plural: 'gemeenten', limit: 'Budget' },
];
export const byOption = (by: SpendBy) => BY_OPTIONS.find((o) => o.value === by)!;

const MODELS: Record<string, { label: string; description: string }> = {
  taakgericht: { label: 'Lumpsum (taakgericht)', description: 'Vast bedrag per maand voor de taak, zonder verantwoording op cliëntniveau.' },
  beschikbaarheid: { label: 'Beschikbaarheid', description: 'Vaste bijdrage voor beschikbaarheid (coördinatie, overleg, crisisdienst) naast P x Q.' },
  groepsbudget: {
    label: 'Eén budget voor een groep aanbieders',
    description: 'Eén vast budget per jaar voor de samenwerking van een groepje aanbieders, per maand betaald.',
  },
  resultaatgericht: { label: 'Resultaatgericht', description: 'Voorschot bij de start; de rest naar de mate waarin het doel bereikt is.' },
  caseload: {
    label: 'Cliëntvolgend (caseload)',
    description: 'Per maand een vaste prijs per cliënt in de caseload van de aanbieder, los van de geleverde uren.',
  },
  outputgericht: { label: 'Outputgericht', description: 'Vaste prijs per traject.' },
};
export const modelLabel = (model: string) => MODELS[model]?.label ?? model;
export const modelDescription = (model: string) => MODELS[model]?.description ?? '';
export const MODEL_ORDER = ['taakgericht', 'groepsbudget', 'beschikbaarheid', 'caseload', 'resultaatgericht', 'outputgericht'];

/** Schedule component names as the API returns them ("lumpsum", "beschikbaarheid 1", "voorschot" …). */
export function componentLabel(description: string): string {
  if (description === 'lumpsum') return 'Lumpsum';
  if (description === 'beschikbaarheidsbijdrage') return 'Beschikbaarheidsbijdrage';
  if (description === 'caseload') return 'Cliënten in de caseload x prijs per cliënt';
  if (description === 'groepsbudget') return 'Budget van de samenwerking';
  if (description === 'na doelrealisatie') return 'Na doelrealisatie (naar mate van het bereikte doel)';
  return description.charAt(0).toUpperCase() + description.slice(1);
}

const wj001: Record<string, string> = WJ001;
const wj756: Record<string, string> = WJ756;
const jz020: Record<string, string> = JZ020;

/** The Dutch description of a WJ001 retourcode (the API's text wins when given). */
export const retourcodeText = (code: string, apiText?: string) => apiText || wj001[code] || 'Onbekende retourcode';
export const unitLabel = (code: string) => wj756[code]?.toLowerCase() ?? `eenheid ${code}`;
export const productCategoryLabel = (code: string) => jz020[code] ?? `Categorie ${code}`;

/** Roles that see funding data at all (the local team has no funding view). */
export const FUNDING_ROLES = ['controller', 'contractmanager', 'beleid', 'gemeente', 'aanbieder', 'beheer'];
/** The budget framework is for regional roles and municipalities. */
export const FRAMEWORK_ROLES = ['controller', 'contractmanager', 'beleid', 'gemeente', 'beheer'];
