/**
 * Database schema (PostgreSQL; runs unchanged on PGlite). Migrations are generated from this file
 * with `npm run db:generate` into src/db/migrations and applied at start-up.
 *
 * Tenancy: every row carries `region_id`; personal data also carries the municipality
 * (`municipality_code`) and care rows the provider, so queries can be scoped (src/db/scope.ts).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

import { contracts, providers, regions } from './schema-landscape.js';

export * from './schema-landscape.js';

export const families = pgTable('families', {
  id: serial('id').primaryKey(),
  regionId: text('region_id')
    .notNull()
    .references(() => regions.id, { onDelete: 'cascade' }),
  municipalityCode: text('municipality_code').notNull(),
  areaId: text('area_id'),
  /** BRP address of the family (iJw Contact Soort 01), used in allocation messages. */
  straatnaam: text('straatnaam'),
  huisnummer: integer('huisnummer'),
  /** iJw Huisletter (one letter) and HuisnummerToevoeging (max. 4 characters), migration 0015. */
  huisletter: text('huisletter'),
  huisnummertoevoeging: text('huisnummertoevoeging'),
  postcode: text('postcode'),
  plaatsnaam: text('plaatsnaam'),
});

/** Youths: personal data. BSN is never logged nor put in URLs; analytics use `pseudonym`. */
export const youths = pgTable(
  'youths',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    familyId: integer('family_id')
      .notNull()
      .references(() => families.id, { onDelete: 'cascade' }),
    bsn: text('bsn').notNull(),
    pseudonym: text('pseudonym').notNull(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    /** COD046: 0 onbekend, 1 mannelijk, 2 vrouwelijk. */
    gender: text('gender').notNull(),
    municipalityCode: text('municipality_code').notNull(),
    areaId: text('area_id'),
  },
  (t) => [
    // Per municipality: each municipality keeps its own record of a youth (migration 0017, issue #10).
    uniqueIndex('youths_region_municipality_bsn').on(t.regionId, t.municipalityCode, t.bsn),
    index('youths_region_municipality').on(t.regionId, t.municipalityCode),
  ],
);

/** A care trajectory: one product delivered by one provider to one youth in a period. */
export const trajectories = pgTable(
  'trajectories',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    youthId: integer('youth_id')
      .notNull()
      .references(() => youths.id, { onDelete: 'cascade' }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    contractId: integer('contract_id').references(() => contracts.id),
    segmentId: text('segment_id').notNull(),
    municipalityCode: text('municipality_code').notNull(),
    /** JZ020 productcategorie and the region's product code (when it has one). */
    productCategory: text('product_category').notNull(),
    productCode: text('product_code'),
    /** WJ756 unit and volume per WMO757 frequency, when the funding is per unit. */
    unit: text('unit'),
    volume: integer('volume'),
    frequency: text('frequency'),
    /** COD327 code verwijzer. */
    referrer: text('referrer').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
  },
  (t) => [
    index('trajectories_region_segment').on(t.regionId, t.segmentId),
    index('trajectories_region_municipality').on(t.regionId, t.municipalityCode),
    index('trajectories_provider').on(t.providerId),
    index('trajectories_youth').on(t.youthId),
  ],
);

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    /** toegang | gemeente | aanbieder | contractmanager | controller | beleid | beheer */
    role: text('role').notNull(),
    /** Null region = all regions (beheer). */
    regionId: text('region_id').references(() => regions.id, { onDelete: 'cascade' }),
    municipalityCode: text('municipality_code'),
    providerId: integer('provider_id').references(() => providers.id, { onDelete: 'cascade' }),
    /** scrypt hash; null for accounts that log in only through OpenID Connect. */
    passwordHash: text('password_hash'),
    /** A demo account (password "demo"): logs in only when the server runs with --demo. */
    demo: boolean('demo').notNull().default(false),
    /** Set when an administrator disabled the account: no login, its sessions end. */
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /** `<issuer> <sub>` of the OpenID Connect identity linked to this account. */
    oidcSubject: text('oidc_subject'),
  },
  (t) => [uniqueIndex('users_oidc_subject').on(t.oidcSubject)],
);

