/**
 * Issue #14 point 4 (200 clients with writes): a kept answer depends on the kinds of data its use
 * case reads (src/api/kept-answers.ts KEPT_ROUTES, src/app/funding/kept.ts; versions per region and
 * kind from migration 0027), not on one region-wide version. What must hold:
 *
 * - a write of a kind the route does not read leaves its answer warm (served from what was kept:
 *   a hit, no computation), a write of a kind it reads makes it cold, for every kind and route;
 * - the writes of the realistic mix through the API: a help request (a new case) makes no kept
 *   answer cold; a contract change only the contract screens, and the contract list counts it;
 * - the answer really changes: 100 euro more approved spend in spend_monthly is 10,000 cents more
 *   spent for that provider in the spend report and in the contract list's ceiling; a new tariff
 *   price is in the contract detail; a new ceiling amount is the provider's ceiling.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer, keptAnswersOf } from '../../src/api/server.js';
import { KEPT_ROUTES } from '../../src/api/kept-answers.js';
import { DATA_KINDS, type DataKind } from '../../src/app/funding/kept.js';
import { ensureDemoFunding } from '../../src/demo/funding.js';
import { contracts, users } from '../../src/db/schema.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';
import { demoUsers } from '../helpers/api.js';
import { statementsOf } from '../helpers/statements.js';

const TODAY = '2026-11-22';
const REGION = 'holland-rijnland';
const HR = `/api/v1/regions/${REGION}`;
let testDb: TestDb;
let s: Started;
let app: FastifyInstance;
const tokens = new Map<string, string>();

const { as } = demoUsers(() => app, tokens);
const stats = () => keptAnswersOf(app)!.summary();
const rowsOf = <R>(r: unknown): R[] => (Array.isArray(r) ? r : (r as { rows: R[] }).rows) as R[];
const query = async <R>(q: ReturnType<typeof sql>) => rowsOf<R>(await s.database.db.execute(q));

/** A contract running from before today until after 2027, and its provider. */
let contract: { id: number; providerId: number; segmentId: string };

/** One request per kept route (key as in KEPT_ROUTES), by a role that may read it. */
function routeRequests(): Record<string, { user: string; url: string }> {
  return {
    'GET /regions/{id}/landscape': { user: 'controller.holland-rijnland', url: `${HR}/landscape` },
    'GET /regions/{id}/care-summary': { user: 'controller.holland-rijnland', url: `${HR}/care-summary` },
    'GET /regions/{id}/contracts': { user: 'controller.holland-rijnland', url: `${HR}/contracts?limit=1000` },
    'GET /regions/{id}/contracts/{cid}': { user: 'contractmanager.holland-rijnland', url: `${HR}/contracts/${contract.id}` },
    'GET /regions/{id}/providers': { user: 'contractmanager.holland-rijnland', url: `${HR}/providers?limit=1000` },
    'GET /regions/{id}/spend': { user: 'controller.holland-rijnland', url: `${HR}/spend?year=2026&by=provider` },
    'GET /regions/{id}/declarations': { user: 'controller.holland-rijnland', url: `${HR}/declarations` },
    'GET /regions/{id}/schedules': { user: 'controller.holland-rijnland', url: `${HR}/schedules?year=2026` },
    'GET /regions/{id}/budget-framework': { user: 'controller.holland-rijnland', url: `${HR}/budget-framework` },
    'GET /regions/{id}/market': { user: 'contractmanager.holland-rijnland', url: `${HR}/market` },
    'GET /regions/{id}/procedures': { user: 'controller.holland-rijnland', url: `${HR}/procedures` },
  };
}

const get = async (user: string, url: string) => {
  const res = await app.inject({ url, headers: await as(user) });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
  return res;
};

/** Reads every kept route twice (so each is kept), runs the write, and tells per route whether the next read computed it again. */
async function coldAfter(write: () => Promise<unknown>): Promise<Record<string, boolean>> {
  const requests = routeRequests();
  for (const { user, url } of Object.values(requests)) {
    await get(user, url);
    const hits = stats().hits;
    await get(user, url);
    expect(stats().hits, `${url} kept`).toBe(hits + 1);
  }
  await write();
  const out: Record<string, boolean> = {};
  for (const [route, { user, url }] of Object.entries(requests)) {
    const misses = stats().misses;
    await get(user, url);
    out[route] = stats().misses === misses + 1;
  }
  return out;
}

