/**
 * Issue #14: "EXPLAIN of every screen query on the national set shows index use". Requests every
 * list and dashboard API (and the declaration screen of the newest declaration) once per region (in this process, Fastify inject, the roles the screens
 * are for), records every SQL statement the requests send to the database (with its parameters),
 * then runs `EXPLAIN (FORMAT JSON)` of each distinct statement on the same database and reports:
 *
 *  - per screen: the statements a request sends (a growing number with the data is an N+1);
 *  - every sequential scan of a large table (reltuples >= BENCH_EXPLAIN_MIN_ROWS, default 10,000:
 *    the declaration lines, allocations, trajectories, youths, ...) with the screen that caused it.
 *
 *   DATABASE_URL=postgres://... BENCH_REGIONS=nl03-holland-rijnland,nl04-wbo node dist/bench/explain.js
 *   BENCH_DATA=/path/to/pglite-folder node dist/bench/explain.js        (the demo on PGlite)
 *   BENCH_EXPLAIN_STRICT=1   exit with status 1 when a screen scans a large table sequentially
 *   BENCH_EXPLAIN_ANALYZE=1  EXPLAIN ANALYZE: also the database time of each screen's statements
 *                            and its slowest statement (they are all reads)
 *
 * Run on a copy of a data folder or a database nobody else writes to (the requests only read).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/database.js';
import { buildServer } from '../src/api/server.js';

const THIS_FILE = fileURLToPath(import.meta.url);

interface Captured {
  text: string;
  params: unknown[];
}

/** The list and dashboard APIs of a region, with the role whose screen it is. */
export function screenRequests(r: string, year: number): { role: string; url: string }[] {
  return [
    ...[
      'landscape',
      'care-summary',
      'contracts',
      `spend?year=${year}&by=provider`,
      `spend?year=${year}&by=segment`,
      `spend?year=${year}&by=municipality`,
      'declarations',
      `schedules?year=${year}`,
      'budget-framework',
      'market',
      'procedures',
    ].map((p) => ({ role: 'controller', url: `/api/v1/regions/${r}/${p}` })),
    { role: 'toegang', url: `/api/v1/regions/${r}/worklist` },
    ...['region', 'segment', 'area', 'process'].map((level) => ({ role: 'beleid', url: `/api/v1/regions/${r}/kpis?level=${level}&year=${year}` })),
  ];
}

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Plan Rows'?: number; Plans?: PlanNode[]; Filter?: string };

function seqScans(node: PlanNode, out: PlanNode[] = []): PlanNode[] {
  if (node['Node Type'] === 'Seq Scan') out.push(node);
  for (const c of node.Plans ?? []) seqScans(c, out);
  return out;
}

/** Records the statements sent through the database's driver while `label` is set. */
function recorder(database: Database) {
  let label: string | null = null;
  const byLabel = new Map<string, Captured[]>();
  const record = (text: unknown, params: unknown) => {
    if (label === null) return;
    const t = typeof text === 'string' ? text : (text as { text?: string })?.text;
    const p = typeof text === 'string' ? params : ((text as { values?: unknown[] })?.values ?? params);
    if (typeof t !== 'string' || !/^\s*(select|with)\b/i.test(t)) return;
    const list = byLabel.get(label) ?? [];
    list.push({ text: t, params: Array.isArray(p) ? p : [] });
    byLabel.set(label, list);
  };
  if (database.driver.kind === 'postgres') {
    const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
    const original = proto.query;
    proto.query = function (this: unknown, ...a: unknown[]) {
      record(a[0], a[1]);
      return original.apply(this, a);
    };
  } else {
    const client = database.driver.client as unknown as { query: (...a: unknown[]) => unknown };
    const original = client.query.bind(client);
    client.query = (...a: unknown[]) => {
      record(a[0], a[1]);
      return original(...a);
    };
  }
  return {
    byLabel,
    set: (l: string | null) => {
      label = l;
    },
  };
}

const ANALYZE = Boolean(process.env.BENCH_EXPLAIN_ANALYZE);

async function explain(database: Database, q: Captured): Promise<PlanNode & { ms: number }> {
  const text = `EXPLAIN (${ANALYZE ? 'ANALYZE, ' : ''}FORMAT JSON) ${q.text}`;
  const rows =
    database.driver.kind === 'postgres'
      ? (await database.driver.pool.query(text, q.params)).rows
      : (await database.driver.client.query<Record<string, unknown>>(text, q.params)).rows;
  const cell = Object.values(rows[0] as Record<string, unknown>)[0];
  const json = (typeof cell === 'string' ? JSON.parse(cell) : cell) as { Plan: PlanNode; 'Execution Time'?: number; 'Planning Time'?: number }[];
  return { ...json[0]!.Plan, ms: (json[0]!['Execution Time'] ?? 0) + (json[0]!['Planning Time'] ?? 0) };
}

