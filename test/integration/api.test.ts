/**
 * The HTTP API end to end (Fastify inject) on a fresh database with a small WBO and Holland
 * Rijnland demo population: landscape, OpenAPI, problem+json errors, sessions, tenancy, audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq, ne, sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer } from '../../src/api/server.js';
import { auditLog, providers, trajectories, youths } from '../../src/db/schema.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
let testDb: TestDb;
let s: Started;
let app: FastifyInstance;

async function loginAs(username: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username, password: 'demo' } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().token as string;
}
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { demo: ['wbo', 'holland-rijnland'], today: TODAY, scale: 0.04 });
  app = await buildServer({ database: s.database, demo: true, now: () => new Date(`${TODAY}T12:00:00Z`) });
});

afterAll(async () => {
  await app?.close();
  await s?.database.close();
  await testDb?.drop();
});

describe('landscape API', () => {
  it('lists the five seed regions', async () => {
    const res = await app.inject('/api/v1/regions');
    expect(res.statusCode).toBe(200);
    const ids = res
      .json()
      .regions.map((r: { id: string }) => r.id)
      .sort();
    expect(ids).toEqual(['haaglanden', 'hart-van-brabant', 'holland-rijnland', 'regio-2021', 'wbo']);
    const wbo = res.json().regions.find((r: { id: string }) => r.id === 'wbo');
    expect(wbo).toMatchObject({ municipalityCount: 5, segmentCount: 6, hasDemo: true });
  });

  it('seed 003: WBO landscape has 7 SLTs, 3 SLT lots with distinct partners for lots 2 and 3, and funding per task area', async () => {
    // The contract register is for logged-in roles (issue #10); anonymous readers get the published landscape.
    const anon = (await app.inject('/api/v1/regions/wbo/landscape')).json();
    expect(anon.segments.flatMap((x: { contracts: unknown[] }) => x.contracts)).toEqual([]);
    const res = await app.inject({ url: '/api/v1/regions/wbo/landscape', headers: auth(await loginAs('contractmanager.wbo')) });
    expect(res.statusCode).toBe(200);
    const l = res.json();
    expect(l.areas.filter((a: { kind: string }) => a.kind === 'slt')).toHaveLength(7);
    const slt = l.segments.find((x: { id: string }) => x.id === 'slt');
    expect(slt.funding.variant).toBe('taakgericht');
    expect(slt.lots.map((x: { id: string }) => x.id)).toEqual(['p1', 'p2', 'p3']);
    expect(slt.contractRules.term).toMatchObject({ years: 5, extensions: [1, 1], maxTotalYears: 7 });
    const owner = (lot: string) => new Set(slt.lots.find((x: { id: string }) => x.id === lot).contracts.map((c: { providerId: number }) => c.providerId));
    const [p2, p3] = [owner('p2'), owner('p3')];
    expect(p2.size).toBe(1);
    expect([...p2].some((id) => p3.has(id))).toBe(false);
    const spec = l.segments.find((x: { id: string }) => x.id === 'specialistische-ambulante-behandeling');
    expect(spec.funding.variant).toBe('inspanningsgericht');
    expect(spec.contractRules.partners.max).toBe(20);
    expect(spec.providers.length).toBeGreaterThan(0);
    expect(spec.providers.length).toBeLessThanOrEqual(20);
    for (const seg of l.segments) expect(seg).toHaveProperty('contractRules');
  });

  it('the landscape is kept per region data version: a contract changed by any write shows at the next request (issue #14, migration 0019)', async () => {
    const headers = auth(await loginAs('contractmanager.wbo'));
    type View = { segments: { contracts: { id: number; endDate: string }[] }[] };
    const endOf = (l: View, id: number) => l.segments.flatMap((x) => x.contracts).find((c) => c.id === id)?.endDate;
    const before = (await app.inject({ url: '/api/v1/regions/wbo/landscape', headers })).json() as View;
    const c = before.segments.flatMap((x) => x.contracts)[0]!;
    expect((await app.inject({ url: '/api/v1/regions/wbo/landscape', headers })).json()).toEqual(before);
    try {
      await s.database.db.execute(sql`update contracts set end_date = '2039-12-31' where id = ${c.id}`);
      expect(endOf((await app.inject({ url: '/api/v1/regions/wbo/landscape', headers })).json() as View, c.id)).toBe('2039-12-31');
    } finally {
      await s.database.db.execute(sql`update contracts set end_date = ${c.endDate} where id = ${c.id}`);
    }
    expect(endOf((await app.inject({ url: '/api/v1/regions/wbo/landscape', headers })).json() as View, c.id)).toBe(c.endDate);
  });

  it('seed 004: Holland Rijnland landscape has 9 municipalities in 2 subregions and 7 segments', async () => {
    const l = (await app.inject('/api/v1/regions/holland-rijnland/landscape')).json();
    expect(l.municipalities).toHaveLength(9);
    expect(l.subregions).toHaveLength(2);
    expect(l.segments).toHaveLength(7);
    expect(l.hasBudgetFramework).toBe(true);
  });

  it('publishes an OpenAPI 3 document with the landscape path', async () => {
    const doc = (await app.inject('/api/v1/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/v1/regions/{id}/landscape');
    expect(Object.keys(doc.paths)).toContain('/api/v1/regions/{id}/care-summary');
  });
});

describe('bad input gets problem+json', () => {
  it.each([
    ['/api/v1/regions/nope/landscape', 404],
    ['/api/v1/regions/NOT%20VALID/landscape', 400],
    ['/api/v1/does-not-exist', 404],
  ])('%s -> %i', async (url, status) => {
    const res = await app.inject(url);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  });

  it('rejects a malformed login body and a wrong password without saying which', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/v1/session', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    const extra = await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username: 'x', password: 'y', admin: true } });
    expect(extra.statusCode).toBe(400);
    const wrong = await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username: 'contractmanager.wbo', password: 'nope' } });
    const unknown = await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username: 'nobody', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().detail).toBe(wrong.json().detail);
  });

  it('needs a purpose to read a youth', async () => {
    const token = await loginAs('toegang.wbo');
    const res = await app.inject({ url: '/api/v1/regions/wbo/youths/1', headers: auth(token) });
    expect(res.statusCode).toBe(400);
  });
});

describe('sessions, roles and tenancy', () => {
  it('care use needs a login', async () => {
    const res = await app.inject('/api/v1/regions/wbo/care-summary');
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('a session cookie identifies the user; logout ends it', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'controller.wbo', password: 'demo' } });
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toMatch(/^rk_session=/);
    expect(res.json()).not.toHaveProperty('token'); // a browser login gets only the HttpOnly cookie
    expect((await app.inject({ url: '/api/v1/session', headers: { cookie } })).json().user.role).toBe('controller');
    const out = await app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie, origin: 'http://localhost:80' } });
    expect(out.statusCode).toBe(204);
    expect((await app.inject({ url: '/api/v1/session', headers: { cookie } })).json().user).toBeNull();
  });

  it('a municipality user sees only its own municipality, a regional role the whole region', async () => {
    const region = (await app.inject({ url: '/api/v1/regions/wbo/care-summary', headers: auth(await loginAs('contractmanager.wbo')) })).json();
    const local = (await app.inject({ url: '/api/v1/regions/wbo/care-summary', headers: auth(await loginAs('gemeente.wbo')) })).json();
    const codes = new Set(local.byMunicipality.map((r: { municipalityCode: string }) => r.municipalityCode));
    expect([...codes]).toEqual(['0758']); // Breda, the largest municipality, is the demo account's scope
    expect(local.scope).toBe('gemeente Breda');
    expect(local.scopeDetail).toEqual({ kind: 'municipality', regionId: 'wbo', municipalityCode: '0758' });
    expect(new Set(region.byMunicipality.map((r: { municipalityCode: string }) => r.municipalityCode)).size).toBe(5);
    const total = (x: { byYear: { youths: number }[] }) => x.byYear.reduce((a, r) => a + r.youths, 0);
    expect(total(local)).toBeLessThan(total(region));
  });

  it('limits care use to the requested years and rejects a nonsense year', async () => {
    const token = await loginAs('controller.wbo');
    const res = (await app.inject({ url: '/api/v1/regions/wbo/care-summary?from=2025&to=2026', headers: auth(token) })).json();
    expect(res.years).toEqual([2025, 2026]);
    expect(res.bySegment.every((r: { year: number }) => r.year >= 2025)).toBe(true);
    const bad = await app.inject({ url: '/api/v1/regions/wbo/care-summary?from=soon', headers: auth(token) });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
  });

  it('a user of another region sees nothing of this region', async () => {
    const res = await app.inject({ url: '/api/v1/regions/wbo/care-summary', headers: auth(await loginAs('contractmanager.holland-rijnland')) });
    // Another region's routes are not found for this account (the authorisation matrix, issue #10).
    expect(res.statusCode).toBe(404);
  });

  it('a provider sees only its own clients and contracts', async () => {
    const token = await loginAs('aanbieder.wbo');
    const me = (await app.inject({ url: '/api/v1/session', headers: auth(token) })).json().user;
    expect(me.providerName).toEqual(expect.any(String));
    const db = s.database.db;
    const [own] = await db
      .select({ youthId: trajectories.youthId })
      .from(trajectories)
      .where(and(eq(trajectories.regionId, 'wbo'), eq(trajectories.providerId, me.providerId)))
      .limit(1);
    const [other] = await db
      .select({ id: youths.id })
      .from(youths)
      .where(
        and(eq(youths.regionId, 'wbo'), sql`not exists (select 1 from ${trajectories} t where t.youth_id = ${youths.id} and t.provider_id = ${me.providerId})`),
      )
      .limit(1);
    const ok = await app.inject({ url: `/api/v1/regions/wbo/youths/${own!.youthId}?purpose=zorglevering`, headers: auth(token) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().trajectories.every((t: { providerName: string }) => t.providerName)).toBe(true);
    const denied = await app.inject({ url: `/api/v1/regions/wbo/youths/${other!.id}?purpose=zorglevering`, headers: auth(token) });
    expect(denied.statusCode).toBe(404);

    const landscape = (await app.inject({ url: '/api/v1/regions/wbo/landscape', headers: auth(token) })).json();
    const providerIds = new Set(landscape.segments.flatMap((x: { contracts: { providerId: number }[] }) => x.contracts.map((c) => c.providerId)));
    expect([...providerIds]).toEqual([me.providerId]);
    const summary = (await app.inject({ url: '/api/v1/regions/wbo/care-summary', headers: auth(token) })).json();
    for (const c of summary.providerConcentration) expect(c.providerCount).toBe(1);
  });

  it('a professional reads only youths of its municipality; a contract manager reads no personal data', async () => {
    const token = await loginAs('toegang.wbo');
    const db = s.database.db;
    const [own] = await db
      .select({ id: youths.id })
      .from(youths)
      .where(and(eq(youths.regionId, 'wbo'), eq(youths.municipalityCode, '0758')))
      .limit(1);
    const [other] = await db
      .select({ id: youths.id })
      .from(youths)
      .where(and(eq(youths.regionId, 'wbo'), ne(youths.municipalityCode, '0758')))
      .limit(1);
    expect((await app.inject({ url: `/api/v1/regions/wbo/youths/${own!.id}?purpose=hulpvraag`, headers: auth(token) })).statusCode).toBe(200);
    expect((await app.inject({ url: `/api/v1/regions/wbo/youths/${other!.id}?purpose=hulpvraag`, headers: auth(token) })).statusCode).toBe(404);
    const cm = await loginAs('contractmanager.wbo');
    expect((await app.inject({ url: `/api/v1/regions/wbo/youths/${own!.id}?purpose=inkoop`, headers: auth(cm) })).statusCode).toBe(403);
  });

  it('every read of personal data is audit-logged, with a masked BSN and no BSN in the log', async () => {
    const token = await loginAs('toegang.wbo');
    const db = s.database.db;
    const [y] = await db
      .select()
      .from(youths)
      .where(and(eq(youths.regionId, 'wbo'), eq(youths.municipalityCode, '0758')))
      .limit(1);
    const res = await app.inject({ url: `/api/v1/regions/wbo/youths/${y!.id}?purpose=triage%20hulpvraag`, headers: auth(token) });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(y!.bsn);
    expect(res.json().bsnMasked).toBe(`******${y!.bsn.slice(-3)}`);
    const entries = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, 'youth'), eq(auditLog.subjectId, String(y!.id))));
    const last = entries.at(-1)!;
    expect(last).toMatchObject({ username: 'toegang.wbo', action: 'read', regionId: 'wbo', purpose: 'triage hulpvraag' });
    expect(JSON.stringify(entries)).not.toContain(y!.bsn);
  });

  it('lists the demo accounts in demo mode, one per role', async () => {
    const accounts = (await app.inject('/api/v1/demo-accounts')).json().accounts;
    const roles = new Set(accounts.filter((a: { regionId: string }) => a.regionId === 'wbo').map((a: { role: string }) => a.role));
    expect([...roles].sort()).toEqual(['aanbieder', 'contractmanager', 'controller', 'beleid', 'gemeente', 'privacy', 'toegang'].sort());
    // Their scope by name, as the login list shows it: the region's name, a municipality's name, never a code or id.
    const scopeOf = (username: string) => accounts.find((a: { username: string }) => a.username === username)?.scope;
    expect(scopeOf('contractmanager.wbo')).toBe('Regio West-Brabant Oost Jeugd');
    expect(scopeOf('aanbieder.wbo')).toBe('Regio West-Brabant Oost Jeugd');
    for (const a of accounts as { scope: string }[]) expect(a.scope).not.toMatch(/\d{4}|\bwbo\b|holland-rijnland/);
  });
});

describe('demo data', () => {
  it('every provider holding a contract exists in the same region', async () => {
    const rows = await s.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(providers)
      .where(eq(providers.regionId, 'wbo'));
    expect(Number(rows[0]!.n)).toBeGreaterThan(20);
  });
});
