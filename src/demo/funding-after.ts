/**
 * The steps after a demo region's funding (`serve`, once a region's funding history is settled):
 * the demo parts that need the funding data (development partners from last year's turnover), the
 * stops and outcome measurements of the allocations the funding made, and the KPI facts as of today.
 * The preparation stored the region's facts already (as of the day of the dialogues' KPI snapshot);
 * they are recomputed in full and only the cells that differ are written (facts-after-load.ts).
 */
import type { Db } from '../db/database.js';
import { refreshFactsByDifference, type FactsDifference } from '../app/steering/facts-after-load.js';
import { ensureDemoContracts } from './contracts.js';
import { ensureDemoOutcomes } from './outcomes.js';

/** After a region's funding: contracts (development partners), outcomes of the ended allocations, KPI facts (null: they were current). */
export async function afterDemoFunding(db: Db, regionId: string, today: string): Promise<FactsDifference | null> {
  await ensureDemoContracts(db, regionId, today);
  // The outcomes of the allocations the funding made (steering, issue #12).
  await ensureDemoOutcomes(db, regionId, today);
  // The KPI facts, now that the region's demo data is whole (the first KPI screen then reads them
  // instead of recomputing them while the load goes on).
  return refreshFactsByDifference(db, regionId, today);
}
