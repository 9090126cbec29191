/** API client and response shapes of the procurement procedures (src/api/procurement-routes.ts). */
import { request } from '../api';
import type { Source } from '../api-types';

export interface Refusal {
  ruleId: string;
  message: string;
  source?: Source;
}

export interface ProcedureSummary {
  id: number;
  segmentId: string;
  name: string;
  soort: string;
  status: string;
  statusLabel: string;
  nextStep: string;
  entryOpen: boolean;
  publishedOn: string | null;
  awardedOn: string | null;
  counts: Record<string, number>;
  applicationCount: number;
  version: number;
}

export interface Board {
  regionId: string;
  mayChange: boolean;
  segments: { segmentId: string; name: string; soort: string | null; blocked: Refusal | null; procedures: ProcedureSummary[] }[];
}

export interface Check {
  eisId: string;
  voldaan: boolean;
  bewijs?: string | null;
}

export interface ApplicationView {
  id: number;
  providerId: number;
  providerName: string;
  lotIds: string[];
  status: string;
  submittedOn: string;
  decidedOn: string | null;
  decisionReason: string | null;
  checks: Check[];
  planScore: number | null;
  priceCents: number | null;
  scores: Record<string, number>;
  emviTotal: number | null;
  members: { name: string; kind: string; role: string; providerId: number | null }[];
  contractIds: number[];
  admission: Refusal[] | null;
  version: number;
}

export interface EmviCriterion {
  id: string;
  naam: string;
  soort: 'kwaliteit' | 'prijs';
  gewicht: number;
}

export interface ProcedureConfig {
  percelen: string[];
  emvi: { criteria: EmviCriterion[]; schaalMax: number } | null;
  geschiktheidseisen: { id: string; omschrijving: string; bewijs?: string; regelId: string; source?: Source }[];
  plan: { regelId: string; minimumScore: number | null; schaalMax: number; source?: Source } | null;
  contractType: string;
  voorwaarden: { id: string; omschrijving: string; regelId: string; source?: Source }[];
  looptijd: { startDate: string; endDate: string; extensionYears: number[]; source?: Source } | null;
}

export interface RankedTender {
  applicationId: number;
  providerId: number;
  total: number | null;
  quality: number | null;
  perCriterion: Record<string, number | null>;
  rank: number;
}

export interface ProcedureDetail extends ProcedureSummary {
  regionId: string;
  segmentName: string;
  applicationKind: string;
  config: ProcedureConfig;
  phases: { status: string; label: string; reached: boolean; current: boolean }[];
  mayChange: boolean;
  allowedActions: string[];
  lots: { id: string; name: string }[];
  lotRules: { ruleId: string; type: string; description: string; source?: Source }[];
  events: { at: string; byUser: string; action: string; fromStatus: string | null; toStatus: string | null; reason: string | null }[];
  applications: ApplicationView[];
  ranking: Record<string, RankedTender[]> | null;
  awards: { applicationId: number; providerId: number; providerName: string; lotId: string | null; emviScore: number | null; awardedOn: string; contractId: number | null }[];
}

export type TransitionAction =
  | { type: 'publiceren' }
  | { type: 'go-no-go'; besluit: 'go' | 'no-go'; reden: string }
  | { type: 'instroomronde-sluiten' }
  | { type: 'toetreding'; open: boolean; reden: string }
  | { type: 'aanvraag-sluiten' }
  | { type: 'beeindigen'; reden: string }
  | { type: 'intrekken'; reden: string };

export interface ProposedAward {
  applicationId: number;
  lotId: string | null;
}

const r = (regionId: string) => `/regions/${encodeURIComponent(regionId)}/procedures`;
const p = (regionId: string, id: number) => `${r(regionId)}/${id}`;
const a = (regionId: string, id: number, aid: number) => `${p(regionId, id)}/applications/${aid}`;

