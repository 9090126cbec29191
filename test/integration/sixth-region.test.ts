/**
 * Regions without code changes (issue #11 item 8): a small fictional sixth region, Zeeduinen, is
 * only a profile folder (test/fixtures/regions/zeeduinen: profile and rule tests). It loads through
 * the same profile store, passes `profiles check` with its own rule tests, is served by the API
 * (regions list and landscape), and a case runs through its rules with the same engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer } from '../../src/api/server.js';
import { loadProfiles } from '../../src/app/profiles/profile-store.js';
import { checkRuleTests } from '../../src/app/profiles/rule-tests.js';
import { applicableRules, caseSignals, checkAction, ruleSet, type AccessAction } from '../../src/domain/access/access-rules.js';
import { newCase, type CaseState } from '../../src/domain/access/case.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';
import { ROOT } from '../unit/helpers.js';

const DIR = join(ROOT, 'test', 'fixtures', 'regions');
const TODAY = '2030-03-01';
let testDb: TestDb;
let s: Started;
let app: FastifyInstance;

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { today: TODAY, profilesDir: DIR });
  app = await buildServer({ database: s.database, demo: false, now: () => new Date(`${TODAY}T09:00:00Z`) });
});
afterAll(async () => {
  await app?.close();
  await s?.database.close();
  await testDb?.drop();
});

describe('a sixth region from a profile folder only', () => {
  it('loads without problems and its rule tests pass (profiles check)', () => {
    const loaded = loadProfiles(DIR);
    expect(loaded.problems).toEqual([]);
    expect(loaded.profiles.map((p) => p.profile.regio)).toEqual(['zeeduinen']);
    expect(checkRuleTests(DIR, loaded)).toEqual({ tests: 4, problems: [] });
  });

  it('is served by the API: listed, with its landscape', async () => {
    expect(s.regions).toEqual(['zeeduinen']);
    const regions = await app.inject({ method: 'GET', url: '/api/v1/regions' });
    expect(regions.statusCode, regions.body).toBe(200);
    expect(JSON.stringify(regions.json())).toContain('Regio Zeeduinen (fictief)');
    const landscape = await app.inject({ method: 'GET', url: '/api/v1/regions/zeeduinen/landscape' });
    expect(landscape.statusCode, landscape.body).toBe(200);
    expect(landscape.json().segments.map((x: { id: string }) => x.id)).toEqual(['licht', 'zwaar']);
  });

  it('a case runs through its rules: routed by complexity, refused without the wijkteam, signalled at 18', () => {
    const p = loadProfiles(DIR).profiles[0]!.profile;
    const set = ruleSet(p);
    const base: CaseState = {
      ...newCase({
        hulpvraag: 'Ernstige zorgen thuis',
        aangemeldOp: `${TODAY}T08:00:00.000Z`,
        crisis: false,
        geboortedatum: '2012-05-01',
        regievoerder: 'wijkteam.noord',
      }),
      status: 'getrieerd',
      triage: { datum: TODAY, uitkomsten: ['niet-vrij-toegankelijk'], complexiteit: 'complex', domeinoverstijgend: false },
    };
    const refer = (segmentId: string): AccessAction => ({ kind: 'verwijzing', verwijzing: { datum: TODAY, verwijzer: '01', segmentId, kader: 'vrijwillig' } });
    const ids = (s: CaseState, a: AccessAction) =>
      checkAction(applicableRules(set, s, a), s, a, { today: TODAY, family: [] }).map((h) => [h.ruleId, h.severity]);
    expect(ids(base, refer('licht'))).toEqual([['zd-routering', 'blocking']]);
    expect(ids(base, refer('zwaar'))).toEqual([]);
    const referred: CaseState = {
      ...base,
      status: 'verwezen',
      verwijzingen: [{ id: 1, datum: TODAY, verwijzer: '01', segmentId: 'zwaar', kader: 'vrijwillig' }],
    };
    const decide: AccessAction = {
      kind: 'beschikking',
      beschikking: { datum: TODAY, verwijzingId: 1, segmentId: 'zwaar', ingangsdatum: TODAY, einddatum: '2030-12-31', besluitDoor: 'gemeente' },
    };
    expect(ids(referred, decide)).toEqual([
      ['zd-einde-18', 'signal'],
      ['zd-afstemming-wijkteam', 'blocking'],
    ]);
    const afterMdo: CaseState = {
      ...referred,
      mdos: [{ datum: TODAY, deelnemers: ['lokaal-team', 'specialistische-jeugdhulp'], overeenstemming: true, afweging: 'zware hulp nodig' }],
    };
    expect(ids(afterMdo, decide)).toEqual([['zd-einde-18', 'signal']]); // 18 on 2030-05-01, before the decision ends
    expect(caseSignals(applicableRules(set, afterMdo), afterMdo, { today: TODAY, family: [] })).toEqual([]);
  });
});
