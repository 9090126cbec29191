/**
 * Demo region use case: generate the synthetic population of a region (deterministic seed) and
 * write it in one transaction, plus local demo accounts for every role.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Database, Db, Tx } from '../db/database.js';
import { bulkLoadPopulation, largestMunicipality, populationCounts, preparePopulation } from './population.js';
import { contracts, demoRuns, families, providers, trajectories, users, youths } from '../db/schema.js';
import { consortiumMembers } from '../db/schema-procurement.js';
import { generateRegion, type GeneratedRegion, type GenerateOptions } from './generator.js';
import { populationsOnWorker, type DemoPopulations, type PopulationJob } from './population-worker.js';
import { ROLES, ROLE_LABELS, requiredScope } from '../domain/access/roles.js';
import { PROFILES_DIR } from '../paths.js';
import { DEMO_PASSWORD } from '../app/accounts.js';
import { hashPassword, upsertUser } from '../app/auth.js';
import { loadRegionProfile } from '../app/landscape.js';
import { loadDemoParameters } from '../app/profiles/demo-parameters.js';
import { pseudonymKey, pseudonymise } from '../app/pseudonym.js';
import type { LoadedProfile } from '../app/profiles/profile-store.js';
import type { RegionProfile } from '../domain/landscape/profile-schema.js';

export const DEMO_SEED = 20270101;

/**
 * The demo password hashed once per process for every demo account (the national set's bench
 * accounts do the same): a scrypt per account and region kept the first start waiting about half
 * a second per region with the main thread idle. The password is the published "demo".
 */
let demoHash: Promise<string> | undefined;
const demoPasswordHash = () => (demoHash ??= hashPassword(DEMO_PASSWORD));
const BATCH = 1000;

/**
 * A demo region whose profile names no municipalities (seed 001) gets the municipalities of its
 * demo.yaml (real CBS codes, an aanname there) in its loaded copy; the profile file is unchanged.
 */
export function withDemoMunicipalities(loaded: LoadedProfile, demoRegions: readonly string[]): LoadedProfile {
  const p = loaded.profile;
  if (p.gemeenten.length > 0 || !demoRegions.includes(p.regio) || !existsSync(join(PROFILES_DIR, p.regio, 'demo.yaml'))) return loaded;
  const demo = loadDemoParameters(p.regio);
  if (demo.gemeenten.length === 0) return loaded;
  const gemeenten = demo.gemeenten.map((g) => ({
    code: g.code,
    naam: g.naam,
    ...(g.inwoners ? { inwoners: g.inwoners } : {}),
    bron: { seed: 'cbs' as const, sectie: `Gemeentelijke indeling 2026; keuze van de demo (aanname: ${g.aanname})` },
  }));
  return { ...loaded, profile: { ...p, gemeenten } };
}

export interface DemoCounts {
  providers: number;
  contracts: number;
  families: number;
  youths: number;
  trajectories: number;
}

async function insertBatched<T>(tx: Tx, rows: T[], insert: (chunk: T[]) => Promise<{ id: number }[]>): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += BATCH) ids.push(...(await insert(rows.slice(i, i + BATCH))).map((r) => r.id));
  return ids;
}

