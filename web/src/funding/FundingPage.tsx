import './funding.css';
import { Heading, Paragraph } from '@utrecht/component-library-react';
import { useState } from 'react';
import type { Landscape, SessionUser } from '../api-types';
import type { Route } from '../router';
import { DeclarationsView } from './DeclarationsView';
import { DemoFundingProgress } from './DemoFundingProgress';
import { DeclarationView } from './DeclarationView';
import { FrameworkView } from './FrameworkView';
import { FundingGuard } from './FundingGuard';
import { FundingNav } from './FundingNav';
import { OverviewView } from './OverviewView';
import { SchedulesView } from './SchedulesView';
import { ScenariosView } from './ScenariosView';

type FundingRoute = Extract<Route, { page: 'funding' }>;

const INTRO: Record<FundingRoute['view'], string> = {
  overview: 'Wat er dit jaar is uitgegeven, wat nog verplicht staat en de prognose tot het einde van het jaar, afgezet tegen plafonds en budgetten.',
  declarations: 'Ontvangen declaraties (JW323) met de uitkomst per prestatie en het antwoordbericht (JW325).',
  declaration: 'Ontvangen declaraties (JW323) met de uitkomst per prestatie en het antwoordbericht (JW325).',
  schedules:
    'Betalingen die niet per cliënt worden gedeclareerd: lumpsum, groepsbudget, beschikbaarheidsbijdragen, caseload en resultaatbetalingen, per contract en maand.',
  framework: 'Het financieel kader per gemeente, lijn en jaar, met de controle op de gedrukte totalen.',
  scenarios:
    'Speel de eigen trajecten van de regio opnieuw af onder een andere bekostiging, een plafond of een verschuiving tussen segmenten, en vergelijk wat dat doet met de uitgaven, de aanbieders en de gemeenten.',
};

/** Financiën: the funding views of a region (overview, declarations, schedules, framework). */
export default function FundingPage({ landscape, user, route }: { landscape: Landscape; user: SessionUser | null | undefined; route: FundingRoute }) {
  const regionId = landscape.region.id;
  const [year, setYear] = useState(() => new Date().getFullYear());
  // Bumped when the demo funding finishes: the views load again with the whole history.
  const [epoch, setEpoch] = useState(0);
  const framework = route.view === 'framework';
  return (
    <div className="rk-fin" data-testid="funding-page">
      <div className="rk-titlebar rk-fin-titlebar">
        <p className="rk-pretitle">{landscape.region.name}</p>
        <Heading level={1}>Financiën</Heading>
        <Paragraph appearance="lead" className="rk-validity">
          {INTRO[route.view]}
        </Paragraph>
      </div>
      <FundingNav regionId={regionId} current={route.view} />
      <FundingGuard user={user} regionId={regionId} framework={framework}>
        {(u) => (
          <>
            <DemoFundingProgress regionId={regionId} onDone={() => setEpoch((e) => e + 1)} />
            <div key={epoch} className="rk-fin-views">
              {route.view === 'overview' && <OverviewView landscape={landscape} user={u} year={year} onYear={setYear} />}
              {route.view === 'declarations' && <DeclarationsView landscape={landscape} user={u} />}
              {route.view === 'declaration' && route.declarationId !== undefined && (
                <DeclarationView key={route.declarationId} landscape={landscape} user={u} declarationId={route.declarationId} />
              )}
              {route.view === 'schedules' && <SchedulesView landscape={landscape} user={u} year={year} onYear={setYear} />}
              {framework && <FrameworkView landscape={landscape} user={u} />}
              {route.view === 'scenarios' && <ScenariosView landscape={landscape} user={u} />}
            </div>
          </>
        )}
      </FundingGuard>
    </div>
  );
}
