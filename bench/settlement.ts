/**
 * Benchmark of declaration settlement (src/app/funding/settle.ts): a valid JW323 with 100,000
 * Prestatie lines (bench/jw323-generator.ts, 7 lines per client) is settled against matching
 * allocations and contract tariffs (inserted first, so every line is approved), on PGlite (a data
 * folder in tmp) and on PostgreSQL when DATABASE_URL is set. Baseline, measured in the same run
 * on the same file: validation only, `validateStream(createReadStream(file))` (the issue's goal:
 * settlement at most 3x validation alone).
 *
 * Every measurement runs in its own child process (`node --expose-gc`, as bench/ijw.ts): the
 * child opens the database (not timed), collects garbage, samples RSS every 50 ms while it works
 * and prints one JSON line. Reported: lines per second, wall time, peak RSS and the ratio
 * settle/validate of the wall times.
 *
 * Then a profiling run per database on an identical copy of the prepared database: the driver is
 * wrapped to time every SQL statement (by kind), the gaps between statements are attributed to the
 * JavaScript phase they belong to (validation, the settling loop, gzip, building insert rows), and
 * a CPU profile (node:inspector) of the settleDeclaration call is summed per component.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/settlement.js     (BENCH_SETTLE_LINES=n to change N)
 *
 * bench/run.ts can `import { benchSettlement } from './settlement.js'` and await it.
 */
import { spawn } from 'node:child_process';
import { cpSync, createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, type Db } from '../src/db/database.js';
import * as schema from '../src/db/schema.js';
import { allocations, families, providers, tariffs, youths, ceilings } from '../src/db/schema.js';
import { syntheticBsns } from '../src/domain/people/bsn.js';
import { settleDeclaration } from '../src/app/funding/settle.js';
import { start } from '../src/app/startup.js';
import { validateMessage, validateStream } from '../src/ijw/validate.js';
import { writeJw323 } from './jw323-generator.js';

const THIS_FILE = fileURLToPath(import.meta.url);
const MB = 1024 * 1024;
export const BENCH_TODAY = '2026-11-22';
export const BENCH_NOW = new Date(`${BENCH_TODAY}T10:00:00Z`);
export const BENCH_MONTH = '2026-10';
const REGION = 'wbo';
const GEMEENTE = '0758';
const AGB = '42420001';
const PER_CLIENT = 7;
/** The generator's product codes and tariffs (bench/jw323-generator.ts, line()). */
const PRODUCT_CODES = ['45A03', '45A04', '45A07', '45A09'] as const;

const pad2 = (n: number) => String(n).padStart(2, '0');

export interface Jw323WorldOptions {
  regionId: string;
  agb: string;
  municipality: string;
  /** Number of lines of the generated declaration. */
  lines: number;
  /** Must be 7 (see below). */
  linesPerClient?: number;
  /** The declaration month "YYYY-MM" given to writeJw323. */
  month: string;
  segmentId?: string;
  /** A yearly ceiling for the provider (the ceiling query runs; high enough not to reject). */
  ceilingCents?: number;
}

/**
 * Inserts the provider, youths, allocations and tariffs that make every line of
 * `writeJw323(file, { lines, linesPerClient: 7, month, afzender: agb, ontvanger: municipality })`
 * approved:
 * - line i uses ToewijzingNummer 100000 + i, the BSN of client floor(i / 7) (syntheticBsns order)
 *   and product 45 / PRODUCT_CODES[i % 4]: one allocation per line, valid the whole year;
 * - the line's ProductTarief is 5000 + (i % 7) x 250 cents and its Begindatum is day 1 + 2 x (i % 7)
 *   (with 7 lines per client), so a contract tariff per product valid from day 1 + 2j with price
 *   5000 + 250j is exactly the line's tariff on its Begindatum.
 */
