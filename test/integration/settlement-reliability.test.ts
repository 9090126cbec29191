/**
 * Reliability of declaration settlement (src/app/funding/settle.ts): exactly once under duplicate
 * and concurrent submissions, the ceiling under concurrency, and a process killed in the middle
 * of a settlement.
 *
 * Runs on a PGlite data FOLDER locally (so a second process can open it after the first was
 * killed) and, when DATABASE_URL is set, on a fresh PostgreSQL database (test/helpers/db.ts).
 * The kill tests spawn test/fixtures/funding/settle-child.mjs, which runs the BUILT code (dist/):
 * beforeAll builds it with `npx tsc -p tsconfig.json` when it is missing or older than src/.
 *
 * Bugs these tests found are fixed in src/app/funding/settle.ts and src/domain/funding/settlement.ts;
 * the tests stay as regressions (the comments name the original bug). Formerly: such a test passed while the bug was
 * there and fails once it is fixed (then turn it into a plain `it`).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { openDatabase, type Database, type OpenOptions } from '../../src/db/database.js';
import { start } from '../../src/app/startup.js';
import { settleDeclaration, type SettlementResult } from '../../src/app/funding/settle.js';
import { allocations, declarationLines, declarations, ijwMessages, providers, tariffs, youths } from '../../src/db/schema.js';
import { debitKey } from '../../src/domain/funding/settlement.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { createTestDatabase } from '../helpers/db.js';
import { writeJw323 } from '../../bench/jw323-generator.js';
import { insertJw323World } from '../../bench/settlement-world.js';
import { amountOf, buildJw323, type BuiltDeclaration, type DeclLine } from '../fixtures/funding/jw323.js';
import { createWorld, creditOf, debit, makeAllocations, setCeilingPolicy, type World, type WorldOptions } from '../fixtures/funding/world.js';

const PG = !!process.env.DATABASE_URL;
const TODAY = '2026-11-22';
const NOW = new Date(`${TODAY}T10:00:00Z`);
const HR = 'holland-rijnland';
const LEIDEN = '0546';
const CHILD = join(PROJECT_ROOT, 'test', 'fixtures', 'funding', 'settle-child.mjs');

let open: OpenOptions;
let drop: () => Promise<void>;
let database: Database;
let work: string;
const db = () => database.db;

// ------------------------------------------------------------------------------------------------
// Build of dist/ for the child process

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when dist/src/app/funding/settle.js is missing or older than any source in src/. */
function ensureBuilt(): void {
  const out = join(PROJECT_ROOT, 'dist', 'src', 'app', 'funding', 'settle.js');
  const stale = () => !existsSync(out) || statSync(out).mtimeMs < newestSource(join(PROJECT_ROOT, 'src'));
  if (!stale()) return;
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: PROJECT_ROOT, stdio: 'pipe' });
  } catch (e) {
    // tsc still emits with type errors (others may be editing src/); only a missing output is fatal.
    if (stale())
      throw new Error(`npx tsc -p tsconfig.json did not produce an up-to-date dist/: ${String((e as { stdout?: Buffer }).stdout ?? e)}`, { cause: e });
  }
}

// ------------------------------------------------------------------------------------------------
// Helpers

const settle = (bytes: Uint8Array, region = HR) => settleDeclaration(db(), region, bytes, NOW);

async function linesOf(agb: string) {
  return db().select().from(declarationLines).where(eq(declarationLines.providerAgb, agb));
}

async function declarationsOf(agb: string) {
  return db()
    .select({
      id: declarations.id,
      contentHash: declarations.contentHash,
      approvedCents: declarations.approvedCents,
      lineCount: declarations.lineCount,
      answerXml: declarations.answerXml,
    })
    .from(declarations)
    .where(eq(declarations.providerAgb, agb));
}

const header = (agb: string, identificatie: string, month: string) => ({ agb, ontvanger: LEIDEN, identificatie, month, dagtekening: '2026-11-05' });

