/**
 * Benchmark of the scenario engine (issue #15): 100,000 synthetic trajectories over 3 years
 * (6 segments, 300 providers, 20 municipalities, 1-18 months each) under a scenario with a shift
 * between segments into a lump sum, result-based payment, caseload funding, a ceiling and volume
 * growth, with 1,000 Monte Carlo runs. Baseline, in the same run: one deterministic replay of the
 * same scenario. Reported: seconds and peak memory (RSS high-water mark and heap growth) of each.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/simulation.js   (BENCH_SIM_TRAJECTORIES, BENCH_SIM_RUNS)
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replay, simulateScenario, type BaseData, type BaseTrajectory } from '../src/domain/simulation/engine.js';
import { Scenario } from '../src/domain/simulation/scenario.js';
const THIS_FILE = fileURLToPath(import.meta.url);
import { normalSource } from '../src/domain/simulation/stats.js';

export interface SimulationBenchResult {
  trajectories: number;
  runs: number;
  replaySeconds: number;
  fullSeconds: number;
  replayPeakMb: number;
  fullPeakMb: number;
}

/** A deterministic synthetic base (seeded), shaped like a region's three declared years. */
export function syntheticBase(n: number): BaseData {
  const years = [2023, 2024, 2025];
  const segments = ['slt', 'sggz', 'dag', 'verblijf', 'wonen', 'ambulant'].map((id) => ({ id, name: `Segment ${id}` }));
  const providers = Array.from({ length: 300 }, (_, i) => ({ id: i + 1, agb: String(10000000 + i), name: `Aanbieder ${i + 1}` }));
  const municipalities = Array.from({ length: 20 }, (_, i) => ({ code: String(1000 + i), name: `Gemeente ${i + 1}`, inhabitants: 20000 + i * 5000 }));
  const z = normalSource(42);
  const u = () => 0.5 + Math.max(-0.4999, Math.min(0.4999, z() / 6));
  const trajectories: BaseTrajectory[] = [];
  for (let i = 0; i < n; i++) {
    const seg = Math.floor(u() * 6);
    const len = 1 + Math.floor(u() * 18);
    const start = Math.floor(u() * (36 - len + 1));
    const monthly = Math.round(20000 + u() * 300000);
    const months = Int16Array.from({ length: len }, (_, k) => start + k);
    const cents = Float64Array.from({ length: len }, () => monthly);
    const y = years[Math.floor(start / 12)]!;
    const m = (start % 12) + 1;
    trajectories.push({
      seg,
      prov: Math.floor(u() * 300),
      mun: Math.floor(u() * 20),
      cat: seg === 5 ? '45' : '50',
      client: i,
      start: `${y}-${String(m).padStart(2, '0')}-01`,
      goal: i % 3 === 0 ? u() : null,
      months,
      cents,
    });
  }
  const schedules = years.flatMap((_, k) => Array.from({ length: 12 }, (_, m) => ({ seg: 0, prov: 0, month: k * 12 + m, cents: 5_000_000 })));
  return {
    years,
    segments,
    providers,
    municipalities,
    trajectories,
    schedules,
    ceilings: [],
    budgets: municipalities.flatMap((_, mun) => years.map((year) => ({ mun, year, cents: 500_000_000 }))),
  };
}

const SCENARIO = Scenario.parse({
  id: 'bench',
  naam: 'Bench',
  wijzigingen: [
    { soort: 'verschuiving', van: 'sggz', naar: 'slt', aandeel: 0.6, efficiencykorting: 0.1 },
    { soort: 'bekostiging', segment: 'slt', naar: { model: 'lumpsum', verdeling: 'inwoners' } },
    { soort: 'bekostiging', segment: 'dag', naar: { model: 'resultaat', voorschot: 0.6, doelbereik: 'gemeten' } },
    { soort: 'bekostiging', segment: 'ambulant', naar: { model: 'caseload' } },
    { soort: 'plafond', segment: 'wonen', aandeelVanBasis: 1, beleid: 'afwijzen' },
    { soort: 'volumegroei', segment: 'alle', percentagePerJaar: 0.03 },
  ],
});

function measure<T>(fn: () => T): { value: T; seconds: number; peakMb: number } {
  global.gc?.();
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const heap0 = used();
  let peak = heap0;
  const timer = setInterval(() => (peak = Math.max(peak, used())), 5);
  const t0 = performance.now();
  const value = fn();
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, used());
  return { value, seconds, peakMb: (peak - heap0) / 1e6 };
}

export async function benchSimulation(): Promise<SimulationBenchResult> {
  const n = Number(process.env.BENCH_SIM_TRAJECTORIES ?? 100_000);
  const runs = Number(process.env.BENCH_SIM_RUNS ?? 1000);
  const base = syntheticBase(n);
  const opts = { spread: { volumegroei: 0.03, doelbereik: 0.05 }, runs, seed: 1, viability: 0.8, waterfall: false };
  // Warm-up on a small slice (JIT), then the measured runs.
  simulateScenario({ ...base, trajectories: base.trajectories.slice(0, 2000) }, SCENARIO, { ...opts, runs: 10 });
  const single = measure(() => replay(base, SCENARIO));
  const full = measure(() => simulateScenario(base, SCENARIO, opts));
  const rss = process.resourceUsage().maxRSS / 1024;
  const line = (name: string, value: string, baseline: string, ratio: number) =>
    console.log(`${name.padEnd(44)} ${value.padStart(16)}   baseline ${baseline.padStart(16)}   ratio ${ratio.toFixed(2)}x`);
  line(
    `simulate ${n.toLocaleString('en')} traj. x3y, ${runs} MC`,
    `${full.seconds.toFixed(2)} s`,
    `${single.seconds.toFixed(2)} s`,
    full.seconds / single.seconds,
  );
  line('simulate, heap + buffers growth (peak)', `${full.peakMb.toFixed(0)} MB`, `${single.peakMb.toFixed(0)} MB`, full.peakMb / Math.max(1, single.peakMb));
  console.log(
    `${'simulate, process peak RSS'.padEnd(44)} ${`${rss.toFixed(0)} MB`.padStart(16)}   (P50 ${(full.value.percentiles!.p50 / 100).toFixed(0)} EUR, goal: full run < 10 s)`,
  );
  return { trajectories: n, runs, replaySeconds: single.seconds, fullSeconds: full.seconds, replayPeakMb: single.peakMb, fullPeakMb: full.peakMb };
}

if (resolve(process.argv[1] ?? '') === THIS_FILE) await benchSimulation();
