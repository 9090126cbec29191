/**
 * A fresh database per test file: PGlite in memory locally, or, when DATABASE_URL points at a
 * real PostgreSQL server (CI), a new database on that server that is dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { OpenOptions } from '../../src/db/database.js';

export interface TestDb {
  open: OpenOptions;
  kind: 'pglite' | 'postgres';
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDb> {
  const url = process.env.DATABASE_URL;
  if (!url) return { open: { dataDir: 'memory://' }, kind: 'pglite', drop: async () => {} };
  const name = `rk_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    open: { url: u.toString() },
    kind: 'postgres',
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
