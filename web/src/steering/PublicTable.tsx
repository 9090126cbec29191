import { Heading, Paragraph, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDate } from '../format';
import { useResource } from '../useResource';
import { formatValue, steeringApi, type PublicCell } from './steeringApi';

function Cell({ cell, unit }: { cell: PublicCell; unit: string }) {
  if (cell.suppressed) return <span className="rk-suppressed">niet getoond</span>;
  return (
    <>
      {formatValue(cell.value, unit)} <span className="rk-kpi-n">(n = {cell.n.toLocaleString('nl-NL')})</span>
    </>
  );
}

/** The public outcomes per segment and provider, with small cells suppressed (also used on the providers view). */
export function PublicTable({ regionId, year, headingLevel }: { regionId: string; year: number; headingLevel: 2 | 3 }) {
  const data = useResource((signal) => steeringApi.publicOutcomes(regionId, year, signal), [regionId, year]);
  if (data.state === 'loading') return <Paragraph aria-busy="true">Resultaten worden geladen…</Paragraph>;
  if (data.state === 'error') return <ProblemAlert error={data.error} />;
  const p = data.data;
  return (
    <div data-testid="public-outcomes">
      <Paragraph>
        Uitkomsten {p.year} per segment en per aanbieder; gegevens tot en met {formatDate(p.dataDate)}. Aantallen kleiner dan {p.minimumN} worden niet getoond,
        en ook niet wanneer ze uit verschillen met getoonde totalen zijn af te leiden.{' '}
        <a href={steeringApi.publicCsvHref(regionId, p.year)}>Download als open data (CSV)</a>
      </Paragraph>
      {p.indicators.every((i) => i.segments.length === 0) && <Paragraph>Voor deze regio en dit jaar zijn nog geen uitkomsten vastgelegd.</Paragraph>}
      {p.indicators
        .filter((i) => i.segments.length > 0)
        .map((i) => (
          <section key={i.id} aria-labelledby={`rk-pub-${i.id}`}>
            <Heading level={headingLevel} id={`rk-pub-${i.id}`}>
              {i.label}: <Cell cell={i.total} unit={i.unit} />
            </Heading>
            <Paragraph className="rk-kpi-definition">{i.definition}</Paragraph>
            <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
              <Table className="rk-table">
                <caption className="rk-visually-hidden">{i.label} per segment en aanbieder</caption>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell scope="col">Segment</TableHeaderCell>
                    <TableHeaderCell scope="col">Aanbieder</TableHeaderCell>
                    <TableHeaderCell scope="col">Uitkomst</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {i.segments.flatMap((s) => [
                    <TableRow key={s.id} className="rk-pub-segment">
                      <TableHeaderCell scope="row">{s.label}</TableHeaderCell>
                      <TableCell>alle aanbieders</TableCell>
                      <TableCell>
                        <Cell cell={s.cell} unit={i.unit} />
                      </TableCell>
                    </TableRow>,
                    ...s.providers.map((pr, n) => (
                      <TableRow key={`${s.id}-${n}`}>
                        <TableCell>
                          <span className="rk-visually-hidden">{s.label}</span>
                        </TableCell>
                        <TableCell>{pr.name}</TableCell>
                        <TableCell>
                          <Cell cell={pr.cell} unit={i.unit} />
                        </TableCell>
                      </TableRow>
                    )),
                  ])}
                </TableBody>
              </Table>
            </div>
          </section>
        ))}
    </div>
  );
}
