/**
 * The table of every list that scales (issue #13): TanStack Table with sorting done by the server
 * (the table shows one page), NL Design System table markup, a focusable scroll region, and the
 * pieces around it: search box, count with export links, and the pager. The werklijst,
 * declarations, procedures and providers all use it.
 */
import {
  Button,
  FormLabel,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textbox,
} from '@utrecht/component-library-react';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type SortingState } from '@tanstack/react-table';
import { useState, type ReactNode } from 'react';

/** The server's sort parameter for the table's sort state: `key` or `-key` (keys per column id). */
export const sortParamOf =
  <K extends string>(keys: Record<string, K>) =>
  (s: SortingState): K | `-${K}` | undefined => {
    const first = s[0];
    const key = first ? keys[first.id] : undefined;
    if (!first || !key) return undefined;
    return first.desc ? `-${key}` : key;
  };

export interface DataTableProps<T> {
  rows: T[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<T, any>[];
  sorting: SortingState;
  onSortingChange: (s: SortingState) => void;
  caption: string;
  /** Accessible name of the scroll region (unique on the page). */
  label: string;
  rowId: (r: T) => string;
  /** The column whose cell is the row header. */
  rowHeader: string;
  testId: string;
  /** data-testid prefix of a row (`<prefix>-<rowId>`); default the testId without `-table`. */
  rowTestId?: string;
  tableClassName?: string;
  cellClassName?: (columnId: string) => string | undefined;
}

export function DataTable<T>({
  rows,
  columns,
  sorting,
  onSortingChange,
  caption,
  label,
  rowId,
  rowHeader,
  testId,
  rowTestId,
  tableClassName,
  cellClassName,
}: DataTableProps<T>) {
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    state: { sorting },
    onSortingChange: (u) => onSortingChange(typeof u === 'function' ? u(sorting) : u),
    getRowId: rowId,
  });
  return (
    <div className="rk-table-scroll" tabIndex={0} role="region" aria-label={label}>
      <Table className={`rk-table ${tableClassName ?? ''}`} data-testid={testId}>
        <TableCaption className="rk-visually-hidden">{caption}</TableCaption>
        <TableHeader>
          {table.getHeaderGroups().map((g) => (
            <TableRow key={g.id}>
              {g.headers.map((h) => {
                const sorted = h.column.getIsSorted();
                return (
                  <TableHeaderCell
                    key={h.id}
                    scope="col"
                    className={cellClassName?.(h.column.id)}
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                  >
                    {h.column.getCanSort() ? (
                      <button type="button" className="rk-sort" onClick={h.column.getToggleSortingHandler()} data-testid={`sort-${h.id}`}>
                        {flexRender(h.column.columnDef.header, h.getContext())}
                        <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ' ↕'}</span>
                      </button>
                    ) : (
                      flexRender(h.column.columnDef.header, h.getContext())
                    )}
                  </TableHeaderCell>
                );
              })}
            </TableRow>
          ))}
        </TableHeader>
        <TableBody>
          {table.getRowModel().rows.map((row) => (
            <TableRow key={row.id} data-testid={`${rowTestId ?? `${testId.replace(/-table$/, '')}-row`}-${row.id}`}>
              {row.getVisibleCells().map((c) =>
                c.column.id === rowHeader ? (
                  <TableHeaderCell key={c.id} scope="row" className={cellClassName?.(c.column.id)}>
                    {flexRender(c.column.columnDef.cell, c.getContext())}
                  </TableHeaderCell>
                ) : (
                  <TableCell key={c.id} className={cellClassName?.(c.column.id)}>
                    {flexRender(c.column.columnDef.cell, c.getContext())}
                  </TableCell>
                ),
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

/** A search box that searches on submit (the server filters; q is never logged). */
export function ListSearch({ id, label, onSearch, testId }: { id: string; label: string; onSearch: (q: string) => void; testId: string }) {
  const [typed, setTyped] = useState('');
  return (
    <form
      className="rk-filters"
      role="search"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(typed.trim());
      }}
    >
      <div className="rk-field">
        <FormLabel htmlFor={id}>{label}</FormLabel>
        <div className="rk-search">
          <Textbox id={id} type="search" value={typed} onChange={(e) => setTyped(e.target.value)} data-testid={`${testId}-search`} autoComplete="off" />
          <Button type="submit" appearance="secondary-action-button" data-testid={`${testId}-search-button`}>
            Zoeken
          </Button>
        </div>
      </div>
    </form>
  );
}

const nf = new Intl.NumberFormat('nl-NL');

/** "1–25 van 164 …" with the export links of the filtered list. */
export function ListBar({
  total,
  offset,
  page,
  noun,
  q,
  exportUrl,
  testId,
}: {
  total: number;
  offset: number;
  page: number;
  noun: [string, string];
  q?: string;
  exportUrl?: (f: 'csv' | 'xlsx') => string;
  testId: string;
}) {
  return (
    <div className="rk-listbar">
      <Paragraph data-testid={`${testId}-counts`} aria-live="polite">
        {total === 0
          ? `Geen ${noun[1]}`
          : `${nf.format(offset + 1)}–${nf.format(Math.min(offset + page, total))} van ${nf.format(total)} ${total === 1 ? noun[0] : noun[1]}`}
        {q ? ` voor "${q}"` : ''}
      </Paragraph>
      {exportUrl && total > 0 && (
        <Paragraph className="rk-exports">
          Exporteren:{' '}
          <a href={exportUrl('csv')} data-testid={`${testId}-export-csv`}>
            CSV
          </a>{' '}
          ·{' '}
          <a href={exportUrl('xlsx')} data-testid={`${testId}-export-xlsx`}>
            Excel (XLSX)
          </a>
        </Paragraph>
      )}
    </div>
  );
}

export function ListPager({
  total,
  offset,
  page,
  onOffset,
  label,
  testId,
}: {
  total: number;
  offset: number;
  page: number;
  onOffset: (o: number) => void;
  label: string;
  testId: string;
}): ReactNode {
  if (total <= page) return null;
  return (
    <nav className="rk-pager" aria-label={label}>
      <Button appearance="secondary-action-button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - page))} data-testid={`${testId}-prev`}>
        Vorige
      </Button>
      <span>
        Pagina {nf.format(Math.floor(offset / page) + 1)} van {nf.format(Math.ceil(total / page))}
      </span>
      <Button appearance="secondary-action-button" disabled={offset + page >= total} onClick={() => onOffset(offset + page)} data-testid={`${testId}-next`}>
        Volgende
      </Button>
    </nav>
  );
}
