/**
 * Small statistics for the simulation: a seeded normal generator (pure-rand's xoroshiro128+, so a
 * run is reproducible for a given seed), the nearest-rank percentile and exact apportionment of
 * cents by weights (largest remainder: the parts add up to the whole).
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

/** Standard normal draws from a seeded generator (Box-Muller, both values used). */
export function normalSource(seed: number): () => number {
  const rng = xoroshiro128plus(seed | 0);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = uniformFloat64(rng);
    const v = uniformFloat64(rng);
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/**
 * Nearest-rank percentile (p in 1..99) of the values: the smallest value with at least p% of the
 * values at or below it. `sorted` must be sorted ascending.
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new Error('percentile of an empty list');
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** Splits integer cents over weights exactly (largest remainder, ties by position). Zero weights get zero. */
export function apportion(totalCents: number, weights: readonly number[]): number[] {
  if (totalCents < 0) return apportion(-totalCents, weights).map((c) => -c);
  const sum = weights.reduce((a, w) => a + Math.max(0, w), 0);
  if (sum <= 0 || weights.length === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (totalCents * Math.max(0, w)) / sum);
  const out = exact.map((x) => Math.floor(x));
  let left = totalCents - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0 && k < order.length; k++, left--) out[order[k]!.i]!++;
  return out;
}
