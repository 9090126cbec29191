/**
 * Care use (zorggebruik) and youth records, scoped to what the user may see. Tenancy is part of
 * every query's WHERE clause; reads of personal data are written to the audit log.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { auditLog, municipalities, providers, readModelCache, readModelVersions, trajectories, youths } from '../db/schema.js';
import { dataScope, mayReadPersonalData, type DataScope, type UserScope } from '../domain/access/roles.js';
import { maskBsn } from '../domain/people/bsn.js';
import { top5Share } from '../domain/landscape/concentration.js';
import { Forbidden, NotFound } from './errors.js';
import { appendAudit, auditedRead, requirePurpose } from './audit.js';
import { loadRegionProfile } from './landscape.js';

/** The WHERE condition on `trajectories` for a data scope. */
function trajectoryScope(scope: DataScope): SQL {
  switch (scope.kind) {
    case 'none':
      return sql`false`;
    case 'region':
      return scope.regionId === null ? sql`true` : eq(trajectories.regionId, scope.regionId);
    case 'municipality':
      return and(eq(trajectories.regionId, scope.regionId), eq(trajectories.municipalityCode, scope.municipalityCode))!;
    case 'provider':
      return and(eq(trajectories.regionId, scope.regionId), eq(trajectories.providerId, scope.providerId))!;
  }
}

/** The scope in words, with names (e.g. "gemeente Breda", "eigen cliënten van Jeugdhulp De Linde"). */
async function describeScope(db: Db, scope: DataScope, regionName: string): Promise<string> {
  switch (scope.kind) {
    case 'none':
      return 'geen gegevens: uw account hoort bij een andere regio';
    case 'region':
      return scope.regionId ? regionName : 'alle regio’s';
    case 'municipality': {
      const [m] = await db
        .select({ name: municipalities.name })
        .from(municipalities)
        .where(and(eq(municipalities.regionId, scope.regionId), eq(municipalities.code, scope.municipalityCode)));
      return `gemeente ${m?.name ?? scope.municipalityCode}`;
    }
    case 'provider': {
      const [p] = await db.select({ name: providers.name }).from(providers).where(eq(providers.id, scope.providerId));
      return `eigen cliënten van ${p?.name ?? `aanbieder ${scope.providerId}`}`;
    }
  }
}

export interface CareSummary {
  /** Human-readable scope (Dutch) and the same as data. */
  scope: string;
  scopeDetail: DataScope;
  years: number[];
  byYear: { year: number; youths: number; trajectories: number }[];
  bySegment: { segmentId: string; year: number; youths: number; trajectories: number }[];
  byMunicipality: { municipalityCode: string; year: number; youths: number }[];
  providerConcentration: { segmentId: string; providerCount: number; top5Share: number }[];
}

/** Youths and trajectories in care per calendar year, segment and municipality (no personal data). */
export async function careSummary(db: Db, user: UserScope, regionId: string, years: { from?: number; to?: number } = {}): Promise<CareSummary> {
  const profile = await loadRegionProfile(db, regionId); // 404 for an unknown region
  const scope = dataScope(user, regionId);
  // Read model: the summary of this scope, years and day, kept until the trajectories change (migration 0009).
  const [state] = rowsOf<{ version: string; day: string }>(
    await db.execute(
      sql`select coalesce((select version from ${readModelVersions} where name = 'trajectories'), 0)::text as version, current_date::text as day`,
    ),
  );
  const key = `care-summary|${JSON.stringify(scope)}|${years.from ?? ''}|${years.to ?? ''}|${state!.day}`;
  const version = Number(state!.version);
  const [hit] = await db
    .select({ body: readModelCache.body })
    .from(readModelCache)
    .where(and(eq(readModelCache.regionId, regionId), eq(readModelCache.key, key), eq(readModelCache.version, version)));
  if (hit) return hit.body as CareSummary;
  const summary = await computeCareSummary(db, profile.naam, scope, regionId, years);
  try {
    await db
      .insert(readModelCache)
      .values({ regionId, key, version, body: summary })
      .onConflictDoUpdate({ target: [readModelCache.regionId, readModelCache.key], set: { version, body: summary } });
  } catch {
    // A read replica (DATABASE_READ_URL) cannot store it: the summary is computed each time there.
  }
  return summary;
}

