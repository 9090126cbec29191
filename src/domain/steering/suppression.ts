/**
 * Small-cell suppression for the public results page. A cell with 0 < n < minimum is suppressed
 * (primary). Because the group total is published, a group with suppressed cells must not let the
 * differences reveal them (secondary): in each group either no cell is suppressed, or at least two
 * are and together they hold at least `minimum` (otherwise total minus the published cells gives a
 * small count). Cells are added smallest first until that holds; when it cannot, the total is
 * suppressed too. Pure; cells keep their order.
 */
export interface Cell {
  key: string;
  n: number;
}
export interface SuppressedGroup {
  /** Keys of the cells not to publish. */
  suppressed: Set<string>;
  /** Whether the group total must be withheld as well. */
  totalSuppressed: boolean;
}

export function suppressGroup(cells: readonly Cell[], minimum: number, opts: { mustSuppressOne?: boolean } = {}): SuppressedGroup {
  const suppressed = new Set(cells.filter((c) => c.n > 0 && c.n < minimum).map((c) => c.key));
  const total = cells.reduce((a, c) => a + c.n, 0);
  // A group whose own total is withheld elsewhere must hide at least one cell (else the cells add up to it).
  if (opts.mustSuppressOne && suppressed.size === 0 && cells.length > 0) suppressed.add([...cells].sort((a, b) => a.n - b.n)[0]!.key);
  const hidden = () => cells.filter((c) => suppressed.has(c.key)).reduce((a, c) => a + c.n, 0);
  const safe = () => suppressed.size === 0 || (suppressed.size >= 2 && hidden() >= minimum);
  const candidates = cells.filter((c) => !suppressed.has(c.key)).sort((a, b) => a.n - b.n || a.key.localeCompare(b.key));
  while (!safe() && candidates.length > 0) suppressed.add(candidates.shift()!.key);
  return { suppressed, totalSuppressed: total > 0 && total < minimum ? true : !safe() };
}

/** Whether a published group can reveal a small cell: the check the tests apply. */
export function revealsSmallCell(cells: readonly Cell[], suppressed: ReadonlySet<string>, totalPublished: boolean, minimum: number): boolean {
  const published = cells.filter((c) => !suppressed.has(c.key));
  if (published.some((c) => c.n > 0 && c.n < minimum)) return true;
  if (!totalPublished) return false;
  const hidden = cells.filter((c) => suppressed.has(c.key));
  const hiddenSum = hidden.reduce((a, c) => a + c.n, 0);
  // One hidden cell: total minus the published cells gives it exactly; several: only their sum.
  if (hidden.length === 1) return hidden[0]!.n > 0 && hidden[0]!.n < minimum;
  return hidden.length > 0 && hiddenSum > 0 && hiddenSum < minimum;
}
