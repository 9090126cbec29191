import { Alert, Heading, Paragraph } from '@utrecht/component-library-react';
import { useState, type ReactNode } from 'react';
import { api } from '../api';
import type { BudgetFramework, Landscape, SessionUser } from '../api-types';
import { SourceRef } from '../components/SourceRef';
import { useResource } from '../useResource';
import { bronSource } from './bron';
import { Segmented } from './controls';
import { CareBudgetTable, RiskEqualisation, Ventiel } from './CareBudgets';
import { FrameworkTable } from './FrameworkTable';
import { Empty, FundingProblem, Loading } from './FundingGuard';
import { formatPercent } from './money';

function Section({ id, title, intro, children }: { id: string; title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <section className="rk-section" aria-labelledby={id}>
      <Heading level={2} id={id}>
        {title}
      </Heading>
      {intro && <Paragraph className="rk-section__intro">{intro}</Paragraph>}
      {children}
    </section>
  );
}

/** The assumptions behind the budgets: efficiency cut, indexation and which lines count as care. */
function Parameters({ p }: { p: BudgetFramework['parameters'] }) {
  const cut = p.efficiencyCut.rates[0];
  const rates = p.indexation.rates;
  return (
    <ul className="rk-fin-notes">
      <li>
        Efficiencykorting: {cut ? `${formatPercent(cut.value)} per jaar vanaf ${cut.validFrom.slice(0, 4)}` : 'geen'}. {p.efficiencyCut.toelichting}{' '}
        <SourceRef source={bronSource(p.efficiencyCut.bron)} />
      </li>
      <li>
        Indexatie{p.priceLevelYear !== undefined && ` vanaf prijspeil ${p.priceLevelYear}`}:{' '}
        {rates.map((r) => `${r.validFrom.slice(0, 4)} ${formatPercent(r.value)}`).join(', ')}.{' '}
        {p.indexation.aanname && <strong className="rk-fin-assumption">{p.indexation.aanname}</strong>}
      </li>
      <li>{p.careLines.aanname}</li>
    </ul>
  );
}

function Framework({ data, landscape }: { data: BudgetFramework; landscape: Landscape }) {
  const kader = data.kader;
  const subregionName = (id: string) => landscape.subregions.find((s) => s.id === id)?.name ?? id;
  const failed = kader ? kader.checks.filter((c) => !c.withinRounding).length : 0;
  const [layout, setLayout] = useState<'lines' | 'totals'>('lines');
  return (
    <>
      <Paragraph className="rk-scope">
        Financieel kader voor <strong>{data.scope}</strong>.
      </Paragraph>
      {kader ? (
        <Section
          id="fin-kader"
          title={kader.naam}
          intro={
            <>
              Begrote bedragen per gemeente en lijn zoals gedrukt in de bron, met de som per gemeente, deelregio en regio naast de gedrukte totalen.{' '}
              <SourceRef source={bronSource(kader.bron)} />
            </>
          }
        >
          {kader.toelichting && (
            <details className="rk-collapsible">
              <summary>Toelichting bij de bron</summary>
              <Paragraph className="rk-fin-sourcenote">{kader.toelichting}</Paragraph>
            </details>
          )}
          <Alert type={failed === 0 ? 'ok' : 'warning'} className="rk-alert" data-testid="framework-check">
            <Paragraph>
              {failed === 0
                ? `Alle ${kader.checks.length} gedrukte totalen kloppen met de som van de posten, binnen de afronding van de bron (op ${formatAmountUnit(kader.afrondingCent)}).`
                : `${failed} van de ${kader.checks.length} gedrukte totalen wijken meer af dan de afronding van de bron toelaat; zie de rode markering.`}
            </Paragraph>
          </Alert>
          <form className="rk-fin-controls rk-fin-controls--plain" aria-label="Weergave van het kader" onSubmit={(e) => e.preventDefault()}>
            <Segmented
              name="kader-layout"
              legend="Weergave"
              value={layout}
              options={[
                { value: 'lines', label: 'Per lijn' },
                { value: 'totals', label: 'Alleen totalen' },
              ]}
              onChange={setLayout}
            />
          </form>
          <FrameworkTable kader={kader} subregionName={subregionName} totalsOnly={layout === 'totals'} />
        </Section>
      ) : (
        <Empty>Deze regio heeft geen financieel kader in het regioprofiel.</Empty>
      )}
      {data.careBudgets.length > 0 && (
        <Section
          id="fin-care-budget"
          title="Zorgbudget per gemeente"
          intro="Het deel van het kader dat via de regionale inkoop wordt betaald, geïndexeerd, en de projectie na het kader."
        >
          <CareBudgetTable budgets={data.careBudgets} />
          <Parameters p={data.parameters} />
        </Section>
      )}
      {data.riskEqualisation && (
        <Section id="fin-risk" title="Risicoverevening">
          <RiskEqualisation risk={data.riskEqualisation} />
        </Section>
      )}
      {data.ventiel && (
        <Section id="fin-ventiel" title="Ventiel">
          <Ventiel ventiel={data.ventiel} />
        </Section>
      )}
      {data.notes.length > 0 && (
        <ul className="rk-fin-notes" aria-label="Toelichting">
          {data.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </>
  );
}

/** "hele duizenden euro's" for a rounding of 100000 cents. */
function formatAmountUnit(cents: number): string {
  const euros = cents / 100;
  if (euros === 1000) return 'hele duizenden euro’s';
  if (euros === 1_000_000) return 'hele miljoenen euro’s';
  return `${new Intl.NumberFormat('nl-NL').format(euros)} euro`;
}

/** The budget framework of the region (regional roles and municipalities). */
export function FrameworkView({ landscape, user }: { landscape: Landscape; user: SessionUser }) {
  const regionId = landscape.region.id;
  const data = useResource((signal) => api.budgetFramework(regionId, signal), [regionId, user.username]);
  if (data.state === 'loading') return <Loading what="Financieel kader" />;
  if (data.state === 'error') return <FundingProblem error={data.error} regionId={regionId} />;
  return <Framework data={data.data} landscape={landscape} />;
}
