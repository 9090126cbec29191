/**
 * The audit trail through the API (issue #10 item 6, NEN 7513): every read and refused read of
 * personal data with who, when, what and purpose; the worklist with the fixed purpose `werklijst`;
 * a BSN-like purpose refused with a Dutch 400; the privacy officer (role privacy) reads the trail
 * with filters and as CSV, nobody else does; concurrent reads keep one hash chain; and
 * `regiekamer audit verify` finds a tampered row (exit 1) on a PGlite data folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { desc, eq } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer } from '../../src/api/server.js';
import { appendAudit, verifyAuditChain } from '../../src/app/audit.js';
import { upsertUser } from '../../src/app/auth.js';
import { openDatabase } from '../../src/db/database.js';
import { auditLog } from '../../src/db/schema.js';
import { isValidBsn } from '../../src/domain/people/bsn.js';
import { addDays, dutchDate } from '../../src/domain/dates.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
let testDb: TestDb;
let s: Started;
let app: FastifyInstance;
const tokens: Record<string, string> = {};
let caseId = 0;
let otherCaseId = 0;

async function as(user: string) {
  tokens[user] ??= (await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username: user, password: 'demo' } })).json().token;
  return { authorization: `Bearer ${tokens[user]}` };
}
const get = async (user: string | null, url: string) => app.inject({ url, headers: user ? await as(user) : {} });
const lastRow = async () => (await s.database.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1))[0]!;

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { demo: ['wbo', 'holland-rijnland'], today: TODAY, scale: 0.02 });
  app = await buildServer({ database: s.database, demo: true, now: () => new Date(`${TODAY}T09:00:00Z`) });
  const valid = (from: number) => {
    for (let n = from; ; n++) if (isValidBsn(String(n))) return String(n);
  };
  const bsn = valid(999_600_000);
  const bsn2 = valid(Number(bsn) + 1);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/regions/wbo/cases',
    headers: await as('toegang.wbo'),
    payload: { youth: { bsn, givenName: 'Audit', familyName: 'Proef', birthDate: '2013-05-06', gender: '2' }, hulpvraag: 'Opvoedvragen', crisis: false },
  });
  expect(res.statusCode, res.body).toBe(201);
  caseId = res.json().id;
  // A case of another municipality (Oosterhout, 0826) by that municipality's team.
  await upsertUser(s.database.db, {
    username: 'toegang.wbo.oosterhout',
    displayName: 'SLT Oosterhout',
    role: 'toegang',
    password: 'demo',
    regionId: 'wbo',
    municipalityCode: '0826',
  });
  const other = await app.inject({
    method: 'POST',
    url: '/api/v1/regions/wbo/cases',
    headers: await as('toegang.wbo.oosterhout'),
    payload: { youth: { bsn: bsn2, givenName: 'Ander', familyName: 'Kind', birthDate: '2014-05-06', gender: '1' }, hulpvraag: 'Opvoedvragen', crisis: false },
  });
  expect(other.statusCode, other.body).toBe(201);
  otherCaseId = other.json().id;
}, 600_000);

afterAll(async () => {
  await app?.close();
  await s?.database.close();
  await testDb?.drop();
});

describe('reads of personal data', () => {
  it('a case read is logged with who, what, purpose code and explanation', async () => {
    const res = await get('toegang.wbo', `/api/v1/regions/wbo/cases/${caseId}?purpose=mdo&toelichting=${encodeURIComponent('overleg 3 december')}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(await lastRow()).toMatchObject({
      username: 'toegang.wbo',
      action: 'read',
      outcome: 'toegestaan',
      subjectType: 'case',
      subjectId: String(caseId),
      regionId: 'wbo',
      purposeCode: 'mdo',
      purpose: 'overleg 3 december',
    });
  });

  it('a BSN-like number in the purpose or explanation is refused with a Dutch 400 and nothing is read', async () => {
    const before = (await lastRow()).id;
    for (const q of ['purpose=' + encodeURIComponent('bsn 1234 56 782'), 'purpose=regievoering&toelichting=' + encodeURIComponent('moeder 12.34.56.782')]) {
      const res = await get('toegang.wbo', `/api/v1/regions/wbo/cases/${caseId}?${q}`);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json().detail).toMatch(/mogen geen BSN/);
    }
    expect((await lastRow()).id).toBe(before);
  });

  it('a refused read is logged: another municipality’s case (404), a role without personal data (403), another region', async () => {
    expect((await get('toegang.wbo', `/api/v1/regions/wbo/cases/${otherCaseId}?purpose=regievoering`)).statusCode).toBe(404);
    expect(await lastRow()).toMatchObject({
      username: 'toegang.wbo',
      outcome: 'geweigerd',
      subjectType: 'case',
      subjectId: String(otherCaseId),
      purposeCode: 'regievoering',
    });
    expect((await get('controller.wbo', `/api/v1/regions/wbo/cases/${caseId}?purpose=regievoering`)).statusCode).toBe(403);
    expect(await lastRow()).toMatchObject({
      username: 'controller.wbo',
      outcome: 'geweigerd',
      subjectType: 'case',
      subjectId: String(caseId),
      regionId: 'wbo',
    });
    expect((await get('toegang.holland-rijnland', `/api/v1/regions/wbo/youths/1?purpose=regievoering`)).statusCode).toBe(404);
    expect(await lastRow()).toMatchObject({
      username: 'toegang.holland-rijnland',
      outcome: 'geweigerd',
      subjectType: 'youth',
      subjectId: '1',
      regionId: 'wbo',
    });
  });

  it('the worklist is logged with the fixed purpose werklijst and the case numbers it showed', async () => {
    const res = await get('toegang.wbo', '/api/v1/regions/wbo/worklist');
    expect(res.statusCode).toBe(200);
    const shown = res.json().rows.map((r: { caseId: number }) => r.caseId);
    expect(shown).toContain(caseId);
    const row = await lastRow();
    expect(row).toMatchObject({ username: 'toegang.wbo', subjectType: 'werklijst', purposeCode: 'werklijst', purpose: 'werklijst', outcome: 'toegestaan' });
    expect((row.detail as { caseIds: number[] }).caseIds).toEqual(shown);
  });
});

describe('the privacy officer reads the trail', () => {
  it('only the role privacy of the region: others 403, another region 404, anonymous 401', async () => {
    expect((await get('privacy.wbo', '/api/v1/regions/wbo/audit')).statusCode).toBe(200);
    for (const user of ['beheer', 'contractmanager.wbo', 'toegang.wbo']) expect((await get(user, '/api/v1/regions/wbo/audit')).statusCode, user).toBe(403);
    expect((await get('privacy.holland-rijnland', '/api/v1/regions/wbo/audit')).statusCode).toBe(404);
    expect((await get(null, '/api/v1/regions/wbo/audit')).statusCode).toBe(401);
  });

  it('filters: who, subject, purpose, denied, from/to (calendar days in the Netherlands)', async () => {
    const q = async (query: string) => {
      const res = await get('privacy.wbo', `/api/v1/regions/wbo/audit?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().rows as { username: string; subjectType: string; subjectId: string; outcome: string; purposeCode: string; at: string }[];
    };
    const denied = await q('denied=true');
    expect(denied.length).toBeGreaterThanOrEqual(2);
    expect(denied.every((r) => r.outcome === 'geweigerd')).toBe(true);
    expect((await q('who=controller')).every((r) => r.username === 'controller.wbo')).toBe(true);
    const subject = await q(`subject=case:${caseId}`);
    expect(subject.length).toBeGreaterThanOrEqual(2);
    expect(subject.every((r) => r.subjectType === 'case' && r.subjectId === String(caseId))).toBe(true);
    expect((await q('purpose=werklijst')).map((r) => r.subjectType)).toEqual(['werklijst']);
    // The trail records the real moment of access (not the test's business date).
    const today = dutchDate(new Date());
    expect((await q(`from=${today}&to=${today}`)).length).toBeGreaterThan(3);
    expect(await q(`from=${addDays(today, 1)}`)).toEqual([]);
    expect(await q(`to=${addDays(today, -1)}`)).toEqual([]);
    // The officer's own reads are in the trail too (purpose toezicht).
    expect((await q('purpose=toezicht')).length).toBeGreaterThan(0);
  });

  it('bad filters are a Dutch 400, never a 500', async () => {
    for (const query of ['from=gisteren', 'purpose=nieuwsgierigheid', 'denied=ja', 'limit=0', 'before=99999999999', 'from=2026-12-01&to=2026-11-01']) {
      const res = await get('privacy.wbo', `/api/v1/regions/wbo/audit?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it('CSV export with the same filters', async () => {
    const res = await get('privacy.wbo', '/api/v1/regions/wbo/audit.csv?denied=true');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('"nummer";"tijdstip";"gebruiker";"handeling";"uitkomst";"soort gegeven";"gegeven";"doel";"toelichting";"details"');
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.slice(1).every((l) => l.includes('"geweigerd"'))).toBe(true);
  });
});

describe('tamper-evident', () => {
  it('concurrent reads keep one intact chain', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => get(i % 2 ? 'toegang.wbo' : 'gemeente.wbo', `/api/v1/regions/wbo/cases/${caseId}?purpose=regievoering`)),
    );
    const v = await verifyAuditChain(s.database.db);
    expect(v).toMatchObject({ ok: true, unchained: 0 });
  });

  it('`regiekamer audit verify` exits 0 on an intact trail and 1 with the first broken row after tampering', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rk-audit-'));
    try {
      const db = await openDatabase({ dataDir: dir });
      for (let i = 1; i <= 3; i++)
        await db.db.transaction((tx) =>
          appendAudit(
            tx,
            {
              user: { userId: 1, username: 'toegang.wbo' },
              subjectType: 'case',
              subjectId: String(i),
              regionId: 'wbo',
              purposeCode: 'regievoering',
              purpose: 'regievoering',
            },
            new Date(`${TODAY}T09:00:0${i}Z`),
          ),
        );
      await db.close();
      const run = () =>
        spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'audit', 'verify', '--data', dir], {
          encoding: 'utf8',
          env: { ...process.env, DATABASE_URL: '' },
        });
      const ok = run();
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/3 rows, chain intact/);
      const db2 = await openDatabase({ dataDir: dir });
      const [second] = await db2.db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.subjectId, '2'));
      await db2.db.update(auditLog).set({ username: 'iemand-anders' }).where(eq(auditLog.id, second!.id));
      await db2.close();
      const broken = run();
      expect(broken.status).toBe(1);
      expect(broken.stderr).toMatch(new RegExp(`broken at row ${second!.id}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
