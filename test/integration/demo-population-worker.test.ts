/**
 * The demo populations generated on a worker thread (src/demo/population-worker.ts, issue #14: the
 * main thread only writes them). The worker runs only from the BUILT code (under vitest the
 * TypeScript sources have no compiled worker file and generate in the thread), so this test runs
 * dist/: beforeAll builds it with `npx tsc -p tsconfig.json` when it is missing or older than src/.
 *
 * Expected: the rows the worker hands over, prepared to write (preparePopulation: the COPY text of
 * the large tables and the pseudonyms, made on the worker with this process's pseudonym key), are
 * exactly what this thread prepares from the rows generateRegion makes here from the stored profile
 * (the same generator, seed and options), and ensureDemoRegion writes them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';

type Startup = typeof import('../../src/app/startup.js');
type Region = typeof import('../../src/demo/region.js');
type Generator = typeof import('../../src/demo/generator.js');
type Landscape = typeof import('../../src/app/landscape.js');
type DemoParams = typeof import('../../src/app/profiles/demo-parameters.js');
type PopulationWorker = typeof import('../../src/demo/population-worker.js');
type Population = typeof import('../../src/demo/population.js');
type Pseudonym = typeof import('../../src/app/pseudonym.js');

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
  const out = join(DIST, 'demo', 'population-worker.js');
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

let startup: Startup;
let region: Region;
let generator: Generator;
let landscape: Landscape;
let demoParams: DemoParams;
let worker: PopulationWorker;
let population: Population;
let pseudonym: Pseudonym;
let started: Awaited<ReturnType<Startup['start']>>;
const scales = { wbo: 0.02, 'regio-2021': 0.05 };

beforeAll(async () => {
  ensureBuilt();
  [startup, region, generator, landscape, demoParams, worker, population, pseudonym] = await Promise.all([
    load<Startup>('app/startup.js'),
    load<Region>('demo/region.js'),
    load<Generator>('demo/generator.js'),
    load<Landscape>('app/landscape.js'),
    load<DemoParams>('app/profiles/demo-parameters.js'),
    load<PopulationWorker>('demo/population-worker.js'),
    load<Population>('demo/population.js'),
    load<Pseudonym>('app/pseudonym.js'),
  ]);
  // Profiles stored, no population written yet: every demo region is a job of the worker.
  started = await startup.start({ dataDir: 'memory://' }, { today: TODAY, demo: ['wbo', 'regio-2021'], scales, deferDemo: true, populateFirst: 0 });
}, 180_000);

afterAll(async () => {
  await started?.demoPopulations?.close();
  await started?.database.close();
});

describe('demo populations on a worker thread (built code)', () => {
  it('the compiled worker is there, so start() hands the populations to it', () => {
    expect(worker.populationWorkerAvailable()).toBe(true);
    expect(started.demoPopulations).not.toBeNull();
    expect(started.demo).toEqual([]);
  });

  it('hands over exactly the rows generateRegion makes in this thread from the stored profile, prepared as here', async () => {
    const db = started.database.db;
    const options = { seed: region.DEMO_SEED, today: TODAY, scale: scales.wbo };
    // Other options than the job's (another seed): not this job's rows, the caller generates itself.
    expect(started.demoPopulations!.take('wbo', { ...options, seed: 1 })).toBeNull();
    const fromWorker = await started.demoPopulations!.take('wbo', options);
    const here = generator.generateRegion(await landscape.loadRegionProfile(db, 'wbo'), demoParams.loadDemoParameters('wbo'), options);
    expect(fromWorker!.youths.rest.length).toBeGreaterThan(100);
    expect(fromWorker).toEqual(population.preparePopulation('wbo', here, (bsn) => pseudonym.pseudonymise(bsn)));
    // The pseudonyms in the text are this process's (the worker got its key), not another key's.
    const first = here.youths[0]!;
    expect(fromWorker!.youths.rest[0]!.split('\t').slice(1, 3)).toEqual([first.bsn, pseudonym.pseudonymise(first.bsn)]);
    // Taken once: a second take (or a region that was no job) gets null.
    expect(started.demoPopulations!.take('wbo', options)).toBeNull();
    expect(started.demoPopulations!.take('haaglanden', options)).toBeNull();
  });

  it('ensureDemoRegion writes the worker rows of the next region (counts as generated here)', async () => {
    const db = started.database.db;
    const options = { seed: region.DEMO_SEED, today: TODAY, scale: scales['regio-2021'] };
    const here = generator.generateRegion(await landscape.loadRegionProfile(db, 'regio-2021'), demoParams.loadDemoParameters('regio-2021'), options);
    const counts = await region.ensureDemoRegion(db, 'regio-2021', {
      today: TODAY,
      scale: scales['regio-2021'],
      database: started.database,
      populations: started.demoPopulations,
    });
    expect(counts).toEqual({
      providers: here.providers.length,
      contracts: here.contracts.length,
      families: here.families.length,
      youths: here.youths.length,
      trajectories: here.trajectories.length,
    });
    const client = started.database.driver.kind === 'pglite' ? started.database.driver.client : null;
    const r = await client!.query<{ bsns: string[]; pseudonyms: string[]; families: string[] }>(
      `select array_agg(y.bsn order by y.id) as bsns, array_agg(y.pseudonym order by y.id) as pseudonyms,
         array_agg(f.postcode || ' ' || f.huisnummer order by y.id) as families
       from youths y join families f on f.id = y.family_id where y.region_id = 'regio-2021'`,
    );
    expect(r.rows[0]!.bsns).toEqual(here.youths.map((y) => y.bsn));
    expect(r.rows[0]!.pseudonyms).toEqual(here.youths.map((y) => pseudonym.pseudonymise(y.bsn)));
    // Each youth with its own family (the family ids put in front of the prepared text).
    expect(r.rows[0]!.families).toEqual(
      here.youths.map((y) => {
        const f = here.families[y.familyKey - 1]!;
        return `${f.address.postcode} ${f.address.huisnummer}`;
      }),
    );
    const t = await client!.query<{ youth: string; start: string }>(
      `select y.bsn as youth, to_char(t.start_date, 'YYYY-MM-DD') as start from trajectories t join youths y on y.id = t.youth_id
       where t.region_id = 'regio-2021' order by t.id`,
    );
    expect(t.rows.map((x) => `${x.youth} ${x.start}`)).toEqual(here.trajectories.map((x) => `${here.youths[x.youthKey - 1]!.bsn} ${x.startDate}`));
  });

  it('a region the generator refuses rejects its take with the generator message', async () => {
    const db = started.database.db;
    const profile = await landscape.loadRegionProfile(db, 'wbo');
    const pops = worker.populationsOnWorker(
      [
        {
          regionId: 'geen-gemeenten',
          profile: { ...profile, gemeenten: [] },
          params: demoParams.loadDemoParameters('wbo'),
          options: { seed: 1, today: TODAY },
        },
      ],
      { pseudonymKey: pseudonym.pseudonymKey() },
    );
    await expect(pops!.take('geen-gemeenten', { seed: 1, today: TODAY })).rejects.toThrow(/geen-gemeenten: region wbo lists no municipalities/);
    await pops!.close();
  });
});