export async function insertJw323World(db: Db, o: Jw323WorldOptions): Promise<{ providerId: number }> {
  const perClient = o.linesPerClient ?? PER_CLIENT;
  if (perClient !== 7) throw new Error('insertJw323World needs 7 lines per client (tariff per Begindatum)');
  const segmentId = o.segmentId ?? 'specialistische-ambulante-behandeling';
  const year = o.month.slice(0, 4);
  const [p] = await db.insert(providers).values({ regionId: o.regionId, agbCode: o.agb, name: `Bench ${o.agb}`, kind: 'jeugdhulpaanbieder' }).returning();
  const providerId = p!.id;
  const [f] = await db.insert(families).values({ regionId: o.regionId, municipalityCode: o.municipality }).returning();
  const clients = Math.ceil(o.lines / perClient);
  const bsns = syntheticBsns();
  const youthIds: number[] = [];
  for (let c = 0; c < clients; c += 1000) {
    const batch: (typeof youths.$inferInsert)[] = [];
    for (let k = c; k < Math.min(clients, c + 1000); k++) {
      const bsn = bsns.next().value as string;
      batch.push({ regionId: o.regionId, familyId: f!.id, bsn, pseudonym: `b${bsn}`, givenName: 'A', familyName: 'B', birthDate: '2012-01-01', gender: '1', municipalityCode: o.municipality });
    }
    for (const r of await db.insert(youths).values(batch).returning({ id: youths.id })) youthIds.push(r.id);
  }
  for (let i = 0; i < o.lines; i += 1000) {
    const batch: (typeof allocations.$inferInsert)[] = [];
    for (let k = i; k < Math.min(o.lines, i + 1000); k++) {
      batch.push({
        regionId: o.regionId,
        toewijzingNummer: 100_000 + k,
        youthId: youthIds[Math.floor(k / perClient)]!,
        providerId,
        segmentId,
        municipalityCode: o.municipality,
        productCategorie: '45',
        productCode: PRODUCT_CODES[k % PRODUCT_CODES.length]!,
        ingangsdatum: `${year}-01-01`,
        einddatum: `${year}-12-31`,
      });
    }
    await db.insert(allocations).values(batch);
  }
  await db.insert(tariffs).values(
    PRODUCT_CODES.flatMap((productCode) =>
      [0, 1, 2, 3, 4, 5, 6].map((j) => ({ regionId: o.regionId, providerId, segmentId, productCategorie: '45', productCode, eenheid: '04', priceCents: 5000 + 250 * j, validFrom: `${o.month}-${pad2(1 + 2 * j)}` })),
    ),
  );
  if (o.ceilingCents !== undefined) await db.insert(ceilings).values({ regionId: o.regionId, providerId, year: Number(year), amountCents: o.ceilingCents });
  return { providerId };
}

// ------------------------------------------------------------------------------------------------
// Measurements (child processes)

type Target = { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string };
type Mode = 'validate' | 'settle' | 'profile';

interface Measurement {
  mode: Mode;
  lines: number;
  ms: number;
  peakRss: number;
  startRss: number;
  maxRss: number;
  samples: number;
  result?: { approvedCents: number; rejected: number; lines: number; duplicate: boolean };
  verdict?: { valid: boolean; findings: number };
  profile?: Profile;
  /** The settlement threw (message): nothing was settled. */
  error?: string;
}

interface Statement {
  cat: string;
  start: number;
  end: number;
}

interface Profile {
  totalMs: number;
  statements: Statement[];
  /** CPU self time (ms) per component, from node:inspector. */
  cpu: Record<string, number>;
  /** Separately timed pieces on the same bytes. */
  pieces: Record<string, number>;
  /** Alternatives for the line inserts, timed on the settled rows (rolled back). */
  whatIf: Record<string, number>;
}

