/**
 * Demo funding in the background: `serve` starts it once the server listens, so the first start
 * of a demo is usable while the funding history is settled (region after region), and the
 * Financiën screens show how far it is (demoFundingStatus). The work itself is ensureDemoFunding:
 * exactly once and resumable, so a stop in the middle continues at the next start.
 *
 * The progress is kept in this process (one server per data folder); once a region is done the
 * counts are in demo_runs and survive restarts.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { demoRuns } from '../db/schema.js';
import type { UserScope } from '../domain/access/roles.js';
import { ensureDemoFunding, type DemoFundingCounts, type DemoFundingOptions } from './funding.js';
import { demoScale } from '../app/funding/demo-scale.js';
import { fundingView } from '../app/funding/spend.js';

export interface DemoFundingStatus {
  regionId: string;
  /** none: the region has no demo funding (not a demo region, or not asked for). */
  state: 'none' | 'queued' | 'running' | 'done' | 'failed';
  phase?: 'setup' | 'declarations';
  /** Declaration periods settled, of `steps` (months, and earlier years declared afterwards). */
  step: number;
  steps: number;
  /** The declaration period settled last (YYYY-MM). */
  period?: string;
  declarations: number;
  lines: number;
  /** Demo population scale (1 = the seeds' volumes), null when the region has no demo. */
  scale: number | null;
  seconds?: number;
  error?: string;
}

type Progress = Omit<DemoFundingStatus, 'regionId' | 'scale'>;

const jobs = new Map<string, Progress>();

/**
 * Settles the demo funding of these regions one after the other, without blocking the caller;
 * the returned promise resolves when all are done (or failed: a failure is recorded in the status
 * and logged, never thrown).
 */
export function runDemoFunding(
  db: Db,
  regions: readonly string[],
  today: string,
  opts: Pick<DemoFundingOptions, 'historyYears'> & {
    log?: (line: string) => void;
    /** After a region's funding is done (e.g. demo parts that need its funding data). */
    onRegionDone?: (regionId: string) => Promise<unknown>;
  } = {},
): Promise<void> {
  for (const r of regions) jobs.set(r, { state: 'queued', step: 0, steps: 0, declarations: 0, lines: 0 });
  return (async () => {
    for (const regionId of regions) {
      const job = jobs.get(regionId)!;
      const t0 = Date.now();
      job.state = 'running';
      try {
        const counts: DemoFundingCounts | null = await ensureDemoFunding(db, regionId, today, {
          ...(opts.historyYears !== undefined ? { historyYears: opts.historyYears } : {}),
          onProgress: (p) => Object.assign(job, { phase: p.phase, step: p.step, steps: p.steps, period: p.period, declarations: p.declarations, lines: p.lines }),
          // Let requests in between declarations (the server answers while the demo funding runs).
          between: () => new Promise<void>((resolve) => setImmediate(resolve)),
        });
        await opts.onRegionDone?.(regionId);
        job.state = 'done';
        job.seconds = Math.round((Date.now() - t0) / 100) / 10;
        opts.log?.(counts ? `Demo funding ${regionId}: ${counts.declarations} declarations, ${counts.lines} lines settled (${counts.from} to ${counts.through}) in ${job.seconds} s` : `Demo funding ${regionId}: present`);
      } catch (e) {
        job.state = 'failed';
        job.error = e instanceof Error ? e.message : String(e);
        opts.log?.(`Demo funding ${regionId} failed: ${job.error}`);
      }
    }
  })();
}

/** How far the demo funding of a region is (any role with a funding view). */
export async function demoFundingStatus(db: Db, user: UserScope, regionId: string): Promise<DemoFundingStatus> {
  await fundingView(db, user, regionId, ['region', 'municipality', 'provider']);
  const scale = await demoScale(db, regionId);
  const job = jobs.get(regionId);
  if (job && job.state !== 'done') return { regionId, scale, ...job };
  const [run] = await db.select({ counts: demoRuns.counts }).from(demoRuns).where(eq(demoRuns.regionId, regionId));
  const funding = (run?.counts as { funding?: DemoFundingCounts } | null)?.funding;
  if (!funding) return { regionId, state: 'none', step: 0, steps: 0, declarations: 0, lines: 0, scale };
  return { regionId, state: 'done', step: job?.steps ?? 0, steps: job?.steps ?? 0, period: funding.through ?? undefined, declarations: funding.declarations, lines: funding.lines, scale, seconds: job?.seconds ?? funding.seconds };
}
