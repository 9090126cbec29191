/**
 * The database survives a restart: PGlite persisted in a data folder (or the PostgreSQL test
 * database), migrations re-applied without harm, the demo region generated exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { start } from '../../src/app/startup.js';
import { createTestDatabase } from '../helpers/db.js';
import type { OpenOptions } from '../../src/db/database.js';

const dir = mkdtempSync(join(tmpdir(), 'rk-persist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('persistence', () => {
  it('keeps regions and demo data across restarts and generates the demo only once', async () => {
    const testDb = await createTestDatabase();
    const open: OpenOptions = testDb.kind === 'postgres' ? testDb.open : { dataDir: join(dir, 'data') };
    try {
      const first = await start(open, { demo: ['wbo'], today: '2026-11-22', scale: 0.02 });
      const counts = first.demo[0]!.generated!;
      expect(counts.youths).toBeGreaterThan(100);
      await first.database.close();

      const second = await start(open, { demo: ['wbo'], today: '2026-11-22', scale: 0.02 });
      try {
        expect(second.demo[0]!.generated).toBeNull();
        const result = await second.database.db.execute(sql`select count(*)::int as n from youths where region_id = 'wbo'`);
        const rows = (result as unknown as { rows: { n: number }[] }).rows;
        expect(Number(rows[0]!.n)).toBe(counts.youths);
      } finally {
        await second.database.close();
      }
    } finally {
      await testDb.drop();
    }
  });

  it('refuses a demo for a region without a valid profile, with a clear message', async () => {
    const testDb = await createTestDatabase();
    try {
      await expect(start(testDb.open, { demo: ['atlantis'], today: '2026-11-22' })).rejects.toThrow(/--demo atlantis: geen geldig profiel/);
    } finally {
      await testDb.drop();
    }
  });
});
