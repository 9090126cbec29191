/**
 * Tenancy of access data through the HTTP API: a provider sees only cases with its own allocations
 * (and within them only its own allocations), a professional only cases of its municipality,
 * regional roles no case data at all; every case read is audit-logged with purpose and without
 * BSN; worklists are scoped. Also the demo caseload that start-up makes for a new demo region
 * (src/demo/cases.ts). Tests marked "regression" failed on the first version of
 * src/app/access/cases.ts (reported as findings, fixed there since).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer } from '../../src/api/server.js';
import { upsertUser } from '../../src/app/auth.js';
import { auditLog, caseEvents, cases, contracts, users, youths } from '../../src/db/schema.js';
import { isValidBsn } from '../../src/domain/people/bsn.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
let testDb: TestDb;
let s: Started;
let app: FastifyInstance;
const tokens: Record<string, string> = {};
const BSNS = (() => {
  const out: string[] = [];
  for (let n = 999_800_000; out.length < 12; n++) if (isValidBsn(String(n))) out.push(String(n));
  return out;
})();

async function as(username: string) {
  tokens[username] ??= (await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username, password: 'demo' } })).json().token;
  return { authorization: `Bearer ${tokens[username]}` };
}
const read = async (username: string, caseId: number, purpose = 'regievoering') =>
  app.inject({ url: `/api/v1/regions/wbo/cases/${caseId}?purpose=${encodeURIComponent(purpose)}`, headers: await as(username) });
const worklist = async (username: string, query = '', region = 'wbo') =>
  app.inject({ url: `/api/v1/regions/${region}/worklist${query}`, headers: await as(username) });
async function command(username: string, caseId: number, cmd: object) {
  const res = await app.inject({ method: 'POST', url: `/api/v1/regions/wbo/cases/${caseId}/commands`, headers: await as(username), payload: { command: cmd } });
  return res;
}
async function ok(username: string, caseId: number, cmd: object) {
  const res = await command(username, caseId, cmd);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
let bsnIndex = 0;
async function register(username: string, areaId: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/regions/wbo/cases',
    headers: await as(username),
    payload: {
      youth: { bsn: BSNS[bsnIndex++], givenName: 'Test', familyName: `Jeugdige ${bsnIndex}`, birthDate: '2012-03-04', gender: '1' },
      areaId,
      hulpvraag: 'Gezin loopt vast',
      crisis: false,
      regievoerder: username,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}
/** Triage, referral, decision; then one allocation per provider. Returns the allocation numbers. */
async function allocated(caseId: number, toegang: string, gemeente: string, providerIds: number[]): Promise<number[]> {
  const seg = 'specialistische-ambulante-behandeling';
  await ok(toegang, caseId, { type: 'triage', uitkomsten: ['niet-vrij-toegankelijk'], complexiteit: 'meervoudig', domeinoverstijgend: false });
  await ok(toegang, caseId, { type: 'verwijzing', verwijzing: { datum: TODAY, verwijzer: '01', segmentId: seg, kader: 'vrijwillig' } });
  await ok(gemeente, caseId, {
    type: 'beschikking',
    beschikking: { verwijzingId: 1, segmentId: seg, ingangsdatum: '2026-12-01', einddatum: '2027-05-31', besluitDoor: 'slt' },
  });
  const out: number[] = [];
  for (const providerId of providerIds) {
    const v = await ok(gemeente, caseId, {
      type: 'toewijzing',
      toewijzing: { beschikkingId: 1, segmentId: seg, providerId, productCategorie: '54', ingangsdatum: '2026-12-01', einddatum: '2027-05-31' },
    });
    out.push(v.state.toewijzingen.at(-1).nummer);
  }
  return out;
}

