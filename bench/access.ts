/**
 * Benchmark of the access worklist: GET /api/v1/regions/wbo/worklist (Fastify inject, logged in
 * as the local team toegang.wbo) with 2,000 open cases in one municipality (Breda). The cases are
 * made through the access use cases (registerHelpRequest, applyCaseCommand) by the demo caseload
 * builder in a PGlite memory database, so they carry realistic states, timelines and signals.
 * Baseline, measured in the same run and interleaved with the worklist requests: GET /api/v1/health.
 * Reported: the median of BENCH_ACCESS_RUNS (default 25, at least 20) requests of each, and the ratio.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/access.js        (BENCH_ACCESS_CASES=n to change 2,000)
 *
 * bench/run.ts can `import { benchAccess } from './access.js'` and await it. It throws when the
 * worklist does not answer 200 with one row per open case.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { start } from '../src/app/startup.js';
import { ensureDemoRegion } from '../src/demo/region.js';
import { ensureDemoCases } from '../src/demo/cases.js';
import { applyCaseCommand } from '../src/app/access/cases.js';
import { buildServer } from '../src/api/server.js';
import { cases, users } from '../src/db/schema.js';
import type { Role, UserScope } from '../src/domain/access/roles.js';

const THIS_FILE = fileURLToPath(import.meta.url);
const TODAY = '2026-11-22';
const REGION = 'wbo';

export interface AccessBenchResult {
  openCases: number;
  municipalityCode: string;
  setupMs: number;
  commands: number;
  runs: number;
  worklistMs: number[];
  baselineMs: number[];
  worklistMedian: number;
  baselineMedian: number;
  ratio: number;
  responseBytes: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const int = (n: number) => Math.round(n).toLocaleString('en-US');

export async function benchAccess(opts: { cases?: number; runs?: number } = {}): Promise<AccessBenchResult> {
  const target = opts.cases ?? Number(process.env.BENCH_ACCESS_CASES ?? 2000);
  const runs = Math.max(20, opts.runs ?? Number(process.env.BENCH_ACCESS_RUNS ?? 25));
  const t0 = performance.now();
  const s = await start({ dataDir: 'memory://' }, { today: TODAY });
  try {
    const db = s.database.db;
    // Enough demo youths for the cases in the demo municipality (Breda has about half of WBO).
    await ensureDemoRegion(db, REGION, { today: TODAY, scale: Math.max(0.05, target / 8000) });
    const made = await ensureDemoCases(db, REGION, TODAY, 1, { count: target, openOnly: true });
    if (!made) throw new Error('no demo cases were made (the region has no demo users?)');
    const [u] = await db
      .select()
      .from(users)
      .where(eq(users.username, `toegang.${REGION}`));
    const team: UserScope = {
      userId: u!.id,
      username: u!.username,
      role: u!.role as Role,
      regionId: u!.regionId,
      municipalityCode: u!.municipalityCode,
      providerId: u!.providerId,
    };
    const openWhere = and(eq(cases.regionId, REGION), eq(cases.municipalityCode, team.municipalityCode!), ne(cases.status, 'afgesloten'));
    // A kind of case can make two (siblings): close the surplus newest help requests, through the use case.
    const surplus =
      Number(
        (
          await db
            .select({ n: sql<number>`count(*)::int` })
            .from(cases)
            .where(openWhere)
        )[0]!.n,
      ) - target;
    if (surplus > 0) {
      const newest = await db
        .select({ id: cases.id })
        .from(cases)
        .where(and(openWhere, inArray(cases.status, ['aangemeld', 'verheldering'])))
        .orderBy(sql`${cases.id} desc`)
        .limit(surplus);
      for (const c of newest) await applyCaseCommand(db, team, REGION, c.id, { type: 'afsluiten', waakvlam: false }, new Date(`${TODAY}T10:00:00Z`));
    }
    const openCases = Number(
      (
        await db
          .select({ n: sql<number>`count(*)::int` })
          .from(cases)
          .where(openWhere)
      )[0]!.n,
    );
    const setupMs = performance.now() - t0;
    console.log(
      `setup: ${int(openCases)} open cases in municipality ${team.municipalityCode} through the use cases (${int(made.commands)} commands) in ${(setupMs / 1000).toFixed(1)} s`,
    );

    const app = await buildServer({ database: s.database, now: () => new Date(`${TODAY}T09:00:00Z`) });
    try {
      const login = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: team.username, password: 'demo' } });
      const headers = { authorization: `Bearer ${login.json().token}` };
      const get = async (url: string, auth = true) => {
        const t = performance.now();
        const res = await app.inject({ url, ...(auth ? { headers } : {}) });
        const ms = performance.now() - t;
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        return { ms, res };
      };
      const first = await get(`/api/v1/regions/${REGION}/worklist`);
      const rows = first.res.json().rows.length;
      if (rows !== openCases) throw new Error(`the worklist has ${rows} rows for ${openCases} open cases`);
      for (let i = 0; i < 3; i++) await get('/api/v1/health', false); // warm-up (the worklist warmed up above)
      const worklistMs: number[] = [];
      const baselineMs: number[] = [];
      for (let i = 0; i < runs; i++) {
        baselineMs.push((await get('/api/v1/health', false)).ms);
        worklistMs.push((await get(`/api/v1/regions/${REGION}/worklist`)).ms);
      }
      const worklistMedian = median(worklistMs);
      const baselineMedian = median(baselineMs);
      const ratio = worklistMedian / baselineMedian;
      console.log(
        `worklist ${int(openCases)} open cases  median ${worklistMedian.toFixed(1)} ms  baseline ${baselineMedian.toFixed(2)} ms  ratio ${ratio.toFixed(0)}x`,
      );
      console.log(
        `  (${runs} requests each, interleaved; worklist min ${Math.min(...worklistMs).toFixed(1)} ms, max ${Math.max(...worklistMs).toFixed(1)} ms, response ${(first.res.body.length / 1024 / 1024).toFixed(1)} MB)`,
      );
      return {
        openCases,
        municipalityCode: team.municipalityCode!,
        setupMs,
        commands: made.commands,
        runs,
        worklistMs,
        baselineMs,
        worklistMedian,
        baselineMedian,
        ratio,
        responseBytes: first.res.body.length,
      };
    } finally {
      await app.close();
    }
  } finally {
    await s.database.close();
  }
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === THIS_FILE;
if (isMain) {
  console.log(`access worklist benchmark (${new Date().toISOString()}, node ${process.version})`);
  await benchAccess();
}
