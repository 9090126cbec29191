/**
 * Scenario simulation (impactanalyse, issue #15): scenario files built in the web app, stored per
 * region. `definition` is a whole scenario file (src/domain/simulation/scenario.ts) as validated,
 * so a stored scenario exports as the same YAML file as the shipped ones in profiles/<regio>/scenarios/.
 */
import { index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { regions } from './schema.js';

export const scenarioFiles = pgTable(
  'scenario_files',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    definition: jsonb('definition').notNull(),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('scenario_files_region').on(t.regionId)],
);
