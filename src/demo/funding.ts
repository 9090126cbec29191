/**
 * Demo funding: gives a demo region several years of realistic spend per funding model, through
 * the real settlement path.
 *
 * 1. The plan (funding-plan.ts): per demo trajectory its product, funding kind and dosage.
 * 2. Setup in one transaction (funding-setup.ts): allocations for client-level care (P x Q, output,
 *    result-based), tariffs, ceilings per provider and segment, lump-sum and availability
 *    schedules, result-based advances.
 * 3. Declarations (funding-declarations.ts): per provider, municipality and declaration period one
 *    JW323, built with the iJw codec and settled per declaration period in one batch
 *    (settle-batch.ts: the settlement rules of settleDeclaration, the same order, one transaction). The last DEMO_MONTHLY_MONTHS months are declared month by month; the months before
 *    them afterwards, in one message per year (IV090). A few lines are over-declared (rejected with 9321 and sent
 *    again corrected) or credited and declared again, as happens in practice.
 * 4. Result-based: the goal outcome of trajectories that ended within the history.
 *
 * The data is deterministic (no clock, no random source): running it again, or after a crash or a
 * stop, settles nothing twice (declarations already received are skipped; settlement is exactly
 * once) and continues where it stopped. The assumptions are in funding-assumptions.ts.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { allocationOutcomes, allocations, declarations, demoRuns } from '../db/schema.js';
import { BadInput } from '../app/errors.js';
import { settleDeclaration } from '../app/funding/settle.js';
import { settleDeclarationsBatch, type BatchDeclaration, type BatchLineRow } from '../app/funding/settle-batch.js';
import { newSettlementCarry } from '../app/funding/settle-carry.js';
import { copyText, copyTextInTransaction, reserveIdRange } from './copy.js';
import type { Tx } from '../db/database.js';
import type { SettlementResult } from '../app/funding/settle.js';
import { payResultsByGoalAttainment } from '../app/funding/schedules.js';
import { DEMO_FUNDING_ASSUMPTIONS, DEMO_MONTHLY_MONTHS, demoGoalAttainment } from './funding-assumptions.js';
import {
  loadPlan,
  monthEnd,
  monthOf,
  monthStart,
  nextMonth,
  type DemoAllocationPeriod,
  type DemoCarePieces,
  type DemoLinePeriod,
  type Plan,
  type PlanAllocation,
} from './funding-plan.js';
import { addMonths } from '../domain/dates.js';
import { demoPeriods, periodDeclarations, type DemoLine, type DemoPeriod } from './funding-declarations.js';
import { setupDemoFunding } from './funding-setup.js';
import { declarationsOnWorker, unpackLines, type DemoDeclarationsWorker, type StartedDeclarationsWorker } from './funding-worker.js';
import type { DemoFundingCounts } from '../app/funding/demo-funding-status.js';
import { loadRegionProfile } from '../app/landscape.js';
import { insertRows } from '../db/insert-rows.js';
import { withForeignKeysCheckedOnce } from './foreign-keys.js';
import { withReadModelsFromRows } from './funding-read-models.js';

export { demoTariff } from './funding-assumptions.js';
export { buildDeclaration, monthDeclarations, type DemoLine } from './funding-declarations.js';
export type { PlanAllocation } from './funding-plan.js';
export type { DemoFundingCounts } from '../app/funding/demo-funding-status.js';

export interface DemoFundingProgress {
  phase: 'setup' | 'declarations';
  /** Declaration periods settled so far, of `steps`. */
  step: number;
  steps: number;
  /** The declaration period just settled (YYYY-MM). */
  period?: string;
  declarations: number;
  lines: number;
}

