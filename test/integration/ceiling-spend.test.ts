/**
 * Issue #14 point 4: what a declaration costs the contract and spend screens. The contract screens'
 * ceiling figures (ceilingSpend: per provider and per segment with a ceiling of the year, spent to
 * date and the forecast) are computed from spend_monthly, which the settlement's own statements
 * keep current (migration 0009); the committed amounts from the active allocations priced at their
 * tariffs, kept until those change, and allocation_declared, read again after a declaration. After
 * each kind of settlement (a JW323, a credit with its corrected debit, a rejected line, a
 * declaration settled chunk by chunk and the same one sent again) they must equal a full recompute
 * from the declaration lines and the values worked out here by hand.
 *
 * The world: provider ceiling 10,000.00 euro and a segment ceiling of 50,000.00 euro for
 * specialistische-ambulante-behandeling in WBO (plafond per segment, seed 003 §6.3.5); two
 * allocations of 10 hours a month (frequency 4, WMO757) in 2025-2026, 45A03 at 12.50 and 45A04 at
 * 15.00 euro an hour; reference date 22 November 2026.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { settleDeclaration } from '../../src/app/funding/settle.js';
import { ceilingSpend } from '../../src/app/funding/ceiling-spend.js';
import { spendReport } from '../../src/app/funding/spend.js';
import { allocations, ceilings, declarationLines } from '../../src/db/schema.js';
import type { UserScope } from '../../src/domain/access/roles.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';
import { buildJw323, type DeclLine } from '../fixtures/funding/jw323.js';
import { createWorld, creditOf, debit, makeAllocations, type World } from '../fixtures/funding/world.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const AS_OF = '2026-11-22';
const SEGMENT = 'specialistische-ambulante-behandeling';
let testDb: TestDb;
let s: Started;
let w: World;
let region: UserScope;
let provider: UserScope;

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { today: AS_OF });
  const db = s.database.db;
  w = await createWorld(db, {
    regionId: 'wbo',
    agb: '65656111',
    municipality: '0758',
    segmentId: SEGMENT,
    allocations: makeAllocations(2, { firstNummer: 770_000, bsnOffset: 950, perClient: 2 }).map((a, i) => ({ ...a, productCode: i === 0 ? '45A03' : '45A04' })),
    ceilings: [{ year: 2026, cents: 1_000_000 }],
  });
  await db.insert(ceilings).values({ regionId: 'wbo', providerId: null, segmentId: SEGMENT, year: 2026, amountCents: 5_000_000 });
  // 10 hours a month (frequency 4): what the committed amounts price.
  await db
    .update(allocations)
    .set({ volume: 10, eenheid: '04', frequentie: '4' })
    .where(and(eq(allocations.regionId, 'wbo'), eq(allocations.providerId, w.providerId)));
  region = { userId: 1, username: 'controller.test', role: 'controller', regionId: 'wbo', municipalityCode: null, providerId: null };
  provider = { userId: 2, username: 'aanbieder.test', role: 'aanbieder', regionId: 'wbo', municipalityCode: null, providerId: w.providerId };
}, 120_000);
afterAll(async () => {
  await s?.database.close();
  await testDb?.drop();
});

const header = (id: string, month: string) => ({ agb: w.agb, ontvanger: '0758', identificatie: id, month, dagtekening: '2026-11-05' });
const settle = (id: string, month: string, lines: DeclLine[], chunk?: number) =>
  settleDeclaration(s.database.db, 'wbo', buildJw323(header(id, month), lines).bytes, NOW, chunk ? { chunk } : {});

/** The full recompute: approved lines of 2026 of the provider, straight from declaration_lines. */
async function fromLines(): Promise<number> {
  const [r] = await s.database.db
    .select({ cents: sql<string>`coalesce(sum(${declarationLines.amountCents}), 0)` })
    .from(declarationLines)
    .where(
      and(
        eq(declarationLines.regionId, 'wbo'),
        eq(declarationLines.providerAgb, w.agb),
        eq(declarationLines.approved, true),
        sql`${declarationLines.begindatum} between '2026-01-01' and '2026-12-31'`,
      ),
    );
  return Number(r!.cents);
}

