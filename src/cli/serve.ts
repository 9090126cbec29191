import cluster from 'node:cluster';
import type { Command } from 'commander';
import { defaultOpenOptions, openDatabase, type OpenOptions } from '../db/database.js';
import { forgetSessions, onSessionsForgotten, type ForgetSessions } from '../app/auth.js';
import { configurePseudonymKey } from '../app/pseudonym.js';
import type { SecurityConfig } from '../api/config.js';
import { prepareDemoRegion, start } from '../app/startup.js';
import { ensureDemoRegion } from '../demo/region.js';
import { formatProblem } from '../app/profiles/profile-store.js';
import { buildServer } from '../api/server.js';
import { securityFromEnv } from '../api/config.js';
import { runDemoFunding } from '../demo/funding-runner.js';
import { afterDemoFunding } from '../demo/funding-after.js';
import { dutchDate } from '../domain/dates.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('start the API and the web app (embedded PGlite unless DATABASE_URL is set)')
    .option('--data <dir>', 'PGlite data folder (default ./data or $REGIEKAMER_DATA)')
    .option('--port <n>', 'port', (v) => Number(v), 3000)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option(
      '--workers <n>',
      'API processes sharing the port (node:cluster; PostgreSQL only, sessions are in the database; each has its own pool of DATABASE_POOL_SIZE connections)',
      (v) => Number(v),
      1,
    )
    .option(
      '--demo <regions>',
      'generate the demo population of these regions (comma-separated; region:scale for a scale of its own) on first start and enable demo accounts',
    )
    .option(
      '--demo-funding <regions>',
      'demo regions that get funding data (tariffs, allocations, schedules, ceilings, declarations settled through the settlement); default: every --demo region, settled in the background once the server listens',
    )
    .option('--no-demo-funding', 'no demo funding data')
    .option('--demo-funding-years <n>', 'full years of declared history before the current one (default: 3 for a region with risk equalisation, else 1)', (v) =>
      Number(v),
    )
    .option('--demo-scale <x>', 'scale of the demo population (1 = the seed volumes; tests use less)', (v) => Number(v), 1)
    .option(
      '--today <date>',
      'run as if today were this calendar date YYYY-MM-DD (the clock keeps ticking from there); for demonstrations and deterministic browser tests',
    )
    .action(
      async (opts: {
        data?: string;
        port: number;
        host: string;
        demo?: string;
        demoScale: number;
        demoFunding?: string | boolean;
        demoFundingYears?: number;
        today?: string;
        workers: number;
      }) => {
        if (!Number.isInteger(opts.workers) || opts.workers < 1 || opts.workers > 64)
          throw new Error(`--workers must be a whole number 1..64, got ${opts.workers}`);
        if (opts.workers > 1 && !process.env.DATABASE_URL)
          throw new Error('--workers needs PostgreSQL (DATABASE_URL): PGlite is one process with one connection');
        if (cluster.isWorker) return serveWorker(opts, securityFromEnv(process.env), defaultOpenOptions(process.env, opts.data));
        if (!(opts.demoScale > 0 && opts.demoScale <= 10)) throw new Error(`--demo-scale must be a number in (0, 10], got ${opts.demoScale}`);
        if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error(`--port must be a port number, got ${opts.port}`);
        const security = securityFromEnv(process.env);
        const open = defaultOpenOptions(process.env, opts.data);
        console.log(`Database: ${open.url ? 'PostgreSQL' : `PGlite in ${open.dataDir}`}`);
        if (opts.demo) console.log(`Preparing demo region ${opts.demo} (first start generates several years of data; this takes a minute)...`);
        const t0 = Date.now();
        const entries = opts.demo
          ? opts.demo
              .split(',')
              .map((r) => r.trim())
              .filter(Boolean)
          : [];
        const demo = entries.map((e) => e.split(':')[0]!);
        const scales: Record<string, number> = {};
        for (const e of entries.filter((x) => x.includes(':'))) {
          const [id, value] = e.split(':') as [string, string];
          const scale = Number(value);
          if (!(scale > 0 && scale <= 10)) throw new Error(`--demo ${e}: the scale must be a number in (0, 10]`);
          scales[id] = scale;
        }
        const demoFunding =
          opts.demoFunding === false
            ? []
            : typeof opts.demoFunding === 'string'
              ? opts.demoFunding
                  .split(',')
                  .map((r) => r.trim())
                  .filter(Boolean)
              : demo;
        for (const r of demoFunding) if (!demo.includes(r)) throw new Error(`--demo-funding ${r}: de regio moet ook bij --demo staan`);
        if (opts.demoFundingYears !== undefined && !(Number.isInteger(opts.demoFundingYears) && opts.demoFundingYears >= 0 && opts.demoFundingYears <= 10))
          throw new Error(`--demo-funding-years must be a whole number 0..10, got ${opts.demoFundingYears}`);
        const clock = shiftedClock(opts.today);
        const today = dutchDate(clock());
        // Only the populations and accounts before listening; the rest of the demo follows in the background.
        // The first region is usable once the server listens; the other regions' populations follow.
        const s = await start(open, { demo, scale: opts.demoScale, scales, today, deferDemo: true, populateFirst: 1 });
        for (const p of s.profileProblems) console.warn(`profile problem: ${formatProblem(p)}`);
        for (const d of s.demo) if (d.generated) console.log(`Generated demo region ${d.regionId}: ${JSON.stringify(d.generated)}`);
        console.log(`Ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        const app =
          opts.workers > 1 ? null : await buildServer({ database: s.database, demo: demo.length > 0, security, ...(opts.today ? { now: clock } : {}) });
        const shutdown = async () => {
          for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
          await app?.close();
          await s.database.close();
          process.exit(0);
        };
        process.once('SIGINT', () => void shutdown());
        process.once('SIGTERM', () => void shutdown());
        const address = app ? await app.listen({ port: opts.port, host: opts.host }) : await startWorkers(opts.workers, demo.length > 0, opts.port, opts.host);
        const url = address.replace('127.0.0.1', 'localhost');
        if (demo.length === 0)
          console.log(
            'Productiemodus: demo-accounts zijn uitgeschakeld; beheer accounts met `regiekamer users`' +
              (security.oidc ? ' of log in via uw organisatie (OpenID Connect).' : '.'),
          );
        console.log(`Regiekamer Jeugd is running at ${url}/${demo[0] ? `regio/${demo[0]}` : ''}`);
        if (demo[0]) console.log(`Demo accounts: <rol>.<regio> (e.g. contractmanager.${demo[0]}), password "demo"`);
        if (demo.length > 0) {
          // Prepared in the background (each part exactly once, resumable), region after region:
          // caseload, procurement, outcomes and contract changes, then the funding history.
          const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));
          if (demoFunding.length > 0)
            console.log(`Demo funding for ${demoFunding.join(', ')}: settling declarations in the background (progress in Financiën)...`);
          void (async () => {
            // Populations first (logins and lists of every region), then the rest region by region.
            for (const regionId of demo.slice(1)) {
              try {
                const generated = await ensureDemoRegion(s.database.db, regionId, {
                  today,
                  scale: scales[regionId] ?? opts.demoScale,
                  database: s.database,
                  populations: s.demoPopulations,
                });
                if (generated) console.log(`Generated demo region ${regionId}: ${JSON.stringify(generated)}`);
                await yieldToRequests();
              } catch (e) {
                console.log(`Demo preparation ${regionId} failed: ${e instanceof Error ? e.message : String(e)}`);
              }
            }
            for (const regionId of demo) {
              try {
                const t1 = Date.now();
                const p = await prepareDemoRegion(s.database.db, regionId, today, { between: yieldToRequests });
                console.log(
                  p.prepared
                    ? `Demo prepared ${regionId}: ${p.cases?.cases ?? 0} cases, procedures, outcomes and contract changes in ${((Date.now() - t1) / 1000).toFixed(1)} s`
                    : `Demo prepared ${regionId}: present`,
                );
              } catch (e) {
                console.log(`Demo preparation ${regionId} failed: ${e instanceof Error ? e.message : String(e)}`);
              }
            }
            if (demoFunding.length === 0) return;
            await runDemoFunding(s.database.db, demoFunding, today, {
              ...(opts.demoFundingYears !== undefined ? { historyYears: opts.demoFundingYears } : {}),
              log: (line) => console.log(line),
              // Development partners from last year's turnover, outcomes of the funding's allocations, KPI facts (funding-after.ts).
              onRegionDone: async (regionId) => {
                await afterDemoFunding(s.database.db, regionId, today);
              },
            });
          })();
        }
      },
    );
}

/** A message between the API processes of `serve --workers`: a session ended in one is forgotten by all at once. */
interface ForgetMessage {
  rk: 'forget-sessions';
  which: ForgetSessions;
}
const isForget = (m: unknown): m is ForgetMessage => typeof m === 'object' && m !== null && (m as ForgetMessage).rk === 'forget-sessions';

/**
 * `serve --workers N`: this (primary) process prepared the database and runs the demo's background
 * work; N worker processes answer the requests on the shared port. A worker that dies is replaced.
 */
async function startWorkers(n: number, demo: boolean, port: number, host: string): Promise<string> {
  const env = { RK_SERVE_DEMO: demo ? '1' : '' };
  let listening = 0;
  const ready = new Promise<void>((resolve) =>
    cluster.on('listening', () => {
      if (++listening === n) resolve();
    }),
  );
  // A session ended in one worker: every other worker forgets it too.
  cluster.on('message', (from, message: unknown) => {
    if (!isForget(message)) return;
    for (const w of Object.values(cluster.workers ?? {})) if (w && w.id !== from.id) w.send(message);
  });
  cluster.on('exit', (w, code, signal) => {
    if (signal === 'SIGTERM' || code === 0) return;
    console.log(`API worker ${w.process.pid} stopped (${signal ?? code}); starting another`);
    cluster.fork(env);
  });
  for (let i = 0; i < n; i++) cluster.fork(env);
  await ready;
  console.log(`${n} API workers (node:cluster) on one port`);
  return `http://${host}:${port}`;
}

/** One API process of `serve --workers N`: opens the (already migrated) database and listens on the shared port. */
async function serveWorker(opts: { port: number; host: string; today?: string }, security: SecurityConfig, open: OpenOptions): Promise<void> {
  configurePseudonymKey(process.env, open.dataDir);
  const database = await openDatabase(open);
  const clock = shiftedClock(opts.today);
  const app = await buildServer({ database, demo: process.env.RK_SERVE_DEMO === '1', security, ...(opts.today ? { now: clock } : {}) });
  onSessionsForgotten((which) => process.send?.({ rk: 'forget-sessions', which } satisfies ForgetMessage));
  process.on('message', (message: unknown) => {
    if (isForget(message)) forgetSessions(database.db, message.which, true);
  });
  process.once('SIGTERM', () => void app.close().then(() => database.close().then(() => process.exit(0))));
  await app.listen({ port: opts.port, host: opts.host });
}

/**
 * The clock of the server: the real one, or with `--today D` one that starts at D (at the current
 * time of day) and keeps ticking, so sessions and clocks in hours behave as usual.
 */
export function shiftedClock(today: string | undefined): () => Date {
  if (today === undefined) return () => new Date();
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(today) ||
    Number.isNaN(Date.parse(`${today}T00:00:00Z`)) ||
    new Date(`${today}T00:00:00Z`).toISOString().slice(0, 10) !== today
  ) {
    throw new Error(`--today moet een bestaande datum JJJJ-MM-DD zijn, niet ${today}`);
  }
  const real = new Date();
  const offset = Date.parse(`${today}T00:00:00Z`) - Date.parse(`${real.toISOString().slice(0, 10)}T00:00:00Z`);
  return () => new Date(Date.now() + offset);
}