/** Kind of an SQL statement, for the breakdown. */
function classify(sqlText: string): string {
  const s = (sqlText.length > 4000 ? sqlText.slice(0, 2000) : sqlText).replace(/\s+/g, ' ').trim().toLowerCase();
  if (s === 'begin' || s.startsWith('begin')) return 'begin';
  if (s === 'commit') return 'commit';
  if (s.startsWith('insert into "declaration_lines"')) return 'insert declaration_lines';
  if (s.startsWith('insert into "declarations"')) return 'insert declarations (gzip bytea)';
  if (s.startsWith('insert into "ijw_messages"')) return 'insert ijw_messages';
  if (s.startsWith('update "declaration_lines"')) return 'update credited';
  if (s.includes('for update')) return 'lock provider';
  if (s.startsWith('select "profile" from "regions"') || s.includes('from "regions"')) return 'load region profile';
  if (s.includes('from "allocations"')) return 'load allocations';
  if (s.includes('coalesce(sum(')) return 'ceiling spent';
  if (s.includes('from "ceilings"')) return 'ceiling';
  if (s.includes('from "tariffs"')) return 'load tariffs';
  if (s.includes('from "declaration_lines"') && s.includes('"approved" = $')) return 'load approved lines per allocation';
  if (s.includes('from "declaration_lines"')) return 'load prior lines (by ReferentieNummer)';
  if (s.includes('from "declarations"')) return 'duplicate check';
  return 'other sql';
}

/** Component of a CPU profile node, by script URL and function name. */
function component(url: string, fn: string): string {
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)') return 'idle (waiting for the database server)';
  if (fn === '(program)' || fn === '(root)') return 'V8/native other';
  if (url.includes('/src/ijw/')) return 'validation (src/ijw)';
  if (url.includes('saxes') || url.includes('xmlchars')) return 'XML parsing (saxes)';
  if (url.includes('/src/domain/funding/')) return 'settleLine (domain)';
  if (url.includes('/src/app/funding/')) return 'settle.ts (loop, maps, rows)';
  if (url.includes('/src/')) return 'other src';
  if (url.includes('drizzle-orm')) return 'drizzle (SQL building, row mapping)';
  if (url.includes('@electric-sql/pglite') || url.startsWith('wasm://')) return 'PGlite (Postgres in WASM)';
  if (url.includes('node_modules/pg') || url.includes('pg-protocol') || url.includes('pg-types')) return 'pg driver';
  if (url.includes('zlib') || fn.toLowerCase().includes('zlib') || fn === 'gzipSync') return 'gzip';
  if (url.startsWith('node:')) return `node (${url.slice(5).split('/')[0]})`;
  return 'other';
}

type RawQuery = (text: string, params: unknown[]) => Promise<unknown>;

