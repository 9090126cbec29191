/**
 * Client of the contracts API (src/api/contract-routes.ts). Amounts are integer cents.
 * The response types are the server's own, imported type-only (erased at build) so each has one
 * definition; only what a route adds on top of a use case's result is defined here.
 */
import { request } from '../api';
import type { ChangeView } from '../../../src/app/contracts/contracts';
import type { addMember, announceChange, exerciseContractExtension, listContracts, removeMember } from '../../../src/app/contracts/contracts';
import type { ActionView, DialogueView, dialogueCycle, listDialogues } from '../../../src/app/contracts/dialogues';
import type { MarketView, ProviderPage, recordProviderTiers } from '../../../src/app/contracts/market';

export type { Source } from '../api-types';
export type { AppliedCeiling } from '../../../src/domain/contracts/ceilings';
export type { TermView } from '../../../src/domain/contracts/term';
export type { Concentration } from '../../../src/domain/contracts/market';
export type { ContractSummary, SegmentChanges, ChangeView, TimelineEvent, NoticeView as Notice } from '../../../src/app/contracts/contracts';
export type { ActionView, DialogueView } from '../../../src/app/contracts/dialogues';
export type { Kpi } from '../../../src/app/contracts/kpis';
export type { MarketView, SegmentMarket, ProviderPage } from '../../../src/app/contracts/market';

/** What a server use case resolves to (the JSON body of its route). */
type Result<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

/** A dialogue the profile's `dialoogcyclus` prescribes, with its next dates. */
export type CycleItem = Result<typeof dialogueCycle>[number];
/** GET /contracts/:cid: the use case's detail with the contract's dialogue cycle (the route's type). */
export type { ContractDetailResponse as ContractDetail } from '../api-types';
import type { ContractDetailResponse as ContractDetail } from '../api-types';
export type TierResult = Result<typeof recordProviderTiers>;

const r = (regionId: string) => `/regions/${encodeURIComponent(regionId)}`;
const qs = (q: Record<string, string | number | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

export const contractsApi = {
  list: (
    regionId: string,
    f: { segmentId?: string; status?: string; q?: string; providerId?: number; limit?: number; offset?: number },
    signal?: AbortSignal,
  ) => request<Result<typeof listContracts>>('GET', `${r(regionId)}/contracts${qs(f)}`, undefined, signal),
  /** The filtered register as a file (same filters; no paging). */
  exportUrl: (regionId: string, f: { segmentId?: string; status?: string; q?: string }, format: 'csv' | 'xlsx') =>
    `/api/v1${r(regionId)}/contracts.${format}${qs(f)}`,
  get: (regionId: string, id: number, signal?: AbortSignal) => request<ContractDetail>('GET', `${r(regionId)}/contracts/${id}`, undefined, signal),
  announce: (regionId: string, id: number, body: { kind: string; description: string; effectiveOn: string; announcedOn?: string }) =>
    request<Result<typeof announceChange>>('POST', `${r(regionId)}/contracts/${id}/changes`, body),
  announceSegment: (regionId: string, segmentId: string, body: { kind: string; description: string; effectiveOn: string; announcedOn?: string }) =>
    request<Result<typeof announceChange>>('POST', `${r(regionId)}/segments/${encodeURIComponent(segmentId)}/changes`, body),
  withdraw: (regionId: string, changeId: number, reason: string) =>
    request<ChangeView>('POST', `${r(regionId)}/contract-changes/${changeId}/withdraw`, { reason }),
  extend: (regionId: string, id: number) => request<Result<typeof exerciseContractExtension>>('POST', `${r(regionId)}/contracts/${id}/extensions`),
  addMember: (regionId: string, id: number, body: { name: string; kind: string; role: string }) =>
    request<Result<typeof addMember>>('POST', `${r(regionId)}/contracts/${id}/members`, body),
  removeMember: (regionId: string, id: number, memberId: number) =>
    request<Result<typeof removeMember>>('DELETE', `${r(regionId)}/contracts/${id}/members/${memberId}`),
  dialogues: (regionId: string, f: { contractId?: number; providerId?: number; segmentId?: string }, signal?: AbortSignal) =>
    request<Result<typeof listDialogues>>('GET', `${r(regionId)}/dialogues${qs(f)}`, undefined, signal),
  schedule: (regionId: string, body: { kind: string; scheduledOn: string; agenda: string[]; contractId?: number; segmentId?: string }) =>
    request<DialogueView>('POST', `${r(regionId)}/dialogues`, body),
  hold: (
    regionId: string,
    id: number,
    body: {
      minutes: string;
      heldOn?: string;
      actions: { description: string; owner: string; dueOn: string }[];
      followUps?: { actionId: number; note: string; status?: string }[];
    },
  ) => request<DialogueView>('POST', `${r(regionId)}/dialogues/${id}/hold`, body),
  cancel: (regionId: string, id: number, reason: string) => request<DialogueView>('POST', `${r(regionId)}/dialogues/${id}/cancel`, { reason }),
  closeAction: (regionId: string, id: number, status: 'afgerond' | 'vervallen', note?: string) =>
    request<ActionView>('POST', `${r(regionId)}/dialogue-actions/${id}/complete`, { status, ...(note ? { note } : {}) }),
  provider: (regionId: string, id: number, signal?: AbortSignal) => request<ProviderPage>('GET', `${r(regionId)}/providers/${id}`, undefined, signal),
  market: (regionId: string, year: number | undefined, signal?: AbortSignal) =>
    request<MarketView>('GET', `${r(regionId)}/market${qs({ year })}`, undefined, signal),
  tiers: (regionId: string, body: { segmentId: string; year: number; paretoAandeel?: number; omzetdrempelCents?: number; dryRun?: boolean }) =>
    request<TierResult>('POST', `${r(regionId)}/provider-tiers`, body),
};
