import { createColumnHelper } from '@tanstack/react-table';
import { api } from '../api';
import type { ProviderListRow } from '../api-types';
import { PagedList } from '../components/PagedList';
import { formatShortDate } from '../format';
import { AppLink, providerPath } from '../router';

const col = createColumnHelper<ProviderListRow>();

/** The provider register: search (name, AGB, segment), sort, pages, export (issue #13). */
export function ProviderList({ regionId, username }: { regionId: string; username: string }) {
  const columns = [
    col.accessor('name', { header: 'Aanbieder', cell: ({ row: { original: p } }) => <AppLink href={providerPath(regionId, p.id)}>{p.name}</AppLink> }),
    col.accessor('agbCode', { header: 'AGB-code' }),
    col.accessor('runningContracts', { header: 'Lopende contracten', cell: ({ row: { original: p } }) => `${p.runningContracts} van ${p.contractCount}` }),
    col.accessor((p) => p.segments.join(', '), { id: 'segments', header: 'Segmenten of taakgebieden', enableSorting: false }),
    col.accessor('firstEnd', { header: 'Eerste einddatum', cell: (c) => (c.getValue() ? formatShortDate(c.getValue()!) : '—') }),
  ];
  return (
    <PagedList
      name="provider-list"
      title="Aanbieders"
      searchLabel="Zoek aanbieder op naam, AGB-code of taakgebied"
      noun={['aanbieder', 'aanbieders']}
      caption="Aanbieders van de regio"
      pagerLabel="Pagina's met aanbieders"
      sortKeys={{ name: 'name', agbCode: 'agb', runningContracts: 'contracts', firstEnd: 'end' }}
      initialSort={[{ id: 'name', desc: false }]}
      columns={columns}
      rowHeader="name"
      cellClassName={(id) => (id === 'firstEnd' ? 'rk-nowrap' : undefined)}
      load={(req, signal) => api.providerList(regionId, req, signal)}
      exportUrl={(req, f) => api.providerListExportUrl(regionId, req, f)}
      deps={[regionId, username]}
    />
  );
}
