/**
 * Issue #14: `serve` prepares the demo regions in the background, and the server may be stopped
 * half-way through a region's caseload (each case is its own transaction). The next start must not
 * leave half a caseload: demo_runs records when the caseload is complete, and a run that finds cases
 * without that mark continues the caseload with youths that have no case yet, up to the same number
 * of cases as one uninterrupted run. Once complete, nothing is made again.
 *
 * Since the bulk (issue #14): the first case of every kind goes through the use cases, one
 * transaction each; the rest is made in memory and written in one transaction with the complete
 * mark. A run stopped during the bulk leaves the showcase only, and the next run makes the bulk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { prepareDemoRegion, start, type Started } from '../../src/app/startup.js';
import { DEMO_SEED } from '../../src/demo/region.js';
import { ensureDemoCases } from '../../src/demo/cases.js';
import { cases, demoRuns } from '../../src/db/schema.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
const REGION = 'wbo';
const dbs: TestDb[] = [];
const started: Started[] = [];

async function fresh(): Promise<Started> {
  const t = await createTestDatabase();
  dbs.push(t);
  // Populations only (as `serve` before it listens); the caseload is made below.
  const s = await start(t.open, { demo: [REGION], today: TODAY, scale: 0.05, deferDemo: true });
  started.push(s);
  return s;
}

async function caseload(s: Started) {
  const db = s.database.db;
  const [c] = await db
    .select({ n: sql<number>`count(*)::int`, youths: sql<number>`count(distinct ${cases.youthId})::int` })
    .from(cases)
    .where(eq(cases.regionId, REGION));
  const [run] = await db.select({ counts: demoRuns.counts }).from(demoRuns).where(eq(demoRuns.regionId, REGION));
  return { cases: Number(c!.n), youths: Number(c!.youths), complete: (run!.counts as { casesComplete?: boolean }).casesComplete === true };
}

let whole: Awaited<ReturnType<typeof caseload>>;
let stopped: Awaited<ReturnType<typeof caseload>>;
let resumed: Awaited<ReturnType<typeof caseload>>;
let again: Awaited<ReturnType<typeof caseload>>;
let secondRun: Awaited<ReturnType<typeof ensureDemoCases>>;
let bulkWhole: Awaited<ReturnType<typeof caseload>>;
let bulkStopped: Awaited<ReturnType<typeof caseload>>;
let bulkResumed: Awaited<ReturnType<typeof caseload>>;
let showcase: number;
const BULK_COUNT = 70;

beforeAll(async () => {
  const a = await fresh();
  await ensureDemoCases(a.database.db, REGION, TODAY, DEMO_SEED);
  whole = await caseload(a);

  const b = await fresh();
  // Stopped after three cases, as a stopped server would be (`between` runs after every case).
  let made = 0;
  const stop = new Error('stopped');
  await expect(
    ensureDemoCases(b.database.db, REGION, TODAY, DEMO_SEED, {
      between: async () => {
        if (++made === 3) throw stop;
      },
    }),
  ).rejects.toBe(stop);
  stopped = await caseload(b);
  // The next start prepares the region in the background: the caseload continues.
  await prepareDemoRegion(b.database.db, REGION, TODAY);
  resumed = await caseload(b);
  secondRun = await ensureDemoCases(b.database.db, REGION, TODAY, DEMO_SEED);
  again = await caseload(b);

  // A caseload larger than the showcase, stopped five cases into the bulk.
  const c = await fresh();
  const first = await ensureDemoCases(c.database.db, REGION, TODAY, DEMO_SEED, { count: BULK_COUNT });
  bulkWhole = await caseload(c);
  const d = await fresh();
  let calls = 0;
  await expect(
    ensureDemoCases(d.database.db, REGION, TODAY, DEMO_SEED, {
      count: BULK_COUNT,
      between: async () => {
        if (++calls === first!.kinds + 5) throw stop;
      },
    }),
  ).rejects.toBe(stop);
  showcase = first!.showcase;
  bulkStopped = await caseload(d);
  await ensureDemoCases(d.database.db, REGION, TODAY, DEMO_SEED, { count: BULK_COUNT });
  bulkResumed = await caseload(d);
}, 600_000);

afterAll(async () => {
  for (const s of started) await s.database.close();
  for (const t of dbs) await t.drop();
});

describe('demo caseload stopped half-way and started again', () => {
  it('a whole run is marked complete', () => {
    expect(whole.cases).toBeGreaterThan(10);
    expect(whole.complete).toBe(true);
  });
  it('had part of the caseload, not marked complete, when it was stopped', () => {
    expect(stopped.cases).toBeGreaterThanOrEqual(3);
    expect(stopped.cases).toBeLessThan(whole.cases);
    expect(stopped.complete).toBe(false);
  });
  it('continues to a whole caseload (the same number of cases, give or take a sibling pair), one case per youth', () => {
    expect(resumed.cases).toBeGreaterThanOrEqual(whole.cases - 1);
    expect(resumed.cases).toBeLessThanOrEqual(whole.cases + 1);
    expect(resumed.youths).toBe(resumed.cases);
    expect(resumed.complete).toBe(true);
  });
  it('a run stopped during the bulk keeps the showcase only (one transaction for the bulk), not marked complete', () => {
    expect(bulkWhole.cases).toBeGreaterThanOrEqual(BULK_COUNT);
    expect(showcase).toBeGreaterThan(10);
    expect(showcase).toBeLessThan(BULK_COUNT);
    expect(bulkStopped.cases).toBe(showcase);
    expect(bulkStopped.complete).toBe(false);
  });
  it('the next run makes the bulk: a whole caseload, one case per youth', () => {
    expect(bulkResumed.cases).toBeGreaterThanOrEqual(bulkWhole.cases - 1);
    expect(bulkResumed.cases).toBeLessThanOrEqual(bulkWhole.cases + 1);
    expect(bulkResumed.youths).toBe(bulkResumed.cases);
    expect(bulkResumed.complete).toBe(true);
  });
  it('makes nothing again once complete', () => {
    expect(secondRun).toBeNull();
    expect(again.cases).toBe(resumed.cases);
  });
});
