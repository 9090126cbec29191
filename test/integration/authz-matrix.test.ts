/**
 * The authorisation matrix (src/api/authz-matrix.ts, issue #10 "least privilege from one table")
 * checked against the running API: generated from the OpenAPI document, every route is called as
 * every role of WBO, anonymously and as the same role of another region (Holland Rijnland). Fails on
 * (a) a route missing from the matrix, (b) a status that disagrees with the matrix, (c) a field
 * group in an answer that the matrix does not allow for that caller. Runs on PGlite and, with
 * DATABASE_URL, on PostgreSQL. One demo database for the whole file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer } from '../../src/api/server.js';
import { upsertUser } from '../../src/app/auth.js';
import { AUTHZ_MATRIX, FIELD_GROUPS, fieldVisible, type FieldGroup, type RouteRule, type Who } from '../../src/api/authz-matrix.js';
import { ROLES, type Role } from '../../src/domain/access/roles.js';
import { auditLog, contracts, users } from '../../src/db/schema.js';
import { applications, consortiumMembers, contractChanges, dialogueActions, dialogues, procedures } from '../../src/db/schema-procurement.js';
import { isValidBsn } from '../../src/domain/people/bsn.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
let testDb: TestDb;
let s: Started;
let app: FastifyInstance;
const tokens: Record<string, string> = {};
let routes: { method: string; path: string; body: 'json' | 'xml' | 'none' }[] = [];
const ids: Record<string, string> = {};
let P1 = 0;
let P2 = 0;

const username = (role: Role, region: string) => (role === 'beheer' ? 'beheer' : `${role}.${region}`);
async function login(user: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username: user, password: 'demo' } });
  expect(res.statusCode, `${user}: ${res.body}`).toBe(201);
  return res.json().token;
}
const auth = (user: string | null) => (user ? { authorization: `Bearer ${tokens[user]}` } : {});

/** Path with real ids of WBO (params named alike differ per resource: {pid} procedure or provider). */
function urlOf(path: string): string {
  const filled = path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (name === 'id') return 'wbo';
    if (name === 'pid') return path.includes('/providers/') ? String(P1) : ids.procedure!;
    if (name === 'did') return path.includes('/dialogues/') ? ids.dialogue! : ids.declaration!;
    if (name === 'aid') return path.includes('/dialogue-actions/') ? ids.dialogueAction! : ids.application!;
    return ids[name] ?? '1';
  });
  const query: Record<string, string> = {};
  if (/\/(cases\/\{caseId\}|youths\/\{youthId\})(\/messages)?$/.test(path)) query.purpose = 'regievoering';
  if (path.startsWith('/ijw/declarations') || path.startsWith('/ijw/messages')) query.region = 'wbo';
  const qs = new URLSearchParams(query).toString();
  return `/api/v1${filled}${qs ? `?${qs}` : ''}`;
}

async function call(route: (typeof routes)[number], user: string | null) {
  const headers: Record<string, string> = { ...(auth(user) as Record<string, string>) };
  let payload: string | undefined;
  if (route.body === 'json') {
    headers['content-type'] = 'application/json';
    payload = '{}';
  } else if (route.body === 'xml') {
    headers['content-type'] = 'application/xml';
    payload = '<leeg/>';
  }
  return app.inject({ method: route.method as 'GET', url: urlOf(route.path), headers, payload });
}

/** Keys (any depth) whose value says something: not null, not an empty array or object. */
function shownKeys(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) shownKeys(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const empty =
        x === null ||
        x === undefined ||
        (Array.isArray(x) && x.length === 0) ||
        (typeof x === 'object' && x !== null && !Array.isArray(x) && Object.keys(x).length === 0);
      if (!empty) out.add(k);
      shownKeys(x, out);
    }
  }
  return out;
}

