import type {
  AllocationChangeBody,
  CareSummary,
  CaseCommand,
  CaseDetail,
  CaseView,
  DemoAccount,
  HelpRequest,
  Landscape,
  Problem,
  RegionSummary,
  RuleHit,
  SessionUser,
  WorklistRow,
} from './api-types';
import type { AuditQueryParams, AuditRow } from './api-types';
import type { ListRequest, ProcedureListRow, ProviderListRow } from './api-types';
import type {
  BudgetFramework,
  DeclarationDetail,
  DeclarationFilter,
  DeclarationList,
  DemoFundingStatus,
  ScheduleList,
  SpendBy,
  SpendReport,
} from './api-types';

const BASE = '/api/v1';

/** An API error carrying the server's problem details (title/detail are shown to the user). */
export class ApiError extends Error {
  /** Set by a screen part that shows this error itself (beside a field or in its own panel). */
  handled = false;
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

async function toProblem(res: Response): Promise<Problem> {
  const fallback: Problem = { title: `Fout ${res.status}`, status: res.status, detail: res.statusText || undefined };
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return fallback;
  try {
    const body = (await res.json()) as Partial<Problem>;
    return { ...fallback, ...body, title: body.title ?? fallback.title };
  } catch {
    return fallback;
  }
}

export async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(BASE + path, {
      method,
      signal,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ApiError({ title: 'Server niet bereikbaar', status: 0, detail: 'Controleer de verbinding en probeer het opnieuw.' });
  }
  if (!res.ok) throw new ApiError(await toProblem(res));
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** The audit trail screen's filter: the query of GET /audit as typed text; empty values are left out. */
export type AuditSearch = { [K in Exclude<keyof AuditQueryParams, 'limit' | 'before'>]?: string };
function auditQuery(f: AuditSearch): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (typeof v === 'string' && v.trim()) q.set(k, v.trim());
  return q.toString() ? `?${q}` : '';
}

/**
 * A provider gets a case without its intake (help question, triage, MDO, referrals): the lists are
 * made empty so screens can iterate; `state.hulpvraag === undefined` tells the intake is not shown.
 */
function withIntakeLists<T extends CaseView>(v: T): T {
  return { ...v, state: { ...v.state, mdos: v.state.mdos ?? [], verwijzingen: v.state.verwijzingen ?? [] } };
}

export interface WorklistQuery {
  areaId?: string;
  onlyWithSignals?: boolean;
  q?: string;
  sort?: string;
  limit?: number;
  offset?: number;
}

function worklistQuery(f: WorklistQuery): string {
  const q = new URLSearchParams();
  if (f.areaId) q.set('areaId', f.areaId);
  if (f.onlyWithSignals) q.set('onlyWithSignals', 'true');
  if (f.q?.trim()) q.set('q', f.q.trim());
  if (f.sort) q.set('sort', f.sort);
  if (f.limit !== undefined) q.set('limit', String(f.limit));
  if (f.offset !== undefined) q.set('offset', String(f.offset));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A query string of the set values. */
export function queryString(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

function declarationQuery(f: DeclarationFilter): string {
  return queryString({
    providerId: f.providerId,
    municipality: f.municipalityCode,
    period: f.period,
    rejected: f.rejectedOnly ? 'true' : undefined,
    q: f.q?.trim(),
    sort: f.sort,
    limit: f.limit,
    offset: f.offset || undefined,
  });
}

export const api = {
  regions: (signal?: AbortSignal) => request<{ regions: RegionSummary[] }>('GET', '/regions', undefined, signal),
  landscape: (regionId: string, signal?: AbortSignal) => request<Landscape>('GET', `/regions/${encodeURIComponent(regionId)}/landscape`, undefined, signal),
  /** Care use over the last five calendar years (the dashboard window). */
  careSummary: (regionId: string, signal?: AbortSignal) =>
    request<CareSummary>('GET', `/regions/${encodeURIComponent(regionId)}/care-summary?from=${new Date().getFullYear() - 4}`, undefined, signal),
  /** The user (null when not logged in) and how one can log in here (organisation login, demo accounts). */
  session: (signal?: AbortSignal) =>
    request<{ user: SessionUser | null; login?: { local: boolean; oidc: boolean; demo: boolean } }>('GET', '/session', undefined, signal),
  login: (username: string, password: string) => request<{ user: SessionUser }>('POST', '/session', { username, password }),
  logout: () => request<void>('DELETE', '/session'),
  demoAccounts: (signal?: AbortSignal) => request<{ accounts: DemoAccount[] }>('GET', '/demo-accounts', undefined, signal),
  /** Open cases in the user's scope: search (name or case number), sort and one page, answered as {total, rows}. */
  worklist: (regionId: string, filter: WorklistQuery, signal?: AbortSignal) =>
    request<{ total: number; rows: WorklistRow[] }>('GET', `/regions/${encodeURIComponent(regionId)}/worklist${worklistQuery(filter)}`, undefined, signal),
  /** The filtered worklist as a file (same filters, no paging). */
  worklistExportUrl: (regionId: string, filter: WorklistQuery, format: 'csv' | 'xlsx') =>
    `${BASE}/regions/${encodeURIComponent(regionId)}/worklist.${format}${worklistQuery({ ...filter, limit: undefined, offset: undefined })}`,
  /** Registers a help request; the BSN travels in the body, never in the URL. */
  createCase: (regionId: string, body: HelpRequest) => request<CaseView>('POST', `/regions/${encodeURIComponent(regionId)}/cases`, body),
  /** Audit-logged read of one case: `purpose` (a code from the list) and the explanation are stored with the read. */
  readCase: (regionId: string, caseId: number, purpose: string, signal?: AbortSignal, toelichting?: string) =>
    request<CaseDetail>(
      'GET',
      `/regions/${encodeURIComponent(regionId)}/cases/${caseId}?purpose=${encodeURIComponent(purpose)}${toelichting ? `&toelichting=${encodeURIComponent(toelichting)}` : ''}`,
      undefined,
      signal,
    ).then(withIntakeLists),
  /** The region's audit trail (role privacy), newest first. */
  audit: (regionId: string, filter: AuditSearch, signal?: AbortSignal) =>
    request<{ rows: AuditRow[]; more: boolean }>('GET', `/regions/${encodeURIComponent(regionId)}/audit${auditQuery(filter)}`, undefined, signal),
  auditCsvUrl: (regionId: string, filter: AuditSearch) => `${BASE}/regions/${encodeURIComponent(regionId)}/audit.csv${auditQuery(filter)}`,
  caseCommand: (regionId: string, caseId: number, command: CaseCommand, expectedVersion?: number) =>
    request<CaseView & { hits: RuleHit[] }>('POST', `/regions/${encodeURIComponent(regionId)}/cases/${caseId}/commands`, { command, expectedVersion }).then(
      withIntakeLists,
    ),
  /** Changes or withdraws an allocation; the provider receives the JW301 (absent for a taakgericht segment). */
  changeAllocation: (regionId: string, caseId: number, nummer: number, body: AllocationChangeBody, expectedVersion?: number) =>
    request<CaseView & { hits: RuleHit[]; jw301?: { id: number; identificatie: string; toewijzingNummers: number[] } }>(
      'POST',
      `/regions/${encodeURIComponent(regionId)}/cases/${caseId}/allocations/${nummer}/change`,
      { ...body, expectedVersion },
    ),
  /** Funding: spend, committed and forecast of a year per provider, segment or municipality. */
  spend: (regionId: string, year: number, by: SpendBy, signal?: AbortSignal) =>
    request<SpendReport>('GET', `/regions/${encodeURIComponent(regionId)}/spend?year=${year}&by=${by}`, undefined, signal),
  /** Received declarations, newest period first, filtered by provider, municipality (Ontvanger), period (YYYY-MM or YYYY) and rejected lines. */
  declarations: (regionId: string, filter: DeclarationFilter, signal?: AbortSignal) =>
    request<DeclarationList>('GET', `/regions/${encodeURIComponent(regionId)}/declarations${declarationQuery(filter)}`, undefined, signal),
  /** The filtered declaration list as a file (same filters, search and sort; no paging). */
  declarationsExportUrl: (regionId: string, filter: DeclarationFilter, format: 'csv' | 'xlsx') =>
    `${BASE}/regions/${encodeURIComponent(regionId)}/declarations.${format}${declarationQuery({ ...filter, limit: undefined, offset: undefined })}`,
  /** All procedures as a list: search, sort, one page ({total, rows}). */
  procedureList: (regionId: string, r: ListRequest, signal?: AbortSignal) =>
    request<{ total: number; rows: ProcedureListRow[] }>(
      'GET',
      `/regions/${encodeURIComponent(regionId)}/procedure-list${queryString({ ...r })}`,
      undefined,
      signal,
    ),
  procedureListExportUrl: (regionId: string, r: ListRequest, format: 'csv' | 'xlsx') =>
    `${BASE}/regions/${encodeURIComponent(regionId)}/procedure-list.${format}${queryString({ q: r.q, sort: r.sort })}`,
  /** The provider register: search, sort, one page ({total, rows}). */
  providerList: (regionId: string, r: ListRequest, signal?: AbortSignal) =>
    request<{ total: number; rows: ProviderListRow[] }>('GET', `/regions/${encodeURIComponent(regionId)}/providers${queryString({ ...r })}`, undefined, signal),
  providerListExportUrl: (regionId: string, r: ListRequest, format: 'csv' | 'xlsx') =>
    `${BASE}/regions/${encodeURIComponent(regionId)}/providers.${format}${queryString({ q: r.q, sort: r.sort })}`,
  /** How far the demo funding of a demo region is (settled in the background after the server starts). */
  demoFunding: (regionId: string, signal?: AbortSignal) =>
    request<DemoFundingStatus>('GET', `/regions/${encodeURIComponent(regionId)}/demo-funding`, undefined, signal),
  /** One declaration with per-line outcomes and the JW325 answer (audit-logged for personal roles). */
  declaration: (regionId: string, declarationId: number, signal?: AbortSignal) =>
    request<DeclarationDetail>('GET', `/regions/${encodeURIComponent(regionId)}/declarations/${declarationId}`, undefined, signal),
  schedules: (regionId: string, year: number, signal?: AbortSignal) =>
    request<ScheduleList>('GET', `/regions/${encodeURIComponent(regionId)}/schedules?year=${year}`, undefined, signal),
  budgetFramework: (regionId: string, signal?: AbortSignal) =>
    request<BudgetFramework>('GET', `/regions/${encodeURIComponent(regionId)}/budget-framework`, undefined, signal),
};
