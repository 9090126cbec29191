/** Response shapes of the Regiekamer Jeugd API (/api/v1). The landscape types come from the domain. */
export type { Landscape, SegmentView, ContractView, Source, Open } from '../../src/domain/landscape/landscape';
export type { MdoRequirement, RuleHit } from '../../src/domain/access/access-rules';
export type {
  CaseState,
  CaseStatus,
  Mdo,
  Verwijzing,
  Beschikking,
  Toewijzing,
  TriageUitkomst,
  Complexiteit,
  SpoedhulpFase,
} from '../../src/domain/access/case';
export type { CommandType } from '../../src/domain/access/commands';

/**
 * The API's own types (src/api/types.ts re-exports them from the use cases and route schemas):
 * one definition each, type-only (no runtime code from src/ reaches the bundle through here).
 */
export type {
  RegionSummary,
  UserView as SessionUser,
  DemoAccountView as DemoAccount,
  CareSummary,
  ProblemDetails as Problem,
  CaseView,
  CaseDetail,
  WorklistRow,
  HelpRequestBody as HelpRequest,
  AllocationChangeRequestBody as AllocationChangeBody,
  CaseCommandBody as CaseCommand,
  Bron,
  SpendBy,
  SpendReport,
  SpendRow,
  DeclarationSummary,
  DeclarationFilter,
  DeclarationList,
  DeclarationDetail,
  ProcedureRowView as ProcedureListRow,
  ProviderRow as ProviderListRow,
  PageRequest as ListRequest,
  DemoFundingStatus,
  ScheduleList,
  ScheduleLine,
  TotalCheck as FrameworkTotalCheck,
  FrameworkTable,
  DatedParameter as FrameworkParameter,
  BudgetFrameworkView as BudgetFramework,
  AuditRowView as AuditRow,
  AuditQueryParams,
  ContractDetailResponse,
} from '../../src/api/types';
import type { DeclarationDetail } from '../../src/api/types';

/** One line of a declaration with its outcome. */
export type DeclarationLine = DeclarationDetail['lines'][number];
