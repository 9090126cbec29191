/**
 * Access use cases: register a help request and take a case through its lifecycle. Every command
 * runs in one transaction: load the case in the user's scope (row lock), evaluate the region's
 * access rules, apply the transition, store the new state and a timeline event.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.js';
import { allocations, auditLog, caseEvents, cases, families, providers, youths, toewijzingNummerSeq } from '../../db/schema.js';
import { codeList } from '../../ijw/codelists.js';
import { IllegalTransition, newCase, transitions, TRIAGE_UITKOMSTEN, type CaseState, type Mdo, type Verwijzing, type Beschikking, type Toewijzing, type TriageUitkomst, type Complexiteit } from '../../domain/access/case.js';
import { checkAction, caseSignals, expiringAllocations, type AccessAction, type RuleHit } from '../../domain/access/access-rules.js';
import { dataScope, type UserScope, type Role } from '../../domain/access/roles.js';
import { isValidBsn } from '../../domain/people/bsn.js';
import type { Regel } from '../../domain/landscape/profile-schema.js';
import { dutchDate } from '../../domain/dates.js';
import { AppError, BadInput, Forbidden, NotFound } from '../errors.js';
import { loadRegionProfile } from '../landscape.js';
import { pseudonymise } from '../demo.js';

/** A blocking rule refused the action; the hits name the rules and their sources. */
export class RuleBlocked extends AppError {
  constructor(readonly hits: RuleHit[]) {
    super(422, 'Geweigerd door een regel van de regio', hits.map((h) => h.message).join(' | '), { rules: hits });
  }
}

export class Conflict extends AppError {
  constructor(detail: string) {
    super(409, 'Conflict', detail);
  }
}

export type CaseCommand =
  | { type: 'verheldering' }
  | { type: 'triage'; uitkomsten: TriageUitkomst[]; complexiteit: Complexiteit; domeinoverstijgend: boolean }
  | { type: 'mdo'; mdo: Mdo }
  | { type: 'analyse'; verklarendeAnalyse: boolean; ambulanteAlternatieven: string; diagnostiekAfgerond: boolean }
  | { type: 'verwijzing'; verwijzing: Omit<Verwijzing, 'id'> }
  | { type: 'beschikking'; beschikking: Omit<Beschikking, 'id' | 'datum'> }
  | { type: 'toewijzing'; toewijzing: Omit<Toewijzing, 'status' | 'nummer'> }
  | { type: 'start'; nummer: number; datum: string }
  | { type: 'stop'; nummer: number; datum: string; reden: string }
  | { type: 'overbrugging'; nummer: number }
  | { type: 'regie'; regievoerder?: string; procesregisseur?: string; procesregiePartij?: string }
  | { type: 'signaal-afgehandeld'; ruleId: string }
  | { type: 'afsluiten'; waakvlam: boolean; contactpersoon?: string }
  | { type: 'nazorg-beeindigen' };

/** Who may give which command (seed 003 §4.3: the municipality takes the formal decision). */
const COMMAND_ROLES: Record<CaseCommand['type'], Role[]> = {
  verheldering: ['toegang'],
  triage: ['toegang'],
  mdo: ['toegang'],
  analyse: ['toegang'],
  verwijzing: ['toegang'],
  beschikking: ['gemeente'],
  toewijzing: ['gemeente'],
  start: ['aanbieder', 'gemeente'],
  stop: ['aanbieder', 'gemeente'],
  overbrugging: ['toegang', 'aanbieder'],
  regie: ['toegang'],
  'signaal-afgehandeld': ['toegang'],
  afsluiten: ['toegang'],
  'nazorg-beeindigen': ['toegang'],
};

/** Stored state: the domain CaseState plus the signals a professional marked handled. */
export interface StoredCase extends CaseState {
  afgehandeld: { ruleId: string; datum: string; door: string }[];
}

export interface CaseView {
  id: number;
  regionId: string;
  familyId: number;
  youthId: number;
  municipalityCode: string;
  areaId: string | null;
  version: number;
  state: StoredCase;
  signals: RuleHit[];
}

/** All access rules of a region: region level plus every segment's own rules. */
export function accessRules(profile: Awaited<ReturnType<typeof loadRegionProfile>>): Regel[] {
  return [...profile.regels, ...profile.segmenten.flatMap((s) => s.regels)];
}