/** Row counts of the tables settlement writes or reads, for "nothing changed" checks. */
async function counts() {
  const n = async (
    t: typeof declarations | typeof declarationLines | typeof ijwMessages | typeof allocations | typeof tariffs | typeof youths | typeof providers,
  ) =>
    Number(
      (
        await db()
          .select({ n: sql<number>`count(*)::int` })
          .from(t)
      )[0]!.n,
    );
  return {
    declarations: await n(declarations),
    declarationLines: await n(declarationLines),
    ijwMessages: await n(ijwMessages),
    allocations: await n(allocations),
    tariffs: await n(tariffs),
    youths: await n(youths),
    providers: await n(providers),
  };
}

/** The invariants of exactly-once settlement for one provider's stored lines. */
function expectSettledOnce(lines: (typeof declarationLines.$inferSelect)[]) {
  const approved = lines.filter((l) => l.approved);
  // TR314: an approved ReferentieNummer once per provider.
  expect(new Set(approved.map((l) => l.referentieNummer)).size).toBe(approved.length);
  // TR389/TR416: one approved, not credited debit per allocation, product and period (no double payment).
  const openDebits = approved.filter((l) => l.debetCredit === 'D' && !l.credited).map((l) => debitKey(l));
  expect(new Set(openDebits).size).toBe(openDebits.length);
  for (const l of lines) expect(l.amountCents).toBe(l.approved ? (l.debetCredit === 'C' ? -l.bedragCents : l.bedragCents) : 0);
}

const sumApproved = (lines: (typeof declarationLines.$inferSelect)[]) => lines.filter((l) => l.approved).reduce((s, l) => s + l.amountCents, 0);

/** Settles `decls` one after the other on a fresh PGlite in memory with the same world: the serial outcome per ReferentieNummer+declaration. */
async function serialReplay(world: WorldOptions, policy: 'afwijzen' | undefined, decls: Uint8Array[]) {
  const s = await start({ dataDir: 'memory://' }, { today: TODAY });
  try {
    if (policy) await setCeilingPolicy(s.database.db, world.regionId, policy);
    await createWorld(s.database.db, world);
    const out: { approvedCents: number; lines: { ref: string; approved: boolean; codes: string[] }[] }[] = [];
    for (const b of decls) {
      const r = await settleDeclaration(s.database.db, world.regionId, b, NOW);
      const ls = await s.database.db.select().from(declarationLines).where(eq(declarationLines.declarationId, r.declarationId)).orderBy(declarationLines.id);
      out.push({ approvedCents: r.approvedCents, lines: ls.map((l) => ({ ref: l.referentieNummer, approved: l.approved, codes: l.codes })) });
    }
    return out;
  } finally {
    await s.database.close();
  }
}

/** What the shared database stored for the given declarations (in declaration id order = commit order under the provider lock). */
async function storedOutcome(agb: string) {
  const ds = (await db().select().from(declarations).where(eq(declarations.providerAgb, agb))).sort((a, b) => a.id - b.id);
  const out: { contentHash: string; approvedCents: number; lines: { ref: string; approved: boolean; codes: string[] }[] }[] = [];
  for (const d of ds) {
    const ls = await db().select().from(declarationLines).where(eq(declarationLines.declarationId, d.id)).orderBy(declarationLines.id);
    out.push({
      contentHash: d.contentHash,
      approvedCents: d.approvedCents,
      lines: ls.map((l) => ({ ref: l.referentieNummer, approved: l.approved, codes: l.codes })),
    });
  }
  return out;
}

const sha256 = async (b: Uint8Array) => (await import('node:crypto')).createHash('sha256').update(b).digest('hex');

// ------------------------------------------------------------------------------------------------
// Child processes

interface ChildEvent {
  event: string;
  t: number;
  batches?: number;
  message?: string;
  result?: Omit<SettlementResult, 'signals'>;
}

