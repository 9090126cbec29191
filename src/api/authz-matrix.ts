/**
 * The authorisation matrix: the one place that says who may call which route and which fields of
 * the answer each role sees (issue #10, least privilege). Every route of /api/v1 is listed here;
 * a route that is missing is refused for everybody (and fails test/integration/authz-matrix.test.ts,
 * which calls every route of the OpenAPI document as every role and as a user of another region).
 *
 * - `roles`: who may call the route for their own region: 'iedereen' (also without login),
 *   'ingelogd' (every logged-in role) or a list of roles. Others get 403 (401 without login).
 * - `tenant`: 'regio' = the path's {id} is a region; a user of another region gets 404 (beheer has
 *   every region). 'query' = the same for the `region` query parameter. 'geen' = not bound to
 *   a region (the use case scopes it).
 * - `persoonsgegevens`: the route reads personal data; every read and every refused read is in
 *   the audit trail (src/app/audit.ts).
 * - `rijen`: the roles that see only their own rows (municipality or provider), enforced in the
 *   use case's WHERE clause.
 * - `velden`: field groups (FIELD_GROUPS) that appear in the answer only for the roles listed;
 *   a group not listed is not restricted on that route. The rules behind the groups are pure
 *   functions in src/domain/access/visibility.ts.
 *
 * Other issues add their routes here.
 */
import { ROLES, type Role } from '../domain/access/roles.js';
import { PROCUREMENT_ROLES } from '../domain/access/visibility.js';

export type Who = Role | 'anoniem';

/** Named groups of response fields (JSON keys, at any depth) that the matrix restricts. */
export const FIELD_GROUPS = {
  /** Bids: prices, plan and quality scores, suitability evidence, EMVI totals and rankings. */
  inschrijvingen: ['priceCents', 'planScore', 'scores', 'emviTotal', 'emviScore', 'ranking', 'checks'],
  /** The intake of a case: help question, triage, MDO deliberation, analysis, referrals. */
  intake: ['hulpvraag', 'triage', 'mdos', 'analyse', 'verwijzingen', 'nazorg'],
  /** The contract register: providers with AGB codes, contracts, ceilings. */
  contractregister: ['agbCode', 'ceilingCents', 'contractCount', 'contracts', 'providers'],
} as const;
export type FieldGroup = keyof typeof FIELD_GROUPS;

export interface RouteRule {
  roles: 'iedereen' | 'ingelogd' | readonly Role[];
  tenant: 'regio' | 'query' | 'geen';
  persoonsgegevens?: boolean;
  rijen?: readonly Role[];
  velden?: Partial<Record<FieldGroup, readonly Who[]>>;
}

const except = (...no: Role[]): Role[] => ROLES.filter((r) => !no.includes(r));
/** Roles that work with clients (process information within their scope). */
const CLIENT_ROLES: Role[] = ['toegang', 'gemeente', 'aanbieder'];
const MUNICIPALITY: Role[] = ['toegang', 'gemeente'];
const PROCUREMENT: Role[] = [...PROCUREMENT_ROLES];
/** Funding data: not the local team, not the privacy officer. */
const FUNDING: Role[] = ['gemeente', 'aanbieder', 'contractmanager', 'controller', 'beleid', 'beheer'];
/** Procedures are followed by procurement, bidders and the region's policy roles (without bids). */
const PROCEDURE_READERS: Role[] = ['contractmanager', 'beheer', 'aanbieder', 'controller', 'beleid'];
const BIDS: Who[] = [...PROCUREMENT, 'aanbieder'];
/** Contracts, dialogues and providers: every role of the region except the privacy officer. */
const CONTRACT_READERS: Role[] = except('privacy');
const REGIONAL: Role[] = ['contractmanager', 'controller', 'beleid', 'beheer'];
const own = { rijen: ['toegang', 'gemeente', 'aanbieder'] as Role[] };
/** Indicators: every role of the region except the privacy officer (rows scoped per role). */
const STEERING: Role[] = except('privacy');
/** Scenario simulation (impactanalyse). */
const SCENARIOS: Role[] = ['controller', 'beleid', 'contractmanager'];

