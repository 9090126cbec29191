/**
 * Who sees which part of a region's funding data (DESIGN "Data principles": regional roles the
 * region, a municipality its own residents' lines, a provider its own lines and schedules; the
 * local team none), and the pieces the spend reads share (spend.ts, ceiling-spend.ts, committed.ts).
 */
import { and, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { municipalities, paymentSchedule, providers, regions, spendMonthly } from '../../db/schema.js';
import { dataScope, type UserScope } from '../../domain/access/roles.js';
import { Forbidden, NotFound } from '../errors.js';
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
  const region = await keptPerDataVersion(db, regionId, ['region'], ['funding-view', scopeKey], () => fundingViewRow(db, regionId, scope), { shared: true });
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

/** The last month with approved lines before the reference month, in the view (the spend report's "declared through"). */
export function lastDeclaredMonth(db: Db, regionId: string, view: FundingView, asOfMonth: string) {
  return db
    .select({ d: sql<string | null>`max(${spendMonthly.month})` })
    .from(spendMonthly)
    .where(
      and(
        eq(spendMonthly.regionId, regionId),
        sql`${spendMonthly.lines} > ${spendMonthly.rejectedLines}`,
        lt(spendMonthly.month, monthStart(asOfMonth)),
        lineScope(view),
      ),
    );
}

/**
 * The first month of spend a report reads, as SQL: the year's start, or two months before the last
 * declared month (lastDeclaredMonth) when that is earlier, for the forecast's run rate. Computed in
 * the statement, so the lines are read together with the last declared month instead of after it
 * (one round trip less for a report computed again after a declaration: issue #14).
 */
export function spendLinesFrom(regionId: string, view: FundingView, asOfMonth: string, yearStart: string): SQL {
  const last = sql`(select max(${spendMonthly.month}) from ${spendMonthly} where ${spendMonthly.regionId} = ${regionId} and ${spendMonthly.lines} > ${spendMonthly.rejectedLines} and ${spendMonthly.month} < ${monthStart(asOfMonth)} and ${lineScope(view)})`;
  return sql`least(${yearStart}::date, coalesce((${last} - interval '2 months')::date, ${yearStart}::date))`;
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
