/**
 * What a read request has already read of the data versions and the regions' load times (issue
 * #14, 200 clients with writes). A kept answer reads the versions of its kinds of data first; when
 * a write has made it cold, the use case that computes it asked the same versions again (its own
 * kept parts: the ceilings with spend, the committed amounts, the turnover) and the region's load
 * time, one round trip after the other, and under load each round trip waits its turn. Within one
 * read request those answers are taken from what the request read before.
 *
 * Why that is as fresh as reading again: every value here was read by a statement sent after the
 * request arrived, so it includes every write committed before the request; the answer is kept
 * under the versions it was computed from, so a write committed during the request makes it cold at
 * the next one, as before. Only GET requests get a memo (the API's onRequest hook): a request that
 * writes must see its own writes, so there every read goes to the database. Inside a transaction
 * the callers read over the transaction, never from here.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { PgTransaction } from 'drizzle-orm/pg-core';

interface Memo {
  versions: Map<string, string>;
  loadedAt: Map<string, Date | null>;
  /** Other reads of data that only a load of the region changes (onceInRequest). */
  reads: Map<string, Promise<unknown>>;
}
interface RequestReads {
  /** Per database (the primary or the read replica). */
  byDb: WeakMap<object, Memo>;
}

const storage = new AsyncLocalStorage<RequestReads>();

/** Runs `next` (the rest of a read request) with an empty memo. */
export function withRequestReads(next: () => void): void {
  storage.run({ byDb: new WeakMap() }, next);
}

/** Runs `next` (the rest of a request that may write) outside any memo, whatever context it was called in. */
export function withoutRequestReads(next: () => void): void {
  storage.exit(next);
}

/** The memo of the current read request for this database, or undefined outside one. */
export function requestReads(db: object): Memo | undefined {
  if (db instanceof PgTransaction) return undefined;
  const store = storage.getStore();
  if (!store) return undefined;
  let m = store.byDb.get(db);
  if (!m) {
    m = { versions: new Map(), loadedAt: new Map(), reads: new Map() };
    store.byDb.set(db, m);
  }
  return m;
}

/**
 * A read asked once per read request (the demo's parameters, asked by the spend report and by its
 * forecast, by the budget framework and by its notes): the later callers share the first one's
 * answer. Outside a read request (a write, a transaction, the CLI) it reads each time.
 */
export function onceInRequest<T>(db: object, key: string, read: () => Promise<T>): Promise<T> {
  const memo = requestReads(db);
  if (!memo) return read();
  let p = memo.reads.get(key) as Promise<T> | undefined;
  if (!p) {
    p = read();
    memo.reads.set(key, p);
    // A failed read is not kept: a later caller asks again.
    p.catch(() => memo.reads.delete(key));
  }
  return p;
}
