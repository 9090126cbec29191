/**
 * Issue #14 (scale): the pieces that keep the first start and the screens fast must not change
 * what is written or shown.
 *
 * - insertRows (src/db/insert-rows.ts) writes the rows insert().values() writes, NULL for a
 *   column left out, and falls back for a column with a default;
 * - the spend report is kept per region data version (migration 0014): a write to a table it reads
 *   shows at the next request, a rolled-back write leaves it as it was, and a write in another
 *   region does not recompute it;
 * - prepareDemoRegion (what `serve` runs in the background) makes the caseload once and marks the
 *   region prepared, so a restart skips it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, sql } from 'drizzle-orm';
import { prepareDemoRegion, start, type Started } from '../../src/app/startup.js';
import { ensureDemoFunding } from '../../src/demo/funding.js';
import { spendReport } from '../../src/app/funding/spend.js';
import { insertRows } from '../../src/db/insert-rows.js';
import { cases, ceilings, demoRuns, providers, readModelVersions, tariffs, users } from '../../src/db/schema.js';
import type { UserScope } from '../../src/domain/access/roles.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
let testDb: TestDb;
let s: Started;

beforeAll(async () => {
  testDb = await createTestDatabase();
  // The way `serve` makes a demo: populations and accounts first, the rest deferred.
  s = await start(testDb.open, { demo: ['wbo', 'holland-rijnland'], today: TODAY, scale: 0.02, deferDemo: true });
  await ensureDemoFunding(s.database.db, 'holland-rijnland', TODAY, { historyYears: 1 });
}, 600_000);
afterAll(async () => {
  await s?.database.close();
  await testDb?.drop();
});

async function scopeOf(username: string): Promise<UserScope> {
  const [u] = await s.database.db.select().from(users).where(eq(users.username, username));
  return {
    userId: u!.id,
    username,
    role: u!.role as UserScope['role'],
    regionId: u!.regionId,
    municipalityCode: u!.municipalityCode,
    providerId: u!.providerId,
  };
}

describe('insertRows', () => {
  it('writes the same rows as insert().values(), NULL where a row leaves a column out', async () => {
    const db = s.database.db;
    const [p] = await db.select({ id: providers.id }).from(providers).where(eq(providers.regionId, 'wbo')).orderBy(asc(providers.id)).limit(1);
    const rows = (segmentId: string) => [
      {
        regionId: 'wbo',
        providerId: p!.id,
        segmentId,
        productCategorie: '45',
        productCode: '45A48',
        eenheid: '14',
        priceCents: 1234,
        validFrom: '2026-01-01',
        contractId: null,
      },
      { regionId: 'wbo', providerId: p!.id, segmentId, productCategorie: '45', eenheid: '01', priceCents: 9_876_543_210, validFrom: '2024-02-29' },
    ];
    await insertRows(db, tariffs, rows('test-bulk'));
    await db.insert(tariffs).values(rows('test-drizzle'));
    const read = async (segmentId: string) =>
      (
        await db
          .select()
          .from(tariffs)
          .where(and(eq(tariffs.regionId, 'wbo'), eq(tariffs.segmentId, segmentId)))
          .orderBy(asc(tariffs.id))
      ).map(({ id: _id, segmentId: _s, ...r }) => r);
    const bulk = await read('test-bulk');
    expect(bulk).toEqual(await read('test-drizzle'));
    expect(bulk).toEqual([
      {
        regionId: 'wbo',
        contractId: null,
        providerId: p!.id,
        productCategorie: '45',
        productCode: '45A48',
        eenheid: '14',
        priceCents: 1234,
        validFrom: '2026-01-01',
      },
      {
        regionId: 'wbo',
        contractId: null,
        providerId: p!.id,
        productCategorie: '45',
        productCode: null,
        eenheid: '01',
        priceCents: 9_876_543_210,
        validFrom: '2024-02-29',
      },
    ]);
  });

  it('on conflict do nothing skips rows that exist; a column with a default left out falls back to insert().values()', async () => {
    const db = s.database.db;
    const [before] = await db.select({ n: sql<number>`count(*)::int` }).from(demoRuns);
    // demo_runs.created_at (or other defaults) are left out: the defaults apply.
    await insertRows(db, demoRuns, [{ regionId: 'wbo', seed: 1, counts: { x: 1 } }], { onConflictDoNothing: true });
    const [after] = await db.select({ n: sql<number>`count(*)::int` }).from(demoRuns);
    expect(after!.n).toBe(before!.n);
    await expect(
      insertRows(db, ceilings, [
        { regionId: 'wbo', year: 2026, amountCents: 1 },
        { regionId: 'nope', year: 2026, amountCents: 2 },
      ]),
    ).rejects.toThrow();
    // Nothing of the failed statement was written.
    const [none] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(ceilings)
      .where(and(eq(ceilings.regionId, 'wbo'), eq(ceilings.amountCents, 1)));
    expect(none!.n).toBe(0);
  });
});

describe('the spend report per data version (migration 0014)', () => {
  it('shows a new ceiling at the next request, not a rolled-back one, and is not recomputed for a write in another region', async () => {
    const db = s.database.db;
    const controller = await scopeOf('controller.holland-rijnland');
    const opts = { year: 2026, by: 'provider' as const, asOf: TODAY };
    const first = await spendReport(db, controller, 'holland-rijnland', opts);
    const row = first.rows.find((r) => r.ceilingCents === undefined && r.spentCents > 0);
    expect(row, 'a provider with spend and no ceiling').toBeDefined();
    const version = async () =>
      (await db.select({ v: readModelVersions.version }).from(readModelVersions).where(eq(readModelVersions.name, 'funding|holland-rijnland')))[0]?.v;
    const v0 = await version();
    expect(v0).toBeDefined();

    // A write in another region leaves this region's version (and so its kept report) alone.
    await db.insert(ceilings).values({ regionId: 'wbo', providerId: null, segmentId: null, year: 2026, amountCents: 5 });
    expect(await version()).toBe(v0);

    // A rolled-back write: the report stays as it was.
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(ceilings).values({ regionId: 'holland-rijnland', providerId: Number(row!.key), segmentId: null, year: 2026, amountCents: 111_00 });
        const inside = await spendReport(tx as never, controller, 'holland-rijnland', opts);
        expect(inside.rows.find((r) => r.key === row!.key)?.ceilingCents).toBe(111_00);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const again = await spendReport(db, controller, 'holland-rijnland', opts);
    expect(again).toEqual(first);

    // A committed write shows at once.
    await db.insert(ceilings).values({ regionId: 'holland-rijnland', providerId: Number(row!.key), segmentId: null, year: 2026, amountCents: 222_00 });
    expect(await version()).not.toBe(v0);
    const after = await spendReport(db, controller, 'holland-rijnland', opts);
    expect(after.rows.find((r) => r.key === row!.key)?.ceilingCents).toBe(222_00);
    // A caller changing its copy does not change the kept report.
    after.rows.length = 0;
    expect((await spendReport(db, controller, 'holland-rijnland', opts)).rows.length).toBe(first.rows.length);
  });
});

describe('prepareDemoRegion', () => {
  it('makes the deferred caseload once and marks the region prepared', async () => {
    const db = s.database.db;
    const count = async () =>
      (
        await db
          .select({ n: sql<number>`count(*)::int` })
          .from(cases)
          .where(eq(cases.regionId, 'wbo'))
      )[0]!.n;
    expect(await count()).toBe(0);
    let yields = 0;
    const p = await prepareDemoRegion(db, 'wbo', TODAY, { between: async () => void yields++ });
    expect(p.prepared).toBe(true);
    expect(p.cases?.cases).toBeGreaterThan(0);
    expect(await count()).toBe(p.cases!.cases);
    expect(yields).toBeGreaterThan(p.cases!.cases);
    const [run] = await db.select({ counts: demoRuns.counts }).from(demoRuns).where(eq(demoRuns.regionId, 'wbo'));
    expect((run!.counts as { prepared?: boolean }).prepared).toBe(true);
    const again = await prepareDemoRegion(db, 'wbo', TODAY);
    expect(again).toEqual({ regionId: 'wbo', cases: null, prepared: false });
    expect(await count()).toBe(p.cases!.cases);
  });
});