export interface DemoFundingOptions {
  /**
   * Full calendar years of declared history before the current year, within the demo years and
   * from 2021 (CS100). Default: what the region needs (three with risk equalisation, else one;
   * funding-plan.ts neededHistoryYears).
   */
  historyYears?: number;
  onProgress?: (p: DemoFundingProgress) => void;
  /**
   * Awaited after every declaration. In a server, a yield to the event loop: on PGlite every query
   * resolves without waiting for I/O, so without it requests would wait until the whole run is done.
   */
  between?: () => Promise<void>;
  /**
   * 'batch' (default): each declaration period settled in one transaction by settleDeclarationsBatch
   * (the same rules and order, the context read once); 'one-by-one': every message through
   * settleDeclaration (validation, settlement, JW325), as a provider's message is settled.
   */
  settle?: 'batch' | 'one-by-one';
  /** Batch mode: settle consecutive periods together up to about this many lines (default DEMO_BATCH_LINES). */
  batchLines?: number;
  /**
   * Batch mode: at most this many declarations per batch (default: no limit). The batch compresses
   * its received messages all at once (about 250 kB of zlib state each while it runs): a bulk
   * loader with many messages per batch caps them.
   */
  batchDeclarations?: number;
  /** How long an allocation runs (default 'trajectory': one per client-level trajectory; funding-plan.ts DemoAllocationPeriod). */
  allocationPeriod?: DemoAllocationPeriod;
  /** Length of a declared Prestatie of P x Q care (default 'month'; funding-plan.ts DemoLinePeriod). */
  linePeriod?: DemoLinePeriod;
  /** With allocationPeriod 'year': result-based care too gets an allocation per calendar year (default false; funding-plan.ts loadPlan). */
  resultPerYear?: boolean;
  /** Pieces of a trajectory's care with their own Toewijzing (default none; funding-plan.ts DemoCarePiece). */
  carePieces?: DemoCarePieces;
  /**
   * Every month of the history declared in its own message the month after (the regular flow),
   * instead of the months before the last DEMO_MONTHLY_MONTHS in one message per year (IV090). Default false.
   */
  monthlyHistory?: boolean;
  /** Batch mode: make the messages on a worker thread when the compiled worker is there (default true; funding-worker.ts). */
  worker?: boolean;
  /**
   * A worker thread started beforehand (funding-worker.ts startDeclarationsWorker: it loads its modules
   * meanwhile, e.g. while the region before runs its after-steps): used when this region's messages are
   * made on a worker, else ended; ensureDemoFunding ends it in every case.
   */
  startedWorker?: StartedDeclarationsWorker | null;
  /**
   * The allocations of trajectories that ended before today are written with the JW307 stop that the
   * demo's outcomes give them afterwards (outcomes.ts ensureDemoOutcomes: stop date = end date, the
   * assumed reason): one write instead of an update of each (default false; `serve`'s demo sets it,
   * the settlement does not read the stop).
   */
  stopEnded?: boolean;
}

/**
 * Lines per settlement batch of the demo funding: one transaction each (on PGlite requests wait
 * for it: a few seconds at most), the settlement context read once per batch.
 */
export const DEMO_BATCH_LINES = 40_000;

/**
 * With the messages made on the worker thread: the first batch's lines; each next batch may be
 * twice as large, up to DEMO_BATCH_LINES (settling starts early, while the worker makes the rest).
 */
const DEMO_FIRST_BATCH_LINES = 5_000;

/**
 * The worker thread pays from about this many lines (starting it costs about half a CPU second:
 * for small regions, such as the national set's copies at a small scale, the messages are made here).
 */
const DEMO_WORKER_LINES = 20_000;

/** About the lines of the plan's periods (at most one per declared allocation and month it runs; periodDeclarations). */
function roughLines(plan: Plan, periods: readonly DemoPeriod[]): number {
  const months = periods.flatMap((p) => p.months).map((m) => ({ start: monthStart(m), end: monthEnd(m) }));
  let n = 0;
  for (const a of plan.clientLevel) {
    if (a.kind === 'result' || a.kind === 'caseload') continue;
    for (const m of months) if (a.start <= m.end && (a.end === null || a.end >= m.start)) n++;
  }
  return n;
}

