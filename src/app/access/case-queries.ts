/**
 * Reading access cases: one case with its timeline (audit-logged, purpose required) and the
 * worklist of a professional or team. Both are scoped to the user's municipality or provider in
 * the query itself.
 */
import { readsTogether } from '../../db/reads-together.js';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { caseEvents, cases, youths } from '../../db/schema.js';
import { appendAudit, appendAuditCommitted, auditedRead, requirePurpose } from '../audit.js';
import type { CaseState } from '../../domain/access/case.js';
import { compareDue, expiringAllocations, type RuleHit } from '../../domain/access/access-rules.js';
import { dataScope, type UserScope } from '../../domain/access/roles.js';
import { dutchDate } from '../../domain/dates.js';
import { Forbidden, NotFound } from '../errors.js';
import { loadRegionProfile } from '../landscape.js';
import { accessRuleSet, familyStates, forViewer, scopeCondition, signalsOf, view, type CaseView, type StoredCase } from './case-store.js';

/** Timeline events a provider sees: those about its own allocations (not triage, MDO or other providers' care). */
const PROVIDER_EVENTS = ['toewijzing', 'toewijzing-wijzigen', 'start', 'stop', 'overbrugging', 'spoedhulp'];

/** GET /regions/{id}/cases/{caseId}: the case with the youth (BSN masked) and its timeline. */
export interface CaseDetail extends CaseView {
  youth: { givenName: string; familyName: string; birthDate: string; bsnMasked: string };
  events: { at: string; type: string; by: string; text: string }[];
}

