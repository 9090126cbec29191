/**
 * The spend reports' lines and their "declared through" month in one statement (spendLinesWithLast,
 * src/app/funding/spend-scope.ts; issue #14). By hand, on spend_monthly rows of one region:
 *
 *   provider A, segment S: 2025-10 100.00, 2025-11 200.00, 2025-12 300.00 approved;
 *                          2026-01 one line, rejected (nothing approved)
 *   provider B, segment S: 2025-12 50.00 approved
 *
 * - Report 2026 on 2026-02-10: the last month with approved lines before February is 2025-12
 *   (January was only rejected), so the lines start two months before it, in 2025-10 (the run
 *   rate needs them), not on 1 January; January is left out (no approved line).
 * - Report 2025 on 2026-02-10: from 1 January 2025 to 31 December 2025.
 * - Provider A's own view: its lines only; provider B's own view: declared through 2025-12, its one month.
 * - Report 2026 on 2025-06-15 (nothing declared before June 2025): declared through none, no lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type Started } from '../../src/app/startup.js';
import { spendLinesWithLast, type FundingView } from '../../src/app/funding/spend-scope.js';
import { spendMonthly } from '../../src/db/schema.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const REGION = 'wbo';
let testDb: TestDb;
let s: Started;

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { today: '2026-02-10' });
  const row = (agb: string, month: string, approvedCents: number, lines: number, rejectedLines = 0) => ({
    regionId: REGION,
    providerAgb: agb,
    segmentId: 'S',
    municipalityCode: '0758',
    month,
    approvedCents,
    lines,
    rejectedLines,
  });
  await s.database.db
    .insert(spendMonthly)
    .values([
      row('A', '2025-10-01', 10_000, 1),
      row('A', '2025-11-01', 20_000, 2),
      row('A', '2025-12-01', 30_000, 3),
      row('A', '2026-01-01', 0, 1, 1),
      row('B', '2025-12-01', 5_000, 1),
    ]);
});
afterAll(async () => {
  await s?.database.close();
  await testDb?.drop();
});

const region: FundingView = { kind: 'region', label: 'regio' };
const sorted = (rows: { keys: string[]; month: string; cents: number }[]) => rows.map((r) => `${r.keys.join('/')} ${r.month} ${r.cents}`).sort();

describe('the lines of a spend report with the month declared through, in one statement', () => {
  it('2026 on 10 February 2026: declared through 2025-12, lines from 2025-10 (two months before), January left out', async () => {
    const r = await spendLinesWithLast(s.database.db, REGION, region, { asOfMonth: '2026-02', year: 2026 }, [spendMonthly.providerAgb]);
    expect(r.declaredThrough).toBe('2025-12');
    expect(sorted(r.rows)).toEqual(['A 2025-10 10000', 'A 2025-11 20000', 'A 2025-12 30000', 'B 2025-12 5000']);
  });

  it('2025 on 10 February 2026: the whole year 2025, grouped by provider and segment', async () => {
    const r = await spendLinesWithLast(s.database.db, REGION, region, { asOfMonth: '2026-02', year: 2025 }, [spendMonthly.providerAgb, spendMonthly.segmentId]);
    expect(r.declaredThrough).toBe('2025-12');
    expect(sorted(r.rows)).toEqual(['A/S 2025-10 10000', 'A/S 2025-11 20000', 'A/S 2025-12 30000', 'B/S 2025-12 5000']);
  });

  it("a provider's own view: its own lines and its own last month", async () => {
    const a = await spendLinesWithLast(s.database.db, REGION, { kind: 'provider', providerId: 1, agb: 'A', label: 'A' }, { asOfMonth: '2026-02', year: 2026 }, [
      spendMonthly.segmentId,
    ]);
    expect(a.declaredThrough).toBe('2025-12');
    expect(sorted(a.rows)).toEqual(['S 2025-10 10000', 'S 2025-11 20000', 'S 2025-12 30000']);
    const b = await spendLinesWithLast(s.database.db, REGION, { kind: 'provider', providerId: 2, agb: 'B', label: 'B' }, { asOfMonth: '2026-02', year: 2026 }, [
      spendMonthly.segmentId,
    ]);
    expect(b.declaredThrough).toBe('2025-12');
    expect(sorted(b.rows)).toEqual(['S 2025-12 5000']);
  });

  it('nothing declared before the reference month: declared through none, and no lines of the report year', async () => {
    const r = await spendLinesWithLast(s.database.db, REGION, region, { asOfMonth: '2025-06', year: 2026 }, [spendMonthly.providerAgb]);
    expect(r).toEqual({ declaredThrough: null, rows: [] });
  });
});
