/**
 * Funding on a database: the demo sends real declarations through the settlement; lump-sum
 * schedules; spend, committed and forecast; the ceiling policy switched in the profile (reject vs
 * accept and signal, seed 004 §3.3), per calendar year of the line; result-based payment with a
 * named assumption (seed 002); a line for another municipality's allocation (TR338, OP275).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like, sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { settleDeclaration } from '../../src/app/funding/settle.js';
import { buildDeclaration, ensureDemoFunding, type DemoFundingCounts, type DemoLine, type PlanAllocation } from '../../src/demo/funding.js';
import { createSchedules, listSchedules, payResultsByGoalAttainment } from '../../src/app/funding/schedules.js';
import { spendReport } from '../../src/app/funding/spend.js';
import {
  allocationOutcomes,
  allocations,
  ceilings,
  contracts,
  declarationLines,
  declarations,
  demoRuns,
  families,
  ijwMessages,
  paymentSchedule,
  providers,
  regions,
  tariffs,
  trajectories,
  users,
  youths,
} from '../../src/db/schema.js';
import type { Role, UserScope } from '../../src/domain/access/roles.js';
import type { RegionProfile } from '../../src/domain/landscape/profile-schema.js';
import { validateMessage } from '../../src/ijw/validate.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
let testDb: TestDb;
let s: Started;
let counts: DemoFundingCounts | null;
const db = () => s.database.db;

async function userOf(username: string): Promise<UserScope> {
  const [u] = await db().select().from(users).where(eq(users.username, username));
  if (!u) throw new Error(`no user ${username}`);
  return { userId: u.id, username, role: u.role as Role, regionId: u.regionId, municipalityCode: u.municipalityCode, providerId: u.providerId };
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { demo: ['wbo'], today: TODAY, scale: 0.02 });
  counts = await ensureDemoFunding(db(), 'wbo', TODAY, { historyYears: 1 });
});
afterAll(async () => {
  await s?.database.close();
  await testDb?.drop();
});

describe('demo funding (issue 5 §9): monthly declarations through the real settlement path', () => {
  it('declares every month of the history per provider and municipality, all valid JW323 messages answered with a JW325', async () => {
    expect(counts).toMatchObject({ from: '2025-01-01', through: '2026-10' });
    expect(counts!.declarations).toBeGreaterThan(50);
    expect(counts!.allocations).toBeGreaterThan(0);
    const received = await db()
      .select({ verdict: ijwMessages.verdict })
      .from(ijwMessages)
      .where(and(eq(ijwMessages.regionId, 'wbo'), eq(ijwMessages.code, 'JW323'), eq(ijwMessages.direction, 'in')));
    expect(received).toHaveLength(counts!.declarations);
    for (const r of received) expect(r.verdict).toMatchObject({ valid: true, findings: [] });
    const answers = await db()
      .select({ xml: ijwMessages.xml })
      .from(ijwMessages)
      .where(and(eq(ijwMessages.regionId, 'wbo'), eq(ijwMessages.code, 'JW325')))
      .limit(20);
    for (const a of answers) expect(validateMessage(a.xml, { today: TODAY }).findings.filter((f) => f.layer === 'xsd')).toEqual([]);
    // One declaration per provider, municipality and month (iJw: the Ontvanger is one municipality).
    const [dupes] = await db()
      .select({ n: sql<number>`count(*) - count(distinct (${declarations.providerAgb}, ${declarations.declaratieNummer}))` })
      .from(declarations)
      .where(eq(declarations.regionId, 'wbo'));
    expect(Number(dupes!.n)).toBe(0);
  });

  it('settles line by line: over-declared lines are rejected (9321) and sent again corrected, credits reverse a line once', async () => {
    const lines = await db().select().from(declarationLines).where(eq(declarationLines.regionId, 'wbo'));
    expect(lines.length).toBe(counts!.lines);
    const rejected = lines.filter((l) => !l.approved);
    expect(rejected.length).toBe(counts!.rejectedLines);
    for (const l of rejected) expect(l.codes).toEqual(['9321']);
    for (const l of rejected.filter((x) => x.begindatum < '2026-10-01')) {
      const again = lines.find((x) => x.referentieNummer === l.referentieNummer.replace('D', 'R'));
      expect(again, l.referentieNummer).toMatchObject({ approved: true, toewijzingNummer: l.toewijzingNummer, begindatum: l.begindatum });
    }
    for (const c of lines.filter((l) => l.debetCredit === 'C')) {
      expect(c).toMatchObject({ approved: true });
      expect(lines.find((l) => l.referentieNummer === c.vorigReferentieNummer)).toMatchObject({ credited: true, amountCents: -c.amountCents });
    }
    const [total] = await db()
      .select({ cents: sql<string>`sum(${declarations.approvedCents})` })
      .from(declarations)
      .where(eq(declarations.regionId, 'wbo'));
    expect(Number(total!.cents)).toBe(counts!.approvedCents);
    expect(lines.filter((l) => l.approved).reduce((a, l) => a + l.amountCents, 0)).toBe(counts!.approvedCents);
  });

  it('is made once: a second run changes nothing, and creating the schedules again is a no-op (unique index)', async () => {
    const before = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(declarations);
    expect(await ensureDemoFunding(db(), 'wbo', TODAY, { historyYears: 1 })).toBeNull();
    expect(
      await db()
        .select({ n: sql<number>`count(*)::int` })
        .from(declarations),
    ).toEqual(before);
    const again = await createSchedules(db(), 'wbo', { from: '2025-01-01', yearlyCents: () => 1_000 });
    expect(again.rows).toBeGreaterThan(0);
    expect(again.created).toBe(0);
    const [run] = await db().select().from(demoRuns).where(eq(demoRuns.regionId, 'wbo'));
    expect((run!.counts as { funding?: unknown }).funding).toMatchObject({ declarations: counts!.declarations });
  });
});

describe('lump sum (seed 003 §5.3.5) and its efficiency discount in the demo', () => {
  it('each task-based contract is paid in 12 equal monthly parts per year; the new SLT contracts carry the SGGZ discount', async () => {
    const rows = await db()
      .select({ s: paymentSchedule, status: contracts.status })
      .from(paymentSchedule)
      .innerJoin(contracts, eq(contracts.id, paymentSchedule.contractId))
      .where(eq(paymentSchedule.regionId, 'wbo'));
    expect(new Set(rows.map((r) => r.s.model))).toEqual(new Set(['taakgericht']));
    const perContractYear = new Map<string, number[]>();
    for (const r of rows) {
      const k = `${r.s.contractId}|${r.s.description}|${r.s.period.slice(0, 4)}`;
      perContractYear.set(k, [...(perContractYear.get(k) ?? []), r.s.amountCents]);
    }
    for (const [k, amounts] of perContractYear) {
      expect(amounts, k).toHaveLength(12);
      expect(Math.max(...amounts) - Math.min(...amounts), k).toBeLessThanOrEqual(1);
    }
    // SLT lot p1: transition contract 2026 without, new contract 2027 with the assumed 3% discount (and 2.5% indexation).
    const slt = rows.filter((r) => r.s.segmentId === 'slt' && r.s.description === 'lumpsum');
    const lotSum = (year: string, status: string) =>
      slt.filter((r) => r.s.period.startsWith(year) && r.status === status).reduce((a, r) => a + r.s.amountCents, 0);
    expect(lotSum('2027', 'gegund') / lotSum('2026', 'overgang')).toBeCloseTo(1.025 * 0.97, 3);
  });
});

describe('spend, committed and forecast (issue 5 §7)', () => {
  it('rows add up to the totals; the monthly line ends at spent and at the forecast; spent = approved lines + schedule items due', async () => {
    const controller = await userOf('controller.wbo');
    const r = await spendReport(db(), controller, 'wbo', { year: 2026, by: 'provider', asOf: TODAY });
    expect(r.declaredThrough).toBe('2026-10');
    expect(r.rows.reduce((a, x) => a + x.spentCents, 0)).toBe(r.totals.spentCents);
    expect(r.rows.reduce((a, x) => a + x.forecastCents, 0)).toBe(r.totals.forecastCents);
    expect(r.rows.reduce((a, x) => a + x.committedCents, 0)).toBe(r.totals.committedCents);
    expect(r.monthly).toHaveLength(12);
    expect(r.monthly[11]!.cumulativeCents).toBe(r.totals.spentCents);
    expect(r.monthly[11]!.forecastCumulativeCents).toBe(r.totals.forecastCents);
    const [lines] = await db()
      .select({ cents: sql<string>`coalesce(sum(${declarationLines.amountCents}), 0)` })
      .from(declarationLines)
      .where(
        and(
          eq(declarationLines.regionId, 'wbo'),
          eq(declarationLines.approved, true),
          sql`${declarationLines.begindatum} between '2026-01-01' and '2026-12-31'`,
        ),
      );
    const [due] = await db()
      .select({ cents: sql<string>`coalesce(sum(${paymentSchedule.amountCents}), 0)` })
      .from(paymentSchedule)
      .where(
        and(
          eq(paymentSchedule.regionId, 'wbo'),
          sql`${paymentSchedule.period} between '2026-01-01' and '2026-12-31'`,
          sql`${paymentSchedule.dueDate} <= ${TODAY}`,
        ),
      );
    expect(r.totals.spentCents).toBe(Number(lines!.cents) + Number(due!.cents));
    expect(r.totals.forecastCents).toBeGreaterThan(r.totals.spentCents);
    expect(r.totals.committedCents).toBeGreaterThan(0);
  });

  it('by segment: the task areas spend by schedule, the specialised ambulant part against its segment ceiling (seed 003 §6.3.5); by municipality the lump sums are regional', async () => {
    const controller = await userOf('controller.wbo');
    const bySegment = await spendReport(db(), controller, 'wbo', { year: 2026, by: 'segment', asOf: TODAY });
    expect(bySegment.rows.map((x) => x.key)).toEqual(expect.arrayContaining(['slt', 'verblijf-crisis', 'specialistische-ambulante-behandeling']));
    expect(bySegment.rows.find((x) => x.key === 'specialistische-ambulante-behandeling')!.ceilingCents).toBeGreaterThan(0);
    expect(bySegment.rows.find((x) => x.key === 'slt')!.committedCents).toBeGreaterThan(0); // December not yet due
    const byMunicipality = await spendReport(db(), controller, 'wbo', { year: 2026, by: 'municipality', asOf: TODAY });
    expect(byMunicipality.rows.find((x) => x.key === 'regionaal')!.spentCents).toBeGreaterThan(0);
    expect(byMunicipality.totals).toEqual(bySegment.totals);
    const past = await spendReport(db(), controller, 'wbo', { year: 2025, by: 'segment', asOf: TODAY });
    expect(past.totals.committedCents).toBe(0);
    expect(past.totals.forecastCents).toBe(past.totals.spentCents);
  });

  it("a municipality sees only its residents' lines and no regional schedules; a provider only its own", async () => {
    const gemeente = await userOf('gemeente.wbo');
    const m = await spendReport(db(), gemeente, 'wbo', { year: 2026, by: 'municipality', asOf: TODAY });
    expect(m.rows.map((x) => x.key)).toEqual([gemeente.municipalityCode]);
    const aanbieder = await userOf('aanbieder.wbo');
    const p = await spendReport(db(), aanbieder, 'wbo', { year: 2026, by: 'provider', asOf: TODAY });
    expect(p.rows.map((x) => x.key)).toEqual([String(aanbieder.providerId)]);
    await expect(spendReport(db(), await userOf('toegang.wbo'), 'wbo', { year: 2026, by: 'provider', asOf: TODAY })).rejects.toThrow(/toegang/);
  });
});

// ------------------------------------------------------------------------------------------------
// A test provider with one allocation, to settle chosen lines.

const AGB = '65656055';
let alloc: PlanAllocation;
const line = (ref: string, month: string, volume: number, over: Partial<DemoLine> = {}): DemoLine => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { ref, a: alloc, begin: `${month}-01`, end: `${month}-${last}`, volume, tarief: 1250, dc: 'D', ...over };
};
const send = async (month: string, lines: DemoLine[], ontvanger = alloc.municipalityCode) => {
  const next = month.endsWith('-12') ? `${Number(month.slice(0, 4)) + 1}-01` : `${month.slice(0, 5)}${String(Number(month.slice(5)) + 1).padStart(2, '0')}`;
  const xml = buildDeclaration({ agb: AGB, municipalityCode: ontvanger, month, sendDate: `${next}-01`, lines });
  const r = await settleDeclaration(db(), 'wbo', new TextEncoder().encode(xml), new Date(`${next}-01T09:00:00Z`));
  const rows = await db().select().from(declarationLines).where(eq(declarationLines.declarationId, r.declarationId)).orderBy(declarationLines.id);
  return { r, rows };
};
let reloads = 0;
/** Loads a changed profile (a new loadedAt, as a profile sync does, so no cached version is used). */
const loadProfile = async (profile: unknown) => {
  await db()
    .update(regions)
    .set({ profile, loadedAt: new Date(Date.UTC(2030, 0, 1) + ++reloads * 1000) })
    .where(eq(regions.id, 'wbo'));
};
const setPlafond = async (plafond: Record<string, unknown>) => {
  const [row] = await db().select({ profile: regions.profile }).from(regions).where(eq(regions.id, 'wbo'));
  const profile = structuredClone(row!.profile) as RegionProfile;
  const seg = profile.segmenten.find((x) => x.id === 'specialistische-ambulante-behandeling')!;
  (seg.bekostiging as { plafond?: unknown }).plafond = { niveau: 'aanbieder', periode: 'jaar', ...plafond, bron: { seed: '004', sectie: '3.3' } };
  await loadProfile(profile);
};

