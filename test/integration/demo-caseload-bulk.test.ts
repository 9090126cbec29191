/**
 * Issue #14: the bulk of the demo caseload is made in memory by the same rules and domain
 * transitions as the access use cases and written with COPY (src/demo/case-rows.ts). Here the same
 * caseload (same region, day, seed and number of cases) is made twice in two fresh databases: once
 * with every case through the use cases (registerHelpRequest, applyCaseCommand, changeAllocation),
 * once with the showcase through the use cases and the rest in bulk. The rows that matter must be
 * the same: the cases (state, status, regievoerder, providers, version, times), their timelines
 * (text, type, user, time, rule signals), the allocation register and the JW301 messages of
 * allocation changes (apart from the random message identification).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { DEMO_SEED } from '../../src/demo/region.js';
import { ensureDemoCases, type DemoCasesResult } from '../../src/demo/cases.js';
import { allocations, caseEvents, cases, ijwMessages } from '../../src/db/schema.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
const COUNT = 160;
const dbs: TestDb[] = [];
const started: Started[] = [];
/** What the comparison covered, over both regions (checked at the end: a comparison of nothing proves nothing). */
const seen = { signals: 0, jw301: 0 };

async function fresh(region: string): Promise<Started> {
  const t = await createTestDatabase();
  dbs.push(t);
  const s = await start(t.open, { demo: [region], today: TODAY, scale: 0.1, deferDemo: true });
  started.push(s);
  return s;
}

async function rowsOf(s: Started, region: string) {
  const db = s.database.db;
  const cs = await db.select().from(cases).where(eq(cases.regionId, region)).orderBy(asc(cases.id));
  const ids = new Set(cs.map((c) => c.id));
  const events = (await db.select().from(caseEvents).orderBy(asc(caseEvents.caseId), asc(caseEvents.at), asc(caseEvents.id)))
    .filter((e) => ids.has(e.caseId))
    .map(({ id: _id, ...rest }) => rest);
  const allocs = (await db.select().from(allocations).where(eq(allocations.regionId, region)).orderBy(asc(allocations.toewijzingNummer))).map(
    ({ id: _id, ...rest }) => rest,
  );
  const messages = (await db.select().from(ijwMessages).where(eq(ijwMessages.regionId, region)).orderBy(asc(ijwMessages.caseId), asc(ijwMessages.id))).map(
    ({ id: _id, identificatie: _i, xml, ...rest }) => ({ ...rest, xml: xml.replace(/<(\w+:)?Identificatie>[^<]*</g, '<$1Identificatie>-<') }),
  );
  return { cases: cs, events, allocs, messages };
}

for (const region of ['wbo', 'holland-rijnland']) {
  describe(`demo caseload of ${region}: bulk rows equal the use cases' rows`, () => {
    let viaUseCases: Awaited<ReturnType<typeof rowsOf>>;
    let viaBulk: Awaited<ReturnType<typeof rowsOf>>;
    let bulkResult: DemoCasesResult | null;

    beforeAll(async () => {
      const a = await fresh(region);
      await ensureDemoCases(a.database.db, region, TODAY, DEMO_SEED, { count: COUNT, useCasesOnly: true });
      viaUseCases = await rowsOf(a, region);
      const b = await fresh(region);
      bulkResult = await ensureDemoCases(b.database.db, region, TODAY, DEMO_SEED, { count: COUNT });
      viaBulk = await rowsOf(b, region);
    }, 600_000);

    it('made most of the caseload in bulk', () => {
      expect(bulkResult?.bulk?.cases).toBeGreaterThan(COUNT / 2);
      expect(viaBulk.cases.length).toBeGreaterThanOrEqual(COUNT);
    });
    it('the same cases: ids, youths, status, regievoerder, providers, state, version and times', () => {
      expect(viaBulk.cases.length).toBe(viaUseCases.cases.length);
      expect(viaBulk.cases).toEqual(viaUseCases.cases);
    });
    it('the same timelines, with the same rule signals', () => {
      expect(viaBulk.events.length).toBeGreaterThan(viaBulk.cases.length * 3);
      expect(viaBulk.events).toEqual(viaUseCases.events);
      seen.signals += viaBulk.events.filter((e) => e.data !== null).length;
    });
    it('the same allocation register (including stops and changes)', () => {
      expect(viaBulk.allocs.length).toBeGreaterThan(10);
      expect(viaBulk.allocs.some((a) => a.stopdatum !== null)).toBe(true);
      expect(viaBulk.allocs).toEqual(viaUseCases.allocs);
    });
    it('the same JW301 messages of allocation changes', () => {
      expect(viaBulk.messages).toEqual(viaUseCases.messages);
      seen.jw301 += bulkResult?.bulk?.messages ?? 0;
    });
  });
}

describe('the comparison covered', () => {
  it('timeline events with rule signals and JW301 messages of allocation changes made in bulk', () => {
    expect(seen.signals).toBeGreaterThan(0);
    expect(seen.jw301).toBeGreaterThan(0);
  });
});

afterAll(async () => {
  for (const s of started) await s.database.close();
  for (const t of dbs) await t.drop();
});
