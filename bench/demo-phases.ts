/**
 * Issue #14: where the time of one demo region's first start goes, phase by phase (population,
 * caseload, procedures, outcomes, contract changes, funding), with wall and CPU seconds of this
 * process (PGlite runs in it) and, with BENCH_SQL=1, the SQL statements that took the most time.
 *
 *   node dist/bench/demo-phases.js [region] [scale]     (default holland-rijnland 1)
 *
 * PGlite in memory by default; BENCH_DATA_DIR=<folder> uses a data folder as `npm start` does (an
 * existing folder keeps its population: with BENCH_SKIP_FUNDING=1 once, then copies of it, the
 * funding alone is measured on the same data).
 * BENCH_USE_CASES=1 makes the whole caseload through the access use cases (as before the bulk),
 * BENCH_SKIP_FUNDING=1 leaves the funding out, BENCH_SKIP_PREPARE=1 the prepared parts, BENCH_SKIP_AFTER=1 the steps
 * after the funding (a copy of such a folder then measures those steps alone: the funding is there).
 */
import { start, prepareDemoRegion } from '../src/app/startup.js';
import { ensureDemoRegion } from '../src/demo/region.js';
import { ensureDemoFunding } from '../src/demo/funding.js';
import { startDeclarationsWorker } from '../src/demo/funding-worker.js';
import { ensureDemoCases } from '../src/demo/cases.js';
import { ensureDemoProcurement } from '../src/demo/procurement.js';
import { ensureDemoOutcomes } from '../src/demo/outcomes.js';
import { ensureDemoContracts } from '../src/demo/contracts.js';
import { DEMO_SEED } from '../src/demo/region.js';
import { afterDemoFunding } from '../src/demo/funding-after.js';
import { readFileSync } from 'node:fs';

const TODAY = process.env.BENCH_TODAY ?? '2026-12-06';

/**
 * CPU seconds of the main thread alone (Linux: /proc/self/task/<pid>/stat, utime + stime in clock
 * ticks of 1/100 s): the thread PGlite runs on, which bounds the wall time on an idle machine (a
 * worker thread's CPU is in the process's CPU, not in this). Null elsewhere.
 */
function mainThreadCpu(): number | null {
  try {
    // schedstat: nanoseconds on the CPU (finer than stat's 10 ms ticks, so short statements add up right).
    const run = Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
    if (Number.isFinite(run)) return run / 1e9;
  } catch {
    // no schedstat: the ticks of stat below
  }
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const c0 = process.cpuUsage();
  const m0 = mainThreadCpu();
  const t0 = performance.now();
  const value = await fn();
  const c = process.cpuUsage(c0);
  const m1 = mainThreadCpu();
  console.log(
    `${name.padEnd(40)} ${((performance.now() - t0) / 1000).toFixed(1).padStart(7)} s wall ${((c.user + c.system) / 1e6).toFixed(1).padStart(7)} s CPU` +
      (m0 !== null && m1 !== null ? ` (main thread ${(m1 - m0).toFixed(1)} s)` : ''),
  );
  return value;
}

