/**
 * Reading access cases: one case with its timeline (audit-logged, purpose required) and the
 * worklist of a professional or team. Both are scoped to the user's municipality or provider in
 * the query itself.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { caseEvents, cases, youths } from '../../db/schema.js';
import { appendAudit, auditedRead, requirePurpose } from '../audit.js';
import type { CaseState } from '../../domain/access/case.js';
import { compareDue, expiringAllocations, type RuleHit } from '../../domain/access/access-rules.js';
import { dataScope, type UserScope } from '../../domain/access/roles.js';
import { dutchDate } from '../../domain/dates.js';
import { Forbidden, NotFound } from '../errors.js';
import { loadRegionProfile } from '../landscape.js';
import { accessRuleSet, familyStates, forViewer, scopeCondition, signalsOf, view, type StoredCase } from './case-store.js';

/** Timeline events a provider sees: those about its own allocations (not triage, MDO or other providers' care). */
const PROVIDER_EVENTS = ['toewijzing', 'toewijzing-wijzigen', 'start', 'stop', 'overbrugging', 'spoedhulp'];

/** One case with its timeline; audit-logged read of personal data. */
export async function readCase(db: Db, user: UserScope, regionId: string, caseId: number, purpose: string, now: Date, explanation?: string) {
  const p = requirePurpose(purpose, explanation);
  const entry = { user, subjectType: 'case', subjectId: String(caseId), regionId, ...p };
  return auditedRead(db, entry, now, async () => {
  const profile = await loadRegionProfile(db, regionId);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(cases).where(and(eq(cases.id, caseId), scopeCondition(user, regionId)));
    if (!row) throw new NotFound(`casus ${caseId} niet gevonden binnen uw bevoegdheid`);
    const [y] = await tx.select().from(youths).where(eq(youths.id, row.youthId));
    const events = await tx.select().from(caseEvents).where(eq(caseEvents.caseId, row.id)).orderBy(asc(caseEvents.id));
    await appendAudit(tx, entry);
    const v = forViewer(user, regionId, view(row, accessRuleSet(profile), await familyStates(tx, row), dutchDate(now), user));
    const own = new Set(v.state.toewijzingen.map((t) => String(t.nummer)));
    const visible = dataScope(user, regionId).kind === 'provider' ? events.filter((e) => PROVIDER_EVENTS.includes(e.type) && [...own].some((n) => e.text.includes(n))) : events;
    return {
      ...v,
      youth: { givenName: y!.givenName, familyName: y!.familyName, birthDate: y!.birthDate, bsnMasked: `******${y!.bsn.slice(-3)}` },
      events: visible.map((e) => ({ at: e.at.toISOString(), type: e.type, by: e.byUser, text: e.text })),
    };
  });
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
  /** The earliest due calendar date (YYYY-MM-DD, Netherlands) of the row's signals and expiring allocations. */
  due: string | null;
  /** When a signal due on `due` runs in hours (a crisis clock): its exact moment (ISO date-time, UTC). */
  dueAt: string | null;
}

/** Earliest due first (compareDue), then by case number. */
const byDue = (a: WorklistRow, b: WorklistRow) => compareDue(a, b) || a.caseId - b.caseId;

/**
 * The worklist of a professional or team: open cases in the user's scope with their signals
 * (age transitions, crisis clocks, open MDO escalations, waiting without bridging care, placement
 * moves, ambulatory emergency help around placements, missing regie) and allocations ending
 * within 30 days, earliest due first.
 */
export async function worklist(db: Db, user: UserScope, regionId: string, filter: { areaId?: string; regievoerder?: string; onlyWithSignals?: boolean }, now: Date): Promise<WorklistRow[]> {
  if (user.role !== 'toegang' && user.role !== 'gemeente') throw new Forbidden('werklijsten zijn er voor het lokale team en de gemeente');
  const profile = await loadRegionProfile(db, regionId);
  const rules = accessRuleSet(profile);
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
    const signals = signalsOf(rules, state, family, today);
    const expiring = expiringAllocations(state, today).map((t) => ({ nummer: t.nummer, einddatum: t.einddatum, segmentId: t.segmentId }));
    const due = [...signals.map((x) => x.due).filter((d): d is string => !!d), ...expiring.map((e) => e.einddatum)].sort()[0] ?? null;
    const dueAt = signals.filter((x) => x.due === due && x.dueAt).map((x) => x.dueAt!).sort()[0] ?? null;
    return { caseId: row.id, youthName: `${givenName} ${familyName}`, status: state.status, regievoerder: row.regievoerder, areaId: row.areaId, crisis: row.crisis, signals, expiring, due, dueAt };
  });
  const result = out.filter((r) => !filter.onlyWithSignals || r.signals.length > 0 || r.expiring.length > 0).sort(byDue);
  // The worklist names every open case in scope: one row in the trail with the fixed purpose.
  const scope = dataScope(user, regionId);
  const subjectId = scope.kind === 'municipality' ? `gemeente ${scope.municipalityCode}` : regionId;
  await db.transaction((tx) => appendAudit(tx, { user, subjectType: 'werklijst', subjectId, regionId, purposeCode: 'werklijst', purpose: 'werklijst', detail: { caseIds: result.map((r) => r.caseId) } }));
  return result;
}