/** Every field group the answer shows that the matrix does not allow `who` to see. */
function leaks(rule: RouteRule, who: Who, body: unknown): string[] {
  const keys = shownKeys(body);
  const out: string[] = [];
  for (const group of Object.keys(FIELD_GROUPS) as FieldGroup[]) {
    if (fieldVisible(rule, group, who)) continue;
    for (const k of FIELD_GROUPS[group]) if (keys.has(k)) out.push(`${group}.${k}`);
  }
  return out;
}

function allowedFor(rule: RouteRule, role: Role | null): boolean {
  if (rule.roles === 'iedereen') return true;
  if (role === null) return false;
  return rule.roles === 'ingelogd' || rule.roles.includes(role);
}

const BSNS = (() => {
  const out: string[] = [];
  for (let n = 999_700_000; out.length < 2; n++) if (isValidBsn(String(n))) out.push(String(n));
  return out;
})();

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { demo: ['wbo', 'holland-rijnland'], today: TODAY, scale: 0.02 });
  app = await buildServer({ database: s.database, demo: true, now: () => new Date(`${TODAY}T09:00:00Z`) });
  const db = s.database.db;
  const doc = (await app.inject('/api/v1/openapi.json')).json() as {
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
  };
  routes = Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.entries(ops).map(([m, op]) => ({
      method: m.toUpperCase(),
      path: p.replace(/^\/api\/v1/, ''),
      body: (op.requestBody?.content['application/json']
        ? 'json'
        : /\/ijw\/(validate|declarations|messages)$/.test(p)
          ? 'xml'
          : m === 'post'
            ? 'json'
            : 'none') as 'json' | 'xml' | 'none',
    })),
  );
  for (const region of ['wbo', 'holland-rijnland'])
    for (const role of ROLES) if (!(role === 'beheer' && region !== 'wbo')) tokens[username(role, region)] = await login(username(role, region));

  // A case of the WBO team's municipality with allocations to the demo provider (P1) and another (P2).
  P1 = (await db.select({ id: users.providerId }).from(users).where(eq(users.username, 'aanbieder.wbo')))[0]!.id!;
  const seg = 'specialistische-ambulante-behandeling';
  const [other] = await db
    .select({ id: contracts.providerId })
    .from(contracts)
    .where(and(eq(contracts.regionId, 'wbo'), eq(contracts.segmentId, seg), sql`${contracts.providerId} <> ${P1}`))
    .orderBy(asc(contracts.providerId))
    .limit(1);
  P2 = other!.id;
  await upsertUser(db, { username: 'aanbieder2.wbo', displayName: 'Tweede aanbieder', role: 'aanbieder', password: 'demo', regionId: 'wbo', providerId: P2 });
  tokens['aanbieder2.wbo'] = await login('aanbieder2.wbo');
  const post = async (user: string, url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url, headers: auth(user), payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const created = await post('toegang.wbo', '/api/v1/regions/wbo/cases', {
    youth: { bsn: BSNS[0], givenName: 'Matrix', familyName: 'Proef', birthDate: '2012-03-04', gender: '1' },
    hulpvraag: 'Zorgen over thuissituatie (melding)',
    crisis: false,
    regievoerder: 'toegang.wbo',
  });
  const caseUrl = `/api/v1/regions/wbo/cases/${created.id}/commands`;
  await post('toegang.wbo', caseUrl, {
    command: { type: 'triage', uitkomsten: ['niet-vrij-toegankelijk'], complexiteit: 'meervoudig', domeinoverstijgend: false },
  });
  await post('toegang.wbo', caseUrl, {
    command: { type: 'mdo', mdo: { datum: TODAY, deelnemers: ['slt', 'aanbieder'], overeenstemming: true, afweging: 'Vertrouwelijke afweging van het MDO' } },
  });
  await post('toegang.wbo', caseUrl, { command: { type: 'verwijzing', verwijzing: { datum: TODAY, verwijzer: '01', segmentId: seg, kader: 'vrijwillig' } } });
  await post('gemeente.wbo', caseUrl, {
    command: { type: 'beschikking', beschikking: { verwijzingId: 1, segmentId: seg, ingangsdatum: '2026-12-01', einddatum: '2027-05-31', besluitDoor: 'slt' } },
  });
  let view;
  for (const providerId of [P1, P2])
    view = await post('gemeente.wbo', caseUrl, {
      command: {
        type: 'toewijzing',
        toewijzing: { beschikkingId: 1, segmentId: seg, providerId, productCategorie: '54', ingangsdatum: '2026-12-01', einddatum: '2027-05-31' },
      },
    });
  ids.caseId = String(created.id);
  ids.youthId = String(created.youthId);
  ids.nummer = String(view.state.toewijzingen.find((t: { providerId: number }) => t.providerId === P1).nummer);

  const [proc] = await db
    .select({ id: procedures.id })
    .from(procedures)
    .innerJoin(applications, eq(applications.procedureId, procedures.id))
    .where(eq(procedures.regionId, 'wbo'))
    .orderBy(asc(procedures.id))
    .limit(1);
  ids.procedure = String(proc!.id);
  const [appRow] = await db
    .select({ id: applications.id })
    .from(applications)
    .where(eq(applications.procedureId, proc!.id))
    .orderBy(asc(applications.id))
    .limit(1);
  ids.application = String(appRow!.id);
  const [contract] = await db
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(eq(contracts.regionId, 'wbo'), eq(contracts.providerId, P1)))
    .orderBy(asc(contracts.id))
    .limit(1);
  ids.cid = String(contract!.id);
  const [member] = await db
    .select({ id: consortiumMembers.id, contractId: consortiumMembers.contractId })
    .from(consortiumMembers)
    .where(and(eq(consortiumMembers.regionId, 'wbo'), isNotNull(consortiumMembers.contractId)))
    .limit(1);
  ids.mid = String(member?.id ?? 1);
  const [change] = await db.select({ id: contractChanges.id }).from(contractChanges).where(eq(contractChanges.regionId, 'wbo')).limit(1);
  ids.chid = String(change?.id ?? 1);
  const [dialogue] = await db.select({ id: dialogues.id }).from(dialogues).where(eq(dialogues.regionId, 'wbo')).limit(1);
  ids.dialogue = String(dialogue?.id ?? 1);
  const [action] = await db.select({ id: dialogueActions.id }).from(dialogueActions).limit(1);
  ids.dialogueAction = String(action?.id ?? 1);
  ids.declaration = '1';
  ids.rid = '1';
  ids.sid = 'slt';
  ids.kpiId = 'uitval';
}, 600_000);