describe('budget ceiling per provider (seed 004 §3.3): the profile decides reject or accept-and-signal', () => {
  let original: unknown;
  beforeAll(async () => {
    [{ profile: original }] = (await db().select({ profile: regions.profile }).from(regions).where(eq(regions.id, 'wbo'))) as [{ profile: unknown }];
    const [p] = await db().insert(providers).values({ regionId: 'wbo', agbCode: AGB, name: 'Jeugdhulp Plafond', kind: 'jeugdhulpaanbieder' }).returning();
    const [f] = await db().insert(families).values({ regionId: 'wbo', municipalityCode: '0758' }).returning();
    const [y] = await db()
      .insert(youths)
      .values({
        regionId: 'wbo',
        familyId: f!.id,
        bsn: '999900006',
        pseudonym: 'x',
        givenName: 'A',
        familyName: 'B',
        birthDate: '2012-01-01',
        gender: '1',
        municipalityCode: '0758',
      })
      .returning();
    alloc = {
      trajectoryId: 0,
      youthId: y!.id,
      bsn: '999900006',
      providerId: p!.id,
      agb: AGB,
      contractId: null,
      segmentId: 'specialistische-ambulante-behandeling',
      municipalityCode: '0758',
      kind: 'pxq',
      categorie: '45',
      code: '45C01',
      start: '2025-01-01',
      end: '2026-12-31',
      omvang: { volume: 20, eenheid: '04', frequentie: '4' },
      nummer: 990_001,
    };
    await db().insert(allocations).values({
      regionId: 'wbo',
      toewijzingNummer: 990_001,
      youthId: y!.id,
      providerId: p!.id,
      segmentId: alloc.segmentId,
      municipalityCode: '0758',
      productCategorie: '45',
      productCode: '45C01',
      ingangsdatum: alloc.start,
      einddatum: alloc.end,
      volume: 20,
      eenheid: '04',
      frequentie: '4',
    });
    await db().insert(tariffs).values({
      regionId: 'wbo',
      providerId: p!.id,
      segmentId: alloc.segmentId,
      productCategorie: '45',
      productCode: '45C01',
      eenheid: '04',
      priceCents: 1250,
      validFrom: '2025-01-01',
    });
    await db()
      .insert(ceilings)
      .values([
        { regionId: 'wbo', providerId: p!.id, year: 2025, amountCents: 10_000 },
        { regionId: 'wbo', providerId: p!.id, year: 2026, amountCents: 10_000 },
      ]);
  });
  afterAll(async () => {
    await loadProfile(original);
  });

  it('afwijzen: a line that would pass the ceiling is rejected with the profile retourcode; the lines before it are paid', async () => {
    await setPlafond({ bijOverschrijding: 'afwijzen', retourcode: '9369' });
    const first = await send('2026-01', [line('P2601', '2026-01', 8)]);
    expect(first.rows[0]).toMatchObject({ approved: true, amountCents: 10_000 });
    const over = await send('2026-02', [line('P2602', '2026-02', 4)]);
    expect(over.rows[0]).toMatchObject({ approved: false, codes: ['9369'], amountCents: 0 });
    expect(over.r.answerXml).toContain('<jw325:RetourCode>9369</jw325:RetourCode>');
    expect(validateMessage(over.r.answerXml, { today: TODAY }).findings.filter((f) => f.layer === 'xsd')).toEqual([]);
  });

  it('accepteren-en-signaleren: the same line is paid and the settlement signals the overrun', async () => {
    await setPlafond({ bijOverschrijding: 'accepteren-en-signaleren' });
    const over = await send('2026-03', [line('P2603', '2026-03', 4)]);
    expect(over.rows[0]).toMatchObject({ approved: true, amountCents: 5_000 });
    expect(over.r.signals.join(' ')).toMatch(/budgetplafond overschreden: 15000 > 10000/);
    const report = await spendReport(db(), await userOf('controller.wbo'), 'wbo', { year: 2026, by: 'provider', asOf: TODAY });
    expect(report.rows.find((x) => x.key === String(alloc.providerId))).toMatchObject({ spentCents: 15_000, ceilingCents: 10_000 });
  });

  it('a line is settled against the ceiling of its own year: a December line sent in a later declaration meets the December ceiling', async () => {
    await setPlafond({ bijOverschrijding: 'afwijzen', retourcode: '9369' });
    await db()
      .update(ceilings)
      .set({ amountCents: 1_000_000 })
      .where(and(eq(ceilings.providerId, alloc.providerId), eq(ceilings.year, 2026)));
    const nov = await send('2025-11', [line('P2511', '2025-11', 8)]); // 10,000: the whole 2025 ceiling
    expect(nov.rows[0]).toMatchObject({ approved: true });
    const late = await send('2026-04', [line('P2512', '2025-12', 4), line('P2604', '2026-04', 4)]);
    expect(late.rows.map((r) => [r.referentieNummer, r.approved, r.codes])).toEqual([
      ['P2512', false, ['9369']],
      ['P2604', true, []],
    ]);
  });

  it('a line for an allocation of another municipality than the Ontvanger is not paid by this municipality: TR338 (9338), allocation numbers are per municipality (OP275)', async () => {
    await setPlafond({ bijOverschrijding: 'accepteren-en-signaleren' });
    const wrong = await send('2026-05', [line('P2605', '2026-05', 2)], '0826'); // allocation of Breda (0758), sent to Oosterhout
    expect(wrong.rows[0]).toMatchObject({ approved: false, codes: ['9338'], amountCents: 0 });
    expect(wrong.r.answerXml).toContain('<jw325:RetourCode>9338</jw325:RetourCode>');
    // The same line sent to the municipality that issued the allocation is paid.
    const right = await send('2026-05', [line('P2605B', '2026-05', 2)]);
    expect(right.rows[0]).toMatchObject({ approved: true, amountCents: 2_500 });
  });
});

