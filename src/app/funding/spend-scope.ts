/**
 * Who sees which part of a region's funding data (DESIGN "Data principles": regional roles the
 * region, a municipality its own residents' lines, a provider its own lines and schedules; the
 * local team none), and the pieces the spend reads share (spend.ts, ceiling-spend.ts, committed.ts).
 */
import { and, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/database.js';
import { municipalities, paymentSchedule, providers, regions, spendMonthly } from '../../db/schema.js';
import { dataScope, type UserScope } from '../../domain/access/roles.js';
import { Forbidden, NotFound } from '../errors.js';
import { rowsOf } from './settle-context.js';
import { keptPerDataVersion } from './kept.js';

// ------------------------------------------------------------------------------------------------
// Tenancy

export type FundingView =
  | { kind: 'region'; label: string }
  | { kind: 'municipality'; municipalityCode: string; label: string }
  | { kind: 'provider'; providerId: number; agb: string; label: string };

/**
 * What part of a region's funding data a user may see. The local team (toegang) has no funding
 * view; users of another region none at all.
 */
export async function fundingView(db: Db, user: UserScope, regionId: string, allowed: FundingView['kind'][]): Promise<FundingView> {
  const scope = dataScope(user, regionId);
  // The region and the name of the user's municipality or provider (every funding read asks this
  // first), kept per version of the region's data (regions, municipalities and providers are kind
  // 'region', migration 0027): inside a read request that version is already known
  // (request-reads.ts), so a cold report no longer waits a round trip for this before its own reads.
  const scopeKey = scope.kind === 'municipality' ? `m|${scope.municipalityCode}` : scope.kind === 'provider' ? `p|${scope.providerId}` : scope.kind;
  const region = await keptPerDataVersion(db, regionId, ['region'], ['funding-view', scopeKey], () => fundingViewRow(db, regionId, scope), {
    shared: true,
    small: true,
  });
  if (!region) throw new NotFound(`regio "${regionId}" bestaat niet`);
  if (user.role === 'toegang') throw new Forbidden('het lokale team (toegang) heeft geen inzage in bekostigingsgegevens');
  let view: FundingView;
  switch (scope.kind) {
    case 'none':
      throw new Forbidden(`uw account hoort bij een andere regio dan ${regionId}`);
    case 'region':
      view = { kind: 'region', label: region.name };
      break;
    case 'municipality':
      view = { kind: 'municipality', municipalityCode: scope.municipalityCode, label: `gemeente ${region.municipalityName ?? scope.municipalityCode}` };
      break;
    case 'provider': {
      const p = region.provider;
      if (!p) throw new Forbidden('uw aanbieder is in deze regio niet bekend');
      view = { kind: 'provider', providerId: scope.providerId, agb: p.agb, label: p.name };
      break;
    }
  }
  if (!allowed.includes(view.kind)) throw new Forbidden(`dit overzicht van de bekostiging is niet beschikbaar voor de rol ${user.role}`);
  return view;
}

/** The region's name and the name of the user's municipality or provider, in one statement (null: no such region). */
async function fundingViewRow(db: Db, regionId: string, scope: ReturnType<typeof dataScope>) {
  const [region] = await db
    .select({
      id: regions.id,
      name: regions.name,
      municipalityName:
        scope.kind === 'municipality'
          ? sql<
              string | null
            >`(select ${municipalities.name} from ${municipalities} where ${municipalities.regionId} = ${regionId} and ${municipalities.code} = ${scope.municipalityCode})`
          : sql<null>`null`,
      provider:
        scope.kind === 'provider'
          ? sql<{
              agb: string;
              name: string;
            } | null>`(select json_build_object('agb', ${providers.agbCode}, 'name', ${providers.name}) from ${providers} where ${providers.id} = ${scope.providerId} and ${providers.regionId} = ${regionId})`
          : sql<null>`null`,
    })
    .from(regions)
    .where(eq(regions.id, regionId));
  return region ?? null;
}

// ------------------------------------------------------------------------------------------------
// Shared by the spend reads

export const monthOf = (d: string) => d.slice(0, 7);
export const monthStart = (m: string) => `${m}-01`;

export type SpendBy = 'provider' | 'segment' | 'municipality';

/** The spend_monthly rows a view may see: a municipality its residents', a provider its own. */
export function lineScope(view: FundingView): SQL {
  switch (view.kind) {
    case 'municipality':
      return eq(spendMonthly.municipalityCode, view.municipalityCode);
    case 'provider':
      return eq(spendMonthly.providerAgb, view.agb);
    default:
      return sql`true`;
  }
}

/** A spend_monthly group with at least one approved line (as the lines' `where approved`). */
export const hasApproved = sql`sum(${spendMonthly.lines}) > sum(${spendMonthly.rejectedLines})`;

/** Adds cents to a key's running total. */
export function add<K>(map: Map<K, number>, key: K, cents: number): void {
  map.set(key, (map.get(key) ?? 0) + cents);
}

/**
 * The approved spend per key and month that a report reads, with the last month with approved lines
 * before the reference month in the view ("declared through", for the forecast's run rate), in one
 * statement: one snapshot, so the lines always hold the months the run rate needs, and no round
 * trip waits for another (issue #14: a report computed again after a declaration). The lines run
 * from the year's start, or from two months before the last declared month when that is earlier,
 * to the year's end. `keys` are the spend_monthly columns to group by, answered in that order.
 */
export async function spendLinesWithLast(
  db: Db,
  regionId: string,
  view: FundingView,
  o: { asOfMonth: string; year: number },
  keys: (SQL | AnyPgColumn)[],
): Promise<{ declaredThrough: string | null; rows: { keys: string[]; month: string; cents: number }[] }> {
  const yearStart = `${o.year}-01-01`;
  const scope = lineScope(view);
  const keyList = sql.join(keys, sql`, `);
  const rows = rowsOf<{ last: string | null; keys: string[] | null; month: string | null; cents: string | null }>(
    await db.execute(sql`
      select l.last::text as last, x.keys, x.month, x.cents
      from (
        select max(${spendMonthly.month}) as last from ${spendMonthly}
        where ${spendMonthly.regionId} = ${regionId} and ${spendMonthly.lines} > ${spendMonthly.rejectedLines}
          and ${spendMonthly.month} < ${monthStart(o.asOfMonth)}::date and ${scope}
      ) l
      left join lateral (
        select json_build_array(${keyList}) as keys, to_char(${spendMonthly.month}, 'YYYY-MM') as month, sum(${spendMonthly.approvedCents})::text as cents
        from ${spendMonthly}
        where ${spendMonthly.regionId} = ${regionId}
          and ${spendMonthly.month} >= least(${yearStart}::date, coalesce((l.last - interval '2 months')::date, ${yearStart}::date))
          and ${spendMonthly.month} <= ${`${o.year}-12-31`}::date and ${scope}
        group by ${keyList}, ${spendMonthly.month}
        having ${hasApproved}
      ) x on true`),
  );
  const last = rows[0]?.last ?? null;
  return {
    declaredThrough: last ? monthOf(last.slice(0, 10)) : null,
    rows: rows.filter((r) => r.month !== null).map((r) => ({ keys: r.keys!.map(String), month: r.month!, cents: Number(r.cents) })),
  };
}

/** The schedule items (lump sum, availability, result-based) of a year in the view: a provider sees its own. */
export function scheduleItemsOfYear(db: Db, regionId: string, view: FundingView, year: number) {
  return db
    .select({
      providerId: paymentSchedule.providerId,
      segmentId: paymentSchedule.segmentId,
      period: paymentSchedule.period,
      dueDate: paymentSchedule.dueDate,
      cents: paymentSchedule.amountCents,
    })
    .from(paymentSchedule)
    .where(
      and(
        eq(paymentSchedule.regionId, regionId),
        gte(paymentSchedule.period, `${year}-01-01`),
        lte(paymentSchedule.period, `${year}-12-31`),
        view.kind === 'provider' ? eq(paymentSchedule.providerId, view.providerId) : sql`true`,
      ),
    );
}
