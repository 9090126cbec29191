/**
 * Issue #14 (200 concurrent clients): the heavy list and dashboard answers are kept per region data
 * version and caller scope (src/api/kept-answers.ts). What must hold:
 *
 * - a kept answer changes at the next request when its data changes, written through a use case
 *   (HTTP) or by plain SQL on a table the answer reads (triggers of migrations 0014/0019/0022/0027 bump
 *   the versions of their kinds in the region; the plain-SQL cases on contract_changes, declarations and procedures fail
 *   without migration 0022);
 * - it is never served to a caller with another scope (provider against region, anonymous against
 *   logged in, another region's user gets the matrix's 404 and no bytes);
 * - strong ETag: the same bytes have the same ETag, If-None-Match answers 304 without a body, a
 *   stale ETag gets the new answer; gzip when asked, the same JSON;
 * - no kept route reads personal data (each read of personal data is audited per request);
 * - HTTP caching: kept answers are `private, no-cache` (a browser keeps them and revalidates each
 *   time: 304 for the same ETag, also from a restarted server), personal data stays `no-store`,
 *   and a revalidation after logout gets 401, never a 304.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer, keptAnswersOf } from '../../src/api/server.js';
import { KEPT_ROUTES } from '../../src/api/kept-answers.js';
import { verifyAuditChain } from '../../src/app/audit.js';
import { AUTHZ_MATRIX } from '../../src/api/authz-matrix.js';
import { ensureDemoFunding } from '../../src/demo/funding.js';
import { auditLog, contracts, declarations, users } from '../../src/db/schema.js';
import { procedures } from '../../src/db/schema-procurement.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
const HR = '/api/v1/regions/holland-rijnland';
let testDb: TestDb;
let s: Started;
let app: FastifyInstance;
const tokens = new Map<string, string>();

async function as(username: string): Promise<{ authorization: string }> {
  if (!tokens.has(username)) {
    const res = await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username, password: 'demo' } });
    expect(res.statusCode, res.body).toBe(201);
    tokens.set(username, res.json().token as string);
  }
  return { authorization: `Bearer ${tokens.get(username)}` };
}
const get = async (username: string | null, url: string, headers: Record<string, string> = {}) =>
  app.inject({ url, headers: { ...(username ? await as(username) : {}), ...headers } });
const stats = () => keptAnswersOf(app)!.summary();

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { demo: ['wbo', 'holland-rijnland'], today: TODAY, scale: 0.02 });
  await ensureDemoFunding(s.database.db, 'holland-rijnland', TODAY, { historyYears: 1 });
  app = await buildServer({ database: s.database, demo: true, logger: false, now: () => new Date(`${TODAY}T12:00:00Z`) });
}, 600_000);
afterAll(async () => {
  await app?.close();
  await s?.database.close();
  await testDb?.drop();
});

describe('kept answers: the rule behind them', () => {
  it('lists only routes the matrix knows and none that reads personal data', () => {
    for (const key of Object.keys(KEPT_ROUTES)) {
      expect(AUTHZ_MATRIX[key], key).toBeDefined();
      expect(AUTHZ_MATRIX[key]!.persoonsgegevens ?? false, key).toBe(false);
    }
    expect(Object.keys(KEPT_ROUTES)).not.toContain('GET /regions/{id}/worklist');
  });
});

describe('ETag and 304', () => {
  it('the second request is served from what was kept, with the same strong ETag; If-None-Match gives 304 without a body', async () => {
    const first = await get('controller.holland-rijnland', `${HR}/contracts`);
    expect(first.statusCode).toBe(200);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const hits = stats().hits;
    const second = await get('controller.holland-rijnland', `${HR}/contracts`);
    expect(stats().hits).toBe(hits + 1);
    expect(second.body).toBe(first.body);
    expect(second.headers.etag).toBe(etag);
    const notModified = await get('controller.holland-rijnland', `${HR}/contracts`, { 'if-none-match': etag });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
    expect(notModified.headers.etag).toBe(etag);
    const other = await get('controller.holland-rijnland', `${HR}/contracts`, { 'if-none-match': '"not-this-one"' });
    expect(other.statusCode).toBe(200);
    expect(other.body).toBe(first.body);
  });

  it('answers gzip when the client accepts it, the same JSON, and plain JSON when it does not', async () => {
    const plain = await get('controller.holland-rijnland', `${HR}/landscape`);
    const zipped = await get('controller.holland-rijnland', `${HR}/landscape`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('accept-encoding');
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(plain.body);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
  });
});

describe('HTTP caching: kept answers revalidate, personal data is not stored', () => {
  it('kept answers: private, no-cache with the strong ETag, also on the 304; the worklist and a case (personal data): no-store, no ETag', async () => {
    const kept = await get('controller.holland-rijnland', `${HR}/market`);
    expect(kept.statusCode).toBe(200);
    expect(kept.headers['cache-control']).toBe('private, no-cache');
    const revalidated = await get('controller.holland-rijnland', `${HR}/market`, { 'if-none-match': String(kept.headers.etag) });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.headers['cache-control']).toBe('private, no-cache');
    const worklist = await get('toegang.holland-rijnland', `${HR}/worklist`);
    expect(worklist.statusCode).toBe(200);
    expect(worklist.headers['cache-control']).toBe('no-store');
    expect(worklist.headers.etag).toBeUndefined();
    const caseId = (worklist.json().rows as { caseId: number }[])[0]!.caseId;
    const oneCase = await get('toegang.holland-rijnland', `${HR}/cases/${caseId}?purpose=regievoering`);
    expect(oneCase.statusCode, oneCase.body).toBe(200);
    expect(oneCase.headers['cache-control']).toBe('no-store');
  });

  it('a restarted server answers the ETag a browser kept with 304 when the data is the same', async () => {
    const first = await get('controller.holland-rijnland', `${HR}/budget-framework`);
    const restarted = await buildServer({ database: s.database, demo: true, logger: false, now: () => new Date(`${TODAY}T12:00:00Z`) });
    try {
      const headers = { ...(await as('controller.holland-rijnland')), 'if-none-match': String(first.headers.etag) };
      const again = await restarted.inject({ url: `${HR}/budget-framework`, headers });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(keptAnswersOf(restarted)!.summary()).toMatchObject({ misses: 1, notModified: 1 });
    } finally {
      await restarted.close();
    }
  });

  it('a revalidation after logout gets 401, not 304', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username: 'controller.holland-rijnland', password: 'demo' } });
    const headers = { authorization: `Bearer ${res.json().token as string}` };
    const kept = await app.inject({ url: `${HR}/contracts?limit=3`, headers });
    expect(kept.statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: '/api/v1/session', headers })).statusCode).toBeLessThan(300);
    const after = await app.inject({ url: `${HR}/contracts?limit=3`, headers: { ...headers, 'if-none-match': String(kept.headers.etag) } });
    expect(after.statusCode).toBe(401);
    expect(after.headers.etag).toBeUndefined();
  });
});

describe('many requests for an answer not kept yet', () => {
  it('20 at once: computed once, the others wait for it; the same again after the data changed', async () => {
    const headers = await as('controller.holland-rijnland');
    const url = `${HR}/contracts?limit=7`;
    const burst = async () => {
      const misses = stats().misses;
      const answers = await Promise.all(Array.from({ length: 20 }, () => app.inject({ url, headers })));
      expect(answers.every((r) => r.statusCode === 200 && r.body === answers[0]!.body)).toBe(true);
      expect(stats().misses - misses).toBe(1);
      return answers[0]!.json() as { rows: { id: number; providerName: string }[] };
    };
    const first = await burst();
    await s.database.db.execute(
      sql`update providers set name = 'Tegelijk hernoemd' where id = (select provider_id from contracts where id = ${first.rows[0]!.id})`,
    );
    // Sorted by provider name: the renamed provider moves, so it is looked up by contract id (limit 7 of the whole list).
    const renamed = (await app.inject({ url: `${HR}/contracts?limit=1000`, headers })).json() as typeof first;
    expect(renamed.rows.find((r) => r.id === first.rows[0]!.id)!.providerName).toBe('Tegelijk hernoemd');
    await burst();
  });
});

describe('never served to another scope', () => {
  it('a provider after the controller gets only its own contracts; the controller still gets all', async () => {
    const [u] = await s.database.db.select({ providerId: users.providerId }).from(users).where(eq(users.username, 'aanbieder.holland-rijnland'));
    const all = (await get('controller.holland-rijnland', `${HR}/contracts?limit=1000`)).json();
    const own = (await get('aanbieder.holland-rijnland', `${HR}/contracts?limit=1000`)).json();
    expect(own.total).toBeGreaterThan(0);
    expect(own.total).toBeLessThan(all.total);
    expect(own.rows.every((r: { providerId: number }) => r.providerId === u!.providerId)).toBe(true);
    const again = (await get('controller.holland-rijnland', `${HR}/contracts?limit=1000`)).json();
    expect(again.total).toBe(all.total);
  });

  it('anonymous readers of the landscape do not get the contract register a logged-in controller got', async () => {
    const controller = (await get('controller.holland-rijnland', `${HR}/landscape`)).json();
    expect(JSON.stringify(controller)).toContain('"agbCode"');
    const anonymous = await get(null, `${HR}/landscape`);
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.body).not.toContain('"agbCode"');
    expect(anonymous.headers.etag).not.toBe((await get('controller.holland-rijnland', `${HR}/landscape`)).headers.etag);
  });

  it("a user of another region gets the matrix's 404 for a kept answer, not its bytes", async () => {
    await get('controller.holland-rijnland', `${HR}/spend?year=2026&by=provider`);
    const res = await get('controller.wbo', `${HR}/spend?year=2026&by=provider`);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('ceilingCents');
  });
});

describe('a kept answer changes when its data changes', () => {
  it('through the use case: a contract change announced over HTTP is counted in the contract list at the next request', async () => {
    const db = s.database.db;
    const [c] = await db
      .select()
      .from(contracts)
      .where(and(eq(contracts.regionId, 'holland-rijnland'), sql`${contracts.startDate} <= ${TODAY} and ${contracts.endDate} >= '2027-12-31'`))
      .limit(1);
    const url = `${HR}/contracts?providerId=${c!.providerId}`;
    const pending = (body: { rows: { id: number; pendingChanges: number }[] }) => body.rows.find((r) => r.id === c!.id)!.pendingChanges;
    const before = (await get('controller.holland-rijnland', url)).json();
    await get('controller.holland-rijnland', url); // kept now
    const res = await app.inject({
      method: 'POST',
      url: `${HR}/contracts/${c!.id}/changes`,
      headers: await as('contractmanager.holland-rijnland'),
      payload: { kind: 'tarief', description: 'Nieuwe tarieven', effectiveOn: '2027-06-01' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(pending((await get('controller.holland-rijnland', url)).json())).toBe(pending(before) + 1);
  });

  it('by plain SQL on contract_changes (migration 0022), contracts and providers (0019, 0014)', async () => {
    const db = s.database.db;
    const url = `${HR}/contracts?limit=1000`;
    const list = async () =>
      (await get('controller.holland-rijnland', url)).json() as { rows: { id: number; providerName: string; endDate: string; pendingChanges: number }[] };
    const before = await list();
    await list();
    const row = before.rows[0]!;
    await db.execute(
      sql`insert into contract_changes (region_id, contract_id, segment_id, kind, description, announced_on, effective_on, status, by_user, created_at)
        select region_id, id, segment_id, 'tarief', 'per SQL', ${TODAY}, '2027-07-01', 'aangekondigd', 'test', now() from contracts where id = ${row.id}`,
    );
    expect((await list()).rows.find((r) => r.id === row.id)!.pendingChanges).toBe(row.pendingChanges + 1);
    await db.execute(sql`update contracts set end_date = '2031-12-31' where id = ${row.id}`);
    expect((await list()).rows.find((r) => r.id === row.id)!.endDate).toBe('2031-12-31');
    await db.execute(sql`update providers set name = 'Hernoemd per SQL' where id = (select provider_id from contracts where id = ${row.id})`);
    expect((await list()).rows.find((r) => r.id === row.id)!.providerName).toBe('Hernoemd per SQL');
  });

  it('the contract detail and the provider list (kept since migration 0026): by plain SQL on dialogues, consortium members and providers', async () => {
    const db = s.database.db;
    const [c] = await db.select().from(contracts).where(eq(contracts.regionId, 'holland-rijnland')).limit(1);
    const url = `${HR}/contracts/${c!.id}`;
    const detail = async () => (await get('contractmanager.holland-rijnland', url)).body;
    const first = await detail();
    const hits = stats().hits;
    expect(await detail()).toBe(first);
    expect(stats().hits).toBe(hits + 1);
    await db.execute(
      sql`insert into dialogues (region_id, segment_id, contract_id, provider_id, kind, scheduled_on, status, by_user)
          values ('holland-rijnland', ${c!.segmentId}, ${c!.id}, ${c!.providerId}, 'Dialoog per SQL', '2026-12-15', 'gepland', 'test')`,
    );
    expect(await detail()).toContain('Dialoog per SQL');
    await db.execute(
      sql`insert into consortium_members (region_id, contract_id, name, kind, role) values ('holland-rijnland', ${c!.id}, 'Lid per SQL', 'onderaannemer', 'lid')`,
    );
    expect(await detail()).toContain('Lid per SQL');
    const providers = async () => (await get('contractmanager.holland-rijnland', `${HR}/providers?limit=1000`)).body;
    await providers();
    await db.execute(sql`update providers set name = 'Aanbieder hernoemd per SQL' where id = ${c!.providerId}`);
    expect(await providers()).toContain('Aanbieder hernoemd per SQL');
    expect(await detail()).toContain('Aanbieder hernoemd per SQL');
  });

  it('by plain SQL on declarations (migration 0022): the declarations list shows it at the next request', async () => {
    const url = `${HR}/declarations`;
    const first = (await get('controller.holland-rijnland', url)).json() as { rows: { id: number; declaratieNummer: string }[] };
    expect(first.rows.length).toBeGreaterThan(0);
    await get('controller.holland-rijnland', url);
    const id = first.rows[0]!.id;
    await s.database.db.update(declarations).set({ declaratieNummer: 'PER-SQL-1' }).where(eq(declarations.id, id));
    expect(((await get('controller.holland-rijnland', url)).json() as typeof first).rows.find((r) => r.id === id)!.declaratieNummer).toBe('PER-SQL-1');
  });

  it('by plain SQL on procedures (migration 0022): the procedure board shows it at the next request', async () => {
    const [p] = await s.database.db.select().from(procedures).where(eq(procedures.regionId, 'holland-rijnland')).limit(1);
    expect(p).toBeDefined();
    const url = `${HR}/procedures`;
    await get('controller.holland-rijnland', url);
    expect((await get('controller.holland-rijnland', url)).body).not.toContain('Procedure hernoemd per SQL');
    await s.database.db.execute(sql`update procedures set name = 'Procedure hernoemd per SQL' where id = ${p!.id}`);
    expect((await get('controller.holland-rijnland', url)).body).toContain('Procedure hernoemd per SQL');
  });

  it('a write in another region does not throw away the kept answer', async () => {
    const url = `${HR}/schedules?year=2026`;
    await get('controller.holland-rijnland', url);
    await s.database.db.execute(sql`update providers set name = name where region_id = 'wbo'`);
    const hits = stats().hits;
    await get('controller.holland-rijnland', url);
    expect(stats().hits).toBe(hits + 1);
  });
});

describe('personal data is audited per read, also many at once', () => {
  it('30 worklist reads at the same time: 30 rows in the trail (committed together), the chain intact, and each answer whole', async () => {
    const headers = await as('toegang.holland-rijnland');
    const count = async () =>
      Number(
        (
          await s.database.db
            .select({ n: sql<number>`count(*)::int` })
            .from(auditLog)
            .where(eq(auditLog.subjectType, 'werklijst'))
        )[0]!.n,
      );
    const before = await count();
    const answers = await Promise.all(Array.from({ length: 30 }, () => app.inject({ url: `${HR}/worklist`, headers })));
    expect(answers.every((r) => r.statusCode === 200 && Array.isArray(r.json().rows))).toBe(true);
    expect(answers.some((r) => r.headers.etag !== undefined)).toBe(false);
    expect(await count()).toBe(before + 30);
    expect((await verifyAuditChain(s.database.db)).ok).toBe(true);
  });
});

describe('sessions answered from memory (issue #14): revoked ones stop', () => {
  it('a logout on this instance stops the token at once', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username: 'controller.holland-rijnland', password: 'demo' } });
    const headers = { authorization: `Bearer ${res.json().token as string}` };
    expect((await app.inject({ url: `${HR}/contracts`, headers })).statusCode).toBe(200);
    expect((await app.inject({ url: `${HR}/contracts`, headers })).statusCode).toBe(200); // from memory now
    expect((await app.inject({ method: 'DELETE', url: '/api/v1/session', headers })).statusCode).toBeLessThan(300);
    expect((await app.inject({ url: `${HR}/contracts`, headers })).statusCode).toBe(401);
  });

  it('a session ended elsewhere (another instance, plain SQL) stops here within the bound', async () => {
    const other = await buildServer({ database: s.database, demo: true, logger: false, sessionCacheMs: 400, now: () => new Date(`${TODAY}T12:00:00Z`) });
    try {
      const res = await other.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username: 'controller.holland-rijnland', password: 'demo' } });
      const token = res.json().token as string;
      const headers = { authorization: `Bearer ${token}` };
      expect((await other.inject({ url: `${HR}/spend?year=2026`, headers })).statusCode).toBe(200);
      // The stored hash of the token (SHA-256, hex), as src/app/auth.ts keeps it.
      await s.database.db.execute(sql`delete from sessions where token_hash = ${createHash('sha256').update(token).digest('hex')}`);
      // Within the bound this instance may still know it (it has not read the database since).
      expect((await other.inject({ url: `${HR}/spend?year=2026`, headers })).statusCode).toBe(200);
      await new Promise((r) => setTimeout(r, 450));
      expect((await other.inject({ url: `${HR}/spend?year=2026`, headers })).statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });
});
