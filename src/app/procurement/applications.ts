/**
 * Application use cases: submitting an aanmelding / toelatingsverzoek / subsidieaanvraag (a provider
 * user for itself, a contract manager on a provider's behalf) with its consortium members, the
 * suitability checklist with evidence, the plan score, EMVI scores, the tender (inschrijving) of a
 * dialogue participant, and the decision: select or reject at the end of the selection phase, admit
 * (open house: only when every requirement is met and the plan reaches the minimum, then a
 * contract is created) or reject. One transaction each; the procedure row is locked and its
 * version bumped, so concurrent commands on one procedure serialise.
 */
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.js';
import { providers } from '../../db/schema.js';
import { applications, consortiumMembers } from '../../db/schema-procurement.js';
import { dataScope, type UserScope } from '../../domain/access/roles.js';
import { admissionRefusals, checklistProblems } from '../../domain/procurement/award.js';
import { readScore, readScores } from '../../domain/procurement/emvi.js';
import { mayApply, type ProcedureStatus, type SupportedSoort } from '../../domain/procurement/procedure.js';
import { cite } from '../../domain/procurement/sources.js';
import { dutchDate } from '../../domain/dates.js';
import { BadInput, Forbidden, NotFound } from '../errors.js';
import { loadRegionProfile } from '../landscape.js';
import { contractFor } from './award.js';
import {
  checkVersion,
  configOf,
  Conflict,
  loadProcedure,
  readScope,
  recordEvent,
  requireChange,
  RuleRefused,
  segmentOf,
  soortOf,
  stateOf,
  touchProcedure,
  type ProcedureRow,
} from './common.js';
import { detailReadBack, type ProcedureDetail, type ProcedureReadBack } from './procedures.js';

export interface MemberInput {
  name: string;
  /** e.g. institutionele-sociale-basis | jeugdhulpaanbieder (seed 003 §5.2). */
  kind: string;
  role: 'lid' | 'onderaannemer';
  providerId?: number;
}

export interface ApplicationInput {
  /** The applying provider (penvoerder); a provider user may omit it (its own). */
  providerId?: number;
  lotIds?: string[];
  /** Kind of party of the penvoerder itself; default from the provider register. */
  penvoerderKind?: string;
  members?: MemberInput[];
  /** Evidence per suitability requirement (eis id -> text or document reference). */
  evidence?: Record<string, string>;
}

const defaultKind = (providerKind: string) => (providerKind === 'sociale-basis' ? 'institutionele-sociale-basis' : providerKind);

