/** Market concentration: the share of the five largest of a set of weights (turnover, trajectories). */
export function top5Share(weights: readonly number[]): number {
  const sorted = [...weights].sort((a, b) => b - a);
  const all = sorted.reduce((a, b) => a + b, 0);
  return all === 0 ? 0 : sorted.slice(0, 5).reduce((a, b) => a + b, 0) / all;
}
