import { Heading, Page, PageContent, PageFooter, Paragraph, SkipLink } from '@utrecht/component-library-react';
import { lazy, Suspense, useEffect } from 'react';
import { api } from './api';
import type { SessionUser } from './api-types';
import { AppHeader } from './components/AppHeader';
import { ProblemAlert } from './components/ProblemAlert';
import { SourcesContext } from './components/SourceRef';
import { LandscapePage } from './landscape/LandscapePage';
import { HomePage } from './home/HomePage';
import {
  AppLink,
  carePath,
  fundingPath,
  landscapePath,
  myWorkPath,
  navigate,
  parseRoute,
  procurementPath,
  publicPath,
  steeringPath,
  usePathname,
  worklistPath,
} from './router';
import { useResource } from './useResource';
import { useSession } from './useSession';

const CareUsePage = lazy(() => import('./care/CareUsePage'));
const WorklistPage = lazy(() => import('./access/WorklistPage'));
const NewCasePage = lazy(() => import('./access/NewCasePage'));
const CasePage = lazy(() => import('./access/CasePage'));
const FundingPage = lazy(() => import('./funding/FundingPage'));
const ProcurementPage = lazy(() => import('./procurement/ProcurementPage'));
const AuditPage = lazy(() => import('./audit/AuditPage'));
const SteeringPage = lazy(() => import('./steering/SteeringPage'));
const PublicPage = lazy(() => import('./steering/PublicPage'));
const MyWorkPage = lazy(() => import('./home/MyWorkPage'));

const PAGE_TITLES: Partial<Record<string, string>> = {
  care: 'Zorggebruik',
  landscape: 'Landschap',
  worklist: 'Werklijst',
  'my-work': 'Mijn werk',
  'new-case': 'Nieuwe hulpvraag',
  case: 'Casus',
  funding: 'Financiën',
  procurement: 'Inkoop',
  audit: 'Inzagelog',
  steering: 'Sturing',
  public: 'Resultaten',
};

/** "gemeente Breda" or the provider's name, for the user menu. */
function describeScope(user: SessionUser): string | null {
  if (user.municipalityName ?? user.municipalityCode) return `gemeente ${user.municipalityName ?? user.municipalityCode}`;
  if (user.providerId !== null) return user.providerName ?? `aanbieder ${user.providerId}`;
  return null;
}

