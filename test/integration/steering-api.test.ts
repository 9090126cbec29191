/**
 * Steering API end to end (Fastify inject) on a small WBO demo with its funding history (so the
 * demo population has allocations, JW307 stops and outcome measurements) and Holland Rijnland
 * without funding: outcome registration with tenancy and bad input, KPIs at the four levels with
 * status and tenancy, series, CSV/XLSX exports, and the public outcomes with small-cell suppression.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer } from '../../src/api/server.js';
import { allocationOutcomes, allocations, cases, users } from '../../src/db/schema.js';
import { kpiFacts, kpiRefresh } from '../../src/db/schema-steering.js';
import { loadSourceData } from '../../src/app/steering/facts-store.js';
import { loadCatalogue } from '../../src/app/steering/catalogue-store.js';
import { aggregateFacts, factsFor } from '../../src/domain/steering/measures.js';
import { revealsSmallCell } from '../../src/domain/steering/suppression.js';
import { computeKpis } from '../../src/app/contracts/kpis.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';
import { demoUsers } from '../helpers/api.js';

const TODAY = '2026-11-22';
let testDb: TestDb;
let s: Started;
let app: FastifyInstance;
const { get, post } = demoUsers(() => app);
const expectProblem = (res: { statusCode: number; headers: Record<string, unknown>; json(): unknown; body: string }, status: number, detail?: RegExp) => {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ status, title: expect.any(String), detail: detail ?? expect.any(String) });
};
type Item = {
  id: string;
  label: string;
  value: number | null;
  unit: string;
  target: { value: number; aanname?: string } | null;
  direction: string | null;
  level: string;
  key: string;
  n: number;
  status: string;
  signal: boolean;
  bron: { seed: string };
  peers?: { n: number };
};

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { demo: ['wbo', 'holland-rijnland'], today: TODAY, scale: 0.02, demoFunding: ['wbo'], demoFundingYears: 1 });
  app = await buildServer({ database: s.database, demo: true, now: () => new Date(`${TODAY}T12:00:00Z`) });
}, 600_000);
afterAll(async () => {
  await app?.close();
  await s?.database.close();
  await testDb?.drop();
});

describe('demo outcomes', () => {
  it('ended demo allocations carry a JW307 stop reason and national outcome measurements', async () => {
    const db = s.database.db;
    const [stops] = await db
      .select({ n: sql<number>`count(*)::int`, uitval: sql<number>`count(*) filter (where ${allocations.redenBeeindiging} in ('32','33','34'))::int` })
      .from(allocations)
      .where(and(eq(allocations.regionId, 'wbo'), isNotNull(allocations.stopdatum)));
    expect(stops!.n).toBeGreaterThan(50);
    expect(stops!.uitval).toBeGreaterThan(0);
    expect(stops!.uitval).toBeLessThan(stops!.n / 2);
    const [m] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(allocationOutcomes)
      .where(eq(allocationOutcomes.regionId, 'wbo'));
    expect(m!.n).toBeGreaterThan(50);
  });
});

describe('GET /regions/{id}/kpis', () => {
  it('region level: the catalogue with values, n, status against the target, and the source', async () => {
    const res = await get('contractmanager.wbo', '/api/v1/regions/wbo/kpis?level=region&year=2026');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Item[];
    const ids = items.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining(['uitval', 'tevredenheid', 'zonder-hulp-verder', 'gebruik']));
    for (const i of items) {
      expect(['on-target', 'off-target', 'no-target', 'insufficient-n']).toContain(i.status);
      expect(i.level).toBe('region');
      expect(i.bron.seed).toBeTruthy();
    }
    const t = items.find((i) => i.id === 'tevredenheid')!;
    expect(t.value).toBeGreaterThanOrEqual(1);
    expect(t.value).toBeLessThanOrEqual(10);
    expect(t.target).toMatchObject({ value: 7.5, aanname: expect.stringContaining('werkhypothese') });
    expect(t.status).toBe(t.n < 10 ? 'insufficient-n' : t.value! >= 7.5 ? 'on-target' : 'off-target');
  });

  it('segment, area and process levels give one item per key', async () => {
    for (const level of ['segment', 'area', 'process']) {
      const res = await get('beleid.wbo', `/api/v1/regions/wbo/kpis?level=${level}&year=2026`);
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json().items as Item[];
      expect(items.length, level).toBeGreaterThan(0);
      expect(new Set(items.map((i) => `${i.id}|${i.key}`)).size).toBe(items.length);
    }
    const proc = (await get('beleid.wbo', '/api/v1/regions/wbo/kpis?level=process&year=2026')).json().items as Item[];
    expect(proc.every((i) => ['triage', 'verwijzing', 'beschikking', 'start'].includes(i.key))).toBe(true);
  });

  it('tenancy: a municipality sees its residents only, a provider its own beside peers, other regions nothing', async () => {
    const [g] = await s.database.db.select().from(users).where(eq(users.username, 'gemeente.wbo'));
    const own = await get('gemeente.wbo', '/api/v1/regions/wbo/kpis?year=2026');
    expect(own.statusCode).toBe(200);
    expect(own.json().scope).toContain(g!.municipalityCode!);
    expectProblem(await get('gemeente.wbo', `/api/v1/regions/wbo/kpis?year=2026&municipality=${g!.municipalityCode === '0758' ? '0777' : '0758'}`), 403);
    const p = await get('aanbieder.wbo', '/api/v1/regions/wbo/kpis?year=2026&level=segment');
    expect(p.statusCode).toBe(200);
    expect((p.json().items as Item[]).some((i) => i.peers && i.peers.n >= i.n)).toBe(true);
    const [a] = await s.database.db.select().from(users).where(eq(users.username, 'aanbieder.wbo'));
    expectProblem(await get('aanbieder.wbo', `/api/v1/regions/wbo/kpis?year=2026&provider=${a!.providerId! + 1}`), 403);
    expectProblem(await get('contractmanager.holland-rijnland', '/api/v1/regions/wbo/kpis'), 404); // another region: not visible (authorisation matrix)
    expectProblem(await app.inject('/api/v1/regions/wbo/kpis'), 401);
  });

  it('care pathways: from the segment where care ended to the next start or none, summing to the ended trajectories', async () => {
    const res = await get('beleid.wbo', '/api/v1/regions/wbo/care-pathways?year=2025');
    expect(res.statusCode, res.body).toBe(200);
    const links = res.json().links as { from: string; to: string; toLabel: string; n: number }[];
    expect(links.length).toBeGreaterThan(0);
    expect(links.some((l) => l.to === '' && /Geen nieuwe hulp binnen 12 maanden/.test(l.toLabel))).toBe(true);
    const ended = Number(
      (
        (await s.database.db.execute(sql`select count(*)::int as n from (
      select t.end_date from trajectories t where t.region_id = 'wbo' and t.end_date between '2025-01-01' and '2025-12-31'
      union all select coalesce(a.stopdatum, a.einddatum) from allocations a where a.region_id = 'wbo' and a.trajectory_id is null and coalesce(a.stopdatum, a.einddatum) between '2025-01-01' and '2025-12-31') e`)) as unknown as {
          rows: { n: number }[];
        }
      ).rows[0]!.n,
    );
    // Every trajectory that ended in 2025 and whose 12-month window has passed (by 2026-11-22: ended by 2025-11-22).
    expect(links.reduce((a, l) => a + l.n, 0)).toBeLessThanOrEqual(ended);
    expect(links.reduce((a, l) => a + l.n, 0)).toBeGreaterThan(ended * 0.7);
  });

  it('a region without data shows no figures (Haaglanden has no demo population)', async () => {
    const res = await get('beheer', '/api/v1/regions/haaglanden/kpis?year=2026');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([]);
  });

  it('bad input is a Dutch problem+json', async () => {
    expectProblem(await get('beleid.wbo', '/api/v1/regions/wbo/kpis?level=wijk'), 400);
    expectProblem(await get('beleid.wbo', '/api/v1/regions/wbo/kpis?period=2026-13'), 400);
    expectProblem(await get('beleid.wbo', '/api/v1/regions/wbo/kpis?year=2026&period=2025-Q1'), 400, /periode/);
    expectProblem(await get('beleid.wbo', '/api/v1/regions/wbo/kpis/bestaat-niet/series'), 400, /indicator/);
  });

  it('series per quarter, and CSV and XLSX exports of the same items', async () => {
    const series = await get('beleid.wbo', '/api/v1/regions/wbo/kpis/gebruik/series?year=2026&grain=quarter');
    expect(series.statusCode, series.body).toBe(200);
    expect(series.json().points.length).toBeGreaterThan(1);
    const csv = await get('beleid.wbo', '/api/v1/regions/wbo/kpis.csv?year=2026');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const items = (await get('beleid.wbo', '/api/v1/regions/wbo/kpis?year=2026')).json().items as Item[];
    expect(csv.body.trim().split('\n')).toHaveLength(items.length + 1);
    const xlsx = await get('beleid.wbo', '/api/v1/regions/wbo/kpis.xlsx?year=2026');
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Indicatoren')!.rowCount).toBe(items.length + 2);
  });
});

describe('POST /regions/{id}/allocations/{nummer}/outcome', () => {
  it('the provider records an outcome of its own ended allocation; kept on write in the KPI facts', async () => {
    const db = s.database.db;
    const [u] = await db.select().from(users).where(eq(users.username, 'aanbieder.wbo'));
    // An ended allocation of this provider without a measurement of the youth.
    const [a] = await db
      .select({ nummer: allocations.toewijzingNummer, stop: allocations.stopdatum, providerId: allocations.providerId })
      .from(allocations)
      .where(
        and(
          eq(allocations.regionId, 'wbo'),
          eq(allocations.providerId, u!.providerId!),
          isNotNull(allocations.stopdatum),
          sql`${allocations.stopdatum} >= '2026-01-01'`,
          sql`not exists (select 1 from ${allocationOutcomes} o where o.allocation_id = ${allocations.id} and o.informant = 'jeugdige')`,
        ),
      )
      .limit(1);
    expect(a).toBeDefined();
    const before = ((await get('beleid.wbo', '/api/v1/regions/wbo/kpis?year=2026&period=2026-11')).json().items as Item[]).find((i) => i.id === 'tevredenheid');
    const url = `/api/v1/regions/wbo/allocations/${a!.nummer}/outcome`;
    const res = await post('aanbieder.wbo', url, { informant: 'jeugdige', gemetenOp: '2026-11-20', tevredenheid: 9, zonderHulpVerder: '04' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ toewijzingNummer: a!.nummer, informant: 'jeugdige', tevredenheid: 9 });
    const after = ((await get('beleid.wbo', '/api/v1/regions/wbo/kpis?year=2026&period=2026-11')).json().items as Item[]).find((i) => i.id === 'tevredenheid')!;
    expect(after?.n).toBe((before?.n ?? 0) + 1);
    // One measurement per informant.
    expectProblem(await post('aanbieder.wbo', url, { informant: 'jeugdige', gemetenOp: '2026-11-21', tevredenheid: 8 }), 409);
  });

  it('tenancy and bad input', async () => {
    const db = s.database.db;
    const [u] = await db.select().from(users).where(eq(users.username, 'aanbieder.wbo'));
    const [foreign] = await db
      .select({ nummer: allocations.toewijzingNummer })
      .from(allocations)
      .where(and(eq(allocations.regionId, 'wbo'), sql`${allocations.providerId} <> ${u!.providerId}`, isNotNull(allocations.stopdatum)))
      .limit(1);
    expectProblem(
      await post('aanbieder.wbo', `/api/v1/regions/wbo/allocations/${foreign!.nummer}/outcome`, {
        informant: 'ouder',
        gemetenOp: '2026-11-20',
        tevredenheid: 7,
      }),
      404,
    );
    expectProblem(
      await post('contractmanager.wbo', `/api/v1/regions/wbo/allocations/${foreign!.nummer}/outcome`, {
        informant: 'ouder',
        gemetenOp: '2026-11-20',
        tevredenheid: 7,
      }),
      403,
    );
    expectProblem(
      await post('aanbieder.holland-rijnland', `/api/v1/regions/wbo/allocations/${foreign!.nummer}/outcome`, {
        informant: 'ouder',
        gemetenOp: '2026-11-20',
        tevredenheid: 7,
      }),
      404,
    );
    const [own] = await db
      .select({ nummer: allocations.toewijzingNummer })
      .from(allocations)
      .where(and(eq(allocations.regionId, 'wbo'), eq(allocations.providerId, u!.providerId!), isNotNull(allocations.stopdatum)))
      .limit(1);
    const url = `/api/v1/regions/wbo/allocations/${own!.nummer}/outcome`;
    expectProblem(await post('aanbieder.wbo', url, { informant: 'ouder', gemetenOp: '2026-11-20', tevredenheid: 11 }), 400, /tevredenheid is maximaal 10/);
    expectProblem(
      await post('aanbieder.wbo', url, { informant: 'ouder', gemetenOp: '2026-11-20', zonderHulpVerder: '05' }),
      400,
      /antwoordcode 01, 02, 03 of 04/,
    );
    expectProblem(await post('aanbieder.wbo', url, { informant: 'oma', gemetenOp: '2026-11-20', tevredenheid: 7 }), 400, /informant/);
    expectProblem(await post('aanbieder.wbo', url, { informant: 'ouder', gemetenOp: '2026-11-20', doelrealisatiePct: 101 }), 400, /doelrealisatie/);
    expectProblem(await post('aanbieder.wbo', url, { informant: 'ouder', gemetenOp: '2026-11-20' }), 422, /ten minste één uitkomst/);
    expectProblem(await post('aanbieder.wbo', url, { informant: 'ouder', gemetenOp: '2030-01-01', tevredenheid: 7 }), 422, /toekomst/);
    // A running allocation of this provider: not yet.
    const [running] = await db
      .select({ nummer: allocations.toewijzingNummer })
      .from(allocations)
      .where(
        and(
          eq(allocations.regionId, 'wbo'),
          eq(allocations.providerId, u!.providerId!),
          isNull(allocations.stopdatum),
          sql`${allocations.einddatum} >= ${TODAY}`,
        ),
      )
      .limit(1);
    if (running)
      expectProblem(
        await post('aanbieder.wbo', `/api/v1/regions/wbo/allocations/${running.nummer}/outcome`, { informant: 'ouder', gemetenOp: TODAY, tevredenheid: 7 }),
        422,
        /loopt nog/,
      );
    // Nothing half-written.
    const [n] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(allocationOutcomes)
      .where(and(eq(allocationOutcomes.regionId, 'wbo'), eq(allocationOutcomes.recordedBy, 'contractmanager.wbo')));
    expect(n!.n).toBe(0);
  });

  it("the local team of the youth's municipality may record too", async () => {
    const db = s.database.db;
    const [t] = await db.select().from(users).where(eq(users.username, 'toegang.wbo'));
    const [a] = await db
      .select({ nummer: allocations.toewijzingNummer })
      .from(allocations)
      .where(
        and(
          eq(allocations.regionId, 'wbo'),
          eq(allocations.municipalityCode, t!.municipalityCode!),
          isNotNull(allocations.stopdatum),
          sql`not exists (select 1 from ${allocationOutcomes} o where o.allocation_id = ${allocations.id} and o.informant = 'ouder')`,
        ),
      )
      .limit(1);
    const res = await post('toegang.wbo', `/api/v1/regions/wbo/allocations/${a!.nummer}/outcome`, {
      informant: 'ouder',
      gemetenOp: TODAY,
      zonderHulpVerder: '02',
      doelrealisatiePct: 80,
    });
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('GET /public/regions/{id}/outcomes', () => {
  it('answers without login; no published group reveals a cell below the minimum, directly or by difference', async () => {
    const res = await app.inject('/api/v1/public/regions/wbo/outcomes?year=2026');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.minimumN).toBe(10);
    expect(r.indicators.length).toBeGreaterThan(0);
    // Check against the true counts in the fact table.
    const facts = await s.database.db
      .select({
        indicatorId: kpiFacts.indicatorId,
        segmentId: kpiFacts.segmentId,
        providerId: kpiFacts.providerId,
        den: sql<number>`sum(${kpiFacts.den})::int`,
      })
      .from(kpiFacts)
      .where(and(eq(kpiFacts.regionId, 'wbo'), sql`${kpiFacts.month} between '2026-01-01' and '2026-12-01'`))
      .groupBy(kpiFacts.indicatorId, kpiFacts.segmentId, kpiFacts.providerId);
    let suppressedSeen = 0;
    for (const ind of r.indicators) {
      const mine = facts.filter((f) => f.indicatorId === ind.id);
      const segCells = ind.segments.map((sg: { id: string }) => ({ key: sg.id, n: mine.filter((f) => f.segmentId === sg.id).reduce((a, f) => a + f.den, 0) }));
      const segHidden = new Set<string>(ind.segments.filter((sg: { cell: { suppressed: boolean } }) => sg.cell.suppressed).map((sg: { id: string }) => sg.id));
      expect(revealsSmallCell(segCells, segHidden, !ind.total.suppressed, 10), ind.id).toBe(false);
      for (const sg of ind.segments) {
        const provCells = mine.filter((f) => f.segmentId === sg.id).map((f) => ({ key: String(f.providerId), n: f.den }));
        const names = sg.providers as { cell: { suppressed: boolean; n?: number } }[];
        suppressedSeen += names.filter((p) => p.cell.suppressed).length;
        // Published provider cells are never small ...
        for (const p of names) if (!p.cell.suppressed) expect(p.cell.n!).toBeGreaterThanOrEqual(10);
        const hiddenN = provCells.reduce((a, c) => a + c.n, 0) - names.filter((p) => !p.cell.suppressed).reduce((a, p) => a + p.cell.n!, 0);
        const hiddenCount = names.filter((p) => p.cell.suppressed).length;
        // ... and the segment's published total minus them reveals no small cell either.
        if (!sg.cell.suppressed) expect(hiddenCount === 0 || (hiddenCount >= 2 && hiddenN >= 10), `${ind.id} ${sg.id}`).toBe(true);
        // A withheld segment never has all its providers published (they would add up to it).
        else expect(hiddenCount, `${ind.id} ${sg.id}`).toBeGreaterThan(0);
      }
    }
    expect(suppressedSeen).toBeGreaterThan(0);
    const csv = await app.inject('/api/v1/public/regions/wbo/outcomes?year=2026&format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\n')[0]).toBe('regio;jaar;indicator;segment;aanbieder;n;waarde;eenheid;onderdrukt');
    expectProblem(await app.inject('/api/v1/public/regions/atlantis/outcomes'), 404);
    expectProblem(await app.inject('/api/v1/public/regions/wbo/outcomes?year=twee'), 400);
  });
});

describe('quarterly provider report and the dialogue snapshot', () => {
  it("the provider gets its own quarterly report as PDF; another provider's is refused", async () => {
    const [a] = await s.database.db.select().from(users).where(eq(users.username, 'aanbieder.wbo'));
    const res = await get('aanbieder.wbo', `/api/v1/regions/wbo/providers/${a!.providerId}/kpi-report.pdf?year=2026&quarter=3`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expectProblem(await get('aanbieder.wbo', `/api/v1/regions/wbo/providers/${a!.providerId! + 1}/kpi-report.pdf?year=2026&quarter=3`), 403);
    expectProblem(await get('gemeente.wbo', `/api/v1/regions/wbo/providers/${a!.providerId}/kpi-report.pdf`), 403);
    expect((await get('contractmanager.wbo', `/api/v1/regions/wbo/providers/${a!.providerId}/kpi-report.pdf`)).statusCode).toBe(200);
    expectProblem(await get('contractmanager.wbo', `/api/v1/regions/wbo/providers/${a!.providerId}/kpi-report.pdf?quarter=5`), 400);
  });

  it("the contract dialogue's KPI snapshot takes the catalogue's indicators for its segment", async () => {
    const db = s.database.db;
    const [cm] = await db.select().from(users).where(eq(users.username, 'contractmanager.wbo'));
    const [busy] = await db
      .select({ seg: allocations.segmentId, n: sql<number>`count(*)::int` })
      .from(allocations)
      .where(and(eq(allocations.regionId, 'wbo'), isNotNull(allocations.stopdatum)))
      .groupBy(allocations.segmentId)
      .orderBy(sql`2 desc`)
      .limit(1);
    const snap = await computeKpis(
      db,
      { userId: cm!.id, username: cm!.username, role: 'contractmanager', regionId: 'wbo', municipalityCode: null, providerId: null },
      'wbo',
      { segmentId: busy!.seg, providerId: null, label: busy!.seg },
      TODAY,
    );
    const ids = snap.items.map((i) => i.id);
    expect(ids.some((id) => id.startsWith('indicator-'))).toBe(true);
    expect(ids).toContain('indicator-gebruik');
  });
});

describe('KPI facts are kept on write: a change does not trigger a full refresh (issue #12)', () => {
  /** Totals per indicator (num, den) over all months, from the fact table. */
  const stored = async () => {
    const rows = await s.database.db
      .select({ id: kpiFacts.indicatorId, num: sql<number>`sum(${kpiFacts.num})::float8`, den: sql<number>`sum(${kpiFacts.den})::int` })
      .from(kpiFacts)
      .where(eq(kpiFacts.regionId, 'wbo'))
      .groupBy(kpiFacts.indicatorId);
    return new Map(rows.map((r) => [r.id, { num: Math.round(Number(r.num) * 1000) / 1000, den: Number(r.den) }]));
  };

  it('a JW307 stop with reason 33 (ended early by the provider) counts in Uitval at once, the facts are not recomputed, and they equal a full recomputation', async () => {
    const db = s.database.db;
    const all = await db.select({ id: cases.id, state: cases.state, municipalityCode: cases.municipalityCode }).from(cases).where(eq(cases.regionId, 'wbo'));
    const c = all.find((r) =>
      (r.state as { toewijzingen: { status: string; startdatum?: string }[] }).toewijzingen.some(
        (t) => t.status === 'gestart' && (t.startdatum ?? '') <= TODAY,
      ),
    );
    expect(c, 'a demo case with a started allocation').toBeDefined();
    const t = (c!.state as { toewijzingen: { nummer: number; status: string }[] }).toewijzingen.find((x) => x.status === 'gestart')!;
    const period = `period=${TODAY.slice(0, 7)}`;
    const uitval = async () =>
      ((await get('beleid.wbo', `/api/v1/regions/wbo/kpis?year=2026&${period}`)).json().items as Item[]).find((i) => i.id === 'uitval');
    const before = await uitval(); // the facts are current now
    const [refresh] = await db.select().from(kpiRefresh).where(eq(kpiRefresh.regionId, 'wbo'));
    const totals = await stored();

    const res = await post('gemeente.wbo', `/api/v1/regions/wbo/cases/${c!.id}/commands`, {
      command: { type: 'stop', nummer: t.nummer, datum: TODAY, reden: '33' },
    });
    expect(res.statusCode, res.body).toBe(200);

    // Hand count: one more definitive stop in the month, and it is uitval (33 is in the indicator's reasons).
    const after = await uitval();
    expect(after?.n).toBe((before?.n ?? 0) + 1);
    const u0 = totals.get('uitval')!;
    const u1 = (await stored()).get('uitval')!;
    expect(u1).toEqual({ num: u0.num + 1, den: u0.den + 1 });
    // No full refresh happened: same refresh time, and the fingerprint moved with the write.
    const [again] = await db.select().from(kpiRefresh).where(eq(kpiRefresh.regionId, 'wbo'));
    expect(again!.refreshedAt.getTime()).toBe(refresh!.refreshedAt.getTime());
    expect(again!.watermark).not.toBe(refresh!.watermark);

    // What was kept on write equals a full recomputation of every indicator.
    const data = await loadSourceData(db, 'wbo');
    const full = new Map(
      loadCatalogue('wbo').indicatoren.map((ind) => {
        const f = aggregateFacts(factsFor(ind, data, again!.dataDate));
        return [ind.id, { num: Math.round(f.reduce((a, x) => a + x.num, 0) * 1000) / 1000, den: f.reduce((a, x) => a + x.den, 0) }] as const;
      }),
    );
    const kept = await stored();
    for (const [id, v] of full) expect(kept.get(id) ?? { num: 0, den: 0 }, id).toEqual(v);
  });
});
