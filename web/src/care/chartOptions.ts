import type { EChartsCoreOption } from 'echarts';
import { formatNumber, formatShare } from '../format';

/** Series colours from the Utrecht palette, darkened to at least 3:1 against white (WCAG 1.4.11). */
const SERIES_COLOURS = ['#1c4181', '#cc0000', '#2b6a1f', '#b35c00', '#5b2a9d', '#007aa3', '#8a4b2b', '#5c5c5c'];

const base = {
  color: SERIES_COLOURS,
  textStyle: { fontFamily: '"Noto Sans Variable", Arial, sans-serif', color: '#1a1a1a' },
  grid: { left: 8, right: 16, top: 16, bottom: 64, containLabel: true },
  legend: { bottom: 0, left: 0, itemGap: 16, textStyle: { fontSize: 13 } },
  tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? formatNumber(v) : String(v)) },
  animationDuration: 300,
};

const valueAxis = {
  type: 'value',
  axisLabel: { formatter: (v: number) => formatNumber(v) },
  splitLine: { lineStyle: { color: '#e6e6e6' } },
};

/** Youths (bars) and trajectories (line) per year. */
export function yearOption(rows: { year: number; youths: number; trajectories: number }[]): EChartsCoreOption {
  return {
    ...base,
    xAxis: { type: 'category', data: rows.map((r) => String(r.year)) },
    yAxis: valueAxis,
    series: [
      { name: 'Jeugdigen', type: 'bar', barMaxWidth: 48, data: rows.map((r) => r.youths) },
      { name: 'Trajecten', type: 'line', symbolSize: 8, data: rows.map((r) => r.trajectories) },
    ],
  };
}

/** Youths per segment, one bar group per year. */
export function segmentOption(years: number[], segments: { name: string; byYear: Map<number, number> }[]): EChartsCoreOption {
  return {
    ...base,
    xAxis: { type: 'category', data: years.map(String) },
    yAxis: valueAxis,
    series: segments.map((s) => ({ name: s.name, type: 'bar', barMaxWidth: 28, data: years.map((y) => s.byYear.get(y) ?? 0) })),
  };
}

/** Top-5 share of providers per segment as horizontal bars (0-100%). */
export function concentrationOption(rows: { name: string; top5Share: number }[]): EChartsCoreOption {
  return {
    ...base,
    legend: undefined,
    grid: { ...base.grid, top: 8, right: 56, bottom: 8 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? formatShare(v) : String(v)) },
    xAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => formatShare(v) }, splitLine: { lineStyle: { color: '#e6e6e6' } } },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name), axisLabel: { width: 220, overflow: 'truncate' } },
    series: [
      {
        name: 'Aandeel top-5',
        type: 'bar',
        barMaxWidth: 22,
        data: rows.map((r) => r.top5Share),
        label: { show: true, position: 'right', formatter: (p: { value: unknown }) => formatShare(Number(p.value)) },
      },
    ],
  };
}
