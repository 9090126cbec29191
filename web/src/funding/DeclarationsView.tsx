import { Button, FormLabel, Heading, Paragraph, Select, SelectOption, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { useState } from 'react';
import { api } from '../api';
import type { DeclarationSummary, Landscape, SessionUser } from '../api-types';
import { AppLink, declarationPath } from '../router';
import { useResource } from '../useResource';
import { Empty, FundingProblem, Loading } from './FundingGuard';
import { CheckboxField } from './checkbox';
import { formatEuro, formatMonthLong, formatPeriod, formatTimestamp } from './money';

const PAGE = 50;

/** Providers of the region (from the landscape), by name, for the filter. */
function regionProviders(landscape: Landscape): { id: number; name: string }[] {
  const byId = new Map<number, string>();
  for (const s of landscape.segments) for (const p of s.providers) byId.set(p.id, p.name);
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'nl'));
}

export function Outcome({ d }: { d: Pick<DeclarationSummary, 'lineCount' | 'rejectedCount'> }) {
  if (d.rejectedCount === 0) return <span className="rk-fin-badge rk-fin-badge--ok">Volledig toegekend</span>;
  if (d.rejectedCount === d.lineCount) return <span className="rk-fin-badge rk-fin-badge--rejected">Afgewezen</span>;
  return <span className="rk-fin-badge rk-fin-badge--partial">Deels afgewezen</span>;
}

