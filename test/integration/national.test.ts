/**
 * Issue #14: `regiekamer generate --national` (src/demo/national.ts) at a tiny scale: labelled
 * synthetic copies of the profiles with a demo.yaml, their populations bulk-loaded, bench accounts,
 * and a second run that adds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { copyId, generateNational, nationalBases, type NationalResult } from '../../src/demo/national.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';
import { buildServer } from '../../src/api/server.js';
import { loadCatalogue } from '../../src/app/steering/catalogue-store.js';
import { regionCatalogue } from '../../src/app/steering/region-catalogue.js';

const TODAY = '2026-11-22';
let testDb: TestDb;
let s: Started;
let result: NationalResult;
const progress: number[] = [];
const one = async <T>(q: ReturnType<typeof sql>) => ((await s.database.db.execute(q)) as unknown as { rows: T[] }).rows;

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { today: TODAY });
  result = await generateNational(s.database, { today: TODAY, scale: 0.005, regions: 4, onProgress: (p) => progress.push(p.done) });
}, 600_000);

afterAll(async () => {
  await s?.database.close();
  await testDb?.drop();
});

describe('national synthetic data set (small scale)', () => {
  it('makes the asked number of copies, round robin over the profiles with demo parameters, labelled synthetic', async () => {
    const bases = nationalBases(TODAY).map((b) => b.profile.regio);
    expect(bases).toEqual(expect.arrayContaining(['hart-van-brabant', 'holland-rijnland', 'wbo']));
    expect(result.regions).toEqual([1, 2, 3, 4].map((n) => copyId(n, bases[(n - 1) % bases.length]!)));
    const names = await one<{ id: string; name: string }>(sql`select id, name from regions where id like 'nl0%' order by id`);
    expect(names.map((r) => r.id)).toEqual(result.regions);
    for (const r of names) expect(r.name).toMatch(/^Synthetische kopie 0\d van /);
    expect(progress).toEqual([1, 2, 3, 4]);
  });

  it('copies the municipalities of each base profile and loads a population for every copy', async () => {
    const bases = new Map(nationalBases(TODAY).map((b) => [b.profile.regio, b.profile.gemeenten.length]));
    const expected = result.regions.reduce((a, id) => a + bases.get(id.replace(/^nl\d\d-/, ''))!, 0);
    expect(result.municipalities).toBe(expected);
    const [m] = await one<{ n: number }>(sql`select count(*)::int as n from municipalities where region_id like 'nl0%'`);
    expect(m!.n).toBe(expected);
    const perRegion = await one<{ region_id: string; n: number }>(
      sql`select region_id, count(*)::int as n from youths where region_id like 'nl0%' group by 1 order by 1`,
    );
    expect(perRegion.map((r) => r.region_id)).toEqual(result.regions);
    expect(perRegion.reduce((a, r) => a + r.n, 0)).toBe(result.totals.youths);
  });

  it('creates bench accounts per role for every copy', async () => {
    const users = await one<{ username: string }>(sql`select username from users where username like ${`controller.${result.regions[0]}`}`);
    expect(users).toHaveLength(1);
  });

  it('with funding, a copy settles through the demo assumptions of the region it copies (Haaglanden leaves its voorschotaandeel open: demo.yaml states it)', async () => {
    // nl01 is the copy of haaglanden (bases in alphabetical order); its funding needs the aanname of profiles/haaglanden/demo.yaml.
    expect(result.regions[0]).toBe('nl01-haaglanden');
    const funded = await generateNational(s.database, { today: TODAY, scale: 0.005, regions: 1, funding: true });
    expect(funded.regions).toEqual(['nl01-haaglanden']);
    const [run] = await one<{ base: string; funding: unknown }>(
      sql`select counts->>'base' as base, counts->'funding' as funding from demo_runs where region_id = 'nl01-haaglanden'`,
    );
    expect(run!.base).toBe('haaglanden');
    expect(run!.funding).not.toBeNull();
  });

  it('a copy answers the KPI API with the indicator set of the region it copies (the same profile under another id); a region without one still has none', async () => {
    const app = await buildServer({ database: s.database, demo: true, logger: false, now: () => new Date(`${TODAY}T12:00:00Z`) });
    try {
      const copy = result.regions.find((r) => r.endsWith('-wbo'))!;
      const login = await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username: `beleid.${copy}`, password: 'demo' } });
      const headers = { authorization: `Bearer ${login.json().token as string}` };
      const res = await app.inject({ url: `/api/v1/regions/${copy}/kpis?level=region&year=2026`, headers });
      expect(res.statusCode).toBe(200);
      const ids = (res.json().items as { id: string }[]).map((i) => i.id);
      // The copy's items are indicators of WBO's set (which items carry data depends on the tiny population).
      const wbo = new Set(loadCatalogue('wbo').indicatoren.map((i) => i.id));
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) expect(wbo).toContain(id);
      await expect(regionCatalogue(s.database.db, 'regio-zonder-indicatorenset')).rejects.toThrow(/geen indicatorenset/);
    } finally {
      await app.close();
    }
  });

  it('a second run skips the copies that exist', async () => {
    const again = await generateNational(s.database, { today: TODAY, scale: 0.005, regions: 4 });
    expect(again.totals.youths).toBe(0);
    const [y] = await one<{ n: number }>(sql`select count(*)::int as n from youths where region_id like 'nl0%'`);
    expect(y!.n).toBe(result.totals.youths);
  });
});
