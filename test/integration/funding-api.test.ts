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
import { ensureDemoFunding, buildDeclaration, type PlanAllocation } from '../../src/demo/funding.js';
import { runDemoFunding } from '../../src/demo/funding-runner.js';
import type { DemoFundingStatus } from '../../src/app/funding/demo-funding-status.js';
import { careBudget, frameworkParameters } from '../../src/app/funding/budget-framework.js';
import { regionParameters } from '../../src/app/funding/parameters.js';
import { loadRegionProfile } from '../../src/app/landscape.js';
import { upsertUser } from '../../src/app/auth.js';
import { allocations, auditLog, declarationLines, declarations, providers, tariffs, users, youths } from '../../src/db/schema.js';
import { validateMessage } from '../../src/ijw/validate.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';
import { demoUsers, expectProblem } from '../helpers/api.js';

const TODAY = '2026-11-22';
let testDb: TestDb;
let s: Started;
let app: FastifyInstance;
/** The demo funding status of WBO as polled over HTTP while the runner settled it in the background. */
const observed: DemoFundingStatus[] = [];

const { as, get, send } = demoUsers(() => app);
beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { demo: ['wbo', 'holland-rijnland'], today: TODAY, scale: 0.02 });
  app = await buildServer({ database: s.database, demo: true, now: () => new Date(`${TODAY}T12:00:00Z`) });
  // WBO as serve does it: in the background, polled over HTTP meanwhile (last year declared afterwards, this year monthly).
  let finished = false;
  // One declaration period per batch (batchLines 1): at this small scale the default batches would settle it all at once.
  const running = runDemoFunding(s.database.db, ['wbo'], TODAY, { historyYears: 1, batchLines: 1 }).then(() => (finished = true));
  while (!finished) {
    const res = await get('controller.wbo', '/api/v1/regions/wbo/demo-funding');
    observed.push(res.json() as DemoFundingStatus);
    // Polled often: since the batches hand their results on (settle-batch.ts carry) a period takes a few ms here.
    await new Promise((r) => setTimeout(r, 5));
  }
  await running;
  observed.push((await get('controller.wbo', '/api/v1/regions/wbo/demo-funding')).json() as DemoFundingStatus);
  // Holland Rijnland with its default history: three years before this one (risk equalisation, seed 004 §6).
  await ensureDemoFunding(s.database.db, 'holland-rijnland', TODAY);
  // A provider account for the WBO provider with the most declarations (the demo account is the largest provider).
  const [busiest] = await s.database.db
    .select({ id: declarations.providerId, n: sql<number>`count(*)::int` })
    .from(declarations)
    .where(eq(declarations.regionId, 'wbo'))
    .groupBy(declarations.providerId)
    .orderBy(sql`2 desc`)
    .limit(1);
  await upsertUser(s.database.db, {
    username: 'aanbieder.decl',
    displayName: 'Aanbieder met declaraties',
    role: 'aanbieder',
    password: 'demo',
    regionId: 'wbo',
    providerId: busiest!.id,
  });
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
    for (const row of r.rows)
      expect(row).toEqual(
        expect.objectContaining({
          key: expect.any(String),
          name: expect.any(String),
          spentCents: expect.any(Number),
          committedCents: expect.any(Number),
          forecastCents: expect.any(Number),
        }),
      );
    expect(r.monthly).toHaveLength(12);
    expect(r.monthly[0]).toEqual({
      month: '2026-01',
      spentCents: expect.any(Number),
      cumulativeCents: expect.any(Number),
      forecastCumulativeCents: expect.any(Number),
    });
    expect(r.monthly[11].forecastCumulativeCents).toBe(r.totals.forecastCents);
  });

  it('per municipality against the care budget of the framework (Holland Rijnland), per segment with the availability components', async () => {
    const m = (await get('controller.holland-rijnland', '/api/v1/regions/holland-rijnland/spend?year=2026&by=municipality')).json();
    const leiden = m.rows.find((x: { key: string }) => x.key === '0546');
    expect(leiden.name).toBe('Leiden');
    // The care budget of the framework (projected from 2024: 1% cut, indexed), scaled like the demo's spend (scale 0.02).
    const profile = await loadRegionProfile(s.database.db, 'holland-rijnland');
    const full = careBudget(profile, '0546', 2026, frameworkParameters(profile, await regionParameters(s.database.db, 'holland-rijnland', profile)))!;
    expect(full).toBeGreaterThan(2_000_000_000);
    expect(leiden.budgetCents).toBe(Math.round(full * 0.02));
    expect(m.notes.join(' ')).toMatch(/Demo op schaal 0,02/);
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
    expectProblem(await get('controller.wbo', '/api/v1/regions/holland-rijnland/spend'), 404); // another region: not found (the authorisation matrix)
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
    for (const l of d.lines.filter((x: { approved: boolean }) => !x.approved))
      expect(l.codes[0]).toMatchObject({ code: '9321', text: expect.stringMatching(/\w/) });
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
    const logged = await s.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, 'declaration'), eq(auditLog.subjectId, String(own.rows[0].id))));
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