const expected = (kind: DataKind | 'trajectories') =>
  Object.fromEntries(Object.entries(KEPT_ROUTES).map(([route, rule]) => [route, rule.versions.includes(kind)]));

const version = async (kind: DataKind) =>
  (await query<{ v: string }>(sql`select coalesce((select version::text from read_model_versions where name = ${`data|${kind}|${REGION}`}), '0') as v`))[0]!.v;

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { demo: ['holland-rijnland'], today: TODAY, scale: 0.02 });
  await ensureDemoFunding(s.database.db, REGION, TODAY, { historyYears: 1 });
  app = await buildServer({ database: s.database, demo: true, logger: false, now: () => new Date(`${TODAY}T12:00:00Z`) });
  const [c] = await s.database.db
    .select({ id: contracts.id, providerId: contracts.providerId, segmentId: contracts.segmentId })
    .from(contracts)
    .where(and(eq(contracts.regionId, REGION), sql`${contracts.startDate} <= ${TODAY} and ${contracts.endDate} >= '2027-12-31'`))
    .orderBy(contracts.id)
    .limit(1);
  contract = c!;
}, 600_000);
afterAll(async () => {
  await app?.close();
  await s?.database.close();
  await testDb?.drop();
});

/**
 * A statement per kind on one table of that kind (migration 0027's trigger arguments) that touches
 * rows of the region without changing them: it fires the statement trigger as any write would.
 */
const TOUCH: Record<DataKind, ReturnType<typeof sql>> = {
  region: sql`update providers set name = name where region_id = ${REGION}`,
  contracts: sql`update contracts set status = status where region_id = ${REGION}`,
  'contract-changes': sql`insert into contract_changes (region_id, contract_id, segment_id, kind, description, announced_on, effective_on, status, by_user, created_at)
    select region_id, id, segment_id, 'overig', 'per SQL', ${TODAY}, '2027-07-01', 'aangekondigd', 'test', now() from contracts where region_id = ${REGION} order by id limit 1`,
  procurement: sql`update procedures set name = name where region_id = ${REGION}`,
  declarations: sql`update spend_monthly set approved_cents = approved_cents where region_id = ${REGION}`,
  messages: sql`update ijw_messages set verdict = verdict where region_id = ${REGION}`,
  allocations: sql`update allocations set volume = volume where region_id = ${REGION}`,
  tariffs: sql`update tariffs set price_cents = price_cents where region_id = ${REGION}`,
  schedules: sql`update payment_schedule set amount_cents = amount_cents where region_id = ${REGION}`,
  ceilings: sql`update ceilings set amount_cents = amount_cents where region_id = ${REGION}`,
  outcomes: sql`update allocation_outcomes set informant = informant where region_id = ${REGION}`,
};

describe('per kind: a write of another kind keeps the answer, a write of its own kind computes it again', () => {
  for (const kind of DATA_KINDS) {
    it(`a write of kind ${kind}`, async () => {
      const before = await version(kind);
      const cold = await coldAfter(() => s.database.db.execute(TOUCH[kind]));
      // The statement did write rows of the region: the kind's version moved.
      expect(await version(kind)).not.toBe(before);
      expect(cold).toEqual(expected(kind));
    });
  }

  it('a write of another region keeps every answer', async () => {
    const cold = await coldAfter(() => s.database.db.execute(sql`update contracts set status = status where region_id <> ${REGION}`));
    expect(Object.values(cold).every((c) => !c)).toBe(true);
  });
});

