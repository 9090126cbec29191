import { Heading, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import type { CaseDetail, Landscape } from '../api-types';
import { formatCents, formatShortDate } from '../format';
import { redenLabel } from '../../../src/domain/access/allocation-change';
import { allocationStatusLabel, areaName, decisionMakers, omvangLabel, providerName, segmentName, verwijzerLabel } from './accessLabels';

function Period({ from, to }: { from: string; to: string }) {
  return (
    <>
      <span className="rk-nowrap">{formatShortDate(from)}</span> t/m <span className="rk-nowrap">{formatShortDate(to)}</span>
    </>
  );
}

/** The chain referral -> decision -> allocation of a case, one small table each. */
export function CaseDecisions({ landscape, view }: { landscape: Landscape; view: CaseDetail }) {
  const { verwijzingen, beschikkingen, toewijzingen } = view.state;
  const makers = new Map(decisionMakers(landscape));
  const product = (segmentId: string, category: string, code?: string) =>
    landscape.segments.find((s) => s.id === segmentId)?.products.find((p) => p.category === category && (!code || p.code === code))?.name;
  return (
    <>
      {verwijzingen.length > 0 && (
        <div className="rk-subsection" data-testid="case-verwijzingen">
          <Heading level={3}>Verwijzingen</Heading>
          <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
            <Table className="rk-table">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">Nr.</TableHeaderCell>
                  <TableHeaderCell scope="col">Datum</TableHeaderCell>
                  <TableHeaderCell scope="col">Taakgebied of segment</TableHeaderCell>
                  <TableHeaderCell scope="col">Verwijzer</TableHeaderCell>
                  <TableHeaderCell scope="col">Kader</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {verwijzingen.map((v) => (
                  <TableRow key={v.id}>
                    <TableCell>{v.id}</TableCell>
                    <TableCell className="rk-nowrap">{formatShortDate(v.datum)}</TableCell>
                    <TableCell>
                      {segmentName(landscape, v.segmentId)}
                      {v.viaGebied && <span className="rk-line rk-muted">via {areaName(landscape, v.viaGebied)}</span>}
                    </TableCell>
                    <TableCell>
                      {verwijzerLabel(v.verwijzer)} <span className="rk-code">{v.verwijzer}</span>
                    </TableCell>
                    <TableCell>{v.kader === 'gedwongen' ? 'Gedwongen' : 'Vrijwillig'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </div>
      )}
      {beschikkingen.length > 0 && (
        <div className="rk-subsection" data-testid="case-beschikkingen">
          <Heading level={3}>Beschikkingen</Heading>
          <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
            <Table className="rk-table">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">Nr.</TableHeaderCell>
                  <TableHeaderCell scope="col">Besloten op</TableHeaderCell>
                  <TableHeaderCell scope="col">Taakgebied of segment</TableHeaderCell>
                  <TableHeaderCell scope="col">Periode</TableHeaderCell>
                  <TableHeaderCell scope="col">Besluit door</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {beschikkingen.map((b) => (
                  <TableRow key={b.id}>
                    <TableCell>{b.id}</TableCell>
                    <TableCell className="rk-nowrap">{formatShortDate(b.datum)}</TableCell>
                    <TableCell>{segmentName(landscape, b.segmentId)}</TableCell>
                    <TableCell>
                      <Period from={b.ingangsdatum} to={b.einddatum} />
                    </TableCell>
                    <TableCell>{makers.get(b.besluitDoor) ?? b.besluitDoor}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </div>
      )}
      {toewijzingen.length > 0 && (
        <div className="rk-subsection" data-testid="case-toewijzingen">
          <Heading level={3}>Toewijzingen</Heading>
          <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
            <Table className="rk-table">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">Nummer</TableHeaderCell>
                  <TableHeaderCell scope="col">Aanbieder</TableHeaderCell>
                  <TableHeaderCell scope="col">Product</TableHeaderCell>
                  <TableHeaderCell scope="col">Periode</TableHeaderCell>
                  <TableHeaderCell scope="col">Status</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {toewijzingen.map((t) => (
                  <TableRow key={t.nummer} data-testid={`toewijzing-${t.nummer}`}>
                    <TableCell>
                      <span className="rk-code">{t.nummer}</span>
                    </TableCell>
                    <TableCell>{providerName(landscape, t.providerId)}</TableCell>
                    <TableCell>
                      <span className="rk-code">
                        {t.productCategorie}
                        {t.productCode ? ` ${t.productCode}` : ''}
                      </span>{' '}
                      {product(t.segmentId, t.productCategorie, t.productCode)}
                      {t.budgetCents !== undefined && <span className="rk-line rk-muted">Budget {formatCents(t.budgetCents)}</span>}
                      {t.omvang && <span className="rk-line rk-muted">{omvangLabel(t.omvang)}</span>}
                    </TableCell>
                    <TableCell>
                      <Period from={t.ingangsdatum} to={t.einddatum} />
                    </TableCell>
                    <TableCell>
                      {allocationStatusLabel(t.status)}
                      {t.overbrugging && <span className="rk-line rk-muted">met overbruggingszorg</span>}
                      {t.redenWijziging && (
                        <span className="rk-line rk-muted" data-testid={`reden-${t.nummer}`}>
                          Gewijzigd, reden: {redenLabel(t.redenWijziging).toLowerCase()}
                        </span>
                      )}
                      {t.spoedhulp && <span className="rk-line rk-muted">Ambulante spoedhulp: {Object.keys(t.spoedhulp).join(', ')}</span>}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </div>
      )}
    </>
  );
}
