/**
 * COPY in PostgreSQL's text format inside a transaction Drizzle runs, on both databases: PGlite
 * takes the rows as a blob (`COPY ... FROM '/dev/blob'`), PostgreSQL as a stream (pg-copy-streams,
 * `COPY ... FROM STDIN`). Used by the demo's bulk loads (src/demo/copy.ts) and by writes of many
 * derived rows (the KPI facts): no parameter arrays to encode, no per-row statement.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Tx } from './database.js';

export type CopyValue = string | number | boolean | null | undefined | readonly (string | number)[] | Record<string, unknown>;

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
export function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`COPY: not a plain identifier: ${name}`);
  return name;
}

export function copyStatement(table: string, columns: readonly string[], source: string): string {
  return `copy ${ident(table)} (${columns.map(ident).join(', ')}) from ${source}`;
}

/**
 * COPY inside a transaction Drizzle runs (`db.transaction(async (tx) => ...)`): the rows go through
 * the connection of that transaction (PGlite's transaction, or node-postgres' client), so they
 * commit or roll back with the rest of it. Pieces of about 1 MB on PGlite.
 */
export async function copyInTransaction(tx: Tx, table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<void> {
  await copyTextInTransaction(tx, table, columns, copyChunks(rows));
}

/**
 * copyInTransaction with the rows already in COPY text format (whole rows per piece, each ending
 * with a newline); the pieces may come as they are made (an async iterable: the KPI facts from their worker).
 */
export async function copyTextInTransaction(
  tx: Tx,
  table: string,
  columns: readonly string[],
  chunks: Iterable<string> | AsyncIterable<string>,
): Promise<void> {
  const client = connectionOf(tx);
  const statement = copyStatement(table, columns, 'stdin');
  if (isPostgresConnection(client)) {
    const { from } = await import('pg-copy-streams');
    const stream = (client as unknown as import('pg').PoolClient).query(from(statement));
    await pipeline(Readable.from(chunks), stream);
    return;
  }
  for await (const chunk of chunks) await client.query(copyStatement(table, columns, `'/dev/blob'`), [], { blob: new Blob([chunk]) });
}

export type Connection = { query: (text: unknown, params?: unknown[], options?: { blob?: Blob }) => Promise<unknown>; release?: unknown };

/** The connection of a transaction Drizzle runs: Drizzle keeps it in its session (pglite and node-postgres drivers). */
export function connectionOf(tx: Tx): Connection {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client as Connection | undefined;
  if (!client || typeof client.query !== 'function') throw new Error('COPY: no connection in this transaction');
  return client;
}

export const isPostgresConnection = (client: Connection) => 'release' in client || client.constructor.name === 'Client';
