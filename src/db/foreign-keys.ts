/**
 * Bulk writes (the demo's, the KPI facts) with their foreign keys checked once per statement instead of once per
 * row. PostgreSQL (and PGlite) check a foreign key on insert with a query per row (an internal
 * trigger per constraint); for thousands of generated rows that is most of the insert's time on
 * PGlite. Here the table's foreign-key check triggers are switched off for the write (ALTER TABLE
 * ... DISABLE TRIGGER inside the caller's transaction: a rollback undoes it, and they are switched
 * on again before it ends), and every foreign key is then checked with one query over the new rows
 * (an anti-join: a referencing value that has no referenced row fails the whole transaction).
 * Indexes, unique indexes, NOT NULL, checks and the statement triggers (read models) apply as for
 * any insert. Internal triggers may only be switched by a superuser (PGlite's user; the national
 * loader's PostgreSQL user may not be one): otherwise the rows are checked row by row as usual.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from './database.js';

const rowsOf = <T>(r: unknown): T[] => (r as { rows?: T[] }).rows ?? (r as T[]);

interface ForeignKey {
  name: string;
  column: string;
  refTable: string;
  refColumn: string;
}

/**
 * Runs `write` (inserts into `table` in this transaction) with the table's foreign-key checks once
 * for the rows `newRows` selects (a condition on the table, alias `t`) instead of per row; throws
 * (the transaction rolls back) when a new row refers to a row that does not exist.
 */
export async function withForeignKeysCheckedOnce<T>(tx: Tx, table: string, newRows: SQL, write: () => Promise<T>): Promise<T> {
  const triggers = rowsOf<{ name: string }>(
    await tx.execute(sql`select t.tgname::text as name from pg_trigger t join pg_constraint c on c.oid = t.tgconstraint
      where t.tgrelid = ${table}::regclass and c.conrelid = ${table}::regclass and c.contype = 'f' and t.tgenabled <> 'D'
        and current_setting('is_superuser') = 'on'
        and not exists (select 1 from pg_constraint m where m.conrelid = ${table}::regclass and m.contype = 'f' and array_length(m.conkey, 1) <> 1)
      order by 1`),
  ).map((r) => r.name);
  if (triggers.length === 0) return write();
  const keys = rowsOf<ForeignKey>(
    await tx.execute(sql`select c.conname::text as name, a.attname::text as column, cf.relname::text as "refTable", af.attname::text as "refColumn"
      from pg_constraint c join pg_class cf on cf.oid = c.confrelid
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        join pg_attribute af on af.attrelid = c.confrelid and af.attnum = c.confkey[1]
      where c.conrelid = ${table}::regclass and c.contype = 'f' order by 1`),
  );
  for (const t of triggers) await tx.execute(sql`alter table ${sql.identifier(table)} disable trigger ${sql.identifier(t)}`);
  const result = await write();
  for (const t of triggers) await tx.execute(sql`alter table ${sql.identifier(table)} enable trigger ${sql.identifier(t)}`);
  for (const k of keys) {
    const [bad] = rowsOf<{ n: number }>(
      await tx.execute(sql`select count(*)::int as n from ${sql.identifier(table)} t where ${newRows} and t.${sql.identifier(k.column)} is not null
        and not exists (select 1 from ${sql.identifier(k.refTable)} r where r.${sql.identifier(k.refColumn)} = t.${sql.identifier(k.column)})`),
    );
    if (Number(bad?.n ?? 0) > 0) throw new Error(`${table}: ${bad!.n} new rows violate foreign key ${k.name}`);
  }
  return result;
}

/** A statement runner of a bulk session (src/demo/copy.ts): text and positional parameters, rows back. */
export type RunQuery = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

const IDENT = /^[a-z_][a-z0-9_]*$/;
const ident = (name: string) => {
  if (!IDENT.test(name)) throw new Error(`foreign keys: not a plain identifier: ${name}`);
  return name;
};

/**
 * withForeignKeysCheckedOnce for a bulk session's own connection (COPY outside Drizzle): `newRows`
 * is a condition on the table (alias `t`) with positional parameters `params`.
 */
export async function withForeignKeysCheckedOnceRaw<T>(
  query: RunQuery,
  table: string,
  newRows: string,
  params: unknown[],
  write: () => Promise<T>,
): Promise<T> {
  const t = ident(table);
  const triggers = (
    await query<{ name: string }>(
      `select t.tgname::text as name from pg_trigger t join pg_constraint c on c.oid = t.tgconstraint
      where t.tgrelid = '${t}'::regclass and c.conrelid = '${t}'::regclass and c.contype = 'f' and t.tgenabled <> 'D'
        and current_setting('is_superuser') = 'on'
        and not exists (select 1 from pg_constraint m where m.conrelid = '${t}'::regclass and m.contype = 'f' and array_length(m.conkey, 1) <> 1)
      order by 1`,
    )
  ).map((r) => r.name);
  if (triggers.length === 0) return write();
  const keys = await query<ForeignKey>(
    `select c.conname::text as name, a.attname::text as column, cf.relname::text as "refTable", af.attname::text as "refColumn"
      from pg_constraint c join pg_class cf on cf.oid = c.confrelid
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        join pg_attribute af on af.attrelid = c.confrelid and af.attnum = c.confkey[1]
      where c.conrelid = '${t}'::regclass and c.contype = 'f' order by 1`,
  );
  const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
  for (const name of triggers) await query(`alter table ${t} disable trigger ${quoted(name)}`);
  const result = await write();
  for (const name of triggers) await query(`alter table ${t} enable trigger ${quoted(name)}`);
  // One anti-join for all the table's keys: the count of new rows without their referenced row, per key.
  const counts = keys.map(
    (k, i) =>
      `(select count(*)::int from ${t} t where ${newRows} and t.${ident(k.column)} is not null and not exists (select 1 from ${ident(k.refTable)} r where r.${ident(k.refColumn)} = t.${ident(k.column)})) as k${i}`,
  );
  if (counts.length === 0) return result;
  const [bad] = await query<Record<string, number>>(`select ${counts.join(', ')}`, params);
  for (const [i, k] of keys.entries())
    if (Number(bad?.[`k${i}`] ?? 0) > 0) throw new Error(`${table}: ${bad![`k${i}`]} new rows violate foreign key ${k.name}`);
  return result;
}
