import { createColumnHelper } from '@tanstack/react-table';
import { api } from '../api';
import type { ProcedureListRow } from '../api-types';
import { PagedList } from '../components/PagedList';
import { formatShortDate } from '../format';
import { AppLink, procedurePath } from '../router';

const col = createColumnHelper<ProcedureListRow>();

/** All procedures of the region in one list that scales: search, sort, pages, export (issue #13). */
export function ProcedureList({ regionId, username }: { regionId: string; username: string }) {
  const columns = [
    col.accessor('name', { header: 'Procedure', cell: ({ row: { original: p } }) => <AppLink href={procedurePath(regionId, p.id)}>{p.name}</AppLink> }),
    col.accessor('segmentName', { id: 'segment', header: 'Segment of taakgebied' }),
    col.accessor('statusLabel', { id: 'status', header: 'Fase' }),
    col.accessor('nextStep', { header: 'Volgende stap', enableSorting: false }),
    col.accessor('applicationCount', { id: 'applications', header: 'Aanmeldingen' }),
    col.accessor('publishedOn', { id: 'published', header: 'Gepubliceerd', cell: (c) => (c.getValue() ? formatShortDate(c.getValue()!) : '—') }),
  ];
  return (
    <PagedList
      name="procedure-list"
      title="Alle procedures"
      searchLabel="Zoek op naam, segment of fase"
      noun={['procedure', 'procedures']}
      caption="Alle procedures"
      pagerLabel="Pagina's met procedures"
      sortKeys={{ name: 'name', segment: 'segment', status: 'status', published: 'published', applications: 'applications' }}
      initialSort={[{ id: 'published', desc: true }]}
      columns={columns}
      rowHeader="name"
      cellClassName={(id) => (id === 'published' ? 'rk-nowrap' : id === 'applications' ? 'rk-num' : undefined)}
      load={(req, signal) => api.procedureList(regionId, req, signal)}
      exportUrl={(req, f) => api.procedureListExportUrl(regionId, req, f)}
      deps={[regionId, username]}
    />
  );
}