function scopeCondition(user: UserScope, regionId: string) {
  const scope = dataScope(user, regionId);
  switch (scope.kind) {
    case 'municipality':
      return and(eq(cases.regionId, regionId), eq(cases.municipalityCode, scope.municipalityCode));
    case 'provider':
      return and(eq(cases.regionId, regionId), sql`${scope.providerId} = any(${cases.providerIds})`);
    default:
      return sql`false`; // regional roles see no personal data (aggregates only)
  }
}

export interface HelpRequestInput {
  youth: { bsn: string; givenName: string; familyName: string; birthDate: string; gender: '0' | '1' | '2' } | { youthId: number };
  /** Existing family of the youth; when absent a family is created in the user's municipality. */
  familyId?: number;
  areaId?: string;
  hulpvraag: string;
  crisis: boolean;
  regievoerder?: string;
}

/** Registers a help request (hulpvraag) in the professional's municipality. */
export async function registerHelpRequest(db: Db, user: UserScope, regionId: string, input: HelpRequestInput, now: Date): Promise<CaseView> {
  if (user.role !== 'toegang') throw new Forbidden('only the local team (toegang) registers help requests');
  const scope = dataScope(user, regionId);
  if (scope.kind !== 'municipality') throw new Forbidden('your account is not scoped to a municipality of this region');
  const profile = await loadRegionProfile(db, regionId);
  if (input.areaId && !profile.gebieden.some((g) => g.id === input.areaId && g.gemeenten.includes(scope.municipalityCode))) {
    throw new BadInput(`area "${input.areaId}" does not serve municipality ${scope.municipalityCode}`);
  }
  if (!input.hulpvraag.trim()) throw new BadInput('describe the help request (hulpvraag)');
  return db.transaction(async (tx) => {
    let youthId: number;
    let familyId: number;
    let birthDate: string;
    if ('youthId' in input.youth) {
      const [y] = await tx.select().from(youths).where(and(eq(youths.id, input.youth.youthId), eq(youths.regionId, regionId), eq(youths.municipalityCode, scope.municipalityCode)));
      if (!y) throw new NotFound(`jeugdige ${input.youth.youthId} niet gevonden binnen uw gemeente`);
      [youthId, familyId, birthDate] = [y.id, y.familyId, y.birthDate];
    } else {
      const y = input.youth;
      if (!isValidBsn(y.bsn)) throw new BadInput('BSN does not pass the 11-check (elfproef)');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(y.birthDate)) throw new BadInput('birth date must be YYYY-MM-DD');
      if (input.familyId) {
        const [f] = await tx.select().from(families).where(and(eq(families.id, input.familyId), eq(families.regionId, regionId), eq(families.municipalityCode, scope.municipalityCode)));
        if (!f) throw new NotFound(`gezin ${input.familyId} niet gevonden binnen uw gemeente`);
        familyId = f.id;
      } else {
        const [f] = await tx.insert(families).values({ regionId, municipalityCode: scope.municipalityCode, areaId: input.areaId ?? null }).returning({ id: families.id });
        familyId = f!.id;
      }
      const [existing] = await tx.select({ id: youths.id }).from(youths).where(and(eq(youths.regionId, regionId), eq(youths.bsn, y.bsn)));
      if (existing) throw new Conflict('a youth with this BSN is already registered; open the existing record instead');
      const [row] = await tx
        .insert(youths)
        .values({ regionId, familyId, bsn: y.bsn, pseudonym: pseudonymise(y.bsn), givenName: y.givenName, familyName: y.familyName, birthDate: y.birthDate, gender: y.gender, municipalityCode: scope.municipalityCode, areaId: input.areaId ?? null })
        .returning({ id: youths.id });
      youthId = row!.id;
      birthDate = y.birthDate;
    }
    const state: StoredCase = { ...newCase({ hulpvraag: input.hulpvraag, aangemeldOp: now.toISOString(), crisis: input.crisis, geboortedatum: birthDate, regievoerder: input.regievoerder }), afgehandeld: [] };
    if (input.regievoerder) {
      // One regievoerder per family (seed 003 §5.1): the same check as a later regie command.
      const family = (await tx.select({ state: cases.state }).from(cases).where(eq(cases.familyId, familyId))).map((r) => r.state as CaseState);
      const blocking = checkAction(accessRules(profile), state, { kind: 'regie', regievoerder: input.regievoerder }, { today: dutchDate(now), family }).filter((h) => h.severity === 'blocking');
      if (blocking.length > 0) throw new RuleBlocked(blocking);
    }
    const [c] = await tx
      .insert(cases)
      .values({ regionId, familyId, youthId, municipalityCode: scope.municipalityCode, areaId: input.areaId ?? null, status: state.status, regievoerder: state.regievoerder ?? null, crisis: state.crisis, state, openedAt: now, updatedAt: now })
      .returning();
    await tx.insert(caseEvents).values({ caseId: c!.id, at: now, type: 'hulpvraag', byUser: user.username, text: `Hulpvraag geregistreerd${input.crisis ? ' (crisis)' : ''}` });
    return view(c!, accessRules(profile), [], dutchDate(now));
  });
}

