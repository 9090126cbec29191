/**
 * Issue #14: `serve` prepares the demo regions in the background, and the server may be stopped
 * half-way through a region's caseload (each case is its own transaction). The next start must not
 * leave half a caseload: demo_runs records when the caseload is complete, and a run that finds cases
 * without that mark continues the caseload with youths that have no case yet, up to the same number
 * of cases as one uninterrupted run. Once complete, nothing is made again.
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
}, 300_000);

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
  it('makes nothing again once complete', () => {
    expect(secondRun).toBeNull();
    expect(again.cases).toBe(resumed.cases);
  });
});
