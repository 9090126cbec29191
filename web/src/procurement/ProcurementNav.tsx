import type { ProcurementSubView } from '../router';
import { AppLink, contractsPath, marketPath, procurementPath } from '../router';

const ITEMS: { views: ProcurementSubView[]; label: string; href: (regionId: string) => string }[] = [
  { views: ['procedures', 'procedure'], label: 'Procedures', href: procurementPath },
  { views: ['contracts', 'contract', 'provider'], label: 'Contracten en aanbieders', href: contractsPath },
  { views: ['market'], label: 'Markt', href: marketPath },
];

/** Secondary navigation of Inkoop; a detail page keeps its list marked. */
export function ProcurementNav({ regionId, current }: { regionId: string; current: ProcurementSubView }) {
  return (
    <nav className="rk-subnav" aria-label="Onderdelen van Inkoop">
      <ul className="rk-subnav__list">
        {ITEMS.map((item) => {
          const active = item.views.includes(current);
          return (
            <li key={item.label}>
              <AppLink
                href={item.href(regionId)}
                className="rk-subnav__link"
                aria-current={active ? (item.views[0] === current ? 'page' : 'true') : undefined}
                data-testid={`procurement-nav-${item.views[0]}`}
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
