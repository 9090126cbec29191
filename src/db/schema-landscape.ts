/**
 * Database schema, the region's landscape: regions, municipalities, areas, segments and lots, the
 * providers and their contracts (the tables every other part of the schema refers to). Part of
 * schema.ts, which re-exports it; migrations are generated from schema.ts.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** A region and the profile version loaded into the tables below. */
export const regions = pgTable('regions', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  profileValidFrom: date('profile_valid_from', { mode: 'string' }).notNull(),
  profileFile: text('profile_file').notNull(),
  /** The whole profile as loaded (Dutch keys), kept for audit and for facts without own tables. */
  profile: jsonb('profile').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
});

export const municipalities = pgTable(
  'municipalities',
  {
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    /** CBS gemeentecode, 4 digits (iJw LDT_GemeenteCode). */
    code: text('code').notNull(),
    name: text('name').notNull(),
    subregion: text('subregion'),
    inhabitants: integer('inhabitants'),
  },
  (t) => [primaryKey({ columns: [t.regionId, t.code] })],
);

export const areas = pgTable(
  'areas',
  {
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    municipalityCodes: text('municipality_codes').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionId, t.id] })],
);

export const segments = pgTable(
  'segments',
  {
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    /** Bekostigingsvariant, or null when the profile leaves it open. */
    fundingVariant: text('funding_variant'),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionId, t.id] })],
);

export const lots = pgTable(
  'lots',
  {
    regionId: text('region_id').notNull(),
    segmentId: text('segment_id').notNull(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    areaIds: text('area_ids').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionId, t.segmentId, t.id] })],
);

export const providers = pgTable(
  'providers',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    /** AGB code (8 digits) as used in iJw messages. */
    agbCode: text('agb_code').notNull(),
    name: text('name').notNull(),
    /** Social base / youth-care provider / GI ... (seed 003 consortium composition). */
    kind: text('kind').notNull(),
    synthetic: boolean('synthetic').notNull().default(false),
  },
  (t) => [uniqueIndex('providers_region_agb').on(t.regionId, t.agbCode)],
);

export const contracts = pgTable(
  'contracts',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    segmentId: text('segment_id').notNull(),
    lotId: text('lot_id'),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    /** Extension options in years, e.g. {1,1} for 5+1+1 (seed 003 §5.3.1). */
    extensionYears: integer('extension_years')
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
    fundingVariant: text('funding_variant'),
    /** Yearly ceiling in euro cents, when the segment has one. */
    ceilingCents: bigint('ceiling_cents', { mode: 'number' }),
    status: text('status').notNull(),
    /** e.g. raamovereenkomst | resultaatovereenkomst | ontwikkelovereenkomst | subsidiebeschikking (seed 004 §3.2 a). */
    contractType: text('contract_type'),
    /** Contract conditions, e.g. participation in the Centrale Intake (seed 004 segment 1): [{id, omschrijving, bron?}]. */
    conditions: jsonb('conditions')
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** The procedure that produced this contract, when it came from one (schema-procurement.ts). */
    procedureId: integer('procedure_id'),
    /** How many of the extension options have been taken. */
    extensionsUsed: integer('extensions_used').notNull().default(0),
  },
  (t) => [index('contracts_region_segment').on(t.regionId, t.segmentId), index('contracts_provider').on(t.providerId)],
);
