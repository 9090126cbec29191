/**
 * Read models for the funding screens (issue #14), kept current on write by statement-level
 * triggers on declaration_lines (migration 0009_read_models.sql): a screen reads these small
 * tables instead of scanning the declaration lines.
 */

import { bigint, date, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/** Per region, provider (AGB), segment ('?' unknown), municipality ('?' unknown) and month of the ProductPeriode begin. */
export const spendMonthly = pgTable(
  'spend_monthly',
  {
    regionId: text('region_id').notNull(),
    providerAgb: text('provider_agb').notNull(),
    segmentId: text('segment_id').notNull(),
    municipalityCode: text('municipality_code').notNull(),
    /** First day of the month. */
    month: date('month', { mode: 'string' }).notNull(),
    /** Sum of amount_cents of the approved lines (credits negative). */
    approvedCents: bigint('approved_cents', { mode: 'number' }).notNull().default(0),
    lines: integer('lines').notNull().default(0),
    rejectedLines: integer('rejected_lines').notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'spend_monthly_pk', columns: [t.regionId, t.providerAgb, t.segmentId, t.municipalityCode, t.month] }),
    index('spend_monthly_region_month').on(t.regionId, t.month),
  ],
);

/** Per allocation: net declared volume of its approved lines and the end of its last debit that is not credited. */
export const allocationDeclared = pgTable(
  'allocation_declared',
  {
    regionId: text('region_id').notNull(),
    toewijzingNummer: integer('toewijzing_nummer').notNull(),
    netVolume: bigint('net_volume', { mode: 'number' }).notNull().default(0),
    lastDebitEnd: date('last_debit_end', { mode: 'string' }),
  },
  (t) => [primaryKey({ name: 'allocation_declared_pk', columns: [t.regionId, t.toewijzingNummer] })],
);

/** Unknown segment or municipality in spend_monthly (as the spend report's '?'). */
export const UNKNOWN_KEY = '?';

/** Version counters of the data a cached read model is computed from (bumped by triggers, migration 0009). */
export const readModelVersions = pgTable('read_model_versions', {
  name: text('name').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
});

/** A computed read model per region and key (e.g. the care summary of a scope on a day), valid while its version is current. */
export const readModelCache = pgTable(
  'read_model_cache',
  {
    regionId: text('region_id').notNull(),
    key: text('key').notNull(),
    version: bigint('version', { mode: 'number' }).notNull(),
    body: jsonb('body').notNull(),
  },
  (t) => [primaryKey({ name: 'read_model_cache_pk', columns: [t.regionId, t.key] })],
);
