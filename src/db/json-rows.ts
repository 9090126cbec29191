import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from './database.js';

/**
 * The rows of a select as one JSON value. PGlite decodes a result row by row in JavaScript (some
 * 20 µs per row of eight columns); one json_agg value is parsed at once: for the 37,000 trajectories
 * of Holland Rijnland 0.1-0.2 s of CPU instead of 0.7-1.0 s (issue #14, the first start). The order
 * of the rows is not guaranteed: sort them when it matters. Dates come as 'YYYY-MM-DD' (as the
 * string-mode date columns), integers as numbers.
 */
export async function jsonRows<T>(db: Tx, query: SQL): Promise<T[]> {
  const r = (await db.execute(sql`select ${jsonArrayOf(query)} as rows`)) as unknown as { rows: { rows: T[] | string }[] };
  return jsonValue(r.rows[0]!.rows);
}

/**
 * The rows of a select as one JSON array, as an expression: several selects travel as columns of
 * ONE statement (one round trip; issue #14, a declaration's reads). Read each with jsonValue.
 */
export const jsonArrayOf = (query: SQL): SQL => sql`(select coalesce(json_agg(q), '[]'::json) from (${query}) q)`;

/** A JSON column as the driver gives it: parsed already (node-postgres, PGlite) or as text. */
export const jsonValue = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
