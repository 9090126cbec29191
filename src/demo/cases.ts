/**
 * Demo access cases: a realistic caseload for the demo municipality of a region, created THROUGH
 * the access use cases (registerHelpRequest with an existing demo youth, applyCaseCommand) as the
 * demo users toegang.<regio> (local team) and gemeente.<regio> (decisions and allocations), so
 * every case has a real timeline and passes the region's rules.
 *
 * The cases cover every status (aangemeld ... afgesloten), crisis clocks, MDOs without agreement
 * and escalations, youths near the age signals of the profile (16, 16.5, 18, care end at 18/21),
 * allocations about to expire, waiting without bridging care, placement moves and families with
 * several trajectories. The region's rules are read from the profile and respected (MDO before a
 * complex referral, analysis before an out-of-home placement, Centrale Intake, diagnostics before
 * day treatment, procesregie, care end ages, crisis maximum), so nothing here is region-specific
 * except the segment mix below. Deterministic: the same database, today and seed give the same
 * cases.
 *
 * Issue #14: the first case of every kind (the showcase) goes through the use cases, each case (or
 * pair of sibling cases) in its own transaction: one transaction for them all would nest hundreds
 * of use-case transactions (savepoints), and past 64 subtransactions PostgreSQL slows down every
 * visibility check. The rest of the caseload (about 95 %) is made by the same kinds and commands
 * in memory, through the same rules and domain transitions (src/demo/case-rows.ts), and written
 * with COPY in one transaction together with the mark that the caseload is complete.
 *
 * The tools of a run (environment, demo case, shared steps) are in case-script.ts, the kinds of case
 * in case-kinds.ts; this file runs them.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { jsonRows } from '../db/json-rows.js';
import type { Db } from '../db/database.js';
import { cases, contracts, demoRuns, users, youths } from '../db/schema.js';
import { Random } from './random.js';
import { addDays, ageOn } from '../domain/dates.js';
import type { Role, UserScope } from '../domain/access/roles.js';
import { loadRegionProfile } from '../app/landscape.js';
import { accessRules, accessRuleSet, type StoredCase } from '../app/access/cases.js';
import { CaseBook } from './case-rows.js';
import { segmentRoles, ofType, type Env } from './case-script.js';
import { kinds, type Kind } from './case-kinds.js';

export interface DemoCasesResult {
  cases: number;
  commands: number;
  byStatus: Record<string, number>;
  /** How many times each kind of case was made (a kind can make two cases: siblings). */
  byKind: Record<string, number>;
  /** The kinds of case of the region (the showcase makes each once where a youth fits, `between` after each). */
  kinds: number;
  /** Cases made through the use cases in this run (the showcase). */
  showcase: number;
  /** The rows written in bulk (absent when every case went through the use cases). */
  bulk?: { cases: number; events: number; allocations: number; messages: number };
  ms: number;
}

/** One case per this many youths of the region: about 200 for a full demo region (WBO, Holland Rijnland). */
const YOUTHS_PER_CASE = 150;

async function scopeOf(db: Db, username: string): Promise<UserScope | null> {
  const [u] = await db.select().from(users).where(eq(users.username, username));
  return u
    ? { userId: u.id, username: u.username, role: u.role as Role, regionId: u.regionId, municipalityCode: u.municipalityCode, providerId: u.providerId }
    : null;
}

/** Number of demo cases for a region: one per YOUTHS_PER_CASE youths, at least one of every kind (made anyway). */
export function demoCaseCount(youthsInRegion: number, kinds: number): number {
  return Math.max(kinds, Math.round(youthsInRegion / YOUTHS_PER_CASE));
}

/**
 * Creates demo cases for the demo municipality of `regionId` unless the region has cases already
 * (returns null then, or when the region has no demo users). `count` overrides the number of
 * cases; `openOnly` leaves out the closed kinds (benchmarks). Every kind is made once through the
 * access use cases (the showcase), the rest in bulk (src/demo/case-rows.ts); `useCasesOnly` makes
 * every case through the use cases (the bulk-vs-use-cases test, benchmarks).
 */
