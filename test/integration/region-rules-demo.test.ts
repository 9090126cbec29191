/**
 * Hart van Brabant (seed 000) has typed region rules that fire on its demo worklist (issue #11):
 * the demo caseload, made through the use cases, shows signals of the region's own rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer } from '../../src/api/server.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
let testDb: TestDb;
let s: Started;
let app: FastifyInstance;

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { demo: ['hart-van-brabant'], today: TODAY, scale: 0.05 });
  app = await buildServer({ database: s.database, demo: true, now: () => new Date(`${TODAY}T09:00:00Z`) });
}, 300_000);
afterAll(async () => {
  await app?.close();
  await s?.database.close();
  await testDb?.drop();
});

describe('Hart van Brabant: region rules fire on the worklist', () => {
  it('the demo toegang worklist shows signals of Hart van Brabant rules', async () => {
    const token = (await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username: 'toegang.hart-van-brabant', password: 'demo' } })).json()
      .token;
    const res = await app.inject({ url: '/api/v1/regions/hart-van-brabant/worklist', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode, res.body).toBe(200);
    const ids = new Set((res.json().rows as { signals: { ruleId: string }[] }[]).flatMap((r) => r.signals.map((x) => x.ruleId)));
    // Seed 000: "Triage en casus coördinatie" (specialistische zorg) and "Casus coördinatie" (wonen).
    expect([...ids].sort()).toEqual(['casuscoordinatie-specialistische-zorg', 'toegang-wonen']);
  });
});
