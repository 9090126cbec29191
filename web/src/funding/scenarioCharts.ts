/**
 * ECharts options of the scenario comparison: the waterfall from the actual spend to a scenario
 * (change by change), the shift in provider revenue, the burden per municipality and the fan chart
 * of the spread (P10-P90 band and P50 per year). Amounts are integer cents from the API.
 */
import type { EChartsCoreOption } from 'echarts';
import { CHART_BASE } from '../components/chartTheme';
import type { SimulationReport } from '../../../src/app/simulation/run';
import { formatEuroAxis, formatEuroWhole } from './money';

/** Colour-blind safe, 3:1 against white. */
export const SERIES = ['#1c4181', '#b35c00', '#2e7d32', '#8e24aa', '#00838f', '#6d4c41'];
const UP = '#b30000';
const DOWN = '#2e7d32';
const base = CHART_BASE;
const euroAxis = { type: 'value', axisLabel: { formatter: (v: number) => formatEuroAxis(v) } };
const money = (v: unknown) => (typeof v === 'number' ? formatEuroWhole(v) : String(v));

type Scenario = SimulationReport['scenarios'][number];

/** Waterfall: the base as the first bar, each change floating from the running total, the scenario as the last bar. */
export function waterfallOption(s: Scenario): EChartsCoreOption {
  const steps = s.details.waterfall;
  const labels = steps.map((x) => x.label);
  const invisible: number[] = [];
  const up: (number | '-')[] = [];
  const down: (number | '-')[] = [];
  const totals: (number | '-')[] = [];
  let running = 0;
  steps.forEach((step, i) => {
    if (i === 0 || i === steps.length - 1) {
      invisible.push(0);
      totals.push(step.cents);
      up.push('-');
      down.push('-');
      running = step.cents;
      return;
    }
    totals.push('-');
    if (step.cents >= 0) {
      invisible.push(running);
      up.push(step.cents);
      down.push('-');
    } else {
      invisible.push(running + step.cents);
      down.push(-step.cents);
      up.push('-');
    }
    running += step.cents;
  });
  return {
    ...base,
    grid: { left: 16, right: 16, top: 16, bottom: 40, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: money },
    legend: { bottom: 0, data: ['Totaal', 'Hoger', 'Lager'] },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, width: 110, overflow: 'truncate', fontSize: 11 } },
    yAxis: euroAxis,
    series: [
      { name: 'Basis', type: 'bar', stack: 'w', data: invisible, itemStyle: { color: 'transparent' }, emphasis: { disabled: true }, tooltip: { show: false } },
      { name: 'Totaal', type: 'bar', stack: 'w', data: totals, itemStyle: { color: SERIES[0] } },
      { name: 'Hoger', type: 'bar', stack: 'w', data: up, itemStyle: { color: UP } },
      { name: 'Lager', type: 'bar', stack: 'w', data: down, itemStyle: { color: DOWN } },
    ],
  };
}

/** Provider revenue change per scenario: the providers with the largest change (either way). */
export function providerShiftOption(r: SimulationReport, scenarios: Scenario[], top = 12): EChartsCoreOption {
  const change = new Map<string, number>();
  for (const s of scenarios)
    for (const p of s.details.providerChanges) change.set(String(p.providerId), Math.max(change.get(String(p.providerId)) ?? 0, Math.abs(p.changeCents)));
  const keys = [...change]
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k]) => k)
    .reverse();
  return {
    ...base,
    grid: { left: 16, right: 24, top: 16, bottom: 40, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: money },
    legend: { bottom: 0 },
    xAxis: euroAxis,
    yAxis: { type: 'category', data: keys.map((k) => r.labels.providers[k] ?? k), axisLabel: { width: 220, overflow: 'truncate' } },
    series: scenarios.map((s, i) => ({
      name: s.name,
      type: 'bar',
      data: keys.map((k) => s.details.providerChanges.find((p) => String(p.providerId) === k)?.changeCents ?? 0),
      itemStyle: { color: SERIES[(i + 1) % SERIES.length] },
    })),
  };
}

/** Spend per municipality: the base and each scenario side by side. */
export function municipalityOption(r: SimulationReport, scenarios: Scenario[]): EChartsCoreOption {
  const keys = Object.keys(r.base.byMunicipality).sort((a, b) => (r.base.byMunicipality[b] ?? 0) - (r.base.byMunicipality[a] ?? 0));
  return {
    ...base,
    grid: { left: 16, right: 24, top: 16, bottom: 40, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: money },
    legend: { bottom: 0 },
    xAxis: { type: 'category', data: keys.map((k) => r.labels.municipalities[k] ?? k), axisLabel: { interval: 0, rotate: 30, fontSize: 11 } },
    yAxis: euroAxis,
    series: [
      { name: 'Werkelijk', type: 'bar', data: keys.map((k) => r.base.byMunicipality[k] ?? 0), itemStyle: { color: '#757575' } },
      ...scenarios.map((s, i) => ({
        name: s.name,
        type: 'bar',
        data: keys.map((k) => s.byMunicipality[k] ?? 0),
        itemStyle: { color: SERIES[(i + 1) % SERIES.length] },
      })),
    ],
  };
}

/** Fan chart: per year the P10-P90 band and the P50 of each scenario, with the actual spend. */
export function fanOption(r: SimulationReport, scenarios: Scenario[]): EChartsCoreOption {
  const years = Object.keys(r.base.byYear).sort();
  const series: unknown[] = [
    { name: 'Werkelijk', type: 'line', data: years.map((y) => r.base.byYear[y] ?? 0), itemStyle: { color: '#757575' }, lineStyle: { type: 'dashed' } },
  ];
  scenarios.forEach((s, i) => {
    const fan = s.details.fan;
    if (!fan) return;
    const colour = SERIES[(i + 1) % SERIES.length];
    const at = (y: string) => fan.find((f) => String(f.year) === y);
    series.push({
      name: `${s.name} P10`,
      type: 'line',
      stack: `band${i}`,
      data: years.map((y) => at(y)?.p10 ?? 0),
      lineStyle: { opacity: 0 },
      symbol: 'none',
      tooltip: { show: true },
    });
    series.push({
      name: `${s.name} bandbreedte P10-P90`,
      type: 'line',
      stack: `band${i}`,
      data: years.map((y) => (at(y)?.p90 ?? 0) - (at(y)?.p10 ?? 0)),
      lineStyle: { opacity: 0 },
      symbol: 'none',
      areaStyle: { color: colour, opacity: 0.2 },
    });
    series.push({ name: `${s.name} P50`, type: 'line', data: years.map((y) => at(y)?.p50 ?? 0), itemStyle: { color: colour } });
  });
  return {
    ...base,
    grid: { left: 16, right: 24, top: 16, bottom: 60, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: money },
    legend: { bottom: 0, type: 'scroll' },
    xAxis: { type: 'category', data: years, boundaryGap: years.length === 1 },
    yAxis: { ...euroAxis, scale: true },
    series,
  };
}
