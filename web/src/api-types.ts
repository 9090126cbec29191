/** Response shapes of the Regiekamer Jeugd API (/api/v1). The landscape types come from the domain. */
export type { Landscape, SegmentView, ContractView, Source, Open } from '../../src/domain/landscape/landscape';
import type { RuleHit } from '../../src/domain/access/access-rules';
import type { CaseState, CaseStatus } from '../../src/domain/access/case';
export type { RuleHit } from '../../src/domain/access/access-rules';
export type { CaseState, CaseStatus, Mdo, Verwijzing, Beschikking, Toewijzing, TriageUitkomst, Complexiteit } from '../../src/domain/access/case';

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
  due: string | null;
}

export interface HelpRequest {
  youth: { bsn: string; givenName: string; familyName: string; birthDate: string; gender: '0' | '1' | '2' } | { youthId: number };
  familyId?: number;
  areaId?: string;
  hulpvraag: string;
  crisis: boolean;
  regievoerder?: string;
}

/** The lifecycle commands of POST /regions/{id}/cases/{caseId}/commands (src/api/access-routes.ts). */
export type CaseCommand =
  | { type: 'verheldering' }
  | { type: 'triage'; uitkomsten: string[]; complexiteit: string; domeinoverstijgend: boolean }
  | { type: 'mdo'; mdo: { datum: string; deelnemers: string[]; overeenstemming: boolean; afweging: string; escalatiestap?: string } }
  | { type: 'analyse'; verklarendeAnalyse: boolean; ambulanteAlternatieven: string; diagnostiekAfgerond: boolean }
  | { type: 'verwijzing'; verwijzing: { datum: string; verwijzer: string; segmentId: string; viaGebied?: string; kader: 'vrijwillig' | 'gedwongen' } }
  | { type: 'beschikking'; beschikking: { verwijzingId: number; segmentId: string; ingangsdatum: string; einddatum: string; besluitDoor: string; verlengingBeoordeeld?: boolean } }
  | {
      type: 'toewijzing';
      toewijzing: {
        beschikkingId: number;
        segmentId: string;
        providerId: number;
        productCategorie: string;
        productCode?: string;
        ingangsdatum: string;
        einddatum: string;
        budgetCents?: number;
      };
    }
  | { type: 'overbrugging'; nummer: number }
  | { type: 'regie'; regievoerder?: string; procesregisseur?: string; procesregiePartij?: string }
  | { type: 'signaal-afgehandeld'; ruleId: string }
  | { type: 'afsluiten'; waakvlam: boolean; contactpersoon?: string }
  | { type: 'nazorg-beeindigen' };
