import { Heading } from '@utrecht/component-library-react';
import { createColumnHelper, type SortingState } from '@tanstack/react-table';
import { useState } from 'react';
import { api } from '../api';
import type { ProviderListRow } from '../api-types';
import { DataTable, ListBar, ListPager, ListSearch, sortParamOf } from '../components/DataTable';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatShortDate } from '../format';
import { AppLink, providerPath } from '../router';
import { useResource } from '../useResource';

const PAGE = 25;
const col = createColumnHelper<ProviderListRow>();
const sortParam = sortParamOf({ name: 'name', agbCode: 'agb', runningContracts: 'contracts', firstEnd: 'end' });

/** The provider register: search (name, AGB, segment), sort, pages, export (issue #13). */
export function ProviderList({ regionId, username }: { regionId: string; username: string }) {
  const [q, setQ] = useState('');
  const [sorting, setSorting] = useState<SortingState>([{ id: 'name', desc: false }]);
  const [offset, setOffset] = useState(0);
  const req = { q: q || undefined, sort: sortParam(sorting) };
  const list = useResource(
    (signal) => api.providerList(regionId, { ...req, limit: PAGE, offset }, signal),
    [regionId, q, JSON.stringify(sorting), offset, username],
  );
  const columns = [
    col.accessor('name', { header: 'Aanbieder', cell: ({ row: { original: p } }) => <AppLink href={providerPath(regionId, p.id)}>{p.name}</AppLink> }),
    col.accessor('agbCode', { header: 'AGB-code' }),
    col.accessor('runningContracts', { header: 'Lopende contracten', cell: ({ row: { original: p } }) => `${p.runningContracts} van ${p.contractCount}` }),
    col.accessor((p) => p.segments.join(', '), { id: 'segments', header: 'Segmenten of taakgebieden', enableSorting: false }),
    col.accessor('firstEnd', { header: 'Eerste einddatum', cell: (c) => (c.getValue() ? formatShortDate(c.getValue()!) : '—') }),
  ];
  return (
    <section aria-labelledby="provider-list-heading" className="rk-section">
      <Heading level={2} id="provider-list-heading">
        Aanbieders
      </Heading>
      <ListSearch
        id="provider-list-q"
        label="Zoek aanbieder op naam, AGB-code of taakgebied"
        testId="provider-list"
        onSearch={(v) => (setQ(v), setOffset(0))}
      />
      {list.state === 'error' && <ProblemAlert error={list.error} />}
      {list.state === 'ready' && (
        <>
          <ListBar
            total={list.data.total}
            offset={offset}
            page={PAGE}
            noun={['aanbieder', 'aanbieders']}
            q={q}
            exportUrl={(f) => api.providerListExportUrl(regionId, req, f)}
            testId="provider-list"
          />
          {list.data.rows.length > 0 && (
            <DataTable
              rows={list.data.rows}
              columns={columns}
              sorting={sorting}
              onSortingChange={(s) => (setSorting(s), setOffset(0))}
              caption="Aanbieders van de regio"
              label="Aanbieders (tabel)"
              rowId={(p) => String(p.id)}
              rowHeader="name"
              testId="provider-list-table"
              cellClassName={(id) => (id === 'firstEnd' ? 'rk-nowrap' : undefined)}
            />
          )}
          <ListPager total={list.data.total} offset={offset} page={PAGE} onOffset={setOffset} label="Pagina's met aanbieders" testId="provider-list" />
        </>
      )}
    </section>
  );
}