export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** browser (HttpOnly cookie) or token (bearer token from POST /tokens). */
    kind: text('kind').notNull().default('browser'),
    /** Last request with this credential; the session ends after the idle timeout. */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/** Failed logins per account name and client address (throttling; shared by every instance). */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: serial('id').primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    username: text('username').notNull(),
    address: text('address').notNull(),
  },
  (t) => [index('login_failures_address').on(t.address, t.at), index('login_failures_account').on(t.username, t.address, t.at)],
);

/** Audit log of reads and writes of personal data (who, which client, when, action, purpose). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: serial('id').primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    userId: integer('user_id'),
    username: text('username').notNull(),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    regionId: text('region_id'),
    purpose: text('purpose').notNull(),
    /** `toegestaan` or `geweigerd` (a denied read is logged too). */
    outcome: text('outcome').notNull().default('toegestaan'),
    /** The purpose chosen from the list (src/domain/audit/audit.ts); `purpose` holds the text. */
    purposeCode: text('purpose_code').notNull().default('overig'),
    /** What else was read (e.g. the case numbers of a worklist). */
    detail: jsonb('detail'),
    /** Hash chain (tamper-evident): the previous row's hash and this row's. */
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [index('audit_subject').on(t.subjectType, t.subjectId), index('audit_region_at').on(t.regionId, t.at), index('audit_username').on(t.username)],
);

/** One row per generated demo region: the generator's seed and the counts it produced. */
export const demoRuns = pgTable('demo_runs', {
  regionId: text('region_id')
    .primaryKey()
    .references(() => regions.id, { onDelete: 'cascade' }),
  seed: integer('seed').notNull(),
  generatedAt: timestamp('generated_at', { withTimezone: true }).notNull().defaultNow(),
  counts: jsonb('counts').notNull(),
});

/** Sequence of iJw ToewijzingNummers (unique per municipality and legal domain, TR332). */
export const toewijzingNummerSeq = pgSequence('toewijzing_nummer_seq', { startWith: 100000, increment: 1 });

/**
 * Access cases: the lifecycle state of one youth's case as a JSON document (domain CaseState),
 * with the columns queries filter on. `version` guards against lost updates.
 */
export const cases = pgTable(
  'cases',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    familyId: integer('family_id')
      .notNull()
      .references(() => families.id, { onDelete: 'cascade' }),
    youthId: integer('youth_id')
      .notNull()
      .references(() => youths.id, { onDelete: 'cascade' }),
    municipalityCode: text('municipality_code').notNull(),
    areaId: text('area_id'),
    status: text('status').notNull(),
    regievoerder: text('regievoerder'),
    crisis: boolean('crisis').notNull().default(false),
    /** Providers with an allocation in this case (tenancy for provider users). */
    providerIds: integer('provider_ids')
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
    state: jsonb('state').notNull(),
    version: integer('version').notNull().default(1),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('cases_region_municipality_status').on(t.regionId, t.municipalityCode, t.status),
    index('cases_family').on(t.familyId),
    index('cases_youth').on(t.youthId),
  ],
);

/** The timeline of a case: every command, message and decision, append-only. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    type: text('type').notNull(),
    byUser: text('by_user').notNull(),
    text: text('text').notNull(),
    data: jsonb('data'),
  },
  (t) => [index('case_events_case').on(t.caseId, t.id)],
);

/** Every iJw message received or sent, stored as received (the XML) with its verdict. */
export const ijwMessages = pgTable(
  'ijw_messages',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    direction: text('direction').notNull(),
    code: text('code'),
    afzender: text('afzender'),
    ontvanger: text('ontvanger'),
    identificatie: text('identificatie'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    xml: text('xml').notNull(),
    verdict: jsonb('verdict'),
    /** For retour and answer messages: the message they answer. */
    answersId: integer('answers_id'),
    caseId: integer('case_id').references(() => cases.id, { onDelete: 'set null' }),
  },
  (t) => [index('ijw_messages_sender').on(t.regionId, t.afzender, t.code, t.identificatie), index('ijw_messages_case').on(t.caseId)],
);

/**
 * The allocation register (toewijzingen): one row per ToegewezenProduct sent to a provider, from
 * a case (access) or from the demo population. Settlement looks lines up here by ToewijzingNummer.
 */
