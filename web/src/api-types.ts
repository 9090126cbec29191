/** Response shapes of the Regiekamer Jeugd API (/api/v1). The landscape types come from the domain. */
export type { Landscape, SegmentView, ContractView, Source, Open } from '../../src/domain/landscape/landscape';

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
}