function view(row: typeof cases.$inferSelect, rules: Regel[], family: CaseState[], today: string): CaseView {
  const state = row.state as StoredCase;
  return {
    id: row.id,
    regionId: row.regionId,
    familyId: row.familyId,
    youthId: row.youthId,
    municipalityCode: row.municipalityCode,
    areaId: row.areaId,
    version: row.version,
    state,
    signals: caseSignals(rules, state, { today, family, handled: state.afgehandeld.map((h) => h.ruleId) }),
  };
}

async function familyStates(tx: Tx, row: typeof cases.$inferSelect): Promise<CaseState[]> {
  const rows = await tx.select({ state: cases.state, id: cases.id }).from(cases).where(eq(cases.familyId, row.familyId));
  return rows.filter((r) => r.id !== row.id).map((r) => r.state as CaseState);
}

function actionOf(cmd: CaseCommand, today: string): AccessAction | null {
  switch (cmd.type) {
    case 'verwijzing':
      return { kind: 'verwijzing', verwijzing: cmd.verwijzing };
    case 'beschikking':
      return { kind: 'beschikking', beschikking: { ...cmd.beschikking, datum: today } };
    case 'toewijzing':
      return { kind: 'toewijzing', toewijzing: cmd.toewijzing };
    case 'regie':
      // A new regievoerder is set for the whole family at once (see below), so the family never has two.
      return { kind: 'regie', regievoerder: cmd.regievoerder, procesregisseur: cmd.procesregisseur, procesregiePartij: cmd.procesregiePartij, familyWide: true };
    default:
      return null;
  }
}

/** The timeline text of a command, in Dutch with names instead of codes. */
function describe(cmd: CaseCommand, s: StoredCase, names: { segment(id: string): string; provider?: string }): string {
  switch (cmd.type) {
    case 'triage':
      return `Triage: ${cmd.uitkomsten.map((u) => TRIAGE_UITKOMSTEN[u].toLowerCase()).join('; ')} (${cmd.complexiteit}${cmd.domeinoverstijgend ? ', domeinoverstijgend' : ''})`;
    case 'mdo':
      return `MDO ${cmd.mdo.datum} met ${cmd.mdo.deelnemers.join(', ')}: ${cmd.mdo.overeenstemming ? 'overeenstemming' : 'geen overeenstemming'}${cmd.mdo.escalatiestap ? `, escalatie: ${cmd.mdo.escalatiestap}` : ''}`;
    case 'verwijzing':
      return `Verwijzing naar ${names.segment(cmd.verwijzing.segmentId)} door ${codeList('COD327').get(cmd.verwijzing.verwijzer)?.omschrijving.toLowerCase() ?? `verwijzer ${cmd.verwijzing.verwijzer}`}${cmd.verwijzing.viaGebied ? ` via ${cmd.verwijzing.viaGebied}` : ''} (${cmd.verwijzing.kader})`;
    case 'beschikking':
      return `Beschikking ${names.segment(cmd.beschikking.segmentId)} ${cmd.beschikking.ingangsdatum} t/m ${cmd.beschikking.einddatum}`;
    case 'toewijzing':
      return `Toewijzing ${s.toewijzingen.at(-1)?.nummer}: ${codeList('JZ020').get(cmd.toewijzing.productCategorie)?.omschrijving ?? `productcategorie ${cmd.toewijzing.productCategorie}`}${cmd.toewijzing.productCode ? ` (${cmd.toewijzing.productCode})` : ''} aan ${names.provider ?? `aanbieder ${cmd.toewijzing.providerId}`}`;
    case 'start':
      return `Start zorg toewijzing ${cmd.nummer} op ${cmd.datum}`;
    case 'stop':
      return `${cmd.reden === '20' ? 'Tijdelijke stop' : 'Stop'} zorg toewijzing ${cmd.nummer} op ${cmd.datum} (reden ${cmd.reden})`;
    case 'afsluiten':
      return cmd.waakvlam ? `Afgesloten met waakvlamcontact${cmd.contactpersoon ? ` (${cmd.contactpersoon})` : ''}` : 'Afgesloten';
    case 'signaal-afgehandeld':
      return `Signaal ${cmd.ruleId} afgehandeld`;
    default:
      return cmd.type;
  }
}

