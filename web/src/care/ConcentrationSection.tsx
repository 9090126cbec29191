import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { useMemo } from 'react';
import type { CareSummary } from '../api-types';
import { EChart } from '../components/EChart';
import { formatNumber, formatShare } from '../format';
import { concentrationOption } from './chartOptions';

/** Market concentration per segment: number of providers and the share of the five largest. */
export function ConcentrationSection({ summary, segmentName }: { summary: CareSummary; segmentName: (id: string) => string }) {
  const rows = useMemo(() => summary.providerConcentration.map((r) => ({ ...r, name: segmentName(r.segmentId) })), [summary, segmentName]);
  const option = useMemo(() => concentrationOption(rows), [rows]);
  return (
    <div className="rk-split">
      <EChart
        option={option}
        height={Math.max(160, rows.length * 44 + 40)}
        label="Staafdiagram: aandeel van de vijf grootste aanbieders per taakgebied of segment. De cijfers staan ook in de tabel."
      />
      <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
        <Table className="rk-table rk-table--numeric">
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">Taakgebied / segment</TableHeaderCell>
              <TableHeaderCell scope="col">Aanbieders</TableHeaderCell>
              <TableHeaderCell scope="col">Aandeel top-5</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.segmentId}>
                <TableHeaderCell scope="row">{r.name}</TableHeaderCell>
                <TableCell>{formatNumber(r.providerCount)}</TableCell>
                <TableCell>{formatShare(r.top5Share)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
