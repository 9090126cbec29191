import type { EChartsCoreOption } from 'echarts';
import { CHART_BASE, CHART_LEGEND, escapeHtml } from '../components/chartTheme';
import { formatPercent } from '../funding/money';
import type { Concentration } from './contractsApi';

/** Colours dark enough for 3:1 against white; development partners in the darker blue. */
const C = { partner: '#1c4181', regular: '#8fa9d3', line: '#b35c00', threshold: '#b30000', grid: '#e6e6e6' };
const MAX_BARS = 25;

/**
 * Pareto chart of a segment: each provider's share of the turnover (bars, largest first) and the
 * cumulative share (line, right axis), with the Pareto share as a horizontal line. Providers
 * selected as development partners are drawn darker.
 */
export function paretoOption(c: Concentration, opts: { share: number; partners: ReadonlySet<number> }): EChartsCoreOption {
  const shown = c.providers.slice(0, MAX_BARS);
  const rest = c.providers.length - shown.length;
  const names = shown.map((p) => `${p.rank}. ${p.name}`);
  return {
    ...CHART_BASE,
    legend: { ...CHART_LEGEND, data: ['Aandeel in de omzet', 'Cumulatief aandeel'] },
    grid: { left: 16, right: 16, top: 32, bottom: 56, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const list = params as { dataIndex: number }[];
        const p = shown[list[0]?.dataIndex ?? 0];
        if (!p) return '';
        const esc = escapeHtml(p.name);
        return `<strong>${p.rank}. ${esc}</strong><br/>Aandeel: ${formatPercent(p.share)}<br/>Cumulatief: ${formatPercent(p.cumulativeShare)}${opts.partners.has(p.providerId) ? '<br/>Ontwikkelpartner' : ''}`;
      },
    },
    xAxis: {
      type: 'category',
      data: names,
      axisLabel: { rotate: 40, fontSize: 11, width: 120, overflow: 'truncate', interval: 0 },
      axisTick: { show: false },
      name: rest > 0 ? `+ ${rest} kleinere` : '',
      nameLocation: 'end',
    },
    yAxis: [
      {
        type: 'value',
        name: 'Aandeel',
        max: (v: { max: number }) => Math.min(1, Math.ceil(v.max * 10) / 10),
        axisLabel: { formatter: (v: number) => formatPercent(v) },
        splitLine: { lineStyle: { color: C.grid } },
      },
      { type: 'value', name: 'Cumulatief', min: 0, max: 1, axisLabel: { formatter: (v: number) => formatPercent(v) }, splitLine: { show: false } },
    ],
    series: [
      {
        name: 'Aandeel in de omzet',
        type: 'bar',
        barMaxWidth: 22,
        color: C.regular,
        data: shown.map((p) => ({ value: p.share, itemStyle: { color: opts.partners.has(p.providerId) ? C.partner : C.regular } })),
      },
      {
        name: 'Cumulatief aandeel',
        type: 'line',
        yAxisIndex: 1,
        color: C.line,
        symbolSize: 5,
        data: shown.map((p) => p.cumulativeShare),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: C.threshold, type: 'dashed' },
          label: {
            formatter: `Pareto-grens ${formatPercent(opts.share)}`,
            position: 'insideEndTop',
            backgroundColor: '#ffffff',
            padding: [2, 4],
            color: '#b30000',
          },
          data: [{ yAxis: opts.share }],
        },
      },
    ],
  };
}