interface RunningChild {
  child: ChildProcess;
  events: ChildEvent[];
  stderr: () => string;
  /** Resolves with the first event named `name` (rejects when the child exits first). */
  waitFor(name: string, timeoutMs?: number): Promise<ChildEvent>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnSettle(cfg: Record<string, unknown>): RunningChild {
  const child = spawn(process.execPath, [CHILD, JSON.stringify(cfg)], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: ChildEvent[] = [];
  const waiters: { name: string; resolve: (e: ChildEvent) => void }[] = [];
  let buf = '';
  let err = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => (err += d));
  child.stdout!.on('data', (d: string) => {
    buf += d;
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (!line.trim()) continue;
      const e = JSON.parse(line) as ChildEvent;
      events.push(e);
      for (const w of waiters.filter((x) => x.name === e.event)) w.resolve(e);
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return {
    child,
    events,
    stderr: () => err,
    exited,
    waitFor(name, timeoutMs = 120_000) {
      const seen = events.find((e) => e.event === name);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`child: no "${name}" within ${timeoutMs} ms; events ${JSON.stringify(events.map((e) => e.event))}; stderr ${err}`)),
          timeoutMs,
        );
        waiters.push({ name, resolve: (e) => (clearTimeout(timer), resolve(e)) });
        void exited.then(({ code, signal }) => {
          clearTimeout(timer);
          reject(
            new Error(`child exited (code ${code}, signal ${signal}) before "${name}"; events ${JSON.stringify(events.map((e) => e.event))}; stderr ${err}`),
          );
        });
      });
    },
  };
}

/** The child's target: the same PGlite folder or PostgreSQL database. */
const childTarget = () => (open.url ? { url: open.url } : { dataDir: open.dataDir });

/** PGlite allows one process per data folder: the test process closes it while a child works. */
async function releaseForChild() {
  if (!PG) await database.close();
}
async function reopen() {
  if (!PG) database = await openDatabase(open);
}

// ------------------------------------------------------------------------------------------------

beforeAll(async () => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'rk-settle-rel-'));
  if (PG) {
    const t = await createTestDatabase();
    open = t.open;
    drop = t.drop;
  } else {
    open = { dataDir: join(work, 'pglite') };
    drop = async () => undefined;
  }
  const s = await start(open, { today: TODAY });
  database = s.database;
  // Provider ceilings in Holland Rijnland: lines over the ceiling are refused (default retourcode 0001).
  await setCeilingPolicy(db(), HR, 'afwijzen');
}, 300_000);