export const allocations = pgTable(
  'allocations',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    toewijzingNummer: integer('toewijzing_nummer').notNull(),
    youthId: integer('youth_id')
      .notNull()
      .references(() => youths.id, { onDelete: 'cascade' }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    contractId: integer('contract_id').references(() => contracts.id),
    segmentId: text('segment_id').notNull(),
    municipalityCode: text('municipality_code').notNull(),
    caseId: integer('case_id').references(() => cases.id, { onDelete: 'set null' }),
    trajectoryId: integer('trajectory_id').references(() => trajectories.id, { onDelete: 'set null' }),
    productCategorie: text('product_categorie'),
    productCode: text('product_code'),
    ingangsdatum: date('ingangsdatum', { mode: 'string' }).notNull(),
    einddatum: date('einddatum', { mode: 'string' }),
    volume: integer('volume'),
    eenheid: text('eenheid'),
    frequentie: text('frequentie'),
    budgetCents: bigint('budget_cents', { mode: 'number' }),
    redenWijziging: text('reden_wijziging'),
    /** Date care stopped (JW307 Einddatum of a definitive stop), and its JZ588 RedenBeeindiging (uitval, CBS §3.7/§4.2). */
    stopdatum: date('stopdatum', { mode: 'string' }),
    redenBeeindiging: text('reden_beeindiging'),
  },
  (t) => [
    uniqueIndex('allocations_region_nummer').on(t.regionId, t.toewijzingNummer),
    index('allocations_provider').on(t.providerId),
    index('allocations_region_stop').on(t.regionId, t.stopdatum),
  ],
);

/**
 * Outcome of an ended allocation (Toewijzing), the national outcome set (CBS Beleidsinformatie
 * Jeugd §4.3-4.5): tevredenheid ("hoe nuttig was deze hulp", 1-10) and zonder hulp verder (answer
 * codes 01-04), per informant (de jeugdige or de ouder/opvoeder), so at most two measurements per
 * allocation; plus the degree to which the agreed goals were reached (0-100 %, seed 002, read by
 * result-based payment). Uitval and geen-nieuwe-start are derived elsewhere, never entered here.
 * Data is minimised: no free text, no medical content.
 */
export const allocationOutcomes = pgTable(
  'allocation_outcomes',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    allocationId: integer('allocation_id')
      .notNull()
      .references(() => allocations.id, { onDelete: 'cascade' }),
    toewijzingNummer: integer('toewijzing_nummer').notNull(),
    /** 'jeugdige' or 'ouder' (ouder/opvoeder). */
    informant: text('informant').notNull(),
    gemetenOp: date('gemeten_op', { mode: 'string' }).notNull(),
    tevredenheid: smallint('tevredenheid'),
    /** Answer code 01-04 of the national question "zonder hulp verder". */
    zonderHulpVerder: text('zonder_hulp_verder'),
    doelrealisatiePct: smallint('doelrealisatie_pct'),
    /** The profile's cluster of result areas (resultaatclusters) the goal was agreed on, when the region has clusters. */
    resultaatcluster: text('resultaatcluster'),
    recordedBy: text('recorded_by').notNull(),
    recordedRole: text('recorded_role').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('allocation_outcomes_one_per_informant').on(t.regionId, t.toewijzingNummer, t.informant),
    index('allocation_outcomes_allocation').on(t.allocationId),
  ],
);

/** Contract tariffs with validity periods (cents per unit), per provider, segment and product. */
export const tariffs = pgTable(
  'tariffs',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    contractId: integer('contract_id').references(() => contracts.id, { onDelete: 'cascade' }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    segmentId: text('segment_id').notNull(),
    productCategorie: text('product_categorie').notNull(),
    productCode: text('product_code'),
    eenheid: text('eenheid').notNull(),
    priceCents: bigint('price_cents', { mode: 'number' }).notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
  },
  (t) => [index('tariffs_lookup').on(t.regionId, t.providerId, t.productCategorie)],
);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** A received declaration (JW323), settled exactly once: the content hash identifies a resubmission. */
export const declarations = pgTable(
  'declarations',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    providerId: integer('provider_id').references(() => providers.id),
    providerAgb: text('provider_agb').notNull(),
    declaratieNummer: text('declaratie_nummer').notNull(),
    contentHash: text('content_hash').notNull(),
    messageId: integer('message_id').references(() => ijwMessages.id),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    periodStart: date('period_start', { mode: 'string' }),
    periodEnd: date('period_end', { mode: 'string' }),
    submittedCents: bigint('submitted_cents', { mode: 'number' }).notNull(),
    approvedCents: bigint('approved_cents', { mode: 'number' }).notNull(),
    lineCount: integer('line_count').notNull(),
    rejectedCount: integer('rejected_count').notNull(),
    answerXml: text('answer_xml').notNull(),
    /** The message as received, gzip-compressed (a 100,000-line declaration is ~70 MB of XML). */
    receivedGzip: bytea('received_gzip').notNull(),
  },
  (t) => [
    uniqueIndex('declarations_once').on(t.regionId, t.providerAgb, t.contentHash),
    index('declarations_provider').on(t.regionId, t.providerId),
    // The resubmission check looks a declaration up by its content hash before the sender is known (settle.ts).
    index('declarations_hash').on(t.regionId, t.contentHash),
    // The declarations list, newest period first (migration 0009).
    index('declarations_region_period').on(t.regionId, t.periodStart.desc().nullsLast(), t.id.desc()),
  ],
);

