/**
 * POST /api/v1/ijw/validate: the same verdict as `regiekamer ijw validate --json`, streamed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer } from '../../src/api/server.js';
import { upsertUser } from '../../src/app/auth.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const examples = join(PROJECT_ROOT, 'test', 'fixtures', 'ijw', 'examples');
let testDb: TestDb;
let s: Started;
let app: FastifyInstance;
let token: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { today: '2026-11-22' });
  app = await buildServer({ database: s.database, now: () => new Date('2026-11-22T10:00:00Z') });
  await upsertUser(s.database.db, { username: 'cm', displayName: 'CM', role: 'contractmanager', password: 'pw', regionId: 'wbo' });
  token = (await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username: 'cm', password: 'pw' } })).json().token;
});
afterAll(async () => {
  await app?.close();
  await s?.database.close();
  await testDb?.drop();
});

const post = (payload: string | Buffer, contentType = 'application/xml', auth = true) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/ijw/validate',
    payload,
    headers: { 'content-type': contentType, ...(auth ? { authorization: `Bearer ${token}` } : {}) },
  });

describe('POST /api/v1/ijw/validate', () => {
  it('accepts a valid JW301', async () => {
    const res = await post(readFileSync(join(examples, 'JW301.xml')));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ message: 'JW301', valid: true, findings: [] });
  });

  it('reports XSD findings with their path (JW315 example has the date 2027-06-31)', async () => {
    const res = await post(readFileSync(join(examples, 'JW315.xml')));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.valid).toBe(false);
    expect(body.findings[0]).toMatchObject({ layer: 'xsd', path: '/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[1]/ToewijzingEinddatum' });
  });

  it('answers unusable input with 422 and the reason', async () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>';
    const res = await post(xxe);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ valid: false, unusable: { reason: 'dtd' } });
  });

  it('needs a login and an XML content type', async () => {
    expect((await post('<x/>', 'application/xml', false)).statusCode).toBe(401);
    const json = await post('{"a":1}', 'application/json');
    expect(json.statusCode).toBe(415);
    expect(json.headers['content-type']).toMatch(/problem\+json/);
  });
});