export async function ensureDemoCases(
  db: Db,
  regionId: string,
  today: string,
  seed: number,
  opts: { count?: number; openOnly?: boolean; between?: () => Promise<void>; useCasesOnly?: boolean } = {},
): Promise<DemoCasesResult | null> {
  const t0 = performance.now();
  const [existing] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(cases)
    .where(eq(cases.regionId, regionId));
  // Each case is its own transaction, so a stopped run leaves part of the caseload: demo_runs records
  // when the caseload is complete, and a run that finds cases without that mark continues it (with
  // youths that have no case yet) instead of leaving half a caseload. Cases without a demo_runs row
  // (not a generated demo region) count as complete.
  const [demoRun] = await db.select({ counts: demoRuns.counts }).from(demoRuns).where(eq(demoRuns.regionId, regionId));
  const resuming = Number(existing?.n ?? 0) > 0;
  if (resuming && (!demoRun || (demoRun.counts as { casesComplete?: boolean } | null)?.casesComplete)) return null;
  const [toegang, gemeente] = await Promise.all([scopeOf(db, `toegang.${regionId}`), scopeOf(db, `gemeente.${regionId}`)]);
  if (!toegang?.municipalityCode || !gemeente || gemeente.municipalityCode !== toegang.municipalityCode) return null;
  const profile = await loadRegionProfile(db, regionId);
  const rules = accessRules(profile);
  // Read as one JSON value (src/db/json-rows.ts: thousands of rows decoded at once), in id order.
  const pool = (
    await jsonRows<{ id: number; familyId: number; birthDate: string; areaId: string | null }>(
      db,
      sql`select id, family_id as "familyId", birth_date as "birthDate", area_id as "areaId" from ${youths}
        where region_id = ${regionId} and municipality_code = ${toegang.municipalityCode}`,
    )
  )
    .sort((a, b) => a.id - b.id)
    .map((y) => ({ ...y, age: ageOn(y.birthDate, today) }));
  const withCase = resuming
    ? new Set((await db.select({ youthId: cases.youthId }).from(cases).where(eq(cases.regionId, regionId))).map((c) => c.youthId))
    : new Set<number>();
  const [all] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(youths)
    .where(eq(youths.regionId, regionId));
  const contractRows = await db
    .select({ providerId: contracts.providerId, segmentId: contracts.segmentId, startDate: contracts.startDate, endDate: contracts.endDate })
    .from(contracts)
    .where(eq(contracts.regionId, regionId))
    .orderBy(asc(contracts.id));
  const [demoProvider] = await db
    .select({ id: users.providerId })
    .from(users)
    .where(eq(users.username, `aanbieder.${regionId}`));
  const roles = segmentRoles(profile, rules);
  // A segment whose allocations must go to contracted providers (gecontracteerde-aanbieder, blocking)
  // only gets demo cases when its contracts cover the demo's two years up to today.
  const contractedOnly = new Set(
    ofType(rules, 'gecontracteerde-aanbieder')
      .filter((r) => r.soort === 'blokkerend')
      .flatMap((r) => r.segmenten),
  );
  const covered = (segmentId: string) =>
    contractRows.some((c) => c.segmentId === segmentId && c.startDate <= addDays(today, -730) && c.endDate >= addDays(today, 400));
  roles.referralSegments = roles.referralSegments.filter((x) => !contractedOnly.has(x.id) || covered(x.id));
  roles.outOfHome = roles.outOfHome.filter((id) => roles.referralSegments.some((x) => x.id === id));
  roles.justice = roles.justice.filter((id) => roles.referralSegments.some((x) => x.id === id));
  if (pool.length === 0 || contractRows.length === 0 || roles.referralSegments.length === 0) return null;

  const result: DemoCasesResult = { cases: 0, commands: 0, byStatus: {}, byKind: {}, kinds: 0, showcase: 0, ms: 0 };
  const e: Env = {
    db,
    book: null,
    regionId,
    today,
    rng: new Random(seed ^ 0x7ca5e),
    users: { toegang, gemeente },
    profile,
    rules,
    contracts: contractRows,
    demoProviderId: demoProvider?.id ?? null,
    pool,
    used: withCase,
    candidates: new Map(),
    familyRegie: new Map(),
    areaKind: new Map(profile.gebieden.map((g) => [g.id, g.soort])),
    ...roles,
    commands: 0,
  };
  const list = kinds(e).filter((k) => !opts.openOnly || !k.closed);
  const target = Math.min(opts.count ?? demoCaseCount(Number(all?.n ?? 0), list.length), pool.length);
  const count = async () =>
    Number(
      (
        await db
          .select({ n: sql<number>`count(*)::int` })
          .from(cases)
          .where(eq(cases.regionId, regionId))
      )[0]?.n ?? 0,
    );
  const run = async (k: Kind) => {
    let ok: boolean;
    try {
      ok = await db.transaction(async (tx) => {
        e.db = tx;
        return k.run(result.byKind[k.id] ?? 0);
      });
    } finally {
      e.db = db;
    }
    if (ok) result.byKind[k.id] = (result.byKind[k.id] ?? 0) + 1;
    await opts.between?.();
    return ok;
  };
  // The showcase: every kind once (where a youth fits) through the access use cases, each case its
  // own transaction. A resumed run goes on with the bulk from the cases there are.
  let made = resuming ? await count() : 0;
  if (!resuming) for (const k of list) if (await run(k)) made = await count();
  // The bulk, by weight until the target is reached: the same kinds and rules, the cases made in
  // memory (CaseBook) and written as rows in one transaction with the mark that the caseload is
  // complete, so a stopped run leaves the showcase only (and the next run makes the bulk again).
  let book: CaseBook | null = null;
  if (!opts.useCasesOnly) {
    const inDb = await db.select({ id: cases.id, familyId: cases.familyId, state: cases.state }).from(cases).where(eq(cases.regionId, regionId));
    e.book = book = new CaseBook(db, {
      regionId,
      profile,
      rules: accessRuleSet(profile),
      contracts: contractRows,
      existing: inDb.map((c) => ({ id: c.id, familyId: c.familyId, state: c.state as StoredCase })),
    });
  }
  const showcase = made;
  result.kinds = list.length;
  result.showcase = resuming ? 0 : made;
  let active = list;
  while (made < target && active.length > 0) {
    const k = e.rng.weighted(active, (x) => x.weight);
    if (!book) {
      if (await run(k)) made = await count();
      else active = active.filter((x) => x !== k);
      continue;
    }
    if (await k.run(result.byKind[k.id] ?? 0)) result.byKind[k.id] = (result.byKind[k.id] ?? 0) + 1;
    else active = active.filter((x) => x !== k); // no fitting youth left for this kind
    made = showcase + book.made;
    await opts.between?.();
  }
  await db.transaction(async (tx) => {
    if (book) result.bulk = await book.write(tx);
    await tx
      .update(demoRuns)
      .set({ counts: sql`${demoRuns.counts} || '{"casesComplete": true}'::jsonb` })
      .where(eq(demoRuns.regionId, regionId));
  });
  const rows = await db
    .select({ status: cases.status, n: sql<number>`count(*)::int` })
    .from(cases)
    .where(eq(cases.regionId, regionId))
    .groupBy(cases.status);
  result.byStatus = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  result.cases = made;
  result.commands = e.commands;
  result.ms = Math.round(performance.now() - t0);
  return result;
}