/** One settled line; approved lines count as spend (signed amount). */
export const declarationLines = pgTable(
  'declaration_lines',
  {
    id: serial('id').primaryKey(),
    declarationId: integer('declaration_id')
      .notNull()
      .references(() => declarations.id, { onDelete: 'cascade' }),
    regionId: text('region_id').notNull(),
    providerAgb: text('provider_agb').notNull(),
    referentieNummer: text('referentie_nummer').notNull(),
    vorigReferentieNummer: text('vorig_referentie_nummer'),
    toewijzingNummer: integer('toewijzing_nummer').notNull(),
    allocationId: integer('allocation_id'),
    segmentId: text('segment_id'),
    municipalityCode: text('municipality_code'),
    productCategorie: text('product_categorie').notNull(),
    productCode: text('product_code').notNull(),
    begindatum: date('begindatum', { mode: 'string' }).notNull(),
    einddatum: date('einddatum', { mode: 'string' }).notNull(),
    volume: integer('volume').notNull(),
    eenheid: text('eenheid').notNull(),
    bedragCents: bigint('bedrag_cents', { mode: 'number' }).notNull(),
    debetCredit: text('debet_credit').notNull(),
    approved: boolean('approved').notNull(),
    codes: text('codes').array().notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    credited: boolean('credited').notNull().default(false),
  },
  (t) => [
    // Exactly once: an approved ReferentieNummer exists once per provider (TR314); a rejected line
    // may be sent again and is stored as received.
    uniqueIndex('declaration_lines_ref')
      .on(t.regionId, t.providerAgb, t.referentieNummer)
      .where(sql`approved`),
    index('declaration_lines_allocation').on(t.regionId, t.toewijzingNummer),
    // The lines of one declaration (the declaration screen; migration 0025).
    index('declaration_lines_declaration').on(t.declarationId),
    // Earlier lines by ReferentieNummer, approved or rejected (TR314, credits; settle.ts loadContext).
    index('declaration_lines_provider_ref').on(t.regionId, t.providerAgb, t.referentieNummer),
    // Approved spend of a segment in a year, for segment ceilings (seed 003 §6.3.5; settle.ts).
    index('declaration_lines_segment_year')
      .on(t.regionId, t.segmentId, t.begindatum)
      .where(sql`approved`),
  ],
);

/**
 * Payments that are not declared per line: lump-sum and availability schedules, result-based
 * parts. One row per scheduled amount; `paid` once its due date has passed.
 */
export const paymentSchedule = pgTable(
  'payment_schedule',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    contractId: integer('contract_id').references(() => contracts.id, { onDelete: 'cascade' }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    segmentId: text('segment_id').notNull(),
    /** taakgericht | beschikbaarheid | resultaatgericht | outputgericht */
    model: text('model').notNull(),
    period: date('period', { mode: 'string' }).notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    description: text('description').notNull(),
  },
  (t) => [uniqueIndex('payment_schedule_once').on(t.contractId, t.model, t.period, t.description), index('payment_schedule_region').on(t.regionId, t.period)],
);

/** Yearly budget ceilings per provider (seed 004 §3.3) or per segment. */
export const ceilings = pgTable(
  'ceilings',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    providerId: integer('provider_id').references(() => providers.id, { onDelete: 'cascade' }),
    segmentId: text('segment_id'),
    year: integer('year').notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
  },
  (t) => [index('ceilings_lookup').on(t.regionId, t.year)],
);

export * from './schema-read-models.js';
