/**
 * The audit trail of personal data (NEN 7513): who read or was refused what, when and why. Pure
 * rules only: the purposes a reader chooses from, the check that a purpose's free text holds no
 * BSN-like number, and the hash chain that makes the trail tamper-evident (each row carries the
 * hash of the previous one; changing, inserting or deleting a row breaks the chain after it).
 */
import { createHash } from 'node:crypto';
import { CHOOSABLE_PURPOSES, containsBsnLikeNumber, type AuditPurpose } from './purposes.js';

export { AUDIT_PURPOSES, CHOOSABLE_PURPOSES, containsBsnLikeNumber, type AuditPurpose } from './purposes.js';

export type PurposeCheck = { ok: true; code: AuditPurpose; text: string | null } | { ok: false; problem: string };

/**
 * A reader's purpose: a code from the list, or (as older clients send it) a free text that is kept
 * as purpose `overig`; plus an optional explanation. Neither may hold a BSN-like number.
 */
export function checkPurpose(purpose: string, explanation?: string | null): PurposeCheck {
  const p = purpose.trim();
  const t = explanation?.trim() || null;
  if (p.length < 3) return { ok: false, problem: 'geef het doel van deze inzage op' };
  if (containsBsnLikeNumber(p) || (t !== null && containsBsnLikeNumber(t)))
    return { ok: false, problem: 'het doel van inzage en de toelichting mogen geen BSN of ander persoonsnummer bevatten' };
  if (t !== null && t.length > 500) return { ok: false, problem: 'de toelichting is langer dan 500 tekens' };
  if ((CHOOSABLE_PURPOSES as string[]).includes(p)) {
    if (p === 'overig' && !t) return { ok: false, problem: 'bij doel "anders" hoort een toelichting' };
    return { ok: true, code: p as AuditPurpose, text: t };
  }
  return { ok: true, code: 'overig', text: t ? `${p}: ${t}` : p };
}

/** One row of the trail as it is hashed (everything but the database id). */
export interface AuditRecord {
  at: Date;
  userId: number | null;
  username: string;
  action: string;
  /** `toegestaan` or `geweigerd`. */
  outcome: 'toegestaan' | 'geweigerd';
  subjectType: string;
  subjectId: string;
  regionId: string | null;
  purposeCode: string;
  purpose: string;
  detail: unknown;
}

/** The chain's start: the previous hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted and undefined members dropped (jsonb does not keep key order). */
export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * The part of auditHash's input after the previous hash: the canonical JSON of the row's fields
 * without the opening bracket, so that the input is `["<previous hash>",` followed by this. The
 * database appends rows in one statement (audit_append, migration 0027) and computes the same
 * SHA-256 there, with the head it read under the lock.
 */
export function auditHashTail(r: AuditRecord): string {
  return canonicalJson(auditFields(r)).slice(1);
}

function auditFields(r: AuditRecord): unknown[] {
  return [r.at.toISOString(), r.userId, r.username, r.action, r.outcome, r.subjectType, r.subjectId, r.regionId, r.purposeCode, r.purpose, r.detail ?? null];
}

/** SHA-256 over the previous hash and the row's fields in a fixed order. */
export function auditHash(prevHash: string, r: AuditRecord): string {
  return createHash('sha256')
    .update(canonicalJson([prevHash, ...auditFields(r)]))
    .digest('hex');
}

export type ChainVerdict = { ok: true; rows: number; unchained: number } | { ok: false; rows: number; brokenId: number; reason: string };

/**
 * Checks a trail in id order. Rows written before the chain existed (no hash) may only precede the
 * first chained row.
 */
export function verifyChain(rows: Iterable<AuditRecord & { id: number; prevHash: string | null; hash: string | null }>): ChainVerdict {
  let prev: string | null = null;
  let count = 0;
  let unchained = 0;
  for (const r of rows) {
    count++;
    if (r.hash === null || r.prevHash === null) {
      if (prev !== null) return { ok: false, rows: count, brokenId: r.id, reason: 'rij zonder hash na het begin van de keten' };
      unchained++;
      continue;
    }
    const expectedPrev: string = prev ?? GENESIS_HASH;
    if (r.prevHash !== expectedPrev)
      return { ok: false, rows: count, brokenId: r.id, reason: 'de vorige hash klopt niet (een rij is verwijderd, ingevoegd of gewijzigd)' };
    if (auditHash(r.prevHash, r) !== r.hash)
      return { ok: false, rows: count, brokenId: r.id, reason: 'de inhoud van de rij past niet bij haar hash (gewijzigd)' };
    prev = r.hash;
  }
  return { ok: true, rows: count, unchained };
}