export async function benchExplain(): Promise<number> {
  const url = process.env.DATABASE_URL;
  const data = process.env.BENCH_DATA;
  if (!url && !data) throw new Error('set DATABASE_URL (PostgreSQL, the national set) or BENCH_DATA (a PGlite demo folder)');
  const regions = (process.env.BENCH_REGIONS ?? (url ? 'nl03-holland-rijnland,nl04-wbo' : 'holland-rijnland,wbo')).split(',');
  const minRows = Number(process.env.BENCH_EXPLAIN_MIN_ROWS ?? 10_000);
  const database = await openDatabase(url ? { url, poolSize: 4 } : { dataDir: data! });
  const rec = recorder(database);
  const app = await buildServer({ database, demo: true, logger: false });
  let findings = 0;
  try {
    const sizes = new Map<string, number>();
    // Table sizes: the planner's estimate on PostgreSQL; PGlite runs no autovacuum (reltuples stay
    // unknown until an ANALYZE), so there the rows are counted.
    const query = async <T>(text: string) =>
      database.driver.kind === 'postgres' ? ((await database.driver.pool.query(text)).rows as T[]) : (await database.driver.client.query<T>(text)).rows;
    let stats = await query<{ relname: string; n: number | string }>(
      `select relname, reltuples::bigint as n from pg_class where relkind in ('r','p') and relnamespace = 'public'::regnamespace`,
    );
    if (database.driver.kind === 'pglite')
      stats = await Promise.all(
        stats.map(async (t) => ({ relname: t.relname, n: (await query<{ n: number }>(`select count(*)::int as n from "${t.relname}"`))[0]!.n })),
      );
    for (const s of stats as { relname: string; n: number | string }[]) sizes.set(s.relname, Number(s.n));
    const year = new Date().getUTCFullYear();
    for (const r of regions) {
      const tokens = new Map<string, string>();
      for (const role of ['controller', 'toegang', 'beleid']) {
        const res = await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username: `${role}.${r}`, password: 'demo' } });
        if (res.statusCode >= 300) throw new Error(`login ${role}.${r}: ${res.statusCode}`);
        tokens.set(role, res.json().token as string);
      }
      for (const s of screenRequests(r, year)) {
        const headers = { authorization: `Bearer ${tokens.get(s.role)!}` };
        // Once to warm the kept reports (a kept report answers without its queries), then once
        // recorded: the statements of a cold request are the ones that matter, so both are recorded.
        rec.set(`${s.url} (first)`);
        const first = await app.inject({ url: s.url, headers });
        rec.set(`${s.url} (again)`);
        const again = await app.inject({ url: s.url, headers });
        rec.set(null);
        if (first.statusCode !== 200 || again.statusCode !== 200) console.log(`  ${s.url}: ${first.statusCode} ${again.statusCode}`);
        // The declaration screen (its lines and answer) of the newest declaration in the list.
        if (s.url.endsWith('/declarations') && first.statusCode === 200) {
          const newest = (first.json() as { rows: { id: number }[] }).rows[0];
          if (newest) {
            const url = `${s.url}/${newest.id}`;
            rec.set(url);
            const one = await app.inject({ url, headers });
            rec.set(null);
            if (one.statusCode !== 200) console.log(`  ${url}: ${one.statusCode}`);
          }
        }
      }
    }
    const plans = new Map<string, PlanNode & { ms: number }>();
    for (const [label, qs] of rec.byLabel) {
      const scans: string[] = [];
      let ms = 0;
      let slowest = { ms: -1, text: '' };
      for (const q of qs) {
        let plan = plans.get(q.text);
        if (!plan) {
          try {
            plan = await explain(database, q);
          } catch (e) {
            console.log(`  EXPLAIN failed for ${label}: ${(e as Error).message}\n    ${q.text.slice(0, 200)}`);
            continue;
          }
          plans.set(q.text, plan);
        }
        ms += plan.ms;
        if (plan.ms > slowest.ms) slowest = { ms: plan.ms, text: q.text };
        for (const n of seqScans(plan)) {
          const rows = sizes.get(n['Relation Name'] ?? '') ?? 0;
          if (rows >= minRows)
            scans.push(`${n['Relation Name']} (${rows.toLocaleString('en-US')} rows${n.Filter ? `, filter ${n.Filter.slice(0, 120)}` : ''})`);
        }
      }
      findings += scans.length;
      console.log(
        `${label.padEnd(90)} ${String(qs.length).padStart(3)} statements${ANALYZE ? ` ${ms.toFixed(1).padStart(7)} ms in the database` : ''}  ${scans.length === 0 ? 'no sequential scan of a large table' : `SEQ SCAN: ${[...new Set(scans)].join('; ')}`}`,
      );
      if (ANALYZE && slowest.ms > 20) console.log(`    slowest ${slowest.ms.toFixed(1)} ms: ${slowest.text.replace(/\s+/g, ' ').slice(0, 300)}`);
    }
    const large = [...sizes].filter(([, n]) => n >= minRows).sort((a, b) => b[1] - a[1]);
    console.log(`large tables (>= ${minRows.toLocaleString('en-US')} rows): ${large.map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`).join(', ')}`);
    console.log(`${plans.size} distinct statements explained; ${findings} sequential scans of large tables`);
  } finally {
    await app.close();
    await database.close();
  }
  return findings;
}

if (process.argv[1] && resolve(process.argv[1]) === THIS_FILE) {
  const findings = await benchExplain();
  if (findings > 0 && process.env.BENCH_EXPLAIN_STRICT) process.exitCode = 1;
}
