import type { FundingSubView } from '../router';
import { AppLink, declarationsPath, frameworkPath, fundingPath, scenariosPath, schedulesPath } from '../router';

const ITEMS: { view: FundingSubView; label: string; href: (regionId: string) => string }[] = [
  { view: 'overview', label: 'Uitgaven en prognose', href: fundingPath },
  { view: 'declarations', label: 'Declaraties', href: declarationsPath },
  { view: 'schedules', label: 'Bevoorschotting', href: schedulesPath },
  { view: 'framework', label: 'Financieel kader', href: frameworkPath },
  { view: 'scenarios', label: "Scenario's", href: scenariosPath },
];

/** Secondary navigation between the funding views; the declaration page keeps "Declaraties" marked. */
export function FundingNav({ regionId, current }: { regionId: string; current: FundingSubView }) {
  return (
    <nav className="rk-subnav" aria-label="Onderdelen van Financiën">
      <ul className="rk-subnav__list">
        {ITEMS.map((item) => {
          const active = item.view === current || (item.view === 'declarations' && current === 'declaration');
          return (
            <li key={item.view}>
              <AppLink
                href={item.href(regionId)}
                className="rk-subnav__link"
                aria-current={item.view === current ? 'page' : active ? 'true' : undefined}
                data-testid={`funding-nav-${item.view}`}
              >
                {item.label}
              </AppLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