afterAll(async () => {
  await database?.close().catch(() => undefined);
  await drop?.();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe(`duplicate submissions (${PG ? 'PostgreSQL' : 'PGlite folder'})`, () => {
  const AGB = '22220001';
  let world: World;
  let d1: BuiltDeclaration;
  let first: SettlementResult;
  beforeAll(async () => {
    world = await createWorld(db(), { regionId: HR, agb: AGB, municipality: LEIDEN, allocations: makeAllocations(40, { firstNummer: 600_000, bsnOffset: 0 }) });
    d1 = buildJw323(
      header(AGB, 'DUP1', '2026-03'),
      world.allocations.map((a, i) => debit(a, { ref: `DUP1-${i}`, month: '2026-03', volume: 1 + (i % 5) })),
    );
  });

  it('the same bytes twice: one declaration, the stored answer, each approved line paid once', async () => {
    first = await settle(d1.bytes);
    expect(first).toMatchObject({ duplicate: false, lines: 40, rejected: 0, approvedCents: d1.totalCents });
    const before = await linesOf(AGB);
    const again = await settle(d1.bytes);
    expect(again).toMatchObject({ duplicate: true, declarationId: first.declarationId, approvedCents: first.approvedCents, lines: 40, rejected: 0 });
    expect(again.answerXml).toBe(first.answerXml);
    const after = await linesOf(AGB);
    expect(after).toHaveLength(before.length);
    expect(sumApproved(after)).toBe(d1.totalCents);
    expect(await declarationsOf(AGB)).toHaveLength(1);
    expectSettledOnce(after);
  });

  it('the same bytes five times at once (Promise.all): one settlement, four times the stored answer', async () => {
    const d2 = buildJw323(
      header(AGB, 'DUP2', '2026-04'),
      world.allocations.map((a, i) => debit(a, { ref: `DUP2-${i}`, month: '2026-04', volume: 2 })),
    );
    const rs = await Promise.all(Array.from({ length: 5 }, () => settle(d2.bytes)));
    expect(rs.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(rs.map((r) => r.declarationId)).size).toBe(1);
    expect(new Set(rs.map((r) => r.answerXml)).size).toBe(1);
    expect(rs.every((r) => r.approvedCents === d2.totalCents && r.lines === 40)).toBe(true);
    const lines = await linesOf(AGB);
    expect(lines).toHaveLength(80);
    expect(sumApproved(lines)).toBe(d1.totalCents + d2.totalCents);
    expect(await declarationsOf(AGB)).toHaveLength(2);
    expectSettledOnce(lines);
  });

  it('the same content with other bytes (new Identificatie) pays nothing twice: every line 8021 (TR314)', async () => {
    const resent = buildJw323(
      header(AGB, 'DUP1-again', '2026-03'),
      world.allocations.map((a, i) => debit(a, { ref: `DUP1-${i}`, month: '2026-03', volume: 1 + (i % 5) })),
    );
    const sumBefore = sumApproved(await linesOf(AGB));
    const r = await settle(resent.bytes);
    expect(r).toMatchObject({ duplicate: false, approvedCents: 0, rejected: 40 });
    const mine = (await linesOf(AGB)).filter((l) => l.declarationId === r.declarationId);
    expect(mine.every((l) => !l.approved && l.codes.includes('8021'))).toBe(true);
    expect(sumApproved(await linesOf(AGB))).toBe(sumBefore);
  });

  it.runIf(PG)('the same bytes from two processes at once: one settlement, the other gets the stored answer', async () => {
    const d3 = buildJw323(
      header(AGB, 'DUP3', '2026-05'),
      world.allocations.map((a, i) => debit(a, { ref: `DUP3-${i}`, month: '2026-05', volume: 3 })),
    );
    const file = join(work, 'dup3.xml');
    writeFileSync(file, d3.bytes);
    const cfg = { ...childTarget(), region: HR, file, now: NOW.toISOString() };
    const children = [spawnSettle(cfg), spawnSettle(cfg)];
    const done = await Promise.all(children.map((c) => c.waitFor('done')));
    expect(done.filter((e) => !e.result!.duplicate)).toHaveLength(1);
    expect(new Set(done.map((e) => e.result!.declarationId)).size).toBe(1);
    expect(done[0]!.result!.answerXml).toBe(done[1]!.result!.answerXml);
    const hash = await sha256(d3.bytes);
    expect((await declarationsOf(AGB)).filter((d) => d.contentHash === hash)).toHaveLength(1);
    const lines = await linesOf(AGB);
    expect(lines.filter((l) => l.declarationId === done[0]!.result!.declarationId)).toHaveLength(40);
    expectSettledOnce(lines);
  });

  // Regression: a sender without a providers row (unknown AGB) is serialised by an advisory lock
  // on region and AGB (settle.ts), so identical declarations at once get one settlement and the
  // stored answer, never a unique-index violation on declarations_once.
  it.runIf(PG)('the same bytes at once from a sender without a providers row: both get the stored answer', async () => {
    const a = makeAllocations(40, { firstNummer: 600_000, bsnOffset: 0 });
    const d = buildJw323(
      header('29990001', 'UNK1', '2026-03'),
      a.map((x, i) => debit(x, { ref: `UNK1-${i}`, month: '2026-03' })),
    );
    const rs = await Promise.allSettled(Array.from({ length: 6 }, () => settle(d.bytes)));
    const reasons = rs.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).cause ?? r.reason)] : []));
    expect(reasons).toEqual([]);
    expect(rs.filter((r) => r.status === 'fulfilled' && !r.value.duplicate)).toHaveLength(1);
  });
});

