/** Response shapes of the Regiekamer Jeugd API (/api/v1). The landscape types come from the domain. */
export type { Landscape, SegmentView, ContractView, Source, Open } from '../../src/domain/landscape/landscape';
import type { MdoRequirement, RuleHit } from '../../src/domain/access/access-rules';
import type { CaseState, CaseStatus } from '../../src/domain/access/case';
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
import type { CommandType } from '../../src/domain/access/commands';
export type { CommandType } from '../../src/domain/access/commands';

export interface RegionSummary {
  id: string;
  name: string;
  validFrom: string;
  segmentCount: number;
  municipalityCount: number;
  hasDemo: boolean;
}

export interface SessionUser {
  username: string;
  displayName: string;
  role: string;
  regionId: string | null;
  municipalityCode: string | null;
  providerId: number | null;
  municipalityName: string | null;
  providerName: string | null;
  /** Tabs the role may use (mijn-werk, landschap, zorggebruik, werklijst, financien, inkoop). */
  tabs?: string[];
}

export interface DemoAccount {
  username: string;
  password: string;
  displayName: string;
  role: string;
  scope: string;
}

export interface CareSummary {
  scope: string;
  years: number[];
  byYear: { year: number; youths: number; trajectories: number }[];
  bySegment: { segmentId: string; year: number; youths: number; trajectories: number }[];
  byMunicipality: { municipalityCode: string; year: number; youths: number }[];
  providerConcentration: { segmentId: string; providerCount: number; top5Share: number }[];
}

/** RFC 9457 problem details, as every API error is returned. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  /** 422 from an access command: the blocking region rules that refused it. */
  rules?: RuleHit[];
  /** 400 (schema) or 422 (a form guard of the domain): the fields with their Dutch message. */
  errors?: { field: string; message: string }[];
}

/** An access case as the API returns it (src/app/access/cases.ts CaseView). */
export interface CaseView {
  id: number;
  regionId: string;
  familyId: number;
  youthId: number;
  municipalityCode: string;
  areaId: string | null;
  version: number;
  state: CaseState & { afgehandeld: { ruleId: string; datum: string; door: string }[] };
  signals: RuleHit[];
  /** The MDOs the region's rules ask of this case and whether they are met (the server decides; the web does not read rules). */
  mdoVereist: MdoRequirement[];
  /** The commands this user may give on the case now (the server decides; the case page offers these). */
  allowedCommands: CommandType[];
}

/** GET /regions/{id}/cases/{caseId}: the case with the youth (BSN masked) and its timeline. */
export interface CaseDetail extends CaseView {
  youth: { givenName: string; familyName: string; birthDate: string; bsnMasked: string };
  events: { at: string; type: string; by: string; text: string }[];
}

export interface WorklistRow {
  caseId: number;
  youthName: string;
  status: CaseStatus;
  regievoerder: string | null;
  areaId: string | null;
  crisis: boolean;
  signals: RuleHit[];
  expiring: { nummer: number; einddatum: string; segmentId: string }[];
  /** Earliest due calendar date (YYYY-MM-DD) of the row. */
  due: string | null;
  /** The exact moment (ISO date-time) when a clock (crisis) is due on that date. */
  dueAt: string | null;
}

export interface HelpRequest {
  youth: { bsn: string; givenName: string; familyName: string; birthDate: string; gender: '0' | '1' | '2' } | { youthId: number };
  familyId?: number;
  areaId?: string;
  hulpvraag: string;
  crisis: boolean;
  regievoerder?: string;
  /** BRP address of the family (needed for an allocation message). */
  adres?: { straat: string; huisnummer: number; postcode: string; woonplaats: string };
  /** A referral by an external referrer (COD327 02, 03, 04, 05, 08), recorded before triage. */
  verwijzing?: { datum: string; verwijzer: string; segmentId: string; viaGebied?: string; kader: 'vrijwillig' | 'gedwongen' };
}

/** POST /regions/{id}/cases/{caseId}/allocations/{nummer}/change: a change or withdrawal (JZ002 reden). */
export interface AllocationChangeBody {
  redenWijziging: string;
  einddatum?: string;
  omvang?: { volume: number; eenheid: string; frequentie: string };
  budgetCents?: number;
  wijzigingsdatum?: string;
  afgestemdMetAanbieder?: boolean;
  beschikkingId?: number;
}

