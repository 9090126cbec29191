/**
 * Who sees which fields of a resource: one pure function per resource, used by the use cases and
 * named by the authorisation matrix (src/api/authz-matrix.ts). No I/O; everything a decision needs
 * is passed in, so later rules (e.g. "once the intention to award is published, a bidder sees the
 * winner's name and scores") extend the input and the function, not the callers.
 */
import type { CaseState } from './case.js';
import type { Role } from './roles.js';

/** Roles that buy care: they see every bid, price, score and ranking of a procedure. */
export const PROCUREMENT_ROLES: readonly Role[] = ['contractmanager', 'beheer'];

export interface ProcedureVisibility {
  /** Which applications the reader sees: every one, only its own (a bidder), or none. */
  applications: 'alle' | 'eigen' | 'geen';
  /** Prices, plan and quality scores and EMVI totals of the applications it sees. */
  bids: boolean;
  /** The EMVI ranking per perceel (reveals every bidder's relative price). */
  ranking: boolean;
  /** Awards: every award, only its own, or none; `awardScores` whether their EMVI score shows. */
  awards: 'alle' | 'eigen' | 'geen';
  awardScores: boolean;
  /** The procedure's outcome as a workbook or PDF (every applicant's scores). */
  export: boolean;
}

/**
 * Procurement visibility (issue #10: bids, prices, scores and rankings only for procurement roles; a
 * bidder sees its own application and scores and never another bidder's price). The procedure
 * facts are the extension point for the award-intention rule.
 */
export function procedureVisibility(reader: { role: Role; providerId: number | null }, _procedure: { status: string } = { status: '' }): ProcedureVisibility {
  if (PROCUREMENT_ROLES.includes(reader.role)) return { applications: 'alle', bids: true, ranking: true, awards: 'alle', awardScores: true, export: true };
  if (reader.role === 'aanbieder' && reader.providerId !== null)
    return { applications: 'eigen', bids: true, ranking: false, awards: 'eigen', awardScores: true, export: false };
  // Regional policy roles follow the procedure's progress and its published awards, without bids.
  return { applications: 'geen', bids: false, ranking: false, awards: 'alle', awardScores: false, export: false };
}

/** The parts of a case a provider needs to deliver its own allocations (issue #10). */
export type ProviderCaseState = Omit<CaseState, 'hulpvraag' | 'triage' | 'mdos' | 'analyse' | 'verwijzingen' | 'nazorg'> & {
  hulpvraag?: never;
  triage?: never;
  mdos?: never;
  analyse?: never;
  verwijzingen?: never;
};

/**
 * A case as a provider sees it: only its own allocations and the decisions they rest on; not the
 * help question, triage, MDO deliberation, analysis, referrals, other providers' allocations or
 * decisions. Birth date and the regievoerder stay (needed to deliver the care and to call).
 */
export function caseStateForProvider(state: CaseState, providerId: number): ProviderCaseState {
  const toewijzingen = state.toewijzingen.filter((t) => t.providerId === providerId);
  const decisionIds = new Set(toewijzingen.map((t) => t.beschikkingId));
  const { hulpvraag: _h, triage: _t, mdos: _m, analyse: _a, verwijzingen: _v, nazorg: _n, ...rest } = state;
  return { ...rest, toewijzingen, beschikkingen: state.beschikkingen.filter((b) => decisionIds.has(b.id)) };
}

/** What the landscape shows: the published facts only, or with the contract register (all or one provider's). */
export type LandscapeVisibility = { register: 'geen' } | { register: 'alle' } | { register: 'eigen'; providerId: number };

/**
 * Anonymous readers get what a region publishes on purpose (segments, lots, products, funding
 * model); the contract register (providers, AGB codes, ceilings) only logged-in roles that work
 * with it; a provider only its own contracts.
 */
export function landscapeVisibility(reader: { role: Role; providerId: number | null } | null): LandscapeVisibility {
  if (!reader || reader.role === 'privacy') return { register: 'geen' };
  if (reader.role === 'aanbieder') return reader.providerId === null ? { register: 'geen' } : { register: 'eigen', providerId: reader.providerId };
  return { register: 'alle' };
}
