/**
 * Progress of the background demo funding (src/demo/funding-runner.ts, started by `serve`), as the
 * Financiën screens show it: the running job's progress is kept in this process (one server per
 * data folder); once a region is done the counts are in demo_runs and survive restarts. The demo
 * code writes the progress; production code only reads it, so it never imports src/demo.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { demoRuns } from '../../db/schema.js';
import type { UserScope } from '../../domain/access/roles.js';
import { demoScale } from './demo-scale.js';
import { fundingView } from './spend.js';

/** The counts of a region's demo funding, kept in demo_runs.counts.funding. */
export interface DemoFundingCounts {
  from: string;
  through: string | null;
  /** First month declared month by month; the months before it were declared afterwards, per year. */
  monthlyFrom: string | null;
  tariffs: number;
  allocations: number;
  ceilings: number;
  scheduleRows: number;
  resultPayments: number;
  declarations: number;
  lines: number;
  rejectedLines: number;
  approvedCents: number;
  ceilingSignals: number;
  seconds: number;
  /** The demo's assumptions, in words (kept with the counts in demo_runs). */
  assumptions: string[];
}

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

/** Registers a queued demo funding run of a region (src/demo/funding-runner.ts updates the returned progress in place). */
export function trackDemoFunding(regionId: string): Progress {
  const job: Progress = { state: 'queued', step: 0, steps: 0, declarations: 0, lines: 0 };
  jobs.set(regionId, job);
  return job;
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
  return {
    regionId,
    state: 'done',
    step: job?.steps ?? 0,
    steps: job?.steps ?? 0,
    period: funding.through ?? undefined,
    declarations: funding.declarations,
    lines: funding.lines,
    scale,
    seconds: job?.seconds ?? funding.seconds,
  };
}