async function computeCareSummary(db: Db, regionName: string, scope: DataScope, regionId: string, years: { from?: number; to?: number }): Promise<CareSummary> {
  const where = and(eq(trajectories.regionId, regionId), trajectoryScope(scope));
  // One row per trajectory-year it overlaps (years from the data itself).
  const yearly = sql`(select t.*, y.year from ${trajectories} t
      cross join lateral generate_series(extract(year from t.start_date)::int,
        extract(year from coalesce(t.end_date, current_date))::int) as y(year)) as ty`;
  const ty = (col: string) => sql.raw(`ty.${col}`);
  const whereTy = sql`ty.region_id = ${regionId} and ${scopeOnAlias(scope)} and ty.year between ${years.from ?? 0} and ${years.to ?? 9999}`;
  const bySegmentRows = (await db.execute(sql`select ${ty('segment_id')} as "segmentId", ${ty('year')} as year,
      count(distinct ${ty('youth_id')})::int as youths, count(*)::int as trajectories
    from ${yearly} where ${whereTy} group by 1, 2 order by 2, 1`)) as unknown;
  const byMunicipalityRows = (await db.execute(sql`select ${ty('municipality_code')} as "municipalityCode", ${ty('year')} as year,
      count(distinct ${ty('youth_id')})::int as youths
    from ${yearly} where ${whereTy} group by 1, 2 order by 2, 1`)) as unknown;
  const byYearRows = (await db.execute(sql`select ${ty('year')} as year, count(distinct ${ty('youth_id')})::int as youths, count(*)::int as trajectories
    from ${yearly} where ${whereTy} group by 1 order by 1`)) as unknown;
  // Concentration: share of trajectory-days per provider within a segment (proxy for turnover until settlement exists).
  const share = await db
    .select({
      segmentId: trajectories.segmentId,
      providerId: trajectories.providerId,
      days: sql<number>`sum(coalesce(${trajectories.endDate}, current_date) - ${trajectories.startDate} + 1)::float8`,
    })
    .from(trajectories)
    .where(where)
    .groupBy(trajectories.segmentId, trajectories.providerId);
  const bySeg = new Map<string, number[]>();
  for (const r of share) bySeg.set(r.segmentId, [...(bySeg.get(r.segmentId) ?? []), Number(r.days)]);
  const byYear = rowsOf<{ year: number; youths: number; trajectories: number }>(byYearRows);
  return {
    scope: await describeScope(db, scope, regionName),
    scopeDetail: scope,
    years: byYear.map((r) => Number(r.year)),
    byYear: byYear.map((r) => ({ year: Number(r.year), youths: Number(r.youths), trajectories: Number(r.trajectories) })),
    bySegment: rowsOf<CareSummary['bySegment'][number]>(bySegmentRows).map((r) => ({
      ...r,
      year: Number(r.year),
      youths: Number(r.youths),
      trajectories: Number(r.trajectories),
    })),
    byMunicipality: rowsOf<CareSummary['byMunicipality'][number]>(byMunicipalityRows).map((r) => ({ ...r, year: Number(r.year), youths: Number(r.youths) })),
    providerConcentration: [...bySeg].map(([segmentId, ws]) => ({ segmentId, providerCount: ws.length, top5Share: Math.round(top5Share(ws) * 1000) / 1000 })),
  };
}

function scopeOnAlias(scope: DataScope): SQL {
  switch (scope.kind) {
    case 'none':
      return sql`false`;
    case 'region':
      return sql`true`;
    case 'municipality':
      return sql`ty.municipality_code = ${scope.municipalityCode}`;
    case 'provider':
      return sql`ty.provider_id = ${scope.providerId}`;
  }
}

/** db.execute returns `{ rows }` on node-postgres and PGlite. */
function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}

export interface YouthRecord {
  id: number;
  bsnMasked: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  municipalityCode: string;
  areaId: string | null;
  trajectories: {
    id: number;
    segmentId: string;
    providerName: string;
    productCategory: string;
    productCode: string | null;
    startDate: string;
    endDate: string | null;
  }[];
}

/**
 * One youth's process information. Only roles that work with clients may read it, only within
 * their scope (a provider sees only youths it delivers care to), and every read is audit-logged
 * in the same transaction as the read.
 */
export async function readYouth(
  db: Db,
  user: UserScope,
  regionId: string,
  youthId: number,
  purpose: string,
  now = new Date(),
  explanation?: string,
): Promise<YouthRecord> {
  const p = requirePurpose(purpose, explanation);
  const entry = { user, subjectType: 'youth', subjectId: String(youthId), regionId, ...p };
  return auditedRead(db, entry, now, async () => {
    if (!mayReadPersonalData(user.role)) throw new Forbidden(`de rol ${user.role} leest geen persoonsgegevens; gebruik de geaggregeerde overzichten`);
    const scope = dataScope(user, regionId);
    return db.transaction(async (tx) => {
      const visible =
        scope.kind === 'municipality'
          ? eq(youths.municipalityCode, scope.municipalityCode)
          : scope.kind === 'provider'
            ? sql`exists (select 1 from ${trajectories} t where t.youth_id = ${youths.id} and t.provider_id = ${scope.providerId})`
            : scope.kind === 'none'
              ? sql`false`
              : sql`true`;
      const [y] = await tx
        .select()
        .from(youths)
        .where(and(eq(youths.regionId, regionId), eq(youths.id, youthId), visible));
      // Same answer for "does not exist" and "not yours": no information about other tenants' clients.
      if (!y) throw new NotFound(`jeugdige ${youthId} niet gevonden binnen uw bevoegdheid`);
      const ts = await tx
        .select({
          id: trajectories.id,
          segmentId: trajectories.segmentId,
          providerName: providers.name,
          productCategory: trajectories.productCategory,
          productCode: trajectories.productCode,
          startDate: trajectories.startDate,
          endDate: trajectories.endDate,
        })
        .from(trajectories)
        .innerJoin(providers, eq(providers.id, trajectories.providerId))
        .where(and(eq(trajectories.youthId, y.id), trajectoryScope(scope)))
        .orderBy(trajectories.startDate);
      await appendAudit(tx, entry);
      return {
        id: y.id,
        bsnMasked: maskBsn(y.bsn),
        givenName: y.givenName,
        familyName: y.familyName,
        birthDate: y.birthDate,
        municipalityCode: y.municipalityCode,
        areaId: y.areaId,
        trajectories: ts,
      };
    });
  });
}

/** Audit entries about one subject (for the beheer role and for tests). */
export async function auditTrail(db: Db, subjectType: string, subjectId: string) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.subjectType, subjectType), eq(auditLog.subjectId, subjectId)))
    .orderBy(auditLog.id);
}