describe(`concurrent declarations of one provider, ceiling policy afwijzen (${PG ? 'PostgreSQL' : 'PGlite folder'})`, () => {
  const AGB = '33330001';
  let worldOpts: WorldOptions;
  let ceiling = 0;
  /** Declarations A and B overlap in 40 identical lines (same ReferentieNummers), C and D are other months. */
  const decls: BuiltDeclaration[] = [];
  beforeAll(async () => {
    const allocs = makeAllocations(120, { firstNummer: 610_000, bsnOffset: 100 });
    const line = (i: number, month: string) => debit(allocs[i]!, { ref: `R${month.slice(5)}-${i}`, month, volume: 1 + (i % 9) });
    const range = (from: number, to: number, month: string) => Array.from({ length: to - from }, (_, k) => line(from + k, month));
    decls.push(buildJw323(header(AGB, 'CA', '2026-03'), range(0, 80, '2026-03')));
    decls.push(buildJw323(header(AGB, 'CB', '2026-03'), range(40, 120, '2026-03')));
    decls.push(buildJw323(header(AGB, 'CC', '2026-04'), range(0, 120, '2026-04')));
    decls.push(buildJw323(header(AGB, 'CD', '2026-05'), range(0, 60, '2026-05')));
    // Distinct lines: months 03 (0..119), 04 (0..119), 05 (0..59); the ceiling is 60% of their sum.
    const distinct = new Map<string, DeclLine>();
    for (const d of decls) for (const l of d.ordered) distinct.set(l.ref, l);
    ceiling = Math.round(0.6 * [...distinct.values()].reduce((s, l) => s + amountOf(l), 0));
    worldOpts = { regionId: HR, agb: AGB, municipality: LEIDEN, allocations: allocs, ceilings: [{ year: 2026, cents: ceiling }] };
    await createWorld(db(), worldOpts);
  });

  it('Promise.all of four declarations (and one again): every line settled once, the ceiling never exceeded, equal to a serial run', async () => {
    const rs = await Promise.all([...decls, decls[0]!].map((d) => settle(d.bytes)));
    expect(rs.filter((r) => r.duplicate)).toHaveLength(1);
    expect(rs[4]!.answerXml).toBe(rs[0]!.answerXml);
    rs.slice(0, 4).forEach((r, i) => expect(r.lines).toBe(decls[i]!.ordered.length));

    const lines = await linesOf(AGB);
    expect(lines).toHaveLength(decls.reduce((s, d) => s + d.ordered.length, 0));
    expectSettledOnce(lines);
    const spent = sumApproved(lines);
    expect(spent).toBeLessThanOrEqual(ceiling);
    expect(spent).toBeGreaterThan(0);
    // The ceiling did refuse lines (policy afwijzen, default retourcode 0001).
    expect(lines.some((l) => !l.approved && l.codes.includes('0001'))).toBe(true);
    // Each declaration's answer total equals its approved lines.
    for (const r of rs.slice(0, 4)) expect(r.approvedCents).toBe(sumApproved(lines.filter((l) => l.declarationId === r.declarationId)));

    // Serialisable: the outcome equals settling the declarations one by one in commit order.
    const stored = await storedOutcome(AGB);
    const byHash = new Map(await Promise.all(decls.map(async (d) => [await sha256(d.bytes), d.bytes] as const)));
    const serial = await serialReplay(
      worldOpts,
      'afwijzen',
      stored.map((s) => byHash.get(s.contentHash)!),
    );
    expect(stored.map(({ approvedCents, lines: ls }) => ({ approvedCents, lines: ls }))).toEqual(serial);
  });

  it.runIf(PG)('two processes settle overlapping declarations at once: serialised by the provider lock, each line once, ceiling kept', async () => {
    const AGB2 = '44440001';
    const allocs = makeAllocations(120, { firstNummer: 620_000, bsnOffset: 200 });
    const mk = (id: string, from: number, to: number) =>
      buildJw323(
        header(AGB2, id, '2026-06'),
        Array.from({ length: to - from }, (_, k) => debit(allocs[from + k]!, { ref: `P06-${from + k}`, month: '2026-06', volume: 1 + ((from + k) % 9) })),
      );
    const e = mk('PE', 0, 80);
    const f = mk('PF', 40, 120);
    const distinct = Math.round(0.5 * (e.totalCents + f.totalCents - buildJw323(header(AGB2, 'x', '2026-06'), e.ordered.slice(40)).totalCents));
    const opts: WorldOptions = { regionId: HR, agb: AGB2, municipality: LEIDEN, allocations: allocs, ceilings: [{ year: 2026, cents: distinct }] };
    await createWorld(db(), opts);
    writeFileSync(join(work, 'pe.xml'), e.bytes);
    writeFileSync(join(work, 'pf.xml'), f.bytes);
    // E pauses 1.5 s inside its transaction, after the lock: F starts meanwhile and has to wait.
    const ce = spawnSettle({ ...childTarget(), region: HR, file: join(work, 'pe.xml'), now: NOW.toISOString(), pauseMs: 1500 });
    await ce.waitFor('transaction');
    const cf = spawnSettle({ ...childTarget(), region: HR, file: join(work, 'pf.xml'), now: NOW.toISOString() });
    const [de, df] = await Promise.all([ce.waitFor('done'), cf.waitFor('done')]);
    expect(de.result!.duplicate || df.result!.duplicate).toBe(false);
    const lines = await linesOf(AGB2);
    expect(lines).toHaveLength(160);
    expectSettledOnce(lines);
    expect(sumApproved(lines)).toBeLessThanOrEqual(distinct);
    expect(lines.filter((l) => l.approved).length).toBeGreaterThan(0);
    const stored = await storedOutcome(AGB2);
    const byHash = new Map([
      [await sha256(e.bytes), e.bytes],
      [await sha256(f.bytes), f.bytes],
    ]);
    const serial = await serialReplay(
      opts,
      'afwijzen',
      stored.map((s) => byHash.get(s.contentHash)!),
    );
    expect(stored.map(({ approvedCents, lines: ls }) => ({ approvedCents, lines: ls }))).toEqual(serial);
  });

  // Regression: each line meets the ceiling of its own year (TR319 allows lines of an earlier period
  // in a declaration): ceiling 2025 = 100.00, one line of 2025-12 for 500.00 in a 2026-01 declaration
  // is rejected under the policy afwijzen.
  it("a line of last year in this year's declaration is held to last year's ceiling", async () => {
    const AGB3 = '33330002';
    const w = await createWorld(db(), {
      regionId: HR,
      agb: AGB3,
      municipality: LEIDEN,
      allocations: makeAllocations(2, { firstNummer: 630_000, bsnOffset: 300 }),
      ceilings: [{ year: 2025, cents: 10_000 }],
    });
    const d = buildJw323(header(AGB3, 'Y1', '2026-01'), [debit(w.allocations[0]!, { ref: 'Y1-0', month: '2025-12', volume: 40 })]);
    const r = await settle(d.bytes);
    const spent2025 = sumApproved((await linesOf(AGB3)).filter((l) => l.begindatum.startsWith('2025')));
    expect(r.approvedCents).toBe(0);
    expect(spent2025).toBeLessThanOrEqual(10_000);
  });
});