/**
 * Applies a command to a case. Blocking rule hits refuse it (422, nothing changes); an illegal
 * transition is a 409; a stale `expectedVersion` is a 409.
 */
export async function applyCaseCommand(db: Db, user: UserScope, regionId: string, caseId: number, cmd: CaseCommand, now: Date, expectedVersion?: number): Promise<CaseView & { hits: RuleHit[] }> {
  const allowed = COMMAND_ROLES[cmd.type];
  if (!allowed) throw new BadInput(`unknown command "${(cmd as { type: string }).type}"`);
  if (!allowed.includes(user.role)) throw new Forbidden(`role ${user.role} may not do "${cmd.type}" (allowed: ${allowed.join(', ')})`);
  const profile = await loadRegionProfile(db, regionId);
  const rules = accessRules(profile);
  const today = dutchDate(now);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(cases).where(and(eq(cases.id, caseId), scopeCondition(user, regionId))).for('update');
    if (!row) throw new NotFound(`casus ${caseId} niet gevonden binnen uw bevoegdheid`);
    if (expectedVersion !== undefined && row.version !== expectedVersion) throw new Conflict(`the case changed meanwhile (version ${row.version}, you had ${expectedVersion}); reload it`);
    const state = row.state as StoredCase;
    if ((cmd.type === 'start' || cmd.type === 'stop' || cmd.type === 'overbrugging') && user.role === 'aanbieder') {
      const t = state.toewijzingen.find((x) => x.nummer === cmd.nummer);
      if (!t || t.providerId !== user.providerId) throw new NotFound(`toewijzing ${cmd.nummer} niet gevonden binnen uw bevoegdheid`);
    }
    const family = await familyStates(tx, row);
    const action = actionOf(cmd, today);
    const hits = action ? checkAction(rules, state, action, { today, family }) : [];
    const blocking = hits.filter((h) => h.severity === 'blocking');
    if (blocking.length > 0) throw new RuleBlocked(blocking);
    let next: StoredCase;
    try {
      next = await transition(tx, state, cmd, today, user);
    } catch (e) {
      if (e instanceof IllegalTransition) throw new Conflict(e.message);
      throw e;
    }
    if (cmd.type === 'toewijzing') {
      // The allocation register that settlement uses (src/app/funding/settle.ts).
      const t = next.toewijzingen.at(-1)!;
      await tx.insert(allocations).values({
        regionId,
        toewijzingNummer: t.nummer,
        youthId: row.youthId,
        providerId: t.providerId,
        segmentId: t.segmentId,
        municipalityCode: row.municipalityCode,
        caseId: row.id,
        productCategorie: t.productCategorie,
        productCode: t.productCode ?? null,
        ingangsdatum: t.ingangsdatum,
        einddatum: t.einddatum,
        volume: t.omvang?.volume ?? null,
        eenheid: t.omvang?.eenheid ?? null,
        frequentie: t.omvang?.frequentie ?? null,
        budgetCents: t.budgetCents ?? null,
      });
    }
    const providerIds = [...new Set(next.toewijzingen.map((t) => t.providerId))];
    const [updated] = await tx
      .update(cases)
      .set({ state: next, status: next.status, regievoerder: next.regievoerder ?? null, providerIds, version: row.version + 1, updatedAt: now })
      .where(eq(cases.id, row.id))
      .returning();
    if (cmd.type === 'regie' && cmd.regievoerder) {
      // One regievoerder per family (seed 003 §5.1): a handover applies to every open case of the family.
      const siblings = await tx.select().from(cases).where(and(eq(cases.familyId, row.familyId), sql`${cases.id} <> ${row.id}`, sql`${cases.status} <> 'afgesloten'`)).for('update');
      for (const sib of siblings) {
        const st = { ...(sib.state as StoredCase), regievoerder: cmd.regievoerder };
        await tx.update(cases).set({ state: st, regievoerder: cmd.regievoerder, version: sib.version + 1, updatedAt: now }).where(eq(cases.id, sib.id));
        await tx.insert(caseEvents).values({ caseId: sib.id, at: now, type: 'regie', byUser: user.username, text: `Regievoerder van het gezin: ${cmd.regievoerder}` });
      }
    }
    const [provider] = cmd.type === 'toewijzing' ? await tx.select({ name: providers.name }).from(providers).where(eq(providers.id, cmd.toewijzing.providerId)) : [];
    const segmentName = (id: string) => profile.segmenten.find((x) => x.id === id)?.naam ?? id;
    await tx.insert(caseEvents).values({ caseId: row.id, at: now, type: cmd.type, byUser: user.username, text: describe(cmd, next, { segment: segmentName, provider: provider?.name }), data: hits.length > 0 ? { signals: hits } : null });
    return { ...forViewer(user, regionId, view(updated!, rules, family, today)), hits };
  });
}

