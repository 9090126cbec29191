/**
 * The new seed regions end to end through HTTP: Haaglanden (seed 002) and the 2021 region (seed
 * 001) get a demo population (cases, contracts, declarations settled, result outcomes) and
 * Financiën shows their funding models: caseload (seed 001 "Clientvolgende bekostiging
 * (caseload)"), one budget for the group of providers in gezinsvormen (seed 001 "Taakgerichte
 * uitvoeringsvariant, een budget") and result-based payment by the degree of goal attainment
 * (seed 002 "een deel van de betaling afhankelijk te maken van de mate waarin het doel bereikt is").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer } from '../../src/api/server.js';
import { ensureDemoFunding } from '../../src/demo/funding.js';
import { scheduleCaseload } from '../../src/app/funding/schedules.js';
import { allocationOutcomes, allocations, contracts, municipalities, paymentSchedule, regions } from '../../src/db/schema.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';
import { demoUsers } from '../helpers/api.js';

const TODAY = '2026-11-22';
let testDb: TestDb;
let s: Started;
let app: FastifyInstance;
const { get } = demoUsers(() => app);

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { demo: ['haaglanden', 'regio-2021'], today: TODAY, scale: 0.02 });
  app = await buildServer({ database: s.database, demo: true, now: () => new Date(`${TODAY}T12:00:00Z`) });
  await ensureDemoFunding(s.database.db, 'haaglanden', TODAY, { historyYears: 1 });
  await ensureDemoFunding(s.database.db, 'regio-2021', TODAY, { historyYears: 1 });
}, 600_000);
afterAll(async () => {
  await app?.close();
  await s?.database.close();
  await testDb?.drop();
});

describe('the demo of Haaglanden and the 2021 region has cases, contracts and spend', () => {
  it('both regions hold a demo population with cases and contracts; the 2021 region gets the municipalities of its demo.yaml (aanname), its profile keeps none', async () => {
    const db = s.database.db;
    for (const regionId of ['haaglanden', 'regio-2021']) {
      const demo = s.demo.find((d) => d.regionId === regionId)!;
      expect(demo.generated?.contracts).toBeGreaterThan(0);
      expect(demo.generated?.trajectories).toBeGreaterThan(0);
      expect(demo.cases?.cases ?? 0).toBeGreaterThan(0);
      const [{ n }] = (await db
        .select({ n: sql<number>`count(*)::int` })
        .from(contracts)
        .where(eq(contracts.regionId, regionId))) as [{ n: number }];
      expect(n).toBeGreaterThan(0);
    }
    const codes = (await db.select({ code: municipalities.code }).from(municipalities).where(eq(municipalities.regionId, 'regio-2021')))
      .map((m) => m.code)
      .sort();
    expect(codes).toEqual(['0882', '0899', '0917', '0928', '0935', '1883']);
    const worklist = await get('toegang.regio-2021', '/api/v1/regions/regio-2021/worklist');
    expect(worklist.statusCode, worklist.body).toBe(200);
    const { profile } = (await db.select({ profile: regions.profile }).from(regions).where(eq(regions.id, 'regio-2021')))[0] as {
      profile: { gemeenten: unknown[] };
    };
    expect(profile.gemeenten.length).toBe(6); // the loaded copy of the demo region
  });

  it('spend of both regions: declarations settled and schedules paid', async () => {
    for (const regionId of ['haaglanden', 'regio-2021']) {
      const res = await get(`controller.${regionId}`, `/api/v1/regions/${regionId}/spend?year=2026&by=segment`);
      expect(res.statusCode, res.body).toBe(200);
      const r = res.json();
      expect(r.totals.spentCents).toBeGreaterThan(0);
      expect(r.rows.length).toBeGreaterThan(0);
    }
  });
});

describe('Financiën shows caseload and the group budget (seed 001)', () => {
  it('GET schedules names the model caseload: clients in the month x the price per client per month (demo aanname € 655,00 from 2025)', async () => {
    const res = await get('controller.regio-2021', '/api/v1/regions/regio-2021/schedules?year=2026');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    const models = (r.byModel as { model: string; totalCents: number }[]).map((m) => m.model);
    expect(models).toContain('caseload');
    expect(models).toContain('groepsbudget');
    const caseload = (r.rows as { model: string; items: { period: string; amountCents: number }[] }[]).filter((x) => x.model === 'caseload');
    expect(caseload.length).toBeGreaterThan(0);
    // Every monthly caseload payment is a whole number of clients at EUR 655.00.
    for (const row of caseload) for (const item of row.items) expect(item.amountCents % 65_500).toBe(0);
    // Cross-check one month against the allocations: distinct clients of the contract in that month.
    const [one] = await s.database.db
      .select()
      .from(paymentSchedule)
      .where(and(eq(paymentSchedule.regionId, 'regio-2021'), eq(paymentSchedule.model, 'caseload'), eq(paymentSchedule.period, '2026-03-01')))
      .limit(1);
    const [{ n }] = (await s.database.db
      .select({ n: sql<number>`count(distinct ${allocations.youthId})::int` })
      .from(allocations)
      .where(
        and(
          eq(allocations.regionId, 'regio-2021'),
          eq(allocations.contractId, one!.contractId!),
          sql`${allocations.ingangsdatum} <= '2026-03-31'`,
          sql`(${allocations.einddatum} is null or ${allocations.einddatum} >= '2026-03-01')`,
        ),
      )) as [{ n: number }];
    expect(one!.amountCents).toBe(n * 65_500);
  });

  it('caseload months end on their own last day (a 30-day month is scheduled, not refused)', async () => {
    const r = await scheduleCaseload(s.database.db, 'regio-2021', { from: '2026-11-01', through: '2026-11' });
    expect(r.rows).toBeGreaterThan(0);
    expect(r.created).toBe(r.rows);
  });

  it('the group budget of gezinsvormen is one contract paid EUR 10,450,000.00 a year in twelve parts (demo aanname), scaled by nothing', async () => {
    const r = (await get('controller.regio-2021', '/api/v1/regions/regio-2021/schedules?year=2026')).json();
    const group = (r.rows as { model: string; contractId: number; totalCents: number; items: unknown[] }[]).filter((x) => x.model === 'groepsbudget');
    expect(group).toHaveLength(1);
    expect(group[0]!.totalCents).toBe(1_045_000_000);
    expect(group[0]!.items).toHaveLength(12);
  });
});

describe('Financiën shows partial result payment (seed 002)', () => {
  it('ended trajectories are paid their after-goal part by the recorded degree of goal attainment, so partial payments exist', async () => {
    const db = s.database.db;
    const outcomes = await db.select().from(allocationOutcomes).where(eq(allocationOutcomes.regionId, 'haaglanden'));
    expect(outcomes.length).toBeGreaterThan(0);
    const res = await get('controller.haaglanden', '/api/v1/regions/haaglanden/schedules?year=2026');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect((r.byModel as { model: string }[]).map((m) => m.model)).toContain('resultaatgericht');
    const kinds = new Set((r.rows as { model: string; description: string }[]).filter((x) => x.model === 'resultaatgericht').map((x) => x.description));
    expect([...kinds].sort()).toEqual(['na doelrealisatie', 'voorschot']);
    // Some after-goal payments are partial: more than zero and less than the full after-goal part (25% of the price).
    const after = await db
      .select()
      .from(paymentSchedule)
      .where(and(eq(paymentSchedule.regionId, 'haaglanden'), sql`${paymentSchedule.description} like 'na doelrealisatie %'`));
    const advance = new Map(
      (
        await db
          .select()
          .from(paymentSchedule)
          .where(and(eq(paymentSchedule.regionId, 'haaglanden'), sql`${paymentSchedule.description} like 'voorschot %'`))
      ).map((a) => [a.description.replace('voorschot ', ''), a.amountCents]),
    );
    const partial = after.filter((a) => {
      const adv = advance.get(a.description.replace('na doelrealisatie ', ''));
      return adv !== undefined && a.amountCents > 0 && a.amountCents < Math.round(adv / 3);
    });
    expect(partial.length).toBeGreaterThan(0);
  });

  it('a provider sees only its own schedules; a controller of another region does not see it (404, Dutch problem)', async () => {
    const own = await get('aanbieder.haaglanden', '/api/v1/regions/haaglanden/schedules?year=2026');
    expect(own.statusCode).toBe(200);
    const foreign = await get('controller.regio-2021', '/api/v1/regions/haaglanden/schedules?year=2026');
    expect(foreign.statusCode).toBe(404); // another region is not visible (authorisation matrix)
    expect(String(foreign.headers['content-type'])).toMatch(/^application\/problem\+json/);
  });
});