/** The lifecycle commands of POST /regions/{id}/cases/{caseId}/commands (src/api/access-routes.ts). */
export type CaseCommand =
  | { type: 'verheldering' }
  | { type: 'triage'; uitkomsten: string[]; complexiteit: string; domeinoverstijgend: boolean }
  | { type: 'mdo'; mdo: { datum: string; deelnemers: string[]; overeenstemming: boolean; afweging: string; escalatiestap?: string } }
  | { type: 'analyse'; verklarendeAnalyse: boolean; ambulanteAlternatieven: string; diagnostiekAfgerond: boolean }
  | { type: 'verwijzing'; verwijzing: { datum: string; verwijzer: string; segmentId: string; viaGebied?: string; kader: 'vrijwillig' | 'gedwongen' } }
  | {
      type: 'beschikking';
      beschikking: { verwijzingId: number; segmentId: string; ingangsdatum: string; einddatum: string; besluitDoor: string; verlengingBeoordeeld?: boolean };
    }
  | {
      type: 'toewijzing';
      toewijzing: {
        beschikkingId: number;
        segmentId: string;
        providerId: number;
        productCategorie: string;
        productCode?: string;
        /** The product as the region's profile names it (rules per product read it). */
        product?: string;
        ingangsdatum: string;
        einddatum: string;
        budgetCents?: number;
      };
    }
  | { type: 'overbrugging'; nummer: number }
  | { type: 'spoedhulp'; nummer: number; fase: 'voor' | 'tijdens' | 'na'; datum: string }
  | { type: 'regie'; regievoerder?: string; regievoerderPartij?: string; procesregisseur?: string; procesregiePartij?: string }
  | { type: 'signaal-afgehandeld'; ruleId: string }
  | { type: 'afsluiten'; waakvlam: boolean; contactpersoon?: string }
  | { type: 'nazorg-beeindigen' };

// ---------- funding (bekostiging): src/api/funding-routes.ts, src/app/funding/*.ts ----------

/** A citation of a seed document as the funding API returns it (profile Bron). */
export interface Bron {
  seed: string;
  sectie: string;
  citaat?: string;
}

export type SpendBy = 'provider' | 'segment' | 'municipality';

/** GET /regions/{id}/spend: spend, committed and forecast against ceiling or budget, with the monthly line. */
export interface SpendReport {
  year: number;
  by: SpendBy;
  asOf: string;
  scope: string;
  /** Last month with declarations used for the run rate (YYYY-MM). */
  declaredThrough: string | null;
  totals: { spentCents: number; committedCents: number; forecastCents: number };
  rows: { key: string; name: string; spentCents: number; committedCents: number; forecastCents: number; ceilingCents?: number; budgetCents?: number }[];
  monthly: { month: string; spentCents: number; cumulativeCents: number; forecastCumulativeCents: number }[];
  notes: string[];
}
export type SpendRow = SpendReport['rows'][number];

/** GET /regions/{id}/declarations: one received declaration (JW323) with its settlement totals. */
export interface DeclarationSummary {
  id: number;
  providerId: number | null;
  providerAgb: string;
  providerName: string | null;
  /** The municipality the declaration is addressed to (Ontvanger). */
  municipalityCode: string | null;
  declaratieNummer: string;
  periodStart: string | null;
  periodEnd: string | null;
  receivedAt: string;
  submittedCents: number;
  approvedCents: number;
  lineCount: number;
  rejectedCount: number;
}

/** The declarations list with the periods of the scope for the filter (src/app/funding/declarations.ts). */
export type { DeclarationList } from '../../src/app/funding/declarations';

export interface DeclarationFilter {
  providerId?: number;
  /** Ontvanger (CBS code). */
  municipality?: string;
  /** YYYY-MM or YYYY. */
  period?: string;
  rejectedOnly?: boolean;
  /** Provider name, AGB code or declaration number. */
  q?: string;
  sort?: string;
  limit?: number;
  offset?: number;
}

/** A row of the procedure list (GET procedure-list). */
export interface ProcedureListRow {
  id: number;
  segmentId: string;
  segmentName: string;
  name: string;
  soort: string;
  status: string;
  statusLabel: string;
  nextStep: string;
  publishedOn: string | null;
  awardedOn: string | null;
  applicationCount: number;
}

/** A row of the provider register (GET providers). */
export interface ProviderListRow {
  id: number;
  name: string;
  agbCode: string;
  kind: string;
  contractCount: number;
  runningContracts: number;
  segments: string[];
  firstEnd: string | null;
}