async function openInstrumented(target: Target, statements: Statement[]): Promise<{ db: Db; close: () => Promise<void>; raw: RawQuery }> {
  const record = (text: string, t0: number) => statements.push({ cat: classify(text), start: t0, end: performance.now() });
  if (target.kind === 'postgres') {
    const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
    const orig = proto.query;
    proto.query = function (this: unknown, config: unknown, values?: unknown, cb?: unknown) {
      const text = typeof config === 'string' ? config : String((config as { text?: string })?.text ?? '');
      const t0 = performance.now();
      const callback = typeof values === 'function' ? values : cb;
      if (typeof callback === 'function') {
        const wrapped = (err: unknown, res: unknown) => {
          record(text, t0);
          (callback as (e: unknown, r: unknown) => void)(err, res);
        };
        return typeof values === 'function' ? orig.call(this, config, wrapped) : orig.call(this, config, values, wrapped);
      }
      const p = orig.call(this, config, values) as Promise<unknown>;
      return p.then(
        (r) => (record(text, t0), r),
        (e: unknown) => {
          record(text, t0);
          throw e;
        },
      );
    };
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const pool = new pg.Pool({ connectionString: target.url, max: 10 });
    return { db: drizzle(pool, { schema }) as unknown as Db, close: () => pool.end(), raw: (text, params) => pool.query(text, params) };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const client = new PGlite(target.dir);
  await client.waitReady;
  type Q = (text: string, ...rest: unknown[]) => Promise<unknown>;
  const timed = (q: Q): Q => async (text, ...rest) => {
    const t0 = performance.now();
    try {
      return await q(text, ...rest);
    } finally {
      record(text, t0);
    }
  };
  const c = client as unknown as { query: Q; transaction: (cb: (tx: { query: Q }) => Promise<unknown>) => Promise<unknown> };
  c.query = timed(c.query.bind(client));
  const origTx = c.transaction.bind(client);
  c.transaction = async (cb) => {
    const t0 = performance.now();
    let cbEnd = 0;
    try {
      return await origTx(async (tx) => {
        statements.push({ cat: 'begin', start: t0, end: performance.now() });
        tx.query = timed(tx.query.bind(tx));
        try {
          return await cb(tx);
        } finally {
          cbEnd = performance.now();
        }
      });
    } finally {
      statements.push({ cat: 'commit', start: cbEnd, end: performance.now() });
    }
  };
  return { db: drizzle(client, { schema }) as unknown as Db, close: () => client.close(), raw: (text, params) => client.query(text, params) };
}

const LINE_COLUMNS = [
  ['declaration_id', 'int'], ['region_id', 'text'], ['provider_agb', 'text'], ['referentie_nummer', 'text'], ['vorig_referentie_nummer', 'text'],
  ['toewijzing_nummer', 'int'], ['allocation_id', 'int'], ['segment_id', 'text'], ['municipality_code', 'text'], ['product_categorie', 'text'],
  ['product_code', 'text'], ['begindatum', 'date'], ['einddatum', 'date'], ['volume', 'int'], ['eenheid', 'text'], ['bedrag_cents', 'bigint'],
  ['debet_credit', 'text'], ['approved', 'bool'], ['codes', 'text'], ['amount_cents', 'bigint'], ['credited', 'bool'],
] as const;

/**
 * What-if for the suggestions: the settled lines inserted again (in a transaction that is rolled
 * back) as settle.ts does it (drizzle, batches of 1000 rows) and as ONE statement with one array
 * parameter per column (insert ... select from unnest(...)).
 */
async function insertWhatIf(db: Db, raw: RawQuery): Promise<Record<string, number>> {
  const { declarationLines } = schema;
  const [decl] = await db.select({ id: schema.declarations.id }).from(schema.declarations).orderBy(sql`${schema.declarations.id} desc`).limit(1);
  const rows = await db.select().from(declarationLines).where(eq(declarationLines.declarationId, decl!.id));
  const rollback = new Error('rollback');
  const timed = async (work: (tx: Db) => Promise<void>) => {
    let ms = 0;
    await db
      .transaction(async (tx) => {
        await tx.delete(declarationLines).where(eq(declarationLines.declarationId, decl!.id));
        const t0 = performance.now();
        await work(tx as unknown as Db);
        ms = performance.now() - t0;
        throw rollback;
      })
      .catch((e: unknown) => {
        if (e !== rollback) throw e;
      });
    return ms;
  };
  const values = rows.map(({ id: _id, ...r }) => r);
  const drizzleMs = await timed(async (tx) => {
    for (let i = 0; i < values.length; i += 1000) await tx.insert(declarationLines).values(values.slice(i, i + 1000));
  });
  // The unnest variant through the raw client, inside a transaction of its own.
  const keys = ['declarationId', 'regionId', 'providerAgb', 'referentieNummer', 'vorigReferentieNummer', 'toewijzingNummer', 'allocationId', 'segmentId', 'municipalityCode', 'productCategorie', 'productCode', 'begindatum', 'einddatum', 'volume', 'eenheid', 'bedragCents', 'debetCredit', 'approved', 'codes', 'amountCents', 'credited'] as const;
  const t0 = performance.now();
  const arrays = keys.map((k) => values.map((r) => (k === 'codes' ? (r.codes as string[]).join(',') : (r as Record<string, unknown>)[k] ?? null)));
  const text = `insert into declaration_lines (${LINE_COLUMNS.map(([c]) => c).join(', ')}) select ${LINE_COLUMNS.map(([c]) => (c === 'codes' ? `string_to_array(u.${c}, ',')` : `u.${c}`)).join(', ')} from unnest(${LINE_COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')}) as u(${LINE_COLUMNS.map(([c]) => c).join(', ')})`;
  const buildMs = performance.now() - t0;
  await raw('begin', []);
  let unnestMs = 0;
  try {
    await raw('delete from declaration_lines where declaration_id = $1', [decl!.id]);
    const t1 = performance.now();
    await raw(text, arrays);
    unnestMs = performance.now() - t1 + buildMs;
  } finally {
    await raw('rollback', []);
  }
  return { [`insert ${rows.length} lines as settle.ts (drizzle, batches of 1000)`]: drizzleMs, [`insert ${rows.length} lines as ONE unnest statement (21 array params)`]: unnestMs };
}

async function cpuProfile<T>(work: () => Promise<T>): Promise<{ value: T; cpu: Record<string, number> }> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  const value = await work();
  const { profile } = (await session.post('Profiler.stop')) as unknown as {
    profile: { nodes: { id: number; callFrame: { url: string; functionName: string } }[]; samples: number[]; timeDeltas: number[] };
  };
  session.disconnect();
  const byId = new Map(profile.nodes.map((n) => [n.id, component(n.callFrame.url, n.callFrame.functionName)]));
  const frame = new Map(profile.nodes.map((n) => [n.id, `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '')}`]));
  const cpu: Record<string, number> = {};
  const functions: Record<string, number> = {};
  for (let i = 0; i < profile.samples.length; i++) {
    const c = byId.get(profile.samples[i]!) ?? 'other';
    cpu[c] = (cpu[c] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
    const f = frame.get(profile.samples[i]!) ?? '?';
    functions[f] = (functions[f] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
  }
  if (process.env.BENCH_SETTLE_TOP) {
    for (const [f, ms] of Object.entries(functions).sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.BENCH_SETTLE_TOP))) process.stderr.write(`    ${ms.toFixed(0).padStart(6)} ms  ${f}\n`);
  }
  return { value, cpu };
}

