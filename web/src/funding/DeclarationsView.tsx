import { FormLabel, Heading, Paragraph, Select, SelectOption } from '@utrecht/component-library-react';
import { createColumnHelper, type SortingState } from '@tanstack/react-table';
import { DataTable, ListBar, ListPager, ListSearch, sortParamOf } from '../components/DataTable';
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

const col = createColumnHelper<DeclarationSummary>();
type DeclarationSortKey = 'provider' | 'period' | 'received' | 'submitted' | 'approved' | 'rejected';
/** Server sort keys per column. */
const SORT_KEYS: Record<string, DeclarationSortKey> = {
  provider: 'provider',
  period: 'period',
  received: 'received',
  submitted: 'submitted',
  approved: 'approved',
  lines: 'rejected',
};
const sortParam = sortParamOf(SORT_KEYS);

function DeclarationTable({
  rows,
  landscape,
  sorting,
  onSortingChange,
}: {
  rows: DeclarationSummary[];
  landscape: Landscape;
  sorting: SortingState;
  onSortingChange: (s: SortingState) => void;
}) {
  const regionId = landscape.region.id;
  const municipality = (code: string | null) => (code ? (landscape.municipalities.find((m) => m.code === code)?.name ?? code) : '—');
  const columns = [
    col.accessor('declaratieNummer', {
      id: 'nummer',
      header: 'Declaratie',
      enableSorting: false,
      cell: ({ row: { original: d } }) => <AppLink href={declarationPath(regionId, d.id)}>{d.declaratieNummer}</AppLink>,
    }),
    col.accessor('providerName', {
      id: 'provider',
      header: 'Aanbieder',
      cell: ({ row: { original: d } }) => (
        <>
          {d.providerName ?? 'Onbekende aanbieder'}
          <span className="rk-fin-sub">AGB {d.providerAgb}</span>
        </>
      ),
    }),
    col.accessor('municipalityCode', { id: 'municipality', header: 'Gemeente', enableSorting: false, cell: (c) => municipality(c.getValue()) }),
    col.accessor('periodStart', { id: 'period', header: 'Periode', cell: ({ row: { original: d } }) => formatPeriod(d.periodStart, d.periodEnd) }),
    col.accessor('receivedAt', { id: 'received', header: 'Ontvangen', cell: (c) => formatTimestamp(c.getValue()) }),
    col.accessor('submittedCents', { id: 'submitted', header: 'Ingediend', cell: (c) => formatEuro(c.getValue()) }),
    col.accessor('approvedCents', { id: 'approved', header: 'Toegekend', cell: (c) => formatEuro(c.getValue()) }),
    col.accessor('lineCount', {
      id: 'lines',
      header: 'Prestaties',
      cell: ({ row: { original: d } }) => (
        <>
          {d.lineCount}
          {d.rejectedCount > 0 && <span className="rk-fin-sub">{d.rejectedCount} afgewezen</span>}
        </>
      ),
    }),
    col.display({ id: 'outcome', header: 'Uitkomst', cell: ({ row: { original: d } }) => <Outcome d={d} /> }),
  ];
  return (
    <DataTable
      rows={rows}
      columns={columns}
      sorting={sorting}
      onSortingChange={onSortingChange}
      caption="Ontvangen declaraties"
      label="Declaraties (tabel)"
      rowId={(d) => String(d.id)}
      rowHeader="nummer"
      testId="declarations-table"
      rowTestId="declaration-row"
      tableClassName="rk-fin-table"
      cellClassName={(id) => (['submitted', 'approved', 'lines'].includes(id) ? 'rk-num' : id === 'period' || id === 'received' ? 'rk-nowrap' : undefined)}
    />
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
function DeclarationFilters({
  landscape,
  user,
  periods,
  value,
  onChange,
}: {
  landscape: Landscape;
  user: SessionUser;
  periods: string[];
  value: DeclarationsFilterState;
  onChange: (f: DeclarationsFilterState) => void;
}) {
  const providers = user.role === 'aanbieder' ? [] : regionProviders(landscape);
  const municipalities = user.municipalityCode ? [] : [...landscape.municipalities].sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  const years = [...new Set(periods.map((p) => p.slice(0, 4)))];
  return (
    <form className="rk-fin-controls" aria-label="Filter declaraties" onSubmit={(e) => e.preventDefault()}>
      {providers.length > 0 && (
        <div className="rk-field">
          <FormLabel htmlFor="declarations-provider">Aanbieder</FormLabel>
          <Select
            id="declarations-provider"
            value={value.providerId === undefined ? '' : String(value.providerId)}
            onChange={(e) => onChange({ ...value, providerId: e.target.value ? Number(e.target.value) : undefined })}
            className="rk-fin-provider"
          >
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
          <Select
            id="declarations-municipality"
            value={value.municipality ?? ''}
            onChange={(e) => onChange({ ...value, municipality: e.target.value || undefined })}
          >
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
      <CheckboxField
        id="declarations-rejected"
        label="Alleen met afgewezen prestaties"
        checked={value.rejectedOnly}
        onChange={(rejectedOnly) => onChange({ ...value, rejectedOnly })}
      />
    </form>
  );
}

/** Received declarations, filterable by provider, municipality, period and rejected lines, fifty per page. */
export function DeclarationsView({ landscape, user }: { landscape: Landscape; user: SessionUser }) {
  const regionId = landscape.region.id;
  const [filter, setFilter] = useState<DeclarationsFilterState>(NO_FILTER);
  const [offset, setOffset] = useState(0);
  const [q, setQ] = useState('');
  const [sorting, setSorting] = useState<SortingState>([{ id: 'period', desc: true }]);
  const { municipality: municipalityCode, ...rest } = filter;
  const query = { ...rest, municipalityCode, q: q || undefined, sort: sortParam(sorting) };
  // The periods of the whole scope (unfiltered) fill the period filter; they arrive with every list.
  const [periods, setPeriods] = useState<string[]>([]);
  const list = useResource(
    (signal) => api.declarations(regionId, { ...query, limit: PAGE, offset }, signal).then((l) => (setPeriods(l.periods), l)),
    [regionId, filter.providerId, filter.municipality, filter.period, filter.rejectedOnly, q, JSON.stringify(sorting), offset, user.username],
  );
  const pick = (f: DeclarationsFilterState) => {
    setFilter(f);
    setOffset(0);
  };
  const filtered = filter.providerId !== undefined || filter.municipality !== undefined || filter.period !== undefined || filter.rejectedOnly || q !== '';
  return (
    <section aria-labelledby="fin-declarations" className="rk-section rk-section--first">
      <Heading level={2} id="fin-declarations">
        Declaraties
      </Heading>
      <ListSearch id="declarations-q" label="Zoek op aanbieder, AGB-code of declaratienummer" testId="declarations" onSearch={(v) => (setQ(v), setOffset(0))} />
      <DeclarationFilters landscape={landscape} user={user} periods={periods} value={filter} onChange={pick} />
      {list.state === 'loading' && <Loading what="Declaraties" />}
      {list.state === 'error' && <FundingProblem error={list.error} regionId={regionId} />}
      {list.state === 'ready' && list.data.rows.length === 0 && (
        <Empty>{filtered ? 'Geen declaraties die aan dit filter voldoen.' : `Er zijn nog geen declaraties ontvangen voor ${list.data.scope}.`}</Empty>
      )}
      {list.state === 'ready' && list.data.rows.length > 0 && (
        <>
          <Paragraph className="rk-fin-count" data-testid="declarations-count">
            {list.data.total} declaraties voor {list.data.scope}
            {filtered ? ' (gefilterd)' : ''}.
          </Paragraph>
          <ListBar
            total={list.data.total}
            offset={offset}
            page={PAGE}
            noun={['declaratie', 'declaraties']}
            q={q}
            exportUrl={(f) => api.declarationsExportUrl(regionId, query, f)}
            testId="declarations"
          />
          <DeclarationTable
            rows={list.data.rows}
            landscape={landscape}
            sorting={sorting}
            onSortingChange={(s) => {
              setSorting(s);
              setOffset(0);
            }}
          />
          <ListPager total={list.data.total} offset={offset} page={PAGE} onOffset={setOffset} label="Pagina's met declaraties" testId="declarations" />
        </>
      )}
    </section>
  );
}
