import { Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import type { CareSummary } from '../api-types';
import { formatNumber } from '../format';

/** Youths in care per municipality and year. */
export function MunicipalityTable({ summary, municipalityName }: { summary: CareSummary; municipalityName: (code: string) => string }) {
  const years = [...summary.years].sort((a, b) => a - b);
  const byCode = new Map<string, Map<number, number>>();
  for (const r of summary.byMunicipality) byCode.set(r.municipalityCode, (byCode.get(r.municipalityCode) ?? new Map()).set(r.year, r.youths));
  const rows = [...byCode].map(([code, byYear]) => ({ code, name: municipalityName(code), byYear })).sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  return (
    <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
      <Table className="rk-table rk-table--numeric">
        <TableCaption className="rk-visually-hidden">Jeugdigen met jeugdhulp per gemeente en jaar</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">Gemeente</TableHeaderCell>
            {years.map((y) => (
              <TableHeaderCell key={y} scope="col">
                {y}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.code}>
              <TableHeaderCell scope="row">
                {r.name} <span className="rk-muted rk-code">{r.code}</span>
              </TableHeaderCell>
              {years.map((y) => (
                <TableCell key={y}>{r.byYear.has(y) ? formatNumber(r.byYear.get(y)!) : '—'}</TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
