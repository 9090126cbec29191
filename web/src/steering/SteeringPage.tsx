import './steering.css';
import { Alert, Heading, Paragraph, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { useMemo, useState } from 'react';
import type { Landscape, SessionUser } from '../api-types';
import { EChart } from '../components/EChart';
import { ProblemAlert } from '../components/ProblemAlert';
import { SourceRef } from '../components/SourceRef';
import { formatDate } from '../format';
import { AppLink, publicPath, steeringPath, type Route, type SteeringSubView } from '../router';
import { useResource } from '../useResource';
import { PublicTable } from './PublicTable';
import { DIRECTION_LABELS, formatValue, STATUS_LABELS, steeringApi, type KpiItem, type KpiResult, type Level, type PathwayLink } from './steeringApi';

type SteeringRoute = Extract<Route, { page: 'steering' }>;

const NAV: { view: SteeringSubView; label: string }[] = [
  { view: 'overview', label: 'Regio en signalen' },
  { view: 'segments', label: 'Per segment' },
  { view: 'areas', label: 'Per gebied' },
  { view: 'process', label: 'Toegangsproces en wachttijden' },
  { view: 'providers', label: 'Aanbieders vergeleken' },
];
const LEVEL_OF: Record<SteeringSubView, Level> = { overview: 'region', segments: 'segment', areas: 'area', process: 'process', providers: 'segment' };
const INTRO: Record<SteeringSubView, string> = {
  overview:
    'Realisatie van de indicatoren (KPI’s) en risico-indicatoren (KRI’s) van de regio, afgezet tegen de doelwaarden, met de signalen van de risico-indicatoren.',
  segments: 'De indicatoren per segment of taakgebied.',
  areas: 'De indicatoren per gebied of lokaal team van de jeugdige.',
  process: 'De doorlooptijd per stap van het toegangspad (aanmelding, triage, verwijzing, beschikking, start) en de wachttijden.',
  providers: 'Uitkomsten per aanbieder naast die van vergelijkbare aanbieders in hetzelfde segment.',
};

function StatusBadge({ item }: { item: KpiItem }) {
  return (
    <span className={`rk-kpi-status rk-kpi-status--${item.status}`} data-status={item.status}>
      <span aria-hidden="true" className="rk-kpi-dot" />
      {STATUS_LABELS[item.status]}
    </span>
  );
}

function Target({ item }: { item: KpiItem }) {
  if (item.threshold) {
    return (
      <span>
        signaal {item.threshold.signal} {formatValue(item.threshold.value, item.unit)}
        {item.threshold.aanname && (
          <span className="rk-kpi-assumption" title={item.threshold.aanname}>
            {' '}
            (aanname)
          </span>
        )}
      </span>
    );
  }
  if (!item.target) return <span>geen doelwaarde</span>;
  return (
    <span>
      {formatValue(item.target.value, item.unit)}, {DIRECTION_LABELS[item.target.direction]}
      {item.target.aanname && (
        <span className="rk-kpi-assumption" title={item.target.aanname}>
          {' '}
          (aanname)
        </span>
      )}
    </span>
  );
}

function Interval({ item }: { item: KpiItem }) {
  if (!item.interval || item.status === 'insufficient-n') return null;
  return (
    <span className="rk-kpi-interval">
      {formatValue(item.interval[0], item.unit)} – {formatValue(item.interval[1], item.unit)}
    </span>
  );
}

/** One table of items: indicator (with definition and source), part, value, target, n, status. */
function KpiTable({ items, caption, showKey }: { items: KpiItem[]; caption: string; showKey: boolean }) {
  return (
    <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
      <Table className="rk-table rk-kpi-table">
        <caption className="rk-visually-hidden">{caption}</caption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">Indicator</TableHeaderCell>
            {showKey && <TableHeaderCell scope="col">Onderdeel</TableHeaderCell>}
            <TableHeaderCell scope="col">Waarde</TableHeaderCell>
            <TableHeaderCell scope="col">Doel of drempel</TableHeaderCell>
            <TableHeaderCell scope="col">Aantal (n)</TableHeaderCell>
            <TableHeaderCell scope="col">Stand</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((i) => (
            <TableRow key={`${i.id}|${i.key}`} data-testid={`kpi-${i.id}${i.key ? `-${i.key}` : ''}`}>
              <TableHeaderCell scope="row">
                <details className="rk-kpi-def">
                  <summary>
                    {i.label} <span className="rk-kpi-kind">{i.kind === 'kri' ? 'risico-indicator' : 'indicator'}</span>
                  </summary>
                  <p>{i.definition}</p>
                  {i.target?.aanname && <p>Doelwaarde is een aanname: {i.target.aanname}</p>}
                  {i.threshold?.aanname && <p>Drempel is een aanname: {i.threshold.aanname}</p>}
                  <SourceRef source={{ seed: i.bron.seed, section: i.bron.sectie, ...(i.bron.citaat ? { quote: i.bron.citaat } : {}) }} />
                </details>
              </TableHeaderCell>
              {showKey && <TableCell>{i.keyLabel}</TableCell>}
              <TableCell>
                {i.status === 'insufficient-n' ? 'te weinig waarnemingen' : formatValue(i.value, i.unit)} <Interval item={i} />
              </TableCell>
              <TableCell>
                <Target item={i} />
              </TableCell>
              <TableCell>{i.n.toLocaleString('nl-NL')}</TableCell>
              <TableCell>
                <StatusBadge item={i} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function Signals({ items }: { items: KpiItem[] }) {
  const signals = items.filter((i) => i.signal);
  return (
    <section aria-labelledby="rk-kri-signals" data-testid="kri-signals">
      <Heading level={2} id="rk-kri-signals">
        Signalen van risico-indicatoren
      </Heading>
      {signals.length === 0 ? (
        <Paragraph>Geen enkele risico-indicator staat over zijn drempel.</Paragraph>
      ) : (
        <ul className="rk-kri-list">
          {signals.map((i) => (
            <li key={`${i.id}|${i.key}`}>
              <strong>{i.label}</strong>
              {i.key ? ` (${i.keyLabel})` : ''}: {formatValue(i.value, i.unit)}, drempel {formatValue(i.threshold?.value, i.unit)} (n ={' '}
              {i.n.toLocaleString('nl-NL')})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A series over the years (per quarter) of one indicator at region level. */
function SeriesChart({ regionId, kpiId, year, title, description }: { regionId: string; kpiId: string; year: number; title: string; description: string }) {
  const series = useResource(
    (signal) => steeringApi.series(regionId, kpiId, { level: 'region', year, grain: 'quarter', from: year - 3 }, signal),
    [regionId, kpiId, year],
  );
  const option = useMemo(() => {
    if (series.state !== 'ready') return {};
    const s = series.data;
    return {
      grid: { left: 64, right: 24, top: 24, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: s.points.map((p) => p.period.replace('-Q', ' kw ')) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatValue(v, s.unit) } },
      series: [
        {
          type: 'line',
          name: s.label,
          data: s.points.map((p) => p.value),
          markLine: s.target ? { symbol: 'none', data: [{ yAxis: s.target.value, name: 'doel' }], label: { formatter: 'doel' } } : undefined,
        },
      ],
    };
  }, [series]);
  if (series.state === 'loading') return <Paragraph aria-busy="true">Reeks wordt geladen…</Paragraph>;
  if (series.state === 'error') return <ProblemAlert error={series.error} />;
  if (series.data.points.length === 0) return null;
  const last = series.data.points.at(-1)!;
  return (
    <figure className="rk-kpi-figure">
      <figcaption>
        <strong>{title}</strong>. {description} Laatste kwartaal: {formatValue(last.value, series.data.unit)} (n = {last.n.toLocaleString('nl-NL')}); gegevens
        tot en met {formatDate(series.data.dataDate)}.
      </figcaption>
      <EChart option={option} label={`Lijndiagram: ${title} per kwartaal. De waarden staan ook in de tabel.`} height={240} />
    </figure>
  );
}

/** Care pathways between segments as a Sankey (where the youth's next care started after a trajectory ended), with the same figures in a table. */
function Pathways({ regionId, year }: { regionId: string; year: number }) {
  const data = useResource((signal) => steeringApi.pathways(regionId, year, signal), [regionId, year]);
  const option = useMemo(() => {
    if (data.state !== 'ready') return {};
    const links = data.data.links.filter((l) => l.n > 0);
    const left = (l: PathwayLink) => `${l.fromLabel} (einde traject)`;
    const right = (l: PathwayLink) => (l.to ? `${l.toLabel} (volgende start)` : l.toLabel);
    const names = [...new Set(links.flatMap((l) => [left(l), right(l)]))];
    return {
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'sankey',
          left: 8,
          right: 220,
          nodeGap: 10,
          data: names.map((name) => ({ name })),
          links: links.map((l) => ({ source: left(l), target: right(l), value: l.n })),
          label: { fontSize: 11 },
          lineStyle: { color: 'gradient', opacity: 0.35 },
        },
      ],
    };
  }, [data]);
  if (data.state === 'loading') return <Paragraph aria-busy="true">Zorgpaden worden geladen…</Paragraph>;
  if (data.state === 'error') return <ProblemAlert error={data.error} />;
  if (data.data.links.length === 0)
    return <Paragraph>Nog geen zorgpaden: er zijn in {year} geen trajecten beëindigd waarvan de periode van opvolging voorbij is.</Paragraph>;
  const total = data.data.links.reduce((a, l) => a + l.n, 0);
  return (
    <figure className="rk-kpi-figure" data-testid="care-pathways">
      <figcaption>
        <strong>{data.data.label}</strong>. {data.data.definition} n = {total.toLocaleString('nl-NL')} beëindigde trajecten; gegevens tot en met{' '}
        {formatDate(data.data.dataDate)}.
      </figcaption>
      <EChart
        option={option}
        label="Stroomdiagram: van het segment waarin een traject eindigde naar het segment van de volgende start, of geen nieuwe hulp. De aantallen staan ook in de tabel."
        height={Math.max(280, data.data.links.length * 18)}
      />
      <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
        <Table className="rk-table">
          <caption className="rk-visually-hidden">Zorgpaden: van segment naar segment</caption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">Traject beëindigd in</TableHeaderCell>
              <TableHeaderCell scope="col">Volgende start</TableHeaderCell>
              <TableHeaderCell scope="col">Richting</TableHeaderCell>
              <TableHeaderCell scope="col">Aantal</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.data.links.map((l) => (
              <TableRow key={`${l.from}|${l.to}`}>
                <TableCell>{l.fromLabel}</TableCell>
                <TableCell>{l.from === l.to ? `${l.toLabel} (opnieuw)` : l.toLabel}</TableCell>
                <TableCell>{l.directionLabel}</TableCell>
                <TableCell>{l.n.toLocaleString('nl-NL')}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </figure>
  );
}

function byKey(items: KpiItem[]) {
  const ids = [...new Set(items.map((i) => i.id))];
  return ids.map((id) => ({ id, items: items.filter((i) => i.id === id) }));
}

function ProcessChart({ items }: { items: KpiItem[] }) {
  const steps = items.filter((i) => i.level === 'process');
  const option = useMemo(
    () => ({
      grid: { left: 170, right: 32, top: 16, bottom: 32 },
      xAxis: { type: 'value', name: 'dagen' },
      yAxis: { type: 'category', data: steps.map((s) => s.keyLabel), inverse: true },
      series: [{ type: 'bar', data: steps.map((s) => (s.value === null ? 0 : Math.round(s.value * 10) / 10)), label: { show: true, position: 'right' } }],
    }),
    [steps],
  );
  if (steps.length === 0) return null;
  return (
    <figure className="rk-kpi-figure">
      <figcaption>
        <strong>Doorlooptijd per stap van het toegangspad</strong>, gemiddeld aantal dagen tussen de vorige en deze stap (n per stap in de tabel).
      </figcaption>
      <EChart
        option={option}
        label="Staafdiagram: gemiddelde doorlooptijd in dagen per stap van het toegangspad. De cijfers staan ook in de tabel."
        height={Math.max(160, steps.length * 44 + 48)}
      />
    </figure>
  );
}

function ProviderView({ regionId, user, year, result }: { regionId: string; user: SessionUser | null | undefined; year: number; result: KpiResult }) {
  if (user?.role === 'aanbieder') {
    const items = result.items.filter((i) => i.peers);
    return (
      <section aria-labelledby="rk-own">
        <Heading level={2} id="rk-own">
          Uw uitkomsten naast alle aanbieders in het segment
        </Heading>
        <Paragraph>
          De vergelijking is geanonimiseerd: u ziet het totaal van alle aanbieders en de spreiding over aanbieders met genoeg waarnemingen. Het interval is het
          95%-betrouwbaarheidsinterval; bij kleine aantallen is het breed.
        </Paragraph>
        <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
          <Table className="rk-table">
            <caption className="rk-visually-hidden">Eigen uitkomsten en vergelijkingscijfers per segment</caption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Indicator</TableHeaderCell>
                <TableHeaderCell scope="col">Segment</TableHeaderCell>
                <TableHeaderCell scope="col">Uw waarde (interval)</TableHeaderCell>
                <TableHeaderCell scope="col">Alle aanbieders</TableHeaderCell>
                <TableHeaderCell scope="col">Spreiding (laagste – hoogste)</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((i) => (
                <TableRow key={`${i.id}|${i.key}`}>
                  <TableHeaderCell scope="row">{i.label}</TableHeaderCell>
                  <TableCell>{i.keyLabel}</TableCell>
                  <TableCell>
                    {formatValue(i.value, i.unit)} <Interval item={i} /> (n = {i.n})
                  </TableCell>
                  <TableCell>
                    {formatValue(i.peers!.value, i.unit)} (n = {i.peers!.n}, {i.peers!.providers} aanbieders)
                  </TableCell>
                  <TableCell>
                    {i.peers!.min === null ? 'te weinig waarnemingen' : `${formatValue(i.peers!.min, i.unit)} – ${formatValue(i.peers!.max, i.unit)}`}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      </section>
    );
  }
  return <PublicTable regionId={regionId} year={year} headingLevel={2} />;
}

/** Sturing: KPI/KRI dashboards of a region (issue #12). */
export default function SteeringPage({ landscape, user, route }: { landscape: Landscape; user: SessionUser | null | undefined; route: SteeringRoute }) {
  const regionId = landscape.region.id;
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const level = LEVEL_OF[route.view];
  const loggedIn = Boolean(user);
  const kpis = useResource(
    (signal) => (loggedIn ? steeringApi.kpis(regionId, { level, year }, signal) : Promise.resolve(undefined)),
    [regionId, level, year, loggedIn],
  );
  const waits = useResource(
    (signal) => (loggedIn && route.view === 'process' ? steeringApi.kpis(regionId, { level: 'region', year }, signal) : Promise.resolve(undefined)),
    [regionId, year, loggedIn, route.view],
  );

  return (
    <div className="rk-steering" data-testid="steering-page">
      <div className="rk-titlebar">
        <p className="rk-pretitle">{landscape.region.name}</p>
        <Heading level={1}>Sturing</Heading>
        <Paragraph appearance="lead">{INTRO[route.view]}</Paragraph>
      </div>
      <nav className="rk-subnav" aria-label="Onderdelen van Sturing">
        <ul className="rk-subnav__list">
          {NAV.map((n) => (
            <li key={n.view}>
              <AppLink href={steeringPath(regionId, n.view)} className="rk-subnav__link" aria-current={n.view === route.view ? 'page' : undefined}>
                {n.label}
              </AppLink>
            </li>
          ))}
          <li>
            <AppLink href={publicPath(regionId)} className="rk-subnav__link">
              Openbare resultaten
            </AppLink>
          </li>
        </ul>
      </nav>
      <div className="rk-steering-controls">
        <label htmlFor="rk-steering-year">Jaar</label>
        <select id="rk-steering-year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
          {[0, 1, 2, 3].map((d) => (
            <option key={d} value={thisYear - d}>
              {thisYear - d}
            </option>
          ))}
        </select>
        {loggedIn && (
          <>
            <a href={steeringApi.exportHref(regionId, 'xlsx', { level, year })}>Download als Excel</a>
            <a href={steeringApi.exportHref(regionId, 'csv', { level, year })}>Download als CSV</a>
          </>
        )}
      </div>
      {!loggedIn && (
        <Alert type="info" className="rk-alert" data-testid="steering-login-required">
          <Paragraph>
            <strong>Log in om de sturingsinformatie te zien.</strong> Regionale rollen zien de hele regio, een gemeente de cijfers van haar eigen inwoners, een
            aanbieder de eigen cijfers naast geanonimiseerde vergelijkingscijfers. De <AppLink href={publicPath(regionId)}>openbare resultaten</AppLink> zijn
            zonder inloggen te zien.
          </Paragraph>
        </Alert>
      )}
      {kpis.state === 'loading' && loggedIn && <Paragraph aria-busy="true">Indicatoren worden berekend…</Paragraph>}
      {kpis.state === 'error' && <ProblemAlert error={kpis.error} />}
      {kpis.state === 'ready' && kpis.data && (
        <>
          <Paragraph className="rk-kpi-meta">
            {kpis.data.scope === 'hele regio' ? 'Hele regio' : `Voor ${kpis.data.scope}`}, periode {kpis.data.period.label}; gegevens tot en met{' '}
            {formatDate(kpis.data.dataDate)}. Een doelwaarde met “(aanname)” komt niet uit een regiodocument maar is een werkhypothese.
          </Paragraph>
          {kpis.data.items.length === 0 && <Paragraph>Voor deze regio en periode zijn er nog geen gegevens.</Paragraph>}
          {route.view === 'overview' && (
            <>
              <Signals items={kpis.data.items} />
              <section aria-labelledby="rk-kpi-region">
                <Heading level={2} id="rk-kpi-region">
                  Indicatoren van de regio
                </Heading>
                <KpiTable items={kpis.data.items} caption="Indicatoren van de regio met stand ten opzichte van het doel" showKey={false} />
              </section>
              {kpis.data.items.some((i) => i.id === 'marktconcentratie') && (
                <section aria-labelledby="rk-kpi-market">
                  <Heading level={2} id="rk-kpi-market">
                    Marktconcentratie door de tijd
                  </Heading>
                  <SeriesChart
                    regionId={regionId}
                    kpiId="marktconcentratie"
                    year={year}
                    title="Marktconcentratie (HHI)"
                    description="Herfindahl-Hirschman-index van de aandelen van aanbieders in de gestarte trajecten, per kwartaal."
                  />
                </section>
              )}
            </>
          )}
          {route.view === 'segments' && (
            <section aria-labelledby="rk-kpi-pathways">
              <Heading level={2} id="rk-kpi-pathways">
                Zorgpaden tussen segmenten
              </Heading>
              <Pathways regionId={regionId} year={year} />
            </section>
          )}
          {(route.view === 'segments' || route.view === 'areas') &&
            byKey(kpis.data.items).map((g) => (
              <section key={g.id} aria-labelledby={`rk-kpi-${g.id}`}>
                <Heading level={2} id={`rk-kpi-${g.id}`}>
                  {g.items[0]!.label}
                </Heading>
                <KpiTable items={g.items} caption={`${g.items[0]!.label} per ${route.view === 'segments' ? 'segment' : 'gebied'}`} showKey />
              </section>
            ))}
          {route.view === 'process' && (
            <>
              <ProcessChart items={kpis.data.items} />
              <KpiTable items={kpis.data.items} caption="Doorlooptijd per stap van het toegangspad" showKey />
              {waits.state === 'ready' && waits.data && (
                <section aria-labelledby="rk-kpi-waits">
                  <Heading level={2} id="rk-kpi-waits">
                    Wachttijden
                  </Heading>
                  <KpiTable items={waits.data.items.filter((i) => i.id.startsWith('wachttijd'))} caption="Wachttijden" showKey={false} />
                  {waits.data.items
                    .filter((i) => i.id.startsWith('wachttijd'))
                    .map((i) => (
                      <SeriesChart key={i.id} regionId={regionId} kpiId={i.id} year={year} title={i.label} description={i.definition} />
                    ))}
                </section>
              )}
            </>
          )}
          {route.view === 'providers' && <ProviderView regionId={regionId} user={user} year={year} result={kpis.data} />}
        </>
      )}
    </div>
  );
}
