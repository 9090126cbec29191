/**
 * Shared set-up of the procurement API tests (not a test file): a small WBO + Holland Rijnland
 * demo, a Fastify instance with a fixed clock, and login/request helpers.
 */

import type { FastifyInstance } from 'fastify';
import { asc, eq } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer } from '../../src/api/server.js';
import { upsertUser } from '../../src/app/auth.js';
import { providers } from '../../src/db/schema.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';
import { demoUsers } from '../helpers/api.js';

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

/** GET and POST as a demo user of the harness's app (test/helpers/api.ts). */
export function client(h: Harness) {
  const { get, post } = demoUsers(() => h.app, h.tokens);
  return { get: (username: string, url: string) => get(username, url), post };
}

export { expectProblem } from '../helpers/api.js';
