/**
 * Many rows into one table in the caller's transaction, as one statement per part with one array
 * parameter per column (`insert ... select * from unnest($1::int[], $2::text[], ...)`), instead of
 * Drizzle's `insert().values(rows)`, which builds and types one parameter per value: for demo and
 * bulk writes of thousands of rows that query building was a large part of the CPU (issue #14,
 * profile of the first start). Values go through the columns' own driver mapping, so the rows are
 * those `insert().values()` would write. Rows that leave out a column with a default, and
 * array-typed columns, fall back to `insert().values()`.
 */
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { Db, Tx } from './database.js';

const PART = 5000;
/** A serial column given explicitly is of its integer type. */
const SERIAL: Record<string, string> = { serial: 'integer', bigserial: 'bigint', smallserial: 'smallint' };

export async function insertRows<T extends PgTable>(
  db: Db | Tx,
  table: T,
  rows: readonly T['$inferInsert'][],
  opts: { onConflictDoNothing?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table) as Record<string, T['_']['columns'][string]>;
  // The columns given in any row; a row without one gets NULL, as insert().values() gives it when the
  // column has no default (with a default the rows fall back to insert().values()).
  const given = new Set<string>();
  for (const r of rows) for (const [k, v] of Object.entries(r as Record<string, unknown>)) if (v !== undefined && k in columns) given.add(k);
  const keys = [...given];
  const sameShape = rows.every((r) => {
    const rec = r as Record<string, unknown>;
    return keys.every((k) => rec[k] !== undefined || !(columns[k]!.hasDefault || columns[k]!.defaultFn || columns[k]!.onUpdateFn));
  });
  const types = keys.map((k) => SERIAL[columns[k]!.getSQLType()] ?? columns[k]!.getSQLType());
  if (!sameShape || types.some((t) => t.endsWith(']'))) {
    for (let i = 0; i < rows.length; i += 1000) {
      const q = db.insert(table).values(rows.slice(i, i + 1000) as T['$inferInsert'][]);
      await (opts.onConflictDoNothing ? q.onConflictDoNothing() : q);
    }
    return;
  }
  const name = getTableConfig(table).name;
  const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const target = sql.raw(`${ident(name)} (${keys.map((k) => ident(columns[k]!.name)).join(', ')})`);
  for (let i = 0; i < rows.length; i += PART) {
    const part = rows.slice(i, i + PART) as Record<string, unknown>[];
    const arrays: SQL[] = keys.map((k, c) => {
      const column = columns[k]!;
      const values = part.map((r) => (r[k] === null || r[k] === undefined ? null : column.mapToDriverValue(r[k])));
      return sql`${sql.param(values)}::${sql.raw(types[c]!)}[]`;
    });
    await db.execute(
      sql`insert into ${target} select * from unnest(${sql.join(arrays, sql`, `)})${opts.onConflictDoNothing ? sql` on conflict do nothing` : sql``}`,
    );
  }
}
