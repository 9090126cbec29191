/**
 * The memo of a read request (src/app/request-reads.ts, issue #14): only inside a read request,
 * one per request, never for a transaction; a read asked twice in a request is sent once.
 */
import { describe, expect, it } from 'vitest';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { onceInRequest, requestReads, withRequestReads } from '../../src/app/request-reads.js';

const inRequest = <T>(f: () => Promise<T>) => new Promise<T>((resolve, reject) => withRequestReads(() => void f().then(resolve, reject)));

describe('the memo of a read request', () => {
  const db = {};

  it('outside a read request (a write, the CLI) there is none, and every read is sent', async () => {
    expect(requestReads(db)).toBeUndefined();
    let sent = 0;
    await onceInRequest(db, 'k', async () => ++sent);
    await onceInRequest(db, 'k', async () => ++sent);
    expect(sent).toBe(2);
  });

  it('inside one, a read asked twice (also after an await) is sent once; another request sends its own', async () => {
    let sent = 0;
    const read = async () => ++sent;
    const one = await inRequest(async () => {
      const a = await onceInRequest(db, 'demo_runs|wbo', read);
      await new Promise((r) => setTimeout(r, 1));
      const b = await onceInRequest(db, 'demo_runs|wbo', read);
      return [a, b];
    });
    expect(one).toEqual([1, 1]);
    const two = await inRequest(() => onceInRequest(db, 'demo_runs|wbo', read));
    expect(two).toBe(2);
  });

  it('versions and load times are kept per database (primary and read replica apart)', async () => {
    const replica = {};
    await inRequest(async () => {
      requestReads(db)!.versions.set('data|contracts|wbo', '7');
      expect(requestReads(db)!.versions.get('data|contracts|wbo')).toBe('7');
      expect(requestReads(replica)!.versions.has('data|contracts|wbo')).toBe(false);
    });
  });

  it('a transaction reads over its own connection, never from the memo', async () => {
    const tx = Object.create(PgTransaction.prototype) as object;
    await inRequest(async () => {
      expect(requestReads(tx)).toBeUndefined();
      let sent = 0;
      await onceInRequest(tx, 'k', async () => ++sent);
      await onceInRequest(tx, 'k', async () => ++sent);
      expect(sent).toBe(2);
    });
  });
});
