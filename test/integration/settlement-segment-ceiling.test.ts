/**
 * Segment ceilings enforced in settlement, per the profile's policy, like provider ceilings:
 * seed 003 §6.3.5 "Voor het betreffende onderdeel wordt een budgetplafond ingericht, welke jaarlijks
 * bijgesteld wordt" (WBO, specialistische ambulante behandeling: plafond niveau segment). The
 * ceiling counts the approved lines of every provider in the segment in the line's year; with
 * policy afwijzen a line that would pass it is rejected with the profile's retourcode (none in the
 * standard: default 0001), also when two providers declare at the same time; with
 * accepteren-en-signaleren it is paid and signalled. A ceiling per provider within a segment
 * (niveau aanbieder-segment) works the same for one provider's lines in that segment.
 *
 * Runs on PGlite in memory and, with DATABASE_URL, on PostgreSQL (concurrent settlements there).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import type { Db } from '../../src/db/database.js';
import { settleDeclaration } from '../../src/app/funding/settle.js';
import { ceilings, declarationLines, regions } from '../../src/db/schema.js';
import { RegionProfile } from '../../src/domain/landscape/profile-schema.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';
import { buildJw323 } from '../fixtures/funding/jw323.js';
import { createWorld, debit, makeAllocations, PRICE, type World } from '../fixtures/funding/world.js';

const TODAY = '2026-11-22';
const NOW = new Date(`${TODAY}T10:00:00Z`);
const SEGMENT = 'specialistische-ambulante-behandeling';
const BREDA = '0758';
let testDb: TestDb;
let s: Started;
let a: World;
let b: World;
const db = () => s.database.db;

/** Sets the segment's plafond in the stored profile (as a profile version would). */
async function setSegmentPlafond(plafond: Record<string, unknown>) {
  const [row] = await db().select({ profile: regions.profile }).from(regions).where(eq(regions.id, 'wbo'));
  const profile = structuredClone(row!.profile) as RegionProfile;
  const seg = profile.segmenten.find((x) => x.id === SEGMENT)!;
  (seg.bekostiging as { plafond?: unknown }).plafond = { periode: 'jaar', bron: { seed: '003', sectie: '6.3.5' }, ...plafond };
  RegionProfile.parse(profile);
  await db()
    .update(regions)
    .set({ profile, loadedAt: new Date(Date.now() + Math.random() * 1e9) })
    .where(eq(regions.id, 'wbo'));
}

let seq = 0;
/** One declaration of `world` with `hours` on each of its first `n` allocations in `month` (settled through `through`, default the database). */
async function declare(world: World, month: string, n: number, hours: number, through: Db = db()) {
  const id = `SEG${++seq}`;
  const lines = world.allocations.slice(0, n).map((al, i) => debit(al, { ref: `${id}-${i}`, month, volume: hours }));
  const d = buildJw323({ agb: world.agb, ontvanger: BREDA, identificatie: id, month, dagtekening: TODAY }, lines);
  const r = await settleDeclaration(through, 'wbo', d.bytes, NOW);
  const rows = await db().select().from(declarationLines).where(eq(declarationLines.declarationId, r.declarationId)).orderBy(declarationLines.id);
  return { r, rows };
}

async function segmentSpent(year: number): Promise<number> {
  const [row] = await db()
    .select({ cents: sql<string>`coalesce(sum(${declarationLines.amountCents}), 0)` })
    .from(declarationLines)
    .where(
      and(
        eq(declarationLines.regionId, 'wbo'),
        eq(declarationLines.segmentId, SEGMENT),
        eq(declarationLines.approved, true),
        sql`extract(year from ${declarationLines.begindatum}) = ${year}`,
      ),
    );
  return Number(row!.cents);
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { today: TODAY });
  // Two providers in the segment, allocations in Breda; 45A03 at 12.50 per hour (fixtures/funding/world.ts).
  const one = makeAllocations(20, { firstNummer: 700_000, perClient: 1 }).map((x) => ({ ...x, productCode: '45A03' }));
  const two = makeAllocations(20, { firstNummer: 710_000, bsnOffset: 20, perClient: 1 }).map((x) => ({ ...x, productCode: '45A03' }));
  a = await createWorld(db(), { regionId: 'wbo', agb: '71000001', municipality: BREDA, segmentId: SEGMENT, allocations: one });
  b = await createWorld(db(), { regionId: 'wbo', agb: '71000002', municipality: BREDA, segmentId: SEGMENT, allocations: two });
  // The segment ceiling per year (no provider): 2026 and 2025.
  await db()
    .insert(ceilings)
    .values([
      { regionId: 'wbo', providerId: null, segmentId: SEGMENT, year: 2026, amountCents: 100_000 },
      { regionId: 'wbo', providerId: null, segmentId: SEGMENT, year: 2025, amountCents: 20_000 },
    ]);
});
afterAll(async () => {
  await s?.database.close();
  await testDb?.drop();
});