let P1: number; // provider of aanbieder.wbo (the demo account)
let P2: number; // provider of aanbieder2.wbo
const C: Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f', number> = { a: 0, b: 0, c: 0, d: 0, e: 0, f: 0 };
const N: Record<string, number[]> = {};

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { demo: ['wbo', 'holland-rijnland'], today: TODAY, scale: 0.02 });
  app = await buildServer({ database: s.database, demo: true, now: () => new Date(`${TODAY}T09:00:00Z`) });
  const db = s.database.db;
  P1 = (await db.select({ id: users.providerId }).from(users).where(eq(users.username, 'aanbieder.wbo')))[0]!.id!;
  const [other] = await db
    .select({ id: contracts.providerId })
    .from(contracts)
    .where(and(eq(contracts.regionId, 'wbo'), eq(contracts.segmentId, 'specialistische-ambulante-behandeling')))
    .orderBy(asc(contracts.providerId));
  P2 = other!.id === P1 ? P1 + 1 : other!.id;
  await upsertUser(db, { username: 'aanbieder2.wbo', displayName: 'Tweede aanbieder', role: 'aanbieder', password: 'demo', regionId: 'wbo', providerId: P2 });
  await upsertUser(db, {
    username: 'toegang.wbo.oosterhout',
    displayName: 'SLT Oosterhout',
    role: 'toegang',
    password: 'demo',
    regionId: 'wbo',
    municipalityCode: '0826',
  });
  await upsertUser(db, {
    username: 'gemeente.wbo.oosterhout',
    displayName: 'Gemeente Oosterhout',
    role: 'gemeente',
    password: 'demo',
    regionId: 'wbo',
    municipalityCode: '0826',
  });
  C.a = await register('toegang.wbo', 'slt-breda-nw'); // Breda, allocations P1 and P2
  N.a = await allocated(C.a, 'toegang.wbo', 'gemeente.wbo', [P1, P2]);
  C.b = await register('toegang.wbo', 'slt-breda-zo'); // Breda, allocation P2 only
  N.b = await allocated(C.b, 'toegang.wbo', 'gemeente.wbo', [P2]);
  C.c = await register('toegang.wbo.oosterhout', 'slt-oosterhout'); // Oosterhout, allocation P1
  N.c = await allocated(C.c, 'toegang.wbo.oosterhout', 'gemeente.wbo.oosterhout', [P1]);
  C.d = await register('toegang.wbo', 'slt-breda-nw'); // Breda, closed
  await ok('toegang.wbo', C.d, { type: 'afsluiten', waakvlam: false });
  C.e = await register('toegang.wbo', 'slt-breda-nw'); // Breda, no allocation yet
  C.f = await register('toegang.wbo', 'slt-breda-no'); // Breda, P1 and P2 (for the findings that mutate)
  N.f = await allocated(C.f, 'toegang.wbo', 'gemeente.wbo', [P1, P2]);
});
afterAll(async () => {
  await app?.close();
  await s?.database.close();
  await testDb?.drop();
});

