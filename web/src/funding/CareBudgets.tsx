import { Paragraph, Table, TableBody, TableCaption, TableCell, TableFooter, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { FormLabel, Select, SelectOption } from '@utrecht/component-library-react';
import { useState } from 'react';
import type { BudgetFramework } from '../api-types';
import { SourceRef } from '../components/SourceRef';
import { bronSource } from './bron';
import { formatEuroWhole, formatPercent } from './money';

/** The care budget (indexed) per municipality and year: framework years and the projection after them. */
export function CareBudgetTable({ budgets }: { budgets: BudgetFramework['careBudgets'] }) {
  const first = budgets[0];
  if (!first) return null;
  return (
    <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
      <Table className="rk-table rk-table--numeric rk-fin-table" data-testid="care-budget-table">
        <TableCaption className="rk-fin-caption">Zorgbudget per gemeente en jaar, geïndexeerd; jaren na het kader zijn een projectie.</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">Gemeente</TableHeaderCell>
            {budgets.map((b) => (
              <TableHeaderCell key={b.year} scope="col" className={b.kind === 'projectie' ? 'rk-fin-projection' : undefined}>
                {b.year}
                {b.kind === 'projectie' && <span className="rk-fin-sub">projectie</span>}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {first.municipalities.map((m) => (
            <TableRow key={m.code}>
              <TableHeaderCell scope="row">{m.name}</TableHeaderCell>
              {budgets.map((b) => (
                <TableCell key={b.year} className={b.kind === 'projectie' ? 'rk-fin-projection' : undefined}>
                  {formatEuroWhole(b.municipalities.find((x) => x.code === m.code)?.indexedCents ?? 0)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
        <TableFooter>
          <TableRow className="rk-fin-total">
            <TableHeaderCell scope="row">Totaal</TableHeaderCell>
            {budgets.map((b) => (
              <TableCell key={b.year} className={b.kind === 'projectie' ? 'rk-fin-projection' : undefined}>
                {formatEuroWhole(b.totalIndexedCents)}
              </TableCell>
            ))}
          </TableRow>
        </TableFooter>
      </Table>
    </div>
  );
}

/** Risk equalisation per year: each municipality's contribution from its share in the three previous years. */
export function RiskEqualisation({ risk }: { risk: NonNullable<BudgetFramework['riskEqualisation']> }) {
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(() => (risk.years.some((y) => y.year === thisYear) ? thisYear : (risk.years.at(-1)?.year ?? thisYear)));
  const shown = risk.years.filter((y) => y.year === year);
  return (
    <>
      <Paragraph className="rk-section__intro">
        {risk.toelichting} <SourceRef source={bronSource(risk.bron)} />
      </Paragraph>
      {risk.years.length === 0 && <Paragraph className="rk-muted">Nog geen drie jaar werkelijke uitgaven om de verevening op te baseren.</Paragraph>}
      {risk.years.length > 1 && (
        <div className="rk-field rk-fin-inline-field">
          <FormLabel htmlFor="risk-year">Vereveningsjaar</FormLabel>
          <Select id="risk-year" value={String(year)} onChange={(e) => setYear(Number(e.target.value))} className="rk-fin-year">
            {risk.years.map((y) => (
              <SelectOption key={y.year} value={String(y.year)}>
                {y.year}
              </SelectOption>
            ))}
          </Select>
        </div>
      )}
      {shown.map((y) => (
        <div key={y.year} className="rk-table-scroll" tabIndex={0} role="group" aria-label={`Tabel ${y.year}, horizontaal scrollbaar`}>
          <Table className="rk-table rk-table--numeric rk-fin-table">
            <TableCaption className="rk-fin-caption">
              Verevening {y.year} op basis van {y.basisJaren.join(', ')}
              {!y.complete && ' (voorlopig: een basisjaar is nog niet afgesloten)'}
            </TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Gemeente</TableHeaderCell>
                <TableHeaderCell scope="col">
                  Werkelijk {y.basisJaren[0]}–{y.basisJaren.at(-1)}
                </TableHeaderCell>
                <TableHeaderCell scope="col">Aandeel</TableHeaderCell>
                <TableHeaderCell scope="col">Bijdrage</TableHeaderCell>
                <TableHeaderCell scope="col">Eigen budget</TableHeaderCell>
                <TableHeaderCell scope="col">
                  Verschil <span className="rk-fin-sub">bijdrage min eigen budget</span>
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {y.contributions.map((c) => (
                <TableRow key={c.code}>
                  <TableHeaderCell scope="row">{c.name}</TableHeaderCell>
                  <TableCell>{formatEuroWhole(c.realisedCents)}</TableCell>
                  <TableCell>{formatPercent(c.share)}</TableCell>
                  <TableCell>{formatEuroWhole(c.contributionCents)}</TableCell>
                  <TableCell>{formatEuroWhole(c.ownBudgetCents)}</TableCell>
                  <TableCell className={c.differenceCents > 0 ? 'rk-fin-negative' : undefined}>{formatEuroWhole(c.differenceCents)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
            <TableFooter>
              <TableRow className="rk-fin-total">
                <TableHeaderCell scope="row">Regionaal zorgbudget</TableHeaderCell>
                <TableCell colSpan={2} />
                <TableCell>{formatEuroWhole(y.regionalTotalCents)}</TableCell>
                <TableCell colSpan={2} />
              </TableRow>
            </TableFooter>
          </Table>
        </div>
      ))}
    </>
  );
}

/** The ventiel: extra budget declining to zero over the contract term (an explicit assumption). */
export function Ventiel({ ventiel }: { ventiel: NonNullable<BudgetFramework['ventiel']> }) {
  return (
    <>
      <Paragraph className="rk-section__intro">
        Extra budget voor {ventiel.segmentName}, aflopend over de looptijd. {ventiel.aanname} <SourceRef source={bronSource(ventiel.bron)} />
      </Paragraph>
      <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
        <Table className="rk-table rk-table--numeric rk-fin-table rk-fin-table--compact">
          <TableCaption className="rk-visually-hidden">Ventiel per contractjaar</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">Jaar</TableHeaderCell>
              <TableHeaderCell scope="col">Contractjaar</TableHeaderCell>
              <TableHeaderCell scope="col">Ventiel</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {ventiel.years.map((v) => (
              <TableRow key={v.year}>
                <TableHeaderCell scope="row">{v.year}</TableHeaderCell>
                <TableCell>{v.yearIndex + 1}</TableCell>
                <TableCell>{formatEuroWhole(v.cents)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </>
  );
}