export function App() {
  const route = parseRoute(usePathname());
  const session = useSession();
  const regions = useResource((signal) => api.regions(signal), []);
  const regionList = regions.state === 'ready' ? regions.data.regions : [];
  const regionId = 'regionId' in route ? route.regionId : undefined;
  // What the landscape shows depends on who asks (the contract register only for logged-in roles): reload it on login and logout.
  const who = session.user ? `${session.user.username}` : session.user === null ? '-' : undefined;
  const landscape = useResource((signal) => (regionId ? api.landscape(regionId, signal) : Promise.resolve(undefined)), [regionId, who]);
  const current = landscape.state === 'ready' ? landscape.data : undefined;

  // A logged-in user starts on "Mijn werk" in its own region (beheer: the region it is looking at, else the first).
  const homeOf = (u: SessionUser) => {
    const id = u.regionId ?? regionId ?? regionList[0]?.id;
    return id ? myWorkPath(id) : null;
  };
  useEffect(() => {
    if (route.page !== 'home' || !session.user) return;
    const to = homeOf(session.user);
    if (to) navigate(to, { replace: true });
  }, [route.page, session.user, regionList]);
  // After login: "Mijn werk" when the user came from the start or landscape page or from another region; a deep link of
  // its own region (a case, a contract) stays where it is.
  const login = (u: SessionUser) => {
    session.login(u);
    const elsewhere = u.regionId !== null && regionId !== undefined && u.regionId !== regionId;
    const to = homeOf(u);
    if (to && (route.page === 'home' || route.page === 'landscape' || elsewhere)) navigate(to);
  };

  useEffect(() => {
    const page = PAGE_TITLES[route.page] ?? null;
    document.title = [page, current?.region.name, 'Regiekamer Jeugd'].filter(Boolean).join(' – ');
  }, [route.page, current]);

  const selectRegion = (id: string) =>
    navigate(
      route.page === 'care'
        ? carePath(id)
        : route.page === 'funding'
          ? fundingPath(id)
          : route.page === 'procurement'
            ? procurementPath(id)
            : route.page === 'steering'
              ? steeringPath(id)
              : route.page === 'public'
                ? publicPath(id)
                : ['worklist', 'new-case', 'case'].includes(route.page)
                  ? worklistPath(id)
                  : route.page === 'my-work'
                    ? myWorkPath(id)
                    : landscapePath(id),
    );

  return (
    <SourcesContext.Provider value={current?.region.sources ?? {}}>
      <SkipLink href="#main">Direct naar de inhoud</SkipLink>
      <AppHeader
        route={route}
        regions={regionList}
        regionId={regionId}
        onSelectRegion={selectRegion}
        user={session.user}
        userScope={session.user ? describeScope(session.user) : null}
        onLogin={login}
        onLogout={session.logout}
      />
      <Page className="rk-page">
        <PageContent>
          <main id="main" tabIndex={-1} className="rk-main">
            {session.error && <ProblemAlert error={session.error} />}
            {regions.state === 'error' && <ProblemAlert error={regions.error} />}
            {route.page === 'not-found' && (
              <>
                <Heading level={1}>Pagina niet gevonden</Heading>
                <Paragraph>
                  Het adres {route.path} bestaat niet. Ga naar <AppLink href="/">de startpagina</AppLink>.
                </Paragraph>
              </>
            )}
            {route.page === 'home' && regions.state === 'loading' && <Paragraph aria-busy="true">Regio’s worden geladen…</Paragraph>}
            {route.page === 'home' && regions.state === 'ready' && regionList.length === 0 && <Paragraph>Er zijn nog geen regio’s ingericht.</Paragraph>}
            {route.page === 'home' && regions.state === 'ready' && regionList.length > 0 && session.user === null && <HomePage regions={regionList} />}
            {regionId !== undefined && landscape.state === 'loading' && <Paragraph aria-busy="true">Regioprofiel wordt geladen…</Paragraph>}
            {regionId !== undefined && landscape.state === 'error' && <ProblemAlert error={landscape.error} />}
            {current && route.page === 'landscape' && <LandscapePage landscape={current} />}
            {current && route.page === 'my-work' && (
              <Suspense fallback={<Paragraph aria-busy="true">Pagina wordt geladen…</Paragraph>}>
                <MyWorkPage landscape={current} user={session.user} />
              </Suspense>
            )}
            {current && route.page === 'care' && (
              <Suspense fallback={<Paragraph aria-busy="true">Pagina wordt geladen…</Paragraph>}>
                <CareUsePage landscape={current} user={session.user} />
              </Suspense>
            )}
            {current && (route.page === 'worklist' || route.page === 'new-case' || route.page === 'case') && (
              <Suspense fallback={<Paragraph aria-busy="true">Pagina wordt geladen…</Paragraph>}>
                {route.page === 'worklist' && <WorklistPage landscape={current} user={session.user} />}
                {route.page === 'new-case' && <NewCasePage landscape={current} user={session.user} />}
                {route.page === 'case' && <CasePage key={route.caseId} landscape={current} user={session.user} caseId={route.caseId} />}
              </Suspense>
            )}
            {current && route.page === 'funding' && (
              <Suspense fallback={<Paragraph aria-busy="true">Pagina wordt geladen…</Paragraph>}>
                <FundingPage landscape={current} user={session.user} route={route} />
              </Suspense>
            )}
            {current && route.page === 'audit' && (
              <Suspense fallback={<Paragraph aria-busy="true">Pagina wordt geladen…</Paragraph>}>
                <AuditPage landscape={current} user={session.user} />
              </Suspense>
            )}
            {current && route.page === 'procurement' && (
              <Suspense fallback={<Paragraph aria-busy="true">Pagina wordt geladen…</Paragraph>}>
                <ProcurementPage landscape={current} user={session.user} route={route} />
              </Suspense>
            )}
            {current && route.page === 'steering' && (
              <Suspense fallback={<Paragraph aria-busy="true">Pagina wordt geladen…</Paragraph>}>
                <SteeringPage landscape={current} user={session.user} route={route} />
              </Suspense>
            )}
            {current && route.page === 'public' && (
              <Suspense fallback={<Paragraph aria-busy="true">Pagina wordt geladen…</Paragraph>}>
                <PublicPage landscape={current} />
              </Suspense>
            )}
          </main>
        </PageContent>
      </Page>
      <PageFooter className="rk-footer">
        <div className="rk-wrap">
          <Paragraph>
            <strong>Regiekamer Jeugd</strong> · open source (EUPL-1.2) · procesinformatie voor inkoop, bekostiging en sturing; geen cliëntdossier.
          </Paragraph>
        </div>
      </PageFooter>
    </SourcesContext.Provider>
  );
}
