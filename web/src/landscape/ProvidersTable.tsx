import { Heading, Paragraph, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import type { ContractView, SegmentView } from '../api-types';
import { Collapsible } from '../components/Collapsible';
import { formatShortDate } from '../format';
import { contractStatusLabel } from '../labels';
import type { LotInfo } from './lots';

/** One line per distinct contract period: "01-01-2027 t/m 31-12-2031, verlenging + 1 + 1 jaar (gegund)". */
function periods(contracts: ContractView[]): string[] {
  const lines = [...contracts]
    .sort((a, b) => a.startDate.localeCompare(b.startDate))
    .map((c) => {
      const ext = c.extensionYears.length > 0 ? `, verlenging ${c.extensionYears.map((y) => `+ ${y}`).join(' ')} jaar` : '';
      return `${formatShortDate(c.startDate)} t/m ${formatShortDate(c.endDate)}${ext} (${contractStatusLabel(c.status)})`;
    });
  return [...new Set(lines)];
}

/** Providers contracted in a segment: name, AGB code, lots and contract period. */
export function ProvidersTable({ segment, lots }: { segment: SegmentView; lots: LotInfo[] }) {
  const id = `providers-${segment.id}`;
  const lotLabel = new Map(lots.map((l) => [l.id, l.short]));
  const n = segment.providers.length;
  return (
    <section className="rk-subsection" aria-labelledby={id}>
      <Heading level={4} id={id}>
        Gecontracteerde aanbieders ({n})
      </Heading>
      {n === 0 ? (
        <Paragraph className="rk-muted">Nog geen contracten vastgelegd.</Paragraph>
      ) : (
        <Collapsible count={n} limit={10} summary={`Toon alle ${n} aanbieders`}>
          <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
            <Table className="rk-table">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">Aanbieder</TableHeaderCell>
                  <TableHeaderCell scope="col">AGB-code</TableHeaderCell>
                  {segment.lots.length > 0 && <TableHeaderCell scope="col">Percelen</TableHeaderCell>}
                  <TableHeaderCell scope="col">Contractperiode</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {segment.providers.map((p) => (
                  <TableRow key={p.id}>
                    <TableHeaderCell scope="row" className="rk-row-header">
                      {p.name}
                    </TableHeaderCell>
                    <TableCell>
                      <span className="rk-code">{p.agbCode}</span>
                    </TableCell>
                    {segment.lots.length > 0 && <TableCell>{p.lotIds.map((l) => lotLabel.get(l) ?? l).join(', ') || '—'}</TableCell>}
                    <TableCell>
                      {periods(segment.contracts.filter((c) => c.providerId === p.id)).map((line) => (
                        <span key={line} className="rk-line">
                          {line}
                        </span>
                      ))}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </Collapsible>
      )}
    </section>
  );
}
