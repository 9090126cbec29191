/**
 * Landscape use cases: load profiles into the database, list regions, read a region's landscape.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../db/database.js';
import { areas, contracts, demoRuns, lots, municipalities, providers, regions, segments } from '../db/schema.js';
import { isOpen, RegionProfile } from '../domain/landscape/profile-schema.js';
import { toLandscape, type ContractView, type Landscape, type NamedCodes } from '../domain/landscape/landscape.js';
import { codeList } from '../ijw/codelists.js';
import { profileAt, type LoadedProfile } from './profiles/profile-store.js';
import { NotFound } from './errors.js';
import { highestCareAge } from '../domain/access/input-guards.js';
import { dutchDate } from '../domain/dates.js';
import { jeugdigeHoogsteLeeftijd } from './law/law-store.js';
import { keptPerDataVersion } from './funding/kept.js';
import { requestReads } from './request-reads.js';

export const namedCodes: NamedCodes = {
  productCategory: (c) => codeList('JZ020').get(c)?.omschrijving,
  unit: (c) => codeList('WJ756').get(c)?.omschrijving,
};

/**
 * Chooses the profile version of each region in force on `date`; a region whose first version
 * starts later (e.g. WBO contracts from 2027-01-01) gets its earliest version.
 */
export function currentVersions(loaded: readonly LoadedProfile[], date: string): LoadedProfile[] {
  const ids = [...new Set(loaded.map((l) => l.profile.regio))];
  return ids.map((id) => {
    const inForce = profileAt(loaded, id, date);
    if (inForce) return inForce;
    return loaded.filter((l) => l.profile.regio === id).sort((a, b) => a.profile.geldigVanaf.localeCompare(b.profile.geldigVanaf))[0]!;
  });
}

/** Writes one region profile into the landscape tables, replacing the previous version (one transaction). */
export async function syncProfile(db: Db, loaded: LoadedProfile): Promise<void> {
  const p = loaded.profile;
  await db.transaction(async (tx) => {
    await tx
      .insert(regions)
      .values({ id: p.regio, name: p.naam, profileValidFrom: p.geldigVanaf, profileFile: loaded.file, profile: p })
      .onConflictDoUpdate({
        target: regions.id,
        set: { name: p.naam, profileValidFrom: p.geldigVanaf, profileFile: loaded.file, profile: p, loadedAt: sql`now()` },
      });
    await replaceLandscapeRows(tx, p);
  });
}

async function replaceLandscapeRows(tx: Tx, p: RegionProfile): Promise<void> {
  await tx.delete(municipalities).where(eq(municipalities.regionId, p.regio));
  await tx.delete(areas).where(eq(areas.regionId, p.regio));
  await tx.delete(lots).where(eq(lots.regionId, p.regio));
  await tx.delete(segments).where(eq(segments.regionId, p.regio));
  if (p.gemeenten.length > 0) {
    await tx
      .insert(municipalities)
      .values(p.gemeenten.map((g) => ({ regionId: p.regio, code: g.code, name: g.naam, subregion: g.deelregio ?? null, inhabitants: g.inwoners ?? null })));
  }
  if (p.gebieden.length > 0) {
    await tx.insert(areas).values(p.gebieden.map((g) => ({ regionId: p.regio, id: g.id, name: g.naam, kind: g.soort, municipalityCodes: g.gemeenten })));
  }
  await tx.insert(segments).values(
    p.segmenten.map((s, i) => ({
      regionId: p.regio,
      id: s.id,
      name: s.naam,
      kind: s.soort,
      fundingVariant: isOpen(s.bekostiging) ? null : s.bekostiging.variant,
      position: i,
    })),
  );
  const lotRows = p.segmenten.flatMap((s) =>
    s.percelen.map((l) => ({ regionId: p.regio, segmentId: s.id, id: l.id, name: l.naam, areaIds: l.gebieden ?? [] })),
  );
  if (lotRows.length > 0) await tx.insert(lots).values(lotRows);
}

