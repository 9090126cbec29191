/**
 * The scale of a demo region's population (`serve --demo-scale`, 1 = the seeds' volumes), kept
 * with its counts in demo_runs. Demo spend follows the scale; budgets from the region profile (the
 * financial framework) do not, so views that compare the two scale the budget by it.
 */
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.js';
import { demoRuns } from '../../db/schema.js';
import { onceInRequest } from '../request-reads.js';

/** The region's demo run (its counts, scale and base), read once per read request (request-reads.ts); undefined when it has none. */
export function demoRun(db: Tx, regionId: string): Promise<{ counts: unknown } | undefined> {
  return onceInRequest(db, `demo_runs|${regionId}`, () =>
    db
      .select({ counts: demoRuns.counts })
      .from(demoRuns)
      .where(eq(demoRuns.regionId, regionId))
      .then((rows) => rows[0]),
  );
}

/** The demo scale of a region, or null when the region has no demo population (or it predates the stored scale: then 1 is assumed). */
export async function demoScale(db: Db, regionId: string): Promise<number | null> {
  const run = await demoRun(db, regionId);
  if (!run) return null;
  const scale = (run.counts as { scale?: unknown } | null)?.scale;
  return typeof scale === 'number' && scale > 0 ? scale : 1;
}

/** Dutch number for notes (0,02). */
export const scaleText = (scale: number) => String(scale).replace('.', ',');
