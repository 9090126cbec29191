/**
 * Issue #14 read models: spend_monthly and allocation_declared (migration 0009) follow every write
 * to declaration_lines (insert, the credited mark a credit sets, delete), so the spend screens read
 * them instead of the lines. Expected values are computed by hand from the lines written here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { careSummary } from '../../src/app/care.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

let testDb: TestDb;
let s: Started;
type Row = Record<string, unknown>;
const q = async (text: ReturnType<typeof sql>) => ((await s.database.db.execute(text)) as unknown as { rows: Row[] }).rows;

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { today: '2026-11-22' });
  await q(sql`insert into declarations (id, region_id, provider_agb, declaratie_nummer, content_hash, received_at, submitted_cents, approved_cents, line_count, rejected_count, answer_xml, received_gzip)
    values (900001, 'wbo', '98100037', 'D1', 'h1', now(), 0, 0, 0, 0, '', '\\x00'::bytea)`);
}, 120_000);

afterAll(async () => {
  await s?.database.close();
  await testDb?.drop();
});

/** One line: agb 98100037, segment slt, municipality 0758 unless given. */
const line = (l: {
  ref: string;
  nummer: number;
  begin: string;
  end: string;
  volume: number;
  dc: 'D' | 'C';
  approved: boolean;
  cents: number;
  vorig?: string;
  segment?: string | null;
  gemeente?: string | null;
}) =>
  sql`(900001, 'wbo', '98100037', ${l.ref}, ${l.vorig ?? null}, ${l.nummer}, ${l.segment === undefined ? 'slt' : l.segment}, ${l.gemeente === undefined ? '0758' : l.gemeente}, '45', '45A01',
    ${l.begin}::date, ${l.end}::date, ${l.volume}, '04', ${Math.abs(l.cents)}, ${l.dc}, ${l.approved}, '{}', ${l.approved ? l.cents : 0})`;
const insert = (...lines: ReturnType<typeof line>[]) =>
  q(sql`insert into declaration_lines (declaration_id, region_id, provider_agb, referentie_nummer, vorig_referentie_nummer, toewijzing_nummer, segment_id, municipality_code,
      product_categorie, product_code, begindatum, einddatum, volume, eenheid, bedrag_cents, debet_credit, approved, codes, amount_cents) values ${sql.join(lines, sql`, `)}`);

const spend = () =>
  q(
    sql`select segment_id, municipality_code, month::text, approved_cents::int as cents, lines, rejected_lines from spend_monthly where region_id = 'wbo' order by month, segment_id, municipality_code`,
  );
const declared = () =>
  q(sql`select toewijzing_nummer as n, net_volume::int as volume, last_debit_end::text as last from allocation_declared where region_id = 'wbo' order by 1`);