/**
 * Trajectories from which a region's funding is likely to make its messages on the worker thread
 * (DEMO_WORKER_LINES lines: WBO at full scale has about 32,000 trajectories and 40,000 lines, the
 * demo's small regions a few thousand trajectories and under 20,000 lines). Only a guess for starting
 * the worker ahead (demoFundingWantsWorker): the plan decides.
 */
const DEMO_WORKER_AHEAD_TRAJECTORIES = 10_000;

/**
 * Whether a worker thread is worth starting ahead for this region's funding (funding-runner.ts): its
 * funding is not done yet and its population is large (DEMO_WORKER_AHEAD_TRAJECTORIES).
 */
export async function demoFundingWantsWorker(db: Db, regionId: string): Promise<boolean> {
  const [run] = await db.select({ counts: demoRuns.counts }).from(demoRuns).where(eq(demoRuns.regionId, regionId));
  const counts = run?.counts as { funding?: unknown; trajectories?: number } | null | undefined;
  return !!counts && !counts.funding && (counts.trajectories ?? 0) >= DEMO_WORKER_AHEAD_TRAJECTORIES;
}

/**
 * Gives a generated demo region its funding history (see the module comment). Returns the counts,
 * or null when the region's funding demo was made before. Declarations are settled one by one
 * (each exactly once, in its own transaction); an interrupted run continues where it stopped.
 */
export async function ensureDemoFunding(db: Db, regionId: string, today: string, opts: DemoFundingOptions = {}): Promise<DemoFundingCounts | null> {
  let started = opts.startedWorker ?? null;
  try {
    return await fundRegion(db, regionId, today, opts, () => {
      const w = started;
      started = null;
      return w;
    });
  } finally {
    await started?.close();
  }
}

async function fundRegion(
  db: Db,
  regionId: string,
  today: string,
  opts: DemoFundingOptions,
  takeStarted: () => StartedDeclarationsWorker | null,
): Promise<DemoFundingCounts | null> {
  const t0 = Date.now();
  const [run] = await db.select().from(demoRuns).where(eq(demoRuns.regionId, regionId));
  if (!run) throw new BadInput(`region ${regionId} has no demo population: generate it first`);
  if ((run.counts as { funding?: unknown } | null)?.funding) return null;
  const plan = await loadPlan(db, regionId, today, opts.historyYears, {
    ...(opts.allocationPeriod ? { allocationPeriod: opts.allocationPeriod } : {}),
    ...(opts.resultPerYear ? { resultPerYear: true } : {}),
    ...(opts.carePieces ? { carePieces: opts.carePieces } : {}),
  });
  if (opts.linePeriod) plan.linePeriod = opts.linePeriod;
  // The last DEMO_MONTHLY_MONTHS months month by month; everything before declared afterwards per year (or every month, monthlyHistory).
  const monthlyFrom = opts.monthlyHistory
    ? monthOf(plan.from)
    : plan.lastMonth
      ? monthOf(addMonths(`${plan.lastMonth}-01`, 1 - DEMO_MONTHLY_MONTHS))
      : `${plan.todayYear}-01`;
  const periods = demoPeriods(plan.from, plan.lastMonth, monthlyFrom);
  const progress: DemoFundingProgress = { phase: 'setup', step: 0, steps: periods.length, declarations: 0, lines: 0 };
  opts.onProgress?.({ ...progress });
  // Batch mode: the messages are made on a worker thread beside PGlite (funding-worker.ts), when it
  // is built; it starts as soon as the allocations have their numbers, so it makes the first
  // messages while this thread writes the rest of the setup and records the outcomes.
  const onWorker = opts.settle !== 'one-by-one' && opts.worker !== false && periods.length > 0 && roughLines(plan, periods) >= DEMO_WORKER_LINES;
  let worker: DemoDeclarationsWorker | null = null;
  try {
    const made = await db.transaction((tx) =>
      setupDemoFunding(tx, regionId, plan, {
        ...(opts.stopEnded ? { stopEndedBefore: today } : {}),
        onNumbered: () => {
          if (!onWorker || worker) return;
          const aheadLines = 2 * (opts.batchLines ?? DEMO_BATCH_LINES);
          worker = takeStarted()?.begin(plan, periods, aheadLines) ?? declarationsOnWorker(plan, periods, aheadLines);
        },
      }),
    );
    return await settleDemoDeclarations(db, regionId, plan, periods, monthlyFrom, made, worker, opts, t0, progress);
  } finally {
    await (worker as DemoDeclarationsWorker | null)?.close();
  }
}