async function measure(mode: Mode, target: Target | undefined, file: string, expectedLines: number, totaal: number): Promise<Measurement> {
  const statements: Statement[] = [];
  let database: { db: Db; close: () => Promise<void>; raw?: RawQuery } | undefined;
  if (mode === 'settle') database = await openDatabase(target!.kind === 'postgres' ? { url: target!.url } : { dataDir: target!.dir });
  if (mode === 'profile') database = await openInstrumented(target!, statements);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  statements.length = 0;
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  let samples = 0;
  const sampler = setInterval(() => {
    samples++;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const t0 = performance.now();
  let out: Partial<Measurement> = {};
  try {
    if (mode === 'validate') {
      const v = await validateStream(createReadStream(file), { today: BENCH_TODAY });
      out = { verdict: { valid: v.valid, findings: v.findings.length } };
    } else if (mode === 'settle') {
      try {
        const r = await settleDeclaration(database!.db, REGION, readFileSync(file), BENCH_NOW);
        out = { result: { approvedCents: r.approvedCents, rejected: r.rejected, lines: r.lines, duplicate: r.duplicate } };
      } catch (e) {
        // drizzle wraps the driver error ("Failed query: <the whole SQL>"): report the cause.
        const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : undefined;
        out = { error: cause ? `${cause} (in: ${String((e as Error).message).slice(14, 90)}...)` : e instanceof Error ? e.message : String(e) };
      }
    } else {
      let w0 = 0;
      let totalMs = 0;
      const { value: r, cpu } = await cpuProfile<Awaited<ReturnType<typeof settleDeclaration>>>(async () => {
        statements.length = 0;
        w0 = performance.now();
        const settled = await settleDeclaration(database!.db, REGION, readFileSync(file), BENCH_NOW);
        totalMs = performance.now() - w0;
        return settled;
      });
      const bytes = readFileSync(file);
      const time = (f: () => unknown) => {
        const s = performance.now();
        f();
        return performance.now() - s;
      };
      const pieces = {
        'readFile (70 MB)': time(() => readFileSync(file)),
        'sha256 of the bytes': time(() => createHash('sha256').update(bytes).digest('hex')),
        'validateMessage alone (in memory)': time(() => validateMessage(bytes, { today: BENCH_TODAY })),
        'gzipSync level 1': time(() => gzipSync(bytes, { level: 1 })),
      };
      const settledStatements = statements.map((s) => ({ ...s, start: s.start - w0, end: s.end - w0 }));
      const whatIf = await insertWhatIf(database!.db, database!.raw!);
      out = { result: { approvedCents: r.approvedCents, rejected: r.rejected, lines: r.lines, duplicate: r.duplicate }, profile: { totalMs, statements: settledStatements, cpu, pieces, whatIf } };
    }
  } finally {
    clearInterval(sampler);
  }
  const ms = out.profile?.totalMs ?? performance.now() - t0;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  await database?.close();
  if (!out.error && out.result && (out.result.lines !== expectedLines || out.result.rejected !== 0 || out.result.approvedCents !== totaal || out.result.duplicate)) {
    throw new Error(`settlement did not approve every line: ${JSON.stringify(out.result)} (expected ${expectedLines} lines, ${totaal} cents)`);
  }
  return { mode, lines: expectedLines, ms, peakRss, startRss, maxRss: process.resourceUsage().maxRSS * 1024, samples, ...out };
}

function runChild(mode: Mode, target: Target | undefined, file: string, lines: number, totaal: number): Promise<Measurement> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', THIS_FILE, '--measure', mode, JSON.stringify(target ?? null), file, String(lines), String(totaal)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`measurement ${mode} exited with ${code}: ${out}`));
      try {
        resolvePromise(JSON.parse(out.trim().split('\n').at(-1) ?? '') as Measurement);
      } catch {
        reject(new Error(`measurement ${mode} printed no JSON: ${out}`));
      }
    });
  });
}