async function persist(tx: Tx, regionId: string, g: GeneratedRegion): Promise<void> {
  const providerIds = await insertBatched(tx, g.providers, (chunk) =>
    tx
      .insert(providers)
      .values(chunk.map((p) => ({ regionId, agbCode: p.agbCode, name: p.name, kind: p.kind, synthetic: true })))
      .returning({ id: providers.id }),
  );
  const contractIds = await insertBatched(tx, g.contracts, (chunk) =>
    tx
      .insert(contracts)
      .values(
        chunk.map((c) => ({
          regionId,
          providerId: providerIds[c.providerKey - 1]!,
          segmentId: c.segmentId,
          lotId: c.lotId,
          startDate: c.startDate,
          endDate: c.endDate,
          extensionYears: c.extensionYears,
          fundingVariant: c.fundingVariant,
          status: c.status,
        })),
      )
      .returning({ id: contracts.id }),
  );
  // Members of partnership contracts (samenwerkingsverband): the penvoerder and the other members.
  const memberRows = g.contracts.flatMap((c, i) =>
    (c.members ?? []).map((key, m) => ({
      regionId,
      contractId: contractIds[i]!,
      providerId: providerIds[key - 1]!,
      name: g.providers[key - 1]!.name,
      kind: g.providers[key - 1]!.kind,
      role: m === 0 ? 'penvoerder' : 'lid',
    })),
  );
  if (memberRows.length > 0) await insertBatched(tx, memberRows, (chunk) => tx.insert(consortiumMembers).values(chunk).returning({ id: consortiumMembers.id }));
  const familyIds = await insertBatched(tx, g.families, (chunk) =>
    tx
      .insert(families)
      .values(
        chunk.map((f) => ({
          regionId,
          municipalityCode: f.municipalityCode,
          areaId: f.areaId,
          straatnaam: f.address.straatnaam,
          huisnummer: f.address.huisnummer,
          postcode: f.address.postcode,
          plaatsnaam: f.address.plaatsnaam,
        })),
      )
      .returning({ id: families.id }),
  );
  const youthIds = await insertBatched(tx, g.youths, (chunk) =>
    tx
      .insert(youths)
      .values(
        chunk.map((y) => ({
          regionId,
          familyId: familyIds[y.familyKey - 1]!,
          bsn: y.bsn,
          pseudonym: pseudonymise(y.bsn),
          givenName: y.givenName,
          familyName: y.familyName,
          birthDate: y.birthDate,
          gender: y.gender,
          municipalityCode: y.municipalityCode,
          areaId: y.areaId,
        })),
      )
      .returning({ id: youths.id }),
  );
  await insertBatched(tx, g.trajectories, (chunk) =>
    tx
      .insert(trajectories)
      .values(
        chunk.map((t) => ({
          regionId,
          youthId: youthIds[t.youthKey - 1]!,
          providerId: providerIds[t.providerKey - 1]!,
          contractId: contractIds[t.contractKey - 1]!,
          segmentId: t.segmentId,
          municipalityCode: t.municipalityCode,
          productCategory: t.productCategory,
          productCode: t.productCode,
          unit: t.unit,
          volume: t.volume,
          frequency: t.frequency,
          referrer: t.referrer,
          startDate: t.startDate,
          endDate: t.endDate,
        })),
      )
      .returning({ id: trajectories.id }),
  );
}

/**
 * Generates the demo population of a region unless it already has one. Returns the counts, or
 * null when the region was generated before. All rows are written in one transaction; with
 * `database` (the driver under `db`) with COPY, otherwise with batched inserts.
 */
export async function ensureDemoRegion(
  db: Db,
  regionId: string,
  opts: { today: string; seed?: number; scale?: number; database?: Pick<Database, 'driver'>; populations?: DemoPopulations | null },
): Promise<DemoCounts | null> {
  const [done] = await db.select().from(demoRuns).where(eq(demoRuns.regionId, regionId));
  if (done) return null;
  const passwordHash = demoPasswordHash(); // hashed on the thread pool while the population is made
  const seed = opts.seed ?? DEMO_SEED;
  const options: GenerateOptions = { seed, today: opts.today, scale: opts.scale };
  // Generated (and prepared to write: the COPY text and pseudonyms) on the worker thread while the
  // region before was written (startDemoPopulations), or here.
  const fromWorker = opts.database ? await opts.populations?.take(regionId, options) : null;
  const g = fromWorker ? null : generateRegion(await loadRegionProfile(db, regionId), loadDemoParameters(regionId), options);
  let counts: DemoCounts;
  let largest: string | null;
  if (opts.database) {
    // Bulk load with COPY (src/demo/population.ts): the same generated rows, written in one transaction.
    const p = fromWorker ?? preparePopulation(regionId, g!, (bsn) => pseudonymise(bsn));
    counts = await bulkLoadPopulation(opts.database, regionId, p, { seed, scale: opts.scale ?? 1, pseudonymise: (bsn) => pseudonymise(bsn) });
    largest = p.largestMunicipality;
  } else {
    counts = populationCounts(g!);
    await db.transaction(async (tx) => {
      await persist(tx, regionId, g!);
      // The scale is kept with the counts: funding views scale the budgets they compare demo spend with.
      await tx.insert(demoRuns).values({ regionId, seed, counts: { ...counts, scale: opts.scale ?? 1 } });
    });
    largest = largestMunicipality(g!.youths);
  }
  // Municipality-scoped demo accounts belong to the municipality with the most youths.
  await ensureDemoAccounts(db, regionId, largest, { passwordHash: await passwordHash });
  return counts;
}

