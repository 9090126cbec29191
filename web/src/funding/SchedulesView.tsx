import { Heading, Paragraph } from '@utrecht/component-library-react';
import type { EChartsCoreOption } from 'echarts';
import { useMemo } from 'react';
import { api } from '../api';
import type { Landscape, ScheduleList, SessionUser } from '../api-types';
import { EChart } from '../components/EChart';
import { useResource } from '../useResource';
import { Figures, YearSelect } from './controls';
import { MODEL_ORDER, modelDescription, modelLabel } from './fundingLabels';
import { Empty, FundingProblem, Loading } from './FundingGuard';
import { formatEuroAxis, formatEuroWhole, formatMonthLong, formatMonthShort } from './money';
import { monthsOf, ScheduleTable } from './ScheduleTable';
import { CHART_BASE } from '../components/chartTheme';

const MODEL_COLOURS: Record<string, string> = {
  taakgericht: '#1c4181',
  groepsbudget: '#8a4b00',
  beschikbaarheid: '#007aa3',
  caseload: '#a3114f',
  resultaatgericht: '#2b6a1f',
  outputgericht: '#5b2a9d',
};

/** Scheduled payments per month, stacked by funding model. */
function monthlyByModel(list: ScheduleList, models: string[]): EChartsCoreOption {
  const months = monthsOf(list.year);
  return {
    ...CHART_BASE,
    grid: { left: 8, right: 16, top: 16, bottom: 48, containLabel: true },
    legend: { bottom: 0, left: 0, itemGap: 20 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? formatEuroWhole(v) : '—') },
    xAxis: { type: 'category', data: months.map(formatMonthShort) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatEuroAxis(v) }, splitLine: { lineStyle: { color: '#e6e6e6' } } },
    series: models.map((model) => ({
      name: modelLabel(model),
      type: 'bar',
      stack: 'schema',
      barMaxWidth: 36,
      color: MODEL_COLOURS[model] ?? '#5c5c5c',
      data: months.map((m) => {
        const items = list.rows.filter((r) => r.model === model).flatMap((r) => r.items.filter((i) => i.period.startsWith(m)));
        const value = items.reduce((a, i) => a + i.amountCents, 0);
        return items.some((i) => !i.paid) ? { value, itemStyle: { opacity: 0.45 } } : value;
      }),
    })),
  };
}

function Schedules({ list }: { list: ScheduleList }) {
  const models = [...new Set(list.rows.map((r) => r.model))].sort((a, b) => MODEL_ORDER.indexOf(a) - MODEL_ORDER.indexOf(b));
  const option = useMemo(() => monthlyByModel(list, models), [list]);
  return (
    <>
      <Paragraph className="rk-scope">
        Betalingen volgens schema voor <strong>{list.scope}</strong>, {list.year}. Stand op {formatMonthLong(list.asOf)}: termijnen met een vervaldatum tot en
        met vandaag gelden als betaald.
      </Paragraph>
      <Figures
        items={[
          { label: `Totaal ${list.year}`, value: formatEuroWhole(list.totalCents), note: `${list.rows.length} contractonderdelen` },
          { label: 'Betaald', value: formatEuroWhole(list.paidCents) },
          { label: 'Nog te betalen', value: formatEuroWhole(list.totalCents - list.paidCents) },
          ...list.byModel
            .slice()
            .sort((a, b) => MODEL_ORDER.indexOf(a.model) - MODEL_ORDER.indexOf(b.model))
            .map((m) => ({ label: modelLabel(m.model), value: formatEuroWhole(m.totalCents) })),
        ]}
      />
      <section className="rk-section" aria-labelledby="fin-schedule-chart">
        <Heading level={2} id="fin-schedule-chart">
          Betalingen per maand
        </Heading>
        <Paragraph className="rk-section__intro">Per maand, gestapeld per bekostigingsvorm; lichtere staven zijn nog niet betaald.</Paragraph>
        <EChart
          option={option}
          height={300}
          label={`Staafdiagram: betalingen volgens schema per maand in ${list.year}, gestapeld per bekostigingsvorm. De bedragen staan ook in de tabellen.`}
        />
      </section>
      {models.map((model) => (
        <section key={model} className="rk-section" aria-labelledby={`fin-schedule-${model}`}>
          <Heading level={2} id={`fin-schedule-${model}`}>
            {modelLabel(model)}
          </Heading>
          {modelDescription(model) && <Paragraph className="rk-section__intro">{modelDescription(model)}</Paragraph>}
          <ScheduleTable model={model} lines={list.rows.filter((r) => r.model === model)} year={list.year} />
        </section>
      ))}
    </>
  );
}

/** Lump-sum, availability and result-based payment schedules of a year, per contract and month. */
export function SchedulesView({ landscape, user, year, onYear }: { landscape: Landscape; user: SessionUser; year: number; onYear: (y: number) => void }) {
  const regionId = landscape.region.id;
  const list = useResource((signal) => api.schedules(regionId, year, signal), [regionId, year, user.username]);
  return (
    <>
      <form className="rk-fin-controls" aria-label="Jaar van de bevoorschotting" onSubmit={(e) => e.preventDefault()}>
        <YearSelect id="schedules-year" year={year} onYear={onYear} />
      </form>
      {list.state === 'loading' && <Loading what="Bevoorschotting" />}
      {list.state === 'error' && <FundingProblem error={list.error} regionId={regionId} />}
      {list.state === 'ready' &&
        (list.data.rows.length === 0 ? (
          <Empty>
            Geen betalingen volgens schema in {list.data.year} voor {list.data.scope}. Lumpsum en beschikbaarheidsbijdragen horen bij taakgerichte contracten;
            kies eventueel een ander jaar.
          </Empty>
        ) : (
          <Schedules list={list.data} />
        ))}
    </>
  );
}