async function settleDemoDeclarations(
  db: Db,
  regionId: string,
  plan: Plan,
  periods: readonly DemoPeriod[],
  monthlyFrom: string,
  made: Awaited<ReturnType<typeof setupDemoFunding>>,
  worker: DemoDeclarationsWorker | null,
  opts: DemoFundingOptions,
  t0: number,
  progress: DemoFundingProgress,
): Promise<DemoFundingCounts> {
  // Result-based: the degree of goal attainment of trajectories that ended within the history, as
  // the provider records it per informant (allocation_outcomes), and the after-goal part paid by it.
  const ended = plan.clientLevel.filter((a) => a.kind === 'result' && a.end && a.end >= plan.from && plan.lastMonth && a.end <= monthEnd(plan.lastMonth));
  await recordDemoOutcomes(db, regionId, ended);
  const paid = plan.lastMonth ? await payResultsByGoalAttainment(db, regionId, { asOf: monthEnd(plan.lastMonth) }) : { created: 0 };
  const resultPayments = made.resultAdvances + paid.created;

  const sent = new Set(
    (
      await db.select({ agb: declarations.providerAgb, nummer: declarations.declaratieNummer }).from(declarations).where(eq(declarations.regionId, regionId))
    ).map((d) => `${d.agb}|${d.nummer}`),
  );
  const counts: DemoFundingCounts = {
    from: plan.from,
    through: plan.lastMonth,
    monthlyFrom: periods.find((p) => p.month >= monthlyFrom)?.month ?? null,
    tariffs: made.tariffs,
    allocations: made.allocations,
    ceilings: made.ceilings,
    scheduleRows: made.scheduleRows,
    resultPayments,
    declarations: 0,
    lines: 0,
    rejectedLines: 0,
    approvedCents: 0,
    ceilingSignals: 0,
    seconds: 0,
    assumptions: [...DEMO_FUNDING_ASSUMPTIONS],
  };
  progress.phase = 'declarations';
  opts.onProgress?.({ ...progress });
  await opts.between?.();
  let carried: DemoLine[] = [];
  const add = (results: readonly SettlementResult[]) => {
    for (const r of results) {
      counts.declarations++;
      counts.lines += r.lines;
      counts.rejectedLines += r.rejected;
      counts.approvedCents += r.approvedCents;
      counts.ceilingSignals += r.signals.length;
    }
  };
  // Batch mode: consecutive periods are settled together, up to about DEMO_BATCH_LINES lines per
  // batch (one transaction each, the context read once per batch instead of once per period: the
  // same rules in the same order, see settle-batch.ts).
  // From an empty region, each batch hands the next what it settled (earlier lines, totals, open debits,
  // ceiling spend) instead of the next batch reading it back (settle-batch.ts BatchOptions.carry).
  const carry = sent.size === 0 ? newSettlementCarry() : undefined;
  let pending: BatchDeclaration[] = [];
  let pendingLines = 0;
  let pendingPeriods: string[] = [];
  let batches = 0;
  const settlePending = async () => {
    if (pending.length > 0) {
      add(await settleDeclarationsBatch(db, regionId, pending, { writeLines: copyDemoLines, reserveIds: reserveIdRange, ...(carry ? { carry } : {}) }));
      batches++;
    }
    pending = [];
    pendingLines = 0;
  };
  const flush = async () => {
    await settlePending();
    if (pendingPeriods.length === 0) return;
    progress.step += pendingPeriods.length;
    progress.period = pendingPeriods.at(-1)!;
    progress.declarations = counts.declarations;
    progress.lines = counts.lines;
    opts.onProgress?.({ ...progress });
    pending = [];
    pendingLines = 0;
    pendingPeriods = [];
    await opts.between?.();
  };
  for (const period of periods) {
    const receivedAt = new Date(`${monthStart(nextMonth(period.month))}T07:00:00Z`);
    if (worker) {
      for (;;) {
        const part = await worker.next();
        const todo = part.messages.filter((m) => !sent.has(`${m.agb}|${m.nummer}`));
        for (const m of todo) {
          pending.push({ message: m.message, lines: unpackLines(m.columns), prepared: { sha256: m.sha256, gzip: m.gzip }, now: receivedAt });
          pendingLines += m.lines;
          if (opts.batchDeclarations !== undefined && pending.length >= opts.batchDeclarations) await settlePending();
        }
        if (part.last) pendingPeriods.push(period.month);
        // Small batches first, so settling starts while the worker makes the next messages.
        if (pendingLines >= Math.min(opts.batchLines ?? DEMO_BATCH_LINES, DEMO_FIRST_BATCH_LINES * 2 ** batches)) await flush();
        if (part.last) break;
      }
      continue;
    }
    const { messages, next } = periodDeclarations(plan, period, carried);
    carried = next;
    const todo = messages.filter((m) => !sent.has(`${m.agb}|${m.nummer}`));
    if (opts.settle === 'one-by-one') {
      for (const m of todo) {
        add([await settleDeclaration(db, regionId, new TextEncoder().encode(m.xml), receivedAt)]);
        await opts.between?.();
      }
      pendingPeriods.push(period.month);
      await flush();
      continue;
    }
    for (const m of todo) {
      pending.push({ xml: m.xml, message: m.message, now: receivedAt });
      pendingLines += m.lines;
      // A batch of at most batchDeclarations messages, also within a period (the same order: a batch continues where the one before stopped).
      if (opts.batchDeclarations !== undefined && pending.length >= opts.batchDeclarations) await settlePending();
    }
    pendingPeriods.push(period.month);
    if (pendingLines >= (opts.batchLines ?? DEMO_BATCH_LINES)) await flush();
  }
  await flush();
  counts.seconds = Math.round((Date.now() - t0) / 100) / 10;
  await db
    .update(demoRuns)
    .set({ counts: sql`${demoRuns.counts} || ${JSON.stringify({ funding: counts })}::jsonb` })
    .where(eq(demoRuns.regionId, regionId));
  return counts;
}

