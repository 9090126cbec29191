/** The ceiling figures of the contract screens from one grouped read of spend_monthly (issue #14): the spend report's numbers for the rows with a ceiling, without the committed amounts. */
import { add, fundingView, monthOf, type FundingView, scheduleItemsOfYear, spendLinesWithLast } from './spend-scope.js';
import { readsTogether } from '../../db/reads-together.js';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { ceilings, providers, spendMonthly } from '../../db/schema.js';
import { keptPerDataVersion, type DataKind } from './kept.js';
import { type UserScope } from '../../domain/access/roles.js';
import { forecastYear } from '../../domain/funding/forecast.js';

// ------------------------------------------------------------------------------------------------
// Ceiling figures for the contract screens

/** A recorded ceiling of the year with the spend and forecast against it (the spend report's figures for that row). */
export interface CeilingSpendFigures {
  ceilingCents: number;
  spentCents: number;
  forecastCents: number;
}

/** Per provider id (as the spend report's provider keys) and per segment: the ceilings of the year with their spend. */
export interface CeilingSpend {
  byProvider: Map<string, CeilingSpendFigures>;
  bySegment: Map<string, CeilingSpendFigures>;
}

/** What ceilingSpend reads: the lines' read model spend_monthly, the schedules, the ceilings, the providers (no allocations, no tariffs). */
export const CEILING_SPEND_KINDS: readonly DataKind[] = ['region', 'declarations', 'schedules', 'ceilings'];

/**
 * The figures the contract list, the contract page and a provider's own contracts show next to a
 * ceiling (contracts/ceilings.ts): per provider and per segment with a ceiling of the year, spent to
 * date and the forecast, the same numbers as the rows of the spend report by provider and by
 * segment (same view, year and reference date), without what those screens never show: the
 * committed amounts (every active allocation priced at its tariff). A declaration makes this cold;
 * computing it again reads the region's ceilings, schedules of the year and one grouped read of
 * spend_monthly (kept current by the settlement's own statements, migration 0009), not the
 * allocations. A provider ceiling with nothing spent yet shows 0 spent.
 */
export async function ceilingSpend(db: Db, user: UserScope, regionId: string, opts: { year: number; asOf: string }): Promise<CeilingSpend> {
  const view = await fundingView(db, user, regionId, ['region', 'municipality', 'provider']);
  // A municipality's view has no ceilings (the spend report reads none for it).
  if (view.kind === 'municipality') return { byProvider: new Map(), bySegment: new Map() };
  const out = await keptPerDataVersion(db, regionId, CEILING_SPEND_KINDS, ['ceiling-spend', view, opts.year, opts.asOf], () =>
    computeCeilingSpend(db, view, regionId, opts),
  );
  return { byProvider: new Map(out.byProvider), bySegment: new Map(out.bySegment) };
}

async function computeCeilingSpend(
  db: Db,
  view: FundingView,
  regionId: string,
  opts: { year: number; asOf: string },
): Promise<{ byProvider: [string, CeilingSpendFigures][]; bySegment: [string, CeilingSpendFigures][] }> {
  const { year, asOf } = opts;
  const asOfMonth = monthOf(asOf);
  const [lines, providerRows, scheduleRows, ceilingRows] = await readsTogether(db, [
    // One read for both groupings: per provider, segment and month. A (provider, month) or (segment,
    // month) group has approved lines exactly when one of its finer groups has, and the sums add up,
    // so grouping these rows further gives the spend report's rows. With the month declared through,
    // as the spend report (one statement: one snapshot).
    () => spendLinesWithLast(db, regionId, view, { asOfMonth, year }, [spendMonthly.providerAgb, spendMonthly.segmentId]),
    () => db.select({ id: providers.id, agb: providers.agbCode }).from(providers).where(eq(providers.regionId, regionId)),
    () => scheduleItemsOfYear(db, regionId, view, year),
    () =>
      db
        .select()
        .from(ceilings)
        .where(and(eq(ceilings.regionId, regionId), eq(ceilings.year, year))),
  ]);
  // The keys with a ceiling, as the spend report's ceilingFor: the general ceiling of the key, else the sum of its specific ones.
  const ceilingOf = (own: typeof ceilingRows, general: (c: (typeof ceilingRows)[number]) => boolean) => {
    const g = own.filter(general);
    const rows = g.length > 0 ? g : own;
    return rows.reduce((a, c) => a + c.amountCents, 0);
  };
  const providerCeilings = new Map<string, number>();
  for (const id of new Set(ceilingRows.flatMap((c) => (c.providerId === null ? [] : [c.providerId])))) {
    // A provider sees its own provider ceiling only (the spend report's rows in its view).
    if (view.kind === 'provider' && id !== view.providerId) continue;
    providerCeilings.set(
      String(id),
      ceilingOf(
        ceilingRows.filter((c) => c.providerId === id),
        (c) => c.segmentId === null,
      ),
    );
  }
  const segmentCeilings = new Map<string, number>();
  // Segment ceilings are shown in the region's view only (seed 003 §6.3.5; the spend report's ceilingFor).
  if (view.kind === 'region')
    for (const id of new Set(ceilingRows.flatMap((c) => (c.segmentId === null ? [] : [c.segmentId]))))
      segmentCeilings.set(
        id,
        ceilingOf(
          ceilingRows.filter((c) => c.segmentId === id),
          (c) => c.providerId === null,
        ),
      );
  if (providerCeilings.size === 0 && segmentCeilings.size === 0) return { byProvider: [], bySegment: [] };

  const { declaredThrough, rows: lineRows } = lines;

  const providerByAgb = new Map(providerRows.map((p) => [p.agb, p.id]));
  const declaredBy = { provider: new Map<string, Map<string, number>>(), segment: new Map<string, Map<string, number>>() };
  for (const r of lineRows) {
    const [agb, segmentId] = r.keys as [string, string];
    const keys = [
      [declaredBy.provider, String(providerByAgb.get(agb) ?? `agb:${agb}`)],
      [declaredBy.segment, segmentId],
    ] as const;
    for (const [map, key] of keys) add(map.get(key) ?? map.set(key, new Map()).get(key)!, r.month, r.cents);
  }
  const scheduledBy = {
    provider: new Map<string, Map<string, { dueCents: number; futureCents: number }>>(),
    segment: new Map<string, Map<string, { dueCents: number; futureCents: number }>>(),
  };
  for (const s of scheduleRows) {
    const month = monthOf(s.period);
    for (const [map, key] of [
      [scheduledBy.provider, String(s.providerId)],
      [scheduledBy.segment, s.segmentId],
    ] as const) {
      const target = map.get(key) ?? map.set(key, new Map()).get(key)!;
      const cell = target.get(month) ?? { dueCents: 0, futureCents: 0 };
      if (s.dueDate <= asOf) cell.dueCents += s.cents;
      else cell.futureCents += s.cents;
      target.set(month, cell);
    }
  }
  const figures = (ceilingsOf: Map<string, number>, by: 'provider' | 'segment'): [string, CeilingSpendFigures][] =>
    [...ceilingsOf].map(([key, ceilingCents]) => {
      const f = forecastYear({ year, declared: declaredBy[by].get(key) ?? new Map(), scheduled: scheduledBy[by].get(key) ?? new Map(), declaredThrough });
      return [key, { ceilingCents, spentCents: f.spentCents, forecastCents: f.forecastCents }];
    });
  return { byProvider: figures(providerCeilings, 'provider'), bySegment: figures(segmentCeilings, 'segment') };
}