/** Key: method and OpenAPI path without the /api/v1 prefix. */
export const AUTHZ_MATRIX: Record<string, RouteRule> = {
  'GET /health': { roles: 'iedereen', tenant: 'geen' },
  'GET /regions': { roles: 'iedereen', tenant: 'geen' },
  'GET /regions/{id}': { roles: 'iedereen', tenant: 'geen' },
  'GET /regions/{id}/landscape': { roles: 'iedereen', tenant: 'geen', rijen: ['aanbieder'], velden: { contractregister: except('privacy') } },
  'GET /regions/{id}/care-summary': { roles: except('privacy'), tenant: 'regio', ...own },
  'GET /regions/{id}/youths/{youthId}': { roles: CLIENT_ROLES, tenant: 'regio', persoonsgegevens: true, ...own },
  'POST /ijw/validate': { roles: 'ingelogd', tenant: 'geen' },
  'GET /session': { roles: 'iedereen', tenant: 'geen' },
  'POST /session': { roles: 'iedereen', tenant: 'geen' },
  'DELETE /session': { roles: 'iedereen', tenant: 'geen' },
  'GET /demo-accounts': { roles: 'iedereen', tenant: 'geen' },

  // Access (toegang): the commands a role may give per state are in src/domain/access/commands.ts.
  'POST /regions/{id}/cases': { roles: ['toegang'], tenant: 'regio', persoonsgegevens: true },
  'POST /regions/{id}/cases/{caseId}/commands': { roles: CLIENT_ROLES, tenant: 'regio', persoonsgegevens: true, ...own, velden: { intake: MUNICIPALITY } },
  'POST /regions/{id}/cases/{caseId}/allocations/{nummer}/change': { roles: ['gemeente'], tenant: 'regio', persoonsgegevens: true, ...own },
  'GET /regions/{id}/cases/{caseId}': { roles: CLIENT_ROLES, tenant: 'regio', persoonsgegevens: true, ...own, velden: { intake: MUNICIPALITY } },
  'GET /regions/{id}/worklist': { roles: MUNICIPALITY, tenant: 'regio', persoonsgegevens: true, ...own },

  // Funding.
  'GET /regions/{id}/spend': { roles: FUNDING, tenant: 'regio', ...own },
  'GET /regions/{id}/declarations': { roles: FUNDING, tenant: 'regio', ...own },
  'GET /regions/{id}/declarations/{did}': { roles: FUNDING, tenant: 'regio', persoonsgegevens: true, ...own },
  'GET /regions/{id}/declarations.csv': { roles: FUNDING, tenant: 'regio', ...own },
  'GET /regions/{id}/declarations.xlsx': { roles: FUNDING, tenant: 'regio', ...own },
  'GET /regions/{id}/schedules': { roles: FUNDING, tenant: 'regio', ...own },
  'GET /regions/{id}/budget-framework': { roles: ['gemeente', 'contractmanager', 'controller', 'beleid', 'beheer'], tenant: 'regio', ...own },
  'GET /regions/{id}/demo-funding': { roles: FUNDING, tenant: 'regio' },
  'POST /ijw/declarations': { roles: ['aanbieder', 'beheer'], tenant: 'query', persoonsgegevens: true },

  // iJw messages between municipality and provider.
  'POST /ijw/messages': { roles: ['aanbieder'], tenant: 'query', persoonsgegevens: true },
  'GET /regions/{id}/ijw-requests': { roles: ['gemeente'], tenant: 'regio', persoonsgegevens: true, ...own },
  'POST /regions/{id}/ijw-requests/{rid}/link': { roles: ['gemeente'], tenant: 'regio', persoonsgegevens: true, ...own },
  'POST /regions/{id}/ijw-requests/{rid}/answer': { roles: ['gemeente'], tenant: 'regio', persoonsgegevens: true, ...own },
  'POST /regions/{id}/cases/{caseId}/allocations/{nummer}/jw301': { roles: ['gemeente'], tenant: 'regio', persoonsgegevens: true, ...own },
  'GET /regions/{id}/cases/{caseId}/messages': { roles: CLIENT_ROLES, tenant: 'regio', persoonsgegevens: true, ...own },

  // Procurement: bids, scores and rankings only for procurement roles; a bidder sees its own.
  'GET /regions/{id}/procedures': { roles: PROCEDURE_READERS, tenant: 'regio', rijen: ['aanbieder'] },
  'GET /regions/{id}/procedure-list': { roles: PROCEDURE_READERS, tenant: 'regio', rijen: ['aanbieder'] },
  'GET /regions/{id}/procedure-list.csv': { roles: PROCEDURE_READERS, tenant: 'regio', rijen: ['aanbieder'] },
  'GET /regions/{id}/procedure-list.xlsx': { roles: PROCEDURE_READERS, tenant: 'regio', rijen: ['aanbieder'] },
  'POST /regions/{id}/procedures': { roles: PROCUREMENT, tenant: 'regio' },
  'GET /regions/{id}/procedures/{pid}': { roles: PROCEDURE_READERS, tenant: 'regio', rijen: ['aanbieder'], velden: { inschrijvingen: BIDS } },
  'POST /regions/{id}/procedures/{pid}/config': { roles: PROCUREMENT, tenant: 'regio' },
  'POST /regions/{id}/procedures/{pid}/transitions': { roles: PROCUREMENT, tenant: 'regio' },
  'POST /regions/{id}/procedures/{pid}/applications': {
    roles: [...PROCUREMENT, 'aanbieder'],
    tenant: 'regio',
    rijen: ['aanbieder'],
    velden: { inschrijvingen: BIDS },
  },
  'POST /regions/{id}/procedures/{pid}/applications/{aid}/checks': { roles: PROCUREMENT, tenant: 'regio' },
  'POST /regions/{id}/procedures/{pid}/applications/{aid}/scores': { roles: PROCUREMENT, tenant: 'regio' },
  'POST /regions/{id}/procedures/{pid}/applications/{aid}/tender': {
    roles: [...PROCUREMENT, 'aanbieder'],
    tenant: 'regio',
    rijen: ['aanbieder'],
    velden: { inschrijvingen: BIDS },
  },
  'POST /regions/{id}/procedures/{pid}/applications/{aid}/decision': { roles: PROCUREMENT, tenant: 'regio' },
  'POST /regions/{id}/procedures/{pid}/award-check': { roles: PROCUREMENT, tenant: 'regio' },
  'POST /regions/{id}/procedures/{pid}/award': { roles: PROCUREMENT, tenant: 'regio' },
  'GET /regions/{id}/procedures/{pid}/export.xlsx': { roles: PROCUREMENT, tenant: 'regio' },
  'GET /regions/{id}/procedures/{pid}/export.pdf': { roles: PROCUREMENT, tenant: 'regio' },

  // Contracts, dialogues, providers, market.
  'GET /regions/{id}/contracts': { roles: CONTRACT_READERS, tenant: 'regio', rijen: ['aanbieder'] },
  'GET /regions/{id}/contracts.csv': { roles: CONTRACT_READERS, tenant: 'regio', rijen: ['aanbieder'] },
  'GET /regions/{id}/contracts.xlsx': { roles: CONTRACT_READERS, tenant: 'regio', rijen: ['aanbieder'] },
  'GET /regions/{id}/providers': { roles: CONTRACT_READERS, tenant: 'regio', rijen: ['aanbieder'] },
  'GET /regions/{id}/providers.csv': { roles: CONTRACT_READERS, tenant: 'regio', rijen: ['aanbieder'] },
  'GET /regions/{id}/providers.xlsx': { roles: CONTRACT_READERS, tenant: 'regio', rijen: ['aanbieder'] },
  'GET /regions/{id}/contracts/{cid}': { roles: CONTRACT_READERS, tenant: 'regio', rijen: ['aanbieder'] },
  'POST /regions/{id}/contracts/{cid}/changes': { roles: PROCUREMENT, tenant: 'regio' },
  'POST /regions/{id}/segments/{sid}/changes': { roles: PROCUREMENT, tenant: 'regio' },
  'POST /regions/{id}/contract-changes/{chid}/withdraw': { roles: PROCUREMENT, tenant: 'regio' },
  'POST /regions/{id}/contracts/{cid}/extensions': { roles: PROCUREMENT, tenant: 'regio' },
  'POST /regions/{id}/contracts/{cid}/members': { roles: PROCUREMENT, tenant: 'regio' },
  'DELETE /regions/{id}/contracts/{cid}/members/{mid}': { roles: PROCUREMENT, tenant: 'regio' },
  'GET /regions/{id}/dialogues': { roles: CONTRACT_READERS, tenant: 'regio', rijen: ['aanbieder'] },
  'POST /regions/{id}/dialogues': { roles: PROCUREMENT, tenant: 'regio' },
  'GET /regions/{id}/dialogues/{did}': { roles: CONTRACT_READERS, tenant: 'regio', rijen: ['aanbieder'] },
  'POST /regions/{id}/dialogues/{did}/hold': { roles: PROCUREMENT, tenant: 'regio' },
  'POST /regions/{id}/dialogues/{did}/cancel': { roles: PROCUREMENT, tenant: 'regio' },
  'POST /regions/{id}/dialogue-actions/{aid}/complete': { roles: PROCUREMENT, tenant: 'regio' },
  'GET /regions/{id}/providers/{pid}': { roles: CONTRACT_READERS, tenant: 'regio', rijen: ['aanbieder'] },
  'GET /regions/{id}/market': { roles: REGIONAL, tenant: 'regio' },
  'GET /regions/{id}/market.xlsx': { roles: REGIONAL, tenant: 'regio' },
  'POST /regions/{id}/provider-tiers': { roles: PROCUREMENT, tenant: 'regio' },

  // The audit trail: only the privacy officer of the region.
  'GET /regions/{id}/audit': { roles: ['privacy'], tenant: 'regio' },
  'GET /regions/{id}/audit.csv': { roles: ['privacy'], tenant: 'regio' },

  // Login for API clients and through the organisation's OpenID provider (anonymous by design).
  'POST /tokens': { roles: 'iedereen', tenant: 'geen' },
  'GET /oidc/login': { roles: 'iedereen', tenant: 'geen' },
  'GET /oidc/callback': { roles: 'iedereen', tenant: 'geen' },

  // Daily use: the start page of every role; the worklist as a file (same scope as the list).
  'GET /regions/{id}/my-work': { roles: 'ingelogd', tenant: 'regio', ...own },
  'GET /regions/{id}/worklist.csv': { roles: MUNICIPALITY, tenant: 'regio', persoonsgegevens: true, ...own },
  'GET /regions/{id}/worklist.xlsx': { roles: MUNICIPALITY, tenant: 'regio', persoonsgegevens: true, ...own },
  // The award intention and its standstill: procurement roles only.
  'POST /regions/{id}/procedures/{pid}/intention': { roles: PROCUREMENT, tenant: 'regio' },
  'POST /regions/{id}/procedures/{pid}/intention/actions': { roles: PROCUREMENT, tenant: 'regio' },

  // Steering: outcomes per ended allocation (provider and local team record them), indicators
  // (regional roles the region, a municipality its residents, a provider its own beside anonymised
  // peers), the provider's quarterly report, and the public results page.
  'POST /regions/{id}/allocations/{nummer}/outcome': { roles: ['aanbieder', 'toegang'], tenant: 'regio', ...own },
  'GET /regions/{id}/allocations/{nummer}/outcome': { roles: CLIENT_ROLES, tenant: 'regio', ...own },
  'GET /regions/{id}/kpis': { roles: STEERING, tenant: 'regio', ...own },
  'GET /regions/{id}/kpis.csv': { roles: STEERING, tenant: 'regio', ...own },
  'GET /regions/{id}/kpis.xlsx': { roles: STEERING, tenant: 'regio', ...own },
  'GET /regions/{id}/kpis/{kpiId}/series': { roles: STEERING, tenant: 'regio', ...own },
  'GET /regions/{id}/care-pathways': { roles: STEERING, tenant: 'regio', ...own },
  'GET /regions/{id}/providers/{pid}/kpi-report.pdf': { roles: [...REGIONAL, 'aanbieder'], tenant: 'regio', rijen: ['aanbieder'] },
  'GET /public/regions/{id}/outcomes': { roles: 'iedereen', tenant: 'geen' },

  // Scenario simulation: controller, policy and contract management.
  'GET /regions/{id}/scenarios': { roles: SCENARIOS, tenant: 'regio' },
  'POST /regions/{id}/scenarios': { roles: SCENARIOS, tenant: 'regio' },
  'GET /regions/{id}/scenarios/{ref}/export': { roles: SCENARIOS, tenant: 'regio' },
  'POST /regions/{id}/scenarios/run': { roles: SCENARIOS, tenant: 'regio' },
  'POST /regions/{id}/scenarios/run.xlsx': { roles: SCENARIOS, tenant: 'regio' },
};

