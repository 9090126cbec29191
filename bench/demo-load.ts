/**
 * Issue #14, demo loading against in-run baselines, in this process on PGlite in memory: the
 * population written with COPY (src/demo/) against the batched inserts it replaced, and the demo
 * funding settled per period in batches (settle-batch.ts) against declaration by declaration
 * (settleDeclaration). Wall time and CPU time of this process (PGlite runs in it), so the figures
 * mean something on a machine shared with other work.
 *
 *   node dist/bench/demo-load.js [region] [scale]     (default wbo 0.25)
 */
import { start } from '../src/app/startup.js';
import { ensureDemoRegion, DEMO_SEED } from '../src/demo/region.js';
import { loadDemoParameters } from '../src/app/profiles/demo-parameters.js';
import { ensureDemoFunding } from '../src/demo/funding.js';
import { generateRegion } from '../src/demo/generator.js';
import { loadRegionProfile } from '../src/app/landscape.js';

const TODAY = '2026-11-22';

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { value, wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}
const s = (x: { wall: number; cpu: number }) => `${x.wall.toFixed(1)} s wall, ${x.cpu.toFixed(1)} s CPU`;

export async function benchDemoLoad(region = 'wbo', scale = 0.25): Promise<void> {
  const a = await start({ dataDir: 'memory://' }, { today: TODAY });
  const b = await start({ dataDir: 'memory://' }, { today: TODAY });
  try {
    const gen = await timed(async () =>
      generateRegion(await loadRegionProfile(a.database.db, region), loadDemoParameters(region), { seed: DEMO_SEED, today: TODAY, scale }),
    );
    const rows = gen.value.providers.length + gen.value.contracts.length + gen.value.families.length + gen.value.youths.length + gen.value.trajectories.length;
    console.log(`demo ${region} at ${scale}: ${rows} rows; generation alone ${s(gen)}`);
    const copy = await timed(() => ensureDemoRegion(a.database.db, region, { today: TODAY, scale, database: a.database }));
    const inserts = await timed(() => ensureDemoRegion(b.database.db, region, { today: TODAY, scale }));
    console.log(
      `  population, COPY (src/demo):        ${s(copy)}   baseline batched inserts: ${s(inserts)}   ratio CPU ${(copy.cpu / inserts.cpu).toFixed(2)}x`,
    );
    const batch = await timed(() => ensureDemoFunding(a.database.db, region, TODAY, { historyYears: 1 }));
    const one = await timed(() => ensureDemoFunding(b.database.db, region, TODAY, { historyYears: 1, settle: 'one-by-one' }));
    console.log(
      `  funding, ${batch.value?.declarations} declarations / ${batch.value?.lines} lines, batch per period: ${s(batch)}   baseline one by one: ${s(one)}   ratio CPU ${(batch.cpu / one.cpu).toFixed(2)}x`,
    );
  } finally {
    await a.database.close();
    await b.database.close();
  }
}

if (process.argv[1]?.endsWith('demo-load.js')) await benchDemoLoad(process.argv[2], process.argv[3] ? Number(process.argv[3]) : undefined);