function DeclarationTable({ rows, landscape }: { rows: DeclarationSummary[]; landscape: Landscape }) {
  const regionId = landscape.region.id;
  const municipality = (code: string | null) => (code ? (landscape.municipalities.find((m) => m.code === code)?.name ?? code) : '—');
  return (
    <div className="rk-table-scroll">
      <Table className="rk-table rk-fin-table" data-testid="declarations-table">
        <TableCaption className="rk-visually-hidden">Ontvangen declaraties, nieuwste periode eerst</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">Declaratie</TableHeaderCell>
            <TableHeaderCell scope="col">Aanbieder</TableHeaderCell>
            <TableHeaderCell scope="col">Gemeente</TableHeaderCell>
            <TableHeaderCell scope="col">Periode</TableHeaderCell>
            <TableHeaderCell scope="col">Ontvangen</TableHeaderCell>
            <TableHeaderCell scope="col" className="rk-num">Ingediend</TableHeaderCell>
            <TableHeaderCell scope="col" className="rk-num">Toegekend</TableHeaderCell>
            <TableHeaderCell scope="col" className="rk-num">Prestaties</TableHeaderCell>
            <TableHeaderCell scope="col">Uitkomst</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((d) => (
            <TableRow key={d.id} data-testid={`declaration-row-${d.id}`}>
              <TableHeaderCell scope="row">
                <AppLink href={declarationPath(regionId, d.id)}>{d.declaratieNummer}</AppLink>
              </TableHeaderCell>
              <TableCell>
                {d.providerName ?? 'Onbekende aanbieder'}
                <span className="rk-fin-sub">AGB {d.providerAgb}</span>
              </TableCell>
              <TableCell>{municipality(d.municipalityCode)}</TableCell>
              <TableCell className="rk-nowrap">{formatPeriod(d.periodStart, d.periodEnd)}</TableCell>
              <TableCell className="rk-nowrap">{formatTimestamp(d.receivedAt)}</TableCell>
              <TableCell className="rk-num">{formatEuro(d.submittedCents)}</TableCell>
              <TableCell className="rk-num">{formatEuro(d.approvedCents)}</TableCell>
              <TableCell className="rk-num">
                {d.lineCount}
                {d.rejectedCount > 0 && <span className="rk-fin-sub">{d.rejectedCount} afgewezen</span>}
              </TableCell>
              <TableCell>
                <Outcome d={d} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

export interface DeclarationsFilterState {
  providerId?: number;
  municipality?: string;
  period?: string;
  rejectedOnly: boolean;
}

const NO_FILTER: DeclarationsFilterState = { rejectedOnly: false };

/** The filter form: provider and municipality (regional roles; a municipality has its own), period, only rejected. */
function DeclarationFilters({ landscape, user, periods, value, onChange }: { landscape: Landscape; user: SessionUser; periods: string[]; value: DeclarationsFilterState; onChange: (f: DeclarationsFilterState) => void }) {
  const providers = user.role === 'aanbieder' ? [] : regionProviders(landscape);
  const municipalities = user.municipalityCode ? [] : [...landscape.municipalities].sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  const years = [...new Set(periods.map((p) => p.slice(0, 4)))];
  return (
    <form className="rk-fin-controls" aria-label="Filter declaraties" onSubmit={(e) => e.preventDefault()}>
      {providers.length > 0 && (
        <div className="rk-field">
          <FormLabel htmlFor="declarations-provider">Aanbieder</FormLabel>
          <Select id="declarations-provider" value={value.providerId === undefined ? '' : String(value.providerId)} onChange={(e) => onChange({ ...value, providerId: e.target.value ? Number(e.target.value) : undefined })} className="rk-fin-provider">
            <SelectOption value="">Alle aanbieders</SelectOption>
            {providers.map((p) => (
              <SelectOption key={p.id} value={String(p.id)}>
                {p.name}
              </SelectOption>
            ))}
          </Select>
        </div>
      )}
      {municipalities.length > 0 && (
        <div className="rk-field">
          <FormLabel htmlFor="declarations-municipality">Gemeente</FormLabel>
          <Select id="declarations-municipality" value={value.municipality ?? ''} onChange={(e) => onChange({ ...value, municipality: e.target.value || undefined })}>
            <SelectOption value="">Alle gemeenten</SelectOption>
            {municipalities.map((m) => (
              <SelectOption key={m.code} value={m.code}>
                {m.name}
              </SelectOption>
            ))}
          </Select>
        </div>
      )}
      <div className="rk-field">
        <FormLabel htmlFor="declarations-period">Periode</FormLabel>
        <Select id="declarations-period" value={value.period ?? ''} onChange={(e) => onChange({ ...value, period: e.target.value || undefined })}>
          <SelectOption value="">Alle perioden</SelectOption>
          {years.map((y) => (
            <SelectOption key={y} value={y}>
              Heel {y}
            </SelectOption>
          ))}
          {periods.map((p) => (
            <SelectOption key={p} value={p}>
              {formatMonthLong(`${p}-01`)}
            </SelectOption>
          ))}
        </Select>
      </div>
      <CheckboxField id="declarations-rejected" label="Alleen met afgewezen prestaties" checked={value.rejectedOnly} onChange={(rejectedOnly) => onChange({ ...value, rejectedOnly })} />
    </form>
  );
}

/** Received declarations, filterable by provider, municipality, period and rejected lines, fifty per page. */
export function DeclarationsView({ landscape, user }: { landscape: Landscape; user: SessionUser }) {
  const regionId = landscape.region.id;
  const [filter, setFilter] = useState<DeclarationsFilterState>(NO_FILTER);
  const [offset, setOffset] = useState(0);
  // The periods of the whole scope (unfiltered) fill the period filter; they arrive with every list.
  const [periods, setPeriods] = useState<string[]>([]);
  const list = useResource(
    (signal) => api.declarations(regionId, { ...filter, limit: PAGE, offset }, signal).then((l) => (setPeriods(l.periods), l)),
    [regionId, filter.providerId, filter.municipality, filter.period, filter.rejectedOnly, offset, user.username],
  );
  const pick = (f: DeclarationsFilterState) => {
    setFilter(f);
    setOffset(0);
  };
  const filtered = filter.providerId !== undefined || filter.municipality !== undefined || filter.period !== undefined || filter.rejectedOnly;
  return (
    <section aria-labelledby="fin-declarations" className="rk-section rk-section--first">
      <Heading level={2} id="fin-declarations">
        Declaraties
      </Heading>
      <DeclarationFilters landscape={landscape} user={user} periods={periods} value={filter} onChange={pick} />
      {list.state === 'loading' && <Loading what="Declaraties" />}
      {list.state === 'error' && <FundingProblem error={list.error} regionId={regionId} />}
      {list.state === 'ready' && list.data.rows.length === 0 && (
        <Empty>{filtered ? 'Geen declaraties die aan dit filter voldoen.' : `Er zijn nog geen declaraties ontvangen voor ${list.data.scope}.`}</Empty>
      )}
      {list.state === 'ready' && list.data.rows.length > 0 && (
        <>
          <Paragraph className="rk-fin-count" aria-live="polite" data-testid="declarations-count">
            {list.data.total} declaraties voor {list.data.scope}
            {filtered ? ' (gefilterd)' : ''}; {offset + 1}–{offset + list.data.rows.length} getoond.
          </Paragraph>
          <DeclarationTable rows={list.data.rows} landscape={landscape} />
          {list.data.total > PAGE && (
            <nav className="rk-fin-pager" aria-label="Pagina's met declaraties">
              <Button type="button" appearance="secondary-action-button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                Vorige {PAGE}
              </Button>
              <span>
                Pagina {Math.floor(offset / PAGE) + 1} van {Math.ceil(list.data.total / PAGE)}
              </span>
              <Button type="button" appearance="secondary-action-button" disabled={offset + PAGE >= list.data.total} onClick={() => setOffset(offset + PAGE)}>
                Volgende {PAGE}
              </Button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}
