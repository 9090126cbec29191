/**
 * The KPI facts computed on a worker thread (src/app/steering/facts-worker.ts, issue #14: PGlite's
 * main thread only reads the care register and writes the facts). The worker runs only from the
 * BUILT code (under vitest the TypeScript sources have no compiled worker file and the text is made
 * in the thread, which the other KPI tests cover), so this test runs dist/: beforeAll builds it with
 * `npx tsc -p tsconfig.json` when it is missing or older than src/.
 *
 * Expected: the COPY text the worker sends back, piece by piece, is exactly the text factsCopyText
 * makes in this thread from the same source data (the same pure measures), and a full refresh through the worker
 * stores one kpi_facts row per line of that text.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';

type Startup = typeof import('../../src/app/startup.js');
type FactsStore = typeof import('../../src/app/steering/facts-store.js');
type FactsWorker = typeof import('../../src/app/steering/facts-worker.js');
type RegionCatalogue = typeof import('../../src/app/steering/region-catalogue.js');

const TODAY = '2026-12-06';
const DIST = join(PROJECT_ROOT, 'dist', 'src');

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when the compiled worker is missing or older than any source in src/. */
function ensureBuilt(): void {
  const out = join(DIST, 'app', 'steering', 'facts-worker.js');
  const stale = () => !existsSync(out) || statSync(out).mtimeMs < newestSource(join(PROJECT_ROOT, 'src'));
  if (!stale()) return;
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: PROJECT_ROOT, stdio: 'pipe' });
  } catch (e) {
    // tsc still emits with type errors (others may be editing src/); only a missing output is fatal.
    if (stale())
      throw new Error(`npx tsc -p tsconfig.json did not produce an up-to-date dist/: ${String((e as { stdout?: Buffer }).stdout ?? e)}`, { cause: e });
  }
}

const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(DIST, path)).href)) as T;

/** The pieces as they come (from the worker: an async iterable). */
async function collect(pieces: Iterable<string> | AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const p of pieces) out.push(p);
  return out;
}

let startup: Startup;
let store: FactsStore;
let facts: FactsWorker;
let catalogues: RegionCatalogue;
let started: Awaited<ReturnType<Startup['start']>>;

beforeAll(async () => {
  ensureBuilt();
  [startup, store, facts, catalogues] = await Promise.all([
    load<Startup>('app/startup.js'),
    load<FactsStore>('app/steering/facts-store.js'),
    load<FactsWorker>('app/steering/facts-worker.js'),
    load<RegionCatalogue>('app/steering/region-catalogue.js'),
  ]);
  // A small WBO demo: population, caseload (access cases), outcomes.
  started = await startup.start({ dataDir: 'memory://' }, { today: TODAY, demo: ['wbo'], scale: 0.03 });
}, 180_000);

afterAll(async () => {
  await facts?.stopFactsWorker();
  await started?.database.close();
});

describe('KPI facts on a worker thread (built code)', () => {
  it('the compiled worker is there', () => {
    expect(facts.factsWorkerAvailable()).toBe(true);
  });

  it('sends back exactly the COPY text this thread makes from the same source data', async () => {
    const db = started.database.db;
    const catalogue = await catalogues.regionCatalogue(db, 'wbo');
    const data = await db.transaction((tx) => store.loadSourceData(tx, 'wbo'));
    expect(data.trajectories.length).toBeGreaterThan(100);
    const input = { regionId: 'wbo', indicators: catalogue.indicatoren, data, today: TODAY };
    const here = facts.factsCopyText(input);
    const there = await collect(facts.factsCopyPiecesOffThread(input));
    expect(there.join('').split('\n').length).toBeGreaterThan(1000);
    // More than one piece: the writes start before the last facts are computed.
    expect(there.length).toBeGreaterThan(1);
    expect(there).toEqual(here);
    // A second refresh uses the same worker; a date further back gives other (fewer or equal) facts.
    const earlier = await collect(facts.factsCopyPiecesOffThread({ ...input, today: '2025-06-30' }));
    expect(earlier).toEqual(facts.factsCopyText({ ...input, today: '2025-06-30' }));
    expect(earlier.join('').length).toBeLessThan(here.join('').length);
  });

  it('a full refresh through the worker stores one row per line of the text', async () => {
    const db = started.database.db;
    const catalogue = await catalogues.regionCatalogue(db, 'wbo');
    const data = await db.transaction((tx) => store.loadSourceData(tx, 'wbo'));
    const lines = facts
      .factsCopyText({ regionId: 'wbo', indicators: catalogue.indicatoren, data, today: TODAY })
      .join('')
      .split('\n')
      .filter((l) => l !== '');
    await store.refreshFacts(db, 'wbo', TODAY);
    const client = started.database.driver.kind === 'pglite' ? started.database.driver.client : null;
    const r = await client!.query<{ n: number; sum: number }>(`select count(*)::int as n, sum(den)::int as sum from kpi_facts where region_id = 'wbo'`);
    expect(r.rows[0]!.n).toBe(lines.length);
    expect(r.rows[0]!.sum).toBe(lines.reduce((a, l) => a + Number(l.split('\t')[10]), 0));
  });
});