describe('result-based payment (seed 002): advance at the start, the rest by the degree of goal attainment', () => {
  beforeAll(async () => {
    // A small Haaglanden population in the result-based segment; the demo's assumptions (demo.yaml) give the advance share.
    const [p] = await db()
      .insert(providers)
      .values({ regionId: 'haaglanden', agbCode: '98000001', name: 'Resultaat BV', kind: 'jeugdhulpaanbieder' })
      .returning();
    const [c] = await db()
      .insert(contracts)
      .values({
        regionId: 'haaglanden',
        providerId: p!.id,
        segmentId: 'b-laagcomplexe-hulp',
        startDate: '2025-01-01',
        endDate: '2028-12-31',
        fundingVariant: 'resultaatgericht',
        status: 'lopend',
      })
      .returning();
    const [f] = await db().insert(families).values({ regionId: 'haaglanden', municipalityCode: '0518' }).returning();
    const ys = await db()
      .insert(youths)
      .values(
        ['999900018', '999900031', '999900043'].map((bsn) => ({
          regionId: 'haaglanden',
          familyId: f!.id,
          bsn,
          pseudonym: bsn,
          givenName: 'C',
          familyName: 'D',
          birthDate: '2013-05-05',
          gender: '2',
          municipalityCode: '0518',
        })),
      )
      .returning();
    await db()
      .insert(trajectories)
      .values(
        ys.map((y, i) => ({
          regionId: 'haaglanden',
          youthId: y.id,
          providerId: p!.id,
          contractId: c!.id,
          segmentId: 'b-laagcomplexe-hulp',
          municipalityCode: '0518',
          productCategory: '45',
          referrer: '01',
          startDate: `2025-0${i + 2}-10`,
          endDate: i === 2 ? null : `2025-0${i + 8}-20`,
        })),
      );
    await db().insert(demoRuns).values({ regionId: 'haaglanden', seed: 1, counts: {} });
  });

  it('the demo allocates, pays the assumed 75% at the start, and pays the rest of ended trajectories by the recorded degree', async () => {
    const made = await ensureDemoFunding(db(), 'haaglanden', TODAY, { historyYears: 1 });
    expect(made).toMatchObject({ allocations: 3, declarations: 0 });
    expect(made!.resultPayments).toBe(3 + 2); // three advances, two ended trajectories with a recorded degree
    const rows = await db()
      .select()
      .from(paymentSchedule)
      .where(and(eq(paymentSchedule.regionId, 'haaglanden'), eq(paymentSchedule.model, 'resultaatgericht')));
    const allocs = await db().select().from(allocations).where(eq(allocations.regionId, 'haaglanden'));
    const outcomes = await db().select().from(allocationOutcomes).where(eq(allocationOutcomes.regionId, 'haaglanden'));
    const [t] = await db()
      .select()
      .from(tariffs)
      .where(and(eq(tariffs.regionId, 'haaglanden'), eq(tariffs.eenheid, '82'), eq(tariffs.validFrom, '2025-01-01')));
    for (const a of allocs) {
      expect(a).toMatchObject({ volume: 1, eenheid: '82', frequentie: '6' });
      const advance = rows.find((r) => r.description === `voorschot toewijzing ${a.toewijzingNummer}`)!;
      expect(advance).toMatchObject({ dueDate: a.ingangsdatum, amountCents: Math.round(t!.priceCents * 0.75) });
      const after = rows.find((r) => r.description === `na doelrealisatie toewijzing ${a.toewijzingNummer}`);
      const mine = outcomes.filter((o) => o.toewijzingNummer === a.toewijzingNummer);
      if (a.einddatum === null) {
        expect(after).toBeUndefined();
        expect(mine).toEqual([]);
      } else {
        // Both informants recorded a degree; the payment follows their mean.
        expect(mine.map((o) => o.informant).sort()).toEqual(['jeugdige', 'ouder']);
        // The demo agrees each goal on one of the profile's three clusters of result areas (seed 002).
        expect(new Set(mine.map((o) => o.resultaatcluster)).size).toBe(1);
        expect([
          'psychosociaal-functioneren-gezinscommunicatie',
          'opvoedingsvaardigheden-kind-eigen-problematiek',
          'opvoedingsvaardigheden-ouders-met-beperking',
        ]).toContain(mine[0]!.resultaatcluster);
        const mean = mine.reduce((x, o) => x + o.doelrealisatiePct!, 0) / mine.length;
        expect(after!.dueDate).toBe(a.einddatum);
        expect(after!.amountCents).toBe(Math.round(((t!.priceCents - advance.amountCents) * mean) / 100));
      }
    }
  });

  it('a recorded degree is paid once, also when the payment runs again; a later record pays its own allocation', async () => {
    const before = await db().select().from(paymentSchedule).where(eq(paymentSchedule.regionId, 'haaglanden'));
    const again = await payResultsByGoalAttainment(db(), 'haaglanden', { asOf: TODAY });
    expect(again.created).toBe(0);
    // The open trajectory ends and its provider records 40% (ouder only): the after-goal part x 40%.
    const open = (
      await db()
        .select()
        .from(allocations)
        .where(and(eq(allocations.regionId, 'haaglanden'), sql`${allocations.einddatum} is null`))
    )[0]!;
    await db().update(allocations).set({ einddatum: '2026-06-30' }).where(eq(allocations.id, open.id));
    await db().insert(allocationOutcomes).values({
      regionId: 'haaglanden',
      allocationId: open.id,
      toewijzingNummer: open.toewijzingNummer,
      informant: 'ouder',
      gemetenOp: '2026-07-03',
      doelrealisatiePct: 40,
      resultaatcluster: 'opvoedingsvaardigheden-ouders-met-beperking',
      recordedBy: 'test',
      recordedRole: 'aanbieder',
    });
    const paid = await payResultsByGoalAttainment(db(), 'haaglanden', { asOf: TODAY });
    expect(paid.created).toBe(1);
    const mine = paid.payments.find((p) => p.toewijzingNummer === open.toewijzingNummer)!;
    // Seed 002 "Behoefte aan het vergroten van specifieke opvoedingsvaardigheden van ouders met een beperking.": the payment names the cluster.
    expect(mine).toMatchObject({ doelrealisatiePct: 40, dueDate: '2026-07-03', resultaatclusters: ['Opvoedingsvaardigheden van ouders met een beperking'] });
    expect(mine.amountCents).toBe(Math.round((mine.priceCents - mine.advanceCents) * 0.4));
    const after = await db().select().from(paymentSchedule).where(eq(paymentSchedule.regionId, 'haaglanden'));
    expect(after.length).toBe(before.length + 1);
    const listed = await listSchedules(db(), await userOf('beheer'), 'haaglanden', { year: 2026, asOf: TODAY });
    expect(listed.rows.find((r) => r.description === 'na doelrealisatie')?.totalCents).toBeGreaterThanOrEqual(mine.amountCents);
    const rows = await db()
      .select()
      .from(paymentSchedule)
      .where(and(eq(paymentSchedule.regionId, 'haaglanden'), like(paymentSchedule.description, `%toewijzing ${open.toewijzingNummer}`)));
    expect(rows.reduce((a, r) => a + r.amountCents, 0)).toBe(mine.advanceCents + mine.amountCents);
  });
});
