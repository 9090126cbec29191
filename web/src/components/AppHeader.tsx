import { PageHeader } from '@utrecht/component-library-react';
import type { RegionSummary, SessionUser } from '../api-types';
import { AppLink, auditPath, carePath, fundingPath, landscapePath, myWorkPath, procurementPath, steeringPath, worklistPath, type Route } from '../router';
import { LoginForm } from './LoginForm';
import { RegionSwitcher } from './RegionSwitcher';
import { UserMenu } from './UserMenu';

interface Props {
  route: Route;
  regions: RegionSummary[];
  regionId: string | undefined;
  onSelectRegion: (id: string) => void;
  user: SessionUser | null | undefined;
  userScope: string | null;
  onLogin: (user: SessionUser) => void;
  onLogout: () => void;
}

const PUBLIC_TABS = ['landschap', 'zorggebruik'];

/** The tabs of the user's role (from the session), or the public ones for a visitor. */
const tabsFor = (user: SessionUser | null | undefined): readonly string[] => (user?.tabs && user.tabs.length > 0 ? user.tabs : PUBLIC_TABS);

type Current = 'page' | 'true' | undefined;
const TABS: Record<string, { label: string; href: (regionId: string) => string; current: (route: Route) => Current }> = {
  'mijn-werk': { label: 'Mijn werk', href: myWorkPath, current: (r) => (r.page === 'my-work' ? 'page' : undefined) },
  landschap: { label: 'Landschap', href: landscapePath, current: (r) => (r.page === 'landscape' ? 'page' : undefined) },
  zorggebruik: { label: 'Zorggebruik', href: carePath, current: (r) => (r.page === 'care' ? 'page' : undefined) },
  werklijst: {
    label: 'Werklijst',
    href: worklistPath,
    current: (r) => (r.page === 'worklist' ? 'page' : r.page === 'new-case' || r.page === 'case' ? 'true' : undefined),
  },
  financien: { label: 'Financiën', href: fundingPath, current: (r) => (r.page === 'funding' ? (r.view === 'overview' ? 'page' : 'true') : undefined) },
  inkoop: { label: 'Inkoop', href: procurementPath, current: (r) => (r.page === 'procurement' ? (r.view === 'procedures' ? 'page' : 'true') : undefined) },
  sturing: { label: 'Sturing', href: steeringPath, current: (r) => (r.page === 'steering' ? (r.view === 'overview' ? 'page' : 'true') : undefined) },
  inzagelog: { label: 'Inzagelog', href: auditPath, current: (r) => (r.page === 'audit' ? 'page' : undefined) },
};

/** Service bar (login or user), brand with region switcher, and the page tabs of the region. */
export function AppHeader({ route, regions, regionId, onSelectRegion, user, userScope, onLogin, onLogout }: Props) {
  return (
    <PageHeader className="rk-header">
      <div className="rk-servicebar">
        <div className="rk-wrap rk-servicebar__content">
          {user === null && <LoginForm onLogin={onLogin} />}
          {user && <UserMenu user={user} scope={userScope} onLogout={onLogout} />}
        </div>
      </div>
      <div className="rk-wrap rk-brandbar">
        <AppLink className="rk-brand" href="/">
          <span className="rk-brand__mark" aria-hidden="true">
            RJ
          </span>
          <span className="rk-brand__text">
            <span className="rk-brand__name">Regiekamer Jeugd</span>
            <span className="rk-brand__tagline">Inkoop, bekostiging en sturing van jeugdhulp</span>
          </span>
        </AppLink>
        {regions.length > 0 && <RegionSwitcher regions={regions} value={regionId} onSelect={onSelectRegion} />}
      </div>
      {regionId !== undefined && (
        <nav className="rk-tabs" aria-label="Onderdelen van de regio">
          <ul className="rk-wrap rk-tabs__list">
            {tabsFor(user).map((t) => {
              const tab = TABS[t];
              if (!tab) return null;
              return (
                <li key={t}>
                  <AppLink href={tab.href(regionId)} className="rk-tabs__link" aria-current={tab.current(route)} data-testid={`tab-${t}`}>
                    {tab.label}
                  </AppLink>
                </li>
              );
            })}
          </ul>
        </nav>
      )}
    </PageHeader>
  );
}