describe('GET /regions/{id}/declarations: filters', () => {
  const list = async (user: string, qs: string) => {
    const res = await get(user, `/api/v1/regions/wbo/declarations?limit=1000${qs}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      total: number;
      rows: { id: number; providerId: number; municipalityCode: string; periodStart: string; rejectedCount: number; declaratieNummer: string }[];
      periods: string[];
    };
  };
  it('only declarations with rejected lines', async () => {
    const all = await list('controller.wbo', '');
    const rejected = await list('controller.wbo', '&rejected=true');
    expect(rejected.total).toBeGreaterThan(0);
    expect(rejected.total).toBeLessThan(all.total);
    expect(rejected.rows.every((d) => d.rejectedCount > 0)).toBe(true);
    expect(rejected.total).toBe(all.rows.filter((d) => d.rejectedCount > 0).length);
    expect((await list('controller.wbo', '&rejected=false')).total).toBe(all.total);
  });
  it('per municipality (Ontvanger) and per provider, combined', async () => {
    const all = await list('controller.wbo', '');
    const breda = await list('controller.wbo', '&municipality=0758');
    expect(breda.total).toBe(all.rows.filter((d) => d.municipalityCode === '0758').length);
    expect(breda.total).toBeGreaterThan(0);
    const provider = breda.rows[0]!.providerId;
    const both = await list('controller.wbo', `&municipality=0758&providerId=${provider}`);
    expect(both.total).toBe(all.rows.filter((d) => d.municipalityCode === '0758' && d.providerId === provider).length);
  });
  it('per period: a month, or a year (the demo declares its last three months monthly, the months before per year afterwards)', async () => {
    const all = await list('controller.wbo', '');
    expect(all.periods).toEqual(['2026-10', '2026-09', '2026-08', '2026-07', '2025-12']);
    const september = await list('controller.wbo', '&period=2026-09');
    expect(september.total).toBe(all.rows.filter((d) => d.periodStart === '2026-09-01').length);
    expect(september.total).toBeGreaterThan(0);
    expect(september.rows.every((d) => d.declaratieNummer.startsWith('D202609'))).toBe(true);
    const y2026 = await list('controller.wbo', '&period=2026');
    expect(y2026.total).toBe(all.rows.filter((d) => d.periodStart.startsWith('2026-')).length);
    const y2025 = await list('controller.wbo', '&period=2025');
    expect(y2025.total).toBeGreaterThan(0);
    expect(y2025.rows.every((d) => d.periodStart === '2025-12-01' && d.declaratieNummer.startsWith('J2025'))).toBe(true);
  });
  it('tenancy and bad input: a municipality asking for another municipality is refused; malformed filters are 400', async () => {
    const [gemeente] = await s.database.db.select().from(users).where(eq(users.username, 'gemeente.wbo'));
    const own = await list('gemeente.wbo', `&municipality=${gemeente!.municipalityCode}`);
    expect(own.total).toBe((await list('gemeente.wbo', '')).total);
    expectProblem(await get('gemeente.wbo', `/api/v1/regions/wbo/declarations?municipality=${gemeente!.municipalityCode === '0758' ? '0826' : '0758'}`), 403);
    expectProblem(await get('controller.wbo', '/api/v1/regions/wbo/declarations?period=2026-13'), 400);
    expectProblem(await get('controller.wbo', '/api/v1/regions/wbo/declarations?municipality=Breda'), 400);
    expectProblem(await get('controller.wbo', '/api/v1/regions/wbo/declarations?rejected=yes'), 400);
  });
});

describe('GET /regions/{id}/demo-funding: demo funding settled in the background', () => {
  it('was polled while it ran: queued or running with its progress, then done with the counts and the demo scale', async () => {
    const running = observed.filter((o) => o.state === 'running' && o.phase === 'declarations');
    expect(running.length).toBeGreaterThan(0);
    for (const o of running) expect(o.step).toBeLessThanOrEqual(o.steps);
    const steps = running.map((o) => o.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    const last = observed.at(-1)!;
    expect(last).toMatchObject({ regionId: 'wbo', state: 'done', scale: 0.02 });
    expect(last.declarations).toBeGreaterThan(10);
    const [{ n }] = (await s.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(declarations)
      .where(eq(declarations.regionId, 'wbo'))) as [{ n: number }];
    expect(last.declarations).toBe(n);
  });
  it('a region without demo funding says none; the local team has no funding view', async () => {
    expect((await get('beheer', '/api/v1/regions/haaglanden/demo-funding')).json()).toMatchObject({ state: 'none', scale: null });
    expectProblem(await get('toegang.wbo', '/api/v1/regions/wbo/demo-funding'), 403);
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
      const [t] = await s.database.db
        .select()
        .from(tariffs)
        .where(
          and(
            eq(tariffs.regionId, 'holland-rijnland'),
            eq(tariffs.providerId, a.providerId),
            eq(tariffs.eenheid, '82'),
            eq(tariffs.validFrom, `${l.begindatum.slice(0, 4)}-01-01`),
          ),
        );
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
    expect(hr.rows.find((x: { segmentId: string }) => x.segmentId === 'behandeling-met-verblijf')).toMatchObject({
      omschrijving: expect.stringMatching(/Centrale Intake/),
      bron: { seed: '004' },
    });
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
    expect(hr.careBudgets.map((c: { year: number; kind: string }) => `${c.year}:${c.kind}`)).toEqual([
      '2021:kader',
      '2022:kader',
      '2023:kader',
      '2024:kader',
      '2025:projectie',
      '2026:projectie',
      '2027:projectie',
    ]);
    expect(hr.riskEqualisation.bron.seed).toBe('004');
    // The framework and its care budgets stay exact (profile data); only the comparison with demo spend is scaled.
    const profile = await loadRegionProfile(s.database.db, 'holland-rijnland');
    const leiden2026 = hr.careBudgets.find((c: { year: number }) => c.year === 2026).municipalities.find((x: { code: string }) => x.code === '0546');
    expect(leiden2026.indexedCents).toBe(
      careBudget(profile, '0546', 2026, frameworkParameters(profile, await regionParameters(s.database.db, 'holland-rijnland', profile))),
    );
    expect(hr.notes.join(' ')).toMatch(/Demo op schaal 0,02/);
    // Risk equalisation over the demo's three previous years (2023-2025, declared afterwards per year): shares of the realisation.
    const y2026 = hr.riskEqualisation.years.find((y: { year: number }) => y.year === 2026);
    expect(y2026).toMatchObject({ basisJaren: [2023, 2024, 2025], complete: true });
    expect(y2026.contributions.reduce((a: number, c: { contributionCents: number }) => a + c.contributionCents, 0)).toBe(y2026.regionalTotalCents);
    expect(y2026.contributions.every((c: { realisedCents: number }) => c.realisedCents > 0)).toBe(true);
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
      .where(
        and(
          eq(declarationLines.regionId, 'wbo'),
          eq(declarationLines.providerAgb, p!.agbCode),
          eq(declarationLines.approved, true),
          eq(declarationLines.debetCredit, 'D'),
          eq(declarationLines.credited, false),
        ),
      )
      .limit(1);
    return { agb: p!.agbCode, ...l! };
  };
  const xmlFor = (agb: string, dc: 'D' | 'C', ref: string) => {
    const a = {
      bsn: line.bsn,
      nummer: line.l.toewijzingNummer,
      categorie: line.l.productCategorie,
      code: line.l.productCode,
      omvang: { volume: line.a.volume!, eenheid: line.l.eenheid, frequentie: line.a.frequentie! },
      agb,
      municipalityCode: line.l.municipalityCode!,
    } as PlanAllocation;
    return buildDeclaration({
      agb,
      municipalityCode: line.l.municipalityCode!,
      month: '2026-10',
      sendDate: '2026-11-02',
      nummer: ref,
      lines: [
        {
          ref,
          ...(dc === 'C' ? { vorig: line.l.referentieNummer } : {}),
          a,
          begin: line.l.begindatum,
          end: line.l.einddatum,
          volume: line.l.volume,
          tarief: line.l.bedragCents / line.l.volume,
          dc,
        },
      ],
    });
  };
  beforeAll(async () => {
    line = await ownLine();
  });

  it('a credit of an approved line is settled (approved, negative amount); sending it again is answered from the store', async () => {
    const xml = xmlFor(line.agb, 'C', 'APITEST1');
    const res = await send('aanbieder.decl', 'POST', '/api/v1/ijw/declarations?region=wbo', 'application/xml', xml);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ duplicate: false, lines: 1, rejected: 0, approvedCents: -line.l.bedragCents });
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/ijw/declarations?region=wbo',
      headers: { ...(await as('aanbieder.decl')), 'content-type': 'application/xml', accept: 'application/xml' },
      payload: xml,
    });
    expect(again.statusCode).toBe(200);
    expect(again.headers['content-type']).toMatch(/application\/xml/);
    expect(validateMessage(again.body, { today: TODAY }).message).toBe('JW325');
  });

  it('a second debit for the same allocation and period is rejected line by line (TR389 9389) in the JW325', async () => {
    const res = await send('beheer', 'POST', '/api/v1/ijw/declarations?region=wbo', 'application/xml', xmlFor(line.agb, 'D', 'APITEST2'));
    expect(res.statusCode, res.body).toBe(201);
    // The period is free again after the credit above: the debit is approved; once more it is a double debit.
    const twice = await send('beheer', 'POST', '/api/v1/ijw/declarations?region=wbo', 'application/xml', xmlFor(line.agb, 'D', 'APITEST3'));
    expect(twice.statusCode, twice.body).toBe(201);
    expect(res.json().rejected).toBe(0);
    expect(twice.json()).toMatchObject({ rejected: 1, approvedCents: 0 });
    expect(twice.json().answer).toContain('<jw325:RetourCode>9389</jw325:RetourCode>');
  });

  it('refuses another sender, other roles, unusable input and a body that is not XML (problem+json)', async () => {
    const other = xmlFor('98999999', 'D', 'APITEST4');
    expectProblem(await send('aanbieder.decl', 'POST', '/api/v1/ijw/declarations?region=wbo', 'application/xml', other), 403);
    expectProblem(await send('gemeente.wbo', 'POST', '/api/v1/ijw/declarations?region=wbo', 'application/xml', other), 403);
    expectProblem(await send('beheer', 'POST', '/api/v1/ijw/declarations?region=wbo', 'application/xml', '<x/>'), 400);
    expectProblem(await send('beheer', 'POST', '/api/v1/ijw/declarations?region=wbo', 'application/json', '{}'), 415);
    expectProblem(await send('beheer', 'POST', '/api/v1/ijw/declarations', 'application/xml', other), 400);
  });

  describe('the sender is authorised on the parsed header, never on a peek at the bytes (issue #10: spoofed declaration)', () => {
    const other = '98999999';
    const stored = async () =>
      (
        await s.database.db
          .select({ n: sql<number>`count(*)::int` })
          .from(declarations)
          .where(eq(declarations.regionId, 'wbo'))
      )[0]!.n;
    const afzenderOf = (xml: string) => /<(\w+:)?Afzender>([^<]*)<\/(\w+:)?Afzender>/.exec(xml)!;
    const sendOwn = (xml: string, url = '/api/v1/ijw/declarations?region=wbo') => send('aanbieder.decl', 'POST', url, 'application/xml', xml);

    it("refuses an XML comment before the root that holds the caller's own Afzender (403, nothing stored)", async () => {
      const xml = xmlFor(other, 'D', 'SPOOF1');
      const [whole, prefix = ''] = afzenderOf(xml);
      expect(whole).toContain(other);
      const spoof = xml.replace(/\?>/, `?>\n<!-- <${prefix}Afzender>${line.agb}</${prefix}Afzender> -->`);
      expect(spoof.indexOf(line.agb)).toBeLessThan(spoof.indexOf(other));
      const before = await stored();
      expectProblem(await sendOwn(spoof), 403);
      expectProblem(await sendOwn(spoof, '/api/v1/ijw/messages?region=wbo'), 403);
      expect(await stored()).toBe(before);
    });

    it("refuses a CDATA section in front of the Header that holds the caller's own Afzender (4xx, nothing stored)", async () => {
      const xml = xmlFor(other, 'D', 'SPOOF2');
      const [, prefix = ''] = afzenderOf(xml);
      const spoof = xml.replace(/(<(\w+:)?Header>)/, `<![CDATA[<${prefix}Afzender>${line.agb}</${prefix}Afzender>]]>$1`);
      expect(spoof).toContain('CDATA');
      const before = await stored();
      const res = await sendOwn(spoof);
      expect([400, 403]).toContain(res.statusCode);
      expect(res.statusCode).not.toBe(201);
      expect(await stored()).toBe(before);
    });

    it("refuses a second Afzender element after the caller's own (4xx, nothing stored under the other provider)", async () => {
      const xml = xmlFor(other, 'D', 'SPOOF3');
      const [whole, prefix = ''] = afzenderOf(xml);
      const spoof = xml.replace(whole, `<${prefix}Afzender>${line.agb}</${prefix}Afzender>${whole}`);
      const before = await stored();
      const res = await sendOwn(spoof);
      expect([400, 403]).toContain(res.statusCode);
      expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
      expect(await stored()).toBe(before);
      const [n] = await s.database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(declarations)
        .where(and(eq(declarations.regionId, 'wbo'), eq(declarations.providerAgb, other)));
      expect(n!.n).toBe(0);
    });

    it("refuses the stored bytes of another provider's declaration sent again (authorised on the stored, parsed Afzender)", async () => {
      const xml = xmlFor(other, 'D', 'SPOOF4');
      // functional management (beheer) may send for any provider; the provider itself may not resend it.
      const first = await send('beheer', 'POST', '/api/v1/ijw/declarations?region=wbo', 'application/xml', xml);
      expect([200, 201]).toContain(first.statusCode);
      expectProblem(await sendOwn(xml), 403);
    });
  });

  it('is published in the OpenAPI document with the other funding paths', async () => {
    const doc = (await app.inject('/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/regions/{id}/spend',
        '/api/v1/regions/{id}/declarations',
        '/api/v1/regions/{id}/declarations/{did}',
        '/api/v1/regions/{id}/schedules',
        '/api/v1/regions/{id}/budget-framework',
        '/api/v1/ijw/declarations',
      ]),
    );
  });
});
