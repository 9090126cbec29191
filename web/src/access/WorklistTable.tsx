import { Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import type { Landscape, WorklistRow } from '../api-types';
import { formatShortDate } from '../format';
import { AppLink, casePath } from '../router';
import { areaName, segmentName, statusLabel } from './accessLabels';
import { DueDate, SignalList } from './SignalList';

/** The worklist: one row per open case, in the server's order (earliest due first). */
export function WorklistTable({ rows, landscape }: { rows: WorklistRow[]; landscape: Landscape }) {
  const regionId = landscape.region.id;
  return (
    <div className="rk-table-scroll">
      <Table className="rk-table rk-worklist" data-testid="worklist-table">
        <TableCaption className="rk-visually-hidden">Open casussen, vroegste termijn eerst</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">Jeugdige</TableHeaderCell>
            <TableHeaderCell scope="col">Status</TableHeaderCell>
            <TableHeaderCell scope="col">Regievoerder</TableHeaderCell>
            <TableHeaderCell scope="col">Gebied</TableHeaderCell>
            <TableHeaderCell scope="col">Signalen en aflopende toewijzingen</TableHeaderCell>
            <TableHeaderCell scope="col">Eerste termijn</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.caseId} data-testid={`worklist-row-${r.caseId}`}>
              <TableHeaderCell scope="row" className="rk-worklist__name">
                <AppLink href={casePath(regionId, r.caseId)}>{r.youthName}</AppLink>
                <span className="rk-worklist__id">Casus {r.caseId}</span>
                {r.crisis && <span className="rk-tag rk-tag--crisis">Crisis</span>}
              </TableHeaderCell>
              <TableCell>
                <span className={`rk-status rk-status--${r.status}`}>{statusLabel(r.status)}</span>
              </TableCell>
              <TableCell>{r.regievoerder ?? <span className="rk-muted">Nog niet aangewezen</span>}</TableCell>
              <TableCell className="rk-worklist__area">{areaName(landscape, r.areaId)}</TableCell>
              <TableCell className="rk-worklist__signals">
                {r.signals.length > 0 && <SignalList signals={r.signals} compact />}
                {r.expiring.length > 0 && (
                  <ul className="rk-signals rk-signals--compact" aria-label="Aflopende toewijzingen">
                    {r.expiring.map((e) => (
                      <li key={e.nummer} className="rk-signal rk-signal--expiring">
                        <div className="rk-signal__head">
                          <span className="rk-tag rk-tag--expiring">Loopt af</span>
                          <DueDate due={e.einddatum} />
                        </div>
                        <p className="rk-signal__text">
                          Toewijzing {e.nummer} ({segmentName(landscape, e.segmentId)}) eindigt op <time dateTime={e.einddatum}>{formatShortDate(e.einddatum)}</time>
                        </p>
                      </li>
                    ))}
                  </ul>
                )}
                {r.signals.length === 0 && r.expiring.length === 0 && <span className="rk-muted">Geen</span>}
              </TableCell>
              <TableCell>{r.due ? <DueDate due={r.due} dueAt={r.dueAt} short /> : <span className="rk-muted">—</span>}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
