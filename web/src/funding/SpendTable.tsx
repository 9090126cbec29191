import { Button, Table, TableBody, TableCaption, TableCell, TableFooter, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { useState } from 'react';
import type { SpendReport, SpendRow } from '../api-types';
import { byOption } from './fundingLabels';
import { formatEuroWhole, formatPercent, usage, type Usage } from './money';

const SHOWN = 25;

/** A share of the limit, with a text tag when above 90% or above 100% (colour only supports the text). */
export function UsageCell({ value }: { value: Usage | null }) {
  if (!value) return <TableCell className="rk-muted">—</TableCell>;
  return (
    <TableCell className={`rk-fin-usage rk-fin-usage--${value.level}`}>
      {value.level !== 'ok' && <span className="rk-fin-usage__tag">{value.level === 'over' ? 'Boven plafond' : 'Boven 90%'}</span>}
      {formatPercent(value.share)}
    </TableCell>
  );
}

/** Spend per provider, segment or municipality with the share of the ceiling or budget used. */
export function SpendTable({ report }: { report: SpendReport }) {
  const [all, setAll] = useState(false);
  const option = byOption(report.by);
  const rows: SpendRow[] = all ? report.rows : report.rows.slice(0, SHOWN);
  const limitOf = (r: SpendRow) => r.ceilingCents ?? r.budgetCents;
  const over = report.rows.filter((r) => usage(r.forecastCents, limitOf(r))?.level === 'over').length;
  const hasLimits = report.rows.some((r) => limitOf(r) !== undefined);
  return (
    <>
      <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
        <Table className="rk-table rk-table--numeric rk-fin-table" data-testid="spend-table">
          <TableCaption className="rk-fin-caption">
            Uitgaven {report.year} per {option.label.toLowerCase()}, grootste prognose eerst
            {over > 0 && (
              <span className="rk-fin-caption__note">
                {' '}
                · {over} boven {option.limit.toLowerCase()} volgens prognose
              </span>
            )}
          </TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{option.label}</TableHeaderCell>
              <TableHeaderCell scope="col">Besteed</TableHeaderCell>
              <TableHeaderCell scope="col">Verplicht</TableHeaderCell>
              <TableHeaderCell scope="col">Prognose jaareinde</TableHeaderCell>
              {hasLimits && (
                <>
                  <TableHeaderCell scope="col">{option.limit}</TableHeaderCell>
                  <TableHeaderCell scope="col">Besteed van {option.limit.toLowerCase()}</TableHeaderCell>
                  <TableHeaderCell scope="col">Prognose van {option.limit.toLowerCase()}</TableHeaderCell>
                </>
              )}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => {
              const limit = limitOf(r);
              return (
                <TableRow key={r.key}>
                  <TableHeaderCell scope="row">{r.name}</TableHeaderCell>
                  <TableCell>{formatEuroWhole(r.spentCents)}</TableCell>
                  <TableCell>{formatEuroWhole(r.committedCents)}</TableCell>
                  <TableCell>{formatEuroWhole(r.forecastCents)}</TableCell>
                  {hasLimits && (
                    <>
                      <TableCell>{limit === undefined ? <span className="rk-muted">geen</span> : formatEuroWhole(limit)}</TableCell>
                      <UsageCell value={usage(r.spentCents, limit)} />
                      <UsageCell value={usage(r.forecastCents, limit)} />
                    </>
                  )}
                </TableRow>
              );
            })}
          </TableBody>
          <TableFooter>
            <TableRow className="rk-fin-total">
              <TableHeaderCell scope="row">Totaal</TableHeaderCell>
              <TableCell>{formatEuroWhole(report.totals.spentCents)}</TableCell>
              <TableCell>{formatEuroWhole(report.totals.committedCents)}</TableCell>
              <TableCell>{formatEuroWhole(report.totals.forecastCents)}</TableCell>
              {hasLimits && <TableCell colSpan={3} />}
            </TableRow>
          </TableFooter>
        </Table>
      </div>
      {report.rows.length > SHOWN && (
        <Button type="button" appearance="secondary-action-button" className="rk-fin-more" onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? `Toon alleen de ${SHOWN} grootste` : `Toon alle ${report.rows.length} ${option.plural}`}
        </Button>
      )}
    </>
  );
}
