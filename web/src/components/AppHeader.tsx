import { PageHeader } from '@utrecht/component-library-react';
import type { RegionSummary, SessionUser } from '../api-types';
import { AppLink, auditPath, carePath, fundingPath, landscapePath, procurementPath, steeringPath, worklistPath, type Route } from '../router';
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
        <AppLink className="rk-brand" href={regionId === undefined ? '/' : landscapePath(regionId)}>
          <span className="rk-brand__mark" aria-hidden="true">RJ</span>
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
            <li>
              <AppLink href={landscapePath(regionId)} className="rk-tabs__link" aria-current={route.page === 'landscape' ? 'page' : undefined}>
                Landschap
              </AppLink>
            </li>
            <li>
              <AppLink href={carePath(regionId)} className="rk-tabs__link" aria-current={route.page === 'care' ? 'page' : undefined}>
                Zorggebruik
              </AppLink>
            </li>
            <li>
              <AppLink
                href={worklistPath(regionId)}
                className="rk-tabs__link"
                aria-current={route.page === 'worklist' ? 'page' : route.page === 'new-case' || route.page === 'case' ? 'true' : undefined}
              >
                Werklijst
              </AppLink>
            </li>
            <li>
              <AppLink
                href={fundingPath(regionId)}
                className="rk-tabs__link"
                aria-current={route.page === 'funding' ? (route.view === 'overview' ? 'page' : 'true') : undefined}
              >
                Financiën
              </AppLink>
            </li>
            <li>
              <AppLink
                href={procurementPath(regionId)}
                className="rk-tabs__link"
                aria-current={route.page === 'procurement' ? (route.view === 'procedures' ? 'page' : 'true') : undefined}
              >
                Inkoop
              </AppLink>
            </li>
            {user?.role === 'privacy' && (
              <li>
                <AppLink href={auditPath(regionId)} className="rk-tabs__link" aria-current={route.page === 'audit' ? 'page' : undefined}>
                  Inzagelog
                </AppLink>
              </li>
            )}
            <li>
              <AppLink href={steeringPath(regionId)} className="rk-tabs__link" aria-current={route.page === 'steering' ? (route.view === 'overview' ? 'page' : 'true') : undefined}>
                Sturing
              </AppLink>
            </li>
          </ul>
        </nav>
      )}
    </PageHeader>
  );
}