describe('the writes of the realistic mix through the API', () => {
  it('a help request (a new case, audited) makes no kept answer cold', async () => {
    const [u] = await s.database.db.select().from(users).where(eq(users.username, 'toegang.holland-rijnland'));
    const [y] = await query<{ id: number }>(
      sql`select y.id from youths y where y.region_id = ${REGION} and y.municipality_code = ${u!.municipalityCode} and not exists (select 1 from cases c where c.youth_id = y.id) order by y.id limit 1`,
    );
    let status = 0;
    const cold = await coldAfter(async () => {
      const res = await app.inject({
        method: 'POST',
        url: `${HR}/cases`,
        headers: await as('toegang.holland-rijnland'),
        payload: { youth: { youthId: Number(y!.id) }, hulpvraag: 'Hulpvraag in de test', crisis: false },
      });
      status = res.statusCode;
    });
    expect(status).toBe(201);
    expect(cold).toEqual(Object.fromEntries(Object.keys(KEPT_ROUTES).map((r) => [r, false])));
  });

  it('a contract change makes only the contract list and detail cold, and the list counts one more pending change', async () => {
    const pending = async () =>
      ((await get('controller.holland-rijnland', `${HR}/contracts?limit=1000`)).json() as { rows: { id: number; pendingChanges: number }[] }).rows.find(
        (r) => r.id === contract.id,
      )!.pendingChanges;
    const before = await pending();
    let status = 0;
    const cold = await coldAfter(async () => {
      const res = await app.inject({
        method: 'POST',
        url: `${HR}/contracts/${contract.id}/changes`,
        headers: await as('contractmanager.holland-rijnland'),
        payload: { kind: 'overig', description: 'Wijziging in de test', effectiveOn: '2027-07-01' },
      });
      status = res.statusCode;
    });
    expect(status).toBe(201);
    expect(cold).toEqual(expected('contract-changes'));
    expect(cold['GET /regions/{id}/spend']).toBe(false);
    expect(cold['GET /regions/{id}/landscape']).toBe(false);
    expect(await pending()).toBe(before + 1);
    expect((await get('contractmanager.holland-rijnland', `${HR}/contracts/${contract.id}`)).body).toContain('Wijziging in de test');
  });
});

describe('a write of its own kind: the answer really changes', () => {
  it('100 euro more approved spend of a provider this year: 10,000 cents more spent in the spend report and in the contract list ceiling', async () => {
    // A provider with approved spend in 2026 and a provider ceiling (seed 004 §3.3: ceilings per provider).
    const [p] = await query<{ provider_id: number; agb: string }>(
      sql`select c.provider_id, p.agb_code as agb from ceilings c join providers p on p.id = c.provider_id
          where c.region_id = ${REGION} and c.year = 2026 and c.segment_id is null
            and exists (select 1 from spend_monthly m where m.region_id = ${REGION} and m.provider_agb = p.agb_code and m.month >= '2026-01-01' and m.month < '2026-11-01' and m.lines > m.rejected_lines)
          order by c.provider_id limit 1`,
    );
    expect(p).toBeDefined();
    const spend = async () =>
      ((await get('controller.holland-rijnland', `${HR}/spend?year=2026&by=provider`)).json() as { rows: { key: string; spentCents: number }[] }).rows.find(
        (r) => r.key === String(p!.provider_id),
      )!.spentCents;
    const ceilingSpent = async () => {
      const list = (await get('controller.holland-rijnland', `${HR}/contracts?limit=1000&providerId=${p!.provider_id}`)).json() as {
        rows: { ceilings: { level: string; spentCents: number }[] }[];
      };
      return list.rows.flatMap((r) => r.ceilings).find((c) => c.level === 'aanbieder')?.spentCents;
    };
    const before = await spend();
    const beforeCeiling = await ceilingSpent();
    await s.database.db.execute(
      sql`update spend_monthly set approved_cents = approved_cents + 10000
          where ctid = (select ctid from spend_monthly where region_id = ${REGION} and provider_agb = ${p!.agb} and month >= '2026-01-01' and month < '2026-11-01' and lines > rejected_lines order by month limit 1)`,
    );
    expect(await spend()).toBe(before + 10000);
    if (beforeCeiling !== undefined) expect(await ceilingSpent()).toBe(beforeCeiling + 10000);
  });

  it('a new ceiling amount is the provider ceiling of the spend report at the next request', async () => {
    const [c] = await query<{ id: number; provider_id: number }>(
      sql`select c.id, c.provider_id from ceilings c where c.region_id = ${REGION} and c.year = 2026 and c.segment_id is null and c.provider_id is not null
          and (select count(*) from ceilings d where d.provider_id = c.provider_id and d.year = 2026 and d.segment_id is null) = 1 order by c.id limit 1`,
    );
    expect(c).toBeDefined();
    const ceiling = async () =>
      ((await get('controller.holland-rijnland', `${HR}/spend?year=2026&by=provider`)).json() as { rows: { key: string; ceilingCents?: number }[] }).rows.find(
        (r) => r.key === String(c!.provider_id),
      )?.ceilingCents;
    await ceiling();
    await s.database.db.execute(sql`update ceilings set amount_cents = 123456789 where id = ${c!.id}`);
    expect(await ceiling()).toBe(123456789);
  });

  it("a new tariff price of the contract's provider is in the contract detail at the next request", async () => {
    // A contract with tariffs of its own (or of its provider and segment) that the detail lists.
    const [t] = await query<{ id: number; contract_id: number }>(
      sql`select t.id, c.id as contract_id from tariffs t join contracts c on c.region_id = t.region_id
            and (t.contract_id = c.id or (t.contract_id is null and t.provider_id = c.provider_id and t.segment_id = c.segment_id
              and not exists (select 1 from tariffs u where u.contract_id = c.id)))
          where t.region_id = ${REGION} order by c.id, t.id limit 1`,
    );
    expect(t).toBeDefined();
    const url = `${HR}/contracts/${t!.contract_id}`;
    const prices = async () => JSON.stringify((await get('contractmanager.holland-rijnland', url)).json()).match(/"priceCents":\d+/g) ?? [];
    expect(await prices()).not.toContain('"priceCents":987654');
    await s.database.db.execute(sql`update tariffs set price_cents = 987654 where id = ${t!.id}`);
    expect(await prices()).toContain('"priceCents":987654');
  });
});

