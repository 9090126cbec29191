/**
 * Demo funding in the background: `serve` starts it once the server listens, so the first start
 * of a demo is usable while the funding history is settled (region after region), and the
 * Financiën screens show how far it is (demoFundingStatus in app/funding/demo-funding-status.ts). The work itself is ensureDemoFunding:
 * exactly once and resumable, so a stop in the middle continues at the next start.
 *
 * The progress is kept in this process (one server per data folder); once a region is done the
 * counts are in demo_runs and survive restarts.
 */
import type { Db } from '../db/database.js';
import { trackDemoFunding } from '../app/funding/demo-funding-status.js';
import { demoFundingWantsWorker, ensureDemoFunding, type DemoFundingCounts, type DemoFundingOptions } from './funding.js';
import { startDeclarationsWorker } from './funding-worker.js';

/**
 * Settles the demo funding of these regions one after the other, without blocking the caller;
 * the returned promise resolves when all are done (or failed: a failure is recorded in the status
 * and logged, never thrown).
 */
export function runDemoFunding(
  db: Db,
  regions: readonly string[],
  today: string,
  opts: Pick<DemoFundingOptions, 'historyYears' | 'batchLines'> & {
    log?: (line: string) => void;
    /** After a region's funding is done (e.g. demo parts that need its funding data). */
    onRegionDone?: (regionId: string) => Promise<unknown>;
  } = {},
): Promise<void> {
  const jobs = new Map(regions.map((r) => [r, trackDemoFunding(r)]));
  return (async () => {
    // The worker thread of the next region's messages is started ahead (it loads its modules while
    // this thread reads the plan, or runs the after-steps of the region before): funding-worker.ts.
    // Only for a region whose funding is still to be made and large enough to use it (demoFundingWantsWorker).
    const ahead = async (regionId: string | undefined) =>
      regionId !== undefined && (await demoFundingWantsWorker(db, regionId).catch(() => false)) ? startDeclarationsWorker() : null;
    let started = await ahead(regions[0]);
    for (const [i, regionId] of regions.entries()) {
      const job = jobs.get(regionId)!;
      const t0 = Date.now();
      job.state = 'running';
      try {
        const startedWorker = started;
        started = null;
        const counts: DemoFundingCounts | null = await ensureDemoFunding(db, regionId, today, {
          startedWorker,
          ...(opts.historyYears !== undefined ? { historyYears: opts.historyYears } : {}),
          ...(opts.batchLines !== undefined ? { batchLines: opts.batchLines } : {}),
          // The demo's outcomes stop the ended allocations afterwards (onRegionDone): written stopped at once.
          stopEnded: true,
          onProgress: (p) =>
            Object.assign(job, { phase: p.phase, step: p.step, steps: p.steps, period: p.period, declarations: p.declarations, lines: p.lines }),
          // Let requests in between declarations (the server answers while the demo funding runs).
          between: () => new Promise<void>((resolve) => setImmediate(resolve)),
        });
        started = await ahead(regions[i + 1]);
        await opts.onRegionDone?.(regionId);
        job.state = 'done';
        job.seconds = Math.round((Date.now() - t0) / 100) / 10;
        opts.log?.(
          counts
            ? `Demo funding ${regionId}: ${counts.declarations} declarations, ${counts.lines} lines settled (${counts.from} to ${counts.through}) in ${job.seconds} s`
            : `Demo funding ${regionId}: present`,
        );
      } catch (e) {
        job.state = 'failed';
        job.error = e instanceof Error ? e.message : String(e);
        opts.log?.(`Demo funding ${regionId} failed: ${job.error}`);
      }
    }
    await started?.close();
  })();
}