/** The matrix key of a Fastify route (`/api/v1/regions/:id` -> `GET /regions/{id}`). */
/** Keys made so far, per method and route pattern (a finite set: asked twice for every request). */
const routeKeys = new Map<string, string>();

export function routeKey(method: string, url: string): string {
  const asked = `${method} ${url}`;
  let key = routeKeys.get(asked);
  if (key === undefined) {
    key = `${method.toUpperCase()} ${url.replace(/^\/api\/v1/, '').replace(/:([A-Za-z]+)/g, '{$1}')}`;
    if (routeKeys.size < 10_000) routeKeys.set(asked, key);
  }
  return key;
}

export type AuthzDecision = { allow: true } | { allow: false; status: 401 | 403 | 404; reason: string };

/** The route-level decision for one caller (before the use case applies row-level scope). */
export function decide(
  rule: RouteRule | undefined,
  user: { role: Role; regionId: string | null } | null,
  region: { path?: string; query?: string },
): AuthzDecision {
  if (!rule) return { allow: false, status: 403, reason: 'deze route staat niet in de autorisatiematrix' };
  if (rule.roles === 'iedereen') return { allow: true };
  if (!user) return { allow: false, status: 401, reason: 'log eerst in' };
  if (rule.roles !== 'ingelogd' && !rule.roles.includes(user.role))
    return { allow: false, status: 403, reason: `uw rol mag dit niet (${roleList(rule.roles)})` };
  const regionParam = rule.tenant === 'regio' ? region.path : rule.tenant === 'query' ? region.query : undefined;
  if (user.regionId !== null && regionParam !== undefined && regionParam !== user.regionId)
    return { allow: false, status: 404, reason: `regio "${regionParam}" is niet zichtbaar voor uw account` };
  return { allow: true };
}

const ROLE_NAMES: Record<Role, string> = {
  toegang: 'lokaal team',
  gemeente: 'gemeente',
  aanbieder: 'aanbieder',
  contractmanager: 'contractmanager',
  controller: 'controller',
  beleid: 'beleidsadviseur',
  beheer: 'functioneel beheer',
  privacy: 'functionaris gegevensbescherming',
};
const roleList = (roles: readonly Role[]) => `alleen ${roles.map((r) => ROLE_NAMES[r]).join(', ')}`;

/** Whether `who` may see a field group on a route (unrestricted when the route does not name it). */
export function fieldVisible(rule: RouteRule, group: FieldGroup, who: Who): boolean {
  const allowed = rule.velden?.[group];
  return !allowed || allowed.includes(who);
}
