/**
 * API client of the procurement procedures (src/api/procurement-routes.ts). The response types are
 * the server's own, imported type-only (erased at build) so each has one definition.
 */
import { request } from '../api';
import type { ApplicationView, Board, ProcedureDetail } from '../../../src/app/procurement/procedures';
import type { checkAward } from '../../../src/app/procurement/award';
import type { ProposedAward } from '../../../src/domain/procurement/award';
import type { EmviCriterion } from '../../../src/domain/procurement/config';
import type { ProcedureAction } from '../../../src/domain/procurement/procedure';

export type { Refusal } from '../../../src/domain/procurement/sources';
export type { ApplicationView, Board, ProcedureDetail, ProcedureSummary } from '../../../src/app/procurement/procedures';
export type { EmviCriterion, ProcedureConfig } from '../../../src/domain/procurement/config';
export type { RankedTender } from '../../../src/domain/procurement/emvi';
export type { ProposedAward } from '../../../src/domain/procurement/award';

/** A suitability requirement checked for an application. */
export type Check = ApplicationView['checks'][number];
/** The phase transitions a user asks for (the award has its own route). */
export type TransitionAction = Exclude<ProcedureAction, { type: 'gunnen' }>;

const r = (regionId: string) => `/regions/${encodeURIComponent(regionId)}/procedures`;
const p = (regionId: string, id: number) => `${r(regionId)}/${id}`;
const a = (regionId: string, id: number, aid: number) => `${p(regionId, id)}/applications/${aid}`;

export const procurementApi = {
  board: (regionId: string, signal?: AbortSignal) => request<Board>('GET', r(regionId), undefined, signal),
  create: (regionId: string, segmentId: string, name?: string) => request<ProcedureDetail>('POST', r(regionId), { segmentId, ...(name ? { name } : {}) }),
  detail: (regionId: string, id: number, signal?: AbortSignal) => request<ProcedureDetail>('GET', p(regionId, id), undefined, signal),
  configure: (
    regionId: string,
    id: number,
    body: { version: number; minimumPlanScore?: number | null; startDate?: string; endDate?: string; emvi?: { schaalMax: number; criteria: EmviCriterion[] } },
  ) => request<ProcedureDetail>('POST', `${p(regionId, id)}/config`, body),
  transition: (regionId: string, id: number, version: number, action: TransitionAction) =>
    request<ProcedureDetail>('POST', `${p(regionId, id)}/transitions`, { version, action }),
  apply: (
    regionId: string,
    id: number,
    body: {
      providerId?: number;
      lotIds?: string[];
      penvoerderKind?: string;
      members?: { name: string; kind: string; role: 'lid' | 'onderaannemer' }[];
      evidence?: Record<string, string>;
    },
  ) => request<ProcedureDetail>('POST', `${p(regionId, id)}/applications`, body),
  checks: (regionId: string, id: number, aid: number, version: number, checks: Check[]) =>
    request<ProcedureDetail>('POST', `${a(regionId, id, aid)}/checks`, { version, checks }),
  scores: (
    regionId: string,
    id: number,
    aid: number,
    version: number,
    body: { planScore?: number | string | null; scores?: Record<string, number | string> },
  ) => request<ProcedureDetail>('POST', `${a(regionId, id, aid)}/scores`, { version, ...body }),
  tender: (regionId: string, id: number, aid: number, version: number, priceCents: number) =>
    request<ProcedureDetail>('POST', `${a(regionId, id, aid)}/tender`, { version, priceCents }),
  decide: (regionId: string, id: number, aid: number, version: number, decision: 'selecteren' | 'afwijzen' | 'toelaten', reason?: string) =>
    request<ProcedureDetail>('POST', `${a(regionId, id, aid)}/decision`, { version, decision, ...(reason ? { reason } : {}) }),
  awardCheck: (regionId: string, id: number, awards: ProposedAward[], signal?: AbortSignal) =>
    request<Awaited<ReturnType<typeof checkAward>>>('POST', `${p(regionId, id)}/award-check`, { awards }, signal),
  /** Voornemen tot gunning: the proposed award and a written reason per perceel not going to rank 1. */
  intention: (regionId: string, id: number, version: number, awards: ProposedAward[], reasons: { lotId: string | null; reason: string }[]) =>
    request<ProcedureDetail>('POST', `${p(regionId, id)}/intention`, { version, awards, reasons }),
  intentionAction: (regionId: string, id: number, version: number, action: { type: 'opschorten' | 'intrekken'; reden: string } | { type: 'hervatten' }) =>
    request<ProcedureDetail>('POST', `${p(regionId, id)}/intention/actions`, { version, action }),
  /** The definitive award, after the standstill of the intention. */
  award: (regionId: string, id: number, version: number) => request<ProcedureDetail>('POST', `${p(regionId, id)}/award`, { version }),
  exportUrl: (regionId: string, id: number, ext: 'xlsx' | 'pdf') => `/api/v1${p(regionId, id)}/export.${ext}`,
};

export const SOORT_LABELS: Record<string, string> = {
  'sas-dialoog': 'SAS-procedure (dialooggericht)',
  'open-house': 'Open house (toelating)',
  'bestuurlijk-aanbesteden': 'Bestuurlijk aanbesteden (open house)',
  subsidie: 'Subsidie',
  samenwerkingsverband: 'Samenwerkingsverband (één partij met leden)',
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
  gunnen: 'Definitief gegund',
  'voornemen-gunning': 'Voornemen tot gunning bekendgemaakt',
  'voornemen-intrekken': 'Voornemen tot gunning ingetrokken',
  'termijn-opschorten': 'Opschortende termijn opgeschort (bezwaar)',
  'termijn-hervatten': 'Opschortende termijn hervat',
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

export const percent = (bp: number | null) =>
  bp === null ? '—' : `${(bp / 100).toLocaleString('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
export const euro = (cents: number | null) =>
  cents === null
    ? '—'
    : new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100);
export const dateNl = (d: string | null) =>
  d ? new Date(`${d}T12:00:00Z`).toLocaleDateString('nl-NL', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Amsterdam' }) : '—';

/** Reads a typed score as the server does ("7", "7,5"); null when it is not a number. */
export function readScoreInput(v: string): number | null {
  const t = v.trim();
  if (!/^\d{1,3}([.,]\d{1,2})?$/.test(t)) return null;
  return Number(t.replace(',', '.'));
}

/** The message beside a score field, or null when the score is a number in the scale. */
export function scoreFieldError(v: string, max: number, integer = false): string | null {
  if (v.trim() === '') return null;
  const n = readScoreInput(v);
  if (n === null) return `"${v}" is geen getal; vul een score van 0 tot en met ${max} in.`;
  if (n < 0 || n > max) return `De score ligt tussen 0 en ${max}.`;
  if (integer && !Number.isInteger(n)) return `Vul een heel getal van 0 tot en met ${max} in.`;
  return null;
}
