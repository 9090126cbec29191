/**
 * Bulk load of a generated demo population (src/demo/generator.ts, the same pure generator
 * and therefore the same award rules, BSN 11-check and volumes as before) with COPY instead of
 * batched inserts through Drizzle: providers, contracts, families, youths and trajectories, and the
 * demo_runs row, in one transaction. Ids are reserved from the tables' sequences first, so the
 * references between the rows are known before anything is written.
 */
import type { Database } from '../db/database.js';
import type { GeneratedRegion } from './generator.js';
import { withBulkSession, type BulkSession } from './copy.js';

/** Pseudonym of a BSN for analytics tables (src/app/pseudonym.ts, passed in to keep this module free of app imports). */
export type Pseudonymise = (bsn: string) => string;

export interface PopulationCounts {
  providers: number;
  contracts: number;
  families: number;
  youths: number;
  trajectories: number;
}

export const populationCounts = (g: GeneratedRegion): PopulationCounts => ({
  providers: g.providers.length,
  contracts: g.contracts.length,
  families: g.families.length,
  youths: g.youths.length,
  trajectories: g.trajectories.length,
});

/** Writes the population in an open bulk session; returns the database ids by generator key (1-based keys, index key-1). */
export async function copyPopulation(s: BulkSession, regionId: string, g: GeneratedRegion, pseudonymise: Pseudonymise) {
  // The foreign keys (region, family, youth, provider, contract) checked once per table over the
  // region's rows instead of per row (a query per row and key: most of a COPY's time on PGlite).
  const once = (table: string, write: () => Promise<number>) => s.foreignKeysOnce(table, 't.region_id = $1', [regionId], write);
  const providerIds = await s.reserveIds('providers', g.providers.length);
  await once('providers', () =>
    s.copy(
      'providers',
      ['id', 'region_id', 'agb_code', 'name', 'kind', 'synthetic'],
      g.providers.map((p, i) => [providerIds[i]!, regionId, p.agbCode, p.name, p.kind, true]),
    ),
  );
  const contractIds = await s.reserveIds('contracts', g.contracts.length);
  await once('contracts', () =>
    s.copy(
      'contracts',
      ['id', 'region_id', 'provider_id', 'segment_id', 'lot_id', 'start_date', 'end_date', 'extension_years', 'funding_variant', 'status'],
      g.contracts.map((c, i) => [
        contractIds[i]!,
        regionId,
        providerIds[c.providerKey - 1]!,
        c.segmentId,
        c.lotId,
        c.startDate,
        c.endDate,
        c.extensionYears,
        c.fundingVariant,
        c.status,
      ]),
    ),
  );
  const familyIds = await s.reserveIds('families', g.families.length);
  await once('families', () =>
    s.copy(
      'families',
      ['id', 'region_id', 'municipality_code', 'area_id', 'straatnaam', 'huisnummer', 'postcode', 'plaatsnaam'],
      g.families.map((f, i) => [
        familyIds[i]!,
        regionId,
        f.municipalityCode,
        f.areaId,
        f.address.straatnaam,
        f.address.huisnummer,
        f.address.postcode,
        f.address.plaatsnaam,
      ]),
    ),
  );
  const youthIds = await s.reserveIds('youths', g.youths.length);
  await once('youths', () =>
    s.copy(
      'youths',
      ['id', 'region_id', 'family_id', 'bsn', 'pseudonym', 'given_name', 'family_name', 'birth_date', 'gender', 'municipality_code', 'area_id'],
      (function* () {
        for (const [i, y] of g.youths.entries())
          yield [
            youthIds[i]!,
            regionId,
            familyIds[y.familyKey - 1]!,
            y.bsn,
            pseudonymise(y.bsn),
            y.givenName,
            y.familyName,
            y.birthDate,
            y.gender,
            y.municipalityCode,
            y.areaId,
          ];
      })(),
    ),
  );
  const trajectoryIds = await s.reserveIds('trajectories', g.trajectories.length);
  await once('trajectories', () =>
    s.copy(
      'trajectories',
      [
        'id',
        'region_id',
        'youth_id',
        'provider_id',
        'contract_id',
        'segment_id',
        'municipality_code',
        'product_category',
        'product_code',
        'unit',
        'volume',
        'frequency',
        'referrer',
        'start_date',
        'end_date',
      ],
      (function* () {
        for (const [i, t] of g.trajectories.entries()) {
          yield [
            trajectoryIds[i]!,
            regionId,
            youthIds[t.youthKey - 1]!,
            providerIds[t.providerKey - 1]!,
            contractIds[t.contractKey - 1]!,
            t.segmentId,
            t.municipalityCode,
            t.productCategory,
            t.productCode,
            t.unit,
            t.volume,
            t.frequency,
            t.referrer,
            t.startDate,
            t.endDate,
          ];
        }
      })(),
    ),
  );
  return { providerIds, contractIds, familyIds, youthIds, trajectoryIds };
}

/**
 * Writes a generated region and its demo_runs row (seed and counts, with the scale) in one
 * transaction. The caller checks first that the region has no demo population yet.
 */
export async function bulkLoadPopulation(
  database: Pick<Database, 'driver'>,
  regionId: string,
  g: GeneratedRegion,
  run: { seed: number; scale: number; pseudonymise: Pseudonymise; base?: string },
): Promise<PopulationCounts> {
  const counts = populationCounts(g);
  await withBulkSession(database, async (s) => {
    await copyPopulation(s, regionId, g, run.pseudonymise);
    // The scale is kept with the counts: funding views scale the budgets they compare demo spend with;
    // a synthetic copy (national set) names the region whose demo assumptions it uses.
    await s.query('insert into demo_runs (region_id, seed, counts) values ($1, $2, $3::jsonb)', [
      regionId,
      run.seed,
      JSON.stringify({ ...counts, scale: run.scale, ...(run.base ? { base: run.base } : {}) }),
    ]);
  });
  return counts;
}
