/** Client and response types of the contracts API (src/api/contract-routes.ts). Amounts are integer cents. */
import { request } from '../api';

export interface Source {
  seed: string;
  section: string;
  quote?: string;
}

export interface TermView {
  startDate: string;
  endDate: string;
  originalEndDate: string;
  maximumEndDate: string;
  extensionsUsed: number;
  remainingOptions: number[];
  label: string;
}

export type ContractState = 'gegund' | 'lopend' | 'afgelopen';

export interface ContractSummary {
  id: number;
  providerId: number;
  providerName: string;
  agbCode: string;
  segmentId: string;
  segmentName: string;
  lotId: string | null;
  contractType: string | null;
  startDate: string;
  endDate: string;
  status: string;
  state: ContractState;
  term: TermView;
  ceilingCents: number | null;
  ceilings: AppliedCeiling[];
  procedureId: number | null;
  pendingChanges: number;
}

/** A yearly ceiling that applies to a contract, with spend to date (src/domain/contracts/ceilings.ts). */
export interface AppliedCeiling {
  level: 'aanbieder' | 'segment' | 'contract';
  year: number;
  ceilingCents: number;
  spentCents: number | null;
  forecastCents: number | null;
  usedShare: number | null;
  source?: Source;
}

export interface Notice {
  ruleId: string;
  months: number;
  source: Source;
}

export interface SegmentChanges {
  id: string;
  name: string;
  notice: Notice | null;
  changes: ChangeView[];
}

export interface ChangeView {
  id: number;
  contractId: number | null;
  segmentId: string;
  kind: string;
  description: string;
  announcedOn: string;
  effectiveOn: string;
  status: string;
  state: 'aangekondigd' | 'van-kracht' | 'ingetrokken';
  byUser: string;
  data: Record<string, unknown> | null;
}

export interface TimelineEvent {
  date: string;
  kind: 'procedure' | 'gunning' | 'start' | 'wijziging' | 'verlenging' | 'dialoog' | 'einde';
  title: string;
  detail?: string;
  ref?: { type: 'change' | 'dialogue' | 'procedure'; id: number };
}

export interface CycleItem {
  ruleId: string;
  soort: string;
  niveau: string;
  frequentie?: string;
  nextDates: string[];
  source: Source;
}

export interface ContractDetail extends ContractSummary {
  mayChange: boolean;
  conditions: { id: string; omschrijving: string; bron?: Source }[];
  products: { categorie: string; naam: string; eenheid?: string; bekostiging?: string }[];
  tariffs: { productCategorie: string; productCode: string | null; eenheid: string; priceCents: number; validFrom: string }[];
  members: { id: number; name: string; kind: string; role: string; providerId: number | null }[];
  changes: ChangeView[];
  dialogues: { id: number; kind: string; scheduledOn: string; status: string; heldOn: string | null }[];
  timeline: TimelineEvent[];
  procedure: { id: number; name: string; soort: string; status: string } | null;
  award: { awardedOn: string; emviScore: number | null; lotId: string | null } | null;
  notice: Notice | null;
  consortiumRule: { ruleId: string; vereist: string[]; source: Source } | null;
  dialogueCycle: CycleItem[];
}

export interface Kpi {
  id: string;
  label: string;
  value: number;
  unit: 'cents' | 'count' | 'share';
  detail?: string;
}

export interface ActionView {
  id: number;
  dialogueId: number;
  description: string;
  owner: string;
  dueOn: string;
  status: string;
  doneOn: string | null;
  followUp: string | null;
  followUpDialogueId: number | null;
  overdue: boolean;
}

export interface DialogueView {
  id: number;
  segmentId: string;
  segmentName: string;
  lotId: string | null;
  contractId: number | null;
  providerId: number | null;
  providerName: string | null;
  kind: string;
  scheduledOn: string;
  agenda: string[];
  status: string;
  heldOn: string | null;
  minutes: string | null;
  kpiSnapshot: { asOf: string; year: number; scope: string; items: Kpi[]; notes: string[] } | null;
  byUser: string;
  actions: ActionView[];
  followUps: ActionView[];
}

export interface Concentration {
  totalCents: number;
  providerCount: number;
  providers: { providerId: number; name: string; cents: number; share: number; cumulativeShare: number; rank: number }[];
  top5Share: number;
  hhi: number;
  pareto: { x: number; y: number }[];
}

export interface SegmentMarket {
  segmentId: string;
  segmentName: string;
  hasData: boolean;
  note?: string;
  concentration: Concentration;
  reportedTop5?: { share: number; source: Source };
  rule: { ruleId: string; methode: string; paretoAandeel?: number; omzetdrempelCents?: number; source: Source } | null;
  tiers: { providerId: number; tier: string; method: string; decidedOn: string }[];
}

export interface MarketView {
  year: number;
  asOf: string;
  years: number[];
  segments: SegmentMarket[];
  mayChange: boolean;
  assumption: { paretoAandeel: number; text: string };
}