describe('a provider sees only cases with its own allocations, and only those allocations', () => {
  it('each provider opens the cases where it has an allocation, in any municipality, and no others', async () => {
    expect([
      (await read('aanbieder.wbo', C.a)).statusCode,
      (await read('aanbieder.wbo', C.c)).statusCode,
      (await read('aanbieder.wbo', C.b)).statusCode,
    ]).toEqual([200, 200, 404]);
    expect([
      (await read('aanbieder2.wbo', C.a)).statusCode,
      (await read('aanbieder2.wbo', C.b)).statusCode,
      (await read('aanbieder2.wbo', C.c)).statusCode,
    ]).toEqual([200, 200, 404]);
    expect((await read('aanbieder.wbo', C.e)).statusCode).toBe(404); // no allocation yet
  });
  it('within a shared case each provider gets only its own allocations', async () => {
    expect((await read('aanbieder.wbo', C.a)).json().state.toewijzingen.map((t: { providerId: number; nummer: number }) => [t.providerId, t.nummer])).toEqual([
      [P1, N.a![0]],
    ]);
    expect((await read('aanbieder2.wbo', C.a)).json().state.toewijzingen.map((t: { providerId: number; nummer: number }) => [t.providerId, t.nummer])).toEqual([
      [P2, N.a![1]],
    ]);
    expect((await read('toegang.wbo', C.a)).json().state.toewijzingen).toHaveLength(2);
  });
  // Regression: readCase filtered state.toewijzingen, but the timeline and the signals came from the
  // full case ("Toewijzing <nummer>: ... aan aanbieder <other provider id>" was readable).
  it('the timeline and signals do not reveal the other provider’s allocation', async () => {
    const body = (await read('aanbieder.wbo', C.a)).body;
    expect(body).not.toContain(String(N.a![1]));
    expect(body).not.toContain(`aanbieder ${P2}`);
  });
  // Regression: applyCaseCommand returned the unfiltered view to a provider (start, stop,
  // overbrugging answered with every allocation of the case, of every provider).
  it('a provider’s command response contains only its own allocations', async () => {
    const v = await ok('aanbieder.wbo', C.f, { type: 'overbrugging', nummer: N.f![0] });
    expect(v.state.toewijzingen.map((t: { providerId: number }) => t.providerId)).toEqual([P1]);
  });
  // Regression: the scope check was per case (the provider has SOME allocation in it), not per allocation.
  it('a provider cannot start or stop another provider’s allocation', async () => {
    const res = await command('aanbieder.wbo', C.f, { type: 'start', nummer: N.f![1], datum: '2026-12-01' });
    expect([403, 404]).toContain(res.statusCode);
  });
  it('a provider cannot take the team’s or the municipality’s steps, nor use the worklist', async () => {
    expect((await command('aanbieder.wbo', C.a, { type: 'regie', procesregisseur: 'x' })).statusCode).toBe(403);
    expect((await command('aanbieder.wbo', C.a, { type: 'afsluiten', waakvlam: false })).statusCode).toBe(403);
    expect((await worklist('aanbieder.wbo')).statusCode).toBe(403);
  });
});

describe('a professional sees only cases of its own municipality', () => {
  it('local team and municipality of Breda read Breda cases; Oosterhout cases are not found', async () => {
    for (const u of ['toegang.wbo', 'gemeente.wbo'])
      expect([(await read(u, C.a)).statusCode, (await read(u, C.b)).statusCode, (await read(u, C.c)).statusCode], u).toEqual([200, 200, 404]);
    for (const u of ['toegang.wbo.oosterhout', 'gemeente.wbo.oosterhout'])
      expect([(await read(u, C.c)).statusCode, (await read(u, C.a)).statusCode], u).toEqual([200, 404]);
  });
  it('commands and help requests across the municipality border are refused as not found', async () => {
    expect((await command('toegang.wbo', C.c, { type: 'regie', procesregisseur: 'x' })).statusCode).toBe(404);
    expect((await command('gemeente.wbo.oosterhout', C.a, { type: 'stop', nummer: N.a![0], datum: '2026-12-02', reden: '31' })).statusCode).toBe(404);
    const [oosterhoutYouth] = await s.database.db
      .select({ id: youths.id })
      .from(youths)
      .where(and(eq(youths.regionId, 'wbo'), eq(youths.municipalityCode, '0826')))
      .limit(1);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/regions/wbo/cases',
      headers: await as('toegang.wbo'),
      payload: { youth: { youthId: oosterhoutYouth!.id }, hulpvraag: 'x', crisis: false },
    });
    expect(res.statusCode).toBe(404);
  });
  it('another region’s professional sees nothing of WBO', async () => {
    expect((await read('toegang.holland-rijnland', C.a)).statusCode).toBe(404);
    // Another region's routes are not found for this account (the authorisation matrix, issue #10).
    expect((await worklist('toegang.holland-rijnland')).statusCode).toBe(404);
  });
});

