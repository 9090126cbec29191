/**
 * Shared set-up of the procurement API tests (not a test file): a small WBO + Holland Rijnland
 * demo, a Fastify instance with a fixed clock, and login/request helpers.
 */
import { expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { asc, eq } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer } from '../../src/api/server.js';
import { upsertUser } from '../../src/app/auth.js';
import { providers } from '../../src/db/schema.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

export interface Harness {
  s: Started;
  app: FastifyInstance;
  testDb: TestDb;
  tokens: Map<string, string>;
  /** The server's calendar day (noon UTC); a test moves it to pass time, e.g. a standstill period. */
  clock: { today: string };
}

export async function setUp(today: string, regions: string[]): Promise<Harness> {
  const testDb = await createTestDatabase();
  const s = await start(testDb.open, { demo: regions, today, scale: 0.02 });
  const clock = { today };
  const app = await buildServer({ database: s.database, demo: true, now: () => new Date(`${clock.today}T12:00:00Z`) });
  return { s, app, testDb, tokens: new Map(), clock };
}

export async function tearDown(h: Harness | undefined): Promise<void> {
  await h?.app.close();
  await h?.s.database.close();
  await h?.testDb.drop();
}

/** The region's providers, largest first (the demo's own order). */
export async function regionProviders(h: Harness, regionId: string) {
  return h.s.database.db.select().from(providers).where(eq(providers.regionId, regionId)).orderBy(asc(providers.id));
}

export async function providerUser(h: Harness, regionId: string, providerId: number, username: string): Promise<void> {
  await upsertUser(h.s.database.db, { username, displayName: username, role: 'aanbieder', password: 'demo', regionId, providerId });
}

export function client(h: Harness) {
  const as = async (username: string) => {
    if (!h.tokens.has(username)) {
      const res = await h.app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username, password: 'demo' } });
      expect(res.statusCode, res.body).toBe(201);
      h.tokens.set(username, res.json().token as string);
    }
    return { authorization: `Bearer ${h.tokens.get(username)}` };
  };
  return {
    get: async (username: string, url: string) => h.app.inject({ url, headers: await as(username) }),
    post: async (username: string, url: string, payload: unknown) =>
      h.app.inject({ method: 'POST', url, headers: await as(username), payload: payload as object }),
  };
}

export const expectProblem = (res: { statusCode: number; headers: Record<string, unknown>; body: string; json(): unknown }, status: number) => {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  return res.json() as { detail: string; violations?: { ruleId: string; message: string; field?: string; source?: { seed: string; section: string } }[] };
};
