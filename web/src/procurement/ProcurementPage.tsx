import './procurement.css';
import { Heading, Paragraph } from '@utrecht/component-library-react';
import { lazy, Suspense } from 'react';
import type { Landscape, SessionUser } from '../api-types';
import type { Route } from '../router';
import { ProcurementNav } from './ProcurementNav';

// Procedures (board, one procedure with its award screen) live in this folder; contracts,
// providers and the market view in ../contracts.
const ProceduresView = lazy(() => import('./ProceduresView'));
const ProcedureView = lazy(() => import('./ProcedureView'));
const ContractsView = lazy(() => import('../contracts/ContractsView'));
const ContractView = lazy(() => import('../contracts/ContractView'));
const ProviderView = lazy(() => import('../contracts/ProviderView'));
const MarketView = lazy(() => import('../contracts/MarketView'));

export type ProcurementRoute = Extract<Route, { page: 'procurement' }>;

const INTRO: Record<ProcurementRoute['view'], string> = {
  procedures: 'Aanbestedingen, open house-toelatingen, bestuurlijke aanbestedingen en subsidies per taakgebied, met hun fase en de volgende stap.',
  procedure: 'Het verloop van de procedure: aanmeldingen, selectie, dialoog, beoordeling en gunning per perceel, met de toets op de perceelregels.',
  contracts: 'Alle contracten per aanbieder en taakgebied: looptijd, verlengingsopties, voorwaarden, wijzigingen en dialogen.',
  contract: 'Het contract met zijn tijdlijn: procedure, gunning, wijzigingen en sturings- en verantwoordingsdialogen.',
  provider: 'Een aanbieder: contracten, omzet per taakgebied, aanmeldingen en positie (ontwikkelpartner of regulier).',
  market: 'Omzetconcentratie per taakgebied: top-5-aandeel, Pareto en de selectie van ontwikkelpartners.',
};

/** Inkoop: procurement procedures, contracts, providers and the market view of a region. */
export default function ProcurementPage({ landscape, user, route }: { landscape: Landscape; user: SessionUser | null | undefined; route: ProcurementRoute }) {
  const props = { landscape, user: user ?? null };
  return (
    <div className="rk-proc" data-testid="procurement-page">
      <div className="rk-titlebar">
        <p className="rk-pretitle">{landscape.region.name}</p>
        <Heading level={1}>Inkoop</Heading>
        <Paragraph appearance="lead" className="rk-validity">
          {INTRO[route.view]}
        </Paragraph>
      </div>
      <ProcurementNav regionId={landscape.region.id} current={route.view} />
      <Suspense fallback={<Paragraph aria-busy="true">Onderdeel wordt geladen…</Paragraph>}>
        {route.view === 'procedures' && <ProceduresView {...props} />}
        {route.view === 'procedure' && route.id !== undefined && <ProcedureView key={route.id} {...props} procedureId={route.id} />}
        {route.view === 'contracts' && <ContractsView {...props} />}
        {route.view === 'contract' && route.id !== undefined && <ContractView key={route.id} {...props} contractId={route.id} />}
        {route.view === 'provider' && route.id !== undefined && <ProviderView key={route.id} {...props} providerId={route.id} />}
        {route.view === 'market' && <MarketView {...props} />}
      </Suspense>
    </div>
  );
}