// ------------------------------------------------------------------------------------------------
// Report

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => `${Math.round(bytes / MB)} MB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const perSecond = (m: Measurement) => m.lines / (m.ms / 1000);

/** The phase a JavaScript gap before a statement of kind `next` belongs to. */
function gapPhase(next: string, index: number): string {
  if (index === 0) return 'JS: readFile + sha256 of the bytes';
  if (next === 'load region profile') return 'JS: validation + line collection (readDeclaration)';
  if (next === 'insert ijw_messages') return 'JS: settling loop (settleLine x N) + JW325 answer';
  if (next === 'insert declarations (gzip bytea)') return 'JS: gzip of the message + row';
  if (next === 'insert declaration_lines') return 'JS: building line rows / SQL (drizzle)';
  if (next === 'commit') return 'JS: end of transaction callback';
  return 'JS: mapping select results, loop setup (between statements)';
}

export interface BreakdownRow {
  phase: string;
  ms: number;
  count: number;
}

export function breakdown(p: Profile): BreakdownRow[] {
  const rows = new Map<string, BreakdownRow>();
  const add = (phase: string, ms: number, count = 1) => {
    const r = rows.get(phase) ?? { phase, ms: 0, count: 0 };
    r.ms += ms;
    r.count += count;
    rows.set(phase, r);
  };
  const st = [...p.statements].sort((a, b) => a.start - b.start);
  let cursor = 0;
  st.forEach((s, i) => {
    const gap = s.start - cursor;
    if (gap > 0) add(gapPhase(s.cat, i), gap, 0);
    add(`SQL: ${s.cat}`, s.end - s.start);
    cursor = Math.max(cursor, s.end);
  });
  if (p.totalMs > cursor) add('JS: after commit (result)', p.totalMs - cursor, 0);
  return [...rows.values()].sort((a, b) => b.ms - a.ms);
}

function printProfile(label: string, m: Measurement) {
  const p = m.profile!;
  console.log(`\nwhere the time goes, ${label} (instrumented run with CPU profiler, wall ${sec(p.totalMs)}):`);
  for (const r of breakdown(p)) {
    if (r.ms < 5) continue;
    console.log(`  ${r.phase.padEnd(58)} ${sec(r.ms).padStart(9)}  ${((100 * r.ms) / p.totalMs).toFixed(1).padStart(5)}%${r.count > 1 ? `  (${r.count} statements)` : ''}`);
  }
  const cpuTotal = Object.values(p.cpu).reduce((a, b) => a + b, 0);
  console.log(`  CPU profile of the main thread (self time, ${sec(cpuTotal)}):`);
  for (const [k, v] of Object.entries(p.cpu).sort((a, b) => b[1] - a[1])) {
    if (v < 5) continue;
    console.log(`    ${k.padEnd(56)} ${sec(v).padStart(9)}  ${((100 * v) / cpuTotal).toFixed(1).padStart(5)}%`);
  }
  console.log(`  timed separately on the same bytes: ${Object.entries(p.pieces).map(([k, v]) => `${k} ${sec(v)}`).join(', ')}`);
  console.log(`  what-if (rolled back): ${Object.entries(p.whatIf).map(([k, v]) => `${k} ${sec(v)}`).join(';  ')}`);
}

async function prepare(target: Target, lines: number): Promise<void> {
  const s = await start(target.kind === 'postgres' ? { url: target.url } : { dataDir: target.dir }, { today: BENCH_TODAY });
  try {
    await insertJw323World(s.database.db, { regionId: REGION, agb: AGB, municipality: GEMEENTE, lines, month: BENCH_MONTH, ceilingCents: 1e13 });
  } finally {
    await s.database.close();
  }
}

async function adminQuery(url: string, text: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

export interface SettlementRun {
  db: 'PGlite' | 'PostgreSQL';
  lines: number;
  /** Set when settling the requested size threw (nothing settled): the run below is the fallback size. */
  failed?: { lines: number; ms: number; error: string };
  validate: Measurement;
  settle: Measurement;
  profile?: Measurement;
  ratio: number;
  breakdown: BreakdownRow[];
}

export interface SettlementBenchResult {
  lines: number;
  fileBytes: number;
  validate: Measurement;
  runs: SettlementRun[];
}

/**
 * Size used when the requested declaration cannot be settled: a JW323 with more than 65,535
 * distinct ToewijzingNummers fails (one bound parameter per number in one statement; the
 * PostgreSQL protocol allows 65,535). The generator gives every line its own ToewijzingNummer.
 */
const FALLBACK_LINES = 60_000;

export async function benchSettlement(opts: { lines?: number; profile?: boolean } = {}): Promise<SettlementBenchResult> {
  const lines = opts.lines ?? Number(process.env.BENCH_SETTLE_LINES ?? 100_000);
  const withProfile = opts.profile ?? process.env.BENCH_SETTLE_PROFILE !== '0';
  const dir = mkdtempSync(join(tmpdir(), 'rk-settle-bench-'));
  const dropLater: string[] = [];
  const url = process.env.DATABASE_URL;
  const files = new Map<number, { file: string; totaal: number; bytes: number; validate: Measurement }>();
  /** The JW323 with n lines and its validate-only baseline (generated and measured once). */
  const declaration = async (n: number) => {
    const known = files.get(n);
    if (known) return known;
    const file = join(dir, `jw323-${n}.xml`);
    const g0 = performance.now();
    const gen = await writeJw323(file, { lines: n, linesPerClient: PER_CLIENT, month: BENCH_MONTH, today: BENCH_TODAY, afzender: AGB, ontvanger: GEMEENTE });
    console.log(`generated JW323 ${int(n)} lines, ${int(gen.clients)} clients, ${(gen.bytes / MB).toFixed(1)} MB in ${sec(performance.now() - g0)}`);
    const validate = await runChild('validate', undefined, file, n, gen.totaal);
    if (!validate.verdict?.valid) throw new Error(`the generated JW323 is not valid: ${JSON.stringify(validate.verdict)}`);
    const d = { file, totaal: gen.totaal, validate, bytes: gen.bytes };
    files.set(n, d);
    return d;
  };
  try {
    const main = await declaration(lines);

    const targets: { db: 'PGlite' | 'PostgreSQL'; main: Target; copy: Target }[] = [];
    const p0 = performance.now();
    const pgliteDir = join(dir, 'pglite');
    await prepare({ kind: 'pglite', dir: pgliteDir }, lines);
    if (withProfile) cpSync(pgliteDir, join(dir, 'pglite-profile'), { recursive: true });
    targets.push({ db: 'PGlite', main: { kind: 'pglite', dir: pgliteDir }, copy: { kind: 'pglite', dir: join(dir, 'pglite-profile') } });
    console.log(`prepared PGlite folder (${int(lines)} allocations, youths, tariffs) in ${sec(performance.now() - p0)}`);
    if (url) {
      const name = `rk_bench_${randomBytes(5).toString('hex')}`;
      await adminQuery(url, `create database ${name}`);
      dropLater.push(name);
      const u = new URL(url);
      u.pathname = `/${name}`;
      const p1 = performance.now();
      await prepare({ kind: 'postgres', url: u.toString() }, lines);
      const copy = new URL(url);
      if (withProfile) {
        await adminQuery(url, `create database ${name}_p template ${name}`);
        dropLater.push(`${name}_p`);
      }
      copy.pathname = `/${name}_p`;
      targets.push({ db: 'PostgreSQL', main: { kind: 'postgres', url: u.toString() }, copy: { kind: 'postgres', url: copy.toString() } });
      console.log(`prepared PostgreSQL database ${name} in ${sec(performance.now() - p1)}`);
    }

    const runs: SettlementRun[] = [];
    for (const t of targets) {
      let d = main;
      let n = lines;
      let settle = await runChild('settle', t.main, d.file, n, d.totaal);
      let failed: SettlementRun['failed'];
      if (settle.error) {
        failed = { lines: n, ms: settle.ms, error: settle.error };
        console.log(
          `settle JW323 ${int(n)} lines on ${t.db.padEnd(10)} FAILED after ${sec(settle.ms)} (nothing settled): ${settle.error.slice(0, 300)}` +
            `   baseline validate-only ${int(perSecond(d.validate))} lines/s  ${sec(d.validate.ms)}  peak RSS ${mb(d.validate.peakRss)}`,
        );
        if (n <= FALLBACK_LINES) throw new Error(`settlement of ${n} lines failed: ${settle.error}`);
        // The world covers the first lines of any smaller generated declaration (same numbers, BSNs, tariffs).
        n = FALLBACK_LINES;
        d = await declaration(n);
        console.log(`  fallback: the same measurement with ${int(n)} lines (below 65,535 distinct ToewijzingNummers), same prepared database`);
        settle = await runChild('settle', t.main, d.file, n, d.totaal);
        if (settle.error) throw new Error(`settlement of ${n} lines failed too: ${settle.error}`);
      }
      const ratio = settle.ms / d.validate.ms;
      console.log(
        `settle JW323 ${int(n)} lines on ${t.db.padEnd(10)} ${int(perSecond(settle))} lines/s  ${sec(settle.ms)}  peak RSS ${mb(settle.peakRss)} (maxrss ${mb(settle.maxRss)}, after open ${mb(settle.startRss)})` +
          `   baseline validate-only ${int(perSecond(d.validate))} lines/s  ${sec(d.validate.ms)}  peak RSS ${mb(d.validate.peakRss)}   ratio ${ratio.toFixed(2)}x (goal <= 3x)`,
      );
      let profile: Measurement | undefined;
      if (withProfile) {
        profile = await runChild('profile', t.copy, d.file, n, d.totaal);
        if (profile.error) throw new Error(`profiling run failed: ${profile.error}`);
        printProfile(`${t.db}, ${int(n)} lines`, profile);
      }
      runs.push({ db: t.db, lines: n, ...(failed ? { failed } : {}), validate: d.validate, settle, ...(profile ? { profile } : {}), ratio, breakdown: profile ? breakdown(profile.profile!) : [] });
    }
    if (!url) console.log('settle JW323 on PostgreSQL: skipped (DATABASE_URL is not set)');
    return { lines, fileBytes: main.bytes, validate: main.validate, runs };
  } finally {
    for (const name of dropLater) await adminQuery(url!, `drop database if exists ${name} with (force)`).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === THIS_FILE;
if (isMain) {
  if (process.argv[2] === '--measure') {
    const [, , , mode, target, file, lines, totaal] = process.argv;
    if ((mode !== 'validate' && mode !== 'settle' && mode !== 'profile') || !file) throw new Error('usage: settlement.js --measure validate|settle|profile TARGET FILE LINES TOTAAL');
    console.log(JSON.stringify(await measure(mode, JSON.parse(target!) as Target | undefined, file, Number(lines), Number(totaal))));
  } else {
    console.log(`settlement benchmark (${new Date().toISOString()}, node ${process.version})`);
    await benchSettlement();
  }
}
