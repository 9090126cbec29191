import { Heading, Paragraph } from '@utrecht/component-library-react';
import type { ReactNode } from 'react';
import type { CaseDetail, Landscape } from '../api-types';
import { formatShortDate } from '../format';
import { complexityLabel, participantLabel, triageLabel } from './accessLabels';
import { CaseDecisions } from './CaseDecisions';

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** What has been recorded so far: help request, triage, MDOs, analysis, and the decisions chain. */
export function CaseOverview({ landscape, view }: { landscape: Landscape; view: CaseDetail }) {
  const s = view.state;
  // A provider does not see the intake of a case (issue #10: only what it needs to deliver its allocations).
  const intake = s.hulpvraag !== undefined;
  return (
    <section className="rk-panel" aria-labelledby="overview-heading" data-testid="case-overview">
      <Heading level={2} id="overview-heading">
        Gegevens van de casus
      </Heading>
      {!intake && (
        <Paragraph className="rk-muted" data-testid="case-provider-note">
          U ziet als aanbieder alleen uw eigen toewijzingen en de beschikkingen waarop ze rusten, niet de hulpvraag, de triage of het MDO.
        </Paragraph>
      )}
      <dl className="rk-case-facts">
        {intake && <Item term="Hulpvraag">{s.hulpvraag}</Item>}
        {s.procesregisseur && <Item term="Procesregisseur">{s.procesregisseur}</Item>}
        {intake && (
          <Item term="Triage">
            {s.triage ? (
              <>
                <ul className="rk-plain-list">
                  {s.triage.uitkomsten.map((u) => (
                    <li key={u}>{triageLabel(u)}</li>
                  ))}
                </ul>
                <span className="rk-muted">
                  {complexityLabel(s.triage.complexiteit)}
                  {s.triage.domeinoverstijgend ? ', domeinoverstijgend' : ''} · {formatShortDate(s.triage.datum)}
                </span>
              </>
            ) : (
              <span className="rk-muted">Nog niet gedaan</span>
            )}
          </Item>
        )}
        {intake && (
          <Item term="MDO">
            {s.mdos.length === 0 ? (
              <span className="rk-muted">Nog geen MDO</span>
            ) : (
              <ul className="rk-plain-list">
                {s.mdos.map((m, i) => (
                  <li key={i}>
                    {formatShortDate(m.datum)}: {m.overeenstemming ? 'overeenstemming' : 'geen overeenstemming'}
                    {m.escalatiestap && `, escalatie: ${m.escalatiestap}`}
                    <span className="rk-line rk-muted">Met {m.deelnemers.map(participantLabel).join(', ').toLowerCase()}</span>
                    {m.afweging && <span className="rk-line">{m.afweging}</span>}
                  </li>
                ))}
              </ul>
            )}
          </Item>
        )}
        {s.analyse && (
          <Item term="Analyse">
            {[s.analyse.verklarendeAnalyse && 'verklarende analyse gemaakt', s.analyse.diagnostiekAfgerond && 'diagnostiek afgerond']
              .filter(Boolean)
              .join(', ') || 'geen verklarende analyse'}
            {s.analyse.ambulanteAlternatieven && <span className="rk-line rk-muted">Ambulante alternatieven: {s.analyse.ambulanteAlternatieven}</span>}
          </Item>
        )}
        {s.nazorg && (
          <Item term="Nazorg">
            {s.nazorg.waakvlam ? `Waakvlam${s.nazorg.contactpersoon ? `, contactpersoon ${s.nazorg.contactpersoon}` : ''}` : 'Geen waakvlam'}
          </Item>
        )}
      </dl>
      {s.verwijzingen.length === 0 && s.toewijzingen.length === 0 && (
        <Paragraph className="rk-muted">Nog geen verwijzing, beschikking of toewijzing.</Paragraph>
      )}
      <CaseDecisions landscape={landscape} view={view} />
    </section>
  );
}
