/**
 * The KPI fact table (kpi_facts): per indicator of the region's catalogue, month and cell the sums
 * its measure needs, kept on write: outcome measurements are added (registerOutcome), and a case
 * command replaces the facts of its youth and case (keepFactsBefore/After). A full refresh of a
 * region runs only when the day moves on or its source tables changed outside those writes (a bulk
 * load, the demo; a fingerprint of counts, max ids and last case update in kpi_refresh), never per
 * request: a KPI request only sums facts.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.js';
import { allocationOutcomes, allocations, cases, trajectories, youths } from '../../db/schema.js';
import { kpiFacts, kpiRefresh } from '../../db/schema-steering.js';
import { jsonRows } from '../../db/json-rows.js';
import { connectionOf, copyTextInTransaction, isPostgresConnection } from '../../db/copy-rows.js';
import { FACT_COLUMNS, factsCopyPiecesOffThread } from './facts-worker.js';
import { withForeignKeysCheckedOnce } from '../../db/foreign-keys.js';
import type { CaseState } from '../../domain/access/case.js';
import type { Catalogue } from '../../domain/steering/catalogue.js';
import { aggregateFacts, factsFor, type CaseRec, type Fact, type OutcomeRec, type SourceData } from '../../domain/steering/measures.js';
import { regionCatalogue } from './region-catalogue.js';

const BATCH = 1000;
const OUTCOME_MEASURES = new Set(['tevredenheid', 'zonder-hulp-verder', 'doelrealisatie']);

/** The fingerprint of a region's care register (counts, max ids, stops, last case update) the facts were computed at. */
export async function watermark(db: Tx, regionId: string): Promise<string> {
  const r = (await db.execute(sql`select
      (select count(*) || ':' || coalesce(max(id), 0) from ${trajectories} where region_id = ${regionId}) as t,
      (select count(*) || ':' || coalesce(max(id), 0) || ':' || count(stopdatum) from ${allocations} where region_id = ${regionId}) as a,
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from ${cases} where region_id = ${regionId}) as c`)) as unknown as {
    rows: { t: string; a: string; c: string }[];
  };
  const w = r.rows[0]!;
  return `${w.t}|${w.a}|${w.c}`;
}

/** Part of a region's care register: the records of some youths and cases (facts kept on write). */
export interface FactScope {
  youthIds: number[];
  caseIds: number[];
}

interface TrajectoryRow {
  youthId: number;
  providerId: number;
  segmentId: string;
  municipalityCode: string;
  areaId: string | null;
  productCategory: string | null;
  startDate: string;
  endDate: string | null;
}

