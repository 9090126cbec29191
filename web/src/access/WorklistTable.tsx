import { createColumnHelper, type SortingState } from '@tanstack/react-table';
import { DataTable, sortParamOf } from '../components/DataTable';
import type { Landscape, WorklistRow } from '../api-types';
import { formatShortDate } from '../format';
import { AppLink, casePath } from '../router';
import { areaName, segmentName, statusLabel } from './accessLabels';
import { DueDate, SignalList } from './SignalList';

const col = createColumnHelper<WorklistRow>();

/** Server sort keys per column (the API sorts and pages; the table only shows one page). */
const SORT_KEYS: Record<string, string> = { name: 'name', status: 'status', due: 'due' };

const toParam = sortParamOf(SORT_KEYS);
/** The server has no descending status sort: status sorts one way. */
export const sortParam = (s: SortingState): string | undefined => (s[0]?.id === 'status' ? 'status' : toParam(s));

/** Signals as a compact badge; the texts open on demand. */
function Signals({ r, landscape }: { r: WorklistRow; landscape: Landscape }) {
  const n = r.signals.length + r.expiring.length;
  if (n === 0) return <span className="rk-muted">Geen</span>;
  const worst = r.signals.some((s) => s.severity === 'blocking') ? 'blocking' : 'signal';
  return (
    <details className="rk-worklist__details">
      <summary>
        <span className={`rk-badge rk-badge--${worst}`}>
          {n} {n === 1 ? 'signaal' : 'signalen'}
        </span>
        <span className="rk-visually-hidden"> van casus {r.caseId}, toon de tekst</span>
      </summary>
      {r.signals.length > 0 && <SignalList signals={r.signals} compact />}
      {r.expiring.length > 0 && (
        <ul className="rk-signals rk-signals--compact" aria-label="Aflopende toewijzingen">
          {r.expiring.map((e) => (
            <li key={e.nummer} className="rk-signal rk-signal--expiring">
              <p className="rk-signal__text">
                Toewijzing {e.nummer} ({segmentName(landscape, e.segmentId)}) eindigt op <time dateTime={e.einddatum}>{formatShortDate(e.einddatum)}</time>
              </p>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

/** One page of the worklist in compact rows (TanStack Table, sorting done by the server). */
export function WorklistTable({
  rows,
  landscape,
  sorting,
  onSortingChange,
}: {
  rows: WorklistRow[];
  landscape: Landscape;
  sorting: SortingState;
  onSortingChange: (s: SortingState) => void;
}) {
  const regionId = landscape.region.id;
  const columns = [
    col.accessor('youthName', {
      id: 'name',
      header: 'Jeugdige',
      cell: ({ row: { original: r } }) => (
        <>
          <AppLink href={casePath(regionId, r.caseId)}>{r.youthName}</AppLink>
          <span className="rk-worklist__id">Casus {r.caseId}</span>
          {r.crisis && <span className="rk-tag rk-tag--crisis">Crisis</span>}
        </>
      ),
    }),
    col.accessor('status', { header: 'Status', cell: (c) => <span className={`rk-status rk-status--${c.getValue()}`}>{statusLabel(c.getValue())}</span> }),
    col.accessor('regievoerder', {
      header: 'Regievoerder',
      enableSorting: false,
      cell: (c) => c.getValue() ?? <span className="rk-muted">Nog niet aangewezen</span>,
    }),
    col.accessor('areaId', { header: 'Gebied', enableSorting: false, cell: (c) => areaName(landscape, c.getValue()) }),
    col.display({ id: 'signals', header: 'Signalen', cell: ({ row: { original: r } }) => <Signals r={r} landscape={landscape} /> }),
    col.accessor('due', {
      header: 'Eerste termijn',
      cell: ({ row: { original: r } }) => (r.due ? <DueDate due={r.due} dueAt={r.dueAt} short /> : <span className="rk-muted">—</span>),
    }),
  ];
  return (
    <DataTable
      rows={rows}
      columns={columns}
      sorting={sorting}
      onSortingChange={onSortingChange}
      caption="Open casussen"
      label="Werklijst (tabel)"
      rowId={(r) => String(r.caseId)}
      rowHeader="name"
      testId="worklist-table"
      tableClassName="rk-worklist rk-worklist--compact"
      cellClassName={(id) => (id === 'name' ? 'rk-worklist__name' : id === 'signals' ? 'rk-worklist__signals' : undefined)}
    />
  );
}