afterAll(async () => {
  await app?.close();
  await s?.database.close();
  await testDb?.drop();
});

describe('every route of the OpenAPI document is in the matrix', () => {
  it('(a) no route is missing, and the matrix names no route that does not exist', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(keys.length).toBeGreaterThan(50);
    expect(keys.filter((k) => !AUTHZ_MATRIX[k])).toEqual([]);
    // GET /regions/{id} is not in the document; the OpenID Connect routes exist only when OIDC is configured.
    const hidden = ['GET /regions/{id}', 'GET /oidc/login', 'GET /oidc/callback'];
    expect(Object.keys(AUTHZ_MATRIX).filter((k) => !keys.includes(k) && !hidden.includes(k))).toEqual([]);
  });
});

describe('(b) status and (c) fields agree with the matrix: every route, every role, anonymous and another region', () => {
  it('reads (GET) with real ids', async () => {
    const problems: string[] = [];
    const resourceMissing = (path: string) =>
      /declarations\/\{did\}|ijw-requests\/\{rid\}|scenarios\/\{ref\}/.test(path) || (ids.chid === '1' && path.includes('{chid}'));
    for (const route of routes.filter((r) => r.method === 'GET')) {
      const rule = AUTHZ_MATRIX[`${route.method} ${route.path}`]!;
      const callers: [string | null, Role | null, 'eigen' | 'vreemd'][] = [
        [null, null, 'eigen'],
        ...ROLES.map((r) => [username(r, 'wbo'), r, 'eigen'] as [string, Role, 'eigen']),
        ...ROLES.filter((r) => r !== 'beheer').map((r) => [username(r, 'holland-rijnland'), r, 'vreemd'] as [string, Role, 'vreemd']),
      ];
      for (const [user, role, tenant] of callers) {
        const res = await call(route, user);
        const label = `${route.method} ${route.path} as ${user ?? 'anoniem'}: ${res.statusCode}`;
        if (res.statusCode >= 500) {
          problems.push(`${label} ${res.body.slice(0, 200)}`);
          continue;
        }
        const allowed = allowedFor(rule, role);
        if (!allowed) {
          if (res.statusCode !== (role === null ? 401 : 403)) problems.push(`${label}, matrix: geweigerd`);
          continue;
        }
        if (tenant === 'vreemd' && rule.tenant !== 'geen') {
          if (res.statusCode !== 404) problems.push(`${label}, matrix: andere regio 404`);
          continue;
        }
        const mayBeAbsent = (role !== null && rule.rijen?.includes(role)) || resourceMissing(route.path);
        if (res.statusCode !== 200 && !(mayBeAbsent && res.statusCode === 404)) {
          problems.push(`${label}, matrix: toegestaan ${res.body.slice(0, 200)}`);
          continue;
        }
        if (res.statusCode === 200 && /json/.test(String(res.headers['content-type']))) {
          // A user of another region reads a region-independent route as the public does.
          const who: Who = role === null || tenant === 'vreemd' ? 'anoniem' : role;
          const leaked = leaks(rule, who, res.json());
          if (leaked.length) problems.push(`${label}, velden die de matrix niet toestaat: ${leaked.join(', ')}`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 600_000);

  it('commands (POST, DELETE) are refused before their body is read for roles the matrix does not allow', async () => {
    const problems: string[] = [];
    for (const route of routes.filter((r) => r.method !== 'GET' && r.path !== '/session')) {
      const rule = AUTHZ_MATRIX[`${route.method} ${route.path}`]!;
      const callers: [string | null, Role | null, 'eigen' | 'vreemd'][] = [
        [null, null, 'eigen'],
        ...ROLES.map((r) => [username(r, 'wbo'), r, 'eigen'] as [string, Role, 'eigen']),
        ...ROLES.filter((r) => r !== 'beheer').map((r) => [username(r, 'holland-rijnland'), r, 'vreemd'] as [string, Role, 'vreemd']),
      ];
      for (const [user, role, tenant] of callers) {
        const res = await call(route, user);
        const label = `${route.method} ${route.path} as ${user ?? 'anoniem'}: ${res.statusCode}`;
        if (res.statusCode >= 500) problems.push(`${label} ${res.body.slice(0, 200)}`);
        else if (!allowedFor(rule, role)) {
          if (res.statusCode !== (role === null ? 401 : 403)) problems.push(`${label}, matrix: geweigerd`);
        } else if (tenant === 'vreemd' && rule.tenant !== 'geen') {
          if (res.statusCode !== 404) problems.push(`${label}, matrix: andere regio 404`);
        }
        // A declaration without an Afzender of one's own is refused on its content (403), not on the role.
        else if (route.path === '/ijw/declarations' && res.statusCode === 403 && /Afzender/.test(res.body)) continue;
        else if (res.statusCode === 401 || res.statusCode === 403) problems.push(`${label}, matrix: toegestaan ${res.body.slice(0, 200)}`);
      }
    }
    expect(problems).toEqual([]);
  }, 600_000);
});

describe('row-level: a bidder and a provider see only their own', () => {
  it('a bidder sees only its own applications, never another bidder’s price, and no ranking', async () => {
    for (const user of ['aanbieder.wbo', 'aanbieder2.wbo']) {
      const own = user === 'aanbieder.wbo' ? P1 : P2;
      const d = (await app.inject({ url: `/api/v1/regions/wbo/procedures/${ids.procedure}`, headers: auth(user) })).json();
      expect(d.applications.every((a: { providerId: number }) => a.providerId === own)).toBe(true);
      expect(d.ranking).toBeNull();
      expect(d.awards.every((a: { providerId: number }) => a.providerId === own)).toBe(true);
    }
    // The contract manager sees every application of the demo tender (more than one bidder).
    const cm = (await app.inject({ url: `/api/v1/regions/wbo/procedures/${ids.procedure}`, headers: auth('contractmanager.wbo') })).json();
    expect(new Set(cm.applications.map((a: { providerId: number }) => a.providerId)).size).toBeGreaterThan(1);
  });

  it('toegang and gemeente get no procedure, no export (issue #10 leak)', async () => {
    for (const user of ['toegang.wbo', 'gemeente.wbo']) {
      for (const url of ['', '/export.xlsx', '/export.pdf'])
        expect((await app.inject({ url: `/api/v1/regions/wbo/procedures/${ids.procedure}${url}`, headers: auth(user) })).statusCode).toBe(403);
    }
  });

  it('a provider reading a case sees its own allocation and not the help question, MDO or the other provider’s allocation', async () => {
    const res = await app.inject({ url: `/api/v1/regions/wbo/cases/${ids.caseId}?purpose=zorglevering`, headers: auth('aanbieder.wbo') });
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    expect(c.state.toewijzingen.map((t: { providerId: number }) => t.providerId)).toEqual([P1]);
    expect(res.body).not.toContain('Zorgen over thuissituatie');
    expect(res.body).not.toContain('Vertrouwelijke afweging');
    expect(c.state.hulpvraag).toBeUndefined();
    expect(c.state.mdos).toBeUndefined();
    // The team sees the whole case.
    const team = (await app.inject({ url: `/api/v1/regions/wbo/cases/${ids.caseId}?purpose=regievoering`, headers: auth('toegang.wbo') })).json();
    expect(team.state.hulpvraag).toBe('Zorgen over thuissituatie (melding)');
    expect(team.state.toewijzingen).toHaveLength(2);
  });

  it('anonymous landscape: segments, lots and products, no contract register; a logged-in contract manager gets the register', async () => {
    const anon = (await app.inject({ url: '/api/v1/regions/wbo/landscape' })).json();
    expect(anon.segments.length).toBeGreaterThan(0);
    expect(anon.segments.some((sg: { products: unknown[] }) => sg.products.length > 0)).toBe(true);
    expect(JSON.stringify(anon)).not.toMatch(/agbCode/);
    const cm = (await app.inject({ url: '/api/v1/regions/wbo/landscape', headers: auth('contractmanager.wbo') })).json();
    expect(cm.segments.flatMap((sg: { contracts: unknown[] }) => sg.contracts).length).toBeGreaterThan(10);
    const own = (await app.inject({ url: '/api/v1/regions/wbo/landscape', headers: auth('aanbieder.wbo') })).json();
    expect(own.segments.flatMap((sg: { contracts: { providerId: number }[] }) => sg.contracts).every((c: { providerId: number }) => c.providerId === P1)).toBe(
      true,
    );
  });

  it('refused reads of personal data are in the trail (who, what, refused)', async () => {
    const db = s.database.db;
    const rows = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, 'case'), eq(auditLog.subjectId, ids.caseId!), eq(auditLog.outcome, 'geweigerd')));
    const who = new Set(rows.map((r) => r.username));
    // Regional roles (matrix), the other provider (out of scope) and another region's team.
    expect(who.has('contractmanager.wbo')).toBe(true);
    expect(who.has('toegang.holland-rijnland')).toBe(true);
    expect(who.has('anoniem')).toBe(true);
  });
});
