/**
 * The steps after a demo region's funding (src/demo/funding-after.ts, issue #14): the ended
 * allocations written stopped by the funding's setup (stopEnded), the outcome measurements, and the
 * KPI facts refreshed by difference (only changed cells written). The result must be what the steps
 * gave before: the same stops, outcomes and KPI facts as the funding without stopEnded followed by
 * ensureDemoContracts, ensureDemoOutcomes and a full refreshFacts; the read models of the lines equal a
 * full recompute from the lines; and a change by hand moves exactly the one fact cell it should.
 * Hart van Brabant (seed 000) at a small scale.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { ensureDemoFunding } from '../../src/demo/funding.js';
import { afterDemoFunding } from '../../src/demo/funding-after.js';
import { ensureDemoContracts } from '../../src/demo/contracts.js';
import { ensureDemoOutcomes } from '../../src/demo/outcomes.js';
import { refreshFacts } from '../../src/app/steering/facts-store.js';
import { refreshFactsByDifference } from '../../src/app/steering/facts-after-load.js';
import type { Db } from '../../src/db/database.js';
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

const rowsOf = <T>(r: unknown): T[] => (r as { rows?: T[] }).rows ?? (r as T[]);
async function list(db: Db, query: ReturnType<typeof sql>): Promise<string[]> {
  return rowsOf<{ r: string }>(await db.execute(query)).map((x) => x.r);
}

const facts = (db: Db) =>
  list(
    db,
    sql`select concat_ws('|', indicator_id, month, segment_id, area_id, municipality_code, provider_id, step, num, num_sq, den) as r
      from kpi_facts where region_id = ${REGION} order by 1`,
  );

async function state(db: Db) {
  return {
    stops: await list(
      db,
      sql`select concat_ws('|', toewijzing_nummer, stopdatum, reden_beeindiging) as r from allocations where region_id = ${REGION} and trajectory_id is not null order by 1`,
    ),
    outcomes: await list(
      db,
      sql`select concat_ws('|', toewijzing_nummer, informant, gemeten_op, tevredenheid, zonder_hulp_verder, doelrealisatie_pct, resultaatcluster, recorded_by) as r
        from allocation_outcomes where region_id = ${REGION} order by 1`,
    ),
    facts: await facts(db),
    spend: await list(
      db,
      sql`select concat_ws('|', provider_agb, segment_id, municipality_code, month, approved_cents, lines, rejected_lines) as r from spend_monthly where region_id = ${REGION} order by 1`,
    ),
    declared: await list(
      db,
      sql`select concat_ws('|', toewijzing_nummer, net_volume, last_debit_end) as r from allocation_declared where region_id = ${REGION} order by 1`,
    ),
  };
}

let after: Started;
let now: Awaited<ReturnType<typeof state>>;
let before: Awaited<ReturnType<typeof state>>;
let difference: Awaited<ReturnType<typeof afterDemoFunding>>;

beforeAll(async () => {
  // As `serve` runs it now.
  after = await fresh();
  await ensureDemoFunding(after.database.db, REGION, TODAY, { stopEnded: true });
  difference = await afterDemoFunding(after.database.db, REGION, TODAY);
  now = await state(after.database.db);
  // As `serve` ran it before: the stops written afterwards, the facts refreshed in full.
  const old = await fresh();
  await ensureDemoFunding(old.database.db, REGION, TODAY);
  await ensureDemoContracts(old.database.db, REGION, TODAY);
  await ensureDemoOutcomes(old.database.db, REGION, TODAY);
  await refreshFacts(old.database.db, REGION, TODAY);
  before = await state(old.database.db);
}, 300_000);

afterAll(async () => {
  for (const s of started) await s.database.close();
  for (const t of dbs) await t.drop();
});

describe('the steps after a demo region funding', () => {
  it('the same stops, outcome measurements and KPI facts as before (stops written at once, facts by difference)', () => {
    expect(now.stops.filter((s) => s.split('|').length === 3).length).toBeGreaterThan(0);
    expect(now.stops).toEqual(before.stops);
    expect(now.outcomes.length).toBeGreaterThan(0);
    expect(now.outcomes).toEqual(before.outcomes);
    expect(now.facts.length).toBeGreaterThan(0);
    expect(now.facts).toEqual(before.facts);
    expect(now.spend).toEqual(before.spend);
    expect(now.declared).toEqual(before.declared);
    // The preparation's facts (as of the dialogues' day) were there: only part of the cells was written.
    expect(difference).not.toBeNull();
    expect(difference!.cells).toBe(now.facts.length);
    expect(difference!.written).toBeGreaterThan(0);
    expect(difference!.written).toBeLessThan(difference!.cells);
  });

  it('the KPI facts equal a full recompute, and the read models of the lines a full recompute from the lines', async () => {
    const db = after.database.db;
    await db.execute(sql`delete from kpi_refresh where region_id = ${REGION}`);
    await refreshFacts(db, REGION, TODAY);
    expect(await facts(db)).toEqual(now.facts);
    const spend = await list(
      db,
      sql`select concat_ws('|', provider_agb, coalesce(segment_id, '?'), coalesce(municipality_code, '?'), date_trunc('month', begindatum)::date,
          coalesce(sum(amount_cents) filter (where approved), 0), count(*), count(*) filter (where not approved)) as r
        from declaration_lines where region_id = ${REGION} group by provider_agb, coalesce(segment_id, '?'), coalesce(municipality_code, '?'), date_trunc('month', begindatum) order by 1`,
    );
    expect(spend.length).toBeGreaterThan(0);
    expect(spend).toEqual(now.spend);
    const declared = await list(
      db,
      sql`select concat_ws('|', toewijzing_nummer, sum(case when debet_credit = 'C' then -volume else volume end),
          max(einddatum) filter (where debet_credit = 'D' and not credited)) as r
        from declaration_lines where region_id = ${REGION} and approved group by toewijzing_nummer order by 1`,
    );
    expect(declared).toEqual(now.declared);
  });

  it('a stop by hand (reason 32, voortijdig) adds exactly 1 to the numerator and the denominator of one uitval cell', async () => {
    const db = after.database.db;
    const [open] = rowsOf<{ id: number; cell: string }>(
      await db.execute(sql`select a.id, concat_ws('|', 'uitval', '2026-10-01', a.segment_id, coalesce(y.area_id, ''), a.municipality_code, a.provider_id, '') as cell
        from allocations a join youths y on y.id = a.youth_id
        where a.region_id = ${REGION} and a.trajectory_id is not null and a.stopdatum is null order by a.id limit 1`),
    );
    expect(open).toBeDefined();
    const cellOf = (rows: string[]) => rows.find((r) => r.startsWith(`${open!.cell}|`));
    const was = cellOf(await facts(db));
    // Reason 32 is in the uitval indicator's redenen ["32", "33", "34"] (profiles/hart-van-brabant/indicatoren.yaml).
    await db.execute(sql`update allocations set stopdatum = '2026-10-15', reden_beeindiging = '32' where id = ${open!.id}`);
    const d = await refreshFactsByDifference(db, REGION, TODAY);
    expect(d).toEqual({ cells: now.facts.length + (was ? 0 : 1), written: 1, deleted: 0 });
    const [num, numSq, den] = was ? was.split('|').slice(7).map(Number) : [0, 0, 0];
    expect(cellOf(await facts(db))).toBe(`${open!.cell}|${num! + 1}|${numSq! + 1}|${den! + 1}`);
    // Current now: nothing to do.
    expect(await refreshFactsByDifference(db, REGION, TODAY)).toBeNull();
  });
});
