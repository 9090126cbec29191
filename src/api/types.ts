/**
 * The response (and request body) types of the API (/api/v1), one definition each: the web app
 * imports them from here with `import type` (web/src/api-types.ts), so a field the server renames
 * is a compile error in the web. This file holds no definitions of its own and no runtime code:
 * it only re-exports the types the use cases and route schemas already declare.
 */
export type { RegionSummary } from '../app/landscape.js';
export type { UserView } from '../app/auth.js';
export type { DemoAccountView } from '../app/accounts.js';
export type { CareSummary } from '../app/care.js';
export type { ProblemDetails } from './context.js';
export type { CaseView } from '../app/access/case-store.js';
export type { CaseDetail, WorklistRow } from '../app/access/case-queries.js';
export type { HelpRequestBody, AllocationChangeRequestBody, CaseCommandBody } from './access-routes.js';
export type { Bron } from '../domain/landscape/profile-schema.js';
export type { SpendBy, SpendReport, SpendRow } from '../app/funding/spend.js';
export type { DeclarationSummary, DeclarationFilter, DeclarationList, DeclarationDetail } from '../app/funding/declarations.js';
export type { ProcedureRowView } from '../app/procurement/procedure-list.js';
export type { ProviderRow } from '../app/contracts/provider-list.js';
export type { PageRequest } from '../app/lists.js';
export type { DemoFundingStatus } from '../app/funding/demo-funding-status.js';
export type { ScheduleList, ScheduleLine } from '../app/funding/schedules.js';
export type { BudgetFrameworkView, DatedParameter, FrameworkTable, TotalCheck } from '../app/funding/budget-framework.js';
export type { AuditRowView } from '../app/audit.js';
export type { AuditQueryParams } from './audit-routes.js';
export type { ContractDetailResponse } from './contract-routes.js';
