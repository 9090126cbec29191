/**
 * Instrumentation of the settlement benchmark (bench/settlement.ts): the measurement types, a
 * database opened with every SQL statement timed by kind, a CPU profile summed per component, the
 * breakdown of a settlement's wall time into SQL and the JavaScript phases between statements,
 * and a what-if of the line insert strategies.
 */
import pg from 'pg';
import { eq, sql } from 'drizzle-orm';
import { schema, type Db, type Tx } from '../src/db/database.js';

export const MB = 1024 * 1024;
export const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export type Target = { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string };
export type Mode = 'validate' | 'settle' | 'profile';

export interface Measurement {
  mode: Mode;
  lines: number;
  ms: number;
  /** CPU time of the measuring process (user + system) over the same span. */
  cpuMs?: number;
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

export interface Statement {
  cat: string;
  start: number;
  end: number;
}

export interface Profile {
  totalMs: number;
  statements: Statement[];
  /** CPU self time (ms) per component, from node:inspector. */
  cpu: Record<string, number>;
  /** Separately timed pieces on the same bytes. */
  pieces: Record<string, number>;
  /** Alternatives for the line inserts, timed on the settled rows (rolled back). */
  whatIf: Record<string, number>;
}

/** Kind of an SQL statement, for the breakdown (the statements of src/app/funding/settle.ts and settle-context.ts). */
export function classify(sqlText: string): string {
  const s = (sqlText.length > 4000 ? sqlText.slice(0, 2000) : sqlText).replace(/\s+/g, ' ').trim().toLowerCase();
  if (s === 'begin' || s.startsWith('begin')) return 'begin';
  if (s === 'commit') return 'commit';
  if (s.startsWith('insert into "declaration_lines"')) return 'insert declaration_lines';
  if (s.startsWith('with m as ( insert into "ijw_messages"')) return 'insert message + declaration (gzip) + JW325';
  if (s.startsWith('with u as ( update "declarations"')) return 'complete declaration + JW325';
  if (s.startsWith('update "declaration_lines"')) return 'update credited';
  if (s.includes('pg_advisory_xact_lock') && s.includes('from "providers"')) return 'lock sender + provider';
  if (s.includes('pg_advisory_xact_lock')) return 'lock segment';
  if (s.includes('from "regions"')) return 'load region profile';
  if (s.startsWith('select distinct "segment_id"')) return 'segments of the allocations';
  if (s.includes('from "allocations"')) return 'load allocations';
  if (s.includes('from ceilings c')) return 'ceilings with spend';
  if (s.includes('from "tariffs"')) return 'load tariffs';
  if (s.includes("select 't' as kind")) return 'approved totals + open debits per allocation';
  if (s.includes('from "declaration_lines"')) return 'load prior lines (by ReferentieNummer)';
  if (s.includes('from "declarations"')) return 'duplicate check';
  return 'other sql';
}

/** Component of a CPU profile node, by script URL and function name. */
export function component(url: string, fn: string): string {
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

export type RawQuery = (text: string, params: unknown[]) => Promise<unknown>;

export async function openInstrumented(target: Target, statements: Statement[]): Promise<{ db: Db; close: () => Promise<void>; raw: RawQuery }> {
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
    return { db: drizzle(pool, { schema }) satisfies Db, close: () => pool.end(), raw: (text, params) => pool.query(text, params) };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const client = new PGlite(target.dir);
  await client.waitReady;
  type Q = (text: string, ...rest: unknown[]) => Promise<unknown>;
  const timed =
    (q: Q): Q =>
    async (text, ...rest) => {
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
  return { db: drizzle(client, { schema }) satisfies Db, close: () => client.close(), raw: (text, params) => client.query(text, params) };
}

export const LINE_COLUMNS = [
  ['declaration_id', 'int'],
  ['region_id', 'text'],
  ['provider_agb', 'text'],
  ['referentie_nummer', 'text'],
  ['vorig_referentie_nummer', 'text'],
  ['toewijzing_nummer', 'int'],
  ['allocation_id', 'int'],
  ['segment_id', 'text'],
  ['municipality_code', 'text'],
  ['product_categorie', 'text'],
  ['product_code', 'text'],
  ['begindatum', 'date'],
  ['einddatum', 'date'],
  ['volume', 'int'],
  ['eenheid', 'text'],
  ['bedrag_cents', 'bigint'],
  ['debet_credit', 'text'],
  ['approved', 'bool'],
  ['codes', 'text'],
  ['amount_cents', 'bigint'],
  ['credited', 'bool'],
] as const;

/**
 * What-if for the suggestions: the settled lines inserted again (in a transaction that is rolled
 * back) as settle.ts does it (drizzle, batches of 1000 rows) and as ONE statement with one array
 * parameter per column (insert ... select from unnest(...)).
 */
export async function insertWhatIf(db: Db, raw: RawQuery): Promise<Record<string, number>> {
  const { declarationLines } = schema;
  const [decl] = await db
    .select({ id: schema.declarations.id })
    .from(schema.declarations)
    .orderBy(sql`${schema.declarations.id} desc`)
    .limit(1);
  const rows = await db.select().from(declarationLines).where(eq(declarationLines.declarationId, decl!.id));
  const rollback = new Error('rollback');
  const timed = async (work: (tx: Tx) => Promise<void>) => {
    let ms = 0;
    await db
      .transaction(async (tx) => {
        await tx.delete(declarationLines).where(eq(declarationLines.declarationId, decl!.id));
        const t0 = performance.now();
        await work(tx);
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
  const keys = [
    'declarationId',
    'regionId',
    'providerAgb',
    'referentieNummer',
    'vorigReferentieNummer',
    'toewijzingNummer',
    'allocationId',
    'segmentId',
    'municipalityCode',
    'productCategorie',
    'productCode',
    'begindatum',
    'einddatum',
    'volume',
    'eenheid',
    'bedragCents',
    'debetCredit',
    'approved',
    'codes',
    'amountCents',
    'credited',
  ] as const;
  const t0 = performance.now();
  const arrays = keys.map((k) => values.map((r) => (k === 'codes' ? (r.codes as string[]).join(',') : ((r as Record<string, unknown>)[k] ?? null))));
  const text = `insert into declaration_lines (${LINE_COLUMNS.map(([c]) => c).join(', ')}) select ${LINE_COLUMNS.map(([c]) => (c === 'codes' ? `string_to_array(u.${c}, ',')` : `u.${c}`)).join(', ')} from unnest(${LINE_COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')}) as u(${LINE_COLUMNS.map(([c]) => c).join(', ')})`;
  const buildMs = performance.now() - t0;
  await raw('begin', []);
  let unnestMs: number;
  try {
    await raw('delete from declaration_lines where declaration_id = $1', [decl!.id]);
    const t1 = performance.now();
    await raw(text, arrays);
    unnestMs = performance.now() - t1 + buildMs;
  } finally {
    await raw('rollback', []);
  }
  return {
    [`insert ${rows.length} lines as settle.ts (drizzle, batches of 1000)`]: drizzleMs,
    [`insert ${rows.length} lines as ONE unnest statement (21 array params)`]: unnestMs,
  };
}

export async function cpuProfile<T>(work: () => Promise<T>): Promise<{ value: T; cpu: Record<string, number> }> {
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
  const frame = new Map(
    profile.nodes.map((n) => [
      n.id,
      `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '')}`,
    ]),
  );
  const cpu: Record<string, number> = {};
  const functions: Record<string, number> = {};
  for (let i = 0; i < profile.samples.length; i++) {
    const c = byId.get(profile.samples[i]!) ?? 'other';
    cpu[c] = (cpu[c] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
    const f = frame.get(profile.samples[i]!) ?? '?';
    functions[f] = (functions[f] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
  }
  if (process.env.BENCH_SETTLE_TOP) {
    for (const [f, ms] of Object.entries(functions)
      .sort((a, b) => b[1] - a[1])
      .slice(0, Number(process.env.BENCH_SETTLE_TOP)))
      process.stderr.write(`    ${ms.toFixed(0).padStart(6)} ms  ${f}\n`);
  }
  return { value, cpu };
}

/** The phase a JavaScript gap before a statement of kind `next` belongs to. */
function gapPhase(next: string, index: number): string {
  if (index === 0) return 'JS: readFile + sha256 of the bytes';
  if (next === 'load region profile') return 'JS: validation + line collection (readDeclaration)';
  if (next === 'insert message + declaration (gzip) + JW325' || next === 'complete declaration + JW325')
    return 'JS: settling loop (settleLine x N) + JW325 answer + gzip';
  if (next === 'insert declaration_lines') return 'JS: settling loop (settleLine x N), line rows';
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

export function printProfile(label: string, m: Measurement) {
  const p = m.profile!;
  console.log(`\nwhere the time goes, ${label} (instrumented run with CPU profiler, wall ${sec(p.totalMs)}):`);
  for (const r of breakdown(p)) {
    if (r.ms < 5) continue;
    console.log(
      `  ${r.phase.padEnd(58)} ${sec(r.ms).padStart(9)}  ${((100 * r.ms) / p.totalMs).toFixed(1).padStart(5)}%${r.count > 1 ? `  (${r.count} statements)` : ''}`,
    );
  }
  const cpuTotal = Object.values(p.cpu).reduce((a, b) => a + b, 0);
  console.log(`  CPU profile of the main thread (self time, ${sec(cpuTotal)}):`);
  for (const [k, v] of Object.entries(p.cpu).sort((a, b) => b[1] - a[1])) {
    if (v < 5) continue;
    console.log(`    ${k.padEnd(56)} ${sec(v).padStart(9)}  ${((100 * v) / cpuTotal).toFixed(1).padStart(5)}%`);
  }
  console.log(
    `  timed separately on the same bytes: ${Object.entries(p.pieces)
      .map(([k, v]) => `${k} ${sec(v)}`)
      .join(', ')}`,
  );
  console.log(
    `  what-if (rolled back): ${Object.entries(p.whatIf)
      .map(([k, v]) => `${k} ${sec(v)}`)
      .join(';  ')}`,
  );
}
