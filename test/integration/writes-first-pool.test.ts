/**
 * Writes first (issue #14, 200 clients with writes): when every pooled connection is busy, a
 * transaction (Drizzle takes it with pool.connect()) gets the next connection given back before the
 * single statements (pool.query()) that were waiting longer, and transactions keep their own order.
 * PostgreSQL only: PGlite has one connection and no pool.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { writesFirstPool } from '../../src/db/writes-first-pool.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const PG = !!process.env.DATABASE_URL;
const tick = () => new Promise((r) => setTimeout(r, 50));
/** Connections checked out and not given back (pg-pool hands the same client object out again after a release). */
const out: pg.PoolClient[] = [];
const take = (c: pg.PoolClient) => (out.push(c), c);
const release = (c: pg.PoolClient) => {
  const i = out.indexOf(c);
  if (i < 0) return;
  out.splice(i, 1);
  c.release();
};

describe.skipIf(!PG)('writes-first pool', () => {
  let t: TestDb;
  let database: Database;
  beforeAll(async () => {
    t = await createTestDatabase();
    database = await openDatabase({ ...t.open, poolSize: 2 });
  });
  afterAll(async () => {
    await database?.close();
    await t?.drop();
  });

  it('gives a freed connection to a waiting transaction before the statements that waited longer', async () => {
    const pool = writesFirstPool(pg.Pool, { connectionString: process.env.DATABASE_URL, max: 2 });
    try {
      const held = [take(await pool.connect()), take(await pool.connect())];
      const order: string[] = [];
      const read1 = pool.query('select 1').then(() => order.push('read 1'));
      const read2 = pool.query('select 2').then(() => order.push('read 2'));
      const write1 = pool.connect().then((c) => (order.push('write 1'), take(c)));
      const read3 = pool.query('select 3').then(() => order.push('read 3'));
      const write2 = pool.connect().then((c) => (order.push('write 2'), take(c)));
      await tick();
      expect(order).toEqual([]);
      // One connection back: the first transaction gets it; the reads still wait.
      release(held[0]!);
      const w1 = await write1;
      await tick();
      expect(order).toEqual(['write 1']);
      // The second one back: the second transaction, then (when the transactions give theirs back) the reads in their order.
      release(held[1]!);
      const w2 = await write2;
      await tick();
      expect(order).toEqual(['write 1', 'write 2']);
      release(w1);
      release(w2);
      await Promise.all([read1, read2, read3]);
      expect(order.slice(2).sort()).toEqual(['read 1', 'read 2', 'read 3']);
      expect(order.indexOf('read 1')).toBeLessThan(order.indexOf('read 3'));
    } finally {
      // A failed expectation leaves connections out (and waiters that take them next): give them back, or end() waits for them.
      for (let round = 0; round < 5; round++) {
        for (const c of [...out]) release(c);
        await tick();
      }
      await pool.end();
    }
  });

  it('without anything waiting, reads and transactions use every connection as before', async () => {
    const pool = writesFirstPool(pg.Pool, { connectionString: process.env.DATABASE_URL, max: 2 });
    try {
      const [a, b] = await Promise.all([pool.query('select 1 as n'), pool.query('select 2 as n')]);
      expect([a.rows[0].n, b.rows[0].n]).toEqual([1, 2]);
      const c = await pool.connect();
      expect((await c.query('select 3 as n')).rows[0].n).toBe(3);
      c.release();
      expect(pool.totalCount).toBeLessThanOrEqual(2);
    } finally {
      await pool.end();
    }
  });

  it("is the server's pool: a Drizzle transaction runs before a read that waited longer", async () => {
    const driver = database.driver;
    if (driver.kind !== 'postgres') throw new Error('PostgreSQL expected');
    const held = [take(await driver.pool.connect()), take(await driver.pool.connect())];
    const order: string[] = [];
    const read = database.db.execute(sql`select 1`).then(() => order.push('read'));
    const write = database.db
      .transaction(async (tx) => {
        await tx.execute(sql`select 2`);
      })
      .then(() => order.push('transaction'));
    await tick();
    release(held[0]!);
    try {
      await write;
      expect(order).toEqual(['transaction']);
    } finally {
      release(held[1]!);
    }
    await read;
    expect(order).toEqual(['transaction', 'read']);
  });
});
