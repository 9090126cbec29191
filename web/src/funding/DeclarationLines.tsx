import { Button, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { useState } from 'react';
import type { DeclarationLine } from '../api-types';
import { CheckboxField } from './checkbox';
import { productCategoryLabel, retourcodeText, unitLabel } from './fundingLabels';
import { formatEuro, formatPeriod } from './money';

const SHOWN = 100;
const nf = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 2 });

/** Declared amount with its sign: a credit line (C) reverses an earlier debit. */
export const signedDeclared = (l: DeclarationLine) => (l.debetCredit === 'C' ? -l.bedragCents : l.bedragCents);

export function Codes({ codes }: { codes: DeclarationLine['codes'] }) {
  return (
    <ul className="rk-fin-codes">
      {codes.map((c) => (
        <li key={c.code}>
          <span className="rk-code">{c.code}</span> {retourcodeText(c.code, c.text)}
        </li>
      ))}
    </ul>
  );
}

/** Every line of a declaration with its outcome, retourcodes and amounts; optionally only the rejected. */
export function DeclarationLines({ lines }: { lines: DeclarationLine[] }) {
  const [onlyRejected, setOnlyRejected] = useState(false);
  const [all, setAll] = useState(false);
  if (lines.length === 0) return <p className="rk-muted">Deze declaratie bevat geen prestaties.</p>;
  const filtered = onlyRejected ? lines.filter((l) => !l.approved) : lines;
  const shown = all ? filtered : filtered.slice(0, SHOWN);
  const rejected = lines.filter((l) => !l.approved).length;
  return (
    <>
      {rejected > 0 && rejected < lines.length && (
        <CheckboxField id="lines-only-rejected" label={`Alleen afgewezen prestaties (${rejected})`} checked={onlyRejected} onChange={setOnlyRejected} />
      )}
      <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
        <Table className="rk-table rk-fin-table rk-fin-lines" data-testid="declaration-lines">
          <TableCaption className="rk-visually-hidden">Prestaties van de declaratie met uitkomst, retourcodes en bedragen</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">Prestatie</TableHeaderCell>
              <TableHeaderCell scope="col">Product</TableHeaderCell>
              <TableHeaderCell scope="col">Periode</TableHeaderCell>
              <TableHeaderCell scope="col" className="rk-num">
                Volume
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="rk-num">
                Gedeclareerd
              </TableHeaderCell>
              <TableHeaderCell scope="col">Uitkomst en retourcodes</TableHeaderCell>
              <TableHeaderCell scope="col" className="rk-num">
                Toegekend
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.map((l) => (
              <TableRow key={l.referentieNummer} className={l.approved ? undefined : 'rk-fin-row--rejected'}>
                <TableHeaderCell scope="row">
                  <span className="rk-code">{l.referentieNummer}</span>
                  <span className="rk-fin-sub">Toewijzing {l.toewijzingNummer}</span>
                  {l.vorigReferentieNummer && <span className="rk-fin-sub">Vervangt {l.vorigReferentieNummer}</span>}
                </TableHeaderCell>
                <TableCell>
                  <span className="rk-code">{l.productCategorie}</span> <span className="rk-code">{l.productCode}</span>
                  <span className="rk-fin-sub">{productCategoryLabel(l.productCategorie)}</span>
                </TableCell>
                <TableCell className="rk-nowrap">{formatPeriod(l.begindatum, l.einddatum)}</TableCell>
                <TableCell className="rk-num rk-nowrap">
                  {nf.format(l.volume)} {unitLabel(l.eenheid)}
                </TableCell>
                <TableCell className="rk-num rk-nowrap">
                  {formatEuro(signedDeclared(l))}
                  {l.debetCredit === 'C' && <span className="rk-fin-sub">credit</span>}
                </TableCell>
                <TableCell className="rk-fin-codes-cell">
                  {l.approved ? (
                    <span className="rk-fin-badge rk-fin-badge--ok">Toegekend</span>
                  ) : (
                    <span className="rk-fin-badge rk-fin-badge--rejected">Afgewezen</span>
                  )}
                  {l.credited && <span className="rk-fin-sub">Later gecrediteerd</span>}
                  {l.codes.length > 0 && <Codes codes={l.codes} />}
                </TableCell>
                <TableCell className="rk-num rk-nowrap">{formatEuro(l.amountCents)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {filtered.length > SHOWN && (
        <Button type="button" appearance="secondary-action-button" className="rk-fin-more" onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? `Toon alleen de eerste ${SHOWN}` : `Toon alle ${filtered.length} prestaties`}
        </Button>
      )}
    </>
  );
}