describe(`credits after a rejected resubmission (${PG ? 'PostgreSQL' : 'PGlite folder'})`, () => {
  // Regression: when a ReferentieNummer was sent again and rejected (8021, stored with approved =
  // false), a later credit of the approved debit still finds that debit (not 8017 "no debit known").
  it("a credit of an approved debit is approved although the debit's ReferentieNummer was resent and rejected meanwhile", async () => {
    const AGB = '55550001';
    const w = await createWorld(db(), {
      regionId: HR,
      agb: AGB,
      municipality: LEIDEN,
      allocations: makeAllocations(2, { firstNummer: 640_000, bsnOffset: 400 }),
    });
    const l1 = debit(w.allocations[0]!, { ref: 'K1', month: '2026-03' });
    expect((await settle(buildJw323(header(AGB, 'KD1', '2026-03'), [l1]).bytes)).approvedCents).toBe(amountOf(l1));
    // The provider sends the ReferentieNummer again by mistake: rightly rejected with 8021.
    const resent = await settle(buildJw323(header(AGB, 'KD2', '2026-04'), [debit(w.allocations[0]!, { ref: 'K1', month: '2026-04' })]).bytes);
    expect(resent.rejected).toBe(1);
    // The credit of the approved debit K1.
    const credit = await settle(buildJw323(header(AGB, 'KC1', '2026-05'), [creditOf(l1, 'K1-C')]).bytes);
    const [line] = (await linesOf(AGB)).filter((l) => l.declarationId === credit.declarationId);
    expect(line!.codes).toEqual([]);
    expect(credit.approvedCents).toBe(-amountOf(l1));
  });
});

