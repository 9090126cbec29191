/** Committed amounts of the spend report: what the active allocations still allow within the year, priced at their tariffs and kept (issue #14). */
import { add, type FundingView, type SpendBy } from './spend-scope.js';
import { readsTogether } from '../../db/reads-together.js';
import { and, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { allocationDeclared, allocations, tariffs } from '../../db/schema.js';
import { keptPerDataVersion } from './kept.js';
import { valueAt } from '../../domain/funding/models.js';
import { allocatedVolume, volumeValue } from '../../domain/funding/forecast.js';
import { addDays, maxDate, minDate } from '../../domain/dates.js';
import { isOpen } from '../../domain/landscape/profile-schema.js';
import { loadRegionProfile } from '../landscape.js';

/**
 * Committed per key: for each allocation active in the year, the allocated volume from the day
 * after its last declared period (or its start, or 1 January) until its end (or 31 December), at
 * the contract tariff valid then; for a total (frequency 6) the volume not yet declared.
 */
export async function committedPerKey(
  db: Db,
  regionId: string,
  view: FundingView,
  by: SpendBy,
  ctx: { year: number; asOf: string },
): Promise<Map<string, number>> {
  // The same allocations for every grouping (the contract list asks by provider and by segment,
  // the spend screens by all three): computed once per region data version, view, year and date,
  // kept per provider, segment and municipality, and summed here by the key asked for.
  const parts = await keptPerDataVersion(
    db,
    regionId,
    COMMITTED_KINDS,
    ['committed', view, ctx.year, ctx.asOf],
    () => committedParts(db, regionId, view, ctx),
    {
      shared: true,
    },
  );
  const out = new Map<string, number>();
  for (const p of parts) add(out, by === 'provider' ? String(p.providerId) : by === 'segment' ? p.segmentId : p.municipalityCode, p.cents);
  return out;
}

/** What committedParts reads: the allocations, their declared volume (allocation_declared), the tariffs and the profile. */
const COMMITTED_KINDS = ['region', 'allocations', 'declarations', 'tariffs'] as const;
/** What the priced allocations (committedBase) read: not the declarations. */
const COMMITTED_BASE_KINDS = ['region', 'allocations', 'tariffs'] as const;

/** An active allocation as the committed amount needs it, with its tariffs resolved (committedBase). */
interface PricedAllocation {
  nummer: number;
  /** Index into CommittedBase.keys: provider, segment, municipality. */
  key: number;
  /** From (without what was declared: 1 January or the allocation's start) and to within the year. */
  from: string;
  to: string;
  volume: number;
  frequentie: string;
  eenheid: string;
  /** The tariff's unit and its prices by valid-from date (valueAt). */
  unit: string;
  prices: { validFrom: string; value: number }[];
  /** A total (frequency 6) that ends in a later year is paid on completion: nothing this year. */
  later: boolean;
}
interface CommittedBase {
  keys: { providerId: number; segmentId: string; municipalityCode: string }[];
  allocations: PricedAllocation[];
}

/**
 * Committed cents per provider, segment and municipality (see committedPerKey). The active
 * allocations priced at their tariffs (committedBase) are kept until the allocations, tariffs or
 * profile change; a declaration only changes what was declared on them, so after a JW323 this reads
 * allocation_declared for those allocations by primary key (issue #14) and not the allocations and
 * tariffs again.
 */
async function committedParts(
  db: Db,
  regionId: string,
  view: FundingView,
  ctx: { year: number; asOf: string },
): Promise<{ providerId: number; segmentId: string; municipalityCode: string; cents: number }[]> {
  const base = await keptPerDataVersion(
    db,
    regionId,
    COMMITTED_BASE_KINDS,
    ['committed-base', view, ctx.year, ctx.asOf],
    () => committedBase(db, regionId, view, ctx),
    {
      shared: true,
    },
  );
  if (base.allocations.length === 0) return [];
  const declaredRows = await db
    .select({ nummer: allocationDeclared.toewijzingNummer, last: allocationDeclared.lastDebitEnd, volume: allocationDeclared.netVolume })
    .from(allocationDeclared)
    .where(
      and(
        eq(allocationDeclared.regionId, regionId),
        sql`${allocationDeclared.toewijzingNummer} = any(${sql.param(base.allocations.map((a) => a.nummer))}::int[])`,
      ),
    );
  const declared = new Map(declaredRows.map((r) => [r.nummer, { last: r.last ? String(r.last).slice(0, 10) : null, volume: Number(r.volume ?? 0) }]));
  const cents = new Array<number>(base.keys.length).fill(0);
  const used = new Array<boolean>(base.keys.length).fill(false);
  for (const a of base.allocations) {
    const d = declared.get(a.nummer);
    const from = d?.last ? maxDate(a.from, addDays(d.last, 1)) : a.from;
    if (a.later) continue;
    const volume = allocatedVolume(
      { volume: a.volume, frequentie: a.frequentie },
      from,
      a.frequentie === '6' ? maxDate(from, a.to) : a.to,
      a.volume - (d?.volume ?? 0),
    );
    if (volume <= 0) continue;
    const price = valueAt(a.prices, from > a.to ? a.to : from);
    if (price === undefined) continue;
    cents[a.key] = (cents[a.key] ?? 0) + Math.round(volumeValue(volume, a.eenheid, { cents: price, eenheid: a.unit }));
    used[a.key] = true;
  }
  return base.keys.flatMap((k, i) => (used[i] ? [{ ...k, cents: cents[i]! }] : []));
}

/** The active allocations of the year in the view, each with the tariff that prices it (committedParts). */
async function committedBase(db: Db, regionId: string, view: FundingView, ctx: { year: number; asOf: string }): Promise<CommittedBase> {
  const yearStart = `${ctx.year}-01-01`;
  const yearEnd = `${ctx.year}-12-31`;
  const scope =
    view.kind === 'municipality'
      ? eq(allocations.municipalityCode, view.municipalityCode)
      : view.kind === 'provider'
        ? eq(allocations.providerId, view.providerId)
        : sql`true`;
  const activeWhere = and(
    eq(allocations.regionId, regionId),
    lte(allocations.ingangsdatum, yearEnd),
    sql`(${allocations.einddatum} is null or ${allocations.einddatum} >= ${maxDate(yearStart, ctx.asOf.slice(0, 8) + '01')})`,
    scope,
  );
  // The allocations, the tariffs and the profile at the same time (issue #14).
  const [active, tariffRows, profile] = await readsTogether(db, [
    // Only the columns the calculation reads (the whole row of every active allocation cost most of the time on PGlite).
    () =>
      db
        .select({
          toewijzingNummer: allocations.toewijzingNummer,
          providerId: allocations.providerId,
          segmentId: allocations.segmentId,
          municipalityCode: allocations.municipalityCode,
          productCategorie: allocations.productCategorie,
          productCode: allocations.productCode,
          ingangsdatum: allocations.ingangsdatum,
          einddatum: allocations.einddatum,
          volume: allocations.volume,
          eenheid: allocations.eenheid,
          frequentie: allocations.frequentie,
        })
        .from(allocations)
        .where(activeWhere),
    () =>
      db
        .select({
          providerId: tariffs.providerId,
          productCategorie: tariffs.productCategorie,
          productCode: tariffs.productCode,
          eenheid: tariffs.eenheid,
          validFrom: tariffs.validFrom,
          priceCents: tariffs.priceCents,
        })
        .from(tariffs)
        .where(and(eq(tariffs.regionId, regionId), view.kind === 'provider' ? eq(tariffs.providerId, view.providerId) : sql`true`)),
    () => loadRegionProfile(db, regionId),
  ]);
  const out: CommittedBase = { keys: [], allocations: [] };
  if (active.length === 0) return out;
  const keyIndex = new Map<string, number>();
  const tariffIndex = new Map<string, typeof tariffRows>();
  for (const t of tariffRows) {
    const k = `${t.providerId}|${t.productCategorie}`;
    const list = tariffIndex.get(k);
    if (list) list.push(t);
    else tariffIndex.set(k, [t]);
  }
  // Caseload care is paid per client per month by schedule, not by allocated volume (seed 001).
  const caseload = new Set(profile.segmenten.filter((s) => !isOpen(s.bekostiging) && s.bekostiging.variant === 'caseload').map((s) => s.id));
  for (const a of active) {
    if (a.volume === null || !a.eenheid || !a.frequentie || caseload.has(a.segmentId)) continue;
    const from = maxDate(yearStart, a.ingangsdatum);
    const to = minDate(yearEnd, a.einddatum ?? yearEnd);
    const candidates = (tariffIndex.get(`${a.providerId}|${a.productCategorie ?? ''}`) ?? []).filter(
      (t) => t.productCode === null || t.productCode === a.productCode,
    );
    const units = [...new Set(candidates.map((t) => t.eenheid))];
    const unit = units.includes(a.eenheid) ? a.eenheid : a.eenheid === '01' && units.includes('04') ? '04' : undefined;
    if (!unit) continue;
    const k = `${a.providerId}|${a.segmentId}|${a.municipalityCode}`;
    let key = keyIndex.get(k);
    if (key === undefined) {
      key = out.keys.push({ providerId: a.providerId, segmentId: a.segmentId, municipalityCode: a.municipalityCode }) - 1;
      keyIndex.set(k, key);
    }
    out.allocations.push({
      nummer: a.toewijzingNummer,
      key,
      from,
      to,
      volume: a.volume,
      frequentie: a.frequentie,
      eenheid: a.eenheid,
      unit,
      prices: candidates.filter((t) => t.eenheid === unit).map((t) => ({ validFrom: t.validFrom, value: t.priceCents })),
      later: a.frequentie === '6' && a.einddatum !== null && a.einddatum > yearEnd,
    });
  }
  return out;
}