/** Submits an application to a procedure in a phase that accepts them. */
export async function submitApplication<T = ProcedureDetail>(
  db: Db,
  user: UserScope,
  regionId: string,
  procedureId: number,
  input: ApplicationInput,
  now: Date,
  readBack: ProcedureReadBack<T> = detailReadBack as ProcedureReadBack<T>,
): Promise<T> {
  const scope = dataScope(user, regionId);
  let providerId: number;
  if (scope.kind === 'provider') {
    if (input.providerId !== undefined && input.providerId !== scope.providerId) throw new Forbidden('een aanbieder dient alleen een eigen aanmelding in');
    providerId = scope.providerId;
  } else {
    requireChange(user, regionId);
    if (input.providerId === undefined) throw new BadInput('noem de aanbieder (providerId) namens wie de aanmelding wordt geregistreerd');
    providerId = input.providerId;
  }
  const today = dutchDate(now);
  await db.transaction(async (tx) => {
    const row = await loadProcedure(tx, regionId, procedureId, true);
    const soort = soortOf(row);
    const refusal = mayApply(stateOf(row));
    if (refusal) throw new RuleRefused([refusal], 'Aanmelding geweigerd');
    const [provider] = await tx
      .select()
      .from(providers)
      .where(and(eq(providers.id, providerId), eq(providers.regionId, regionId)));
    if (!provider) throw new NotFound(`aanbieder ${providerId} niet gevonden in regio ${regionId}`);
    const cfg = configOf(row);
    const lotIds = [...new Set(input.lotIds ?? [])];
    if (cfg.percelen.length > 0 && soort === 'sas-dialoog') {
      if (lotIds.length === 0)
        throw new RuleRefused([
          { ruleId: 'aanmelding-percelen', message: 'een aanmelding noemt één of meer percelen', source: cite(cfg.bronnen, 'sasPercelen') },
        ]);
      const unknown = lotIds.filter((l) => !cfg.percelen.includes(l));
      if (unknown.length > 0)
        throw new RuleRefused([
          { ruleId: 'unknown-lot', message: `perceel ${unknown.join(', ')} hoort niet bij deze procedure`, source: cite(cfg.bronnen, 'sasPercelen') },
        ]);
    } else if (lotIds.length > 0 && lotIds.some((l) => !cfg.percelen.includes(l))) {
      throw new RuleRefused([{ ruleId: 'unknown-lot', message: `deze procedure heeft geen perceel ${lotIds.join(', ')}` }]);
    }
    const evidence = input.evidence ?? {};
    const unknownEvidence = Object.keys(evidence).filter((id) => !cfg.geschiktheidseisen.some((e) => e.id === id));
    if (unknownEvidence.length > 0) throw new BadInput(`geen geschiktheidseis ${unknownEvidence.join(', ')} in deze procedure`);
    const [dup] = await tx
      .select({ id: applications.id })
      .from(applications)
      .where(and(eq(applications.procedureId, row.id), eq(applications.providerId, providerId)));
    if (dup) throw new Conflict(`${provider.name} heeft al een aanmelding (${dup.id}) in deze procedure`);
    const checks = cfg.geschiktheidseisen.map((e) => ({ eisId: e.id, voldaan: false, bewijs: evidence[e.id] ?? null }));
    const [app] = await tx
      .insert(applications)
      .values({ regionId, procedureId: row.id, providerId, lotIds, status: 'ingediend', submittedOn: today, checks })
      .returning({ id: applications.id });
    const members = [
      { name: provider.name, kind: input.penvoerderKind ?? defaultKind(provider.kind), role: 'penvoerder', providerId },
      ...(input.members ?? []).map((m) => ({ ...m, providerId: m.providerId ?? null })),
    ];
    for (const m of members) {
      if (m.providerId !== null && m.providerId !== providerId) {
        const [p] = await tx
          .select({ id: providers.id })
          .from(providers)
          .where(and(eq(providers.id, m.providerId), eq(providers.regionId, regionId)));
        if (!p) throw new NotFound(`consortiumlid: aanbieder ${m.providerId} niet gevonden in regio ${regionId}`);
      }
    }
    await tx
      .insert(consortiumMembers)
      .values(members.map((m) => ({ regionId, applicationId: app!.id, providerId: m.providerId, name: m.name, kind: m.kind, role: m.role })));
    await touchProcedure(tx, row, now);
    await recordEvent(tx, row, user, now, {
      action: soort === 'sas-dialoog' ? 'aanmelding' : soort === 'subsidie' ? 'subsidieaanvraag' : 'toelatingsverzoek',
      data: { applicationId: app!.id, providerId, lotIds },
    });
  });
  return readBack(db, user, regionId, procedureId, now);
}

type AppRow = typeof applications.$inferSelect;

/** Loads an application of the procedure for a command, with the procedure locked. */
async function forCommand(
  tx: Tx,
  regionId: string,
  procedureId: number,
  applicationId: number,
  expectedVersion: number | undefined,
): Promise<{ row: ProcedureRow; app: AppRow; soort: SupportedSoort }> {
  const row = await loadProcedure(tx, regionId, procedureId, true);
  const [app] = await tx
    .select()
    .from(applications)
    .where(and(eq(applications.id, applicationId), eq(applications.procedureId, row.id), eq(applications.regionId, regionId)))
    .for('update');
  if (!app) throw new NotFound(`aanmelding ${applicationId} niet gevonden in procedure ${procedureId}`);
  checkVersion('aanmelding', app.version, expectedVersion);
  return { row, app, soort: soortOf(row) };
}

