/**
 * Procurement and contract management (inkoop, issue #6): procedures with their event log,
 * applications (aanmeldingen / inschrijvingen) with suitability checks and scores, lot awards,
 * consortium members, provider tiers, contract changes with their notice period, and steering and
 * accountability dialogues with agreed actions. Re-exported by schema.ts, so drizzle-kit and the
 * query layer see one schema.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { contracts, providers, regions } from './schema.js';

/**
 * A procurement procedure for one segment (taakgebied): SAS dialogue tender, open house,
 * bestuurlijk aanbesteden or subsidy. `status` is the domain state machine's state; `config`
 * holds the procedure's set-up (EMVI criteria and weights, suitability requirements, minimum plan
 * score, lots in scope, contract term) as validated by the domain. `version` guards lost updates.
 */
export const procedures = pgTable(
  'procedures',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    segmentId: text('segment_id').notNull(),
    /** sas-dialoog | open-house | bestuurlijk-aanbesteden | subsidie (profile ProcedureSoort). */
    soort: text('soort').notNull(),
    name: text('name').notNull(),
    status: text('status').notNull(),
    config: jsonb('config').notNull(),
    /** Open house: whether intermediate entry (tussentijdse toetreding) is open (seed 004 §3.2 f). */
    entryOpen: boolean('entry_open').notNull().default(true),
    publishedOn: date('published_on', { mode: 'string' }),
    awardedOn: date('awarded_on', { mode: 'string' }),
    /** The intention to award (voornemen tot gunning) and its standstill, until the definitive award (domain Intention). */
    intention: jsonb('intention'),
    contractStart: date('contract_start', { mode: 'string' }),
    contractEnd: date('contract_end', { mode: 'string' }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('procedures_region').on(t.regionId, t.segmentId)],
);

/** Every transition and action on a procedure: who, when, why (append-only). */
export const procedureEvents = pgTable(
  'procedure_events',
  {
    id: serial('id').primaryKey(),
    procedureId: integer('procedure_id')
      .notNull()
      .references(() => procedures.id, { onDelete: 'cascade' }),
    regionId: text('region_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    byUser: text('by_user').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    reason: text('reason'),
    data: jsonb('data'),
  },
  (t) => [index('procedure_events_procedure').on(t.procedureId, t.id)],
);

/**
 * An application to a procedure by a provider (the lead party / penvoerder of a consortium):
 * aanmelding in the selection phase, inschrijving in the award phase, toelatingsverzoek in an open
 * house. `checks` is the suitability checklist with evidence, `scores` the EMVI scores per
 * criterion (per lot when lots are scored separately).
 */
export const applications = pgTable(
  'applications',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    procedureId: integer('procedure_id')
      .notNull()
      .references(() => procedures.id, { onDelete: 'cascade' }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    lotIds: text('lot_ids')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    status: text('status').notNull(),
    submittedOn: date('submitted_on', { mode: 'string' }).notNull(),
    decidedOn: date('decided_on', { mode: 'string' }),
    decisionReason: text('decision_reason'),
    checks: jsonb('checks')
      .notNull()
      .default(sql`'[]'::jsonb`),
    planScore: integer('plan_score'),
    /** Tender price in cents (price part of the EMVI score), when the procedure asks for one. */
    priceCents: bigint('price_cents', { mode: 'number' }),
    scores: jsonb('scores')
      .notNull()
      .default(sql`'{}'::jsonb`),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('applications_once').on(t.procedureId, t.providerId), index('applications_provider').on(t.regionId, t.providerId)],
);

/** Members of a consortium (samenwerkingsverband) or subcontractors, on an application or a contract. */
export const consortiumMembers = pgTable(
  'consortium_members',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    applicationId: integer('application_id').references(() => applications.id, { onDelete: 'cascade' }),
    contractId: integer('contract_id').references(() => contracts.id, { onDelete: 'cascade' }),
    providerId: integer('provider_id').references(() => providers.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    /** Kind of party, e.g. institutionele-sociale-basis | jeugdhulpaanbieder (seed 003 §5.2). */
    kind: text('kind').notNull(),
    /** penvoerder | lid | onderaannemer */
    role: text('role').notNull(),
  },
  (t) => [index('consortium_members_application').on(t.applicationId), index('consortium_members_contract').on(t.contractId)],
);

/** One awarded lot (or the whole segment when lot_id is null) in a procedure. */
export const awards = pgTable(
  'awards',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    procedureId: integer('procedure_id')
      .notNull()
      .references(() => procedures.id, { onDelete: 'cascade' }),
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    lotId: text('lot_id'),
    /** EMVI total in basis points of the maximum (0..10000), as computed at award. */
    emviScore: integer('emvi_score'),
    awardedOn: date('awarded_on', { mode: 'string' }).notNull(),
    contractId: integer('contract_id').references(() => contracts.id, { onDelete: 'set null' }),
  },
  (t) => [index('awards_procedure').on(t.procedureId), uniqueIndex('awards_once').on(t.procedureId, t.applicationId, t.lotId)],
);

