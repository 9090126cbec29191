/**
 * Benchmark of the KPI API (issue #12): GET /api/v1/regions/wbo/kpis at the four levels (Fastify
 * inject, logged in as beleid.wbo) on the WBO demo population (scale BENCH_STEERING_SCALE, default
 * 1 = the seed's volumes) in PGlite, or on PostgreSQL when DATABASE_URL is set. Reported per level:
 * median and p95 of BENCH_STEERING_RUNS (default 30) requests, interleaved with the baseline GET
 * /api/v1/health in the same run; plus the one-off refresh of the fact table after the demo load.
 *
 * With BENCH_STEERING_REGION (e.g. nl04-wbo) and DATABASE_URL it measures an existing data set
 * instead (the national set of `regiekamer generate --national`): no demo is generated, the region's
 * facts are refreshed once (measured) and its `beleid.<region>` account is used.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/steering.js
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { start } from '../src/app/startup.js';
import { openDatabase } from '../src/db/database.js';
import { buildServer } from '../src/api/server.js';
import { refreshFacts } from '../src/app/steering/facts-store.js';

const TODAY = '2026-11-22';
const THIS_FILE = fileURLToPath(import.meta.url);

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};

export async function benchSteering(opts: { scale?: number; runs?: number } = {}): Promise<void> {
  const scale = opts.scale ?? Number(process.env.BENCH_STEERING_SCALE ?? 1);
  const runs = Math.max(20, opts.runs ?? Number(process.env.BENCH_STEERING_RUNS ?? 30));
  const url = process.env.DATABASE_URL;
  const existing = url ? process.env.BENCH_STEERING_REGION : undefined;
  const region = existing ?? 'wbo';
  const s = existing
    ? { database: await openDatabase({ url: url! }) }
    : await start(url ? { url } : { dataDir: 'memory://' }, { demo: ['wbo'], today: TODAY, scale });
  try {
    const db = s.database.db;
    const t0 = performance.now();
    await refreshFacts(db, region, TODAY);
    const refreshMs = performance.now() - t0;
    const facts = Number(
      ((await db.execute(sql`select count(*)::int as n from kpi_facts where region_id = ${region}`)) as unknown as { rows: { n: number }[] }).rows[0]!.n,
    );
    const lines = Number(
      ((await db.execute(sql`select count(*)::int as n from trajectories where region_id = ${region}`)) as unknown as { rows: { n: number }[] }).rows[0]!.n,
    );
    const app = await buildServer({ database: s.database, demo: true, now: () => new Date(`${TODAY}T12:00:00Z`) });
    // A bearer token (POST /session sets a cookie for the web app; /tokens answers the token for API clients).
    const login = await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username: `beleid.${region}`, password: 'demo' } });
    const headers = { authorization: `Bearer ${login.json().token as string}` };
    console.log(
      `KPI facts: ${facts.toLocaleString('en-US')} cells from ${lines.toLocaleString('en-US')} trajectories (${existing ? `region ${region} of the existing data set` : `scale ${scale}`}, ${url ? 'PostgreSQL' : 'PGlite'}); refresh ${Math.round(refreshMs)} ms`,
    );
    for (const level of ['region', 'segment', 'area', 'process']) {
      const kpi: number[] = [];
      const base: number[] = [];
      for (let i = 0; i < runs + 3; i++) {
        const a = performance.now();
        const res = await app.inject({ url: `/api/v1/regions/${region}/kpis?level=${level}&year=2026`, headers });
        const b = performance.now();
        if (res.statusCode !== 200) throw new Error(`kpis ${level}: ${res.statusCode} ${res.body}`);
        await app.inject({ url: '/api/v1/health' });
        const c = performance.now();
        if (i >= 3) {
          kpi.push(b - a);
          base.push(c - b);
        }
      }
      const med = quantile(kpi, 0.5);
      const p95 = quantile(kpi, 0.95);
      console.log(
        `KPI API level=${level.padEnd(8)} median ${med.toFixed(1).padStart(7)} ms  p95 ${p95.toFixed(1).padStart(7)} ms   baseline health median ${quantile(base, 0.5).toFixed(2)} ms p95 ${quantile(base, 0.95).toFixed(2)} ms   ratio ${(med / quantile(base, 0.5)).toFixed(1)}x`,
      );
    }
    await app.close();
  } finally {
    await s.database.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === THIS_FILE) await benchSteering();
