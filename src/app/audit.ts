/**
 * The audit trail of personal data (NEN 7513). Every read appends its row inside the reading
 * transaction, under one advisory transaction lock, so that several instances on one database keep
 * one hash chain (src/domain/audit/audit.ts); a refused read is appended in its own transaction.
 * The privacy officer (role privacy) reads the trail of its region with filters and as CSV; the
 * CLI verifies the chain (`regiekamer audit verify`).
 */
import { and, asc, desc, eq, gt, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.js';
import { auditLog } from '../db/schema.js';
import { auditHashTail, checkPurpose, verifyChain, type AuditPurpose, type AuditRecord, type ChainVerdict } from '../domain/audit/audit.js';
import { addDays } from '../domain/dates.js';
import type { UserScope } from '../domain/access/roles.js';
import { BadInput, Forbidden, NotFound } from './errors.js';

/** One lock for the whole trail: the chain has one head. */
const AUDIT_LOCK = 7513;

export interface AuditEntry {
  user: Pick<UserScope, 'userId' | 'username'> | null;
  action?: string;
  outcome?: 'toegestaan' | 'geweigerd';
  subjectType: string;
  subjectId: string;
  regionId: string | null;
  purposeCode: AuditPurpose | string;
  purpose: string;
  detail?: unknown;
}

/** A reader's purpose (list code or free text, plus explanation) checked; a Dutch 400 otherwise. */
export function requirePurpose(purpose: string, explanation?: string | null): { purposeCode: AuditPurpose; purpose: string } {
  const c = checkPurpose(purpose, explanation);
  if (!c.ok) throw new BadInput(c.problem);
  return { purposeCode: c.code, purpose: c.text ?? c.code };
}

/**
 * Appends rows to the chain inside `tx` (which must commit for them to count). The time is the
 * real moment of the access (wall clock), never a business date a test or demo runs on.
 *
 * One statement (audit_append, migration 0027): it takes the trail's lock, reads the head and
 * inserts the rows with their hashes (SHA-256 over `["<previous hash>",` and auditHashTail, the
 * same input as auditHash). Under many users the lock was held across three round trips of a busy
 * event loop, and every audited read queued behind it (issue #14).
 */
export async function appendAudit(tx: Tx | Db, entries: AuditEntry | AuditEntry[], at = new Date()): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  const rows = list.map((e) => {
    const r: AuditRecord = {
      at,
      userId: e.user?.userId ?? null,
      username: e.user?.username ?? 'anoniem',
      action: e.action ?? 'read',
      outcome: e.outcome ?? 'toegestaan',
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      regionId: e.regionId,
      purposeCode: e.purposeCode,
      purpose: e.purpose,
      detail: e.detail ?? null,
    };
    return { ...r, at: at.toISOString(), tail: auditHashTail(r) };
  });
  await tx.execute(sql`select audit_append(${AUDIT_LOCK}, ${JSON.stringify(rows)}::jsonb)`);
}

interface Waiting {
  entry: AuditEntry;
  done: (error?: unknown) => void;
}
const waitingBy = new WeakMap<Db, { queue: Waiting[]; writers: number }>();

/** Statements appending waiting rows at the same time (each takes the trail's lock only while it runs). */
const AUDIT_WRITERS = 4;

/**
 * Appends one row in a transaction of its own and resolves once it is committed (the caller answers
 * only then). Rows that arrive while the writers are busy are committed together by the next free
 * one (group commit): under many users each read took the trail's lock in a transaction of its
 * own, and the reads queued on that lock while holding their pool connections (issue #14). Since
 * the append is one statement (appendAudit) the lock is held only while it runs, so up to
 * AUDIT_WRITERS groups are under way at once and a read no longer waits for the group before it.
 * A failed write fails every read of its group. The chain is the same: one lock, one head.
 */
export function appendAuditCommitted(db: Db, entry: AuditEntry): Promise<void> {
  const state = waitingBy.get(db) ?? { queue: [], writers: 0 };
  waitingBy.set(db, state);
  const committed = new Promise<void>((resolve, reject) => state.queue.push({ entry, done: (e) => (e === undefined ? resolve() : reject(e)) }));
  if (state.writers < AUDIT_WRITERS) void writeWaiting(db, state);
  return committed;
}

async function writeWaiting(db: Db, state: { queue: Waiting[]; writers: number }): Promise<void> {
  state.writers++;
  try {
    while (state.queue.length > 0) {
      const group = state.queue.splice(0, 500);
      try {
        // One statement in its own (implicit) transaction: committed when it returns.
        await appendAudit(
          db,
          group.map((w) => w.entry),
        );
        for (const w of group) w.done();
      } catch (e) {
        for (const w of group) w.done(e ?? new Error('audit write failed'));
      }
    }
  } finally {
    state.writers--;
  }
}

/** Logs a refused read of personal data in its own transaction (the read's transaction was rolled back). */
export async function auditDenied(db: Db, entry: Omit<AuditEntry, 'outcome'>): Promise<void> {
  await appendAuditCommitted(db, { ...entry, outcome: 'geweigerd' });
}

