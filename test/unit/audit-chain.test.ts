/**
 * The audit trail's pure rules (issue #10, NEN 7513): purposes from a list plus free text that never
 * holds a BSN-like number (9 digits, with or without spaces or dots), and the hash chain that makes
 * the trail tamper-evident.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  auditHash,
  auditHashTail,
  canonicalJson,
  checkPurpose,
  containsBsnLikeNumber,
  GENESIS_HASH,
  verifyChain,
  type AuditRecord,
} from '../../src/domain/audit/audit.js';

describe('purpose of a read', () => {
  it('refuses a BSN-like number with or without spaces or dots (issue #10: "bsn 1234 56 782" got through)', () => {
    for (const text of ['bsn 1234 56 782', 'bsn 123456782', '12.34.56.782', '1 2 3 4 5 6 7 8 2', 'client 123 456 782 gebeld']) {
      expect(containsBsnLikeNumber(text), text).toBe(true);
      const c = checkPurpose(text);
      expect(c.ok, text).toBe(false);
      if (!c.ok) expect(c.problem).toMatch(/BSN/);
    }
    expect(checkPurpose('regievoering', 'gesprek met moeder, bsn 1234 56 782').ok).toBe(false);
  });
  it('allows ordinary text with dates and short numbers (8 digits or fewer)', () => {
    for (const text of ['overleg 22-11-2026', 'casus 12345678', 'MDO 3 december', 'toewijzing 4711']) expect(containsBsnLikeNumber(text), text).toBe(false);
  });
  it('a code from the list is kept as the code; free text is purpose "overig"; "overig" needs an explanation', () => {
    expect(checkPurpose('zorglevering')).toEqual({ ok: true, code: 'zorglevering', text: null });
    expect(checkPurpose('mdo', 'voorbereiding 3 december')).toEqual({ ok: true, code: 'mdo', text: 'voorbereiding 3 december' });
    expect(checkPurpose('voorbereiding MDO')).toEqual({ ok: true, code: 'overig', text: 'voorbereiding MDO' });
    expect(checkPurpose('overig').ok).toBe(false);
    expect(checkPurpose('ab').ok).toBe(false);
    // The fixed purposes are not the reader's to choose: werklijst as text is "overig".
    expect(checkPurpose('werklijst')).toEqual({ ok: true, code: 'overig', text: 'werklijst' });
  });
});

describe('hash chain', () => {
  const rec = (i: number): AuditRecord => ({
    at: new Date(Date.UTC(2026, 10, 22, 9, 0, i)),
    userId: 1,
    username: 'toegang.wbo',
    action: 'read',
    outcome: 'toegestaan',
    subjectType: 'case',
    subjectId: String(i),
    regionId: 'wbo',
    purposeCode: 'regievoering',
    purpose: 'regievoering',
    detail: { b: 1, a: [i] },
  });
  function chain(n: number) {
    let prev = GENESIS_HASH;
    return Array.from({ length: n }, (_, k) => {
      const r = rec(k);
      const hash = auditHash(prev, r);
      const row = { ...r, id: k + 1, prevHash: prev, hash };
      prev = hash;
      return row;
    });
  }
  it('an untouched chain verifies', () => {
    expect(verifyChain(chain(5))).toEqual({ ok: true, rows: 5, unchained: 0 });
  });
  it('a changed row, a deleted row and an inserted row each break it at that row', () => {
    const changed = chain(5);
    changed[2] = { ...changed[2]!, purpose: 'iets anders' };
    expect(verifyChain(changed)).toMatchObject({ ok: false, brokenId: 3 });
    const deleted = chain(5).filter((r) => r.id !== 2);
    expect(verifyChain(deleted)).toMatchObject({ ok: false, brokenId: 3 });
    const rows = chain(5);
    const forged = { ...rec(9), id: 99, prevHash: rows[1]!.hash, hash: auditHash(rows[1]!.hash, rec(9)) };
    expect(verifyChain([...rows.slice(0, 2), forged, ...rows.slice(2)])).toMatchObject({ ok: false, brokenId: 3 });
  });
  it('older rows without a hash may only come before the chain', () => {
    const legacy = { ...rec(0), id: 1, prevHash: null, hash: null };
    const rows = chain(2).map((r) => ({ ...r, id: r.id + 1 }));
    expect(verifyChain([legacy, ...rows])).toEqual({ ok: true, rows: 3, unchained: 1 });
    expect(verifyChain([...rows, { ...legacy, id: 9 }])).toMatchObject({ ok: false, brokenId: 9 });
  });
  it('the hash does not depend on the key order of the detail (jsonb reorders keys)', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe('{"a":{"c":[3,{"e":2,"f":1}],"d":2},"b":1}');
    expect(auditHash(GENESIS_HASH, { ...rec(1), detail: { b: 1, a: [1] } })).toBe(auditHash(GENESIS_HASH, { ...rec(1), detail: { a: [1], b: 1 } }));
  });
  it('the database computes the same hash from the tail (audit_append, migration 0027): the input written out by hand', () => {
    const r: AuditRecord = {
      at: new Date('2026-12-06T12:00:00.000Z'),
      userId: 7,
      username: 'toegang.wbo',
      action: 'read',
      outcome: 'toegestaan',
      subjectType: 'werklijst',
      subjectId: 'gemeente 0855',
      regionId: 'wbo',
      purposeCode: 'werklijst',
      purpose: 'werklijst',
      detail: { caseIds: [3, 1] },
    };
    const tail = '"2026-12-06T12:00:00.000Z",7,"toegang.wbo","read","toegestaan","werklijst","gemeente 0855","wbo","werklijst","werklijst",{"caseIds":[3,1]}]';
    expect(auditHashTail(r)).toBe(tail);
    const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
    expect(auditHash(GENESIS_HASH, r)).toBe(sha(`["${GENESIS_HASH}",${tail}`));
    const next = auditHash(GENESIS_HASH, r);
    expect(auditHash(next, { ...r, detail: null, userId: null })).toBe(sha(`["${next}",${auditHashTail({ ...r, detail: null, userId: null })}`));
    expect(auditHashTail({ ...r, detail: null, userId: null })).toContain('"2026-12-06T12:00:00.000Z",null,');
  });
});