describe('regional roles get no case data', () => {
  it.each(['contractmanager.wbo', 'controller.wbo', 'beleid.wbo', 'beheer'])('%s: no case, no worklist, no commands, no help requests', async (u) => {
    expect((await read(u, C.a)).statusCode).toBe(403); // the authorisation matrix: no personal data for regional roles
    expect((await worklist(u)).statusCode).toBe(403);
    expect((await command(u, C.a, { type: 'regie', procesregisseur: 'x' })).statusCode).toBe(403);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/regions/wbo/cases',
          headers: await as(u),
          payload: { youth: { youthId: 1 }, hulpvraag: 'x', crisis: false },
        })
      ).statusCode,
    ).toBe(403);
  });
  it('without a session: 401', async () => {
    expect((await app.inject({ url: `/api/v1/regions/wbo/cases/${C.a}?purpose=regie` })).statusCode).toBe(401);
  });
});

describe('every case read is audit-logged with purpose, without BSN', () => {
  const logOf = (caseId: number) =>
    s.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, 'case'), eq(auditLog.subjectId, String(caseId))))
      .orderBy(asc(auditLog.id));
  it('who, which case, when, action and purpose, one row per read (team, municipality, provider)', async () => {
    const before = (await logOf(C.b)).length;
    const t0 = Date.now();
    for (const [u, purpose] of [
      ['toegang.wbo', 'voorbereiding MDO'],
      ['gemeente.wbo', 'beschikking opstellen'],
      ['aanbieder2.wbo', 'start zorg'],
    ] as const)
      expect((await read(u, C.b, purpose)).statusCode).toBe(200);
    const rows = (await logOf(C.b)).slice(before);
    const ids = Object.fromEntries((await s.database.db.select({ id: users.id, username: users.username }).from(users)).map((u) => [u.username, u.id]));
    expect(rows.map((r) => [r.username, r.userId, r.action, r.subjectType, r.subjectId, r.regionId, r.purpose])).toEqual([
      ['toegang.wbo', ids['toegang.wbo'], 'read', 'case', String(C.b), 'wbo', 'voorbereiding MDO'],
      ['gemeente.wbo', ids['gemeente.wbo'], 'read', 'case', String(C.b), 'wbo', 'beschikking opstellen'],
      ['aanbieder2.wbo', ids['aanbieder2.wbo'], 'read', 'case', String(C.b), 'wbo', 'start zorg'],
    ]);
    for (const r of rows) expect(r.at.getTime()).toBeGreaterThanOrEqual(t0 - 1000);
  });
  it('no purpose, no read (400) and no log row; a refused read leaves a row marked geweigerd (issue #10, NEN 7513)', async () => {
    const before = (await logOf(C.a)).length;
    expect((await app.inject({ url: `/api/v1/regions/wbo/cases/${C.a}`, headers: await as('toegang.wbo') })).statusCode).toBe(400);
    expect((await read('toegang.wbo', C.a, 'x')).statusCode).toBe(400);
    expect(await logOf(C.a)).toHaveLength(before);
    expect((await read('contractmanager.wbo', C.a)).statusCode).toBe(403);
    const rows = (await logOf(C.a)).slice(before);
    expect(rows.map((r) => [r.username, r.outcome])).toEqual([['contractmanager.wbo', 'geweigerd']]);
  });
  it('the response masks the BSN and the audit log holds no BSN', async () => {
    const body = (await read('toegang.wbo', C.a)).json();
    expect(body.youth.bsnMasked).toBe(`******${BSNS[0]!.slice(-3)}`);
    expect(JSON.stringify(body)).not.toContain(BSNS[0]);
    const bsns = new Set((await s.database.db.select({ bsn: youths.bsn }).from(youths)).map((y) => y.bsn));
    const log = await s.database.db.select().from(auditLog);
    expect(log.length).toBeGreaterThan(5);
    for (const row of log) for (const v of Object.values(row)) expect(bsns.has(String(v)) || [...bsns].some((b) => String(v).includes(b))).toBe(false);
  });
  // Regression: the purpose (free text in the URL query string) was stored verbatim, BSN and all.
  it('a purpose that contains a BSN is refused or stored without it', async () => {
    const res = await read('toegang.wbo', C.a, `controle ${BSNS[0]}`);
    const log = await logOf(C.a);
    expect(res.statusCode === 400 || !log.at(-1)!.purpose.includes(BSNS[0]!)).toBe(true);
  });
});

