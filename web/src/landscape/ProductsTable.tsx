import { Heading, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import type { SegmentView } from '../api-types';
import { Collapsible } from '../components/Collapsible';
import { SourceRef } from '../components/SourceRef';
import { fundingVariantLabel } from '../labels';

/** iJw products of a segment: category (JZ020), product code, unit (WJ756) and source. */
export function ProductsTable({ segment }: { segment: SegmentView }) {
  const id = `products-${segment.id}`;
  return (
    <section className="rk-subsection" aria-labelledby={id}>
      <Heading level={4} id={id}>
        Producten ({segment.products.length})
      </Heading>
      <Collapsible count={segment.products.length} limit={8} summary={`Toon alle ${segment.products.length} producten`}>
        <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
          <Table className="rk-table">
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Categorie</TableHeaderCell>
                <TableHeaderCell scope="col">Productcode</TableHeaderCell>
                <TableHeaderCell scope="col">Product</TableHeaderCell>
                <TableHeaderCell scope="col">Eenheid</TableHeaderCell>
                <TableHeaderCell scope="col">Bron</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {segment.products.map((p, i) => (
                <TableRow key={`${p.category}-${p.code ?? i}`}>
                  <TableCell>
                    <span className="rk-code">{p.category}</span> {p.categoryName}
                  </TableCell>
                  <TableCell>{p.code ? <span className="rk-code">{p.code}</span> : <span className="rk-muted">nog open</span>}</TableCell>
                  <TableCell>
                    {p.name}
                    {p.funding && <span className="rk-note">{fundingVariantLabel(p.funding)}</span>}
                    {p.note && <span className="rk-note">{p.note}</span>}
                  </TableCell>
                  <TableCell>{p.unit ? `${p.unitName ?? ''} (${p.unit})`.trim() : <span className="rk-muted">—</span>}</TableCell>
                  <TableCell>
                    <SourceRef source={p.source} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      </Collapsible>
    </section>
  );
}