describe('read models kept current on write (spend_monthly, allocation_declared)', () => {
  it('an insert adds approved amounts per month, counts lines and rejected lines', async () => {
    await insert(
      line({ ref: 'A1', nummer: 1001, begin: '2026-03-01', end: '2026-03-31', volume: 8, dc: 'D', approved: true, cents: 12_000 }),
      line({ ref: 'A2', nummer: 1002, begin: '2026-03-10', end: '2026-03-31', volume: 2, dc: 'D', approved: true, cents: 3_000 }),
      line({ ref: 'A3', nummer: 1002, begin: '2026-03-01', end: '2026-03-09', volume: 99, dc: 'D', approved: false, cents: 148_500 }),
      line({ ref: 'A4', nummer: 1001, begin: '2026-04-01', end: '2026-04-30', volume: 6, dc: 'D', approved: true, cents: 9_000 }),
      line({ ref: 'A5', nummer: 1003, begin: '2026-04-01', end: '2026-04-30', volume: 1, dc: 'D', approved: true, cents: 500, segment: null, gemeente: null }),
    );
    // March: 12,000 + 3,000 approved, the rejected line counted but not paid; April: 9,000 (slt/0758) and 500 under '?'.
    expect(await spend()).toEqual([
      { segment_id: 'slt', municipality_code: '0758', month: '2026-03-01', cents: 15_000, lines: 3, rejected_lines: 1 },
      { segment_id: '?', municipality_code: '?', month: '2026-04-01', cents: 500, lines: 1, rejected_lines: 0 },
      { segment_id: 'slt', municipality_code: '0758', month: '2026-04-01', cents: 9_000, lines: 1, rejected_lines: 0 },
    ]);
    // 1001: 8 + 6 units, last debit to 30 April; 1002: only the approved 2 units; 1003: 1.
    expect(await declared()).toEqual([
      { n: 1001, volume: 14, last: '2026-04-30' },
      { n: 1002, volume: 2, last: '2026-03-31' },
      { n: 1003, volume: 1, last: '2026-04-30' },
    ]);
  });

  it('a credit subtracts, and marking its debit credited moves the last open debit back', async () => {
    await insert(line({ ref: 'C4', vorig: 'A4', nummer: 1001, begin: '2026-04-01', end: '2026-04-30', volume: 6, dc: 'C', approved: true, cents: -9_000 }));
    await q(sql`update declaration_lines set credited = true where referentie_nummer = 'A4'`);
    const april = (await spend()).find((r) => r.segment_id === 'slt' && r.month === '2026-04-01');
    expect(april).toEqual({ segment_id: 'slt', municipality_code: '0758', month: '2026-04-01', cents: 0, lines: 2, rejected_lines: 0 });
    // 14 - 6 = 8 units; the April debit is credited, so the last open debit ends 31 March.
    expect((await declared())[0]).toEqual({ n: 1001, volume: 8, last: '2026-03-31' });
  });

  it('a delete takes the lines out again', async () => {
    await q(sql`delete from declaration_lines where referentie_nummer in ('A2', 'A3')`);
    const march = (await spend()).find((r) => r.month === '2026-03-01');
    expect(march).toEqual({ segment_id: 'slt', municipality_code: '0758', month: '2026-03-01', cents: 12_000, lines: 1, rejected_lines: 0 });
    expect((await declared()).map((r) => r.n)).toEqual([1001, 1003]);
  });

  it('equals the aggregate over the lines themselves', async () => {
    const direct =
      await q(sql`select coalesce(segment_id, '?') as segment_id, coalesce(municipality_code, '?') as municipality_code, date_trunc('month', begindatum)::date::text as month,
        coalesce(sum(amount_cents) filter (where approved), 0)::int as cents, count(*)::int as lines, (count(*) filter (where not approved))::int as rejected_lines
      from declaration_lines where region_id = 'wbo' group by 1, 2, 3 order by 3, 1, 2`);
    expect(await spend()).toEqual(direct);
  });

  it('the spend screen query uses the index of spend_monthly, not the lines', async () => {
    const plan = (await q(sql`explain select max(month) from spend_monthly where region_id = 'wbo' and month < '2026-11-01'`))
      .map((r) => Object.values(r)[0])
      .join('\n');
    expect(plan).not.toMatch(/declaration_lines/);
  });

  it('the care summary is kept until a trajectory is written, and then follows it', async () => {
    const beleid = { userId: 1, username: 'beleid.wbo', role: 'beleid' as const, regionId: 'wbo', municipalityCode: null, providerId: null };
    const [f] = await q(sql`insert into families (region_id, municipality_code) values ('wbo', '0758') returning id`);
    const [y] = await q(sql`insert into youths (region_id, family_id, bsn, pseudonym, given_name, family_name, birth_date, gender, municipality_code)
      values ('wbo', ${f!.id}, '999990019', 'p1', 'Sam', 'Jansen', '2015-03-01', '1', '0758') returning id`);
    const [p] = await q(
      sql`insert into providers (region_id, agb_code, name, kind) values ('wbo', '98000001', 'Aanbieder A', 'jeugdhulpaanbieder') returning id`,
    );
    const add = (start: string, end: string) =>
      q(sql`insert into trajectories (region_id, youth_id, provider_id, segment_id, municipality_code, product_category, referrer, start_date, end_date)
      values ('wbo', ${y!.id}, ${p!.id}, 'slt', '0758', '45', '01', ${start}::date, ${end}::date)`);
    await add('2025-02-01', '2025-06-30');
    const first = await careSummary(s.database.db, beleid, 'wbo', { from: 2025, to: 2025 });
    // One youth with one trajectory in 2025.
    expect(first.byYear).toEqual([{ year: 2025, youths: 1, trajectories: 1 }]);
    expect(await careSummary(s.database.db, beleid, 'wbo', { from: 2025, to: 2025 })).toEqual(first);
    const cached = await q(sql`select count(*)::int as n from read_model_cache where region_id = 'wbo'`);
    expect(cached[0]!.n).toBe(1);
    // A second trajectory of the same youth in 2025: still one youth, now two trajectories.
    await add('2025-09-01', '2025-12-31');
    expect((await careSummary(s.database.db, beleid, 'wbo', { from: 2025, to: 2025 })).byYear).toEqual([{ year: 2025, youths: 1, trajectories: 2 }]);
  });
});