export interface RegionSummary {
  id: string;
  name: string;
  validFrom: string;
  segmentCount: number;
  municipalityCount: number;
  hasDemo: boolean;
}

export async function listRegions(db: Db): Promise<RegionSummary[]> {
  const rows = await db
    .select({
      id: regions.id,
      name: regions.name,
      validFrom: regions.profileValidFrom,
      segmentCount: sql<number>`(select count(*)::int from ${segments} s where s.region_id = "regions"."id")`,
      municipalityCount: sql<number>`(select count(*)::int from ${municipalities} m where m.region_id = "regions"."id")`,
      hasDemo: sql<boolean>`exists(select 1 from ${demoRuns} d where d.region_id = "regions"."id")`,
    })
    .from(regions)
    .orderBy(asc(regions.name));
  return rows.map((r) => ({ ...r, segmentCount: Number(r.segmentCount), municipalityCount: Number(r.municipalityCount) }));
}

/**
 * Parsed profiles by region, valid while the stored profile keeps its load time (per database).
 * Keyed by the database's Drizzle dialect, which its transactions share: keyed by the transaction
 * object itself, every transaction (a demo case, a settlement batch) read and parsed the profile again.
 */
const profileCache = new WeakMap<object, Map<string, { loadedAt: number; profile: RegionProfile }>>();
const cacheKey = (db: Tx): object => (db as unknown as { dialect?: object }).dialect ?? db;

/** Regions whose load time is asked in the same turn of the event loop, per database (loadedAtOf). */
interface LoadedAtBatch {
  ids: Set<string>;
  waiting: { id: string; memo: ReturnType<typeof requestReads>; resolve: (d: Date | undefined) => void; reject: (e: unknown) => void }[];
}
const loadedAtBatches = new WeakMap<object, LoadedAtBatch>();

/**
 * The load time of a region's stored profile. Outside a transaction, the requests that ask in the
 * same turn of the event loop share one statement (issue #14: under 200 clients this check was the
 * most frequent statement, one per screen that reads a profile); each statement is sent after its
 * callers asked, so it sees every load committed before they did. Inside a transaction it reads
 * over the transaction's own connection.
 */
export function loadedAtOf(db: Tx, regionId: string): Promise<Date | undefined> {
  if ((db as unknown) instanceof PgTransaction)
    return db
      .select({ loadedAt: regions.loadedAt })
      .from(regions)
      .where(eq(regions.id, regionId))
      .then((rows) => rows[0]?.loadedAt);
  // Read already in this read request (request-reads.ts: with its data versions, or here before).
  const memo = requestReads(db);
  const known = memo?.loadedAt.get(regionId);
  if (known !== undefined) return Promise.resolve(known ?? undefined);
  let batch = loadedAtBatches.get(db);
  if (!batch) {
    const fresh: LoadedAtBatch = { ids: new Set(), waiting: [] };
    loadedAtBatches.set(db, fresh);
    setImmediate(() => {
      if (loadedAtBatches.get(db) === fresh) loadedAtBatches.delete(db);
      db.select({ id: regions.id, loadedAt: regions.loadedAt })
        .from(regions)
        .where(inArray(regions.id, [...fresh.ids]))
        .then(
          (rows) => {
            const at = new Map(rows.map((r) => [r.id, r.loadedAt]));
            for (const w of fresh.waiting) {
              w.memo?.loadedAt.set(w.id, at.get(w.id) ?? null);
              w.resolve(at.get(w.id));
            }
          },
          (e: unknown) => {
            for (const w of fresh.waiting) w.reject(e);
          },
        );
    });
    batch = fresh;
  }
  batch.ids.add(regionId);
  const b = batch;
  return new Promise((resolve, reject) => b.waiting.push({ id: regionId, memo, resolve, reject }));
}

