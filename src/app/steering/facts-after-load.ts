/**
 * A full refresh of a region's KPI facts that writes only what changed (issue #14, the demo's first
 * start): after a bulk load (the demo's funding and the outcomes of its allocations) the facts are
 * computed from the whole care register as refreshFacts computes them (facts-store.ts: the same
 * source data, measures and aggregation, as of `today`), compared with the stored facts cell by
 * cell, and only the cells whose sums differ are written (new and changed cells upserted, cells
 * that are gone deleted). The stored result is the same as refreshFacts' delete-and-COPY of every
 * cell, which for Holland Rijnland rewrites some 100,000 rows and their eight-column unique index
 * while a few thousand changed since the preparation's refresh (the dialogues' KPI snapshot).
 */
import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.js';
import { kpiRefresh } from '../../db/schema-steering.js';
import { jsonRows } from '../../db/json-rows.js';
import { aggregateFacts, factsFor, type Fact } from '../../domain/steering/measures.js';
import { loadSourceData, watermark } from './facts-store.js';
import { regionCatalogue } from './region-catalogue.js';

/** What a refresh by difference wrote: cells computed, written (new or changed) and deleted. */
export interface FactsDifference {
  cells: number;
  written: number;
  deleted: number;
}

type Cell = Fact & { indicatorId: string };

const keyOf = (c: { indicatorId: string; month: string; segmentId: string; areaId: string; municipalityCode: string; providerId: number; step: string }) =>
  `${c.indicatorId}\u0000${c.month}\u0000${c.segmentId}\u0000${c.areaId}\u0000${c.municipalityCode}\u0000${c.providerId}\u0000${c.step}`;

/**
 * Recomputes the region's facts as of `today` and stores them, writing only the cells that differ
 * from the stored ones; records the fingerprint and data date as refreshFacts does. Null when the
 * facts were current already (nothing to do).
 */
export async function refreshFactsByDifference(db: Db, regionId: string, today: string): Promise<FactsDifference | null> {
  const catalogue = await regionCatalogue(db, regionId);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`kpi:${regionId}`}))`);
    const mark = await watermark(tx, regionId);
    const [done] = await tx.select().from(kpiRefresh).where(eq(kpiRefresh.regionId, regionId));
    if (done && done.dataDate === today && done.watermark === mark) return null;
    const data = await loadSourceData(tx, regionId);
    const cells: Cell[] = catalogue.indicatoren.flatMap((ind) => aggregateFacts(factsFor(ind, data, today)).map((f) => ({ indicatorId: ind.id, ...f })));
    const stored = new Map(
      (
        await jsonRows<Cell>(
          tx,
          sql`select indicator_id as "indicatorId", to_char(month, 'YYYY-MM-DD') as month, segment_id as "segmentId", area_id as "areaId",
            municipality_code as "municipalityCode", provider_id as "providerId", step, num, num_sq as "numSq", den
          from kpi_facts where region_id = ${regionId}`,
        )
      ).map((c) => [keyOf(c), c]),
    );
    const changed: Cell[] = [];
    for (const c of cells) {
      const k = keyOf(c);
      const s = stored.get(k);
      stored.delete(k);
      if (!s || s.num !== c.num || s.numSq !== c.numSq || s.den !== c.den) changed.push(c);
    }
    // What is left was stored and is not a fact any more.
    await deleteCells(tx, regionId, [...stored.values()]);
    await upsertCells(tx, regionId, changed);
    await tx
      .insert(kpiRefresh)
      .values({ regionId, refreshedAt: new Date(), dataDate: today, watermark: mark })
      .onConflictDoUpdate({ target: kpiRefresh.regionId, set: { refreshedAt: new Date(), dataDate: today, watermark: mark } });
    return { cells: cells.length, written: changed.length, deleted: stored.size };
  });
}

const PART = 5000;

/** The columns of cells as array parameters (one per column), for unnest. */
function columns(part: readonly Cell[]) {
  const col = <T>(f: (r: Cell) => T) => sql.param(part.map(f));
  return sql`${col((r) => r.indicatorId)}::text[], ${col((r) => r.month)}::date[], ${col((r) => r.segmentId)}::text[], ${col((r) => r.areaId)}::text[],
    ${col((r) => r.municipalityCode)}::text[], ${col((r) => r.providerId)}::int[], ${col((r) => r.step)}::text[]`;
}

async function upsertCells(tx: Tx, regionId: string, cells: readonly Cell[]): Promise<void> {
  for (let i = 0; i < cells.length; i += PART) {
    const part = cells.slice(i, i + PART);
    const col = <T>(f: (r: Cell) => T) => sql.param(part.map(f));
    await tx.execute(sql`insert into kpi_facts (region_id, indicator_id, month, segment_id, area_id, municipality_code, provider_id, step, num, num_sq, den)
      select ${regionId}, u.* from unnest(${columns(part)}, ${col((r) => r.num)}::float8[], ${col((r) => r.numSq)}::float8[], ${col((r) => r.den)}::int[])
        as u(indicator_id, month, segment_id, area_id, municipality_code, provider_id, step, num, num_sq, den)
      on conflict (region_id, indicator_id, month, segment_id, area_id, municipality_code, provider_id, step)
      do update set num = excluded.num, num_sq = excluded.num_sq, den = excluded.den`);
  }
}

async function deleteCells(tx: Tx, regionId: string, cells: readonly Cell[]): Promise<void> {
  for (let i = 0; i < cells.length; i += PART) {
    const part = cells.slice(i, i + PART);
    await tx.execute(sql`delete from kpi_facts k using unnest(${columns(part)}) as u(indicator_id, month, segment_id, area_id, municipality_code, provider_id, step)
      where k.region_id = ${regionId} and k.indicator_id = u.indicator_id and k.month = u.month and k.segment_id = u.segment_id and k.area_id = u.area_id
        and k.municipality_code = u.municipality_code and k.provider_id = u.provider_id and k.step = u.step`);
  }
}