/** The care register of a region (or of a scope in it) in the shape the pure measures take. */
export async function loadSourceData(db: Tx, regionId: string, scope?: FactScope): Promise<SourceData> {
  const ofYouths = (col: SQL) => (scope ? sql`${col} = any(${sql.param(scope.youthIds)}::int[])` : sql`true`);
  const ts = await jsonRows<TrajectoryRow>(
    db,
    sql`select t.youth_id as "youthId", t.provider_id as "providerId", t.segment_id as "segmentId", t.municipality_code as "municipalityCode",
        y.area_id as "areaId", t.product_category as "productCategory", t.start_date as "startDate", t.end_date as "endDate"
      from ${trajectories} t join ${youths} y on y.id = t.youth_id and y.region_id = ${regionId}
      where t.region_id = ${regionId} and ${ofYouths(sql`t.youth_id`)}`,
  );
  // Allocations made in access cases have no trajectory row: they count as trajectories too.
  const caseAllocs = await jsonRows<TrajectoryRow>(
    db,
    sql`select a.youth_id as "youthId", a.provider_id as "providerId", a.segment_id as "segmentId", a.municipality_code as "municipalityCode",
        y.area_id as "areaId", a.product_categorie as "productCategory", a.ingangsdatum as "startDate", coalesce(a.stopdatum, a.einddatum) as "endDate"
      from ${allocations} a join ${youths} y on y.id = a.youth_id and y.region_id = ${regionId}
      where a.region_id = ${regionId} and a.trajectory_id is null and ${ofYouths(sql`a.youth_id`)}`,
  );
  const allocs = await jsonRows<{
    providerId: number;
    segmentId: string;
    municipalityCode: string;
    areaId: string | null;
    stopdatum: string | null;
    redenBeeindiging: string | null;
  }>(
    db,
    sql`select a.provider_id as "providerId", a.segment_id as "segmentId", a.municipality_code as "municipalityCode", y.area_id as "areaId",
        a.stopdatum, a.reden_beeindiging as "redenBeeindiging"
      from ${allocations} a join ${youths} y on y.id = a.youth_id and y.region_id = ${regionId}
      where a.region_id = ${regionId} and a.stopdatum is not null and ${ofYouths(sql`a.youth_id`)}`,
  );
  // Outcome measurements are kept on their own write (addOutcomeFacts): a scope leaves them out.
  const outcomes = scope ? [] : await outcomeRecs(db, regionId);
  const caseRows = await db
    .select({ municipalityCode: cases.municipalityCode, areaId: cases.areaId, state: cases.state })
    .from(cases)
    .where(and(eq(cases.regionId, regionId), scope ? inArray(cases.id, scope.caseIds.length ? scope.caseIds : [-1]) : sql`true`));
  return {
    trajectories: [...ts, ...caseAllocs].map((t) => ({ ...t, areaId: t.areaId ?? '', productCategory: t.productCategory ?? '' })),
    allocations: allocs.map((a) => ({ ...a, areaId: a.areaId ?? '' })),
    outcomes,
    cases: caseRows.map((c) => caseRec(c.municipalityCode, c.areaId, c.state as CaseState)),
  };
}

function caseRec(municipalityCode: string, areaId: string | null, s: CaseState): CaseRec {
  const started = s.toewijzingen.filter((t) => t.startdatum).sort((a, b) => a.startdatum!.localeCompare(b.startdatum!))[0];
  const v = s.verwijzingen[0];
  return {
    municipalityCode,
    areaId: areaId ?? '',
    segmentId: v?.segmentId ?? s.toewijzingen[0]?.segmentId ?? '',
    providerId: started?.providerId ?? 0,
    aanmelding: s.aangemeldOp.slice(0, 10),
    ...(s.triage ? { triage: s.triage.datum } : {}),
    ...(v ? { verwijzing: v.datum } : {}),
    ...(s.beschikkingen[0] ? { beschikking: s.beschikkingen[0].datum } : {}),
    ...(started ? { start: started.startdatum! } : {}),
  };
}

async function outcomeRecs(db: Tx, regionId: string, ids?: number[]): Promise<OutcomeRec[]> {
  const rows = await db
    .select({
      providerId: allocations.providerId,
      segmentId: allocations.segmentId,
      municipalityCode: allocations.municipalityCode,
      areaId: youths.areaId,
      gemetenOp: allocationOutcomes.gemetenOp,
      tevredenheid: allocationOutcomes.tevredenheid,
      zonderHulpVerder: allocationOutcomes.zonderHulpVerder,
      doelrealisatiePct: allocationOutcomes.doelrealisatiePct,
    })
    .from(allocationOutcomes)
    .innerJoin(allocations, eq(allocations.id, allocationOutcomes.allocationId))
    .innerJoin(youths, and(eq(youths.id, allocations.youthId), eq(youths.regionId, regionId)))
    .where(and(eq(allocationOutcomes.regionId, regionId), ids ? inArray(allocationOutcomes.id, ids) : sql`true`));
  return rows.map((r) => ({ ...r, areaId: r.areaId ?? '' }));
}

function factRows(regionId: string, indicatorId: string, facts: readonly Fact[]) {
  return aggregateFacts(facts).map((f) => ({ regionId, indicatorId, ...f }));
}

