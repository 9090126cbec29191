import { Button, Table, TableBody, TableCaption, TableCell, TableFooter, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { useState } from 'react';
import type { ScheduleLine } from '../api-types';
import { componentLabel, modelLabel } from './fundingLabels';
import { formatDay, formatEuroWhole, formatMonthLong, formatMonthShort } from './money';

const SHOWN = 30;
const whole = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 0 });

/** The twelve months of the year as YYYY-MM. */
export const monthsOf = (year: number) => Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

/** Amount per month of a schedule line (items of one month summed) and whether all of it is paid. */
function byMonth(line: ScheduleLine): Map<string, { cents: number; paid: boolean; due: string }> {
  const out = new Map<string, { cents: number; paid: boolean; due: string }>();
  for (const i of line.items) {
    const m = i.period.slice(0, 7);
    const cell = out.get(m) ?? { cents: 0, paid: true, due: i.dueDate };
    cell.cents += i.amountCents;
    cell.paid &&= i.paid;
    out.set(m, cell);
  }
  return out;
}

/** The monthly schedule of one funding model: one row per contract component, a column per month. */
export function ScheduleTable({ model, lines, year }: { model: string; lines: ScheduleLine[]; year: number }) {
  const [all, setAll] = useState(false);
  const months = monthsOf(year);
  const shown = all ? lines : lines.slice(0, SHOWN);
  const monthTotals = months.map((m) => lines.reduce((a, l) => a + (byMonth(l).get(m)?.cents ?? 0), 0));
  return (
    <>
      <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
        <Table className="rk-table rk-table--numeric rk-fin-table rk-fin-schedule" data-testid={`schedule-${model}`}>
          <TableCaption className="rk-fin-caption">
            {modelLabel(model)} {year}: betalingen per contract en maand, in hele euro’s. Komende (nog niet betaalde) termijnen staan cursief.
          </TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">Contract</TableHeaderCell>
              {months.map((m) => (
                <TableHeaderCell key={m} scope="col" abbr={formatMonthLong(m)}>
                  {formatMonthShort(m)}
                </TableHeaderCell>
              ))}
              <TableHeaderCell scope="col">Totaal en betaald</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.map((l) => {
              const cells = byMonth(l);
              return (
                <TableRow key={`${l.contractId ?? l.providerId}-${l.segmentId}-${l.description}`}>
                  <TableHeaderCell scope="row" className="rk-fin-contract">
                    {l.providerName}
                    <span className="rk-fin-sub">
                      {l.segmentName} · {componentLabel(l.description)}
                      {l.contractStart && l.contractEnd && (
                        <>
                          {' · '}
                          <span className="rk-nowrap">
                            {formatDay(l.contractStart)} t/m {formatDay(l.contractEnd)}
                          </span>
                        </>
                      )}
                    </span>
                  </TableHeaderCell>
                  {months.map((m) => {
                    const c = cells.get(m);
                    if (!c)
                      return (
                        <TableCell key={m} className="rk-muted">
                          –
                        </TableCell>
                      );
                    return (
                      <TableCell
                        key={m}
                        className={c.paid ? 'rk-fin-paid' : 'rk-fin-due'}
                        title={`${c.paid ? 'Betaald' : 'Te betalen'} op ${formatDay(c.due)}`}
                      >
                        {whole.format(Math.round(c.cents / 100))}
                        <span className="rk-visually-hidden">{c.paid ? ' (betaald)' : ' (nog te betalen)'}</span>
                      </TableCell>
                    );
                  })}
                  <TableCell>
                    {formatEuroWhole(l.totalCents)}
                    <span className="rk-fin-sub">betaald {formatEuroWhole(l.paidCents)}</span>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
          <TableFooter>
            <TableRow className="rk-fin-total">
              <TableHeaderCell scope="row">Totaal {modelLabel(model).toLowerCase()}</TableHeaderCell>
              {monthTotals.map((c, i) => (
                <TableCell key={months[i]}>{c === 0 ? '–' : whole.format(Math.round(c / 100))}</TableCell>
              ))}
              <TableCell>
                {formatEuroWhole(lines.reduce((a, l) => a + l.totalCents, 0))}
                <span className="rk-fin-sub">betaald {formatEuroWhole(lines.reduce((a, l) => a + l.paidCents, 0))}</span>
              </TableCell>
            </TableRow>
          </TableFooter>
        </Table>
      </div>
      {lines.length > SHOWN && (
        <Button type="button" appearance="secondary-action-button" className="rk-fin-more" onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? `Toon alleen de eerste ${SHOWN}` : `Toon alle ${lines.length} contractonderdelen`}
        </Button>
      )}
    </>
  );
}
