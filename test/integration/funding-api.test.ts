/**
 * The funding API end to end (Fastify inject) on small WBO and Holland Rijnland demo regions with
 * their funding history: spend vs ceiling and budget with the forecast line, declarations with
 * per-line outcomes, schedules, the budget framework, receiving a declaration (JW323 -> JW325);
 * tenancy per role and bad input as problem+json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer } from '../../src/api/server.js';
import { ensureDemoFunding, buildDeclaration, type PlanAllocation } from '../../src/app/funding/demo-funding.js';
import { upsertUser } from '../../src/app/auth.js';
import { allocations, auditLog, declarationLines, declarations, providers, tariffs, users, youths } from '../../src/db/schema.js';
import { validateMessage } from '../../src/ijw/validate.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
let testDb: TestDb;
let s: Started;
let app: FastifyInstance;
const tokens = new Map<string, string>();

async function as(username: string): Promise<{ authorization: string }> {
  if (!tokens.has(username)) {
    const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password: 'demo' } });
    expect(res.statusCode, res.body).toBe(200);
    tokens.set(username, res.json().token as string);
  }
  return { authorization: `Bearer ${tokens.get(username)}` };
}
const get = async (username: string, url: string, headers: Record<string, string> = {}) => app.inject({ url, headers: { ...(await as(username)), ...headers } });
const expectProblem = (res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number) => {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
};

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { demo: ['wbo', 'holland-rijnland'], today: TODAY, scale: 0.02 });
  await ensureDemoFunding(s.database.db, 'wbo', TODAY, { historyYears: 1 });
  await ensureDemoFunding(s.database.db, 'holland-rijnland', TODAY, { historyYears: 0 });
  // A provider account for the WBO provider with the most declarations (the demo account is the largest provider).
  const [busiest] = await s.database.db.select({ id: declarations.providerId, n: sql<number>`count(*)::int` }).from(declarations).where(eq(declarations.regionId, 'wbo')).groupBy(declarations.providerId).orderBy(sql`2 desc`).limit(1);
  await upsertUser(s.database.db, { username: 'aanbieder.decl', displayName: 'Aanbieder met declaraties', role: 'aanbieder', password: 'demo', regionId: 'wbo', providerId: busiest!.id });
  app = await buildServer({ database: s.database, demo: true, now: () => new Date(`${TODAY}T12:00:00Z`) });
});
afterAll(async () => {
  await app?.close();
  await s?.database.close();
  await testDb?.drop();
});

describe('GET /regions/{id}/spend', () => {
  it('per provider: spent, committed and forecast against the provider ceilings (seed 004 §3.3), with a monthly forecast line', async () => {
    const res = await get('controller.holland-rijnland', '/api/v1/regions/holland-rijnland/spend?year=2026&by=provider');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ year: 2026, by: 'provider', declaredThrough: '2026-10' });
    expect(r.rows.length).toBeGreaterThan(5);
    expect(r.rows.some((x: { ceilingCents?: number }) => x.ceilingCents !== undefined)).toBe(true);
    for (const row of r.rows) expect(row).toEqual(expect.objectContaining({ key: expect.any(String), name: expect.any(String), spentCents: expect.any(Number), committedCents: expect.any(Number), forecastCents: expect.any(Number) }));
    expect(r.monthly).toHaveLength(12);
    expect(r.monthly[0]).toEqual({ month: '2026-01', spentCents: expect.any(Number), cumulativeCents: expect.any(Number), forecastCumulativeCents: expect.any(Number) });
    expect(r.monthly[11].forecastCumulativeCents).toBe(r.totals.forecastCents);
  });

  it('per municipality against the care budget of the framework (Holland Rijnland), per segment with the availability components', async () => {
    const m = (await get('controller.holland-rijnland', '/api/v1/regions/holland-rijnland/spend?year=2026&by=municipality')).json();
    const leiden = m.rows.find((x: { key: string }) => x.key === '0546');
    expect(leiden.name).toBe('Leiden');
    expect(leiden.budgetCents).toBeGreaterThan(2_000_000_000); // projected from 2024 (1% cut, indexed)
    const seg = (await get('controller.holland-rijnland', '/api/v1/regions/holland-rijnland/spend?year=2026&by=segment')).json();
    expect(seg.rows.map((x: { key: string }) => x.key)).toEqual(expect.arrayContaining(['ambulante-jeugdhulp', 'behandeling-met-verblijf']));
    expect(seg.totals).toEqual(m.totals);
  });

  it('tenancy: a municipality sees its own row only and no ceilings; a provider its own; the local team and other regions nothing', async () => {
    const g = (await get('gemeente.holland-rijnland', '/api/v1/regions/holland-rijnland/spend?year=2026&by=municipality')).json();
    const [gemeente] = await s.database.db.select().from(users).where(eq(users.username, 'gemeente.holland-rijnland'));
    expect(g.rows.map((x: { key: string }) => x.key)).toEqual([gemeente!.municipalityCode]);
    const byProvider = (await get('gemeente.holland-rijnland', '/api/v1/regions/holland-rijnland/spend?year=2026&by=provider')).json();
    expect(byProvider.rows.every((x: { ceilingCents?: number }) => x.ceilingCents === undefined)).toBe(true);
    const [aanbieder] = await s.database.db.select().from(users).where(eq(users.username, 'aanbieder.holland-rijnland'));
    const own = (await get('aanbieder.holland-rijnland', '/api/v1/regions/holland-rijnland/spend?by=provider')).json();
    expect(own.rows.map((x: { key: string }) => x.key)).toEqual([String(aanbieder!.providerId)]);
    expectProblem(await get('toegang.holland-rijnland', '/api/v1/regions/holland-rijnland/spend'), 403);
    expectProblem(await get('controller.wbo', '/api/v1/regions/holland-rijnland/spend'), 403);
    expectProblem(await app.inject('/api/v1/regions/holland-rijnland/spend'), 401);
  });

  it('bad input is problem+json', async () => {
    expectProblem(await get('controller.wbo', '/api/v1/regions/wbo/spend?year=abc'), 400);
    expectProblem(await get('controller.wbo', '/api/v1/regions/wbo/spend?by=lot'), 400);
    expectProblem(await get('controller.wbo', '/api/v1/regions/wbo/spend?year=2026&extra=1'), 400);
    expectProblem(await get('beheer', '/api/v1/regions/atlantis/spend'), 404);
  });
});

describe('GET /regions/{id}/declarations and /declarations/{did}', () => {
  it('a controller lists all declarations and reads the lines with codes; the answer is shown with masked BSNs', async () => {
    const list = (await get('controller.wbo', '/api/v1/regions/wbo/declarations?limit=500')).json();
    expect(list.total).toBeGreaterThan(10);
    const withRejection = list.rows.find((d: { rejectedCount: number }) => d.rejectedCount > 0) ?? list.rows[0];
    const res = await get('controller.wbo', `/api/v1/regions/wbo/declarations/${withRejection.id}`);
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.lines).toHaveLength(d.lineCount);
    expect(d.approvedCents).toBe(d.lines.reduce((a: number, l: { amountCents: number }) => a + l.amountCents, 0));
    for (const l of d.lines.filter((x: { approved: boolean }) => !x.approved)) expect(l.codes[0]).toMatchObject({ code: '9321', text: expect.stringMatching(/\w/) });
    expect(d.answerBsnMasked).toBe(true);
    expect(d.answerXml).not.toMatch(/<jw325:Bsn>\d{9}</);
  });

  it('a provider sees only its own declarations (another provider: 403 for the list, 404 for one); its own answer whole, audit-logged, also as XML', async () => {
    const [aanbieder] = await s.database.db.select().from(users).where(eq(users.username, 'aanbieder.decl'));
    const own = (await get('aanbieder.decl', '/api/v1/regions/wbo/declarations')).json();
    expect(own.rows.length).toBeGreaterThan(0);
    expect(own.rows.every((d: { providerId: number }) => d.providerId === aanbieder!.providerId)).toBe(true);
    expectProblem(await get('aanbieder.decl', `/api/v1/regions/wbo/declarations?providerId=${aanbieder!.providerId! + 1}`), 403);
    const all = (await get('controller.wbo', '/api/v1/regions/wbo/declarations?limit=1000')).json();
    const other = all.rows.find((d: { providerId: number }) => d.providerId !== aanbieder!.providerId);
    expectProblem(await get('aanbieder.decl', `/api/v1/regions/wbo/declarations/${other.id}`), 404);
    const mine = (await get('aanbieder.decl', `/api/v1/regions/wbo/declarations/${own.rows[0].id}`)).json();
    expect(mine.answerBsnMasked).toBe(false);
    const logged = await s.database.db.select().from(auditLog).where(and(eq(auditLog.subjectType, 'declaration'), eq(auditLog.subjectId, String(own.rows[0].id))));
    expect(logged.map((l) => l.username)).toContain('aanbieder.decl');
    const xml = await get('aanbieder.decl', `/api/v1/regions/wbo/declarations/${own.rows[0].id}`, { accept: 'application/xml' });
    expect(xml.headers['content-type']).toMatch(/application\/xml/);
    expect(validateMessage(xml.body, { today: TODAY }).message).toBe('JW325');
  });

  it('a municipality sees the declarations addressed to it', async () => {
    const [gemeente] = await s.database.db.select().from(users).where(eq(users.username, 'gemeente.wbo'));
    const list = (await get('gemeente.wbo', '/api/v1/regions/wbo/declarations?limit=1000')).json();
    expect(list.rows.length).toBeGreaterThan(0);
    expect(list.rows.every((d: { municipalityCode: string }) => d.municipalityCode === gemeente!.municipalityCode)).toBe(true);
    expectProblem(await get('gemeente.wbo', '/api/v1/regions/wbo/declarations/0'), 400);
    expectProblem(await get('gemeente.wbo', '/api/v1/regions/wbo/declarations/999999'), 404);
  });
});

describe('output pricing (seed 004 §4.4: EED "outputgericht (trajectfinanciering)"): one price per trajectory, eenheid 82', () => {
  it('an EED trajectory is allocated as one output unit in total and declared once, at its tariff, when it is completed', async () => {
    const lines = await s.database.db
      .select({ l: declarationLines, a: allocations })
      .from(declarationLines)
      .innerJoin(allocations, and(eq(allocations.regionId, declarationLines.regionId), eq(allocations.toewijzingNummer, declarationLines.toewijzingNummer)))
      .where(and(eq(declarationLines.regionId, 'holland-rijnland'), eq(declarationLines.eenheid, '82')));
    expect(lines.length).toBeGreaterThan(0);
    const perAllocation = new Map<number, number>();
    for (const { l, a } of lines) {
      expect(a).toMatchObject({ volume: 1, eenheid: '82', frequentie: '6', segmentId: 'ambulante-jeugdhulp', productCategorie: '54' });
      expect(l).toMatchObject({ volume: 1, approved: true });
      expect(l.einddatum).toBe(a.einddatum);
      const [t] = await s.database.db.select().from(tariffs).where(and(eq(tariffs.regionId, 'holland-rijnland'), eq(tariffs.providerId, a.providerId), eq(tariffs.eenheid, '82'), eq(tariffs.validFrom, `${l.begindatum.slice(0, 4)}-01-01`)));
      expect(l.amountCents).toBe(t!.priceCents);
      perAllocation.set(a.toewijzingNummer, (perAllocation.get(a.toewijzingNummer) ?? 0) + 1);
    }
    expect(Math.max(...perAllocation.values())).toBe(1);
  });
});

describe('GET /regions/{id}/schedules and /budget-framework', () => {
  it('lump-sum schedules per contract (seed 003 §5.3.5): items add up to the total, paid up to today', async () => {
    const r = (await get('contractmanager.wbo', '/api/v1/regions/wbo/schedules?year=2026')).json();
    expect(r.byModel.map((m: { model: string }) => m.model)).toEqual(['taakgericht']);
    for (const row of r.rows) {
      expect(row.items).toHaveLength(12);
      expect(row.items.reduce((a: number, i: { amountCents: number }) => a + i.amountCents, 0)).toBe(row.totalCents);
      expect(row.paidCents).toBe(row.items.filter((i: { paid: boolean }) => i.paid).reduce((a: number, i: { amountCents: number }) => a + i.amountCents, 0));
    }
    const hr = (await get('controller.holland-rijnland', '/api/v1/regions/holland-rijnland/schedules?year=2026')).json();
    expect(hr.byModel.map((m: { model: string }) => m.model)).toEqual(['beschikbaarheid']);
    expect(hr.rows.find((x: { segmentId: string }) => x.segmentId === 'behandeling-met-verblijf')).toMatchObject({ omschrijving: expect.stringMatching(/Centrale Intake/), bron: { seed: '004' } });
    const [aanbieder] = await s.database.db.select().from(users).where(eq(users.username, 'aanbieder.wbo'));
    const own = (await get('aanbieder.wbo', '/api/v1/regions/wbo/schedules?year=2026')).json();
    expect(own.rows.every((x: { providerId: number }) => x.providerId === aanbieder!.providerId)).toBe(true);
    expectProblem(await get('toegang.wbo', '/api/v1/regions/wbo/schedules'), 403);
    expectProblem(await get('controller.wbo', '/api/v1/regions/wbo/schedules?year=20266'), 400);
  });

  it('Holland Rijnland: the framework 2021-2024 reproduces its printed totals (seed 004 §6.1); WBO: no framework, a declining ventiel (seed 003 §10.4)', async () => {
    const hr = (await get('gemeente.holland-rijnland', '/api/v1/regions/holland-rijnland/budget-framework')).json();
    expect(hr.kader.allWithinRounding).toBe(true);
    expect(hr.kader.checks).toHaveLength(48);
    expect(hr.parameters.efficiencyCut.rates[0].value).toBe(0.01);
    expect(hr.careBudgets.map((c: { year: number; kind: string }) => `${c.year}:${c.kind}`)).toEqual(['2021:kader', '2022:kader', '2023:kader', '2024:kader', '2025:projectie', '2026:projectie', '2027:projectie']);
    expect(hr.riskEqualisation.bron.seed).toBe('004');
    const wbo = (await get('controller.wbo', '/api/v1/regions/wbo/budget-framework')).json();
    expect(wbo.kader).toBeNull();
    const cents = wbo.ventiel.years.map((y: { cents: number }) => y.cents);
    expect(cents[0]).toBeGreaterThan(0);
    expect(cents.at(-1)).toBe(0);
    expectProblem(await get('aanbieder.wbo', '/api/v1/regions/wbo/budget-framework'), 403);
  });
});

describe('POST /ijw/declarations?region=R: a provider sends a JW323 and gets the JW325', () => {
  let line: Awaited<ReturnType<typeof ownLine>>;
  const ownLine = async () => {
    const [aanbieder] = await s.database.db.select().from(users).where(eq(users.username, 'aanbieder.decl'));
    const [p] = await s.database.db.select().from(providers).where(eq(providers.id, aanbieder!.providerId!));
    const [l] = await s.database.db
      .select({ l: declarationLines, bsn: youths.bsn, a: allocations })
      .from(declarationLines)
      .innerJoin(allocations, and(eq(allocations.regionId, declarationLines.regionId), eq(allocations.toewijzingNummer, declarationLines.toewijzingNummer)))
      .innerJoin(youths, eq(youths.id, allocations.youthId))
      .where(and(eq(declarationLines.regionId, 'wbo'), eq(declarationLines.providerAgb, p!.agbCode), eq(declarationLines.approved, true), eq(declarationLines.debetCredit, 'D'), eq(declarationLines.credited, false)))
      .limit(1);
    return { agb: p!.agbCode, ...l! };
  };
  const xmlFor = (agb: string, dc: 'D' | 'C', ref: string) => {
    const a = { bsn: line.bsn, nummer: line.l.toewijzingNummer, categorie: line.l.productCategorie, code: line.l.productCode, omvang: { volume: line.a.volume!, eenheid: line.l.eenheid, frequentie: line.a.frequentie! }, agb, municipalityCode: line.l.municipalityCode! } as PlanAllocation;
    return buildDeclaration({ agb, municipalityCode: line.l.municipalityCode!, month: '2026-10', sendDate: '2026-11-02', nummer: ref, lines: [{ ref, ...(dc === 'C' ? { vorig: line.l.referentieNummer } : {}), a, begin: line.l.begindatum, end: line.l.einddatum, volume: line.l.volume, tarief: line.l.bedragCents / line.l.volume, dc }] });
  };
  beforeAll(async () => {
    line = await ownLine();
  });

  it('a credit of an approved line is settled (approved, negative amount); sending it again is answered from the store', async () => {
    const xml = xmlFor(line.agb, 'C', 'APITEST1');
    const res = await app.inject({ method: 'POST', url: '/api/v1/ijw/declarations?region=wbo', headers: { ...(await as('aanbieder.decl')), 'content-type': 'application/xml' }, payload: xml });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ duplicate: false, lines: 1, rejected: 0, approvedCents: -line.l.bedragCents });
    const again = await app.inject({ method: 'POST', url: '/api/v1/ijw/declarations?region=wbo', headers: { ...(await as('aanbieder.decl')), 'content-type': 'application/xml', accept: 'application/xml' }, payload: xml });
    expect(again.statusCode).toBe(200);
    expect(again.headers['content-type']).toMatch(/application\/xml/);
    expect(validateMessage(again.body, { today: TODAY }).message).toBe('JW325');
  });

  it('a second debit for the same allocation and period is rejected line by line (TR389 9389) in the JW325', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/ijw/declarations?region=wbo', headers: { ...(await as('beheer')), 'content-type': 'application/xml' }, payload: xmlFor(line.agb, 'D', 'APITEST2') });
    expect(res.statusCode, res.body).toBe(201);
    // The period is free again after the credit above: the debit is approved; once more it is a double debit.
    const twice = await app.inject({ method: 'POST', url: '/api/v1/ijw/declarations?region=wbo', headers: { ...(await as('beheer')), 'content-type': 'application/xml' }, payload: xmlFor(line.agb, 'D', 'APITEST3') });
    expect(twice.statusCode, twice.body).toBe(201);
    expect(res.json().rejected).toBe(0);
    expect(twice.json()).toMatchObject({ rejected: 1, approvedCents: 0 });
    expect(twice.json().answer).toContain('<jw325:RetourCode>9389</jw325:RetourCode>');
  });

  it('refuses another sender, other roles, unusable input and a body that is not XML (problem+json)', async () => {
    const other = xmlFor('98999999', 'D', 'APITEST4');
    expectProblem(await app.inject({ method: 'POST', url: '/api/v1/ijw/declarations?region=wbo', headers: { ...(await as('aanbieder.decl')), 'content-type': 'application/xml' }, payload: other }), 403);
    expectProblem(await app.inject({ method: 'POST', url: '/api/v1/ijw/declarations?region=wbo', headers: { ...(await as('gemeente.wbo')), 'content-type': 'application/xml' }, payload: other }), 403);
    expectProblem(await app.inject({ method: 'POST', url: '/api/v1/ijw/declarations?region=wbo', headers: { ...(await as('beheer')), 'content-type': 'application/xml' }, payload: '<x/>' }), 400);
    expectProblem(await app.inject({ method: 'POST', url: '/api/v1/ijw/declarations?region=wbo', headers: { ...(await as('beheer')), 'content-type': 'application/json' }, payload: '{}' }), 415);
    expectProblem(await app.inject({ method: 'POST', url: '/api/v1/ijw/declarations', headers: { ...(await as('beheer')), 'content-type': 'application/xml' }, payload: other }), 400);
  });

  it('is published in the OpenAPI document with the other funding paths', async () => {
    const doc = (await app.inject('/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/regions/{id}/spend', '/api/v1/regions/{id}/declarations', '/api/v1/regions/{id}/declarations/{did}', '/api/v1/regions/{id}/schedules', '/api/v1/regions/{id}/budget-framework', '/api/v1/ijw/declarations']));
  });
});
