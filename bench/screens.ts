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
import { Agent, request as httpRequest } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/paths.js';

const CLI = join(PROJECT_ROOT, 'bin', 'regiekamer.js');
// The demo of `npm start` (package.json): five regions.
const DEMO = ['wbo', 'holland-rijnland', 'hart-van-brabant:0.25', 'haaglanden:0.1', 'regio-2021:0.25'];
const PORT = Number(process.env.BENCH_PORT ?? 4601);
const BASE = `http://127.0.0.1:${PORT}`;

/** CPU seconds (user + system) a process has used so far (Linux /proc; NaN elsewhere): on a shared machine the fair figure next to wall time. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
function line(name: string, value: string, baseline: string, ratio: number) {
  console.log(`${name.padEnd(52)} ${value.padStart(22)}   baseline ${baseline.padStart(22)}   ratio ${ratio.toFixed(1)}x`);
}
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

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

async function login(username: string): Promise<Record<string, string>> {
  const res = await fetch(`${BASE}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
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

/**
 * One GET over a kept-alive connection of `agent` (node:http: the load generator shares the two
 * cores with the server, and fetch costs it about three times the CPU per request); resolves with
 * the status once the whole body has arrived.
 */
function get(agent: Agent, url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${BASE}${url}`, { agent, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Closed-loop load: `clients` loops for `seconds`, each request waiting for the one before (loopback only). */
async function load(urls: { url: string; headers: Record<string, string> }[], clients: number, seconds: number, serverPids: number[] = []) {
  const serverCpu = () => serverPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const latencies: number[] = [];
  const perUrl = new Map<string, number[]>();
  const server0 = serverCpu();
  const encoding = process.env.BENCH_ACCEPT_ENCODING;
  if (encoding) urls = urls.map((u) => ({ ...u, headers: { ...u.headers, 'accept-encoding': encoding } }));
  let errors = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const cpu0 = process.cpuUsage();
  const until = performance.now() + seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const u = urls[next++ % urls.length]!;
        const t0 = performance.now();
        try {
          const status = await get(agent, u.url, u.headers);
          if (status < 200 || status >= 300) errors++;
        } catch {
          errors++;
        }
        const ms = performance.now() - t0;
        latencies.push(ms);
        const list = perUrl.get(u.url) ?? [];
        list.push(ms);
        perUrl.set(u.url, list);
      }
    }),
  );
  agent.destroy();
  const cpu = process.cpuUsage(cpu0);
  const serverCpuS = serverCpu() - server0;
  return {
    perUrl: [...perUrl].map(([url, xs]) => ({ url, n: xs.length, p50: quantile(xs, 0.5), p99: quantile(xs, 0.99) })),
    serverCpuS,
    serverCpuMsPerRequest: (serverCpuS * 1000) / latencies.length,
    n: latencies.length,
    rps: latencies.length / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    errors,
    generatorCpuS: (cpu.user + cpu.system) / 1e6,
  };
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

/** One request of any method over a kept-alive connection; resolves with the status once the whole answer has arrived. */
function call(agent: Agent, method: string, url: string, headers: Record<string, string>, body?: Buffer, onAnswer?: (body: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${BASE}${url}`, { agent, method, headers: body ? { ...headers, 'content-length': String(body.length) } : headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => onAnswer && parts.push(c));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (onAnswer && status >= 200 && status < 300) onAnswer(Buffer.concat(parts).toString('utf8'));
        resolve(status);
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A request of the realistic mix: `route` names it in the figures (region and ids left out). */
interface MixRequest {
  route: string;
  method: 'GET' | 'POST';
  url: string;
  body?: () => { type: string; data: Buffer };
  /** Called with the body of a 2xx answer (a write that creates something later writes use). */
  onAnswer?: (body: string) => void;
}
/** One simulated user: a role in a region, the screens it reads in turn and, now and then, its write. */
interface MixUser {
  role: string;
  region: string;
  headers: Record<string, string>;
  reads: MixRequest[];
  write?: () => MixRequest;
}

/** A JW323 with one debit line on `a` (as a provider's billing system sends it), a fresh identification each time. */
function smallJw323(
  agb: string,
  a: { nummer: number; bsn: string; cat: string; code: string; eenheid: string; tarief: number; gemeente: string },
  n: number,
): Buffer {
  const now = new Date();
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth(); // the month before this one: declared after it ended
  const month = m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
  const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)), 0)).getUTCDate();
  const day = 1 + (n % 28);
  const today = now.toISOString().slice(0, 10);
  const id = `B${process.pid}${n}`.slice(0, 20);
  const volume = 1;
  const amount = volume * a.tarief;
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<jw323:Bericht xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema" xmlns:jw323="http://www.istandaarden.nl/ijw/3_2/jw323/schema">
<jw323:Header><jw323:BerichtCode>490</jw323:BerichtCode><jw323:BerichtVersie>3</jw323:BerichtVersie><jw323:BerichtSubversie>2</jw323:BerichtSubversie><jw323:Afzender>${agb}</jw323:Afzender><jw323:Ontvanger>${a.gemeente}</jw323:Ontvanger>
<jw323:BerichtIdentificatie><ijw:Identificatie>${id}</ijw:Identificatie><ijw:Dagtekening>${today}</ijw:Dagtekening></jw323:BerichtIdentificatie>
<jw323:XsdVersie><ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie><ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie></jw323:XsdVersie></jw323:Header>
<jw323:Declaratie><jw323:DeclaratieNummer>${id}</jw323:DeclaratieNummer><jw323:DeclaratiePeriode><ijw:Begindatum>${month}-01</ijw:Begindatum><ijw:Einddatum>${month}-${last}</ijw:Einddatum></jw323:DeclaratiePeriode>
<jw323:DeclaratieDagtekening>${today}</jw323:DeclaratieDagtekening><jw323:TotaalIngediendBedrag><ijw:TotaalBedrag>${amount}</ijw:TotaalBedrag><ijw:DebetCredit>D</ijw:DebetCredit></jw323:TotaalIngediendBedrag>
<jw323:Clienten><jw323:Client><jw323:Bsn>${a.bsn}</jw323:Bsn><jw323:Prestaties>
<jw323:Prestatie><jw323:ProductReferentie><ijw:ReferentieNummer>${id}-1</ijw:ReferentieNummer></jw323:ProductReferentie>
<jw323:ToewijzingNummer>${a.nummer}</jw323:ToewijzingNummer><jw323:ProductCategorie>${a.cat}</jw323:ProductCategorie><jw323:ProductCode>${a.code}</jw323:ProductCode>
<jw323:ProductPeriode><ijw:Begindatum>${month}-${String(day).padStart(2, '0')}</ijw:Begindatum><ijw:Einddatum>${month}-${String(day).padStart(2, '0')}</ijw:Einddatum></jw323:ProductPeriode>
<jw323:GeleverdVolume>${volume}</jw323:GeleverdVolume><jw323:Eenheid>${a.eenheid}</jw323:Eenheid><jw323:ProductTarief>${a.tarief}</jw323:ProductTarief>
<jw323:IngediendBedrag><ijw:Bedrag>${amount}</ijw:Bedrag><ijw:DebetCredit>D</ijw:DebetCredit></jw323:IngediendBedrag></jw323:Prestatie>
</jw323:Prestaties></jw323:Client></jw323:Clienten></jw323:Declaratie></jw323:Bericht>
`);
}

type BenchAllocation = { agb: string; nummer: number; bsn: string; cat: string; code: string; eenheid: string; tarief: number; gemeente: string };
/**
 * Setup only, from the database the server uses: one current allocation per region's bench
 * provider (the line of its declarations) and youths of the bench local team's municipality
 * without an open case (for its help requests).
 */
async function benchSetup(url: string | undefined): Promise<{ allocations: Map<string, BenchAllocation>; youths: Map<string, number[]> }> {
  const out = new Map<string, BenchAllocation>();
  const youths = new Map<string, number[]>();
  if (!url) return { allocations: out, youths };
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`
      select distinct on (u.region_id) u.region_id, p.agb_code, a.toewijzing_nummer, y.bsn, a.product_categorie, a.product_code, a.eenheid, a.municipality_code,
        (select t.price_cents from tariffs t where t.provider_id = a.provider_id and t.product_code = a.product_code and t.eenheid = a.eenheid order by t.valid_from desc limit 1) as tarief
      from users u join providers p on p.id = u.provider_id
      join allocations a on a.provider_id = u.provider_id and a.region_id = u.region_id
      join youths y on y.id = a.youth_id
      where u.role = 'aanbieder' and u.username = 'aanbieder.' || u.region_id and a.stopdatum is null and a.product_code is not null
        and a.ingangsdatum <= current_date - 62 and (a.einddatum is null or a.einddatum >= current_date)
      order by u.region_id, a.toewijzing_nummer`);
    for (const r of rows)
      out.set(r.region_id, {
        agb: r.agb_code,
        nummer: r.toewijzing_nummer,
        bsn: r.bsn,
        cat: r.product_categorie ?? r.product_code.slice(0, 2),
        code: r.product_code,
        eenheid: r.eenheid ?? '04',
        tarief: Number(r.tarief ?? 1000),
        gemeente: r.municipality_code,
      });
    const y = await client.query(`
      select u.region_id, (array_agg(y.id order by y.id))[1:400] as ids
      from users u join youths y on y.region_id = u.region_id and y.municipality_code = u.municipality_code
      where u.role = 'toegang' and u.username = 'toegang.' || u.region_id
        and not exists (select 1 from cases c where c.youth_id = y.id)
      group by u.region_id`);
    for (const r of y.rows) youths.set(r.region_id, (r.ids as number[]).map(Number));
  } finally {
    await client.end();
  }
  return { allocations: out, youths };
}

/** At most `n` promises at a time (logins hash a password: a few at once). */
async function pooled<T, R>(items: T[], n: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < items.length) {
        const k = i++;
        out[k] = await f(items[k]!);
      }
    }),
  );
  return out;
}

const MIX_ROLES = ['controller', 'contractmanager', 'toegang', 'beleid', 'aanbieder'] as const;

/**
 * The users of the realistic mix: in each region a controller, a contract manager, a local-team
 * professional (toegang), a policy officer and a provider, each reading the screens of its work
 * (the provider sees only its own rows), and writing through the real API: the contract manager
 * announces a contract change, the local team records the case director on a case of its
 * worklist (a case command), the provider sends a small JW323 (settled at once).
 */
async function mixUsers(regions: string[]): Promise<MixUser[]> {
  const year = new Date().getUTCFullYear();
  const setup = await benchSetup(process.env.BENCH_DATABASE_URL);
  const allocations = setup.allocations;
  const pairs = regions.flatMap((region) => MIX_ROLES.map((role) => ({ region, role })));
  let n = 0;
  const users = await pooled(pairs, 8, async ({ region, role }): Promise<MixUser> => {
    const headers = await login(`${role}.${region}`);
    const r = `/api/v1/regions/${region}`;
    const get = (route: string, url: string): MixRequest => ({ route, method: 'GET', url: `${r}/${url}` });
    const json = async (url: string) => {
      const res = await fetch(`${BASE}${r}/${url}`, { headers });
      if (!res.ok) throw new Error(`${role}.${region} ${url}: ${res.status}`);
      return res.json() as Promise<Record<string, unknown>>;
    };
    switch (role) {
      case 'controller':
        return {
          role,
          region,
          headers,
          reads: [
            get('landscape', 'landscape'),
            get('care-summary', 'care-summary'),
            get('spend by provider', `spend?year=${year}&by=provider`),
            get('spend by segment', `spend?year=${year}&by=segment`),
            get('spend by municipality', `spend?year=${year}&by=municipality`),
            get('declarations', 'declarations'),
            get('schedules', `schedules?year=${year}`),
            get('budget-framework', 'budget-framework'),
          ],
        };
      case 'beleid':
        return {
          role,
          region,
          headers,
          reads: [
            get('landscape', 'landscape'),
            get('care-summary', 'care-summary'),
            get('market', 'market'),
            get('budget-framework', 'budget-framework'),
            get('spend by segment', `spend?year=${year}&by=segment`),
          ],
        };
      case 'contractmanager': {
        // Changes take effect on the first of the month seven months ahead (the regions' notice is at most six months), on contracts running until then.
        const ahead = new Date();
        ahead.setUTCMonth(ahead.getUTCMonth() + 7, 1);
        const effective = ahead.toISOString().slice(0, 10);
        const list = (await json('contracts?limit=1000')) as { rows: { id: number; endDate: string | null }[] };
        const ids = list.rows.filter((c) => c.endDate === null || c.endDate >= effective).map((c) => c.id);
        const someContract = list.rows[0]?.id;
        return {
          role,
          region,
          headers,
          reads: [
            get('contracts', 'contracts'),
            get('providers', 'providers'),
            get('market', 'market'),
            get('procedures', 'procedures'),
            ...(someContract ? [get('contract', `contracts/${someContract}`)] : []),
          ],
          ...(ids.length > 0
            ? {
                write: (): MixRequest => ({
                  route: 'WRITE contract change',
                  method: 'POST',
                  url: `${r}/contracts/${ids[n++ % ids.length]}/changes`,
                  body: () => ({
                    type: 'application/json',
                    data: Buffer.from(JSON.stringify({ kind: 'overig', description: 'Belastingtest: aangekondigde wijziging', effectiveOn: effective })),
                  }),
                }),
              }
            : {}),
        };
      }
      case 'toegang': {
        // The local team opens cases for youths of its municipality (a help request) and then
        // records the case director on the cases it opened (a case command); both are audited writes.
        const youths = setup.youths.get(region) ?? [];
        const opened: number[] = [];
        let y = 0;
        return {
          role,
          region,
          headers,
          reads: [get('worklist', 'worklist'), get('my-work', 'my-work')],
          ...(youths.length > 0
            ? {
                write: (): MixRequest =>
                  opened.length > 0 && (y >= youths.length || n++ % 2 === 0)
                    ? {
                        route: 'WRITE case command',
                        method: 'POST',
                        url: `${r}/cases/${opened[n % opened.length]}/commands`,
                        body: () => ({
                          type: 'application/json',
                          data: Buffer.from(JSON.stringify({ command: { type: 'regie', regievoerder: `Regievoerder ${n % 7}` } })),
                        }),
                      }
                    : {
                        route: 'WRITE help request (new case)',
                        method: 'POST',
                        url: `${r}/cases`,
                        body: () => ({
                          type: 'application/json',
                          data: Buffer.from(
                            JSON.stringify({ youth: { youthId: youths[y++ % youths.length] }, hulpvraag: 'Belastingtest: hulpvraag', crisis: false }),
                          ),
                        }),
                        onAnswer: (body: string) => {
                          const id = (JSON.parse(body) as { id?: number; caseId?: number }).id ?? (JSON.parse(body) as { caseId?: number }).caseId;
                          if (id) opened.push(id);
                        },
                      },
              }
            : {}),
        };
      }
      default: {
        const a = allocations.get(region);
        return {
          role,
          region,
          headers,
          reads: [
            get('contracts (own)', 'contracts'),
            get('declarations (own)', 'declarations'),
            get('landscape', 'landscape'),
            get('care-summary (own)', 'care-summary'),
          ],
          ...(a
            ? {
                write: () => {
                  const k = n++;
                  return {
                    route: 'WRITE JW323 declaration',
                    method: 'POST',
                    url: `/api/v1/ijw/declarations?region=${region}`,
                    body: () => ({ type: 'application/xml', data: smallJw323(a.agb, a, k) }),
                  };
                },
              }
            : {}),
        };
      }
    }
  });
  return users;
}

/**
 * The realistic mix: `clients` closed loops, client i as user i of the list (regions spread, the
 * five roles in each), each asking its screens in turn and, with probability `writeShare` per
 * request, its write instead. Prints throughput, p50, p99 and errors per route and for the
 * writes, against the health baseline of the same clients in the same run.
 */
export async function benchMix(label: string, serverPids: number[] = []): Promise<void> {
  const clients = Number(process.env.BENCH_CLIENTS ?? 200);
  const seconds = Number(process.env.BENCH_SECONDS ?? 30);
  const writeShare = Number(process.env.BENCH_WRITE_SHARE ?? 0.02);
  const spec = process.env.BENCH_MIX_REGIONS ?? 'all';
  // "all": the regions with data (the national set's copies nlNN-... when there are any, not the small demo next to them).
  const listed = spec === 'all' ? ((await (await fetch(`${BASE}/api/v1/regions`)).json()) as { regions: { id: string; hasDemo: boolean }[] }).regions : [];
  const withData = listed.filter((r) => r.hasDemo).map((r) => r.id);
  const national = withData.filter((id) => /^nl\d+-/.test(id));
  const ids = spec === 'all' ? (national.length > 0 ? national : withData) : spec.split(',');
  const t0 = performance.now();
  const users = await mixUsers(ids);
  // Client i: region i mod R, role (i + i div R) mod 5: the roles alternate over the regions, and a
  // region's next client (R later) has the next role, so each region gets different roles.
  const byRegionRole = new Map(users.map((u) => [`${u.region}|${u.role}`, u]));
  const team = Array.from({ length: clients }, (_, i) =>
    byRegionRole.get(`${ids[i % ids.length]}|${MIX_ROLES[(i + Math.floor(i / ids.length)) % MIX_ROLES.length]}`)!,
  );
  const roleCount = MIX_ROLES.map((r) => `${team.filter((u) => u.role === r).length} ${r}`).join(', ');
  console.log(
    `${label}: realistic mix over ${ids.length} regions x ${MIX_ROLES.length} roles (${users.length} users logged in in ${fmt(performance.now() - t0)}), ${clients} clients, write share ${writeShare}${process.env.BENCH_DATABASE_URL ? '' : ' (no BENCH_DATABASE_URL: providers and local teams do not write)'}`,
  );
  console.log(`  clients: ${roleCount}`);
  const base = await load([{ url: '/api/v1/health', headers: {} }], clients, Math.min(10, seconds), serverPids);

  const serverCpu = () => serverPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const per = new Map<string, { xs: number[]; errors: number; statuses: Map<number, number> }>();
  const all: number[] = [];
  const writes: number[] = [];
  let errors = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const encoding = process.env.BENCH_ACCEPT_ENCODING;
  const server0 = serverCpu();
  const cpu0 = process.cpuUsage();
  const until = performance.now() + seconds * 1000;
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  await Promise.all(
    team.map(async (u, c) => {
      let k = c;
      while (performance.now() < until) {
        const q = u.write && random() < writeShare ? u.write() : u.reads[k++ % u.reads.length]!;
        const name = q.method === 'POST' ? q.route : `${u.role.padEnd(15)} ${q.route}`;
        const b = q.body?.();
        const headers = { ...u.headers, ...(encoding ? { 'accept-encoding': encoding } : {}), ...(b ? { 'content-type': b.type } : {}) };
        const t = performance.now();
        // No answer at all (a reset connection) counts as status 0: an error.
        const status = await call(agent, q.method, q.url, headers, b?.data, q.onAnswer).catch(() => 0);
        const ms = performance.now() - t;
        const entry = per.get(name) ?? { xs: [], errors: 0, statuses: new Map<number, number>() };
        per.set(name, entry);
        entry.xs.push(ms);
        if (status < 200 || status >= 300) {
          errors++;
          entry.errors++;
          entry.statuses.set(status, (entry.statuses.get(status) ?? 0) + 1);
        }
        all.push(ms);
        if (q.method === 'POST') writes.push(ms);
      }
    }),
  );
  agent.destroy();
  const cpu = process.cpuUsage(cpu0);
  const serverCpuS = serverCpu() - server0;
  line(
    `${label}: ${clients} clients x ${seconds} s, realistic mix`,
    `${(all.length / seconds).toFixed(0)} req/s p50 ${fmt(quantile(all, 0.5))} p99 ${fmt(quantile(all, 0.99))}`,
    `health ${base.rps.toFixed(0)} req/s p99 ${fmt(base.p99)}`,
    quantile(all, 0.99) / base.p99,
  );
  console.log(
    `  ${all.length} requests, ${errors} errors; writes ${writes.length} (${(writes.length / seconds).toFixed(1)}/s) p50 ${fmt(quantile(writes, 0.5))} p99 ${fmt(quantile(writes, 0.99))}; load generator CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; load average ${loadavg()[0]!.toFixed(1)}`,
  );
  for (const [name, e] of [...per].sort((a, b) => a[0].localeCompare(b[0])))
    console.log(
      `    ${name.padEnd(44)} ${String(e.xs.length).padStart(6)} requests  p50 ${fmt(quantile(e.xs, 0.5)).padStart(9)}  p99 ${fmt(quantile(e.xs, 0.99)).padStart(9)}  errors ${e.errors}${e.errors ? ` (${[...e.statuses].map(([s, k]) => `${s || 'no answer'} x${k}`).join(', ')})` : ''}`,
    );
  if (serverPids.length > 0)
    console.log(
      `  server CPU ${serverCpuS.toFixed(1)} s, ${((serverCpuS * 1000) / all.length).toFixed(2)} ms per request (health: ${base.serverCpuS.toFixed(1)} s, ${base.serverCpuMsPerRequest.toFixed(2)} ms per request)`,
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
