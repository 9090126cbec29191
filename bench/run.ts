/**
 * Benchmarks (`npm run bench`). Every figure is printed next to a baseline measured in the same
 * run on the same machine, as a ratio, so results compare across machines.
 *
 *  1. Demo cold start: time until GET /regions/wbo/landscape answers after `serve --demo wbo` on
 *     an empty data folder, and after a restart on the filled folder. Baseline: a bare Fastify
 *     process answering its first request.
 *  2. Generator throughput (youths per second) for the full WBO demo. Baseline: producing the same
 *     number of valid BSNs (the cheapest part of making a youth).
 *  3. Demo write throughput into PGlite (rows per second). Baseline: inserting the same number of
 *     one-column rows into the same database.
 *  4. bench/screens.ts (issue #14): first start of the `npm start` demo (listening, whole), every
 *     list and dashboard API (median, p95) on the demo (PGlite) and, with DATABASE_URL, on
 *     PostgreSQL, and 200 concurrent clients on PostgreSQL.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/paths.js';
import { loadProfiles } from '../src/app/profiles/profile-store.js';
import { ensureDemoRegion } from '../src/demo/region.js';
import { loadDemoParameters } from '../src/app/profiles/demo-parameters.js';
import { generateRegion } from '../src/demo/generator.js';
import { syntheticBsns } from '../src/domain/people/bsn.js';
import { start } from '../src/app/startup.js';
import { sql } from 'drizzle-orm';
import { benchIjw } from './ijw.js';
import { benchAccess } from './access.js';
import { benchSettlement } from './settlement.js';
import { benchSimulation } from './simulation.js';
import { benchSteering } from './steering.js';
import { runScreenBenchmarks } from './screens.js';

const TODAY = '2026-11-22';
const CLI = join(PROJECT_ROOT, 'bin', 'regiekamer.js');

function line(name: string, value: string, baseline: string, ratio: number) {
  console.log(`${name.padEnd(44)} ${value.padStart(16)}   baseline ${baseline.padStart(16)}   ratio ${ratio.toFixed(2)}x`);
}

async function waitFor(url: string, child: ReturnType<typeof spawn>, t0: number): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return performance.now() - t0;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function timeServer(args: string[], url: string, env: NodeJS.ProcessEnv = {}): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: 'ignore', env: { ...process.env, ...env } });
  try {
    return await waitFor(url, child, t0);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function coldStart() {
  const dir = mkdtempSync(join(tmpdir(), 'rk-bench-'));
  const baselineScript = join(dir, 'baseline.mjs');
  writeFileSync(
    baselineScript,
    `import Fastify from '${join(PROJECT_ROOT, 'node_modules', 'fastify', 'fastify.js')}';\nconst app = Fastify();\napp.get('/', async () => ({ ok: true }));\nawait app.listen({ port: 4591, host: '127.0.0.1' });\n`,
  );
  const baseline = await timeServer([baselineScript], 'http://127.0.0.1:4591/');
  const data = join(dir, 'data');
  const url = 'http://127.0.0.1:4590/api/v1/regions/wbo/landscape';
  const first = await timeServer([CLI, 'serve', '--data', data, '--port', '4590', '--demo', 'wbo'], url, { DATABASE_URL: '' });
  const again = await timeServer([CLI, 'serve', '--data', data, '--port', '4590', '--demo', 'wbo'], url, { DATABASE_URL: '' });
  rmSync(dir, { recursive: true, force: true });
  line('cold start, empty data folder (generates)', `${(first / 1000).toFixed(2)} s`, `${(baseline / 1000).toFixed(2)} s`, first / baseline);
  line('start, existing data folder', `${(again / 1000).toFixed(2)} s`, `${(baseline / 1000).toFixed(2)} s`, again / baseline);
}

function generatorThroughput() {
  const { profiles } = loadProfiles();
  const profile = profiles.find((p) => p.profile.regio === 'wbo')!.profile;
  const params = loadDemoParameters('wbo');
  const t0 = performance.now();
  const g = generateRegion(profile, params, { seed: 1, today: TODAY });
  const genMs = performance.now() - t0;
  const t1 = performance.now();
  const it = syntheticBsns();
  for (let i = 0; i < g.youths.length; i++) it.next();
  const bsnMs = performance.now() - t1;
  const perSec = (ms: number) => g.youths.length / (ms / 1000);
  line(`generator, WBO (${g.youths.length} youths)`, `${Math.round(perSec(genMs))} youths/s`, `${Math.round(perSec(bsnMs))} BSN/s`, genMs / bsnMs);
}

async function writeThroughput() {
  const s = await start({ dataDir: 'memory://' }, { today: TODAY });
  try {
    const t0 = performance.now();
    const counts = (await ensureDemoRegion(s.database.db, 'wbo', { today: TODAY }))!;
    const ms = performance.now() - t0;
    const rows = counts.providers + counts.contracts + counts.families + counts.youths + counts.trajectories;
    const db = s.database.db;
    await db.execute(sql`create table bench_rows (v integer not null)`);
    const t1 = performance.now();
    await db.transaction(async (tx) => {
      for (let i = 0; i < rows; i += 1000) {
        const n = Math.min(1000, rows - i);
        await tx.execute(sql`insert into bench_rows (v) select g from generate_series(1, ${n}) g`);
      }
    });
    const baseMs = performance.now() - t1;
    line(
      `demo write to PGlite (${rows} rows, incl. generation)`,
      `${Math.round(rows / (ms / 1000))} rows/s`,
      `${Math.round(rows / (baseMs / 1000))} rows/s`,
      ms / baseMs,
    );
  } finally {
    await s.database.close();
  }
}

console.log(`Regiekamer Jeugd benchmarks (${new Date().toISOString()}, node ${process.version})`);
generatorThroughput();
await writeThroughput();
await coldStart();
await benchIjw();
await benchAccess();
await benchSettlement();
await benchSimulation();
await benchSteering();
await runScreenBenchmarks();