export async function benchDemoPhases(region = 'holland-rijnland', scale = 1): Promise<void> {
  const s = await timed('open + profiles', () =>
    start(
      { dataDir: process.env.BENCH_DATA_DIR ?? 'memory://' },
      // As `serve` starts: the population generated on the worker thread (BENCH_NO_WORKER=1: in this thread).
      process.env.BENCH_NO_WORKER ? { today: TODAY } : { today: TODAY, demo: [region], scales: { [region]: scale }, deferDemo: true, populateFirst: 0 },
    ),
  );
  const sqlTime = new Map<string, { ms: number; cpu: number; n: number }>();
  if (process.env.BENCH_SQL && s.database.driver.kind === 'pglite') {
    const wrap = (target: Record<string, unknown>) => {
      for (const m of ['query', 'exec']) {
        const orig = (target[m] as (...a: unknown[]) => Promise<unknown>).bind(target);
        target[m] = async (...a: unknown[]) => {
          const t0 = performance.now();
          const c0 = mainThreadCpu() ?? 0;
          try {
            return await orig(...a);
          } finally {
            const k = String(a[0]).replace(/\s+/g, ' ').slice(0, 110);
            const e = sqlTime.get(k) ?? { ms: 0, cpu: 0, n: 0 };
            e.ms += performance.now() - t0;
            e.cpu += (mainThreadCpu() ?? 0) - c0;
            e.n++;
            sqlTime.set(k, e);
          }
        };
      }
    };
    const client = s.database.driver.client as unknown as Record<string, unknown>;
    wrap(client);
    const transaction = (client.transaction as (f: (tx: unknown) => Promise<unknown>) => Promise<unknown>).bind(client);
    client.transaction = (f: (tx: unknown) => Promise<unknown>) =>
      transaction((tx) => {
        wrap(tx as Record<string, unknown>);
        return f(tx);
      });
  }
  const db = s.database.db;
  const printSql = (title: string) => {
    if (sqlTime.size === 0) return;
    let ms = 0,
      cpu = 0,
      n = 0;
    for (const v of sqlTime.values()) {
      ms += v.ms;
      cpu += v.cpu;
      n += v.n;
    }
    console.log(
      `  statements (${title}): ${n} taking ${(ms / 1000).toFixed(2)} s wall, ${cpu.toFixed(2)} s main-thread CPU; most main-thread CPU first (wall, CPU of the main thread):`,
    );
    for (const [k, v] of [...sqlTime].sort((a, b) => b[1].cpu - a[1].cpu).slice(0, Number(process.env.BENCH_SQL_TOP ?? 25)))
      console.log(`${(v.ms / 1000).toFixed(2).padStart(8)} s ${v.cpu.toFixed(2).padStart(6)} s ${String(v.n).padStart(6)}x ${k}`);
    sqlTime.clear();
  };
  const perPhase = (title: string) => {
    if (process.env.BENCH_SQL_PHASES) printSql(title);
  };
  try {
    await timed(`population ${region} ${scale}`, () =>
      ensureDemoRegion(db, region, { today: TODAY, scale, database: s.database, populations: s.demoPopulations }),
    );
    perPhase('population');
    if (!process.env.BENCH_SKIP_PREPARE) {
      // The parts of prepareDemoRegion one by one (each is made once: the last call only marks the region prepared).
      const cases = await timed('  caseload', () => ensureDemoCases(db, region, TODAY, DEMO_SEED, process.env.BENCH_USE_CASES ? { useCasesOnly: true } : {}));
      if (cases)
        console.log(
          `    ${cases.cases} cases (${cases.bulk ? `${cases.bulk.cases} in bulk, ${cases.cases - cases.bulk.cases}` : 'all'} through the use cases), ${cases.commands} commands`,
        );
      perPhase('caseload');
      await timed('  procurement procedures', () => ensureDemoProcurement(db, region, TODAY));
      perPhase('procurement');
      await timed('  outcomes', () => ensureDemoOutcomes(db, region, TODAY));
      await timed('  contract changes and dialogues', () => ensureDemoContracts(db, region, TODAY));
      perPhase('contract changes and dialogues');
      await timed('prepare (mark)', () => prepareDemoRegion(db, region, TODAY));
    }
    printSql('preparation');
    if (!process.env.BENCH_SKIP_FUNDING) {
      // As `serve` runs it (funding-runner.ts: the worker thread started before the plan is read).
      await timed('funding', () => ensureDemoFunding(db, region, TODAY, { stopEnded: true, startedWorker: startDeclarationsWorker() }));
      printSql('funding');
    }
    if (!process.env.BENCH_SKIP_FUNDING && !process.env.BENCH_SKIP_AFTER) {
      // What `serve` does once a region's funding is done (serve.ts onRegionDone: funding-after.ts).
      const facts = await timed('after funding (contracts, outcomes, KPI facts)', () => afterDemoFunding(db, region, TODAY));
      if (facts) console.log(`    KPI facts: ${facts.written} of ${facts.cells} cells written, ${facts.deleted} deleted`);
      printSql('after funding');
    }
  } finally {
    await s.demoPopulations?.close();
    await s.database.close();
  }
}

if (process.argv[1]?.endsWith('demo-phases.js')) await benchDemoPhases(process.argv[2], process.argv[3] ? Number(process.argv[3]) : undefined);