/** Recomputes all facts of a region in one transaction and records the fingerprint and data date. */
export async function refreshFacts(db: Db, regionId: string, today: string, given?: Catalogue): Promise<void> {
  const catalogue = given ?? (await regionCatalogue(db, regionId));
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`kpi:${regionId}`}))`);
    const mark = await watermark(tx, regionId);
    // A concurrent request may have refreshed while this one waited for the lock.
    const [done] = await tx.select().from(kpiRefresh).where(eq(kpiRefresh.regionId, regionId));
    if (done && done.dataDate === today && done.watermark === mark) return;
    const data = await loadSourceData(tx, regionId);
    // All indicators' facts with COPY, its text computed on the facts worker beside PGlite and written
    // piece by piece as it comes (facts-worker.ts: measures with the same facts computed once, the
    // rows straight from the facts); the old facts are deleted meanwhile.
    const text = factsCopyPiecesOffThread({ regionId, indicators: catalogue.indicatoren, data, today });
    await tx.delete(kpiFacts).where(eq(kpiFacts.regionId, regionId));
    const write = () => copyTextInTransaction(tx, 'kpi_facts', FACT_COLUMNS, text);
    // On PGlite (one connection) the one foreign key, the region, is checked once for the region's rows
    // instead of per row (half the COPY's time); on PostgreSQL switching the check off would lock the
    // table against the other connections' KPI reads until the refresh commits.
    if (isPostgresConnection(connectionOf(tx))) await write();
    else await withForeignKeysCheckedOnce(tx, 'kpi_facts', sql`t.region_id = ${regionId}`, write);
    await tx
      .insert(kpiRefresh)
      .values({ regionId, refreshedAt: new Date(), dataDate: today, watermark: mark })
      .onConflictDoUpdate({ target: kpiRefresh.regionId, set: { refreshedAt: new Date(), dataDate: today, watermark: mark } });
  });
}

/**
 * Refreshes the facts when the source tables changed or the day moved on; returns the data date.
 * While data streams in (the demo funding in the background, a bulk load) a region is refreshed at
 * most once per `minIntervalMs`; in between the figures of the last refresh are served with their date.
 */
export async function ensureFacts(db: Db, regionId: string, today: string, opts: { minIntervalMs?: number; now?: Date } = {}): Promise<string> {
  const catalogue = await regionCatalogue(db, regionId);
  const [state] = await db.select().from(kpiRefresh).where(eq(kpiRefresh.regionId, regionId));
  const recent = state && state.dataDate === today && (opts.now ?? new Date()).getTime() - state.refreshedAt.getTime() < (opts.minIntervalMs ?? 60_000);
  if (state && state.dataDate === today && (recent || state.watermark === (await watermark(db, regionId)))) return state.dataDate;
  await refreshFacts(db, regionId, today, catalogue);
  return today;
}

/**
 * Adds outcome measurements to the facts in place (kept on write), in the caller's transaction.
 * `rows` are allocation_outcomes rows just inserted; no-op when the region has no catalogue.
 */
export async function addOutcomeFacts(tx: Tx, regionId: string, rows: readonly { id: number }[]): Promise<void> {
  let catalogue: Catalogue;
  try {
    catalogue = await regionCatalogue(tx, regionId);
  } catch {
    return;
  }
  const indicators = catalogue.indicatoren.filter((i) => OUTCOME_MEASURES.has(i.maat));
  if (indicators.length === 0 || rows.length === 0) return;
  const [state] = await tx.select({ dataDate: kpiRefresh.dataDate }).from(kpiRefresh).where(eq(kpiRefresh.regionId, regionId));
  if (!state) return; // not computed yet: the first refresh reads the outcomes
  const recs = await outcomeRecs(
    tx,
    regionId,
    rows.map((r) => r.id),
  );
  const data: SourceData = { trajectories: [], allocations: [], cases: [], outcomes: recs };
  for (const ind of indicators) {
    const values = factRows(regionId, ind.id, factsFor(ind, data, '9999-12-31'));
    await addFacts(tx, values);
  }
}

/** Adds fact rows to the stored facts: a row with the same key (indicator, month, scope) is summed into. */
async function addFacts(tx: Tx, values: (typeof kpiFacts.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < values.length; i += BATCH) {
    await tx
      .insert(kpiFacts)
      .values(values.slice(i, i + BATCH))
      .onConflictDoUpdate({
        target: [
          kpiFacts.regionId,
          kpiFacts.indicatorId,
          kpiFacts.month,
          kpiFacts.segmentId,
          kpiFacts.areaId,
          kpiFacts.municipalityCode,
          kpiFacts.providerId,
          kpiFacts.step,
        ],
        set: { num: sql`${kpiFacts.num} + excluded.num`, numSq: sql`${kpiFacts.numSq} + excluded.num_sq`, den: sql`${kpiFacts.den} + excluded.den` },
      });
  }
}

/** What `keepFactsBefore` saw, for `keepFactsAfter`; null when the facts were not current (a full refresh follows anyway). */
export interface KeptFacts {
  regionId: string;
  scope: FactScope;
  dataDate: string;
  catalogue: Catalogue;
  before: Map<string, Fact[]>;
}

/**
 * Keeps the facts up to date on write (issue #12: no full refresh per change). A write that changes
 * the care register of some youths and cases (an allocation made, changed or stopped; a case step)
 * calls this first, in its own transaction: it takes the facts of that scope as they are. Facts add
 * up and each depends only on one youth's trajectories, one allocation or one case, so
 * `keepFactsAfter` subtracts these, adds the scope's new facts, and moves the fingerprint on: the
 * next KPI request finds the facts current. Returns null when the facts were not current.
 */
export async function keepFactsBefore(tx: Tx, regionId: string, scope: FactScope): Promise<KeptFacts | null> {
  // Never computed (a new region, the demo's caseload before its first KPI request): nothing to keep,
  // and no lock to wait for. A refresh running meanwhile either reads this write or records a
  // fingerprint without it, so the next request refreshes again (as after any write not kept).
  if ((await tx.select({ regionId: kpiRefresh.regionId }).from(kpiRefresh).where(eq(kpiRefresh.regionId, regionId))).length === 0) return null;
  let catalogue: Catalogue;
  try {
    catalogue = await regionCatalogue(tx, regionId);
  } catch {
    return null;
  }
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`kpi:${regionId}`}))`);
  const [state] = await tx.select().from(kpiRefresh).where(eq(kpiRefresh.regionId, regionId));
  if (!state || state.watermark !== (await watermark(tx, regionId))) return null;
  return { regionId, scope, dataDate: state.dataDate, catalogue, before: scopedFacts(catalogue, await loadSourceData(tx, regionId, scope), state.dataDate) };
}

