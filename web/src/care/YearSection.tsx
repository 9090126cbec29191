import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { useMemo } from 'react';
import type { CareSummary } from '../api-types';
import { EChart } from '../components/EChart';
import { formatNumber } from '../format';
import { yearOption } from './chartOptions';

/** Youths and trajectories per year: chart, with the same figures as a table on request. */
export function YearSection({ summary }: { summary: CareSummary }) {
  const rows = useMemo(() => [...summary.byYear].sort((a, b) => a.year - b.year), [summary]);
  const option = useMemo(() => yearOption(rows), [rows]);
  return (
    <>
      <EChart option={option} label="Staafdiagram: jeugdigen en trajecten per jaar. De cijfers staan ook in de tabel hieronder." />
      <details className="rk-collapsible">
        <summary>Toon als tabel</summary>
        <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
          <Table className="rk-table rk-table--numeric">
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Jaar</TableHeaderCell>
                <TableHeaderCell scope="col">Jeugdigen</TableHeaderCell>
                <TableHeaderCell scope="col">Trajecten</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.year}>
                  <TableHeaderCell scope="row">{r.year}</TableHeaderCell>
                  <TableCell>{formatNumber(r.youths)}</TableCell>
                  <TableCell>{formatNumber(r.trajectories)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      </details>
    </>
  );
}