// Each test spawns a process that validates and settles 20,000 lines (and some settle again in-process).
describe(`a process killed during settlement (${PG ? 'PostgreSQL' : 'PGlite folder'})`, { timeout: 300_000 }, () => {
  const AGB = '42420001';
  const LINES = 20_000;
  let file: string;
  let totaal: number;
  let bytes: Uint8Array;
  let baseline: Awaited<ReturnType<typeof counts>>;

  beforeAll(async () => {
    file = join(work, 'jw323-20k.xml');
    const gen = await writeJw323(file, { lines: LINES, linesPerClient: 7, month: '2026-10', today: TODAY, afzender: AGB, ontvanger: '0758' });
    totaal = gen.totaal;
    bytes = readFileSync(file);
    await insertJw323World(db(), { regionId: 'wbo', agb: AGB, municipality: '0758', lines: LINES, month: '2026-10' });
    baseline = await counts();
  }, 300_000);

  /** Spawns the child, kills it (SIGKILL) at `point`, reopens the database and checks nothing was written. */
  async function killAt(point: 'transaction' | 'lines:10' | 'before-commit' | 'timed') {
    await releaseForChild();
    let child: RunningChild | undefined;
    try {
      child = spawnSettle({ ...childTarget(), region: 'wbo', file, now: NOW.toISOString(), ...(point === 'timed' ? {} : { hold: point }) });
      if (point === 'timed') {
        // No hold: kill 150 ms after the transaction began (the 20,000 line inserts take seconds).
        await child.waitFor('transaction');
        await new Promise((r) => setTimeout(r, 150));
      } else {
        await child.waitFor(point === 'lines:10' ? 'lines' : point);
        if (point === 'lines:10') while (!child.events.some((e) => e.event === 'lines' && e.batches === 10)) await new Promise((r) => setTimeout(r, 20));
      }
      child.child.kill('SIGKILL');
      const exit = await child.exited;
      expect(exit.signal).toBe('SIGKILL');
      expect(child.events.map((e) => e.event)).not.toContain('done');
      if (point === 'timed')
        expect(
          child.events.map((e) => e.event),
          'the kill came too late to be inside the transaction',
        ).not.toContain('before-commit');
    } finally {
      if (child && child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
      await child?.exited;
      // The PGlite folder of a killed process opens again (crash recovery).
      await reopen();
    }
    // Nothing of the killed settlement is left: no declaration, no lines, no messages.
    expect(await declarationsOf(AGB)).toEqual([]);
    expect(await linesOf(AGB)).toEqual([]);
    expect(
      await db()
        .select({ id: ijwMessages.id })
        .from(ijwMessages)
        .where(and(eq(ijwMessages.afzender, AGB), eq(ijwMessages.code, 'JW323'))),
    ).toEqual([]);
    // Consistent: every table as before the kill; the indexes answer (unique index on approved lines).
    expect(await counts()).toEqual(baseline);
    const [n] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(allocations)
      .where(and(eq(allocations.regionId, 'wbo'), inArray(allocations.toewijzingNummer, [100_000, 100_001, 119_999])));
    expect(Number(n!.n)).toBe(3);
    if (PG) await waitForNoOtherTransactions();
  }

  /** PostgreSQL: the killed client's backend is gone (its locks released) within a few seconds. */
  async function waitForNoOtherTransactions() {
    for (let i = 0; i < 100; i++) {
      const rows = (await db().execute(
        sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state like 'idle in transaction%'`,
      )) as unknown as { rows: { n: number }[] };
      if (Number(rows.rows[0]!.n) === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('a killed settlement still holds a transaction open on the server');
  }

  it('killed right after the transaction began (provider locked): nothing written, the database opens again', async () => {
    await killAt('transaction');
  });

  it('killed after 10 of 20 batches of lines were inserted (uncommitted): nothing written', async () => {
    await killAt('lines:10');
  });

  it('killed after every write, just before COMMIT: nothing written', async () => {
    await killAt('before-commit');
  });

  it('killed at a moment inside the transaction, without any pause in the child: nothing written', async () => {
    await killAt('timed');
  });

  it('then settled in-process: fully and exactly once', async () => {
    const r = await settleDeclaration(db(), 'wbo', bytes, NOW);
    expect(r).toMatchObject({ duplicate: false, lines: LINES, rejected: 0, approvedCents: totaal });
    const lines = await linesOf(AGB);
    expect(lines).toHaveLength(LINES);
    expect(lines.every((l) => l.approved)).toBe(true);
    expect(sumApproved(lines)).toBe(totaal);
    expectSettledOnce(lines);
    const again = await settleDeclaration(db(), 'wbo', bytes, NOW);
    expect(again).toMatchObject({ duplicate: true, declarationId: r.declarationId, approvedCents: totaal });
    expect(again.answerXml).toBe(r.answerXml);
    expect(await linesOf(AGB)).toHaveLength(LINES);
    if (!PG) {
      // Durable: after closing and opening the folder again, the settlement is there once.
      await database.close();
      database = await openDatabase(open);
      expect(await declarationsOf(AGB)).toHaveLength(1);
      expect(await linesOf(AGB)).toHaveLength(LINES);
    }
  });

  it('killed at the moment of COMMIT: all or nothing, and exactly once after a resubmission', async () => {
    // Other bytes (new Identificatie), same lines: a new declaration whose lines are all 8021.
    const other = readFileSync(file, 'utf8').replace('<ijw:Identificatie>D202610001</ijw:Identificatie>', '<ijw:Identificatie>D202610002</ijw:Identificatie>');
    expect(other).toContain('D202610002');
    const otherFile = join(work, 'jw323-20k-b.xml');
    writeFileSync(otherFile, other);
    const hash = await sha256(new TextEncoder().encode(other));
    await releaseForChild();
    const child = spawnSettle({ ...childTarget(), region: 'wbo', file: otherFile, now: NOW.toISOString() });
    try {
      await child.waitFor('before-commit');
      child.child.kill('SIGKILL');
      await child.exited;
    } finally {
      await reopen();
    }
    const stored = (await declarationsOf(AGB)).filter((d) => d.contentHash === hash);
    const lines = await linesOf(AGB);
    expect(stored.length).toBeLessThanOrEqual(1);
    expect(lines).toHaveLength(LINES + stored.length * LINES);
    const r = await settleDeclaration(db(), 'wbo', new TextEncoder().encode(other), NOW);
    expect(r.duplicate).toBe(stored.length === 1);
    expect(r).toMatchObject({ lines: LINES, rejected: LINES, approvedCents: 0 });
    const after = await linesOf(AGB);
    expect(after).toHaveLength(2 * LINES);
    expect(sumApproved(after)).toBe(totaal);
    expectSettledOnce(after);
  });
});

describe(`large declarations (${PG ? 'PostgreSQL' : 'PGlite folder'})`, () => {
  // Regression: more distinct ToewijzingNummers than the 65,535 bound parameters of the PostgreSQL
  // protocol are read in chunks, so such a declaration settles on PGlite and on PostgreSQL.
  it('a JW323 with 65,536 distinct ToewijzingNummers settles', async () => {
    const big = join(work, 'jw323-65536.xml');
    await writeJw323(big, { lines: 65_536, linesPerClient: 7, month: '2026-10', today: TODAY, afzender: '42420002', ontvanger: '0758' });
    const outcome: SettlementResult = await settleDeclaration(db(), 'wbo', readFileSync(big), NOW);
    expect(outcome.lines).toBe(65_536);
  }, 180_000);
});