describe('worklist scoping', () => {
  const municipalityOf = async (ids: number[]) =>
    new Set((await s.database.db.select({ m: cases.municipalityCode }).from(cases).where(inArray(cases.id, ids))).map((r) => r.m));
  it('the Breda team and municipality see the same open Breda cases; closed cases are left out', async () => {
    const team = (await worklist('toegang.wbo')).json().rows.map((r: { caseId: number }) => r.caseId);
    const gemeente = (await worklist('gemeente.wbo')).json().rows.map((r: { caseId: number }) => r.caseId);
    expect(gemeente).toEqual(team);
    expect(team).toEqual(expect.arrayContaining([C.a, C.b, C.e, C.f]));
    expect(team).not.toContain(C.c);
    expect(team).not.toContain(C.d);
    expect([...(await municipalityOf(team))]).toEqual(['0758']);
  });
  it('the Oosterhout team sees only Oosterhout', async () => {
    const rows = (await worklist('toegang.wbo.oosterhout')).json().rows.map((r: { caseId: number }) => r.caseId);
    expect(rows).toContain(C.c);
    expect([...(await municipalityOf(rows))]).toEqual(['0826']);
  });
  it('filters by area, regievoerder and "only with signals"; sorted by due date; no BSN in the rows', async () => {
    const area = (await worklist('toegang.wbo', '?areaId=slt-breda-zo')).json().rows;
    expect(area.map((r: { caseId: number }) => r.caseId)).toContain(C.b);
    expect(new Set(area.map((r: { areaId: string }) => r.areaId))).toEqual(new Set(['slt-breda-zo']));
    const mine = (await worklist('toegang.wbo', '?regievoerder=toegang.wbo')).json().rows;
    expect(mine.length).toBeGreaterThanOrEqual(4);
    expect(new Set(mine.map((r: { regievoerder: string }) => r.regievoerder))).toEqual(new Set(['toegang.wbo']));
    const res = await worklist('toegang.wbo', '?onlyWithSignals=true');
    const rows = res.json().rows as { signals: unknown[]; expiring: unknown[]; due: string | null }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.signals.length + r.expiring.length).toBeGreaterThan(0);
    const dues = rows.map((r) => r.due ?? '9999');
    expect(dues).toEqual([...dues].sort());
    for (const b of BSNS) expect(res.body).not.toContain(b);
  });
});

describe('registerHelpRequest applies the one-regievoerder rule too', () => {
  // Regression: the regie command checked wbo-een-regievoerder (blocking), registerHelpRequest did
  // not, so a sibling's help request could bring a second regievoerder into the family.
  it('wbo-een-regievoerder (seed 003 §5.1): a sibling’s help request with another regievoerder is refused (422)', async () => {
    const familyId = (await read('toegang.wbo', C.a)).json().familyId;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/regions/wbo/cases',
      headers: await as('toegang.wbo'),
      payload: {
        youth: { bsn: BSNS[11], givenName: 'Broer', familyName: 'Test', birthDate: '2014-01-01', gender: '1' },
        familyId,
        hulpvraag: 'Ook zorgen om broertje',
        crisis: false,
        regievoerder: 'iemand.anders',
      },
    });
    expect(res.statusCode).toBe(422);
  });
});