const ASSESS_PHASES: Record<SupportedSoort, ProcedureStatus[]> = {
  'sas-dialoog': ['selectie'],
  'open-house': ['instroomronde', 'doorlopend'],
  'bestuurlijk-aanbesteden': ['instroomronde', 'doorlopend'],
  subsidie: ['aanvraag', 'beoordeling'],
  samenwerkingsverband: ['aanvraag', 'beoordeling'],
};

function assertPhase(row: ProcedureRow, soort: SupportedSoort, phases: ProcedureStatus[], what: string) {
  if (!phases.includes(row.status as ProcedureStatus)) throw new Conflict(`${what} kan niet in fase "${row.status}" van deze ${soort}-procedure`);
}
function assertStatus(app: AppRow, statuses: string[], what: string) {
  if (!statuses.includes(app.status)) throw new Conflict(`${what} kan niet bij een aanmelding met status "${app.status}"`);
}
const bump = (tx: Tx, app: AppRow, set: Partial<typeof applications.$inferInsert>) =>
  tx
    .update(applications)
    .set({ ...set, version: app.version + 1 })
    .where(eq(applications.id, app.id));

/** Records the suitability checklist (requirement met or not, with evidence). */
export async function recordChecks<T = ProcedureDetail>(
  db: Db,
  user: UserScope,
  regionId: string,
  procedureId: number,
  applicationId: number,
  input: { checks: { eisId: string; voldaan: boolean; bewijs?: string | null }[]; version?: number },
  now: Date,
  readBack: ProcedureReadBack<T> = detailReadBack as ProcedureReadBack<T>,
): Promise<T> {
  requireChange(user, regionId);
  await db.transaction(async (tx) => {
    const { row, app, soort } = await forCommand(tx, regionId, procedureId, applicationId, input.version);
    assertPhase(row, soort, ASSESS_PHASES[soort], 'toetsen');
    assertStatus(app, ['ingediend'], 'toetsen');
    const cfg = configOf(row);
    const problems = checklistProblems(cfg, input.checks);
    if (problems.length > 0) throw new RuleRefused(problems, 'Ongeldige toetsing');
    const current = app.checks as { eisId: string; voldaan: boolean; bewijs?: string | null }[];
    const merged = cfg.geschiktheidseisen.map(
      (e) => input.checks.find((c) => c.eisId === e.id) ?? current.find((c) => c.eisId === e.id) ?? { eisId: e.id, voldaan: false, bewijs: null },
    );
    await bump(tx, app, { checks: merged });
    await touchProcedure(tx, row, now);
    await recordEvent(tx, row, user, now, {
      action: 'toetsing',
      data: { applicationId, checks: input.checks.map((c) => ({ eisId: c.eisId, voldaan: c.voldaan })) },
    });
  });
  return readBack(db, user, regionId, procedureId, now);
}