export interface ListRequest {
  q?: string;
  sort?: string;
  limit?: number;
  offset?: number;
}

/** Progress of the demo funding settled in the background (one definition, in the use case). */
export type { DemoFundingStatus } from '../../src/app/funding/demo-funding-status';

export interface DeclarationLine {
  referentieNummer: string;
  vorigReferentieNummer: string | null;
  toewijzingNummer: number;
  segmentId: string | null;
  municipalityCode: string | null;
  productCategorie: string;
  productCode: string;
  begindatum: string;
  einddatum: string;
  volume: number;
  /** WJ756 unit code. */
  eenheid: string;
  /** Amount as declared (unsigned). */
  bedragCents: number;
  /** D (debet) or C (credit). */
  debetCredit: string;
  approved: boolean;
  /** WJ001 retourcodes with their description. */
  codes: { code: string; text: string }[];
  /** Approved amount (signed: a credit is negative; 0 when rejected). */
  amountCents: number;
  credited: boolean;
}

/** GET /regions/{id}/declarations/{did}: the declaration with per-line outcomes and the JW325 answer. */
export interface DeclarationDetail extends DeclarationSummary {
  lines: DeclarationLine[];
  answerXml: string;
  answerBsnMasked: boolean;
}

/** GET /regions/{id}/schedules: payments by schedule (lump sum, availability, result-based) of a year. */
export interface ScheduleList {
  year: number;
  asOf: string;
  scope: string;
  totalCents: number;
  paidCents: number;
  byModel: { model: string; totalCents: number }[];
  rows: ScheduleLine[];
}

export interface ScheduleLine {
  contractId: number | null;
  providerId: number;
  providerName: string;
  segmentId: string;
  segmentName: string;
  /** taakgericht | beschikbaarheid | resultaatgericht | outputgericht */
  model: string;
  /** Component, e.g. "lumpsum", "beschikbaarheid 1", "voorschot", "na doelrealisatie". */
  description: string;
  contractStart: string | null;
  contractEnd: string | null;
  totalCents: number;
  paidCents: number;
  items: { period: string; dueDate: string; amountCents: number; paid: boolean }[];
}

export interface FrameworkTotalCheck {
  niveau: 'gemeente' | 'deelregio' | 'regio';
  id: string | null;
  name: string;
  year: number;
  printedCents: number;
  sumCents: number;
  differenceCents: number;
  toleranceCents: number;
  withinRounding: boolean;
}

export interface FrameworkTable {
  naam: string;
  jaren: number[];
  afrondingCent: number;
  bron: Bron;
  toelichting?: string;
  lines: { id: string; naam: string }[];
  municipalities: {
    code: string;
    name: string;
    deelregio: string | null;
    lines: { line: string; amounts: Record<string, number> }[];
    totals: Record<string, number>;
  }[];
  checks: FrameworkTotalCheck[];
  allWithinRounding: boolean;
}

export interface FrameworkParameter {
  rates: { validFrom: string; value: number }[];
  bron?: Bron;
  aanname?: string;
  toelichting?: string;
}

/** GET /regions/{id}/budget-framework: the framework with care budgets, risk equalisation and ventiel. */
export interface BudgetFramework {
  regionId: string;
  asOf: string;
  scope: string;
  kader: FrameworkTable | null;
  parameters: {
    efficiencyCut: FrameworkParameter;
    indexation: FrameworkParameter;
    priceLevelYear?: number;
    careLines: { lines: string[]; aanname: string };
  };
  careBudgets: {
    year: number;
    kind: 'kader' | 'projectie';
    totalCents: number;
    totalIndexedCents: number;
    municipalities: { code: string; name: string; cents: number; indexedCents: number }[];
  }[];
  riskEqualisation: {
    bron: Bron | null;
    toelichting: string;
    years: {
      year: number;
      basisJaren: number[];
      complete: boolean;
      regionalTotalCents: number;
      contributions: {
        code: string;
        name: string;
        realisedCents: number;
        share: number;
        contributionCents: number;
        ownBudgetCents: number;
        differenceCents: number;
      }[];
    }[];
  } | null;
  ventiel: {
    segmentId: string;
    segmentName: string;
    startYear: number;
    termYears: number;
    firstYearCents: number;
    aanname: string;
    bron: Bron;
    years: { year: number; yearIndex: number; cents: number }[];
  } | null;
  notes: string[];
}

/** One row of the audit trail (GET /regions/{id}/audit). */
export type { AuditRowView as AuditRow } from '../../src/app/audit';
