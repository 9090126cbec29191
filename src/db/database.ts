/**
 * Opens the database: embedded PGlite persisted in a folder (default), or a real PostgreSQL
 * server when DATABASE_URL is set. Both run the same migrations and the same queries.
 */
import { mkdirSync } from 'node:fs';
import { MIGRATIONS_DIR } from '../paths.js';
import { resolve } from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; use cases receive this so all their writes commit or roll back together. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Where the data lives (folder for PGlite, redacted URL for PostgreSQL), for messages. */
  location: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://... ; when absent PGlite is used. */
  url?: string;
  /** PGlite data folder; 'memory://' for an in-memory database (tests). */
  dataDir?: string;
}

const MIGRATIONS = MIGRATIONS_DIR;

export function defaultOpenOptions(env: NodeJS.ProcessEnv = process.env, dataDir?: string): OpenOptions {
  return { url: env.DATABASE_URL || undefined, dataDir: dataDir ?? env.REGIEKAMER_DATA ?? './data' };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

/** Opens (and migrates) the database. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    const pg = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const pool = new pg.default.Pool({ connectionString: opts.url, max: 10 });
    const db = drizzle(pool, { schema }) as unknown as Db;
    await migrate(db as never, { migrationsFolder: MIGRATIONS });
    return { db, kind: 'postgres', location: redact(opts.url), close: () => pool.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const dir = opts.dataDir ?? './data';
  let client: InstanceType<typeof PGlite>;
  if (dir.startsWith('memory://')) {
    client = new PGlite(dir);
  } else {
    const abs = resolve(dir);
    mkdirSync(abs, { recursive: true });
    client = new PGlite(abs);
  }
  await client.waitReady;
  const db = drizzle(client, { schema }) as unknown as Db;
  await migrate(db as never, { migrationsFolder: MIGRATIONS });
  return { db, kind: 'pglite', location: dir, close: () => client.close() };
}
