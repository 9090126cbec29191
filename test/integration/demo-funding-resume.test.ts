/**
 * The demo funding runs in the background of `serve` and may be stopped half-way (the server is
 * stopped, the process dies): the next start continues where it stopped. Settled declarations are
 * skipped (each exactly once), so an interrupted and resumed run ends with the same declarations,
 * lines and amounts as one uninterrupted run. Hart van Brabant (seed 000) at a small scale: P x Q,
 * lump sum and result-based side by side.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { ensureDemoFunding } from '../../src/demo/funding.js';
import { declarationLines, declarations, paymentSchedule } from '../../src/db/schema.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
const REGION = 'hart-van-brabant';
const dbs: TestDb[] = [];
const started: Started[] = [];

async function fresh(): Promise<Started> {
  const t = await createTestDatabase();
  dbs.push(t);
  const s = await start(t.open, { demo: [REGION], today: TODAY, scale: 0.02 });
  started.push(s);
  return s;
}

async function outcome(s: Started) {
  const db = s.database.db;
  const decl = await db
    .select({ agb: declarations.providerAgb, nummer: declarations.declaratieNummer, approved: declarations.approvedCents, lines: declarations.lineCount })
    .from(declarations)
    .where(eq(declarations.regionId, REGION));
  const [lines] = await db
    .select({ n: sql<number>`count(*)::int`, cents: sql<string>`coalesce(sum(${declarationLines.amountCents}), 0)` })
    .from(declarationLines)
    .where(eq(declarationLines.regionId, REGION));
  const schedule = await db
    .select({ model: paymentSchedule.model, n: sql<number>`count(*)::int`, cents: sql<string>`sum(${paymentSchedule.amountCents})` })
    .from(paymentSchedule)
    .where(eq(paymentSchedule.regionId, REGION))
    .groupBy(paymentSchedule.model)
    .orderBy(paymentSchedule.model);
  // The read models (migration 0009) against a full recompute from the region's lines (the statements
  // migration 0009 fills them with): the demo's COPY keeps them from its rows (funding-read-models.ts).
  const [models] = (
    (await db.execute(sql`select
      (select count(*)::int from spend_monthly where region_id = ${REGION}) as spend,
      (select count(*)::int from (
        (select provider_agb, segment_id, municipality_code, month, approved_cents, lines, rejected_lines from spend_monthly where region_id = ${REGION}
         except all
         select provider_agb, coalesce(segment_id, '?'), coalesce(municipality_code, '?'), date_trunc('month', begindatum)::date,
           coalesce(sum(amount_cents) filter (where approved), 0), count(*), count(*) filter (where not approved)
         from declaration_lines where region_id = ${REGION} group by 1, 2, 3, 4)
        union all
        (select provider_agb, coalesce(segment_id, '?'), coalesce(municipality_code, '?'), date_trunc('month', begindatum)::date,
           coalesce(sum(amount_cents) filter (where approved), 0), count(*), count(*) filter (where not approved)
         from declaration_lines where region_id = ${REGION} group by 1, 2, 3, 4
         except all
         select provider_agb, segment_id, municipality_code, month, approved_cents, lines, rejected_lines from spend_monthly where region_id = ${REGION})) d) as "spendDiffer",
      (select count(*)::int from allocation_declared where region_id = ${REGION}) as declared,
      (select count(*)::int from (
        (select toewijzing_nummer, net_volume, last_debit_end from allocation_declared where region_id = ${REGION}
         except all
         select toewijzing_nummer, sum(case when debet_credit = 'C' then -volume else volume end), max(einddatum) filter (where debet_credit = 'D' and not credited)
         from declaration_lines where region_id = ${REGION} and approved group by 1)
        union all
        (select toewijzing_nummer, sum(case when debet_credit = 'C' then -volume else volume end), max(einddatum) filter (where debet_credit = 'D' and not credited)
         from declaration_lines where region_id = ${REGION} and approved group by 1
         except all
         select toewijzing_nummer, net_volume, last_debit_end from allocation_declared where region_id = ${REGION})) d) as "declaredDiffer"`)) as unknown as {
      rows: { spend: number; spendDiffer: number; declared: number; declaredDiffer: number }[];
    }
  ).rows;
  return {
    readModels: models!,
    declarations: decl.map((d) => `${d.agb}|${d.nummer}|${d.approved}|${d.lines}`).sort(),
    lines: Number(lines!.n),
    cents: Number(lines!.cents),
    schedule: schedule.map((r) => `${r.model}:${r.n}:${r.cents}`),
  };
}

let whole: Awaited<ReturnType<typeof outcome>>;
let resumed: Awaited<ReturnType<typeof outcome>>;
let stoppedAfter = 0;

beforeAll(async () => {
  const a = await fresh();
  await ensureDemoFunding(a.database.db, REGION, TODAY);
  whole = await outcome(a);

  const b = await fresh();
  // Stopped after two declaration periods (as a stopped server would; here each period is settled as
  // one batch, settle-batch.ts), then started again with the default batches (consecutive periods
  // settled together): the outcome is the same as the uninterrupted run's.
  let settled = 0;
  const stop = new Error('stopped');
  await expect(
    ensureDemoFunding(b.database.db, REGION, TODAY, {
      batchLines: 1,
      between: async () => {
        if (++settled === 2) throw stop;
      },
    }),
  ).rejects.toBe(stop);
  stoppedAfter = (await outcome(b)).declarations.length;
  await ensureDemoFunding(b.database.db, REGION, TODAY);
  resumed = await outcome(b);
}, 300_000);

afterAll(async () => {
  for (const s of started) await s.database.close();
  for (const t of dbs) await t.drop();
});

describe('demo funding stopped half-way and started again', () => {
  it('had settled part of the declarations when it was stopped', () => {
    expect(stoppedAfter).toBeGreaterThan(0);
    expect(stoppedAfter).toBeLessThan(whole.declarations.length);
  });
  it('ends with the same declarations, lines, amounts and schedules as one uninterrupted run (nothing twice, nothing lost)', () => {
    expect(resumed.declarations).toEqual(whole.declarations);
    expect(resumed.lines).toBe(whole.lines);
    expect(resumed.cents).toBe(whole.cents);
    expect(resumed.schedule).toEqual(whole.schedule);
    expect(whole.schedule.map((s) => s.split(':')[0])).toEqual(['resultaatgericht', 'taakgericht']);
  });
  it('keeps the read models of the lines equal to a full recompute from the lines, in the whole run and after the stop', () => {
    for (const run of [whole, resumed]) {
      expect(run.readModels.spend).toBeGreaterThan(0);
      expect(run.readModels.declared).toBeGreaterThan(0);
      expect({ spend: run.readModels.spendDiffer, declared: run.readModels.declaredDiffer }).toEqual({ spend: 0, declared: 0 });
    }
    expect(resumed.readModels).toEqual(whole.readModels);
  });
});
