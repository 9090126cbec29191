/**
 * Benchmark of declaration settlement (src/app/funding/settle.ts): a valid JW323 with 100,000
 * Prestatie lines (bench/jw323-generator.ts, 7 lines per client) is settled against matching
 * allocations and contract tariffs (inserted first, so every line is approved), on PGlite (a data
 * folder in tmp) and on PostgreSQL when DATABASE_URL is set. Baseline, measured in the same run
 * on the same file: validation only, `validateStream(createReadStream(file))` (the issue's goal:
 * settlement at most 3x validation alone).
 *
 * Every measurement runs in its own child process (`node --expose-gc`, as bench/ijw.ts): the
 * child opens the database (not timed), collects garbage, does the work and prints one JSON line.
 * Reported: lines per second, wall time, peak RSS (the process's high-water mark: a 50 ms sampler
 * rarely runs while synchronous work holds the event loop) and the ratio settle/validate of the
 * wall times.
 *
 * Then a profiling run per database on an identical copy of the prepared database: the driver is
 * wrapped to time every SQL statement (by kind), the gaps between statements are attributed to the
 * JavaScript phase they belong to (validation, the settling loop, gzip, building insert rows), and
 * a CPU profile (node:inspector) of the settleDeclaration call is summed per component
 * (bench/settlement-profile.ts). The database world is bench/settlement-world.ts.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/settlement.js     (BENCH_SETTLE_LINES=n to change N; BENCH_SETTLE_INPUT=buffer settles
 *   from the file read whole instead of from a stream of it)
 *
 * bench/run.ts can `import { benchSettlement } from './settlement.js'` and await it.
 */
import { spawn } from 'node:child_process';
import { cpSync, createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type Db } from '../src/db/database.js';
import { settleDeclaration, settleDeclarationStream } from '../src/app/funding/settle.js';
import { start } from '../src/app/startup.js';
import { validateMessage, validateStream } from '../src/ijw/validate.js';
import { writeJw323 } from './jw323-generator.js';
import { AGB, BENCH_MONTH, BENCH_NOW, BENCH_TODAY, GEMEENTE, insertJw323World, PER_CLIENT, REGION } from './settlement-world.js';
import {
  breakdown,
  cpuProfile,
  insertWhatIf,
  MB,
  openInstrumented,
  printProfile,
  sec,
  type BreakdownRow,
  type Measurement,
  type Mode,
  type RawQuery,
  type Statement,
  type Target,
} from './settlement-profile.js';

export { BENCH_MONTH, BENCH_NOW, BENCH_TODAY, insertJw323World } from './settlement-world.js';

const THIS_FILE = fileURLToPath(import.meta.url);

/** How the settle measurement hands over the message: 'stream' (default, as the CLI and the HTTP route) or 'buffer' (read whole first). */
const SETTLE_INPUT = process.env.BENCH_SETTLE_INPUT === 'buffer' ? 'buffer' : 'stream';

// ------------------------------------------------------------------------------------------------
// Measurements (child processes)

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
  const cpu0 = process.cpuUsage();
  let out: Partial<Measurement>;
  try {
    if (mode === 'validate') {
      const v = await validateStream(createReadStream(file), { today: BENCH_TODAY });
      out = { verdict: { valid: v.valid, findings: v.findings.length } };
    } else if (mode === 'settle') {
      try {
        // As the CLI and the HTTP route settle: from a stream of the file (BENCH_SETTLE_INPUT=buffer: the whole file read first).
        const r =
          SETTLE_INPUT === 'buffer'
            ? await settleDeclaration(database!.db, REGION, readFileSync(file), BENCH_NOW)
            : await settleDeclarationStream(database!.db, REGION, createReadStream(file), BENCH_NOW);
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
      out = {
        result: { approvedCents: r.approvedCents, rejected: r.rejected, lines: r.lines, duplicate: r.duplicate },
        profile: { totalMs, statements: settledStatements, cpu, pieces, whatIf },
      };
    }
  } finally {
    clearInterval(sampler);
  }
  const ms = out.profile?.totalMs ?? performance.now() - t0;
  const cpuUsed = process.cpuUsage(cpu0);
  const cpuMs = (cpuUsed.user + cpuUsed.system) / 1000;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  await database?.close();
  if (
    !out.error &&
    out.result &&
    (out.result.lines !== expectedLines || out.result.rejected !== 0 || out.result.approvedCents !== totaal || out.result.duplicate)
  ) {
    throw new Error(`settlement did not approve every line: ${JSON.stringify(out.result)} (expected ${expectedLines} lines, ${totaal} cents)`);
  }
  // The sampler rarely runs while settlement or validation hold the event loop (PGlite is synchronous
  // WASM): the kernel's high-water mark (VmHWM, maxRSS) is the honest peak. It includes opening the
  // database, which peaks lower than the work itself.
  const maxRss = process.resourceUsage().maxRSS * 1024;
  return { mode, lines: expectedLines, ms, cpuMs, peakRss: Math.max(peakRss, maxRss), startRss, maxRss, samples, ...out };
}

function runChild(mode: Mode, target: Target | undefined, file: string, lines: number, totaal: number): Promise<Measurement> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', THIS_FILE, '--measure', mode, JSON.stringify(target ?? null), file, String(lines), String(totaal)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
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
const perSecond = (m: Measurement) => m.lines / (m.ms / 1000);

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
        `settle JW323 ${int(n)} lines on ${t.db.padEnd(10)} ${int(perSecond(settle))} lines/s  ${sec(settle.ms)}  cpu ${sec(settle.cpuMs ?? 0)}  peak RSS ${mb(settle.peakRss)} (high-water mark; after open ${mb(settle.startRss)}: settling adds ${mb(settle.peakRss - settle.startRss)}, goal < 150 MB on PGlite; ${SETTLE_INPUT === 'buffer' ? `of which the message itself ${mb(d.bytes)} read by the caller` : 'the message read as a stream'})` +
          `   baseline validate-only ${int(perSecond(d.validate))} lines/s  ${sec(d.validate.ms)}  cpu ${sec(d.validate.cpuMs ?? 0)}  peak RSS ${mb(d.validate.peakRss)}   ratio ${ratio.toFixed(2)}x (goal <= 3x)`,
      );
      let profile: Measurement | undefined;
      if (withProfile) {
        profile = await runChild('profile', t.copy, d.file, n, d.totaal);
        if (profile.error) throw new Error(`profiling run failed: ${profile.error}`);
        printProfile(`${t.db}, ${int(n)} lines`, profile);
      }
      runs.push({
        db: t.db,
        lines: n,
        ...(failed ? { failed } : {}),
        validate: d.validate,
        settle,
        ...(profile ? { profile } : {}),
        ratio,
        breakdown: profile ? breakdown(profile.profile!) : [],
      });
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
    if ((mode !== 'validate' && mode !== 'settle' && mode !== 'profile') || !file)
      throw new Error('usage: settlement.js --measure validate|settle|profile TARGET FILE LINES TOTAAL');
    console.log(JSON.stringify(await measure(mode, JSON.parse(target!) as Target | undefined, file, Number(lines), Number(totaal))));
  } else {
    console.log(`settlement benchmark (${new Date().toISOString()}, node ${process.version})`);
    await benchSettlement();
  }
}
