/**
 * Issue #14 benchmarks, each against a baseline measured in the same run:
 *
 *  1. First start of the `npm start` demo on an empty data folder, from the start of
 *     `regiekamer serve` (no build): until the server listens (GET /api/v1/health), and until the
 *     demo funding of every region is done (its "Demo funding <region>:" line). Baseline: a bare
 *     Fastify process answering its first request.
 *  2. Median and p95 of every list and dashboard API (sequential requests as a logged-in user)
 *     against GET /api/v1/health and against a single-row primary-key read (GET /api/v1/session:
 *     the session row by its token hash).
 *  3. C concurrent clients for S seconds on a mix of screen APIs, closed loop without think time,
 *     the load generator in this process (loopback only, a bounded loop): throughput, p50, p99,
 *     errors. Baseline: the same clients on GET /api/v1/health.
 *
 *   node dist/bench/screens.js [first-start] [screens] [load]
 *     BENCH_DATA=DIR       reuse a demo data folder (PGlite) instead of the first start's
 *     DATABASE_URL=...     screens and load against PostgreSQL (a demo is generated there first)
 *     BENCH_CLIENTS=200 BENCH_SECONDS=30 BENCH_REPEAT=30 BENCH_PORT=4601 BENCH_WHOLE_LIMIT_S=900
 *     BENCH_ACCEPT_ENCODING='gzip, deflate, br'  what the load's clients accept (a browser sends this; default: nothing)
 *     BENCH_SERVER_PID=N[,M...]  with `attach`: also the server's CPU per request of each load phase (several: summed, e.g. the workers of serve --workers)
 *     BENCH_SKIP_SCREENS=1 with `attach`: only the load
 *     BENCH_MIX=realistic  with `attach` and BENCH_CLIENTS: the realistic mix (benchMix below) instead of one region as one role:
 *       BENCH_MIX_REGIONS=all|r1,r2,...  regions the clients are spread over (default: all regions the server lists)
 *       BENCH_WRITE_SHARE=0.02  share of the requests that are writes (of the roles that write)
 *       BENCH_DATABASE_URL=...  read one current allocation per provider (setup only), so its declarations carry a real line
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/paths.js';
import { BASE, PORT, cpuSeconds, fmt, line, load, login, quantile } from './screens-common.js';
import { benchMix } from './screens-mix.js';

const CLI = join(PROJECT_ROOT, 'bin', 'regiekamer.js');
// The demo of `npm start` (package.json): five regions.
const DEMO = ['wbo', 'holland-rijnland', 'hart-van-brabant:0.25', 'haaglanden:0.1', 'regio-2021:0.25'];
async function healthy(): Promise<boolean> {
  try {
    return (await fetch(`${BASE}/api/v1/health`)).ok;
  } catch {
    return false;
  }
}

/** Starts `serve` and resolves when it listens; the returned handle also reports the demo funding lines. */
function serve(data: string, env: NodeJS.ProcessEnv, extra: string[] = []) {
  const t0 = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI, 'serve', '--data', data, '--port', String(PORT), '--host', '127.0.0.1', '--demo', DEMO.join(','), ...extra],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } },
  );
  const fundingDone = new Map<string, number>();
  const fundingCpu = new Map<string, number>();
  const preparedAt = new Map<string, number>();
  const preparedCpu = new Map<string, number>();
  let announced = NaN;
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let i: number;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const l = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      if (/running at /.test(l)) announced = performance.now() - t0;
      const prepared = /^Demo prepared ([a-z0-9-]+)[: ]/.exec(l);
      if (prepared) {
        preparedAt.set(prepared[1]!, performance.now() - t0);
        preparedCpu.set(prepared[1]!, cpuSeconds(child.pid));
      }
      // (not the announcement "Demo funding for <regions>: settling ... in the background")
      const m = /in the background/.test(l) ? null : /^Demo funding ([a-z0-9-]+)[: ]/.exec(l);
      if (m) {
        fundingDone.set(m[1]!, performance.now() - t0);
        fundingCpu.set(m[1]!, cpuSeconds(child.pid));
      }
      if (/failed/.test(l)) console.log(`  ${l}`);
    }
  });
  let listeningCpu = NaN;
  const listening = (async () => {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      if (await healthy()) {
        listeningCpu = cpuSeconds(child.pid);
        return performance.now() - t0;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const whole = async (regions: string[], limitMs = Number(process.env.BENCH_WHOLE_LIMIT_S ?? 900) * 1000) => {
    for (;;) {
      if (regions.every((r) => fundingDone.has(r))) return Math.max(...regions.map((r) => fundingDone.get(r)!));
      if (performance.now() - t0 > limitMs || child.exitCode !== null) return NaN;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  };
  return { listening, whole, stop, fundingDone, fundingCpu, preparedAt, preparedCpu, announced: () => announced, cpu: () => ({ listening: listeningCpu }) };
}

async function bareFastify(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'rk-bench-'));
  const script = join(dir, 'baseline.mjs');
  writeFileSync(
    script,
    `import Fastify from '${join(PROJECT_ROOT, 'node_modules', 'fastify', 'fastify.js')}';\nconst app = Fastify();\napp.get('/api/v1/health', async () => ({ ok: true }));\nawait app.listen({ port: ${PORT}, host: '127.0.0.1' });\n`,
  );
  const t0 = performance.now();
  const child = spawn(process.execPath, [script], { stdio: 'ignore' });
  while (!(await healthy())) await new Promise((r) => setTimeout(r, 20));
  const ms = performance.now() - t0;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

export async function benchFirstStart(keepData?: string): Promise<string> {
  const baseline = await bareFastify();
  const data = keepData ?? join(mkdtempSync(join(tmpdir(), 'rk-first-')), 'data');
  const s = serve(data, { DATABASE_URL: '' });
  try {
    const listening = await s.listening;
    line(`first start: listening (${DEMO.length} demo regions)`, fmt(listening), fmt(baseline), listening / baseline);
    const whole = await s.whole(DEMO.map((d) => d.split(':')[0]!));
    line('first start: demo whole (funding settled)', fmt(whole), fmt(baseline), whole / baseline);
    console.log(`  server CPU (user+system): ${s.cpu().listening.toFixed(1)} s until listening; "running at" printed at ${fmt(s.announced())}`);
    for (const [r, ms] of s.preparedAt)
      console.log(`  demo ${r} prepared (population, cases, procedures) at ${fmt(ms)} (server CPU ${s.preparedCpu.get(r)?.toFixed(1)} s)`);
    for (const [r, ms] of s.fundingDone) console.log(`  demo funding ${r} done at ${fmt(ms)} (server CPU ${s.fundingCpu.get(r)?.toFixed(1)} s)`);
  } finally {
    await s.stop();
  }
  return data;
}

async function timed(url: string, headers: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${BASE}${url}`, { headers });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return performance.now() - t0;
}

const SCREENS = (r: string, year: number) => [
  `/api/v1/regions/${r}/landscape`,
  `/api/v1/regions/${r}/care-summary`,
  `/api/v1/regions/${r}/contracts`,
  `/api/v1/regions/${r}/spend?year=${year}&by=provider`,
  `/api/v1/regions/${r}/spend?year=${year}&by=segment`,
  `/api/v1/regions/${r}/spend?year=${year}&by=municipality`,
  `/api/v1/regions/${r}/declarations`,
  `/api/v1/regions/${r}/schedules?year=${year}`,
  `/api/v1/regions/${r}/budget-framework`,
  `/api/v1/regions/${r}/market`,
  `/api/v1/regions/${r}/procedures`,
];

export async function benchScreens(label: string, regions: string[] = ['holland-rijnland', 'wbo']): Promise<void> {
  const repeat = Number(process.env.BENCH_REPEAT ?? 30);
  const year = new Date().getUTCFullYear();
  const measure = async (url: string, headers: Record<string, string>) => {
    await timed(url, headers); // warm-up
    const xs: number[] = [];
    for (let i = 0; i < repeat; i++) xs.push(await timed(url, headers));
    return { p50: quantile(xs, 0.5), p95: quantile(xs, 0.95) };
  };
  for (const r of regions) {
    const controller = await login(`controller.${r}`);
    const health = await measure('/api/v1/health', {});
    const pk = await measure('/api/v1/session', controller);
    console.log(
      `${label}, ${r}: baselines GET /health p50 ${fmt(health.p50)} p95 ${fmt(health.p95)}; single-row PK read (GET /session) p50 ${fmt(pk.p50)} p95 ${fmt(pk.p95)}`,
    );
    const urls = SCREENS(r, year);
    for (const url of urls) {
      try {
        const m = await measure(url, controller);
        line(`  ${url.replace(`/api/v1/regions/${r}/`, '')}`, `p50 ${fmt(m.p50)} p95 ${fmt(m.p95)}`, `PK p95 ${fmt(pk.p95)}`, m.p95 / pk.p95);
      } catch (e) {
        console.log(`  ${url}: ${(e as Error).message}`);
      }
    }
    const toegang = await login(`toegang.${r}`);
    const w = await measure(`/api/v1/regions/${r}/worklist`, toegang);
    line('  worklist (toegang)', `p50 ${fmt(w.p50)} p95 ${fmt(w.p95)}`, `PK p95 ${fmt(pk.p95)}`, w.p95 / pk.p95);
  }
}

export async function benchLoad(label: string, region = 'holland-rijnland', serverPids: number[] = []): Promise<void> {
  const clients = Number(process.env.BENCH_CLIENTS ?? 200);
  const seconds = Number(process.env.BENCH_SECONDS ?? 30);
  const year = new Date().getUTCFullYear();
  const controller = await login(`controller.${region}`);
  const toegang = await login(`toegang.${region}`);
  const mix = [
    ...SCREENS(region, year)
      .filter((u) => !/market|budget-framework/.test(u))
      .map((url) => ({ url, headers: controller })),
    { url: `/api/v1/regions/${region}/worklist`, headers: toegang },
  ];
  const base = await load([{ url: '/api/v1/health', headers: {} }], clients, Math.min(10, seconds), serverPids);
  const m = await load(mix, clients, seconds, serverPids);
  line(
    `${label}: ${clients} clients x ${seconds} s, screen mix`,
    `${m.rps.toFixed(0)} req/s p50 ${fmt(m.p50)} p99 ${fmt(m.p99)}`,
    `health ${base.rps.toFixed(0)} req/s p99 ${fmt(base.p99)}`,
    m.p99 / base.p99,
  );
  console.log(
    `  ${m.n} requests, ${m.errors} errors, load generator CPU ${m.generatorCpuS.toFixed(1)} s (health: ${base.n} requests, ${base.errors} errors, generator CPU ${base.generatorCpuS.toFixed(1)} s); load average ${loadavg()[0]!.toFixed(1)}`,
  );
  for (const u of m.perUrl)
    console.log(
      `    ${u.url.replace(`/api/v1/regions/${region}/`, '').padEnd(40)} ${String(u.n).padStart(6)} requests  p50 ${fmt(u.p50).padStart(9)}  p99 ${fmt(u.p99).padStart(9)}`,
    );
  if (serverPids.length > 0)
    console.log(
      `  server CPU ${m.serverCpuS.toFixed(1)} s, ${m.serverCpuMsPerRequest.toFixed(2)} ms per request (health: ${base.serverCpuS.toFixed(1)} s, ${base.serverCpuMsPerRequest.toFixed(2)} ms per request)${process.env.BENCH_ACCEPT_ENCODING ? `; clients accept ${process.env.BENCH_ACCEPT_ENCODING}` : ''}`,
    );
}

/** The issue #14 figures: first start, screens on PGlite, and with DATABASE_URL screens and load on PostgreSQL. */
export async function runScreenBenchmarks(parts: string[] = []): Promise<void> {
  const want = (p: string) => parts.length === 0 || parts.includes(p);
  let data = process.env.BENCH_DATA;
  if (want('first-start') && !data) data = await benchFirstStart();
  const url = process.env.DATABASE_URL;
  for (const target of url ? (['pglite', 'postgres'] as const) : (['pglite'] as const)) {
    if (!want('screens') && !(want('load') && target === 'postgres')) continue;
    const s = serve(
      target === 'pglite' ? (data ?? join(mkdtempSync(join(tmpdir(), 'rk-screens-')), 'data')) : join(mkdtempSync(join(tmpdir(), 'rk-unused-')), 'data'),
      target === 'pglite' ? { DATABASE_URL: '' } : {},
    );
    try {
      await s.listening;
      await s.whole(DEMO.map((d) => d.split(':')[0]!));
      const label = target === 'pglite' ? 'PGlite demo' : 'PostgreSQL demo';
      if (want('screens')) await benchScreens(label);
      if (want('load') && target === 'postgres') await benchLoad(label);
    } finally {
      await s.stop();
    }
  }
}

if (process.argv[2] === 'attach') {
  // Screens and load against a server that is already running on BENCH_PORT (its demo whole).
  if (!process.env.BENCH_SKIP_SCREENS)
    await benchScreens(process.env.BENCH_LABEL ?? 'attached server', (process.env.BENCH_REGIONS ?? 'holland-rijnland,wbo').split(','));
  if (process.env.BENCH_CLIENTS && process.env.BENCH_MIX === 'realistic')
    await benchMix(process.env.BENCH_LABEL ?? 'attached server', (process.env.BENCH_SERVER_PID ?? '').split(',').filter(Boolean).map(Number));
  else if (process.env.BENCH_CLIENTS)
    await benchLoad(
      process.env.BENCH_LABEL ?? 'attached server',
      (process.env.BENCH_REGIONS ?? 'holland-rijnland').split(',')[0],
      (process.env.BENCH_SERVER_PID ?? '').split(',').filter(Boolean).map(Number),
    );
} else if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').slice(-3).join('/'))) await runScreenBenchmarks(process.argv.slice(2));