/** Scores: the plan score (open house) and/or the EMVI quality scores (tender in the award phase). */
export async function recordScores<T = ProcedureDetail>(
  db: Db,
  user: UserScope,
  regionId: string,
  procedureId: number,
  applicationId: number,
  input: { planScore?: number | string | null; scores?: Record<string, number | string>; version?: number },
  now: Date,
  readBack: ProcedureReadBack<T> = detailReadBack as ProcedureReadBack<T>,
): Promise<T> {
  requireChange(user, regionId);
  await db.transaction(async (tx) => {
    const { row, app, soort } = await forCommand(tx, regionId, procedureId, applicationId, input.version);
    const cfg = configOf(row);
    const set: Partial<typeof applications.$inferInsert> = {};
    if (input.planScore !== undefined) {
      if (!cfg.plan) throw new RuleRefused([{ ruleId: 'plan-minimumscore', message: 'deze procedure vraagt geen plan', source: cite(cfg.bronnen, 'plan') }]);
      assertPhase(row, soort, ASSESS_PHASES[soort], 'een plan scoren');
      assertStatus(app, ['ingediend'], 'een plan scoren');
      const plan = input.planScore === null ? null : readScore(input.planScore);
      if (input.planScore !== null && (plan === null || !Number.isInteger(plan) || plan < 0 || plan > cfg.plan.schaalMax)) {
        throw new RuleRefused(
          [
            {
              ruleId: cfg.plan.regelId,
              message: `de planscore is een heel getal van 0 tot en met ${cfg.plan.schaalMax} (ingevuld: "${String(input.planScore)}")`,
              source: cfg.plan.source,
              field: 'planScore',
            },
          ],
          'Ongeldige score',
        );
      }
      set.planScore = plan;
    }
    if (input.scores !== undefined) {
      if (!cfg.emvi)
        throw new RuleRefused([{ ruleId: 'emvi-criteria', message: 'deze procedure heeft geen EMVI-criteria', source: cite(cfg.bronnen, 'sasEmvi') }]);
      if (soort === 'sas-dialoog') assertPhase(row, soort, ['gunning'], 'inschrijvingen scoren');
      assertStatus(app, soort === 'sas-dialoog' ? ['ingeschreven'] : ['ingediend'], 'scoren');
      const read = readScores(cfg.emvi.criteria, cfg.emvi.schaalMax, input.scores, cite(cfg.bronnen, 'sasEmvi'));
      if (read.problems.length > 0) throw new RuleRefused(read.problems, 'Ongeldige scores');
      set.scores = { ...(app.scores as Record<string, number>), ...read.scores };
    }
    if (Object.keys(set).length === 0) throw new BadInput('geef een planscore of EMVI-scores op');
    await bump(tx, app, set);
    await touchProcedure(tx, row, now);
    await recordEvent(tx, row, user, now, { action: 'scoren', data: { applicationId, ...input, version: undefined } });
  });
  return readBack(db, user, regionId, procedureId, now);
}

/** The tender (inschrijving) of a dialogue participant in the award phase, with its price (seed 003 §5.3.2). */
export async function submitTender<T = ProcedureDetail>(
  db: Db,
  user: UserScope,
  regionId: string,
  procedureId: number,
  applicationId: number,
  input: { priceCents?: number; version?: number },
  now: Date,
  readBack: ProcedureReadBack<T> = detailReadBack as ProcedureReadBack<T>,
): Promise<T> {
  const scope = readScope(user, regionId);
  if (!scope.mayChange && scope.providerId === null) throw new Forbidden('alleen de aanbieder zelf of een contractmanager dient een inschrijving in');
  await db.transaction(async (tx) => {
    const { row, app, soort } = await forCommand(tx, regionId, procedureId, applicationId, input.version);
    if (scope.providerId !== null && app.providerId !== scope.providerId)
      throw new NotFound(`aanmelding ${applicationId} niet gevonden in procedure ${procedureId}`);
    if (soort !== 'sas-dialoog') throw new Conflict('alleen een dialooggerichte aanbesteding kent een inschrijving');
    assertPhase(row, soort, ['gunning'], 'inschrijven');
    if (app.status === 'ingeschreven') throw new Conflict('deze partij heeft al ingeschreven');
    if (app.status !== 'geselecteerd')
      throw new RuleRefused(
        [
          {
            ruleId: 'inschrijving-alleen-dialoogdeelnemers',
            message: `alleen partijen die voor de dialoog zijn geselecteerd schrijven in (status "${app.status}")`,
            source: cite(configOf(row).bronnen, 'sasInschrijving'),
          },
        ],
        'Inschrijving geweigerd',
      );
    const cfg = configOf(row);
    const needsPrice = cfg.emvi?.criteria.some((c) => c.soort === 'prijs') ?? false;
    if (needsPrice && (input.priceCents === undefined || !Number.isInteger(input.priceCents) || input.priceCents <= 0))
      throw new BadInput('de inschrijving heeft een prijs in hele centen nodig (priceCents > 0)');
    await bump(tx, app, { status: 'ingeschreven', priceCents: input.priceCents ?? null });
    await touchProcedure(tx, row, now);
    await recordEvent(tx, row, user, now, { action: 'inschrijving', data: { applicationId } });
  });
  return readBack(db, user, regionId, procedureId, now);
}