export interface TierResult {
  ruleId: string;
  method: 'pareto' | 'omzetdrempel';
  parameter: { paretoAandeel?: number; omzetdrempelCents?: number; from: 'profiel' | 'aanname' };
  partners: number[];
  regular: number[];
  partnerShare: number;
  rationale: string;
  source: Source;
  segmentId: string;
  year: number;
  recorded: number;
  names: Record<string, string>;
}

export interface ProviderPage {
  id: number;
  name: string;
  agbCode: string;
  kind: string;
  contracts: { id: number; segmentId: string; segmentName: string; lotId: string | null; startDate: string; endDate: string; state: string; term: string }[];
  turnover: { segmentId: string; segmentName: string; year: number; cents: number }[];
  tiers: { segmentId: string; segmentName: string; tier: string; method: string; rationale: string; decidedOn: string }[];
  applications: { id: number; procedureId: number; procedureName: string; segmentId: string; status: string; submittedOn: string; decidedOn: string | null; lotIds: string[] }[];
  hasFundingData: boolean;
}

const r = (regionId: string) => `/regions/${encodeURIComponent(regionId)}`;
const qs = (q: Record<string, string | number | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

export const contractsApi = {
  list: (regionId: string, f: { segmentId?: string; status?: string; q?: string; providerId?: number }, signal?: AbortSignal) =>
    request<{ total: number; rows: ContractSummary[]; mayChange: boolean; segment?: SegmentChanges }>('GET', `${r(regionId)}/contracts${qs(f)}`, undefined, signal),
  get: (regionId: string, id: number, signal?: AbortSignal) => request<ContractDetail>('GET', `${r(regionId)}/contracts/${id}`, undefined, signal),
  announce: (regionId: string, id: number, body: { kind: string; description: string; effectiveOn: string; announcedOn?: string }) =>
    request<ChangeView & { notice: { earliestEffective: string } | null }>('POST', `${r(regionId)}/contracts/${id}/changes`, body),
  announceSegment: (regionId: string, segmentId: string, body: { kind: string; description: string; effectiveOn: string; announcedOn?: string }) =>
    request<ChangeView & { notice: { earliestEffective: string } | null }>('POST', `${r(regionId)}/segments/${encodeURIComponent(segmentId)}/changes`, body),
  withdraw: (regionId: string, changeId: number, reason: string) => request<ChangeView>('POST', `${r(regionId)}/contract-changes/${changeId}/withdraw`, { reason }),
  extend: (regionId: string, id: number) => request<{ endDate: string; extensionsUsed: number }>('POST', `${r(regionId)}/contracts/${id}/extensions`),
  addMember: (regionId: string, id: number, body: { name: string; kind: string; role: string }) =>
    request<{ members: ContractDetail['members']; incomplete: { ruleId: string; missing: string[] }[] }>('POST', `${r(regionId)}/contracts/${id}/members`, body),
  removeMember: (regionId: string, id: number, memberId: number) => request<{ members: ContractDetail['members'] }>('DELETE', `${r(regionId)}/contracts/${id}/members/${memberId}`),
  dialogues: (regionId: string, f: { contractId?: number; providerId?: number; segmentId?: string }, signal?: AbortSignal) =>
    request<{ rows: DialogueView[]; overdueActions: number; mayChange: boolean }>('GET', `${r(regionId)}/dialogues${qs(f)}`, undefined, signal),
  schedule: (regionId: string, body: { kind: string; scheduledOn: string; agenda: string[]; contractId?: number; segmentId?: string }) => request<DialogueView>('POST', `${r(regionId)}/dialogues`, body),
  hold: (regionId: string, id: number, body: { minutes: string; heldOn?: string; actions: { description: string; owner: string; dueOn: string }[]; followUps?: { actionId: number; note: string; status?: string }[] }) =>
    request<DialogueView>('POST', `${r(regionId)}/dialogues/${id}/hold`, body),
  cancel: (regionId: string, id: number, reason: string) => request<DialogueView>('POST', `${r(regionId)}/dialogues/${id}/cancel`, { reason }),
  closeAction: (regionId: string, id: number, status: 'afgerond' | 'vervallen', note?: string) => request<ActionView>('POST', `${r(regionId)}/dialogue-actions/${id}/complete`, { status, ...(note ? { note } : {}) }),
  provider: (regionId: string, id: number, signal?: AbortSignal) => request<ProviderPage>('GET', `${r(regionId)}/providers/${id}`, undefined, signal),
  market: (regionId: string, year: number | undefined, signal?: AbortSignal) => request<MarketView>('GET', `${r(regionId)}/market${qs({ year })}`, undefined, signal),
  tiers: (regionId: string, body: { segmentId: string; year: number; paretoAandeel?: number; omzetdrempelCents?: number; dryRun?: boolean }) => request<TierResult>('POST', `${r(regionId)}/provider-tiers`, body),
};
