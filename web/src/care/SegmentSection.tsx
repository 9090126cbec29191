import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { useMemo } from 'react';
import type { CareSummary } from '../api-types';
import { EChart } from '../components/EChart';
import { formatNumber } from '../format';
import { segmentOption } from './chartOptions';

/** Youths per segment and year: grouped bar chart plus table. */
export function SegmentSection({ summary, segmentName }: { summary: CareSummary; segmentName: (id: string) => string }) {
  const years = useMemo(() => [...summary.years].sort((a, b) => a - b), [summary]);
  const segments = useMemo(() => {
    const map = new Map<string, Map<number, number>>();
    for (const r of summary.bySegment) map.set(r.segmentId, (map.get(r.segmentId) ?? new Map()).set(r.year, r.youths));
    return [...map].map(([id, byYear]) => ({ id, name: segmentName(id), byYear }));
  }, [summary, segmentName]);
  const option = useMemo(() => segmentOption(years, segments), [years, segments]);
  return (
    <>
      <EChart option={option} height={360} label="Staafdiagram: jeugdigen per taakgebied of segment per jaar. De cijfers staan ook in de tabel hieronder." />
      <details className="rk-collapsible">
        <summary>Toon als tabel</summary>
        <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
          <Table className="rk-table rk-table--numeric">
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Taakgebied / segment</TableHeaderCell>
                {years.map((y) => (
                  <TableHeaderCell key={y} scope="col">
                    {y}
                  </TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {segments.map((s) => (
                <TableRow key={s.id}>
                  <TableHeaderCell scope="row">{s.name}</TableHeaderCell>
                  {years.map((y) => (
                    <TableCell key={y}>{formatNumber(s.byYear.get(y) ?? 0)}</TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      </details>
    </>
  );
}
