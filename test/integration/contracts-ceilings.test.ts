/**
 * Contract ceilings on the contract list and page (issue #6 with the funding part): the ceiling
 * that applies comes from the `ceilings` table at the level the profile names for the segment
 * (Holland Rijnland: per provider, seed 004 §3.1; per segment for onderwijs, seed 004 §4.5), with
 * spend to date from the funding spend report; contracts.ceiling_cents only as the fallback.
 * Tenancy follows the funding report. Also: the segment filter carries the notice period and the
 * segment-wide changes for the segment change form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq, isNull } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer } from '../../src/api/server.js';
import { ensureDemoFunding } from '../../src/demo/funding.js';
import { ceilings, contracts, paymentSchedule, users } from '../../src/db/schema.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
const HR = '/api/v1/regions/holland-rijnland';
const WBO = '/api/v1/regions/wbo';
let testDb: TestDb;
let s: Started;
let app: FastifyInstance;
const tokens = new Map<string, string>();

async function get(username: string, url: string) {
  if (!tokens.has(username)) {
    const res = await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username, password: 'demo' } });
    expect(res.statusCode, res.body).toBe(201);
    tokens.set(username, res.json().token as string);
  }
  return app.inject({ url, headers: { authorization: `Bearer ${tokens.get(username)}` } });
}

interface Ceiling {
  level: string;
  year: number;
  ceilingCents: number;
  spentCents: number | null;
  forecastCents: number | null;
  usedShare: number | null;
  source?: { seed: string; section: string };
}
interface Row {
  id: number;
  providerId: number;
  segmentId: string;
  ceilingCents: number | null;
  ceilings: Ceiling[];
}
interface SpendRow {
  key: string;
  spentCents: number;
  forecastCents: number;
  ceilingCents?: number;
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { demo: ['wbo', 'holland-rijnland'], today: TODAY, scale: 0.02 });
  await ensureDemoFunding(s.database.db, 'holland-rijnland', TODAY, { historyYears: 1 });
  app = await buildServer({ database: s.database, demo: true, now: () => new Date(`${TODAY}T12:00:00Z`) });
}, 600_000);
afterAll(async () => {
  await app?.close();
  await s?.database.close();
  await testDb?.drop();
});

describe('the ceiling that applies, with spend to date', () => {
  it('behandeling met verblijf (plafond per aanbieder, seed 004 §3.1): the provider ceiling of 2026 from the ceilings table, spend as in the funding report', async () => {
    const db = s.database.db;
    const list = (await get('contractmanager.holland-rijnland', `${HR}/contracts?segmentId=behandeling-met-verblijf&limit=1000`)).json() as { rows: Row[] };
    const spend = (await get('contractmanager.holland-rijnland', `/api/v1/regions/holland-rijnland/spend?year=2026&by=provider`)).json() as {
      rows: SpendRow[];
    };
    const recorded = await db
      .select()
      .from(ceilings)
      .where(and(eq(ceilings.regionId, 'holland-rijnland'), eq(ceilings.year, 2026), isNull(ceilings.segmentId)));
    expect(recorded.length).toBeGreaterThan(0);
    // The demo leaves contracts.ceiling_cents empty; the ceilings table is what applies.
    expect(list.rows.every((r) => r.ceilingCents === null)).toBe(true);
    const withCeiling = list.rows.filter((r) => recorded.some((c) => c.providerId === r.providerId));
    expect(withCeiling.length).toBeGreaterThan(0);
    for (const r of withCeiling) {
      const own = recorded.filter((c) => c.providerId === r.providerId).reduce((a, c) => a + c.amountCents, 0);
      const row = spend.rows.find((x) => x.key === String(r.providerId))!;
      expect(r.ceilings).toEqual([
        expect.objectContaining({
          level: 'aanbieder',
          year: 2026,
          ceilingCents: own,
          spentCents: row.spentCents,
          forecastCents: row.forecastCents,
          source: expect.objectContaining({ seed: '004' }),
        }),
      ]);
      expect(r.ceilings[0]!.spentCents).toBeGreaterThan(0);
      expect(r.ceilings[0]!.usedShare).toBeCloseTo(row.spentCents / own, 10);
    }
    // A provider without a provider ceiling (if any) shows none: there is no segment ceiling at this level.
    for (const r of list.rows.filter((x) => !recorded.some((c) => c.providerId === x.providerId))) expect(r.ceilings).toEqual([]);
    // The contract page shows the same.
    const d = (await get('contractmanager.holland-rijnland', `${HR}/contracts/${withCeiling[0]!.id}`)).json();
    expect(d.ceilings).toEqual(withCeiling[0]!.ceilings);
  });

  it('onderwijs (plafond per segment, seed 004 §4.5): the segment ceiling with the spend of the whole segment, the same for every contract in it', async () => {
    const db = s.database.db;
    const existing = await db
      .select()
      .from(ceilings)
      .where(and(eq(ceilings.regionId, 'holland-rijnland'), eq(ceilings.year, 2026), eq(ceilings.segmentId, 'onderwijs'), isNull(ceilings.providerId)));
    if (existing.length === 0)
      await db.insert(ceilings).values({ regionId: 'holland-rijnland', providerId: null, segmentId: 'onderwijs', year: 2026, amountCents: 123_456_700 });
    const amount = existing.length === 0 ? 123_456_700 : existing.reduce((a, c) => a + c.amountCents, 0);
    // Spend in the segment: a lump-sum instalment of an onderwijs contract, due before today (the
    // funding report lists a segment once it has spend or commitments).
    // The small demo has no onderwijs contract: one is added (a school-year framework agreement).
    const [holder] = await db.select().from(contracts).where(eq(contracts.regionId, 'holland-rijnland')).limit(1);
    const [oc] = await db
      .insert(contracts)
      .values({
        regionId: 'holland-rijnland',
        providerId: holder!.providerId,
        segmentId: 'onderwijs',
        startDate: '2025-08-01',
        endDate: '2028-07-31',
        extensionYears: [],
        status: 'lopend',
      })
      .returning();
    await db.insert(paymentSchedule).values({
      regionId: 'holland-rijnland',
      contractId: oc!.id,
      providerId: oc!.providerId,
      segmentId: 'onderwijs',
      model: 'taakgericht',
      period: '2026-10-01',
      dueDate: '2026-10-01',
      amountCents: 2_500_000,
      description: 'test: lumpsum oktober',
    });
    const spend = (await get('controller.holland-rijnland', `/api/v1/regions/holland-rijnland/spend?year=2026&by=segment`)).json() as { rows: SpendRow[] };
    const seg = spend.rows.find((x) => x.key === 'onderwijs')!;
    expect(seg.ceilingCents).toBe(amount);
    const list = (await get('controller.holland-rijnland', `${HR}/contracts?segmentId=onderwijs`)).json() as { rows: Row[] };
    expect(list.rows.length).toBeGreaterThan(0);
    expect(seg.spentCents).toBeGreaterThanOrEqual(2_500_000);
    for (const r of list.rows) {
      expect(r.ceilings).toEqual([
        expect.objectContaining({
          level: 'segment',
          ceilingCents: amount,
          spentCents: seg.spentCents,
          source: expect.objectContaining({ seed: '004', section: expect.stringContaining('4.5') }),
        }),
      ]);
    }
  });

  it('without a ceiling of the year the contract’s own ceiling_cents is shown, with spend unknown', async () => {
    const db = s.database.db;
    const [c] = await db.select().from(contracts).where(eq(contracts.regionId, 'wbo')).limit(1);
    await db.update(contracts).set({ ceilingCents: 50_000_000 }).where(eq(contracts.id, c!.id));
    const d = (await get('contractmanager.wbo', `${WBO}/contracts/${c!.id}`)).json();
    expect(d.ceilingCents).toBe(50_000_000);
    expect(d.ceilings).toEqual([{ level: 'contract', year: 2026, ceilingCents: 50_000_000, spentCents: null, forecastCents: null, usedShare: null }]);
    const other = (await get('contractmanager.wbo', `${WBO}/contracts?limit=1000`)).json() as { rows: Row[] };
    expect(other.rows.filter((r) => r.id !== c!.id).every((r) => r.ceilings.length === 0)).toBe(true);
  });

  it('tenancy follows the funding report: a provider sees its own provider ceiling; a municipality and the local team see none from the funding data', async () => {
    const db = s.database.db;
    const [u] = await db.select({ providerId: users.providerId }).from(users).where(eq(users.username, 'aanbieder.holland-rijnland'));
    const own = await db
      .select()
      .from(ceilings)
      .where(and(eq(ceilings.regionId, 'holland-rijnland'), eq(ceilings.year, 2026), eq(ceilings.providerId, u!.providerId!), isNull(ceilings.segmentId)));
    const mine = (await get('aanbieder.holland-rijnland', `${HR}/contracts?limit=1000`)).json() as { rows: Row[] };
    expect(mine.rows.length).toBeGreaterThan(0);
    for (const r of mine.rows) {
      for (const c of r.ceilings) expect(c.level).not.toBe('segment');
      if (own.length > 0 && r.segmentId === 'behandeling-met-verblijf')
        expect(r.ceilings[0]).toMatchObject({ level: 'aanbieder', ceilingCents: own[0]!.amountCents });
    }
    for (const user of ['gemeente.holland-rijnland', 'toegang.holland-rijnland']) {
      const res = await get(user, `${HR}/contracts?limit=1000`);
      expect(res.statusCode, res.body).toBe(200);
      expect((res.json() as { rows: Row[] }).rows.every((r) => r.ceilings.every((c) => c.level === 'contract'))).toBe(true);
    }
  });
});

describe('the segment filter carries what the segment change form needs', () => {
  it('the notice period (seed 004 §4 Planning) and the segment-wide changes of the segment; none without a filter', async () => {
    const before = (await get('contractmanager.holland-rijnland', `${HR}/contracts?segmentId=wonen`)).json();
    expect(before.segment).toMatchObject({
      id: 'wonen',
      name: expect.any(String),
      notice: { ruleId: 'contractwijziging-zes-maanden-vooraf', months: 6, source: { seed: '004' } },
    });
    const res = await app.inject({
      method: 'POST',
      url: `${HR}/segments/wonen/changes`,
      headers: { authorization: `Bearer ${tokens.get('contractmanager.holland-rijnland')}` },
      payload: { kind: 'voorwaarde', description: 'Nieuwe clausule wonen', effectiveOn: '2027-06-01' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const after = (await get('contractmanager.holland-rijnland', `${HR}/contracts?segmentId=wonen`)).json();
    expect(after.segment.changes.map((c: { id: number }) => c.id)).toContain(res.json().id);
    expect(after.segment.changes.length).toBe(before.segment.changes.length + 1);
    expect(after.segment.changes.every((c: { contractId: number | null; segmentId: string }) => c.contractId === null && c.segmentId === 'wonen')).toBe(true);
    expect((await get('contractmanager.holland-rijnland', `${HR}/contracts`)).json().segment).toBeUndefined();
  });
});
