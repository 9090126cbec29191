/**
 * What the screen benchmarks share (bench/screens.ts, bench/screens-mix.ts): the server's address,
 * logging in, GETs over kept-alive connections, the closed-loop load and the figures' formatting.
 */
import { Agent, request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';

export const PORT = Number(process.env.BENCH_PORT ?? 4601);
export const BASE = `http://127.0.0.1:${PORT}`;

/** CPU seconds (user + system) a process has used so far (Linux /proc; NaN elsewhere): on a shared machine the fair figure next to wall time. */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

export const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
export function line(name: string, value: string, baseline: string, ratio: number) {
  console.log(`${name.padEnd(52)} ${value.padStart(22)}   baseline ${baseline.padStart(22)}   ratio ${ratio.toFixed(1)}x`);
}
export const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

export async function login(username: string): Promise<Record<string, string>> {
  const res = await fetch(`${BASE}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
}

/**
 * One GET over a kept-alive connection of `agent` (node:http: the load generator shares the two
 * cores with the server, and fetch costs it about three times the CPU per request); resolves with
 * the status once the whole body has arrived.
 */
export function get(agent: Agent, url: string, headers: Record<string, string>): Promise<number> {
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
export async function load(urls: { url: string; headers: Record<string, string> }[], clients: number, seconds: number, serverPids: number[] = []) {
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
