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
import { withForeignKeysCheckedOnceRaw } from './foreign-keys.js';
import { connectionOf, copyStatement, copyText, ident, isPostgresConnection, type CopyValue } from '../db/copy-rows.js';

export { copyChunks, copyInTransaction, copyText, copyTextInTransaction, type CopyValue } from '../db/copy-rows.js';

export interface BulkSession {
  /** Writes rows (values in `columns` order) to `table` with one COPY per call. */
  copy(table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<number>;
  /** Writes rows already in COPY text format (one line each, ending with a newline) to `table`. */
  copyLines(table: string, columns: readonly string[], lines: Iterable<string>): Promise<number>;
  /** A plain statement in the same transaction. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Reserves `n` ids from the serial sequence of `table`.`column` (ascending). */
  reserveIds(table: string, n: number, column?: string): Promise<number[]>;
  /**
   * Runs `write` (COPYs into `table`) with the table's foreign keys checked once, for the rows the
   * condition `newRows` (alias `t`, positional `params`) selects, instead of per row (foreign-keys.ts).
   */
  foreignKeysOnce<T>(table: string, newRows: string, params: unknown[], write: () => Promise<T>): Promise<T>;
}

/** The rows as COPY text lines. */
function* linesOf(rows: Iterable<readonly CopyValue[]>): Generator<string> {
  for (const r of rows) yield r.map(copyText).join('\t') + '\n';
}

/** Whole lines in pieces of about `size` characters; counts the lines in `count.n`. */
function* pieces(lines: Iterable<string>, size: number, count: { n: number }): Generator<string> {
  let buf: string[] = [];
  let length = 0;
  for (const line of lines) {
    buf.push(line);
    count.n++;
    length += line.length;
    if (length >= size) {
      yield buf.join('');
      buf = [];
      length = 0;
    }
  }
  if (buf.length > 0) yield buf.join('');
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
        copy(table, columns, rows) {
          return session.copyLines(table, columns, linesOf(rows));
        },
        async copyLines(table, columns, lines) {
          // One COPY per piece of about 256 KB (some 2,000 rows), with a turn of the event loop in
          // between: PGlite runs in this thread, so a server keeps answering during a bulk load.
          const count = { n: 0 };
          for (const chunk of pieces(lines, 1 << 18, count)) {
            await tx.query(copyStatement(table, columns, `'/dev/blob'`), [], { blob: new Blob([chunk]) });
            await new Promise<void>((resolve) => setImmediate(resolve));
          }
          return count.n;
        },
        async query(text, params = []) {
          return (await tx.query(text, params)).rows as never[];
        },
        async reserveIds(table, n, column = 'id') {
          if (n <= 0) return [];
          // PGlite has one connection: nextval once and setval to the end of the range takes the whole
          // range in one statement and one row back (not n rows to decode).
          const seq = `pg_get_serial_sequence('${ident(table)}', '${ident(column)}')`;
          const { rows } = await tx.query<{ last: number }>(`select setval(${seq}, nextval(${seq}) + $1::int - 1)::int as last`, [n]);
          const first = Number(rows[0]!.last) - n + 1;
          return Array.from({ length: n }, (_, i) => first + i);
        },
        foreignKeysOnce(table, newRows, params, write) {
          return withForeignKeysCheckedOnceRaw(session.query, table, newRows, params, write);
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
      copy(table, columns, rows) {
        return session.copyLines(table, columns, linesOf(rows));
      },
      async copyLines(table, columns, lines) {
        const count = { n: 0 };
        const stream = client.query(from(copyStatement(table, columns, 'stdin')));
        await pipeline(Readable.from(pieces(lines, 1 << 20, count)), stream);
        return count.n;
      },
      async query(text, params = []) {
        return (await client.query(text, params)).rows as never[];
      },
      async reserveIds(table, n, column = 'id') {
        if (n <= 0) return [];
        return (await client.query<{ id: number }>(reserveSql(table, column), [n])).rows.map((r) => Number(r.id));
      },
      foreignKeysOnce(table, newRows, params, write) {
        return withForeignKeysCheckedOnceRaw(session.query, table, newRows, params, write);
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
