/**
 * A node-postgres pool whose transactions are served before single statements (issue #14, 200
 * clients with writes). Drizzle runs a transaction on a connection taken with `pool.connect()` and
 * every other statement with `pool.query()`. Under many readers every connection is busy and both
 * wait in one first-come queue: a write waited there for each of its transactions (30-100 ms at the
 * median, 100-240 ms at p95 under the realistic mix with 2% writes), and its locks and its answer
 * waited with it. Here a `connect()` that has to wait is put in the queue after the transactions
 * already waiting and before every waiting `query()`, so a write gets the next connection that a
 * read gives back (reads hold one for a single statement). Nothing is reserved: with no write
 * waiting the reads have every connection, and the number of connections stays DATABASE_POOL_SIZE.
 * Reads are only delayed, never refused, and a transaction never waits for a read to start.
 */
import type { Pool, PoolConfig } from 'pg';

/** The pg-pool internals this relies on (pg-pool 3: a FIFO array served from the front by `_pulseQueue`). */
interface PendingItem {
  writeFirst?: boolean;
}
interface PoolInternals {
  _pendingQueue?: PendingItem[];
}

export function writesFirstPool(PoolClass: typeof Pool, config: PoolConfig): Pool {
  const pool = new PoolClass(config);
  const internals = pool as unknown as PoolInternals;
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  // pg-pool's query() takes its connection through this.connect(), synchronously: such a connect is a read's.
  let inQuery = 0;
  Object.assign(pool, {
    query: (...args: unknown[]) => {
      inQuery++;
      try {
        return query(...args);
      } finally {
        inQuery--;
      }
    },
    connect: (...args: unknown[]) => {
      const queue = internals._pendingQueue;
      const before = Array.isArray(queue) ? queue.length : -1;
      const result = connect(...args);
      if (inQuery === 0 && Array.isArray(queue) && queue.length === before + 1) {
        // Queued at the end: move it behind the transactions waiting before it, ahead of the reads.
        const item = queue.pop()!;
        item.writeFirst = true;
        let at = 0;
        while (at < queue.length && queue[at]!.writeFirst) at++;
        queue.splice(at, 0, item);
      }
      return result;
    },
  });
  return pool;
}
