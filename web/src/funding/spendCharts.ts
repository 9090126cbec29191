import type { EChartsCoreOption } from 'echarts';
import { CHART_BASE, CHART_LEGEND, escapeHtml } from '../components/chartTheme';
import type { SpendReport, SpendRow } from '../api-types';
import { formatEuroAxis, formatEuroWhole, formatMonthShort } from './money';

/** Funding colours: dark enough for 3:1 against white (WCAG 1.4.11); the limit in red. */
export const COLOURS = { spent: '#1c4181', committed: '#6f95c8', forecast: '#b35c00', limit: '#b30000', grid: '#e6e6e6' };

const base = { ...CHART_BASE, legend: CHART_LEGEND };

interface TooltipParam {
  axisValueLabel?: string;
  name?: string;
  marker?: string;
  seriesName?: string;
  value?: unknown;
}

/** Axis tooltip: the category, then every series with its amount in euros (a marker's value is [amount, name]). */
function tooltip(params: unknown): string {
  const list = (Array.isArray(params) ? params : [params]) as TooltipParam[];
  const title = list[0]?.axisValueLabel ?? list[0]?.name ?? '';
  const lines = list.flatMap((p) => {
    const v = Array.isArray(p.value) ? p.value[0] : p.value;
    return typeof v === 'number' ? [`${p.marker ?? ''} ${escapeHtml(p.seriesName ?? '')}: <strong>${formatEuroWhole(v)}</strong>`] : [];
  });
  return [`<strong>${escapeHtml(String(title))}</strong>`, ...lines].join('<br/>');
}

export type ChartMode = 'stacked' | 'grouped';

/**
 * Spent, committed and forecast per provider, segment or municipality (horizontal bars, largest
 * forecast on top) with the ceiling or budget as a marker series. Stacked: spent + committed in one
 * bar beside the forecast; grouped: three bars side by side.
 */
export function spendOption(rows: SpendRow[], mode: ChartMode, limitLabel: string): EChartsCoreOption {
  const names = rows.map((r) => r.name);
  const stack = mode === 'stacked' ? 'verplichtingen' : undefined;
  const limits = rows.flatMap((r) => {
    const limit = r.ceilingCents ?? r.budgetCents;
    return limit === undefined ? [] : [[limit, r.name]];
  });
  const bar = { type: 'bar', barMaxWidth: 14, barGap: '15%', barCategoryGap: '35%' };
  return {
    ...base,
    grid: { left: 24, right: 24, top: 8, bottom: 48, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: tooltip },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatEuroAxis(v) }, splitLine: { lineStyle: { color: COLOURS.grid } } },
    yAxis: { type: 'category', inverse: true, data: names, axisLabel: { width: 230, overflow: 'truncate', fontSize: 12 }, axisTick: { show: false } },
    series: [
      { ...bar, name: 'Besteed', stack, color: COLOURS.spent, data: rows.map((r) => r.spentCents) },
      { ...bar, name: 'Verplicht', stack, color: COLOURS.committed, data: rows.map((r) => r.committedCents) },
      { ...bar, name: 'Prognose jaareinde', color: COLOURS.forecast, data: rows.map((r) => r.forecastCents) },
      ...(limits.length > 0 ? [{ name: limitLabel, type: 'scatter', symbol: 'rect', symbolSize: [4, 34], color: COLOURS.limit, z: 5, data: limits }] : []),
    ],
  };
}

/**
 * The last month of the report's year with realised spend: the last declared month (the reference
 * month when nothing of the year is declared yet); every month for a year that is over.
 */
export function lastRealisedMonth(report: SpendReport): string {
  const asOfMonth = report.asOf.slice(0, 7);
  const last = report.monthly.at(-1)?.month ?? asOfMonth;
  if (last < asOfMonth) return last;
  const declared = report.declaredThrough;
  return declared && declared.startsWith(String(report.year)) ? declared : asOfMonth;
}

/**
 * The cumulative spend of the year by month (through the reference month) and the forecast line to
 * year end; a limit (total budget or ceilings) as a dashed mark line when given.
 */
export function monthlyOption(report: SpendReport, limit: { label: string; cents: number } | null): EChartsCoreOption {
  const months = report.monthly.map((m) => m.month);
  const realisedThrough = lastRealisedMonth(report);
  return {
    ...base,
    grid: { left: 16, right: 24, top: 28, bottom: 48, containLabel: true },
    tooltip: { trigger: 'axis', formatter: tooltip },
    xAxis: { type: 'category', boundaryGap: false, data: months.map(formatMonthShort) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatEuroAxis(v) }, splitLine: { lineStyle: { color: COLOURS.grid } } },
    series: [
      {
        name: 'Besteed (cumulatief)',
        type: 'line',
        color: COLOURS.spent,
        symbolSize: 7,
        lineStyle: { width: 3 },
        areaStyle: { opacity: 0.08 },
        data: report.monthly.map((m) => (m.month <= realisedThrough ? m.cumulativeCents : null)),
        ...(limit
          ? {
              markLine: {
                symbol: 'none',
                silent: true,
                lineStyle: { color: COLOURS.limit, type: 'dashed', width: 2 },
                label: { formatter: `${limit.label}: ${formatEuroAxis(limit.cents)}`, position: 'insideEndTop', color: COLOURS.limit },
                data: [{ yAxis: limit.cents }],
              },
            }
          : {}),
      },
      {
        name: 'Prognose (cumulatief)',
        type: 'line',
        color: COLOURS.forecast,
        symbol: 'emptyCircle',
        symbolSize: 6,
        lineStyle: { width: 2, type: 'dashed' },
        // The forecast continues from the last realised month (before it, it equals what was spent).
        data: report.monthly.map((m) => (m.month >= realisedThrough ? (m.month === realisedThrough ? m.cumulativeCents : m.forecastCumulativeCents) : null)),
      },
    ],
  };
}
