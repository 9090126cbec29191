import { describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { sql } from 'drizzle-orm';
import { readsTogether } from '../../src/db/reads-together.js';

/** A read that records when it starts and ends, and yields to the event loop in between. */
function tracedRead(log: string[], name: string, value: number) {
  return async () => {
    log.push(`start ${name}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    log.push(`end ${name}`);
    return value;
  };
}

describe('readsTogether (issue #14: reads of one request together on the pool, in order inside a transaction)', () => {
  it('outside a transaction every read starts before the first one ends, results in the order given', async () => {
    const log: string[] = [];
    const db = drizzle(new PGlite());
    const out = await readsTogether(db, [tracedRead(log, 'a', 1), tracedRead(log, 'b', 2), tracedRead(log, 'c', 3)]);
    expect(out).toEqual([1, 2, 3]);
    expect(log.slice(0, 3)).toEqual(['start a', 'start b', 'start c']);
  });

  it('inside a transaction the reads run one after the other (one connection: nothing queued on a busy client)', async () => {
    const log: string[] = [];
    const db = drizzle(new PGlite());
    const out = await db.transaction(async (tx) =>
      readsTogether(tx, [tracedRead(log, 'a', 1), async () => (await tx.execute(sql`select 41 + 1 as n`)).rows[0], tracedRead(log, 'c', 3)]),
    );
    expect(out).toEqual([1, { n: 42 }, 3]);
    expect(log).toEqual(['start a', 'end a', 'start c', 'end c']);
  });

  it('a failing read rejects the whole call inside a transaction, and the reads after it do not run', async () => {
    const log: string[] = [];
    const db = drizzle(new PGlite());
    await expect(
      db.transaction(async (tx) =>
        readsTogether(tx, [
          tracedRead(log, 'a', 1),
          async () => {
            throw new Error('kapot');
          },
          tracedRead(log, 'c', 3),
        ]),
      ),
    ).rejects.toThrow('kapot');
    expect(log).toEqual(['start a', 'end a']);
  });
});