/** The demo's goal-attainment records of ended result-based allocations (both informants; assumed degrees). */
async function recordDemoOutcomes(db: Db, regionId: string, ended: readonly PlanAllocation[]): Promise<void> {
  if (ended.length === 0) return;
  const ids = await db
    .select({ id: allocations.id, nummer: allocations.toewijzingNummer })
    .from(allocations)
    .where(and(eq(allocations.regionId, regionId), sql`${allocations.toewijzingNummer} = any(${sql.param(ended.map((a) => a.nummer!))}::int[])`));
  const idOf = new Map(ids.map((r) => [r.nummer, r.id]));
  // The goal is agreed on one of the region's clusters of result areas, when it has them (assumed: spread over the clusters).
  const clusters = (await loadRegionProfile(db, regionId)).resultaatclusters;
  const rows: (typeof allocationOutcomes.$inferInsert)[] = [];
  // Given (not the column's default), so the rows are written as arrays (insert-rows.ts), not value by value.
  const recordedAt = new Date();
  for (const a of ended) {
    const allocationId = idOf.get(a.nummer!);
    if (allocationId === undefined) continue;
    for (const informant of ['ouder', 'jeugdige'] as const) {
      rows.push({
        regionId,
        allocationId,
        toewijzingNummer: a.nummer!,
        informant,
        gemetenOp: a.end!,
        doelrealisatiePct: demoGoalAttainment(a.nummer!, informant),
        resultaatcluster: clusters.length > 0 ? clusters[a.nummer! % clusters.length]!.id : null,
        recordedBy: 'demo',
        recordedRole: 'aanbieder',
        recordedAt,
      });
    }
  }
  await insertRows(db, allocationOutcomes, rows, { onConflictDoNothing: true });
}