/** Provider tier per segment: ontwikkelpartner or regulier (seed 004 §3.2 c), with how it was decided. */
export const providerTiers = pgTable(
  'provider_tiers',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    segmentId: text('segment_id').notNull(),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    tier: text('tier').notNull(),
    /** omzetdrempel | pareto | besluit */
    method: text('method').notNull(),
    rationale: text('rationale').notNull(),
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    byUser: text('by_user').notNull(),
  },
  (t) => [uniqueIndex('provider_tiers_once').on(t.regionId, t.segmentId, t.providerId)],
);

/**
 * A contract change: announced on one date, effective on another; the profile's notice period
 * (seed 004: six months) is enforced by the domain. Segment-wide changes carry no contract id.
 */
export const contractChanges = pgTable(
  'contract_changes',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    contractId: integer('contract_id').references(() => contracts.id, { onDelete: 'cascade' }),
    segmentId: text('segment_id').notNull(),
    /** tarief | product | voorwaarde | looptijd | verlenging | toetreding | overig */
    kind: text('kind').notNull(),
    description: text('description').notNull(),
    announcedOn: date('announced_on', { mode: 'string' }).notNull(),
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    /** aangekondigd | ingetrokken (in force once effectiveOn has passed) */
    status: text('status').notNull(),
    data: jsonb('data'),
    byUser: text('by_user').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('contract_changes_contract').on(t.contractId), index('contract_changes_region').on(t.regionId, t.segmentId)],
);

/**
 * A steering or accountability dialogue (seed 003 §10.2: sturingsdialoog, verantwoordingsdialoog;
 * seed 004: individual and collective contract talks, ontwikkeltafels) per contract, lot or segment.
 * `kpiSnapshot` freezes the KPI set as shown when the dialogue was held.
 */
export const dialogues = pgTable(
  'dialogues',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    segmentId: text('segment_id').notNull(),
    lotId: text('lot_id'),
    contractId: integer('contract_id').references(() => contracts.id, { onDelete: 'cascade' }),
    providerId: integer('provider_id').references(() => providers.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    scheduledOn: date('scheduled_on', { mode: 'string' }).notNull(),
    agenda: jsonb('agenda')
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** gepland | gehouden | geannuleerd */
    status: text('status').notNull(),
    heldOn: date('held_on', { mode: 'string' }),
    minutes: text('minutes'),
    kpiSnapshot: jsonb('kpi_snapshot'),
    byUser: text('by_user').notNull(),
  },
  (t) => [index('dialogues_region').on(t.regionId, t.scheduledOn), index('dialogues_contract').on(t.contractId)],
);

/** An action agreed in a dialogue, with owner, due date and follow-up. */
export const dialogueActions = pgTable(
  'dialogue_actions',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    dialogueId: integer('dialogue_id')
      .notNull()
      .references(() => dialogues.id, { onDelete: 'cascade' }),
    description: text('description').notNull(),
    owner: text('owner').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    /** open | afgerond | vervallen */
    status: text('status').notNull(),
    doneOn: date('done_on', { mode: 'string' }),
    followUp: text('follow_up'),
    /** The dialogue where the action is followed up, when scheduled. */
    followUpDialogueId: integer('follow_up_dialogue_id'),
  },
  (t) => [index('dialogue_actions_dialogue').on(t.dialogueId), index('dialogue_actions_region').on(t.regionId, t.status)],
);
