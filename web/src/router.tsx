import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';
import { Link } from '@utrecht/component-library-react';

export type Route =
  | { page: 'home' }
  | { page: 'landscape'; regionId: string }
  | { page: 'care'; regionId: string }
  | { page: 'worklist'; regionId: string }
  | { page: 'my-work'; regionId: string }
  | { page: 'new-case'; regionId: string }
  | { page: 'case'; regionId: string; caseId: number }
  | { page: 'funding'; regionId: string; view: FundingSubView; declarationId?: number }
  | { page: 'procurement'; regionId: string; view: ProcurementSubView; id?: number }
  | { page: 'audit'; regionId: string }
  | { page: 'steering'; regionId: string; view: SteeringSubView }
  | { page: 'public'; regionId: string }
  | { page: 'not-found'; path: string };

/**
 * Parses a pathname into a route: `/`, `/regio/:id`, `/regio/:id/zorggebruik`,
 * `/regio/:id/werklijst`, `/regio/:id/werklijst/nieuw`, `/regio/:id/casus/:caseId`.
 */
export function parseRoute(pathname: string): Route {
  try {
    return parsePath(pathname);
  } catch (e) {
    // An address that cannot be decoded (e.g. /regio/%E0%A4%A): the not-found page, not a blank screen.
    if (e instanceof URIError) return { page: 'not-found', path: pathname };
    throw e;
  }
}

function parsePath(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { page: 'home' };
  const funding = parseFundingRoute(path);
  if (funding) return funding;
  const procurement = parseProcurementRoute(path);
  if (procurement) return procurement;
  const steering = parseSteeringRoute(path);
  if (steering) return steering;
  const m = /^\/regio\/([^/]+)(\/zorggebruik|\/werklijst|\/werklijst\/nieuw|\/mijn-werk|\/inzagelog|\/casus\/([1-9]\d{0,9}))?$/.exec(path);
  if (!m) return { page: 'not-found', path };
  const regionId = decodeURIComponent(m[1]!);
  if (m[3]) return { page: 'case', regionId, caseId: Number(m[3]) };
  if (m[2] === '/zorggebruik') return { page: 'care', regionId };
  if (m[2] === '/werklijst') return { page: 'worklist', regionId };
  if (m[2] === '/mijn-werk') return { page: 'my-work', regionId };
  if (m[2] === '/werklijst/nieuw') return { page: 'new-case', regionId };
  if (m[2] === '/inzagelog') return { page: 'audit', regionId };
  return { page: 'landscape', regionId };
}

export const landscapePath = (regionId: string) => `/regio/${encodeURIComponent(regionId)}`;
export const carePath = (regionId: string) => `${landscapePath(regionId)}/zorggebruik`;
export const worklistPath = (regionId: string) => `${landscapePath(regionId)}/werklijst`;
export const myWorkPath = (regionId: string) => `${landscapePath(regionId)}/mijn-werk`;
export const newCasePath = (regionId: string) => `${worklistPath(regionId)}/nieuw`;
export const auditPath = (regionId: string) => `${landscapePath(regionId)}/inzagelog`;
export const casePath = (regionId: string, caseId: number) => `${landscapePath(regionId)}/casus/${caseId}`;

/** Sub-views of Sturing: region overview with KRI signals, segments, areas, process and waiting times, providers. */
export type SteeringSubView = 'overview' | 'segments' | 'areas' | 'process' | 'providers';
const STEERING_SEGMENTS: Record<SteeringSubView, string> = {
  overview: '',
  segments: '/segmenten',
  areas: '/gebieden',
  process: '/proces',
  providers: '/aanbieders',
};
export const steeringPath = (regionId: string, view: SteeringSubView = 'overview') => `${landscapePath(regionId)}/sturing${STEERING_SEGMENTS[view]}`;
export const publicPath = (regionId: string) => `/publiek/${encodeURIComponent(regionId)}`;

/** `/regio/:id/sturing[/segmenten|/gebieden|/proces|/aanbieders]` and `/publiek/:id` (no login). */
function parseSteeringRoute(path: string): Route | null {
  const pub = /^\/publiek\/([^/]+)$/.exec(path);
  if (pub) return { page: 'public', regionId: decodeURIComponent(pub[1]!) };
  const m = /^\/regio\/([^/]+)\/sturing(\/segmenten|\/gebieden|\/proces|\/aanbieders)?$/.exec(path);
  if (!m) return null;
  const view = (Object.entries(STEERING_SEGMENTS).find(([, seg]) => seg === (m[2] ?? ''))?.[0] ?? 'overview') as SteeringSubView;
  return { page: 'steering', regionId: decodeURIComponent(m[1]!), view };
}

