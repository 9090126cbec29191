import { Heading } from '@utrecht/component-library-react';
import type { ColumnDef, SortingState } from '@tanstack/react-table';
import { useState } from 'react';
import type { ListRequest } from '../api-types';
import { DataTable, ListBar, ListPager, ListSearch, sortParamOf } from './DataTable';
import { ProblemAlert } from './ProblemAlert';
import { useResource } from '../useResource';

const PAGE = 25;

export interface PagedListProps<T extends { id: number }> {
  /** Prefix of the element ids and test ids: `<name>-heading`, `<name>-q`, `<name>-table`, `<name>` (bar and pager). */
  name: string;
  /** The section heading; the table's accessible name is this with " (tabel)". */
  title: string;
  searchLabel: string;
  noun: [string, string];
  caption: string;
  pagerLabel: string;
  /** Server sort key per column id. */
  sortKeys: Record<string, string>;
  initialSort: SortingState;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<T, any>[];
  rowHeader: string;
  cellClassName?: (columnId: string) => string | undefined;
  /** One page of the list from the server (search, sort, limit, offset). */
  load: (req: ListRequest, signal: AbortSignal) => Promise<{ total: number; rows: T[] }>;
  /** The whole filtered list as a file. */
  exportUrl: (req: ListRequest, format: 'csv' | 'xlsx') => string;
  /** What else the list depends on (region, user): a change loads it again. */
  deps: readonly unknown[];
}

/** A server-side list (issue #13): search, sortable columns, pages of 25 and an export of the filtered list. */
export function PagedList<T extends { id: number }>(p: PagedListProps<T>) {
  const [q, setQ] = useState('');
  const [sorting, setSorting] = useState<SortingState>(p.initialSort);
  const [offset, setOffset] = useState(0);
  const sortParam = sortParamOf(p.sortKeys);
  const req: ListRequest = { q: q || undefined, sort: sortParam(sorting) };
  const list = useResource((signal) => p.load({ ...req, limit: PAGE, offset }, signal), [...p.deps, q, JSON.stringify(sorting), offset]);
  return (
    <section aria-labelledby={`${p.name}-heading`} className="rk-section">
      <Heading level={2} id={`${p.name}-heading`}>
        {p.title}
      </Heading>
      <ListSearch id={`${p.name}-q`} label={p.searchLabel} testId={p.name} onSearch={(v) => (setQ(v), setOffset(0))} />
      {list.state === 'error' && <ProblemAlert error={list.error} />}
      {list.state === 'ready' && (
        <>
          <ListBar total={list.data.total} offset={offset} page={PAGE} noun={p.noun} q={q} exportUrl={(f) => p.exportUrl(req, f)} testId={p.name} />
          {list.data.rows.length > 0 && (
            <DataTable
              rows={list.data.rows}
              columns={p.columns}
              sorting={sorting}
              onSortingChange={(s) => (setSorting(s), setOffset(0))}
              caption={p.caption}
              label={`${p.title} (tabel)`}
              rowId={(r) => String(r.id)}
              rowHeader={p.rowHeader}
              testId={`${p.name}-table`}
              {...(p.cellClassName ? { cellClassName: p.cellClassName } : {})}
            />
          )}
          <ListPager total={list.data.total} offset={offset} page={PAGE} onOffset={setOffset} label={p.pagerLabel} testId={p.name} />
        </>
      )}
    </section>
  );
}
