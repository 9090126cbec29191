import { Heading, Paragraph } from '@utrecht/component-library-react';
import { useMemo, useState } from 'react';
import { api } from '../api';
import type { Landscape, SessionUser, SpendBy, SpendReport } from '../api-types';
import { EChart } from '../components/EChart';
import { useResource } from '../useResource';
import { Figures, Segmented, YearSelect } from './controls';
import { BY_OPTIONS, byOption } from './fundingLabels';
import { Empty, FundingProblem, Loading } from './FundingGuard';
import { formatEuroWhole, formatMonthLong, formatPercent, usage } from './money';
import { monthlyOption, spendOption, type ChartMode } from './spendCharts';
import { SpendTable } from './SpendTable';

const CHART_ROWS = 12;

/** The limit for the cumulative line: total budget of the municipalities, or all ceilings when every row has one. */
function totalLimit(report: SpendReport): { label: string; cents: number } | null {
  const budgets = report.rows.filter((r) => r.budgetCents !== undefined);
  if (report.by === 'municipality' && budgets.length > 0) {
    return { label: budgets.length === 1 ? 'Budget' : 'Budget gemeenten', cents: budgets.reduce((a, r) => a + r.budgetCents!, 0) };
  }
  if (report.rows.length > 0 && report.rows.every((r) => r.ceilingCents !== undefined)) {
    return { label: report.rows.length === 1 ? 'Plafond' : 'Plafonds', cents: report.rows.reduce((a, r) => a + r.ceilingCents!, 0) };
  }
  return null;
}

function Report({ report, mode }: { report: SpendReport; mode: ChartMode }) {
  const option = byOption(report.by);
  const chartRows = report.rows.slice(0, CHART_ROWS);
  const spend = useMemo(() => spendOption(chartRows, mode, option.limit), [report, mode]);
  const limit = totalLimit(report);
  const monthly = useMemo(() => monthlyOption(report, limit), [report]);
  const forecastUse = limit ? usage(report.totals.forecastCents, limit.cents) : null;
  const levels = report.rows.map((r) => usage(r.forecastCents, r.ceilingCents ?? r.budgetCents)?.level);
  const over = levels.filter((l) => l === 'over').length;
  const near = levels.filter((l) => l === 'near').length;
  const limited = levels.filter((l) => l !== undefined).length;
  return (
    <>
      <Paragraph className="rk-scope">
        Cijfers voor <strong>{report.scope}</strong>, {report.year}. Stand op {formatMonthLong(report.asOf)}
        {report.declaredThrough ? `; gedeclareerd tot en met ${formatMonthLong(report.declaredThrough)}` : '; nog geen declaraties verwerkt'}.
      </Paragraph>
      <Figures
        items={[
          { label: 'Besteed', value: formatEuroWhole(report.totals.spentCents), note: 'Goedgekeurde declaraties en vervallen termijnen' },
          { label: 'Verplicht', value: formatEuroWhole(report.totals.committedCents), note: 'Lopende toewijzingen en komende termijnen' },
          { label: 'Prognose jaareinde', value: formatEuroWhole(report.totals.forecastCents), note: 'Besteed plus het gemiddelde van de laatste drie maanden' },
          ...(limit
            ? [
                {
                  label: limit.label,
                  value: formatEuroWhole(limit.cents),
                  note: forecastUse ? `Prognose ${formatPercent(forecastUse.share)} hiervan` : undefined,
                  tone: forecastUse?.level === 'ok' ? undefined : forecastUse?.level,
                },
              ]
            : []),
          ...(limited > 0
            ? [
                {
                  label: `Boven ${option.limit.toLowerCase()} (prognose)`,
                  value: `${over} van ${limited}`,
                  note: near > 0 ? `en ${near} boven 90%` : `${option.plural} met een ${option.limit.toLowerCase()}`,
                  tone: over > 0 ? ('over' as const) : near > 0 ? ('near' as const) : undefined,
                },
              ]
            : []),
        ]}
      />
      <section className="rk-section" aria-labelledby="fin-spend">
        <Heading level={2} id="fin-spend">
          Uitgaven versus budget en plafond
        </Heading>
        <Paragraph className="rk-section__intro">
          Per {option.label.toLowerCase()}: besteed, verplicht en de prognose tot het einde van het jaar
          {limited > 0 ? `; de rode streep is het ${option.limit.toLowerCase()}.` : `. Voor deze indeling is geen ${option.limit.toLowerCase()} vastgelegd.`}
          {report.rows.length > CHART_ROWS &&
            ` De grafiek toont de ${CHART_ROWS} ${option.plural} met de hoogste prognose; de tabel toont ze alle ${report.rows.length}.`}
        </Paragraph>
        <EChart
          option={spend}
          height={Math.max(220, chartRows.length * 44 + 70)}
          label={`Staafdiagram: uitgaven ${report.year} per ${option.label.toLowerCase()} tegen ${option.limit.toLowerCase()}. De cijfers staan ook in de tabel.`}
        />
      </section>
      <section className="rk-section" aria-labelledby="fin-monthly">
        <Heading level={2} id="fin-monthly">
          Verloop per maand
        </Heading>
        <Paragraph className="rk-section__intro">
          Cumulatieve uitgaven tot en met de laatst gedeclareerde maand (doorgetrokken lijn) en de prognose tot het einde van het jaar (stippellijn).
        </Paragraph>
        <EChart option={monthly} label={`Lijndiagram: cumulatieve uitgaven ${report.year} per maand met de prognose tot het einde van het jaar.`} />
      </section>
      <section className="rk-section" aria-labelledby="fin-table">
        <Heading level={2} id="fin-table">
          Cijfers per {option.label.toLowerCase()}
        </Heading>
        <SpendTable report={report} />
        {report.notes.length > 0 && (
          <ul className="rk-fin-notes" aria-label="Toelichting">
            {report.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** Overview: year and grouping, totals, the spend chart, the monthly line and the table. */
export function OverviewView({ landscape, user, year, onYear }: { landscape: Landscape; user: SessionUser; year: number; onYear: (y: number) => void }) {
  const regionId = landscape.region.id;
  const [by, setBy] = useState<SpendBy>(user.role === 'gemeente' ? 'municipality' : 'provider');
  const [mode, setMode] = useState<ChartMode>('stacked');
  const spend = useResource((signal) => api.spend(regionId, year, by, signal), [regionId, year, by, user.username]);
  return (
    <>
      <form className="rk-fin-controls" aria-label="Weergave van de uitgaven" onSubmit={(e) => e.preventDefault()}>
        <YearSelect id="spend-year" year={year} onYear={onYear} />
        <Segmented name="spend-by" legend="Indeling per" value={by} options={BY_OPTIONS.map((o) => ({ value: o.value, label: o.label }))} onChange={setBy} />
        <Segmented
          name="spend-mode"
          legend="Grafiek"
          value={mode}
          options={[
            { value: 'stacked', label: 'Gestapeld' },
            { value: 'grouped', label: 'Naast elkaar' },
          ]}
          onChange={setMode}
        />
      </form>
      {spend.state === 'loading' && <Loading what="Uitgaven" />}
      {spend.state === 'error' && <FundingProblem error={spend.error} regionId={regionId} />}
      {spend.state === 'ready' &&
        (spend.data.rows.length === 0 ? (
          <Empty>
            Geen uitgaven, verplichtingen of plafonds in {spend.data.year} voor {spend.data.scope}. Kies een ander jaar of een andere indeling.
          </Empty>
        ) : (
          <Report report={spend.data} mode={mode} />
        ))}
    </>
  );
}