/** What the screens show, checked against the spend report's rows and the lines; returns the figures. */
async function check(spentByHand: number, committedByHand: number) {
  const db = s.database.db;
  const key = String(w.providerId);
  const figures = await ceilingSpend(db, region, 'wbo', { year: 2026, asOf: AS_OF });
  const byProvider = await spendReport(db, region, 'wbo', { year: 2026, by: 'provider', asOf: AS_OF });
  const bySegment = await spendReport(db, region, 'wbo', { year: 2026, by: 'segment', asOf: AS_OF });
  const p = byProvider.rows.find((r) => r.key === key)!;
  const seg = bySegment.rows.find((r) => r.key === SEGMENT)!;
  expect(await fromLines()).toBe(spentByHand);
  expect(figures.byProvider.get(key)).toEqual({ ceilingCents: 1_000_000, spentCents: spentByHand, forecastCents: p.forecastCents });
  expect(p).toMatchObject({ spentCents: spentByHand, committedCents: committedByHand, ceilingCents: 1_000_000 });
  // Nothing else is declared in this segment in the region: the segment's spend is this provider's.
  expect(figures.bySegment.get(SEGMENT)).toEqual({ ceilingCents: 5_000_000, spentCents: spentByHand, forecastCents: seg.forecastCents });
  expect(seg).toMatchObject({ spentCents: spentByHand, committedCents: committedByHand });
  // The provider's own view: its own ceiling, no segment ceilings.
  const own = await ceilingSpend(db, provider, 'wbo', { year: 2026, asOf: AS_OF });
  expect(own.byProvider.get(key)).toEqual(figures.byProvider.get(key));
  expect(own.bySegment.size).toBe(0);
  const ownReport = await spendReport(db, provider, 'wbo', { year: 2026, by: 'provider', asOf: AS_OF });
  expect(ownReport.rows.find((r) => r.key === key)).toMatchObject({ spentCents: spentByHand, committedCents: committedByHand });
}

describe('ceiling figures and committed amounts follow every settlement (compared with the lines and by hand)', () => {
  it('before any declaration: nothing spent, the ceilings with 0; committed is the whole year', async () => {
    // 12 months x 10 hours: 120 x 1250 + 120 x 1500 = 150,000 + 180,000 cents.
    await check(0, 330_000);
  });

  it('a JW323 with two debits in May: 4 hours at 12.50 and 4 at 15.00', async () => {
    const [a, b] = w.allocations as [World['allocations'][number], World['allocations'][number]];
    const r = await settle('CS1', '2026-05', [debit(a, { ref: 'CS1A', month: '2026-05' }), debit(b, { ref: 'CS1B', month: '2026-05' })]);
    expect(r.rejected).toBe(0);
    // 5,000 + 6,000. Committed from 11 May (after the last declared period, 1-10 May): May 21/31 of
    // 10 hours plus June-December 70 hours = 76.774193... hours: 95,967.74 -> 95,968 and 115,161.29 -> 115,161.
    await check(11_000, 95_968 + 115_161);
  });

  it('a credit of the 45A03 line with a corrected debit of 3 hours (same period)', async () => {
    const [a] = w.allocations as [World['allocations'][number]];
    const first = debit(a, { ref: 'CS1A', month: '2026-05' });
    const r = await settle('CS2', '2026-05', [creditOf(first, 'CS2C'), debit(a, { ref: 'CS2N', month: '2026-05', volume: 3 })]);
    expect(r.rejected).toBe(0);
    // 11,000 - 5,000 + 3,750; the last uncredited debit still ends 10 May: committed unchanged.
    await check(9_750, 95_968 + 115_161);
  });

  it('a rejected line (a second debit of a period already declared) changes nothing', async () => {
    const [, b] = w.allocations as [World['allocations'][number], World['allocations'][number]];
    const r = await settle('CS3', '2026-05', [debit(b, { ref: 'CS3B', month: '2026-05', volume: 2 })]);
    expect(r.rejected).toBe(1);
    await check(9_750, 95_968 + 115_161);
  });

  it('a declaration settled chunk by chunk (one line per chunk), then sent again (nothing twice)', async () => {
    const [a, b] = w.allocations as [World['allocations'][number], World['allocations'][number]];
    const lines = [debit(a, { ref: 'CS4A', month: '2026-06', volume: 2 }), debit(b, { ref: 'CS4B', month: '2026-06', volume: 2 })];
    const r = await settle('CS4', '2026-06', lines, 1);
    expect(r.rejected).toBe(0);
    // 9,750 + 2,500 + 3,000. Committed from 11 June: 20/30 of 10 hours plus July-December 60 hours
    // = 66.666... hours: 83,333.33 -> 83,333 and 100,000.
    await check(15_250, 83_333 + 100_000);
    const again = await settle('CS4', '2026-06', lines, 1);
    expect(again.duplicate).toBe(true);
    await check(15_250, 83_333 + 100_000);
  });
});
