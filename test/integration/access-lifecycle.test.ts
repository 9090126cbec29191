/**
 * A case from help request to allocation through the HTTP API, with the WBO rules (seed 003) and
 * Holland Rijnland rules (seed 004) enforced or signalled as the profiles say; illegal transitions
 * are refused and change nothing; tenancy and audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer } from '../../src/api/server.js';
import { auditLog, providers, youths } from '../../src/db/schema.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
let testDb: TestDb;
let s: Started;
let app: FastifyInstance;
const tokens: Record<string, string> = {};

async function as(username: string) {
  tokens[username] ??= (await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username, password: 'demo' } })).json().token;
  return { authorization: `Bearer ${tokens[username]}` };
}
async function command(username: string, region: string, caseId: number, cmd: object) {
  return app.inject({ method: 'POST', url: `/api/v1/regions/${region}/cases/${caseId}/commands`, headers: await as(username), payload: { command: cmd } });
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { demo: ['wbo', 'holland-rijnland'], today: TODAY, scale: 0.02 });
  app = await buildServer({ database: s.database, demo: true, now: () => new Date(`${TODAY}T09:00:00Z`) });
});
afterAll(async () => {
  await app?.close();
  await s?.database.close();
  await testDb?.drop();
});

describe('WBO: help request to allocation (seed 003)', () => {
  let caseId: number;
  let providerId: number;

  it('registers a help request in the professional’s municipality', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/regions/wbo/cases',
      headers: await as('toegang.wbo'),
      payload: {
        youth: { bsn: '999900006', givenName: 'Noor', familyName: 'Visser', birthDate: '2012-03-04', gender: '2' },
        areaId: 'slt-breda-nw',
        hulpvraag: 'Gezin loopt vast in opvoeding; school signaleert',
        crisis: false,
        regievoerder: 'toegang.wbo',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    caseId = res.json().id;
    expect(res.json().state.status).toBe('aangemeld');
    const [p] = await s.database.db.select({ id: providers.id }).from(providers).where(eq(providers.regionId, 'wbo')).limit(1);
    providerId = p!.id;
  });

  it('refuses a referral before triage (illegal transition, nothing changes)', async () => {
    const res = await command('toegang.wbo', 'wbo', caseId, {
      type: 'verwijzing',
      verwijzing: { datum: TODAY, verwijzer: '01', segmentId: 'verblijf-crisis', kader: 'vrijwillig' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    const read = await app.inject({ url: `/api/v1/regions/wbo/cases/${caseId}?purpose=regie`, headers: await as('toegang.wbo') });
    expect(read.json().state.status).toBe('aangemeld');
    expect(read.json().version).toBe(1);
  });

  it('seed 003 §5.2 wbo-mdo-hoogcomplex: a complex case needs an MDO before referral (blocking, names the rule)', async () => {
    expect(
      (
        await command('toegang.wbo', 'wbo', caseId, {
          type: 'triage',
          uitkomsten: ['niet-vrij-toegankelijk'],
          complexiteit: 'complex',
          domeinoverstijgend: false,
        })
      ).statusCode,
    ).toBe(200);
    const res = await command('toegang.wbo', 'wbo', caseId, {
      type: 'verwijzing',
      verwijzing: { datum: TODAY, verwijzer: '01', segmentId: 'verblijf-crisis', kader: 'vrijwillig' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toMatch(/wbo-mdo-hoogcomplex/);
    expect(res.json().detail).toMatch(/bron 003 §5\.2/);
    expect(res.json().rules[0]).toMatchObject({ ruleId: 'wbo-mdo-hoogcomplex', severity: 'blocking' });
  });

  it('after an MDO with the named participants the referral passes', async () => {
    const mdo = {
      datum: TODAY,
      deelnemers: ['lokaal-team', 'specialistische-jeugdhulp', 'verblijf-crisis', 'sociale-basis'],
      overeenstemming: true,
      afweging: 'Verblijf met behandeling passend',
    };
    expect((await command('toegang.wbo', 'wbo', caseId, { type: 'mdo', mdo })).statusCode).toBe(200);
    const res = await command('toegang.wbo', 'wbo', caseId, {
      type: 'verwijzing',
      verwijzing: { datum: TODAY, verwijzer: '01', segmentId: 'verblijf-crisis', kader: 'vrijwillig' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().state.status).toBe('verwezen');
  });

  it('seed 003 §3.1.3/§8.2: an out-of-home placement needs the analysis and the SLT decision; only the municipality decides', async () => {
    const beschikking = { verwijzingId: 1, segmentId: 'verblijf-crisis', ingangsdatum: '2026-12-01', einddatum: '2027-05-31', besluitDoor: 'gemeente' };
    expect((await command('toegang.wbo', 'wbo', caseId, { type: 'beschikking', beschikking })).statusCode).toBe(403);
    const blocked = await command('gemeente.wbo', 'wbo', caseId, { type: 'beschikking', beschikking });
    expect(blocked.statusCode).toBe(422);
    const ids = blocked.json().rules.map((r: { ruleId: string }) => r.ruleId);
    expect(ids).toContain('wbo-uithuisplaatsing-mdo-en-analyse');
    expect(ids).toContain('wbo-verblijfszorg-besluit-slt-na-mdo');
    expect(
      (
        await command('toegang.wbo', 'wbo', caseId, {
          type: 'analyse',
          verklarendeAnalyse: true,
          ambulanteAlternatieven: 'Intensieve ambulante gezinsbehandeling overwogen; onvoldoende veiligheid',
          diagnostiekAfgerond: true,
        })
      ).statusCode,
    ).toBe(200);
    const ok = await command('gemeente.wbo', 'wbo', caseId, { type: 'beschikking', beschikking: { ...beschikking, besluitDoor: 'slt' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().state.status).toBe('beschikt');
  });

  it('allocates within the decision and the provider starts care', async () => {
    const res = await command('gemeente.wbo', 'wbo', caseId, {
      type: 'toewijzing',
      toewijzing: { beschikkingId: 1, segmentId: 'verblijf-crisis', providerId, productCategorie: '43', ingangsdatum: '2026-12-01', einddatum: '2027-05-31' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const nummer = res.json().state.toewijzingen[0].nummer;
    expect(nummer).toBeGreaterThanOrEqual(100000);
    const outside = await command('gemeente.wbo', 'wbo', caseId, {
      type: 'toewijzing',
      toewijzing: { beschikkingId: 1, segmentId: 'verblijf-crisis', providerId, productCategorie: '43', ingangsdatum: '2026-11-01', einddatum: '2027-05-31' },
    });
    expect(outside.statusCode).toBe(409);
    const started = await command('gemeente.wbo', 'wbo', caseId, { type: 'start', nummer, datum: '2026-12-01' });
    expect(started.json().state.status).toBe('in-zorg');
    const paused = await command('gemeente.wbo', 'wbo', caseId, { type: 'stop', nummer, datum: '2027-01-10', reden: '20' });
    expect(paused.json().state.status).toBe('tijdelijk-gestopt');
  });

  it('reading a case is audit-logged with purpose; a professional of another municipality cannot see it', async () => {
    await app.inject({ url: `/api/v1/regions/wbo/cases/${caseId}?purpose=voorbereiding%20MDO`, headers: await as('toegang.wbo') });
    const log = await s.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, 'case'), eq(auditLog.subjectId, String(caseId))));
    expect(log.at(-1)).toMatchObject({ username: 'toegang.wbo', purpose: 'voorbereiding MDO', action: 'read' });
    const other = await app.inject({ url: `/api/v1/regions/wbo/cases/${caseId}?purpose=x-test`, headers: await as('toegang.holland-rijnland') });
    expect(other.statusCode).toBe(404);
    const regional = await app.inject({ url: `/api/v1/regions/wbo/cases/${caseId}?purpose=x-test`, headers: await as('contractmanager.wbo') });
    expect(regional.statusCode).toBe(403); // the authorisation matrix: no personal data for contract managers
  });

  it('the worklist shows the case with its open signals', async () => {
    const res = await app.inject({ url: '/api/v1/regions/wbo/worklist', headers: await as('toegang.wbo') });
    expect(res.statusCode).toBe(200);
    const row = res.json().rows.find((r: { caseId: number }) => r.caseId === caseId);
    expect(row).toBeDefined();
    expect(row.status).toBe('tijdelijk-gestopt');
  });
});

describe('Holland Rijnland routing (seed 004)', () => {
  it('seed 004 §4.1 centrale-intake-verplicht: a referral to segment 1 goes through the Centrale Intake', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/regions/holland-rijnland/cases',
      headers: await as('toegang.holland-rijnland'),
      payload: {
        youth: { bsn: '999900018', givenName: 'Sem', familyName: 'Bos', birthDate: '2010-06-01', gender: '1' },
        hulpvraag: 'Ernstige gedragsproblemen',
        crisis: false,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    await command('toegang.holland-rijnland', 'holland-rijnland', id, {
      type: 'triage',
      uitkomsten: ['niet-vrij-toegankelijk'],
      complexiteit: 'meervoudig',
      domeinoverstijgend: false,
    });
    const direct = await command('toegang.holland-rijnland', 'holland-rijnland', id, {
      type: 'verwijzing',
      verwijzing: { datum: TODAY, verwijzer: '02', segmentId: 'behandeling-met-verblijf', kader: 'vrijwillig' },
    });
    expect(direct.statusCode).toBe(422);
    expect(direct.json().rules[0].ruleId).toBe('centrale-intake-verplicht');
    const via = await command('toegang.holland-rijnland', 'holland-rijnland', id, {
      type: 'verwijzing',
      verwijzing: { datum: TODAY, verwijzer: '02', segmentId: 'behandeling-met-verblijf', viaGebied: 'centrale-intake', kader: 'vrijwillig' },
    });
    expect(via.statusCode, via.body).toBe(200);
  });

  it('rejects a help request with an invalid BSN or unknown fields', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/regions/holland-rijnland/cases',
      headers: await as('toegang.holland-rijnland'),
      payload: { youth: { bsn: '123456789', givenName: 'A', familyName: 'B', birthDate: '2010-01-01', gender: '1' }, hulpvraag: 'x', crisis: false },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toMatch(/elfproef/);
    const extra = await app.inject({
      method: 'POST',
      url: '/api/v1/regions/holland-rijnland/cases',
      headers: await as('toegang.holland-rijnland'),
      payload: { youth: { youthId: 1 }, hulpvraag: 'x', crisis: false, diagnose: 'medisch' },
    });
    expect(extra.statusCode).toBe(400);
  });
});

describe('external referral with the help request (COD327 huisarts, jeugdarts, GI, medisch specialist, rechter), before triage', () => {
  const help = (region: string, bsn: string, verwijzing: object) => ({
    youth: { bsn, givenName: 'Fenna', familyName: 'Smit', birthDate: '2014-08-09', gender: '2' },
    hulpvraag: 'Huisarts verwijst: angstklachten',
    crisis: false,
    verwijzing: { datum: TODAY, kader: 'vrijwillig', ...verwijzing },
    ...(region === 'wbo' ? { areaId: 'slt-breda-nw' } : {}),
  });
  const register = async (region: string, bsn: string, verwijzing: object) =>
    app.inject({ method: 'POST', url: `/api/v1/regions/${region}/cases`, headers: await as(`toegang.${region}`), payload: help(region, bsn, verwijzing) });

  it('WBO: a GP referral makes the new case "verwezen" at once, flagged under the SLT protocol (wbo-verwijzing-via-slt, seed 003 §4.3)', async () => {
    const res = await register('wbo', '999900067', { verwijzer: '02', segmentId: 'specialistische-ambulante-behandeling' });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.state).toMatchObject({ status: 'verwezen', verwijzingen: [{ id: 1, verwijzer: '02', segmentId: 'specialistische-ambulante-behandeling' }] });
    expect(body.state.triage).toBeUndefined();
    expect(body.hits.map((h: { ruleId: string; severity: string }) => [h.ruleId, h.severity])).toEqual([['wbo-verwijzing-via-slt', 'signal']]);
    expect(body.allowedCommands).toEqual(['mdo', 'analyse', 'verwijzing', 'regie', 'signaal-afgehandeld', 'afsluiten']);
    const read = await app.inject({ url: `/api/v1/regions/wbo/cases/${body.id}?purpose=beschikken`, headers: await as('gemeente.wbo') });
    expect(read.json().events.map((e: { text: string }) => e.text)).toEqual([
      'Hulpvraag geregistreerd',
      'Verwijzing naar Specialistische ambulante behandeling (SGGZ) door huisarts (vrijwillig)',
    ]);
    expect(read.json().allowedCommands).toEqual(['beschikking']);
    const decided = await command('gemeente.wbo', 'wbo', body.id, {
      type: 'beschikking',
      beschikking: {
        verwijzingId: 1,
        segmentId: 'specialistische-ambulante-behandeling',
        ingangsdatum: '2026-12-01',
        einddatum: '2027-05-31',
        besluitDoor: 'gemeente',
      },
    });
    expect(decided.statusCode, decided.body).toBe(200);
  });

  it('the local team’s own referral (01) or none (06) is not an external one: 400 and nothing is stored', async () => {
    for (const verwijzer of ['01', '06']) {
      const res = await register('wbo', '999900079', { verwijzer, segmentId: 'specialistische-ambulante-behandeling' });
      expect(res.statusCode).toBe(400);
      expect(res.json().detail).toMatch(/externe verwijzer/);
    }
    expect(await s.database.db.select({ id: youths.id }).from(youths).where(eq(youths.bsn, '999900079'))).toEqual([]);
  });

  it('Holland Rijnland: a GP referral to segment 1 without the Centrale Intake is refused by its rule (422) and nothing is stored; via the Centrale Intake it is registered', async () => {
    const direct = await register('holland-rijnland', '999900080', { verwijzer: '02', segmentId: 'behandeling-met-verblijf' });
    expect(direct.statusCode).toBe(422);
    expect(direct.json().rules.map((r: { ruleId: string }) => r.ruleId)).toEqual(['centrale-intake-verplicht']);
    expect(await s.database.db.select({ id: youths.id }).from(youths).where(eq(youths.bsn, '999900080'))).toEqual([]);
    const via = await register('holland-rijnland', '999900080', { verwijzer: '02', segmentId: 'behandeling-met-verblijf', viaGebied: 'centrale-intake' });
    expect(via.statusCode, via.body).toBe(201);
    expect(via.json().state.status).toBe('verwezen');
  });

  it('on a case just registered, the verwijzing command takes an external referrer but refuses the team’s own before triage (409, nothing changes)', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/regions/wbo/cases',
      headers: await as('toegang.wbo'),
      payload: {
        youth: { bsn: '999900092', givenName: 'Bram', familyName: 'Mol', birthDate: '2012-02-02', gender: '1' },
        hulpvraag: 'Jeugdarts signaleert',
        crisis: false,
      },
    });
    const id = created.json().id;
    const own = await command('toegang.wbo', 'wbo', id, {
      type: 'verwijzing',
      verwijzing: { datum: TODAY, verwijzer: '01', segmentId: 'specialistische-ambulante-behandeling', kader: 'vrijwillig' },
    });
    expect(own.statusCode).toBe(409);
    expect(own.json().detail).toMatch(/volgt op de triage/);
    const jeugdarts = await command('toegang.wbo', 'wbo', id, {
      type: 'verwijzing',
      verwijzing: { datum: TODAY, verwijzer: '03', segmentId: 'specialistische-ambulante-behandeling', kader: 'vrijwillig' },
    });
    expect(jeugdarts.statusCode, jeugdarts.body).toBe(200);
    expect(jeugdarts.json().state.status).toBe('verwezen');
  });
});

describe('segment rules apply only to cases in their segment (Holland Rijnland perspectiefplan-16-5, segment 1, seed 004 §4.1)', () => {
  it('a youth turning 16.5 next week has no perspective-plan signal until referred to segment 1; then the case and the worklist show it', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/regions/holland-rijnland/cases',
      headers: await as('toegang.holland-rijnland'),
      payload: {
        youth: { bsn: '999900109', givenName: 'Jesse', familyName: 'Kok', birthDate: '2010-05-29', gender: '1' },
        hulpvraag: 'Vastgelopen thuis',
        crisis: false,
        regievoerder: 'toegang.holland-rijnland',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const ruleIds = async () =>
      (await app.inject({ url: `/api/v1/regions/holland-rijnland/cases/${id}?purpose=regievoering`, headers: await as('toegang.holland-rijnland') }))
        .json()
        .signals.map((x: { ruleId: string }) => x.ruleId);
    expect(created.json().signals.map((x: { ruleId: string }) => x.ruleId)).not.toContain('perspectiefplan-16-5');
    await command('toegang.holland-rijnland', 'holland-rijnland', id, {
      type: 'triage',
      uitkomsten: ['niet-vrij-toegankelijk'],
      complexiteit: 'complex',
      domeinoverstijgend: false,
    });
    await command('toegang.holland-rijnland', 'holland-rijnland', id, {
      type: 'verwijzing',
      verwijzing: { datum: TODAY, verwijzer: '01', segmentId: 'ambulante-jeugdhulp', kader: 'vrijwillig' },
    });
    expect(await ruleIds()).not.toContain('perspectiefplan-16-5');
    const seg1 = await command('toegang.holland-rijnland', 'holland-rijnland', id, {
      type: 'verwijzing',
      verwijzing: { datum: TODAY, verwijzer: '01', segmentId: 'behandeling-met-verblijf', viaGebied: 'centrale-intake', kader: 'vrijwillig' },
    });
    expect(seg1.statusCode, seg1.body).toBe(200);
    expect(await ruleIds()).toContain('perspectiefplan-16-5');
    const rows = (await app.inject({ url: '/api/v1/regions/holland-rijnland/worklist', headers: await as('toegang.holland-rijnland') })).json().rows;
    expect(rows.find((r: { caseId: number }) => r.caseId === id)).toMatchObject({ due: '2026-11-29', dueAt: null });
  });
});
