import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import type { Landscape } from '../api-types';
import { Collapsible } from '../components/Collapsible';
import { SourceRef } from '../components/SourceRef';

/** How today's products map onto the new segments (productvertaling). */
export function ProductTranslation({ landscape }: { landscape: Landscape }) {
  const rows = landscape.productTranslation;
  const segmentName = new Map(landscape.segments.map((s) => [s.id, s.name]));
  return (
    <Collapsible count={rows.length} limit={6} summary={`Toon alle ${rows.length} vertalingen`}>
      <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
        <Table className="rk-table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">Huidig product</TableHeaderCell>
              <TableHeaderCell scope="col">Nieuw taakgebied / segment</TableHeaderCell>
              <TableHeaderCell scope="col">Nieuw product</TableHeaderCell>
              <TableHeaderCell scope="col">Bron</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((t, i) => (
              <TableRow key={i}>
                <TableCell>
                  {t.old.code && <span className="rk-code">{t.old.code}</span>} {t.old.name}
                </TableCell>
                <TableCell>{segmentName.get(t.new.segmentId) ?? t.new.segmentId}</TableCell>
                <TableCell>
                  {t.new.code && <span className="rk-code">{t.new.code}</span>} {t.new.name}
                  {t.note && <span className="rk-note">{t.note}</span>}
                </TableCell>
                <TableCell>
                  <SourceRef source={t.source} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </Collapsible>
  );
}
