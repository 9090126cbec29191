/**
 * Scenario simulation end to end on a small WBO demo region with one declared year (2025) of
 * funding history: the no-change scenario reproduces the actual spend of GET .../spend to the cent
 * (total and per segment, provider and municipality); the shipped SLT scenario (seed 003) moves
 * money from specialist mental-health care to the SLT; roles (403), bad input (400 problem+json),
 * storing and exporting a scenario file, the XLSX comparison, and the CLI on the same database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { parse as parseYaml } from 'yaml';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer } from '../../src/api/server.js';
import { ensureDemoFunding } from '../../src/demo/funding.js';
import { upsertUser } from '../../src/app/auth.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';
import { ROOT } from '../unit/helpers.js';
import { demoUsers } from '../helpers/api.js';

const TODAY = '2026-11-22';
let testDb: TestDb;
let dataDir: string | undefined;
let s: Started;
let app: FastifyInstance;
const { as, get, post } = demoUsers(() => app);
const expectProblem = (res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number) => {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
};

beforeAll(async () => {
  testDb = await createTestDatabase();
  // PGlite in a folder (not in memory) so the CLI can open the same database afterwards.
  if (testDb.kind === 'pglite') dataDir = mkdtempSync(join(tmpdir(), 'rk-sim-'));
  const open = dataDir ? { dataDir } : testDb.open;
  s = await start(open, { demo: ['wbo'], today: TODAY, scale: 0.02 });
  await ensureDemoFunding(s.database.db, 'wbo', TODAY, { historyYears: 1 });
  await upsertUser(s.database.db, { username: 'beleid.sim', displayName: 'Beleid', role: 'beleid', password: 'demo', regionId: 'wbo' });
  app = await buildServer({ database: s.database, demo: true, now: () => new Date(`${TODAY}T12:00:00Z`) });
}, 600_000);
afterAll(async () => {
  await app?.close();
  await s?.database.close().catch(() => {});
  await testDb?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

type Report = {
  region: string;
  period: { from: string; to: string };
  base: {
    totalCents: number;
    byYear: Record<string, number>;
    bySegment: Record<string, number>;
    byProvider: Record<string, number>;
    byMunicipality: Record<string, number>;
  };
  scenarios: {
    id: string;
    name: string;
    totalCents: number;
    bySegment: Record<string, number>;
    byProvider: Record<string, number>;
    byMunicipality: Record<string, number>;
    percentiles: { p10: number; p50: number; p90: number } | null;
    providersBelowThreshold: number;
    ceilingExceedances: unknown[];
    details: { waterfall: { label: string; cents: number }[] };
  }[];
};

describe('the no-change scenario reproduces the actual spend to the cent', () => {
  let report: Report;
  beforeAll(async () => {
    const res = await post('controller.wbo', '/api/v1/regions/wbo/scenarios/run', { ref: 'slt-lumpsum-sggz.yaml', runs: 200, seed: 3 });
    expect(res.statusCode, res.body).toBe(200);
    report = res.json() as Report;
  });
  it('base = GET spend for 2025 (settled lines plus paid schedules), per segment, provider and municipality', async () => {
    expect(report.period).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    for (const by of ['segment', 'provider', 'municipality'] as const) {
      const spend = (await get('controller.wbo', `/api/v1/regions/wbo/spend?year=2025&by=${by}`)).json() as {
        totals: { spentCents: number };
        rows: { key: string; spentCents: number }[];
      };
      expect(report.base.totalCents).toBe(spend.totals.spentCents);
      const mine = by === 'segment' ? report.base.bySegment : by === 'provider' ? report.base.byProvider : report.base.byMunicipality;
      const theirs = Object.fromEntries(spend.rows.filter((r) => r.spentCents !== 0).map((r) => [r.key, r.spentCents]));
      expect(Object.fromEntries(Object.entries(mine).filter(([, v]) => v !== 0))).toEqual(theirs);
    }
    expect(report.base.totalCents).toBeGreaterThan(0);
  });
  it('the no-change replay equals the base exactly, and its percentiles spread around it', () => {
    const none = report.scenarios.find((x) => x.id === 'geen-wijziging')!;
    expect(none.totalCents).toBe(report.base.totalCents);
    expect(none.bySegment).toEqual(report.base.bySegment);
    expect(none.byProvider).toEqual(report.base.byProvider);
    expect(none.byMunicipality).toEqual(report.base.byMunicipality);
    expect(none.percentiles!.p10).toBeLessThan(none.percentiles!.p90);
  });
  it('seed 003: 60% of specialist care into the SLT lump sum with a 10% discount moves money and lowers the total', () => {
    const slt = report.scenarios.find((x) => x.id === 'slt-lumpsum-sggz-60-40')!;
    const sggz = report.base.bySegment['specialistische-ambulante-behandeling'] ?? 0;
    expect(sggz).toBeGreaterThan(0);
    // Specialist care keeps 40% (P x Q unchanged); 60% x 90% lands in the SLT: total falls by 6% of SGGZ (+-1 cent per rounded cell).
    expect(Math.abs(slt.bySegment['specialistische-ambulante-behandeling']! - Math.round(0.4 * sggz))).toBeLessThan(200);
    expect(Math.abs(report.base.totalCents - slt.totalCents - Math.round(0.06 * sggz))).toBeLessThan(200);
    expect(slt.details.waterfall.at(-1)!.cents).toBe(slt.totalCents);
  });
});

describe('roles and bad input', () => {
  it('beleid and contractmanager may run; gemeente, aanbieder and toegang get 403', async () => {
    expect((await post('beleid.sim', '/api/v1/regions/wbo/scenarios/run', { ref: 'slt-lumpsum-sggz', scenarioIds: ['geen-wijziging'] })).statusCode).toBe(200);
    expect(
      (await post('contractmanager.wbo', '/api/v1/regions/wbo/scenarios/run', { ref: 'slt-lumpsum-sggz', scenarioIds: ['geen-wijziging'] })).statusCode,
    ).toBe(200);
    for (const u of ['gemeente.wbo', 'aanbieder.wbo', 'toegang.wbo'])
      expectProblem(await post(u, '/api/v1/regions/wbo/scenarios/run', { ref: 'slt-lumpsum-sggz' }), 403);
    expectProblem(await get('gemeente.wbo', '/api/v1/regions/wbo/scenarios'), 403);
  });
  it('without a session 401; an unknown region 404', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/v1/regions/wbo/scenarios/run', payload: { ref: 'x' } })).statusCode).toBe(401);
    expectProblem(await post('controller.wbo', '/api/v1/regions/bestaat-niet/scenarios/run', { ref: 'x' }), 404);
  });
  it('bad input is a Dutch 400 problem, never a 500', async () => {
    const url = '/api/v1/regions/wbo/scenarios/run';
    expectProblem(await post('controller.wbo', url, {}), 400);
    expectProblem(await post('controller.wbo', url, { ref: 'slt-lumpsum-sggz', yaml: 'regio: wbo' }), 400);
    const badYaml = await post('controller.wbo', url, { yaml: 'regio: [' });
    expectProblem(badYaml, 400);
    expect((badYaml.json() as { detail: string }).detail).toMatch(/geen geldige YAML/);
    const unknownSegment = await post('controller.wbo', url, {
      file: {
        regio: 'wbo',
        basis: { jaren: [2025] },
        levensvatbaarheidsdrempel: { waarde: 0.8, aanname: 'a' },
        spreiding: { volumegroei: { waarde: 0.03, aanname: 'a' }, doelbereik: { waarde: 0.05, aanname: 'a' } },
        scenarios: [{ id: 'x', naam: 'X', wijzigingen: [{ soort: 'bekostiging', segment: 'bestaat-niet', naar: { model: 'trajectprijs', percentiel: 50 } }] }],
      },
    });
    expectProblem(unknownSegment, 400);
    expect((unknownSegment.json() as { detail: string }).detail).toMatch(/segment "bestaat-niet" bestaat niet/);
    expectProblem(await post('controller.wbo', url, { ref: 'slt-lumpsum-sggz', runs: 1e9 }), 400);
    expectProblem(await post('controller.wbo', url, { ref: 'onbekend' }), 404);
    expectProblem(await post('controller.wbo', url, { ref: 'slt-lumpsum-sggz', scenarioIds: ['bestaat-niet'] }), 400);
  });
});

describe('stored scenario files and exports', () => {
  it('stores a file built in the web app, lists it, exports it as YAML that parses back to the same file', async () => {
    const definition = {
      regio: 'wbo',
      basis: { volledigeJarenTerug: 1 },
      levensvatbaarheidsdrempel: { waarde: 0.8, aanname: 'test' },
      spreiding: { volumegroei: { waarde: 0.03, aanname: 'test' }, doelbereik: { waarde: 0.05, aanname: 'test' } },
      scenarios: [
        {
          id: 'trajectprijs',
          naam: 'Trajectprijs SGGZ',
          wijzigingen: [{ soort: 'bekostiging', segment: 'specialistische-ambulante-behandeling', naar: { model: 'trajectprijs', percentiel: 60 } }],
        },
      ],
    };
    const saved = await post('contractmanager.wbo', '/api/v1/regions/wbo/scenarios', { name: 'Mijn scenario', definition });
    expect(saved.statusCode, saved.body).toBe(201);
    const id = (saved.json() as { id: number }).id;
    const list = (await get('controller.wbo', '/api/v1/regions/wbo/scenarios')).json() as { files: { source: string; ref: string; name: string }[] };
    expect(list.files.map((f) => `${f.source}:${f.ref}`)).toEqual(expect.arrayContaining(['meegeleverd:slt-lumpsum-sggz.yaml', `opgeslagen:${id}`]));
    const exported = await get('controller.wbo', `/api/v1/regions/wbo/scenarios/${id}/export`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toMatch(/yaml/);
    expect(parseYaml(exported.body)).toMatchObject({ regio: 'wbo', scenarios: [{ id: 'trajectprijs' }] });
    const ran = await post('controller.wbo', '/api/v1/regions/wbo/scenarios/run', { ref: String(id) });
    expect(ran.statusCode, ran.body).toBe(200);
    expectProblem(await post('controller.wbo', '/api/v1/regions/wbo/scenarios', { name: 'x', definition: { ...definition, regio: 'holland-rijnland' } }), 400);
    expectProblem(await post('gemeente.wbo', '/api/v1/regions/wbo/scenarios', { name: 'x', definition }), 403);
  });
  it('the comparison as a workbook with the scenarios side by side', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/regions/wbo/scenarios/run.xlsx',
      payload: { ref: 'slt-lumpsum-sggz', runs: 100 },
      headers: await as('controller.wbo'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining(['Vergelijking', 'Per segment', 'Per gemeente', 'Per aanbieder', 'Opbouw verschil']),
    );
    const rows = wb.getWorksheet('Vergelijking')!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows.length).toBe(1 + 1 + 3); // header, base, three scenarios
  });
});

describe('CLI', () => {
  it("regiekamer simulate --json prints the issue's shape; the no-change total is the API base", async () => {
    const api = (await (
      await post('controller.wbo', '/api/v1/regions/wbo/scenarios/run', { ref: 'slt-lumpsum-sggz', scenarioIds: ['geen-wijziging'] })
    ).json()) as Report;
    await app.close();
    await s.database.close();
    const bin = join(ROOT, 'bin', 'regiekamer.js');
    if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'simulate.js')))
      execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
    const env = { ...process.env, ...(dataDir ? { DATABASE_URL: '' } : { DATABASE_URL: testDb.open.url! }) };
    const plain = [
      bin,
      'simulate',
      '--region',
      'wbo',
      '--scenario',
      join(ROOT, 'profiles', 'wbo', 'scenarios', 'slt-lumpsum-sggz.yaml'),
      '--json',
      ...(dataDir ? ['--data', dataDir] : []),
    ];
    const args = [...plain, '--runs', '300', '--seed', '5'];
    const out = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env });
    expect(out.status, out.stderr).toBe(0);
    const json = JSON.parse(out.stdout) as Report & { scenarios: Record<string, unknown>[] };
    expect(Object.keys(json)).toEqual(['region', 'period', 'base', 'scenarios']);
    expect(Object.keys(json.base)).toEqual(['totalCents', 'byYear', 'byMunicipality', 'bySegment', 'byProvider']);
    expect(Object.keys(json.scenarios[0]!)).toEqual([
      'id',
      'name',
      'totalCents',
      'byYear',
      'byMunicipality',
      'bySegment',
      'byProvider',
      'providersBelowThreshold',
      'ceilingExceedances',
      'percentiles',
    ]);
    // The CLI runs with the real date; its base year is the last full year before it (2025 while that is true).
    if (json.period.from === api.period.from) {
      expect(json.base.totalCents).toBe(api.base.totalCents);
      expect(json.scenarios[0]!.totalCents).toBe(api.base.totalCents);
    }
    expect((json.scenarios[0]!.percentiles as { p10: number }).p10).toBeGreaterThan(0);
    // Without --runs: percentiles null. A bad file: exit 2 with a Dutch message.
    const noRuns = JSON.parse(spawnSync(process.execPath, plain, { cwd: ROOT, encoding: 'utf8', env }).stdout) as { scenarios: { percentiles: unknown }[] };
    expect(noRuns.scenarios.every((x) => x.percentiles === null)).toBe(true);
    const bad = join(dataDir ?? tmpdir(), 'kapot.yaml');
    writeFileSync(bad, 'regio: wbo\n');
    const failed = spawnSync(process.execPath, [bin, 'simulate', '--region', 'wbo', '--scenario', bad, ...(dataDir ? ['--data', dataDir] : [])], {
      cwd: ROOT,
      encoding: 'utf8',
      env,
    });
    expect(failed.status).toBe(2);
    expect(failed.stderr).toMatch(/klopt niet/);
  }, 120_000);
});