/**
 * A read request asks the data versions once (src/app/request-reads.ts): a cold answer's use case
 * asked its own kept parts' versions and the region's load time again, each a round trip that
 * waits its turn under many users. Counted at the driver, after a declaration's version bump.
 */
describe('a read request asks the data versions once', () => {
  const bump = async (kind: DataKind) =>
    s.database.db.execute(
      sql`insert into read_model_versions (name, version) values (${`data|${kind}|${REGION}`}, 1) on conflict (name) do update set version = read_model_versions.version + 1`,
    );
  const coldRead = async (user: string, url: string) => {
    await get(user, url);
    await bump('declarations');
    const headers = await as(user);
    const misses = stats().misses;
    const { result, statements } = await statementsOf(s.database, () => app.inject({ url, headers }));
    expect(result.statusCode, result.body.slice(0, 300)).toBe(200);
    expect(stats().misses, 'computed again').toBe(misses + 1);
    return statements;
  };

  it('a cold contract page: one statement reads the versions and the load time; no separate check that the region exists', async () => {
    const statements = await coldRead('contractmanager.holland-rijnland', `${HR}/contracts/${contract.id}`);
    expect(statements.filter((t) => t.includes('read_model_versions'))).toHaveLength(1);
    expect(statements.filter((t) => t.includes('loaded_at') && !t.includes('read_model_versions'))).toEqual([]);
    expect(statements.filter((t) => t.startsWith('select "id" from "regions"'))).toEqual([]);
  });

  it("a cold spend report: the versions once, the demo's parameters once (asked by the report and by its forecast)", async () => {
    const statements = await coldRead('controller.holland-rijnland', `${HR}/spend?year=2026&by=provider`);
    expect(statements.filter((t) => t.includes('read_model_versions'))).toHaveLength(1);
    expect(statements.filter((t) => t.includes('"demo_runs"'))).toHaveLength(1);
  });

  it('each request reads the versions itself: nothing is carried over from the request before', async () => {
    const url = `${HR}/contracts/${contract.id}`;
    await get('contractmanager.holland-rijnland', url);
    const headers = await as('contractmanager.holland-rijnland');
    for (let i = 0; i < 2; i++) {
      const { result, statements } = await statementsOf(s.database, () => app.inject({ url, headers }));
      expect(result.statusCode).toBe(200);
      expect(statements.filter((t) => t.includes('read_model_versions'))).toHaveLength(1);
    }
  });
});
