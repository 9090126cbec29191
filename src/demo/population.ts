/**
 * Bulk load of a generated demo population (src/demo/generator.ts, the same pure generator
 * and therefore the same award rules, BSN 11-check and volumes as before) with COPY instead of
 * batched inserts through Drizzle: providers, contracts, families, youths and trajectories, and the
 * demo_runs row, in one transaction. Ids are reserved from the tables' sequences first, so the
 * references between the rows are known before anything is written.
 */
import type { Database } from '../db/database.js';
import type { GeneratedRegion } from './generator.js';
import { copyText, withBulkSession, type BulkSession, type CopyValue } from './copy.js';

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

/**
 * A generated population made ready to write: the small tables as generated, the large ones
 * (families, youths, trajectories) as COPY text of each row after its id and reference columns,
 * with the generator keys of those references. The text (escaping, the BSN pseudonyms) is the
 * main-thread work of a bulk load that needs no database, so the population worker makes it
 * beside PGlite (issue #14); the ids are only known when the rows are written (reserved then), and
 * are put in front of each row's text there.
 */
export interface PreparedPopulation {
  providers: GeneratedRegion['providers'];
  contracts: GeneratedRegion['contracts'];
  counts: PopulationCounts;
  /** The municipality with the most youths (its code, the first in order on a tie): the municipal demo accounts' scope. */
  largestMunicipality: string | null;
  /** Per family: the COPY text of its columns after id (FAMILY_COLUMNS). */
  families: string[];
  /** Per youth: its family's key and the COPY text of its columns after id and family_id (YOUTH_COLUMNS). */
  youths: { familyKeys: Int32Array; rest: string[] };
  /** Per trajectory: its youth's, provider's and contract's keys and the text after those columns (TRAJECTORY_COLUMNS). */
  trajectories: { youthKeys: Int32Array; providerKeys: Int32Array; contractKeys: Int32Array; rest: string[] };
}

const FAMILY_COLUMNS = ['id', 'region_id', 'municipality_code', 'area_id', 'straatnaam', 'huisnummer', 'postcode', 'plaatsnaam'];
const YOUTH_COLUMNS = ['id', 'family_id', 'region_id', 'bsn', 'pseudonym', 'given_name', 'family_name', 'birth_date', 'gender', 'municipality_code', 'area_id'];
const TRAJECTORY_COLUMNS = [
  'id',
  'youth_id',
  'provider_id',
  'contract_id',
  'region_id',
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
];

const textOf = (values: readonly CopyValue[]) => values.map(copyText).join('\t');

/** The municipality with the most youths; on a tie the lowest code. */
export function largestMunicipality(youths: readonly { municipalityCode: string }[]): string | null {
  const perMunicipality = new Map<string, number>();
  for (const y of youths) perMunicipality.set(y.municipalityCode, (perMunicipality.get(y.municipalityCode) ?? 0) + 1);
  return [...perMunicipality].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

/** Makes a generated population ready to write (pure apart from the keyed pseudonym; no database). */
export function preparePopulation(regionId: string, g: GeneratedRegion, pseudonymise: Pseudonymise): PreparedPopulation {
  const keys = <T>(rows: readonly T[], f: (r: T) => number) => Int32Array.from(rows, f);
  return {
    providers: g.providers,
    contracts: g.contracts,
    counts: populationCounts(g),
    largestMunicipality: largestMunicipality(g.youths),
    families: g.families.map((f) =>
      textOf([regionId, f.municipalityCode, f.areaId, f.address.straatnaam, f.address.huisnummer, f.address.postcode, f.address.plaatsnaam]),
    ),
    youths: {
      familyKeys: keys(g.youths, (y) => y.familyKey),
      rest: g.youths.map((y) => textOf([regionId, y.bsn, pseudonymise(y.bsn), y.givenName, y.familyName, y.birthDate, y.gender, y.municipalityCode, y.areaId])),
    },
    trajectories: {
      youthKeys: keys(g.trajectories, (t) => t.youthKey),
      providerKeys: keys(g.trajectories, (t) => t.providerKey),
      contractKeys: keys(g.trajectories, (t) => t.contractKey),
      rest: g.trajectories.map((t) =>
        textOf([
          regionId,
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
        ]),
      ),
    },
  };
}

/** Writes the population in an open bulk session; returns the database ids by generator key (1-based keys, index key-1). */
export async function copyPopulation(s: BulkSession, regionId: string, p: PreparedPopulation) {
  // The foreign keys (region, family, youth, provider, contract) checked once per table over the
  // region's rows instead of per row (a query per row and key: most of a COPY's time on PGlite).
  const once = (table: string, write: () => Promise<number>) => s.foreignKeysOnce(table, 't.region_id = $1', [regionId], write);
  const providerIds = await s.reserveIds('providers', p.providers.length);
  await once('providers', () =>
    s.copy(
      'providers',
      ['id', 'region_id', 'agb_code', 'name', 'kind', 'synthetic'],
      p.providers.map((r, i) => [providerIds[i]!, regionId, r.agbCode, r.name, r.kind, true]),
    ),
  );
  const contractIds = await s.reserveIds('contracts', p.contracts.length);
  await once('contracts', () =>
    s.copy(
      'contracts',
      ['id', 'region_id', 'provider_id', 'segment_id', 'lot_id', 'start_date', 'end_date', 'extension_years', 'funding_variant', 'status'],
      p.contracts.map((c, i) => [
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
  // The large tables: each row's ids in front of its prepared text.
  const familyIds = await s.reserveIds('families', p.families.length);
  await once('families', () =>
    s.copyLines(
      'families',
      FAMILY_COLUMNS,
      (function* () {
        for (let i = 0; i < p.families.length; i++) yield `${familyIds[i]!}\t${p.families[i]!}\n`;
      })(),
    ),
  );
  const youthIds = await s.reserveIds('youths', p.youths.rest.length);
  await once('youths', () =>
    s.copyLines(
      'youths',
      YOUTH_COLUMNS,
      (function* () {
        const { familyKeys, rest } = p.youths;
        for (let i = 0; i < rest.length; i++) yield `${youthIds[i]!}\t${familyIds[familyKeys[i]! - 1]!}\t${rest[i]!}\n`;
      })(),
    ),
  );
  const trajectoryIds = await s.reserveIds('trajectories', p.trajectories.rest.length);
  await once('trajectories', () =>
    s.copyLines(
      'trajectories',
      TRAJECTORY_COLUMNS,
      (function* () {
        const { youthKeys, providerKeys, contractKeys, rest } = p.trajectories;
        for (let i = 0; i < rest.length; i++)
          yield `${trajectoryIds[i]!}\t${youthIds[youthKeys[i]! - 1]!}\t${providerIds[providerKeys[i]! - 1]!}\t${contractIds[contractKeys[i]! - 1]!}\t${rest[i]!}\n`;
      })(),
    ),
  );
  return { providerIds, contractIds, familyIds, youthIds, trajectoryIds };
}

/**
 * Writes a generated region (or one prepared to write: preparePopulation) and its demo_runs row
 * (seed and counts, with the scale) in one transaction. The caller checks first that the region has no demo population yet.
 */
export async function bulkLoadPopulation(
  database: Pick<Database, 'driver'>,
  regionId: string,
  g: GeneratedRegion | PreparedPopulation,
  run: { seed: number; scale: number; pseudonymise: Pseudonymise; base?: string },
): Promise<PopulationCounts> {
  const p = 'counts' in g ? g : preparePopulation(regionId, g, run.pseudonymise);
  const counts = p.counts;
  await withBulkSession(database, async (s) => {
    await copyPopulation(s, regionId, p);
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