export const procurementApi = {
  board: (regionId: string, signal?: AbortSignal) => request<Board>('GET', r(regionId), undefined, signal),
  create: (regionId: string, segmentId: string, name?: string) => request<ProcedureDetail>('POST', r(regionId), { segmentId, ...(name ? { name } : {}) }),
  detail: (regionId: string, id: number, signal?: AbortSignal) => request<ProcedureDetail>('GET', p(regionId, id), undefined, signal),
  configure: (regionId: string, id: number, body: { version: number; minimumPlanScore?: number | null; startDate?: string; endDate?: string; emvi?: { schaalMax: number; criteria: EmviCriterion[] } }) => request<ProcedureDetail>('POST', `${p(regionId, id)}/config`, body),
  transition: (regionId: string, id: number, version: number, action: TransitionAction) => request<ProcedureDetail>('POST', `${p(regionId, id)}/transitions`, { version, action }),
  apply: (regionId: string, id: number, body: { providerId?: number; lotIds?: string[]; penvoerderKind?: string; members?: { name: string; kind: string; role: 'lid' | 'onderaannemer' }[]; evidence?: Record<string, string> }) =>
    request<ProcedureDetail>('POST', `${p(regionId, id)}/applications`, body),
  checks: (regionId: string, id: number, aid: number, version: number, checks: Check[]) => request<ProcedureDetail>('POST', `${a(regionId, id, aid)}/checks`, { version, checks }),
  scores: (regionId: string, id: number, aid: number, version: number, body: { planScore?: number | null; scores?: Record<string, number> }) => request<ProcedureDetail>('POST', `${a(regionId, id, aid)}/scores`, { version, ...body }),
  tender: (regionId: string, id: number, aid: number, version: number, priceCents: number) => request<ProcedureDetail>('POST', `${a(regionId, id, aid)}/tender`, { version, priceCents }),
  decide: (regionId: string, id: number, aid: number, version: number, decision: 'selecteren' | 'afwijzen' | 'toelaten', reason?: string) =>
    request<ProcedureDetail>('POST', `${a(regionId, id, aid)}/decision`, { version, decision, ...(reason ? { reason } : {}) }),
  awardCheck: (regionId: string, id: number, awards: ProposedAward[], signal?: AbortSignal) => request<{ violations: Refusal[] }>('POST', `${p(regionId, id)}/award-check`, { awards }, signal),
  award: (regionId: string, id: number, version: number, awards: ProposedAward[]) => request<ProcedureDetail>('POST', `${p(regionId, id)}/award`, { version, awards }),
  exportUrl: (regionId: string, id: number, ext: 'xlsx' | 'pdf') => `/api/v1${p(regionId, id)}/export.${ext}`,
};

export const SOORT_LABELS: Record<string, string> = {
  'sas-dialoog': 'SAS-procedure (dialooggericht)',
  'open-house': 'Open house (toelating)',
  'bestuurlijk-aanbesteden': 'Bestuurlijk aanbesteden (open house)',
  subsidie: 'Subsidie',
};

export const APPLICATION_STATUS: Record<string, string> = {
  ingediend: 'Ingediend',
  geselecteerd: 'Geselecteerd',
  afgewezen: 'Afgewezen',
  ingeschreven: 'Ingeschreven',
  gegund: 'Gegund',
  'niet-gegund': 'Niet gegund',
  toegelaten: 'Toegelaten',
  toegekend: 'Toegekend',
};

export const ACTION_LABELS: Record<string, string> = {
  aanmaken: 'Procedure aangemaakt',
  inrichten: 'Inrichting gewijzigd',
  publiceren: 'Gepubliceerd',
  'go-no-go:go': 'Go-besluit',
  'go-no-go:no-go': 'No-go-besluit',
  'instroomronde-sluiten': 'Eerste instroomronde gesloten',
  'toetreding-sluiten': 'Tussentijdse toetreding gesloten',
  'toetreding-openen': 'Tussentijdse toetreding geopend',
  'aanvraag-sluiten': 'Aanvraagperiode gesloten',
  beeindigen: 'Beëindigd',
  intrekken: 'Ingetrokken',
  gunnen: 'Gegund',
  aanmelding: 'Aanmelding ontvangen',
  toelatingsverzoek: 'Toelatingsverzoek ontvangen',
  subsidieaanvraag: 'Subsidieaanvraag ontvangen',
  toetsing: 'Geschiktheidseisen getoetst',
  scoren: 'Scores vastgelegd',
  inschrijving: 'Inschrijving ontvangen',
  selecteren: 'Geselecteerd',
  afwijzen: 'Afgewezen',
  toelaten: 'Toegelaten',
};

export const percent = (bp: number | null) => (bp === null ? '—' : `${(bp / 100).toLocaleString('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`);
export const euro = (cents: number | null) => (cents === null ? '—' : new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(cents / 100));
export const dateNl = (d: string | null) => (d ? new Date(`${d}T12:00:00Z`).toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric' }) : '—');
