/**
 * The KPI/KRI catalogue of a region in the database: its own `profiles/<regio>/indicatoren.yaml`,
 * or, for a labelled synthetic copy of a region (the national data set of issue #14, whose
 * demo_runs row names the region it copies as `base`), the catalogue of the region it copies. A
 * copy is the same profile under another id, so the same indicators apply.
 */
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database.js';
import { demoRuns } from '../../db/schema.js';
import type { Catalogue } from '../../domain/steering/catalogue.js';
import { NotFound } from '../errors.js';
import { loadCatalogue } from './catalogue-store.js';

const bases = new Map<string, string | null>();

export async function regionCatalogue(db: Tx, regionId: string): Promise<Catalogue> {
  try {
    return loadCatalogue(regionId);
  } catch (e) {
    if (!(e instanceof NotFound)) throw e;
    let base = bases.get(regionId);
    if (base === undefined) {
      const [run] = await db
        .select({ base: sql<string | null>`${demoRuns.counts}->>'base'` })
        .from(demoRuns)
        .where(eq(demoRuns.regionId, regionId));
      base = run?.base && run.base !== regionId ? run.base : null;
      bases.set(regionId, base);
    }
    if (!base) throw e;
    return { ...loadCatalogue(base), regio: regionId };
  }
}