/** A provider sees only its own allocations of a case, and no signals about the rest of it. */
function forViewer<T extends CaseView>(user: UserScope, regionId: string, v: T): T {
  const scope = dataScope(user, regionId);
  if (scope.kind !== 'provider') return v;
  const own = v.state.toewijzingen.filter((t) => t.providerId === scope.providerId);
  const numbers = new Set(own.map((t) => String(t.nummer)));
  return { ...v, state: { ...v.state, toewijzingen: own }, signals: v.signals.filter((sg) => [...numbers].some((n) => sg.message.includes(n))) };
}

async function transition(tx: Tx, s: StoredCase, cmd: CaseCommand, today: string, user: UserScope): Promise<StoredCase> {
  const keep = (next: CaseState): StoredCase => ({ ...next, afgehandeld: s.afgehandeld });
  switch (cmd.type) {
    case 'verheldering':
      return keep(transitions.verheldering(s));
    case 'triage':
      return keep(transitions.triage(s, { datum: today, uitkomsten: cmd.uitkomsten, complexiteit: cmd.complexiteit, domeinoverstijgend: cmd.domeinoverstijgend }));
    case 'mdo':
      return keep(transitions.mdo(s, cmd.mdo));
    case 'analyse':
      return keep(transitions.analyse(s, { verklarendeAnalyse: cmd.verklarendeAnalyse, ambulanteAlternatieven: cmd.ambulanteAlternatieven, diagnostiekAfgerond: cmd.diagnostiekAfgerond }));
    case 'verwijzing':
      return keep(transitions.verwijzing(s, cmd.verwijzing));
    case 'beschikking':
      return keep(transitions.beschikking(s, { ...cmd.beschikking, datum: today }));
    case 'toewijzing': {
      const result = (await tx.execute(sql`select nextval(${toewijzingNummerSeq.seqName})::int as nummer`)) as unknown as { rows: { nummer: number }[] };
      return keep(transitions.toewijzing(s, { ...cmd.toewijzing, nummer: Number(result.rows[0]!.nummer) }));
    }
    case 'start':
      return keep(transitions.start(s, cmd.nummer, cmd.datum));
    case 'stop':
      return keep(transitions.stop(s, cmd.nummer, cmd.datum, cmd.reden));
    case 'overbrugging':
      return keep(transitions.overbrugging(s, cmd.nummer));
    case 'regie':
      return keep(transitions.regie(s, { regievoerder: cmd.regievoerder, procesregisseur: cmd.procesregisseur }));
    case 'signaal-afgehandeld':
      return { ...s, afgehandeld: [...s.afgehandeld, { ruleId: cmd.ruleId, datum: today, door: user.username }] };
    case 'afsluiten':
      return keep(transitions.afsluiten(s, { waakvlam: cmd.waakvlam, contactpersoon: cmd.contactpersoon }));
    case 'nazorg-beeindigen':
      return keep(transitions.nazorgBeeindigen(s));
  }
}