/**
 * Runs a read of personal data; when it is refused (403, 404) the refusal is logged with the same
 * who, what and purpose, and the error is passed on.
 */
export async function auditedRead<T>(db: Db, entry: Omit<AuditEntry, 'outcome'>, _now: Date, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof Forbidden || e instanceof NotFound) await auditDenied(db, entry);
    throw e;
  }
}

export interface AuditFilter {
  who?: string;
  subject?: string;
  purpose?: string;
  from?: string;
  to?: string;
  denied?: boolean;
  limit?: number;
  /** Rows with an id below this one (paging, newest first). */
  before?: number;
}

export interface AuditRowView {
  id: number;
  at: string;
  username: string;
  action: string;
  outcome: string;
  subjectType: string;
  subjectId: string;
  purposeCode: string;
  purpose: string;
  detail: unknown;
}

/** Only the privacy officer of the region reads its trail; the read itself is logged (purpose toezicht). */
function requirePrivacyOfficer(user: UserScope, regionId: string): void {
  if (user.role !== 'privacy') throw new Forbidden('alleen de functionaris gegevensbescherming leest het inzagelog');
  if (user.regionId !== regionId) throw new NotFound(`regio "${regionId}" is niet zichtbaar voor uw account`);
}

/** The region's trail, newest first, filtered; the privacy officer's read is itself appended (at the real time, like every audit entry). */
export async function readAuditTrail(db: Db, user: UserScope, regionId: string, f: AuditFilter): Promise<{ rows: AuditRowView[]; more: boolean }> {
  requirePrivacyOfficer(user, regionId);
  if (f.from && f.to && f.from > f.to) throw new BadInput('de begindatum ligt na de einddatum');
  const limit = Math.min(f.limit ?? 200, 5000);
  const where: SQL[] = [eq(auditLog.regionId, regionId)];
  if (f.who) where.push(sql`lower(${auditLog.username}) like ${`%${escapeLike(f.who.toLowerCase())}%`}`);
  if (f.subject) {
    const [type, id] = f.subject.includes(':') ? f.subject.split(':', 2) : [null, f.subject];
    if (type) where.push(eq(auditLog.subjectType, type));
    where.push(eq(auditLog.subjectId, id!));
  }
  if (f.purpose) where.push(eq(auditLog.purposeCode, f.purpose));
  // Calendar dates of the Netherlands: from 00:00 of `from` to the end of `to` (Europe/Amsterdam).
  if (f.from) where.push(gte(auditLog.at, sql`(${f.from}::date)::timestamp at time zone 'Europe/Amsterdam'`));
  if (f.to) where.push(lt(auditLog.at, sql`(${addDays(f.to, 1)}::date)::timestamp at time zone 'Europe/Amsterdam'`));
  if (f.denied !== undefined) where.push(eq(auditLog.outcome, f.denied ? 'geweigerd' : 'toegestaan'));
  if (f.before) where.push(lt(auditLog.id, f.before));
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(auditLog)
      .where(and(...where))
      .orderBy(desc(auditLog.id))
      .limit(limit + 1);
    await appendAudit(tx, {
      user,
      subjectType: 'inzagelog',
      subjectId: regionId,
      regionId,
      purposeCode: 'toezicht',
      purpose: 'toezicht',
      detail: { filter: { ...f } },
    });
    return {
      more: rows.length > limit,
      rows: rows.slice(0, limit).map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        username: r.username,
        action: r.action,
        outcome: r.outcome,
        subjectType: r.subjectType,
        subjectId: r.subjectId,
        purposeCode: r.purposeCode,
        purpose: r.purpose,
        detail: r.detail,
      })),
    };
  });
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** CSV (semicolon-separated, as Dutch spreadsheet programs expect) of the same rows. */
export function auditCsv(rows: AuditRowView[]): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    // Quote every cell; a leading =, +, - or @ would be a formula in a spreadsheet.
    return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
  };
  const head = ['nummer', 'tijdstip', 'gebruiker', 'handeling', 'uitkomst', 'soort gegeven', 'gegeven', 'doel', 'toelichting', 'details'];
  const lines = rows.map((r) =>
    [r.id, r.at, r.username, r.action, r.outcome, r.subjectType, r.subjectId, r.purposeCode, r.purpose, r.detail].map(cell).join(';'),
  );
  return `\uFEFF${[head.map(cell).join(';'), ...lines].join('\r\n')}\r\n`;
}

/** Checks the whole chain in id order, in pages (the trail can be long). */
export async function verifyAuditChain(db: Db): Promise<ChainVerdict> {
  const PAGE = 5000;
  let after = 0;
  const pages = async function* () {
    for (;;) {
      const rows = await db.select().from(auditLog).where(gt(auditLog.id, after)).orderBy(asc(auditLog.id)).limit(PAGE);
      for (const r of rows) yield { ...r, outcome: r.outcome as AuditRecord['outcome'] };
      if (rows.length < PAGE) return;
      after = rows.at(-1)!.id;
    }
  };
  const all: (AuditRecord & { id: number; prevHash: string | null; hash: string | null })[] = [];
  for await (const r of pages()) all.push(r);
  return verifyChain(all);
}
