/**
 * Issue #14: the demo population is bulk-loaded with COPY (src/demo/). The loaded rows must be
 * exactly what the pure generator produces, i.e. the same rows the batched-insert path writes,
 * with the same references; a failing COPY leaves nothing behind. Runs on PGlite, and on
 * PostgreSQL (pg-copy-streams) when DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/database.js';
import { start } from '../../src/app/startup.js';
import { ensureDemoRegion } from '../../src/demo/region.js';
import { withBulkSession, copyText } from '../../src/demo/copy.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
const SCALE = 0.03;
let bulkDb: TestDb;
let insertDb: TestDb;
let bulk: Database;
let inserted: Database;

const rows = async (d: Database, q: string) =>
  ((await d.db.execute(sql.raw(q))) as unknown as { rows: Record<string, unknown>[] }).rows.map((r) => JSON.stringify(r));

beforeAll(async () => {
  bulkDb = await createTestDatabase();
  insertDb = await createTestDatabase();
  // start() without --demo loads the profiles only; the demo regions are generated below, once per path.
  bulk = (await start(bulkDb.open, { today: TODAY })).database;
  inserted = (await start(insertDb.open, { today: TODAY })).database;
  expect(await ensureDemoRegion(bulk.db, 'wbo', { today: TODAY, scale: SCALE, database: bulk })).not.toBeNull();
  expect(await ensureDemoRegion(inserted.db, 'wbo', { today: TODAY, scale: SCALE })).not.toBeNull();
}, 240_000);

afterAll(async () => {
  await bulk?.close();
  await inserted?.close();
  await bulkDb?.drop();
  await insertDb?.drop();
});

describe('bulk load of the demo population (COPY)', () => {
  it('writes the same providers, contracts, families, youths and trajectories as the insert path', async () => {
    for (const q of [
      'select agb_code, name, kind, synthetic from providers order by agb_code',
      'select p.agb_code, c.segment_id, c.lot_id, c.start_date::text, c.end_date::text, c.extension_years, c.funding_variant, c.status from contracts c join providers p on p.id = c.provider_id order by 1, 2, 3, 4',
      'select municipality_code, area_id, straatnaam, huisnummer, postcode, plaatsnaam from families order by id',
      'select y.bsn, y.pseudonym, y.given_name, y.family_name, y.birth_date::text, y.gender, y.municipality_code, y.area_id, f.postcode from youths y join families f on f.id = y.family_id order by y.id',
      `select y.bsn, p.agb_code, c.segment_id, c.start_date::text, t.segment_id, t.municipality_code, t.product_category, t.product_code, t.unit, t.volume, t.frequency, t.referrer, t.start_date::text, t.end_date::text
         from trajectories t join youths y on y.id = t.youth_id join providers p on p.id = t.provider_id join contracts c on c.id = t.contract_id order by t.id`,
    ]) {
      const a = await rows(bulk, q);
      const b = await rows(inserted, q);
      expect(a.length).toBeGreaterThan(0);
      expect(a).toEqual(b);
    }
  });

  it('loads the 140 providers of profiles/wbo/demo.yaml (aanbieders.aantal) and records the run with its scale', async () => {
    const n = ((await bulk.db.execute(sql`select count(*)::int as n from providers where region_id = 'wbo'`)) as unknown as { rows: { n: number }[] }).rows[0]!
      .n;
    expect(n).toBe(140);
    const run = (
      (await bulk.db.execute(sql`select counts from demo_runs where region_id = 'wbo'`)) as unknown as { rows: { counts: Record<string, number> }[] }
    ).rows[0]!.counts;
    expect(run.scale).toBe(SCALE);
    expect(run.providers).toBe(140);
    const y = ((await bulk.db.execute(sql`select count(*)::int as n from youths`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
    expect(run.youths).toBe(y);
  });

  it('continues the id sequences after the loaded rows (a later insert gets a fresh id)', async () => {
    const max = ((await bulk.db.execute(sql`select max(id)::int as m from families`)) as unknown as { rows: { m: number }[] }).rows[0]!.m;
    const id = (
      (await bulk.db.execute(sql`insert into families (region_id, municipality_code) values ('wbo', '0758') returning id`)) as unknown as {
        rows: { id: number }[];
      }
    ).rows[0]!.id;
    expect(id).toBeGreaterThan(max);
  });

  it('round-trips awkward text (tabs, newlines, backslashes, quotes), nulls, arrays and JSON', async () => {
    await bulk.db.execute(sql`create table copy_probe (id int, t text, a int[], j jsonb, b boolean)`);
    const values = ['a\tb', 'regel 1\nregel 2', 'C:\\pad\\naar', '"aanhalingstekens"', '\\N', ''];
    await withBulkSession(bulk, (s) =>
      s.copy(
        'copy_probe',
        ['id', 't', 'a', 'j', 'b'],
        values.map((t, i) => [i, t, [1, i], { t }, i % 2 === 0]),
      ),
    );
    await withBulkSession(bulk, (s) => s.copy('copy_probe', ['id', 't', 'a', 'j', 'b'], [[99, null, null, null, null]]));
    const back = (
      (await bulk.db.execute(sql`select id, t, a, j, b from copy_probe order by id`)) as unknown as {
        rows: { id: number; t: string | null; a: number[] | null; j: { t: string } | null; b: boolean | null }[];
      }
    ).rows;
    expect(back.slice(0, values.length).map((r) => r.t)).toEqual(values);
    expect(back.slice(0, values.length).map((r) => r.j!.t)).toEqual(values);
    expect(back[2]!.a).toEqual([1, 2]);
    expect(back.at(-1)).toEqual({ id: 99, t: null, a: null, j: null, b: null });
    expect(copyText(null)).toBe('\\N');
    expect(copyText('x\ty')).toBe('x\\ty');
  });

  it('writes nothing when a COPY fails half-way (one transaction)', async () => {
    const before = ((await bulk.db.execute(sql`select count(*)::int as n from families`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
    await expect(
      withBulkSession(bulk, async (s) => {
        await s.copy(
          'families',
          ['region_id', 'municipality_code'],
          [
            ['wbo', '0758'],
            ['wbo', '0826'],
          ],
        );
        // A region that does not exist breaks the foreign key: the whole session rolls back.
        await s.copy('families', ['region_id', 'municipality_code'], [['bestaat-niet', '0758']]);
      }),
    ).rejects.toThrow();
    const after = ((await bulk.db.execute(sql`select count(*)::int as n from families`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
    expect(after).toBe(before);
  });

  it('checks the foreign keys once per COPY: a new row without its referenced row fails the session, and the per-row checks are on again', async () => {
    const n = async () => ((await bulk.db.execute(sql`select count(*)::int as n from families`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
    const before = await n();
    // families.region_id references regions: 'bestaat-niet' has no region row.
    await expect(
      withBulkSession(bulk, (s) =>
        s.foreignKeysOnce('families', 't.region_id = $1', ['bestaat-niet'], () =>
          s.copy('families', ['region_id', 'municipality_code'], [['bestaat-niet', '0758']]),
        ),
      ),
    ).rejects.toThrow(/violate foreign key|foreign key constraint/);
    expect(await n()).toBe(before);
    // Valid rows go in; afterwards a plain COPY with a dangling reference is refused row by row again.
    await withBulkSession(bulk, (s) =>
      s.foreignKeysOnce('families', 't.region_id = $1 and t.municipality_code = $2', ['wbo', '9999'], () =>
        s.copy('families', ['region_id', 'municipality_code'], [['wbo', '9999']]),
      ),
    );
    expect(await n()).toBe(before + 1);
    await expect(withBulkSession(bulk, (s) => s.copy('families', ['region_id', 'municipality_code'], [['bestaat-niet', '0758']]))).rejects.toThrow();
    expect(await n()).toBe(before + 1);
  });

  it('reserves ascending ids that no other reservation or default takes', async () => {
    const [a, b] = await withBulkSession(bulk, async (s) => [await s.reserveIds('families', 3), await s.reserveIds('families', 2)] as const);
    expect(a).toHaveLength(3);
    expect(a[1]! - a[0]!).toBe(1);
    expect(a[2]! - a[1]!).toBe(1);
    expect(b[0]!).toBeGreaterThan(a[2]!);
    const next = ((await bulk.db.execute(sql`select nextval(pg_get_serial_sequence('families', 'id'))::int as id`)) as unknown as { rows: { id: number }[] })
      .rows[0]!.id;
    expect(next).toBeGreaterThan(b[1]!);
  });
});
