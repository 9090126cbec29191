/**
 * Issue #14 point 4: what a JW323 costs the screens that read spend. For each route, the answer is
 * made cold the way a declaration makes it cold (the versions a JW323 bumps: the region's
 * declarations and messages, bumped here in read_model_versions as the triggers of migration 0027
 * do), then asked once and timed; the median and the maximum of BENCH_REPEAT rounds (default 7)
 * against a warm (kept) answer of the same route in the same round. Like the load's clients it asks
 * for no compression unless BENCH_ACCEPT_ENCODING says so.
 *
 *   BENCH_PORT=4730 BENCH_DATABASE_URL=postgres://... BENCH_REGION=nl03-holland-rijnland node dist/bench/screens-cold.js
 */
import pg from 'pg';
import { BASE, fmt, login, quantile } from './screens-common.js';

const region = process.env.BENCH_REGION ?? 'nl03-holland-rijnland';
const repeat = Number(process.env.BENCH_REPEAT ?? 7);
const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL is needed (the versions are bumped there)');

const r = `/api/v1/regions/${region}`;
const year = new Date().getUTCFullYear();

async function timed(path: string, headers: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  // As the load's clients (BENCH_ACCEPT_ENCODING, default none): fetch would ask for gzip, and a cold answer is then also compressed.
  const res = await fetch(`${BASE}${path}`, { headers: { ...headers, 'accept-encoding': process.env.BENCH_ACCEPT_ENCODING ?? 'identity' } });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return performance.now() - t0;
}

async function main() {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const bump = () =>
    client.query(
      `insert into read_model_versions (name, version) select n, 1 from unnest($1::text[]) n
       on conflict (name) do update set version = read_model_versions.version + 1`,
      [[`data|declarations|${region}`, `data|messages|${region}`]],
    );
  const cm = await login(`contractmanager.${region}`);
  const provider = await login(`aanbieder.${region}`);
  const controller = await login(`controller.${region}`);
  const list = (await (await fetch(`${BASE}${r}/contracts?limit=1`, { headers: cm })).json()) as { rows: { id: number }[] };
  const cid = list.rows[0]!.id;
  const routes: [string, string, Record<string, string>][] = [
    ['contracts list (contract manager)', `${r}/contracts`, cm],
    ['contract detail (contract manager)', `${r}/contracts/${cid}`, cm],
    ["provider's own contracts", `${r}/contracts`, provider],
    ['spend by provider (controller)', `${r}/spend?year=${year}&by=provider`, controller],
    ['spend by segment (controller)', `${r}/spend?year=${year}&by=segment`, controller],
    ['spend by municipality (controller)', `${r}/spend?year=${year}&by=municipality`, controller],
    ['declarations (controller)', `${r}/declarations`, controller],
  ];
  console.log(`cold after a declaration's version bump, ${region}, ${repeat} rounds (median / max; warm median)`);
  for (const [name, path, headers] of routes) {
    const cold: number[] = [];
    const warm: number[] = [];
    await timed(path, headers);
    for (let i = 0; i < repeat; i++) {
      await bump();
      cold.push(await timed(path, headers));
      warm.push(await timed(path, headers));
    }
    console.log(
      `${name.padEnd(40)} cold ${fmt(quantile(cold, 0.5)).padStart(9)} / ${fmt(Math.max(...cold)).padStart(9)}   warm ${fmt(quantile(warm, 0.5)).padStart(9)}`,
    );
  }
  await client.end();
}

await main();
