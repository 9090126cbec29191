/**
 * Issue #14 point 3: the national set's volumes follow its parameters. At a tiny scale, two
 * synthetic copies of West-Brabant Oost (demo years 2023-2026, profiles/wbo/demo.yaml `jaren`; P x Q
 * care declared monthly): the first with one year of declared history, the second with three (the
 * default), loaded with other copies at once over separate connections.
 *
 * Hand calculation with today 2026-11-22: the last declarable month is 2026-10. One history year
 * starts 2025-01: 12 + 10 = 22 declared months. Three start 2023-01 (within the demo years): 36 +
 * 10 = 46 months. An allocation is declared at most once per month (corrections resend a month).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { copyId, generateNational, nationalBases, type NationalResult } from '../../src/demo/national.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
let testDb: TestDb;
let s: Started;
let first: NationalResult;
let rest: NationalResult;
let copies: number;
let oneId: string;
let threeId: string;
const progress: number[] = [];
const rows = async <T>(q: ReturnType<typeof sql>) => ((await s.database.db.execute(q)) as unknown as { rows: T[] }).rows;

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { today: TODAY });
  const bases = nationalBases(TODAY).map((b) => b.profile.regio);
  const w = bases.indexOf('wbo') + 1;
  oneId = copyId(w, 'wbo');
  copies = w + bases.length; // the last copy is the second copy of WBO
  threeId = copyId(copies, 'wbo');
  // The demo's allocation and line periods (one allocation per trajectory, a line per month): the
  // national set's own assumptions are tested in national-assumptions.test.ts.
  const periods = { allocationPeriod: 'trajectory', linePeriod: 'month' } as const;
  first = await generateNational(s.database, { today: TODAY, scale: 0.005, regions: w, funding: true, historyYears: 1, ...periods });
  rest = await generateNational(s.database, {
    today: TODAY,
    scale: 0.005,
    regions: copies,
    funding: true,
    concurrency: 3,
    ...periods,
    onProgress: (p) => progress.push(p.done),
  });
}, 900_000);

afterAll(async () => {
  await s?.database.close();
  await testDb?.drop();
});

interface Volume {
  region_id: string;
  youths: number;
  allocations: number;
  lines: number;
  first_month: string;
  last_month: string;
  max_months: number;
}

const volumes = async (regionId: string): Promise<Volume> => {
  const [v] = await rows<Volume>(sql`
    select ${regionId} as region_id,
      (select count(*)::int from youths where region_id = ${regionId}) as youths,
      (select count(*)::int from allocations where region_id = ${regionId}) as allocations,
      (select count(*)::int from declaration_lines where region_id = ${regionId}) as lines,
      (select to_char(min(begindatum), 'YYYY-MM') from declaration_lines where region_id = ${regionId}) as first_month,
      (select to_char(max(begindatum), 'YYYY-MM') from declaration_lines where region_id = ${regionId}) as last_month,
      (select coalesce(max(n), 0)::int from (
        select count(distinct date_trunc('month', begindatum))::int as n from declaration_lines
        where region_id = ${regionId} and debet_credit = 'D' group by toewijzing_nummer) m) as max_months`);
  return v!;
};

describe('national set: volumes follow the parameters (tiny scale)', () => {
  it('one history year: lines from 2025-01 through 2026-10, at most 22 months per allocation', async () => {
    expect(first.regions.at(-1)).toBe(oneId);
    const v = await volumes(oneId);
    expect(v.allocations).toBeGreaterThan(0);
    expect(v.first_month).toBe('2025-01');
    expect(v.last_month).toBe('2026-10');
    expect(v.max_months).toBeGreaterThan(12);
    expect(v.max_months).toBeLessThanOrEqual(22);
    const [t] = await rows<{ a: number; l: number }>(sql`
      select (select count(*)::int from allocations where region_id = any(${sql.param(first.regions)}::text[])) as a,
        (select count(*)::int from declaration_lines where region_id = any(${sql.param(first.regions)}::text[])) as l`);
    expect(first.totals.allocations).toBe(t!.a);
    expect(first.totals.declarationLines).toBe(t!.l);
  });

  it('three history years: lines from 2023-01, at most 46 months per allocation, more allocations and lines per youth', async () => {
    expect(rest.regions.at(-1)).toBe(threeId);
    const one = await volumes(oneId);
    const three = await volumes(threeId);
    expect(three.first_month).toBe('2023-01');
    expect(three.last_month).toBe('2026-10');
    expect(three.max_months).toBeGreaterThan(22);
    expect(three.max_months).toBeLessThanOrEqual(46);
    expect(three.allocations / three.youths).toBeGreaterThan(one.allocations / one.youths);
    expect(three.lines / three.youths).toBeGreaterThan((1.5 * one.lines) / one.youths);
  });

  it('copies loaded at once: every copy counted once, the totals are what the database holds', async () => {
    expect(progress).toEqual(Array.from({ length: copies }, (_, k) => k + 1));
    // The first run's copies existed (their funding too): the second run added the other copies only.
    const added = rest.regions.filter((r) => !first.regions.includes(r));
    expect(rest.totals.youths).toBe(
      (await rows<{ n: number }>(sql`select count(*)::int as n from youths where region_id = any(${sql.param(added)}::text[])`))[0]!.n,
    );
    const [a] = await rows<{ n: number }>(sql`select count(*)::int as n from allocations where region_id = any(${sql.param(added)}::text[])`);
    const [l] = await rows<{ n: number }>(sql`select count(*)::int as n from declaration_lines where region_id = any(${sql.param(added)}::text[])`);
    expect(rest.totals.allocations).toBe(a!.n);
    expect(rest.totals.declarationLines).toBe(l!.n);
    expect(rest.phases.funding).toBeGreaterThan(0);
    const runs = await rows<{ region_id: string }>(
      sql`select region_id from demo_runs where region_id like 'nl%' and counts->'funding' is not null order by 1`,
    );
    expect(runs.map((r) => r.region_id)).toEqual([...rest.regions].sort());
  });
});
