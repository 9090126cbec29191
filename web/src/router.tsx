import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';
import { Link } from '@utrecht/component-library-react';

export type Route =
  | { page: 'home' }
  | { page: 'landscape'; regionId: string }
  | { page: 'care'; regionId: string }
  | { page: 'not-found'; path: string };

/** Parses a pathname into a route: `/`, `/regio/:id`, `/regio/:id/zorggebruik`. */
export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { page: 'home' };
  const m = /^\/regio\/([^/]+)(\/zorggebruik)?$/.exec(path);
  if (!m) return { page: 'not-found', path };
  const regionId = decodeURIComponent(m[1]!);
  return m[2] ? { page: 'care', regionId } : { page: 'landscape', regionId };
}

export const landscapePath = (regionId: string) => `/regio/${encodeURIComponent(regionId)}`;
export const carePath = (regionId: string) => `${landscapePath(regionId)}/zorggebruik`;

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
window.addEventListener('popstate', notify);

export function navigate(path: string, { replace = false } = {}): void {
  if (path === window.location.pathname) return;
  if (replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  notify();
  if (!replace) window.scrollTo(0, 0);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

/** An NL Design System link that navigates inside the app without a page load. */
export function AppLink({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <Link href={href} onClick={handle} {...rest} />;
}
