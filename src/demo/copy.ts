/**
 * Bulk writing with COPY, on both databases: PGlite takes the rows as a blob
 * (`COPY ... FROM '/dev/blob'`), PostgreSQL as a stream (pg-copy-streams, `COPY ... FROM STDIN`).
 * Rows are encoded in PostgreSQL's text format (tab-separated, \N for null). A bulk session is one
 * transaction on the driver under Drizzle: everything written in it commits or rolls back together.
 *
 * Ids come from the table's own sequence (reserved in one statement), so rows that refer to each
 * other (youths to families, trajectories to youths) are written without a round trip per row.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Database, Tx } from '../db/database.js';

export type CopyValue = string | number | boolean | null | undefined | readonly (string | number)[] | Record<string, unknown>;

export interface BulkSession {
  /** Writes rows (values in `columns` order) to `table` with one COPY per call. */
  copy(table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<number>;
  /** A plain statement in the same transaction. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Reserves `n` ids from the serial sequence of `table`.`column` (ascending). */
  reserveIds(table: string, n: number, column?: string): Promise<number[]>;
}

/** One value in COPY text format. */
export function copyText(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`COPY: not a finite number: ${v}`);
    return String(v);
  }
  if (Array.isArray(v)) return escape(`{${v.map((x) => (typeof x === 'number' ? String(x) : `"${String(x).replace(/["\\]/g, '\\$&')}"`)).join(',')}}`);
  if (typeof v === 'object') return escape(JSON.stringify(v));
  return escape(v as string);
}

function escape(s: string): string {
  // Backslash first; then the characters that end a field or a row.
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

/** The rows as COPY text, in pieces of about `size` characters (the stream and the blob take them as they come). */
export function* copyChunks(rows: Iterable<readonly CopyValue[]>, size = 1 << 20): Generator<string> {
  let buf: string[] = [];
  let length = 0;
  for (const r of rows) {
    const line = r.map(copyText).join('\t') + '\n';
    buf.push(line);
    length += line.length;
    if (length >= size) {
      yield buf.join('');
      buf = [];
      length = 0;
    }
  }
  if (buf.length > 0) yield buf.join('');
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`COPY: not a plain identifier: ${name}`);
  return name;
}

function copyStatement(table: string, columns: readonly string[], source: string): string {
  return `copy ${ident(table)} (${columns.map(ident).join(', ')}) from ${source}`;
}

const reserveSql = (table: string, column: string) =>
  `select nextval(pg_get_serial_sequence('${ident(table)}', '${ident(column)}'))::int as id from generate_series(1, $1::int)`;

/**
 * Runs `fn` in one transaction with a bulk session. On PGlite the transaction is the client's
 * own (Drizzle's `db` on the same client waits until it ends: do not use `db` inside `fn`).
 */
export async function withBulkSession<T>(database: Pick<Database, 'driver'>, fn: (s: BulkSession) => Promise<T>): Promise<T> {
  const d = database.driver;
  if (d.kind === 'pglite') {
    return d.client.transaction(async (tx) => {
      const session: BulkSession = {
        async copy(table, columns, rows) {
          // One COPY per piece of about 256 KB (some 2,000 rows), with a turn of the event loop in
          // between: PGlite runs in this thread, so a server keeps answering during a bulk load.
          let n = 0;
          for (const chunk of copyChunks(rows, 1 << 18)) {
            for (let i = 0; i < chunk.length; i++) if (chunk.charCodeAt(i) === 10) n++;
            await tx.query(copyStatement(table, columns, `'/dev/blob'`), [], { blob: new Blob([chunk]) });
            await new Promise<void>((resolve) => setImmediate(resolve));
          }
          return n;
        },
        async query(text, params = []) {
          return (await tx.query(text, params)).rows as never[];
        },
        async reserveIds(table, n, column = 'id') {
          if (n <= 0) return [];
          return (await tx.query<{ id: number }>(reserveSql(table, column), [n])).rows.map((r) => Number(r.id));
        },
      };
      return fn(session);
    });
  }
  const { from } = await import('pg-copy-streams');
  const client = await d.pool.connect();
  try {
    await client.query('begin');
    const session: BulkSession = {
      async copy(table, columns, rows) {
        let n = 0;
        const counted = (function* () {
          for (const r of rows) {
            n++;
            yield r;
          }
        })();
        const stream = client.query(from(copyStatement(table, columns, 'stdin')));
        await pipeline(Readable.from(copyChunks(counted)), stream);
        return n;
      },
      async query(text, params = []) {
        return (await client.query(text, params)).rows as never[];
      },
      async reserveIds(table, n, column = 'id') {
        if (n <= 0) return [];
        return (await client.query<{ id: number }>(reserveSql(table, column), [n])).rows.map((r) => Number(r.id));
      },
    };
    const result = await fn(session);
    await client.query('commit');
    return result;
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/**
 * COPY inside a transaction Drizzle runs (`db.transaction(async (tx) => ...)`): the rows go through
 * the connection of that transaction (PGlite's transaction, or node-postgres' client), so they
 * commit or roll back with the rest of it. Pieces of about 1 MB on PGlite.
 */
export async function copyInTransaction(tx: Tx, table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<void> {
  await copyTextInTransaction(tx, table, columns, copyChunks(rows));
}

/** copyInTransaction with the rows already in COPY text format (whole rows per piece, each ending with a newline). */
export async function copyTextInTransaction(tx: Tx, table: string, columns: readonly string[], chunks: Iterable<string>): Promise<void> {
  const client = connectionOf(tx);
  const statement = copyStatement(table, columns, 'stdin');
  if (isPostgresConnection(client)) {
    const { from } = await import('pg-copy-streams');
    const stream = (client as unknown as import('pg').PoolClient).query(from(statement));
    await pipeline(Readable.from(chunks), stream);
    return;
  }
  for (const chunk of chunks) await client.query(copyStatement(table, columns, `'/dev/blob'`), [], { blob: new Blob([chunk]) });
}

type Connection = { query: (text: unknown, params?: unknown[], options?: { blob?: Blob }) => Promise<unknown>; release?: unknown };

/** The connection of a transaction Drizzle runs: Drizzle keeps it in its session (pglite and node-postgres drivers). */
function connectionOf(tx: Tx): Connection {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client as Connection | undefined;
  if (!client || typeof client.query !== 'function') throw new Error('COPY: no connection in this transaction');
  return client;
}

const isPostgresConnection = (client: Connection) => 'release' in client || client.constructor.name === 'Client';

/**
 * Reserves n ascending ids from the serial sequence of `table`.id inside a transaction Drizzle runs.
 * PGlite has one connection, so one statement can take the whole range at once (nextval once and
 * setval to its end: nothing else can take an id in between); PostgreSQL's other sessions can, so
 * there every id is taken with its own nextval.
 */
export async function reserveIdRange(tx: Tx, table: string, n: number): Promise<number[]> {
  if (n <= 0) return [];
  const client = connectionOf(tx);
  const seq = `pg_get_serial_sequence('${ident(table)}', 'id')`;
  if (isPostgresConnection(client)) {
    const { rows } = (await client.query(reserveSql(table, 'id'), [n])) as { rows: { id: number }[] };
    return rows.map((r) => Number(r.id));
  }
  const { rows } = (await client.query(`select setval(${seq}, nextval(${seq}) + $1::int - 1)::int as last`, [n])) as { rows: { last: number }[] };
  const first = Number(rows[0]!.last) - n + 1;
  return Array.from({ length: n }, (_, i) => first + i);
}
