/**
 * Opens the database: embedded PGlite persisted in a folder (default), or a real PostgreSQL
 * server when DATABASE_URL is set. Both run the same migrations and the same queries.
 */
import { mkdirSync } from 'node:fs';
import { MIGRATIONS_DIR } from '../paths.js';
import { isNewDatabase, readTemplate, writeTemplate } from './pglite-template.js';
import { resolve } from 'node:path';
import { writesFirstPool } from './writes-first-pool.js';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as core from './schema.js';
import * as procurement from './schema-procurement.js';
import * as simulation from './schema-simulation.js';
import * as steering from './schema-steering.js';

/** All tables: schema.ts (core and read models) and the modules' schema files, which import core tables from schema.ts (never the other way round). */
export const schema = { ...core, ...procurement, ...simulation, ...steering };
export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** An open transaction (the argument of db.transaction's callback). */
export type Transaction = Parameters<Parameters<Db['transaction']>[0]>[0];
/**
 * What use cases run their queries on: the database handle or an open transaction. A use case
 * called inside another's transaction gets that transaction and passes it on (its own
 * `transaction()` is then a savepoint inside it), so all writes commit or roll back together.
 */
export type Tx = Db | Transaction;

export interface Database {
  db: Db;
  /**
   * Where read models and dashboards read: a read replica (DATABASE_READ_URL) when configured,
   * otherwise the same database as `db`. Replicas lag a little: never read your own write here.
   */
  read: Db;
  kind: 'pglite' | 'postgres';
  /** The driver underneath, for bulk loading with COPY (src/demo/copy.ts). */
  driver: RawClient;
  /** Where the data lives (folder for PGlite, redacted URL for PostgreSQL), for messages. */
  location: string;
  close(): Promise<void>;
}

/** The client under Drizzle: PGlite, or the node-postgres pool. */
export type RawClient = { kind: 'pglite'; client: import('@electric-sql/pglite').PGlite } | { kind: 'postgres'; pool: import('pg').Pool };

export interface OpenOptions {
  /** postgres://... ; when absent PGlite is used. */
  url?: string;
  /** postgres://... of a read replica for read models and dashboards (DATABASE_READ_URL). */
  readUrl?: string;
  /** Connections per pool (DATABASE_POOL_SIZE; default 10). PGlite always has one. */
  poolSize?: number;
  /** PGlite data folder; 'memory://' for an in-memory database (tests). */
  dataDir?: string;
}

const MIGRATIONS = MIGRATIONS_DIR;

/** Connections per PostgreSQL pool from DATABASE_POOL_SIZE (1..1000), default 10. */
export function poolSizeFrom(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_POOL_SIZE;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`DATABASE_POOL_SIZE must be a whole number 1..1000, got "${value}"`);
  return n;
}

export const DEFAULT_POOL_SIZE = 10;

export function defaultOpenOptions(env: NodeJS.ProcessEnv = process.env, dataDir?: string): OpenOptions {
  return {
    url: env.DATABASE_URL || undefined,
    readUrl: env.DATABASE_READ_URL || undefined,
    poolSize: poolSizeFrom(env.DATABASE_POOL_SIZE),
    dataDir: dataDir ?? env.REGIEKAMER_DATA ?? './data',
  };
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

/**
 * An idle pooled connection that the server ends (restart, failover, `drop database ... with (force)`)
 * is reported on the pool; without a listener that report would crash the process. The pool drops the
 * connection and opens a new one on the next query, so a warning is enough.
 */
function watchIdleErrors<P extends { on(event: 'error', listener: (err: Error) => void): unknown }>(pool: P, name: string): P {
  pool.on('error', (err) => {
    const code = (err as { code?: string }).code;
    process.emitWarning(`PostgreSQL (${name}): een ongebruikte verbinding is door de server beëindigd${code ? ` (${code})` : ''}`, 'DatabaseWarning');
  });
  return pool;
}

/** Opens (and migrates) the database. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    const pg = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const max = opts.poolSize ?? DEFAULT_POOL_SIZE;
    // Transactions (the writes) take the next free connection before waiting single statements (writes-first-pool.ts).
    const pool = watchIdleErrors(writesFirstPool(pg.default.Pool, { connectionString: opts.url, max }), 'primair');
    const pgDb = drizzle(pool, { schema });
    await migrate(pgDb, { migrationsFolder: MIGRATIONS });
    const db: Db = pgDb;
    // The replica gets the migrations through replication; it is only read.
    const readPool = opts.readUrl ? watchIdleErrors(new pg.default.Pool({ connectionString: opts.readUrl, max }), 'leesreplica') : undefined;
    const read: Db = readPool ? drizzle(readPool, { schema }) : db;
    return {
      db,
      read,
      kind: 'postgres',
      driver: { kind: 'postgres', pool },
      location: redact(opts.url) + (opts.readUrl ? ` (reads: ${redact(opts.readUrl)})` : ''),
      close: async () => {
        await pool.end();
        await readPool?.end();
      },
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const dir = opts.dataDir ?? './data';
  const location = dir.startsWith('memory://') ? dir : resolve(dir);
  if (location !== dir) mkdirSync(location, { recursive: true });
  // A new database starts from the migrated empty template when there is one (pglite-template.ts).
  const fresh = isNewDatabase(location);
  const template = fresh ? readTemplate() : undefined;
  const client = new PGlite(location, template ? { loadDataDir: template } : {});
  await client.waitReady;
  const liteDb = drizzle(client, { schema });
  await migrate(liteDb, { migrationsFolder: MIGRATIONS });
  if (fresh && !template) await writeTemplate(client);
  const db: Db = liteDb;
  return { db, read: db, kind: 'pglite', driver: { kind: 'pglite', client }, location: dir, close: () => client.close() };
}