const LINE_COLUMNS = [
  'id',
  'declaration_id',
  'region_id',
  'provider_agb',
  'referentie_nummer',
  'vorig_referentie_nummer',
  'toewijzing_nummer',
  'allocation_id',
  'segment_id',
  'municipality_code',
  'product_categorie',
  'product_code',
  'begindatum',
  'einddatum',
  'volume',
  'eenheid',
  'bedrag_cents',
  'debet_credit',
  'approved',
  'codes',
  'amount_cents',
  'credited',
] as const;

/**
 * The settled lines of a demo batch written with COPY (the batch's transaction; the same columns as
 * the batch's own insert), as one statement, with the foreign key to declarations checked once for
 * the batch instead of per line (foreign-keys.ts; about a third of the COPY's time on PGlite), and the
 * read models spend_monthly and allocation_declared summed from the rows instead of by their insert
 * trigger (funding-read-models.ts; the same sums, in the same transaction). The data version trigger
 * (migrations 0014, 0027) and the indexes work as for any insert.
 */
export async function copyDemoLines(tx: Tx, rows: BatchLineRow[]): Promise<void> {
  if (rows.length === 0) return;
  let first = rows[0]!.id;
  let last = first;
  for (const r of rows) {
    if (r.id < first) first = r.id;
    if (r.id > last) last = r.id;
  }
  await withReadModelsFromRows(tx, rows, () =>
    withForeignKeysCheckedOnce(tx, 'declaration_lines', sql`t.id between ${first}::int and ${last}::int`, () =>
      copyTextInTransaction(tx, 'declaration_lines', LINE_COLUMNS, lineChunks(rows, COPY_PIECE)),
    ),
  );
}

/** COPY text per statement: a batch's lines in one statement (the statement triggers run once per batch). */
const COPY_PIECE = 64 << 20;

/**
 * The rows in COPY text format, in pieces of about 1 MB: one template per row in LINE_COLUMNS order
 * (no array of values per row); texts through copyText (escaping), numbers and flags as they are.
 */
export function* lineChunks(rows: readonly BatchLineRow[], size = 1 << 20): Generator<string> {
  let buf = '';
  const t = (v: string | null | undefined) => copyText(v);
  const f = (v: boolean | null | undefined) => (v === null || v === undefined ? '\\N' : v ? 't' : 'f');
  const n = (v: number | null | undefined) => copyText(v);
  for (const r of rows) {
    buf += `${r.id}\t${r.declarationId}\t${t(r.regionId)}\t${t(r.providerAgb)}\t${t(r.referentieNummer)}\t${t(r.vorigReferentieNummer)}\t${n(r.toewijzingNummer)}\t${n(r.allocationId)}\t${t(r.segmentId)}\t${t(r.municipalityCode)}\t${t(r.productCategorie)}\t${t(r.productCode)}\t${t(r.begindatum)}\t${t(r.einddatum)}\t${n(r.volume)}\t${t(r.eenheid)}\t${n(r.bedragCents)}\t${t(r.debetCredit)}\t${f(r.approved)}\t${copyText(r.codes ?? [])}\t${n(r.amountCents)}\t${f(r.credited ?? false)}\n`;
    if (buf.length >= size) {
      yield buf;
      buf = '';
    }
  }
  if (buf.length > 0) yield buf;
}