/** One case with its timeline; audit-logged read of personal data. */
export async function readCase(db: Db, user: UserScope, regionId: string, caseId: number, purpose: string, now: Date) {
  assertPurpose(purpose);
  const profile = await loadRegionProfile(db, regionId);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(cases).where(and(eq(cases.id, caseId), scopeCondition(user, regionId)));
    if (!row) throw new NotFound(`casus ${caseId} niet gevonden binnen uw bevoegdheid`);
    const [y] = await tx.select().from(youths).where(eq(youths.id, row.youthId));
    const events = await tx.select().from(caseEvents).where(eq(caseEvents.caseId, row.id)).orderBy(asc(caseEvents.id));
    await tx.insert(auditLog).values({ userId: user.userId, username: user.username, action: 'read', subjectType: 'case', subjectId: String(row.id), regionId, purpose });
    const v = forViewer(user, regionId, view(row, accessRules(profile), await familyStates(tx, row), dutchDate(now)));
    // A provider sees the events about its own allocations only (not triage, MDO or other providers' care).
    const own = new Set(v.state.toewijzingen.map((t) => String(t.nummer)));
    const visible = dataScope(user, regionId).kind === 'provider'
      ? events.filter((e) => ['toewijzing', 'start', 'stop', 'overbrugging'].includes(e.type) && [...own].some((n) => e.text.includes(n)))
      : events;
    return {
      ...v,
      youth: { givenName: y!.givenName, familyName: y!.familyName, birthDate: y!.birthDate, bsnMasked: `******${y!.bsn.slice(-3)}` },
      events: visible.map((e) => ({ at: e.at.toISOString(), type: e.type, by: e.byUser, text: e.text })),
    };
  });
}

export interface WorklistRow {
  caseId: number;
  youthName: string;
  status: CaseState['status'];
  regievoerder: string | null;
  areaId: string | null;
  crisis: boolean;
  signals: RuleHit[];
  expiring: { nummer: number; einddatum: string; segmentId: string }[];
  /** The earliest due date of the row's signals and expiring allocations. */
  due: string | null;
}

/**
 * The worklist of a professional or team: open cases in the user's scope with their signals
 * (age transitions, crisis clocks, open MDO escalations, waiting without bridging care, placement
 * moves, missing regie) and allocations ending within 30 days, earliest due first.
 */
export async function worklist(db: Db, user: UserScope, regionId: string, filter: { areaId?: string; regievoerder?: string; onlyWithSignals?: boolean }, now: Date): Promise<WorklistRow[]> {
  if (user.role !== 'toegang' && user.role !== 'gemeente') throw new Forbidden('worklists belong to the local team and the municipality');
  const profile = await loadRegionProfile(db, regionId);
  const rules = accessRules(profile);
  const today = dutchDate(now);
  const conditions = [scopeCondition(user, regionId), sql`${cases.status} <> 'afgesloten'`];
  if (filter.areaId) conditions.push(eq(cases.areaId, filter.areaId));
  if (filter.regievoerder) conditions.push(eq(cases.regievoerder, filter.regievoerder));
  const rows = await db
    .select({ row: cases, givenName: youths.givenName, familyName: youths.familyName })
    .from(cases)
    .innerJoin(youths, eq(youths.id, cases.youthId))
    .where(and(...conditions));
  const byFamily = new Map<number, CaseState[]>();
  for (const r of rows) byFamily.set(r.row.familyId, [...(byFamily.get(r.row.familyId) ?? []), r.row.state as CaseState]);
  const out: WorklistRow[] = rows.map(({ row, givenName, familyName }) => {
    const state = row.state as StoredCase;
    const family = (byFamily.get(row.familyId) ?? []).filter((c) => c !== state);
    const signals = caseSignals(rules, state, { today, family, handled: state.afgehandeld.map((h) => h.ruleId) });
    const expiring = expiringAllocations(state, today).map((t) => ({ nummer: t.nummer, einddatum: t.einddatum, segmentId: t.segmentId }));
    const dues = [...signals.map((x) => x.due).filter((d): d is string => !!d), ...expiring.map((e) => e.einddatum)].sort();
    return { caseId: row.id, youthName: `${givenName} ${familyName}`, status: state.status, regievoerder: row.regievoerder, areaId: row.areaId, crisis: row.crisis, signals, expiring, due: dues[0] ?? null };
  });
  return out
    .filter((r) => !filter.onlyWithSignals || r.signals.length > 0 || r.expiring.length > 0)
    .sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.caseId - b.caseId);
}

/** The purpose of a read is logged: it must say why, and never carry a BSN (DESIGN.md: BSN never in logs). */
export function assertPurpose(purpose: string): void {
  if (purpose.trim().length < 3) throw new BadInput('state the purpose of this read (doel van inzage)');
  if (/\d{8,}/.test(purpose)) throw new BadInput('the purpose must not contain a BSN or other personal number');
}
