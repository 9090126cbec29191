/**
 * Shared parts of the procurement use cases: who may read and change procedures, loading a
 * procedure in the user's scope (with a row lock for commands), optimistic concurrency, refusals
 * as problem+json errors, and the event log.
 *
 * Tenancy: regional roles of the region (and beheer) read every procedure; only contractmanager and
 * beheer change them. An aanbieder reads procedures but only its own applications and scores. A
 * user of another region sees nothing (the region is part of every WHERE clause).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database.js';
import { procedureEvents, procedures } from '../../db/schema-procurement.js';
import { dataScope, type UserScope } from '../../domain/access/roles.js';
import type { ProcedureConfig } from '../../domain/procurement/config.js';
import { isSupportedSoort, type ProcedureState, type ProcedureStatus, type SupportedSoort } from '../../domain/procurement/procedure.js';
import type { Refusal } from '../../domain/procurement/sources.js';
import type { RegionProfile, SegmentProfile } from '../../domain/landscape/profile-schema.js';
import { AppError, Forbidden, NotFound } from '../errors.js';

export class Conflict extends AppError {
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super(409, 'Conflict', detail, extra);
  }
}

/** A rule refused the command; nothing was written. */
export class RuleRefused extends AppError {
  constructor(refusals: readonly Refusal[], title = 'Geweigerd door een regel') {
    super(422, title, refusals.map(describeRefusal).join(' | '), { violations: refusals });
  }
}

export function describeRefusal(r: Refusal): string {
  const src = r.source ? `, bron ${r.source.seed} §${r.source.section.replace(/^§/, '')}` : '';
  return `${r.message} (regel ${r.ruleId}${src})`;
}

export type ProcedureRow = typeof procedures.$inferSelect;

export interface ReadScope {
  regionId: string;
  /** The provider whose applications the user may see; null = all (regional roles). */
  providerId: number | null;
  mayChange: boolean;
}

/** The user's read scope on the region's procedures, or NotFound for another region. */
export function readScope(user: UserScope, regionId: string): ReadScope {
  const scope = dataScope(user, regionId);
  if (scope.kind === 'none') throw new NotFound(`regio "${regionId}" is niet zichtbaar voor uw account`);
  return {
    regionId,
    providerId: scope.kind === 'provider' ? scope.providerId : null,
    mayChange: (user.role === 'contractmanager' || user.role === 'beheer') && scope.kind === 'region',
  };
}

export function requireChange(user: UserScope, regionId: string): ReadScope {
  const s = readScope(user, regionId);
  if (!s.mayChange) throw new Forbidden('alleen een contractmanager (of functioneel beheer) mag procedures wijzigen');
  return s;
}

/** Loads one procedure of the region (scope in the WHERE clause); `lock` takes a row lock for a command. */
export async function loadProcedure(db: Tx, regionId: string, procedureId: number, lock = false): Promise<ProcedureRow> {
  const q = db
    .select()
    .from(procedures)
    .where(and(eq(procedures.id, procedureId), eq(procedures.regionId, regionId)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new NotFound(`procedure ${procedureId} niet gevonden in regio ${regionId}`);
  return row;
}

export function checkVersion(kind: string, actual: number, expected: number | undefined): void {
  if (expected !== undefined && actual !== expected)
    throw new Conflict(`de ${kind} is intussen gewijzigd (versie ${actual}, u had ${expected}); laad opnieuw`, { version: actual });
}

export function soortOf(row: ProcedureRow): SupportedSoort {
  if (!isSupportedSoort(row.soort)) throw new AppError(500, 'Interne fout', `procedure ${row.id} has unsupported kind ${row.soort}`);
  return row.soort;
}

export const configOf = (row: ProcedureRow) => row.config as ProcedureConfig;

/** The state machine's view of a stored procedure, with the cited sources of its steps. */
export const stateOf = (row: ProcedureRow): ProcedureState => ({
  soort: soortOf(row),
  status: row.status as ProcedureStatus,
  entryOpen: row.entryOpen,
  bronnen: configOf(row).bronnen,
});

export function segmentOf(profile: RegionProfile, segmentId: string): SegmentProfile {
  const seg = profile.segmenten.find((s) => s.id === segmentId);
  if (!seg) throw new NotFound(`segment "${segmentId}" bestaat niet in het profiel van ${profile.regio}`);
  return seg;
}

export async function recordEvent(
  tx: Tx,
  row: { id: number; regionId: string },
  user: UserScope,
  now: Date,
  e: { action: string; fromStatus?: string | null; toStatus?: string | null; reason?: string | null; data?: Record<string, unknown> },
): Promise<void> {
  await tx.insert(procedureEvents).values({
    procedureId: row.id,
    regionId: row.regionId,
    at: now,
    byUser: user.username,
    action: e.action,
    fromStatus: e.fromStatus ?? null,
    toStatus: e.toStatus ?? null,
    reason: e.reason ?? null,
    data: e.data ?? null,
  });
}

/** Bumps the procedure's version (every command on it or its applications does). */
export async function touchProcedure(tx: Tx, row: ProcedureRow, now: Date, set: Partial<typeof procedures.$inferInsert> = {}): Promise<number> {
  const version = row.version + 1;
  await tx
    .update(procedures)
    .set({ ...set, version, updatedAt: now })
    .where(eq(procedures.id, row.id));
  return version;
}

export const sqlFalse = sql`false`;
