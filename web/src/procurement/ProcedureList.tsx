import { Heading } from '@utrecht/component-library-react';
import { createColumnHelper, type SortingState } from '@tanstack/react-table';
import { useState } from 'react';
import { api } from '../api';
import type { ProcedureListRow } from '../api-types';
import { DataTable, ListBar, ListPager, ListSearch, sortParamOf } from '../components/DataTable';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatShortDate } from '../format';
import { AppLink, procedurePath } from '../router';
import { useResource } from '../useResource';

const PAGE = 25;
const col = createColumnHelper<ProcedureListRow>();
const sortParam = sortParamOf({ name: 'name', segment: 'segment', status: 'status', published: 'published', applications: 'applications' });

/** All procedures of the region in one list that scales: search, sort, pages, export (issue #13). */
export function ProcedureList({ regionId, username }: { regionId: string; username: string }) {
  const [q, setQ] = useState('');
  const [sorting, setSorting] = useState<SortingState>([{ id: 'published', desc: true }]);
  const [offset, setOffset] = useState(0);
  const req = { q: q || undefined, sort: sortParam(sorting) };
  const list = useResource(
    (signal) => api.procedureList(regionId, { ...req, limit: PAGE, offset }, signal),
    [regionId, q, JSON.stringify(sorting), offset, username],
  );
  const columns = [
    col.accessor('name', { header: 'Procedure', cell: ({ row: { original: p } }) => <AppLink href={procedurePath(regionId, p.id)}>{p.name}</AppLink> }),
    col.accessor('segmentName', { id: 'segment', header: 'Segment of taakgebied' }),
    col.accessor('statusLabel', { id: 'status', header: 'Fase' }),
    col.accessor('nextStep', { header: 'Volgende stap', enableSorting: false }),
    col.accessor('applicationCount', { id: 'applications', header: 'Aanmeldingen' }),
    col.accessor('publishedOn', { id: 'published', header: 'Gepubliceerd', cell: (c) => (c.getValue() ? formatShortDate(c.getValue()!) : '—') }),
  ];
  return (
    <section aria-labelledby="procedure-list-heading" className="rk-section">
      <Heading level={2} id="procedure-list-heading">
        Alle procedures
      </Heading>
      <ListSearch id="procedure-list-q" label="Zoek op naam, segment of fase" testId="procedure-list" onSearch={(v) => (setQ(v), setOffset(0))} />
      {list.state === 'error' && <ProblemAlert error={list.error} />}
      {list.state === 'ready' && (
        <>
          <ListBar
            total={list.data.total}
            offset={offset}
            page={PAGE}
            noun={['procedure', 'procedures']}
            q={q}
            exportUrl={(f) => api.procedureListExportUrl(regionId, req, f)}
            testId="procedure-list"
          />
          {list.data.rows.length > 0 && (
            <DataTable
              rows={list.data.rows}
              columns={columns}
              sorting={sorting}
              onSortingChange={(s) => (setSorting(s), setOffset(0))}
              caption="Alle procedures"
              label="Alle procedures (tabel)"
              rowId={(p) => String(p.id)}
              rowHeader="name"
              testId="procedure-list-table"
              cellClassName={(id) => (id === 'published' ? 'rk-nowrap' : id === 'applications' ? 'rk-num' : undefined)}
            />
          )}
          <ListPager total={list.data.total} offset={offset} page={PAGE} onOffset={setOffset} label="Pagina's met procedures" testId="procedure-list" />
        </>
      )}
    </section>
  );
}
