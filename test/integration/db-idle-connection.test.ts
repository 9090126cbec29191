/**
 * PostgreSQL only: when the server ends an idle pooled connection (restart, failover, or the test
 * helper's `drop database ... with (force)`), the process must not crash on an unhandled 'error'
 * event, and the next query must work on a new connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/db/database.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const onPostgres = Boolean(process.env.DATABASE_URL);
let testDb: TestDb;
let database: Database;

beforeAll(async () => {
  if (!onPostgres) return;
  testDb = await createTestDatabase();
  database = await openDatabase({ ...testDb.open, poolSize: 3 });
});
afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

describe.runIf(onPostgres)('an idle connection ended by the server', () => {
  it('gives a warning, not a crash, and the next query opens a new connection', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.prependListener('uncaughtException', onUncaught);
    try {
      // Three connections in the pool, all idle afterwards.
      await Promise.all([1, 2, 3].map(() => database.db.execute(sql`select pg_sleep(0.05)`)));
      const dbName = new URL(testDb.open.url!).pathname.slice(1);
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      const ended = await admin.query(
        'select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()) t',
        [dbName],
      );
      await admin.end();
      expect(ended.rows[0].n).toBeGreaterThanOrEqual(1);
      await new Promise((r) => setTimeout(r, 300));
      expect(uncaught).toEqual([]);
      expect(warnings.some((m) => m.includes('ongebruikte verbinding'))).toBe(true);
      const again = await database.db.execute(sql`select 1 as een`);
      expect((again as unknown as { rows: { een: number }[] }).rows[0]!.een).toBe(1);
    } finally {
      process.off('warning', onWarning);
      process.off('uncaughtException', onUncaught);
    }
  });
});