/** One case with its timeline; audit-logged read of personal data. */
export async function readCase(
  db: Db,
  user: UserScope,
  regionId: string,
  caseId: number,
  purpose: string,
  now: Date,
  explanation?: string,
): Promise<CaseDetail> {
  const p = requirePurpose(purpose, explanation);
  const entry = { user, subjectType: 'case', subjectId: String(caseId), regionId, ...p };
  return auditedRead(db, entry, now, async () => {
    const profile = await loadRegionProfile(db, regionId);
    return db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(cases)
        .where(and(eq(cases.id, caseId), scopeCondition(user, regionId)));
      if (!row) throw new NotFound(`casus ${caseId} niet gevonden binnen uw bevoegdheid`);
      const [y] = await tx.select().from(youths).where(eq(youths.id, row.youthId));
      const events = await tx.select().from(caseEvents).where(eq(caseEvents.caseId, row.id)).orderBy(asc(caseEvents.id));
      await appendAudit(tx, entry);
      const v = forViewer(user, regionId, view(row, accessRuleSet(profile), await familyStates(tx, row), dutchDate(now), user));
      const own = new Set(v.state.toewijzingen.map((t) => String(t.nummer)));
      const visible =
        dataScope(user, regionId).kind === 'provider'
          ? events.filter((e) => PROVIDER_EVENTS.includes(e.type) && [...own].some((n) => e.text.includes(n)))
          : events;
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

export interface WorklistFilter {
  areaId?: string;
  regievoerder?: string;
  onlyWithSignals?: boolean;
  /** Search: case number, or (part of) the youth's name, case-insensitive. Never logged. */
  q?: string;
  status?: string;
}

export const WORKLIST_SORTS = ['due', '-due', 'case', '-case', 'name', '-name', 'status'] as const;
export type WorklistSort = (typeof WORKLIST_SORTS)[number];

const collator = new Intl.Collator('nl', { sensitivity: 'base' });
const SORTS: Record<WorklistSort, (a: WorklistRow, b: WorklistRow) => number> = {
  due: byDue,
  '-due': (a, b) => byDue(b, a),
  case: (a, b) => a.caseId - b.caseId,
  '-case': (a, b) => b.caseId - a.caseId,
  name: (a, b) => collator.compare(a.youthName, b.youthName) || a.caseId - b.caseId,
  '-name': (a, b) => collator.compare(b.youthName, a.youthName) || b.caseId - a.caseId,
  status: (a, b) => a.status.localeCompare(b.status) || byDue(a, b),
};

/**
 * The worklist of a professional or team: open cases in the user's scope with their signals
 * (age transitions, crisis clocks, open MDO escalations, waiting without bridging care, placement
 * moves, ambulatory emergency help around placements, missing regie) and allocations ending
 * within 30 days, earliest due first (or the sort asked for).
 */
export async function worklist(
  db: Db,
  user: UserScope,
  regionId: string,
  filter: WorklistFilter,
  now: Date,
  sort: WorklistSort = 'due',
): Promise<WorklistRow[]> {
  if (user.role !== 'toegang' && user.role !== 'gemeente') throw new Forbidden('werklijsten zijn er voor het lokale team en de gemeente');
  const today = dutchDate(now);
  const conditions = [scopeCondition(user, regionId), sql`${cases.status} <> 'afgesloten'`];
  if (filter.areaId) conditions.push(eq(cases.areaId, filter.areaId));
  if (filter.regievoerder) conditions.push(eq(cases.regievoerder, filter.regievoerder));
  // The profile and the cases at the same time (two pool connections): under many users each round
  // trip waits its turn, and the list answers only after its audit row too (issue #14).
  const [profile, rows] = await readsTogether(db, [
    () => loadRegionProfile(db, regionId),
    () =>
      db
        .select({
          id: cases.id,
          familyId: cases.familyId,
          status: cases.status,
          regievoerder: cases.regievoerder,
          areaId: cases.areaId,
          crisis: cases.crisis,
          state: cases.state,
          givenName: youths.givenName,
          familyName: youths.familyName,
        })
        .from(cases)
        .innerJoin(youths, eq(youths.id, cases.youthId))
        .where(and(...conditions)),
  ]);
  const rules = accessRuleSet(profile);
  const byFamily = new Map<number, CaseState[]>();
  for (const r of rows) byFamily.set(r.familyId, [...(byFamily.get(r.familyId) ?? []), r.state as CaseState]);
  // Search and status filter before the signals are computed (family signals still see the whole family).
  const q = filter.q?.trim().toLocaleLowerCase('nl') ?? '';
  const number = /^\d{1,10}$/.test(q) ? Number(q) : null;
  const matching = rows.filter(
    (r) => (!filter.status || r.status === filter.status) && (!q || r.id === number || `${r.givenName} ${r.familyName}`.toLocaleLowerCase('nl').includes(q)),
  );
  const out: WorklistRow[] = matching.map((row) => {
    const state = row.state as StoredCase;
    const family = (byFamily.get(row.familyId) ?? []).filter((c) => c !== state);
    const signals = signalsOf(rules, state, family, today);
    const expiring = expiringAllocations(state, today).map((t) => ({ nummer: t.nummer, einddatum: t.einddatum, segmentId: t.segmentId }));
    const due = [...signals.map((x) => x.due).filter((d): d is string => !!d), ...expiring.map((e) => e.einddatum)].sort()[0] ?? null;
    const dueAt =
      signals
        .filter((x) => x.due === due && x.dueAt)
        .map((x) => x.dueAt!)
        .sort()[0] ?? null;
    return {
      caseId: row.id,
      youthName: `${row.givenName} ${row.familyName}`,
      status: state.status,
      regievoerder: row.regievoerder,
      areaId: row.areaId,
      crisis: row.crisis,
      signals,
      expiring,
      due,
      dueAt,
    };
  });
  const result = out.filter((r) => !filter.onlyWithSignals || r.signals.length > 0 || r.expiring.length > 0).sort(SORTS[sort]);
  // The worklist names every open case in scope: one row in the trail with the fixed purpose.
  const scope = dataScope(user, regionId);
  const subjectId = scope.kind === 'municipality' ? `gemeente ${scope.municipalityCode}` : regionId;
  // Committed before the list is answered; reads arriving together share one transaction (group commit).
  await appendAuditCommitted(db, {
    user,
    subjectType: 'werklijst',
    subjectId,
    regionId,
    purposeCode: 'werklijst',
    purpose: 'werklijst',
    detail: { caseIds: result.map((r) => r.caseId) },
  });
  return result;
}

/** One page of the worklist with the number of rows that match (the envelope of contracts and declarations). */
export async function worklistPage(
  db: Db,
  user: UserScope,
  regionId: string,
  filter: WorklistFilter,
  page: { sort?: WorklistSort; limit: number; offset: number },
  now: Date,
): Promise<{ total: number; rows: WorklistRow[] }> {
  const all = await worklist(db, user, regionId, filter, now, page.sort ?? 'due');
  return { total: all.length, rows: all.slice(page.offset, page.offset + page.limit) };
}