function scopedFacts(catalogue: Catalogue, data: SourceData, today: string): Map<string, Fact[]> {
  const out = new Map<string, Fact[]>();
  for (const ind of catalogue.indicatoren) if (!OUTCOME_MEASURES.has(ind.maat)) out.set(ind.id, factsFor(ind, data, today));
  return out;
}

/** Applies the change of the scope's facts since `keepFactsBefore` and records the new fingerprint. */
export async function keepFactsAfter(tx: Tx, kept: KeptFacts | null): Promise<void> {
  if (!kept) return;
  const after = scopedFacts(kept.catalogue, await loadSourceData(tx, kept.regionId, kept.scope), kept.dataDate);
  for (const [indicatorId, facts] of after) {
    const negated = (kept.before.get(indicatorId) ?? []).map((f) => ({ ...f, num: -f.num, numSq: -f.numSq, den: -f.den }));
    const delta = aggregateFacts([...negated, ...facts]).filter((f) => f.num !== 0 || f.numSq !== 0 || f.den !== 0);
    const values = delta.map((f) => ({ regionId: kept.regionId, indicatorId, ...f }));
    await addFacts(tx, values);
  }
  await tx
    .update(kpiRefresh)
    .set({ watermark: await watermark(tx, kept.regionId) })
    .where(eq(kpiRefresh.regionId, kept.regionId));
}