export type Decision = 'selecteren' | 'afwijzen' | 'toelaten';

/** Decides on an application: select/reject (selection phase), admit/reject (open house), reject (subsidy). */
export async function decideApplication<T = ProcedureDetail>(
  db: Db,
  user: UserScope,
  regionId: string,
  procedureId: number,
  applicationId: number,
  input: { decision: Decision; reason?: string; version?: number },
  now: Date,
  readBack: ProcedureReadBack<T> = detailReadBack as ProcedureReadBack<T>,
): Promise<T> {
  requireChange(user, regionId);
  const profile = await loadRegionProfile(db, regionId);
  const today = dutchDate(now);
  await db.transaction(async (tx) => {
    const { row, app, soort } = await forCommand(tx, regionId, procedureId, applicationId, input.version);
    const reason = input.reason?.trim() || null;
    if (input.decision === 'afwijzen' && (!reason || reason.length < 3)) throw new BadInput('a rejection states its reason');
    const cfg = configOf(row);
    let status: string;
    let contractId: number | null = null;
    if (soort === 'sas-dialoog') {
      assertPhase(row, soort, ['selectie'], 'selecteren of afwijzen');
      if (input.decision === 'toelaten') throw new Conflict('een dialooggerichte aanbesteding selecteert; toelaten hoort bij een open house');
      assertStatus(app, ['ingediend', 'geselecteerd', 'afgewezen'], 'beslissen');
      status = input.decision === 'selecteren' ? 'geselecteerd' : 'afgewezen';
    } else {
      assertPhase(row, soort, ASSESS_PHASES[soort], 'beslissen');
      assertStatus(app, ['ingediend'], 'beslissen');
      if (input.decision === 'selecteren' || (soort === 'subsidie' && input.decision === 'toelaten'))
        throw new Conflict(`besluit "${input.decision}" hoort niet bij een ${soort}-procedure`);
      if (input.decision === 'toelaten') {
        const refusals = admissionRefusals(cfg, {
          checks: app.checks as { eisId: string; voldaan: boolean; bewijs?: string | null }[],
          planScore: app.planScore,
        });
        if (refusals.length > 0) throw new RuleRefused(refusals, 'Toelating geweigerd');
        if (!cfg.looptijd)
          throw new RuleRefused(
            [{ ruleId: 'looptijd-open', message: 'het profiel laat de looptijd open: leg eerst ingangs- en einddatum vast op de procedure' }],
            'Toelating geweigerd',
          );
        // Admitted in the first intake round: the contract runs from the start of the term (seed 003 §11.1
        // "Keuze contractpartners bij aanvang overeenkomst (eerste instroomronde)"); later: from the admission.
        const startDate = row.status === 'instroomronde' ? cfg.looptijd.startDate : today;
        contractId = await contractFor(tx, {
          row,
          seg: segmentOf(profile, row.segmentId),
          cfg,
          providerId: app.providerId,
          lotId: null,
          applicationId: app.id,
          startDate,
          today,
        });
        status = 'toegelaten';
      } else status = 'afgewezen';
    }
    await bump(tx, app, { status, decidedOn: today, decisionReason: reason });
    await touchProcedure(tx, row, now);
    await recordEvent(tx, row, user, now, { action: input.decision, reason, data: { applicationId, status, ...(contractId ? { contractId } : {}) } });
  });
  return readBack(db, user, regionId, procedureId, now);
}
