/**
 * The statements a piece of code sends to the database, counted at the driver (every query of
 * node-postgres' clients, or of PGlite and its transactions): tests of how many round trips a
 * request or a write takes (issue #14).
 */
import pg from 'pg';
import type { Database } from '../../src/db/database.js';

/** The statements `f` sends to the database (every query of the driver, in and out of transactions). */
export async function statementsOf<T>(database: Database, f: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const text = (q: unknown) => (typeof q === 'string' ? q : String((q as { text?: string }).text ?? q)).replace(/\s+/g, ' ').slice(0, 200);
  const undo: (() => void)[] = [];
  const wrap = (target: Record<string, unknown>, method: string) => {
    const orig = target[method] as (...a: unknown[]) => unknown;
    target[method] = function (this: unknown, ...a: unknown[]) {
      statements.push(text(a[0]));
      return orig.apply(this, a);
    };
    undo.push(() => (target[method] = orig));
  };
  if (database.driver.kind === 'postgres') wrap(pg.Client.prototype as unknown as Record<string, unknown>, 'query');
  else {
    const client = database.driver.client as unknown as Record<string, unknown>;
    wrap(client, 'query');
    const transaction = client.transaction as (f: (tx: unknown) => Promise<unknown>) => Promise<unknown>;
    client.transaction = (g: (tx: unknown) => Promise<unknown>) =>
      transaction.call(client, (tx) => {
        wrap(tx as Record<string, unknown>, 'query');
        wrap(tx as Record<string, unknown>, 'exec');
        return g(tx);
      });
    undo.push(() => (client.transaction = transaction));
  }
  try {
    return { result: await f(), statements };
  } finally {
    for (const u of undo.reverse()) u();
  }
}
