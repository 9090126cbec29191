import { Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { api } from '../api';
import type { DeclarationDetail, Landscape, SessionUser } from '../api-types';
import { AppLink, declarationsPath } from '../router';
import { useResource } from '../useResource';
import { Figures } from './controls';
import { DeclarationLines, signedDeclared } from './DeclarationLines';
import { Outcome } from './DeclarationsView';
import { FundingProblem, Loading } from './FundingGuard';
import { retourcodeText } from './fundingLabels';
import { formatEuro, formatPeriod, formatTimestamp } from './money';

const prestaties = (n: number) => `${n} ${n === 1 ? 'prestatie' : 'prestaties'}`;

/** Rejected lines per retourcode: how often and for how much (a line with two codes counts under both). */
function rejectionsByCode(d: DeclarationDetail) {
  const map = new Map<string, { code: string; text: string; count: number; cents: number }>();
  for (const l of d.lines) {
    if (l.approved) continue;
    for (const c of l.codes) {
      const e = map.get(c.code) ?? { code: c.code, text: retourcodeText(c.code, c.text), count: 0, cents: 0 };
      e.count += 1;
      e.cents += signedDeclared(l);
      map.set(c.code, e);
    }
  }
  return [...map.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

function Rejections({ d }: { d: DeclarationDetail }) {
  const rows = rejectionsByCode(d);
  if (rows.length === 0) return null;
  return (
    <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
      <Table className="rk-table rk-fin-table rk-fin-table--compact" data-testid="declaration-rejections">
        <TableCaption className="rk-fin-caption">Afwijzingen per retourcode</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">Retourcode</TableHeaderCell>
            <TableHeaderCell scope="col" className="rk-num">
              Prestaties
            </TableHeaderCell>
            <TableHeaderCell scope="col" className="rk-num">
              Gedeclareerd bedrag
            </TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.code}>
              <TableHeaderCell scope="row">
                <span className="rk-code">{r.code}</span> {r.text}
              </TableHeaderCell>
              <TableCell className="rk-num">{r.count}</TableCell>
              <TableCell className="rk-num">{formatEuro(r.cents)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function Detail({ d, landscape }: { d: DeclarationDetail; landscape: Landscape }) {
  const municipality = d.municipalityCode ? (landscape.municipalities.find((m) => m.code === d.municipalityCode)?.name ?? d.municipalityCode) : 'Onbekend';
  const rejectedCents = d.lines.filter((l) => !l.approved).reduce((a, l) => a + signedDeclared(l), 0);
  return (
    <>
      <div className="rk-fin-detail-head">
        <p className="rk-fin-back">
          <AppLink href={declarationsPath(landscape.region.id)}>← Alle declaraties</AppLink>
        </p>
        <Heading level={2} id="fin-declaration">
          Declaratie {d.declaratieNummer} <span className="rk-fin-heading-note">JW323</span>
        </Heading>
        <p>
          <Outcome d={d} />
        </p>
        <dl className="rk-fin-meta">
          <div>
            <dt>Aanbieder</dt>
            <dd>
              {d.providerName ?? 'Onbekende aanbieder'} <span className="rk-muted">(AGB {d.providerAgb})</span>
            </dd>
          </div>
          <div>
            <dt>Gemeente</dt>
            <dd>{municipality}</dd>
          </div>
          <div>
            <dt>Periode</dt>
            <dd>{formatPeriod(d.periodStart, d.periodEnd)}</dd>
          </div>
          <div>
            <dt>Ontvangen</dt>
            <dd>{formatTimestamp(d.receivedAt)}</dd>
          </div>
        </dl>
      </div>
      <Figures
        items={[
          { label: 'Ingediend', value: formatEuro(d.submittedCents), note: prestaties(d.lineCount) },
          { label: 'Toegekend', value: formatEuro(d.approvedCents), note: prestaties(d.lineCount - d.rejectedCount) },
          { label: 'Afgewezen', value: formatEuro(rejectedCents), note: prestaties(d.rejectedCount), tone: d.rejectedCount > 0 ? 'near' : undefined },
        ]}
      />
      <section className="rk-section" aria-labelledby="fin-lines">
        <Heading level={3} id="fin-lines">
          Prestaties en uitkomst
        </Heading>
        <Rejections d={d} />
        <DeclarationLines lines={d.lines} />
      </section>
      <section className="rk-section" aria-labelledby="fin-answer">
        <Heading level={3} id="fin-answer">
          Antwoordbericht
        </Heading>
        <details className="rk-collapsible rk-fin-xml" data-testid="jw325">
          <summary>Toon het antwoordbericht (JW325)</summary>
          {d.answerBsnMasked && <Paragraph className="rk-muted">Burgerservicenummers zijn afgeschermd; alleen de gemeente en de aanbieder zien ze.</Paragraph>}
          <pre tabIndex={0} role="region" aria-label="Antwoordbericht JW325 (XML)">
            <code>{d.answerXml}</code>
          </pre>
        </details>
      </section>
    </>
  );
}

/** One declaration: its outcome, totals, rejections per code, every line, and the JW325 answer. */
export function DeclarationView({ landscape, user, declarationId }: { landscape: Landscape; user: SessionUser; declarationId: number }) {
  const regionId = landscape.region.id;
  const detail = useResource((signal) => api.declaration(regionId, declarationId, signal), [regionId, declarationId, user.username]);
  return (
    <section aria-labelledby="fin-declaration" className="rk-section rk-section--first" data-testid="declaration-detail">
      {detail.state === 'loading' && <Loading what={`Declaratie ${declarationId}`} />}
      {detail.state === 'error' && (
        <>
          <Heading level={2} id="fin-declaration">
            Declaratie {declarationId}
          </Heading>
          <FundingProblem error={detail.error} regionId={regionId} />
          <Paragraph>
            <AppLink href={declarationsPath(regionId)}>Terug naar alle declaraties</AppLink>
          </Paragraph>
        </>
      )}
      {detail.state === 'ready' && <Detail d={detail.data} landscape={landscape} />}
    </section>
  );
}