describe('segment ceiling (seed 003 §6.3.5)', () => {
  it('accepteren-en-signaleren: lines passing the segment ceiling are paid and signalled with the segment', async () => {
    await setSegmentPlafond({ niveau: 'segment', bijOverschrijding: 'accepteren-en-signaleren' });
    // 10 lines x 4 h x 12.50 = 500.00 by provider A, then 10 x 8 h x 12.50 = 1,000.00 by provider B: 1,500.00 > 1,000.00.
    const first = await declare(a, '2026-01', 10, 4);
    expect(first.r).toMatchObject({ approvedCents: 50_000, rejected: 0, signals: [] });
    const second = await declare(b, '2026-01', 10, 8);
    expect(second.r).toMatchObject({ approvedCents: 100_000, rejected: 0 });
    expect(second.r.signals.length).toBeGreaterThan(0);
    expect(second.r.signals[0]).toMatch(/budgetplafond segment specialistische-ambulante-behandeling 2026 overschreden: \d+ > 100000 cent/);
    expect(await segmentSpent(2026)).toBe(150_000);
  });

  it('afwijzen: with the segment already over its ceiling, the lines of both providers are rejected with the default retourcode 0001', async () => {
    await setSegmentPlafond({ niveau: 'segment', bijOverschrijding: 'afwijzen' });
    const more = await declare(a, '2026-02', 3, 1);
    expect(more.rows.map((r) => [r.approved, r.codes])).toEqual([
      [false, ['0001']],
      [false, ['0001']],
      [false, ['0001']],
    ]);
    expect(more.r.answerXml).toContain('<jw325:RetourCode>0001</jw325:RetourCode>');
    expect(await segmentSpent(2026)).toBe(150_000);
  });

  it('afwijzen: lines are paid up to the ceiling of their own year and rejected from the line that would pass it, also for declarations of two providers at the same time', async () => {
    await setSegmentPlafond({ niveau: 'segment', bijOverschrijding: 'afwijzen', retourcode: '9369' });
    // 2025: ceiling 200.00; providers A and B each declare 10 lines of 1 h (12.50) at the same time: 16 fit, 4 do not.
    const [ra, rb] = await Promise.all([declare(a, '2025-03', 10, 1), declare(b, '2025-03', 10, 1)]);
    const rows = [...ra.rows, ...rb.rows];
    expect(rows.filter((r) => r.approved)).toHaveLength(16);
    expect(rows.filter((r) => !r.approved).every((r) => r.codes.join() === '9369')).toBe(true);
    expect(await segmentSpent(2025)).toBe(20_000);
    expect(ra.r.approvedCents + rb.r.approvedCents).toBe(16 * PRICE['45A03']!);
  });

  it('afwijzen under concurrency: a settlement held open right after reading the segment ceiling makes the other provider wait (no payment past the ceiling)', async () => {
    await setSegmentPlafond({ niveau: 'segment', bijOverschrijding: 'afwijzen', retourcode: '9369' });
    // Room for exactly 10 lines of 12.50 in 2026.
    await db()
      .update(ceilings)
      .set({ amountCents: (await segmentSpent(2026)) + 10 * PRICE['45A03']! })
      .where(and(eq(ceilings.segmentId, SEGMENT), eq(ceilings.year, 2026), sql`${ceilings.providerId} is null`));
    // Provider A's settlement pauses inside its transaction just after it read the ceiling and its spend.
    let readCeiling!: () => void;
    const ceilingRead = new Promise<void>((r) => (readCeiling = r));
    const held: Db = Object.create(db());
    held.transaction = ((cb: (tx: unknown) => Promise<unknown>, config?: unknown) =>
      db().transaction(async (tx) => {
        const execute = tx.execute.bind(tx);
        tx.execute = (async (query: Parameters<typeof tx.execute>[0]) => {
          const result = await execute(query);
          const text = (tx as unknown as { dialect: { sqlToQuery(q: unknown): { sql: string } } }).dialect.sqlToQuery(query).sql;
          if (text.includes('from ceilings c')) {
            readCeiling();
            await new Promise((r) => setTimeout(r, 400));
          }
          return result;
        }) as typeof tx.execute;
        return cb(tx);
      }, config as never)) as Db['transaction'];
    const first = declare(a, '2026-05', 8, 1, held);
    await ceilingRead;
    const second = declare(b, '2026-05', 8, 1);
    const [ra, rb] = await Promise.all([first, second]);
    expect(ra.rows.every((r) => r.approved)).toBe(true);
    expect(rb.rows.map((r) => r.approved)).toEqual([true, true, false, false, false, false, false, false]);
    expect(rb.rows.filter((r) => !r.approved).every((r) => r.codes.join() === '9369')).toBe(true);
  });

  it('a stored segment ceiling of a segment whose profile plafond is at another level is signalled, not enforced', async () => {
    await setSegmentPlafond({ niveau: 'aanbieder', bijOverschrijding: 'afwijzen' });
    const r = await declare(b, '2026-03', 2, 1);
    expect(r.rows.every((x) => x.approved)).toBe(true);
    expect(r.r.signals.join(' ')).toMatch(/budgetplafond segment specialistische-ambulante-behandeling 2026 overschreden/);
  });
});

describe('ceiling per provider within a segment (niveau aanbieder-segment)', () => {
  it('counts only that provider’s lines in the segment and rejects with the profile retourcode', async () => {
    await setSegmentPlafond({ niveau: 'aanbieder-segment', bijOverschrijding: 'afwijzen', retourcode: '9369' });
    // Provider B's approved lines in the segment in 2026 so far: 1,000.00 + 25.00 + 25.00 (above); its own ceiling: 1,075.00.
    await db().insert(ceilings).values({ regionId: 'wbo', providerId: b.providerId, segmentId: SEGMENT, year: 2026, amountCents: 107_500 });
    const r = await declare(b, '2026-04', 3, 1);
    expect(r.rows.map((x) => x.approved)).toEqual([true, true, false]);
    expect(r.rows[2]!.codes).toEqual(['9369']);
    // Provider A has no ceiling of its own in the segment (and the segment-level ceiling is not enforced at this level).
    const other = await declare(a, '2026-04', 3, 1);
    expect(other.rows.every((x) => x.approved)).toBe(true);
  });
});
