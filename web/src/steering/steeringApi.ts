/** Steering API calls; the response types come from the use cases (type-only imports). */
import { request } from '../api';
import type { KpiItem, KpiResult, PathwayLink, SeriesPoint } from '../../../src/app/steering/kpis';
import type { PublicCell, PublicIndicator, PublicOutcomes } from '../../../src/app/steering/public';

export type { KpiItem, KpiResult, PathwayLink, SeriesPoint, PublicCell, PublicIndicator, PublicOutcomes };
export type Level = KpiResult['level'];
export interface Series {
  id: string;
  label: string;
  unit: string;
  target: KpiItem['target'];
  dataDate: string;
  points: SeriesPoint[];
}

const r = (id: string) => `/regions/${encodeURIComponent(id)}`;

export const steeringApi = {
  kpis: (regionId: string, q: { level: Level; year: number; period?: string }, signal?: AbortSignal) =>
    request<KpiResult>(
      'GET',
      `${r(regionId)}/kpis?${new URLSearchParams({ level: q.level, year: String(q.year), ...(q.period ? { period: q.period } : {}) })}`,
      undefined,
      signal,
    ),
  series: (
    regionId: string,
    kpiId: string,
    q: { level: Level; year: number; key?: string; grain: 'month' | 'quarter' | 'year'; from?: number },
    signal?: AbortSignal,
  ) =>
    request<Series>(
      'GET',
      `${r(regionId)}/kpis/${encodeURIComponent(kpiId)}/series?${new URLSearchParams({ level: q.level, year: String(q.year), grain: q.grain, ...(q.key !== undefined ? { key: q.key } : {}), ...(q.from ? { from: String(q.from) } : {}) })}`,
      undefined,
      signal,
    ),
  pathways: (regionId: string, year: number, signal?: AbortSignal) =>
    request<{ id: string | null; label: string; definition: string; dataDate: string; links: PathwayLink[] }>(
      'GET',
      `${r(regionId)}/care-pathways?year=${year}`,
      undefined,
      signal,
    ),
  publicOutcomes: (regionId: string, year: number, signal?: AbortSignal) =>
    request<PublicOutcomes>('GET', `/public/regions/${encodeURIComponent(regionId)}/outcomes?year=${year}`, undefined, signal),
  exportHref: (regionId: string, kind: 'csv' | 'xlsx', q: { level: Level; year: number }) =>
    `/api/v1${r(regionId)}/kpis.${kind}?level=${q.level}&year=${q.year}`,
  publicCsvHref: (regionId: string, year: number) => `/api/v1/public/regions/${encodeURIComponent(regionId)}/outcomes?year=${year}&format=csv`,
};

const pct = new Intl.NumberFormat('nl-NL', { style: 'percent', maximumFractionDigits: 1 });
const one = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const whole = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 0 });

/** A value in its unit, Dutch formatting. */
export function formatValue(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined) return 'geen gegevens';
  switch (unit) {
    case 'aandeel':
      return pct.format(v);
    case 'procent':
      return `${one.format(v)} %`;
    case 'cijfer':
      return one.format(v);
    case 'dagen':
      return `${whole.format(v)} dagen`;
    default:
      return whole.format(v);
  }
}

export const STATUS_LABELS: Record<KpiItem['status'], string> = {
  'on-target': 'Op doel',
  'off-target': 'Niet op doel',
  'no-target': 'Geen doel',
  'insufficient-n': 'Te weinig waarnemingen',
};
export const DIRECTION_LABELS: Record<string, string> = { 'hoger-is-beter': 'hoger is beter', 'lager-is-beter': 'lager is beter' };
export const SOURCE_LABEL = (b: KpiItem['bron']) =>
  b.seed === 'cbs' ? `CBS ${b.sectie}` : b.seed === 'ijw' ? `iJw ${b.sectie}` : `Regiodocument ${b.seed}, ${b.sectie}`;
