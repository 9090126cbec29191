import { Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { Fragment } from 'react';
import type { FrameworkTable as Kader, FrameworkTotalCheck } from '../api-types';
import { formatEuroWhole } from './money';

/** A computed total with the outcome of the check against the printed total (if the seed prints one). */
function CheckedTotal({ cents, check }: { cents: number; check: FrameworkTotalCheck | undefined }) {
  if (!check) return <TableCell className="rk-fin-sum">{formatEuroWhole(cents)}</TableCell>;
  const exact = check.differenceCents === 0;
  const label = !check.withinRounding
    ? `wijkt af van het gedrukte totaal ${formatEuroWhole(check.printedCents)}`
    : exact
      ? 'komt overeen met het gedrukte totaal'
      : `komt overeen met het gedrukte totaal ${formatEuroWhole(check.printedCents)} (afrondingsverschil ${formatEuroWhole(check.differenceCents)})`;
  return (
    <TableCell className={`rk-fin-sum ${check.withinRounding ? 'rk-fin-check--ok' : 'rk-fin-check--off'}`} title={label}>
      {formatEuroWhole(cents)}{' '}
      <span className="rk-fin-check" aria-hidden="true">
        {check.withinRounding ? '✓' : '✗'}
      </span>
      <span className="rk-visually-hidden">, {label}</span>
      {!check.withinRounding && <span className="rk-fin-sub">gedrukt {formatEuroWhole(check.printedCents)}</span>}
      {check.withinRounding && !exact && <span className="rk-fin-sub">gedrukt {formatEuroWhole(check.printedCents)}</span>}
    </TableCell>
  );
}

/** The framework per municipality and line, grouped by subregion, with every printed total checked. */
export function FrameworkTable({ kader, subregionName, totalsOnly }: { kader: Kader; subregionName: (id: string) => string; totalsOnly: boolean }) {
  const years = kader.jaren.map(String);
  const lineName = new Map(kader.lines.map((l) => [l.id, l.naam]));
  const check = (niveau: FrameworkTotalCheck['niveau'], id: string | null, year: string) =>
    kader.checks.find((c) => c.niveau === niveau && c.id === id && String(c.year) === year);
  const groups = new Map<string | null, Kader['municipalities']>();
  for (const m of kader.municipalities) groups.set(m.deelregio, [...(groups.get(m.deelregio) ?? []), m]);
  const sum = (ms: Kader['municipalities'], y: string) => ms.reduce((a, m) => a + (m.totals[y] ?? 0), 0);
  const cols = years.length + 1;
  return (
    <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
      <Table className="rk-table rk-table--numeric rk-fin-table rk-fin-kader" data-testid="framework-table">
        <TableCaption className="rk-fin-caption">
          {kader.naam}: begroot per gemeente en lijn. ✓ = het berekende totaal komt (binnen de afronding van de bron) overeen met het gedrukte totaal.
        </TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">Gemeente en lijn</TableHeaderCell>
            {years.map((y) => (
              <TableHeaderCell key={y} scope="col">
                {y}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        {[...groups].map(([deelregio, ms]) => (
          <Fragment key={deelregio ?? 'overig'}>
            {deelregio && (
              <TableBody className="rk-fin-kader__subregion">
                <TableRow>
                  <TableHeaderCell scope="colgroup" colSpan={cols}>
                    {subregionName(deelregio)}
                  </TableHeaderCell>
                </TableRow>
              </TableBody>
            )}
            {ms.map((m) => (
              <TableBody key={m.code} className="rk-fin-kader__municipality">
                {!totalsOnly && (
                  <TableRow>
                    <TableHeaderCell scope="rowgroup" colSpan={cols}>
                      {m.name}
                    </TableHeaderCell>
                  </TableRow>
                )}
                {!totalsOnly &&
                  m.lines.map((l) => (
                    <TableRow key={l.line} className="rk-fin-kader__line">
                      <TableHeaderCell scope="row">
                        <span className="rk-visually-hidden">{m.name}: </span>
                        {lineName.get(l.line) ?? l.line}
                      </TableHeaderCell>
                      {years.map((y) => (
                        <TableCell key={y}>{formatEuroWhole(l.amounts[y] ?? 0)}</TableCell>
                      ))}
                    </TableRow>
                  ))}
                <TableRow className={totalsOnly ? 'rk-fin-kader__only-total' : 'rk-fin-total'} data-testid={`framework-total-${m.code}`}>
                  <TableHeaderCell scope="row">{totalsOnly ? m.name : `Totaal ${m.name}`}</TableHeaderCell>
                  {years.map((y) => (
                    <CheckedTotal key={y} cents={m.totals[y] ?? 0} check={check('gemeente', m.code, y)} />
                  ))}
                </TableRow>
              </TableBody>
            ))}
            {deelregio && (
              <TableBody>
                <TableRow className="rk-fin-total rk-fin-total--subregion">
                  <TableHeaderCell scope="row">Totaal {subregionName(deelregio)}</TableHeaderCell>
                  {years.map((y) => (
                    <CheckedTotal key={y} cents={sum(ms, y)} check={check('deelregio', deelregio, y)} />
                  ))}
                </TableRow>
              </TableBody>
            )}
          </Fragment>
        ))}
        <TableBody>
          <TableRow className="rk-fin-total rk-fin-total--region" data-testid="framework-total-region">
            <TableHeaderCell scope="row">Totaal regio</TableHeaderCell>
            {years.map((y) => (
              <CheckedTotal key={y} cents={sum(kader.municipalities, y)} check={check('regio', null, y)} />
            ))}
          </TableRow>
        </TableBody>
      </Table>
    </div>
  );
}