/** The region's profile as loaded into the database (parsed once per load, then cached). */
export async function loadRegionProfile(db: Tx, regionId: string): Promise<RegionProfile> {
  const loadedAt = await loadedAtOf(db, regionId);
  if (!loadedAt) throw new NotFound(`regio "${regionId}" bestaat niet`);
  const head = { loadedAt };
  const cache = profileCache.get(cacheKey(db)) ?? new Map();
  profileCache.set(cacheKey(db), cache);
  const hit = cache.get(regionId);
  if (hit && hit.loadedAt === head.loadedAt.getTime()) return hit.profile;
  const [row] = await db.select({ profile: regions.profile }).from(regions).where(eq(regions.id, regionId));
  const profile = RegionProfile.parse(row!.profile);
  cache.set(regionId, { loadedAt: head.loadedAt.getTime(), profile });
  return profile;
}

/**
 * Starts loading the profile now, to be awaited later: asked at the same time as the statement
 * before it (one round trip less for a write; under load each waits its turn). A failure (no such
 * region) is thrown where it is awaited, after the checks in between, as when it was asked there.
 */
export function loadRegionProfileAhead(db: Tx, regionId: string): Promise<RegionProfile> {
  const profile = loadRegionProfile(db, regionId);
  profile.catch(() => undefined);
  return profile;
}

/**
 * The landscape of a region with the contracts in force. A provider user sees only its own
 * contracts (tenancy in the query): pass its provider id as `onlyProvider`.
 */
export async function getLandscape(db: Db, regionId: string, opts: { onlyProvider?: number; withoutRegister?: boolean } = {}): Promise<Landscape> {
  const profile = await loadRegionProfile(db, regionId);
  const today = dutchDate(new Date());
  // Kept per version of what it reads (the contracts; providers and the profile are kind 'region':
  // migration 0027) and day; shared, not copied: the answer is only serialised (issue #14, the
  // landscape was a tenth of the server's CPU under many users).
  return keptPerDataVersion(
    db,
    regionId,
    ['region', 'contracts'],
    ['landscape', today, opts.onlyProvider ?? null, opts.withoutRegister ?? false],
    () => computeLandscape(db, regionId, profile, today, opts),
    { shared: true },
  );
}

async function computeLandscape(
  db: Db,
  regionId: string,
  profile: RegionProfile,
  today: string,
  opts: { onlyProvider?: number; withoutRegister?: boolean },
): Promise<Landscape> {
  const careAgeLimit = highestCareAge([...profile.regels, ...profile.segmenten.flatMap((x) => x.regels)], jeugdigeHoogsteLeeftijd(today));
  // What the region publishes on purpose: segments, lots, products, funding, without the contract register.
  if (opts.withoutRegister) return { ...toLandscape(profile, [], [], namedCodes), careAgeLimit, registerHidden: true };
  const where =
    opts.onlyProvider === undefined ? eq(contracts.regionId, regionId) : and(eq(contracts.regionId, regionId), eq(contracts.providerId, opts.onlyProvider));
  const rows = await db
    .select({
      id: contracts.id,
      providerId: contracts.providerId,
      providerName: providers.name,
      agbCode: providers.agbCode,
      providerKind: providers.kind,
      segmentId: contracts.segmentId,
      lotId: contracts.lotId,
      startDate: contracts.startDate,
      endDate: contracts.endDate,
      extensionYears: contracts.extensionYears,
      status: contracts.status,
      ceilingCents: contracts.ceilingCents,
    })
    .from(contracts)
    .innerJoin(providers, eq(providers.id, contracts.providerId))
    .where(where)
    .orderBy(asc(providers.name), asc(contracts.id));
  const contractViews: ContractView[] = rows.map(({ providerKind: _k, ...c }) => c);
  const providerViews = [
    ...new Map(rows.map((r) => [r.providerId, { id: r.providerId, name: r.providerName, agbCode: r.agbCode, kind: r.providerKind }])).values(),
  ];
  return { ...toLandscape(profile, contractViews, providerViews, namedCodes), careAgeLimit };
}