describe('the demo caseload (ensureDemoCases, wired in start-up for a new demo region)', () => {
  const demoCases = async (regionId: string) => {
    const rows = await s.database.db.select().from(cases).where(eq(cases.regionId, regionId)).orderBy(asc(cases.id));
    return rows.slice(0, s.demo.find((d) => d.regionId === regionId)!.cases!.cases);
  };
  it('covers every status, in the demo municipality, made through the use cases by the demo users', async () => {
    for (const regionId of ['wbo', 'holland-rijnland']) {
      const rows = await demoCases(regionId);
      expect(new Set(rows.map((r) => r.status))).toEqual(
        new Set(['aangemeld', 'verheldering', 'getrieerd', 'verwezen', 'beschikt', 'toegewezen', 'in-zorg', 'tijdelijk-gestopt', 'nazorg', 'afgesloten']),
      );
      expect(new Set(rows.map((r) => r.municipalityCode)).size).toBe(1);
      expect(rows.some((r) => r.crisis)).toBe(true);
      const events = await s.database.db
        .select()
        .from(caseEvents)
        .where(
          inArray(
            caseEvents.caseId,
            rows.map((r) => r.id),
          ),
        );
      expect(new Set(events.map((e) => e.byUser))).toEqual(new Set([`toegang.${regionId}`, `gemeente.${regionId}`]));
      expect(events.filter((e) => e.type === 'hulpvraag')).toHaveLength(rows.length);
    }
  });
  it('respects the region rules: no blocking hit; the only signal at its own steps is the referrer protocol', async () => {
    const ids = (await demoCases('wbo')).concat(await demoCases('holland-rijnland')).map((r) => r.id);
    const events = await s.database.db.select({ data: caseEvents.data }).from(caseEvents).where(inArray(caseEvents.caseId, ids));
    const hits = events.flatMap((e) => (e.data as { signals?: { ruleId: string; severity: string }[] } | null)?.signals ?? []);
    expect(hits.every((h) => h.severity === 'signal')).toBe(true);
    // By design: wbo-verwijzing-via-slt (seed 003 §4.3) signals referrals by GP, GI or medical specialist;
    // afstemming-school-van-inschrijving (seed 004 §4.3) signals day treatment, as the case does not record school enrolment.
    const byDesign = new Set(['wbo-verwijzing-via-slt', 'afstemming-school-van-inschrijving']);
    expect([...new Set(hits.map((h) => h.ruleId))].filter((id) => !byDesign.has(id))).toEqual([]);
  });
  it('puts the region’s signals on the demo team’s worklist (crisis, escalation, ages, waiting, placements, expiring)', async () => {
    const types = async (u: string, region: string) => {
      const rows = (await worklist(u, '', region)).json().rows as { signals: { type: string }[]; expiring: unknown[] }[];
      return { types: new Set(rows.flatMap((r) => r.signals.map((x) => x.type))), expiring: rows.filter((r) => r.expiring.length > 0).length };
    };
    const wbo = await types('toegang.wbo', 'wbo');
    for (const t of [
      'crisis-termijn',
      'escalatieladder',
      'leeftijdssignaal',
      'procesregisseur-bij-meerdere-trajecten',
      'plaatsingen-maximum',
      'een-regievoerder',
    ])
      expect([...wbo.types], t).toContain(t);
    expect(wbo.expiring).toBeGreaterThan(0);
    const hr = await types('toegang.holland-rijnland', 'holland-rijnland');
    // Holland Rijnland's 48 hours is the maximum duration of a crisis intervention (seed 004 §4.6), no registration clock;
    // a complex case without a regievoerder is signalled by its regie rule (Bijlage 1, §4.4).
    for (const t of ['regie-bij', 'leeftijdssignaal', 'overbrugging-bij-wachten', 'zorg-einde-leeftijd', 'crisis-maximale-duur'])
      expect([...hr.types], t).toContain(t);
  });
  it('is deterministic: a fresh database with the same seed and day gives the same cases', async () => {
    const again = await start({ dataDir: 'memory://' }, { demo: ['wbo'], today: TODAY, scale: 0.02 });
    try {
      const first = s.demo.find((d) => d.regionId === 'wbo')!.cases!;
      const second = again.demo[0]!.cases!;
      expect({ ...second, ms: 0 }).toEqual({ ...first, ms: 0 });
      const states = async (db: Started['database']['db']) =>
        (await db.select({ state: cases.state }).from(cases).where(eq(cases.regionId, 'wbo')).orderBy(asc(cases.id)).limit(first.cases)).map((r) => r.state);
      expect(await states(again.database.db)).toEqual(await states(s.database.db));
    } finally {
      await again.database.close();
    }
  });
});
