/**
 * Steering (issue #12): the KPI fact table, one row per indicator, month and cell (segment, area,
 * municipality, provider, access-path step) with the sums a measure needs (numerator, its squares
 * for an interval, denominator). Empty dimensions are '' / 0 (not null) so a cell has one key and
 * outcome registrations can add to it in place (kept on write). The rest is refreshed per region
 * when its source tables changed (kpi_refresh.watermark), never per request.
 */
import { date, doublePrecision, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { regions } from './schema.js';

export const kpiFacts = pgTable(
  'kpi_facts',
  {
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    indicatorId: text('indicator_id').notNull(),
    /** First day of the month the event falls in. */
    month: date('month', { mode: 'string' }).notNull(),
    segmentId: text('segment_id').notNull().default(''),
    areaId: text('area_id').notNull().default(''),
    municipalityCode: text('municipality_code').notNull().default(''),
    providerId: integer('provider_id').notNull().default(0),
    step: text('step').notNull().default(''),
    num: doublePrecision('num').notNull(),
    numSq: doublePrecision('num_sq').notNull().default(0),
    den: integer('den').notNull(),
  },
  (t) => [uniqueIndex('kpi_facts_cell').on(t.regionId, t.indicatorId, t.month, t.segmentId, t.areaId, t.municipalityCode, t.providerId, t.step)],
);

export const kpiRefresh = pgTable('kpi_refresh', {
  regionId: text('region_id')
    .primaryKey()
    .references(() => regions.id, { onDelete: 'cascade' }),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull(),
  /** The data date of the figures (the day the refresh computed "today"). */
  dataDate: date('data_date', { mode: 'string' }).notNull(),
  /** Fingerprint of the source tables (counts and max ids) at the refresh. */
  watermark: text('watermark').notNull(),
});
