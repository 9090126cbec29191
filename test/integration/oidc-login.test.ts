/**
 * OpenID Connect login (issue #10 item 2) against a real OpenID provider running in-process
 * (oidc-provider): authorization code flow with PKCE, state and nonce; the account is provisioned
 * from the claims (role, region, municipality, provider) or made beforehand by an administrator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer } from '../../src/api/server.js';
import { upsertUser } from '../../src/app/auth.js';
import { providers, users } from '../../src/db/schema.js';
import type { OidcConfig } from '../../src/api/config.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';
import { startOidcProvider, type TestAccount, type TestOidc } from '../helpers/oidc-provider.js';

const OIDC_PORT = 3112; // the browser test uses 3111
const APP = 'http://localhost:3102';
const REDIRECT = `${APP}/api/v1/oidc/callback`;
let testDb: TestDb;
let s: Started;
let idp: TestOidc;
const apps: FastifyInstance[] = [];
const accounts: Record<string, TestAccount> = {
  'an.jansen': { name: 'An Jansen', preferred_username: 'an.jansen', regiekamer_rol: 'contractmanager', regiekamer_regio: 'wbo' },
  'bo.devries': { name: 'Bo de Vries', preferred_username: 'bo.devries', regiekamer_rol: 'toegang', regiekamer_regio: 'wbo', regiekamer_gemeente: '0758' },
  'zonder.rol': { name: 'Zonder Rol', preferred_username: 'zonder.rol' },
  'half.rol': { name: 'Half', preferred_username: 'half.rol', regiekamer_rol: 'toegang', regiekamer_regio: 'wbo' },
  'cas.aanbieder': { name: 'Cas', preferred_username: 'cas.aanbieder', regiekamer_rol: 'aanbieder', regiekamer_regio: 'wbo', regiekamer_agb: '98000001' },
  'door.beheerder': { name: 'Door Beheerder', preferred_username: 'door.beheerder' },
};

function oidcConfig(provisioning: 'claims' | 'admin'): OidcConfig {
  return {
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    redirectUrl: REDIRECT,
    claims: {
      role: 'regiekamer_rol',
      region: 'regiekamer_regio',
      municipality: 'regiekamer_gemeente',
      provider: 'regiekamer_agb',
      username: 'preferred_username',
    },
    provisioning,
    scope: 'openid profile regiekamer',
  };
}

async function server(provisioning: 'claims' | 'admin'): Promise<FastifyInstance> {
  const app = await buildServer({ database: s.database, logger: false, security: { oidc: oidcConfig(provisioning) } });
  apps.push(app);
  return app;
}

/** Cookies of one party (the browser's cookie jar at the OpenID provider). */
class Jar {
  private cookies = new Map<string, string>();
  take(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Logs in as a browser would: our /oidc/login, then the provider's login form (any password),
 * back to our callback. Returns the callback's answer (inject) and the session cookie if set.
 */
async function loginThrough(app: FastifyInstance, login: string, opts: { tamperState?: boolean } = {}) {
  const start = await app.inject({ url: '/api/v1/oidc/login' });
  expect(start.statusCode).toBe(302);
  const flowCookie = String(start.headers['set-cookie']).split(';')[0]!;
  const authUrl = new URL(String(start.headers.location));
  expect(authUrl.origin).toBe(idp.issuer);
  expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authUrl.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(authUrl.searchParams.get('state')).toBeTruthy();
  expect(authUrl.searchParams.get('nonce')).toBeTruthy();
  const jar = new Jar();
  let url = authUrl.href;
  let body: URLSearchParams | undefined;
  for (let step = 0; step < 12; step++) {
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: jar.header(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body,
    });
    jar.take(res);
    body = undefined;
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).href;
      if (url.startsWith(REDIRECT)) break;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form at the provider (${res.status}): ${html.slice(0, 300)}`);
    body = new URLSearchParams();
    for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) body.set(m[1]!, m[2]!);
    if (/name="login"/.test(html)) {
      body.set('login', login);
      body.set('password', 'wat-dan-ook');
    }
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
  }
  expect(url.startsWith(REDIRECT)).toBe(true);
  const callback = new URL(url);
  if (opts.tamperState) callback.searchParams.set('state', 'vervalst');
  const res = await app.inject({ url: `/api/v1/oidc/callback${callback.search}`, headers: { cookie: flowCookie } });
  const setCookie = res.headers['set-cookie'];
  const session = (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []).find((c) => c.startsWith('rk_session='))?.split(';')[0];
  return { res, session };
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { today: '2027-03-01' });
  await s.database.db.insert(providers).values({ regionId: 'wbo', agbCode: '98000001', name: 'Jeugdhulp Test BV', kind: 'aanbieder', synthetic: true });
  idp = await startOidcProvider(OIDC_PORT, REDIRECT, accounts);
});

afterAll(async () => {
  for (const a of apps) await a.close();
  await idp?.close();
  await s?.database.close();
  await testDb?.drop();
});

describe('OpenID Connect login, accounts from claims', () => {
  it('logs in through the provider: session cookie, user with role and region from the claims', async () => {
    const app = await server('claims');
    const { res, session } = await loginThrough(app, 'an.jansen');
    expect(res.statusCode, res.body).toBe(302);
    expect(res.headers.location).toBe('/regio/wbo');
    expect(session).toMatch(/^rk_session=/);
    const me = (await app.inject({ url: '/api/v1/session', headers: { cookie: session! } })).json();
    expect(me.user).toMatchObject({ username: 'an.jansen', displayName: 'An Jansen', role: 'contractmanager', regionId: 'wbo' });
    expect(me.login).toEqual({ local: true, oidc: true, demo: false });
    const [row] = await s.database.db.select().from(users).where(eq(users.username, 'an.jansen'));
    expect(row!.passwordHash).toBeNull();
    expect(row!.oidcSubject).toBe(`${idp.issuer} an.jansen`);
  });

  it('a municipality role gets its municipality; a provider role its provider by AGB code', async () => {
    const app = await server('claims');
    const bo = await loginThrough(app, 'bo.devries');
    expect((await app.inject({ url: '/api/v1/session', headers: { cookie: bo.session! } })).json().user).toMatchObject({
      role: 'toegang',
      municipalityCode: '0758',
      municipalityName: 'Breda',
    });
    const cas = await loginThrough(app, 'cas.aanbieder');
    expect((await app.inject({ url: '/api/v1/session', headers: { cookie: cas.session! } })).json().user).toMatchObject({
      role: 'aanbieder',
      providerName: 'Jeugdhulp Test BV',
    });
  });

  it('without a role, or with a role missing its scope: 403 problem+json, no session, no account', async () => {
    const app = await server('claims');
    for (const login of ['zonder.rol', 'half.rol']) {
      const { res, session } = await loginThrough(app, login);
      expect(res.statusCode, login).toBe(403);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(session).toBeUndefined();
      expect(await s.database.db.select().from(users).where(eq(users.username, login))).toHaveLength(0);
    }
  });

  it('a tampered state or a callback without the flow cookie is refused', async () => {
    const app = await server('claims');
    const { res, session } = await loginThrough(app, 'an.jansen', { tamperState: true });
    expect([400, 401]).toContain(res.statusCode);
    expect(session).toBeUndefined();
    const bare = await app.inject({ url: '/api/v1/oidc/callback?code=abc&state=def' });
    expect(bare.statusCode).toBe(400);
    expect(bare.headers['content-type']).toMatch(/problem\+json/);
  });

  it('without OIDC configuration the routes do not exist and /session says so', async () => {
    const plain = await buildServer({ database: s.database, logger: false });
    apps.push(plain);
    expect((await plain.inject('/api/v1/oidc/login')).statusCode).toBe(404);
    expect((await plain.inject('/api/v1/session')).json().login).toEqual({ local: true, oidc: false, demo: false });
  });
});

describe('OpenID Connect login, accounts made by an administrator', () => {
  it('no account: 403; after `users add --oidc` (no password) the identity is linked on first login', async () => {
    const app = await server('admin');
    expect((await loginThrough(app, 'door.beheerder')).res.statusCode).toBe(403);
    await upsertUser(s.database.db, { username: 'door.beheerder', displayName: 'Door (beheer)', role: 'beleid', password: null, regionId: 'wbo' });
    const { res, session } = await loginThrough(app, 'door.beheerder');
    expect(res.statusCode, res.body).toBe(302);
    expect((await app.inject({ url: '/api/v1/session', headers: { cookie: session! } })).json().user).toMatchObject({
      username: 'door.beheerder',
      role: 'beleid',
    });
    const [row] = await s.database.db.select().from(users).where(eq(users.username, 'door.beheerder'));
    expect(row!.oidcSubject).toBe(`${idp.issuer} door.beheerder`);
  });
});
