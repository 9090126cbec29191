/**
 * Independent reads at the same time where that can help, one after the other where it cannot.
 *
 * On the pool (`Db` outside a transaction) each read takes its own connection, so under many users
 * the reads of one request do not wait for each other's round trips (issue #14). Inside a
 * transaction every read goes over the same connection: node-postgres would only queue them, and
 * queueing a query on a busy client is deprecated (removed in pg 9), so there they run in order.
 * The reads are passed as functions, so none starts before its turn.
 */
import { PgTransaction } from 'drizzle-orm/pg-core';

type Reads = readonly (() => PromiseLike<unknown>)[];
type Results<T extends Reads> = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };

export async function readsTogether<const T extends Reads>(db: unknown, reads: T): Promise<Results<T>> {
  if (!(db instanceof PgTransaction)) return (await Promise.all(reads.map((read) => read()))) as Results<T>;
  const out: unknown[] = [];
  for (const read of reads) out.push(await read());
  return out as Results<T>;
}