/**
 * Starts generating the demo populations of `regionIds` that have none yet, in order, on a worker
 * thread (src/demo/population-worker.ts), so the main thread (PGlite's) only writes them:
 * ensureDemoRegion with `populations` takes each. Null where the compiled worker is not there (the
 * TypeScript sources under vitest) or nothing is to be generated: ensureDemoRegion generates then.
 */
export async function startDemoPopulations(
  db: Db,
  regionIds: readonly string[],
  opts: {
    today: string;
    seed?: number;
    scale?: number;
    scales?: Readonly<Record<string, number>>;
    /** The regions' profiles as loaded (before they are stored): else each is read from the database. */
    profiles?: ReadonlyMap<string, RegionProfile>;
  },
): Promise<DemoPopulations | null> {
  if (regionIds.length === 0) return null;
  const done = new Set((await db.select({ regionId: demoRuns.regionId }).from(demoRuns)).map((r) => r.regionId));
  const jobs: PopulationJob[] = [];
  for (const regionId of regionIds) {
    if (done.has(regionId) || jobs.some((j) => j.regionId === regionId)) continue;
    const options: GenerateOptions = { seed: opts.seed ?? DEMO_SEED, today: opts.today, scale: opts.scales?.[regionId] ?? opts.scale };
    jobs.push({ regionId, profile: opts.profiles?.get(regionId) ?? (await loadRegionProfile(db, regionId)), params: loadDemoParameters(regionId), options });
  }
  return populationsOnWorker(jobs, { pseudonymKey: pseudonymKey() });
}

/**
 * One local account per role for the region (password "demo"); the provider account is the largest
 * provider. `passwordHash`: a hash of the demo password made once by the caller (the national set's
 * bench accounts: one scrypt per load instead of one per account of 42 regions).
 */
export async function ensureDemoAccounts(db: Db, regionId: string, municipalityCode: string | null, opts: { passwordHash?: string } = {}): Promise<void> {
  const [largest] = await db
    .select({ id: providers.id, name: providers.name })
    .from(providers)
    .where(eq(providers.regionId, regionId))
    .orderBy(providers.id)
    .limit(1);
  for (const role of ROLES) {
    const need = requiredScope(role);
    if (need === 'municipality' && !municipalityCode) continue;
    if (need === 'provider' && !largest) continue;
    const username = need === 'all' ? 'beheer' : `${role}.${regionId}`;
    const account = {
      username,
      displayName: `${ROLE_LABELS[role]}${need === 'provider' ? ` (${largest!.name})` : ''}`,
      role,
      password: DEMO_PASSWORD,
      regionId: need === 'all' ? null : regionId,
      municipalityCode: need === 'municipality' ? municipalityCode : null,
      providerId: need === 'provider' ? largest!.id : null,
    };
    if (opts.passwordHash === undefined) await upsertUser(db, { ...account, demo: true });
    else {
      await upsertUser(db, { ...account, password: null, demo: true });
      await db.update(users).set({ passwordHash: opts.passwordHash }).where(eq(users.username, username));
    }
  }
}