/** Sub-views of Financiën: overview, declarations (list and one), lump-sum schedules, budget framework. */
export type FundingSubView = 'overview' | 'declarations' | 'declaration' | 'schedules' | 'framework' | 'scenarios';
export const fundingPath = (regionId: string) => `${landscapePath(regionId)}/financien`;
export const declarationsPath = (regionId: string) => `${fundingPath(regionId)}/declaraties`;
export const declarationPath = (regionId: string, declarationId: number) => `${declarationsPath(regionId)}/${declarationId}`;
export const schedulesPath = (regionId: string) => `${fundingPath(regionId)}/bevoorschotting`;
export const frameworkPath = (regionId: string) => `${fundingPath(regionId)}/kader`;
export const scenariosPath = (regionId: string) => `${fundingPath(regionId)}/scenarios`;

/** `/regio/:id/financien`, `…/declaraties`, `…/declaraties/:did`, `…/bevoorschotting`, `…/kader`. */
function parseFundingRoute(path: string): Route | null {
  const m = /^\/regio\/([^/]+)\/financien(?:\/(declaraties)(?:\/([1-9]\d{0,9}))?|\/(bevoorschotting|kader|scenarios))?$/.exec(path);
  if (!m) return null;
  const regionId = decodeURIComponent(m[1]!);
  if (m[3]) return { page: 'funding', regionId, view: 'declaration', declarationId: Number(m[3]) };
  if (m[2]) return { page: 'funding', regionId, view: 'declarations' };
  if (m[4] === 'bevoorschotting') return { page: 'funding', regionId, view: 'schedules' };
  if (m[4] === 'kader') return { page: 'funding', regionId, view: 'framework' };
  if (m[4] === 'scenarios') return { page: 'funding', regionId, view: 'scenarios' };
  return { page: 'funding', regionId, view: 'overview' };
}

/**
 * Sub-views of Inkoop: procedure board and one procedure (with its lot award screen), contracts
 * and one contract (timeline of procedure, award, changes, dialogues), one provider, market view.
 */
export type ProcurementSubView = 'procedures' | 'procedure' | 'contracts' | 'contract' | 'provider' | 'market';
export const procurementPath = (regionId: string) => `${landscapePath(regionId)}/inkoop`;
export const procedurePath = (regionId: string, procedureId: number) => `${procurementPath(regionId)}/procedure/${procedureId}`;
export const contractsPath = (regionId: string) => `${procurementPath(regionId)}/contracten`;
export const contractPath = (regionId: string, contractId: number) => `${contractsPath(regionId)}/${contractId}`;
export const providerPath = (regionId: string, providerId: number) => `${procurementPath(regionId)}/aanbieder/${providerId}`;
export const marketPath = (regionId: string) => `${procurementPath(regionId)}/markt`;

/** `/regio/:id/inkoop`, `…/procedure/:pid`, `…/contracten`, `…/contracten/:cid`, `…/aanbieder/:aid`, `…/markt`. */
function parseProcurementRoute(path: string): Route | null {
  const m = /^\/regio\/([^/]+)\/inkoop(?:\/(procedure|contracten|aanbieder|markt)(?:\/([1-9]\d{0,9}))?)?$/.exec(path);
  if (!m) return null;
  const regionId = decodeURIComponent(m[1]!);
  const id = m[3] ? Number(m[3]) : undefined;
  switch (m[2]) {
    case undefined:
      return { page: 'procurement', regionId, view: 'procedures' };
    case 'procedure':
      return id === undefined ? null : { page: 'procurement', regionId, view: 'procedure', id };
    case 'contracten':
      return id === undefined ? { page: 'procurement', regionId, view: 'contracts' } : { page: 'procurement', regionId, view: 'contract', id };
    case 'aanbieder':
      return id === undefined ? null : { page: 'procurement', regionId, view: 'provider', id };
    case 'markt':
      return id === undefined ? { page: 'procurement', regionId, view: 'market' } : null;
    default:
      return null;
  }
}

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
