/**
 * Settling a declaration from a stream (issue #14 point 5: the `ijw receive` CLI reads the file as
 * a stream, POST /ijw/declarations hands its request body over): the message is hashed, stored
 * (gzip) and validated in one pass and never held whole. The outcome must be what settling the same
 * bytes from memory gives: every line's verdict, the totals, the stored message and its hash (the
 * exactly-once record), and the JW325 apart from its own BerichtIdentificatie. Bad input from a
 * stream (truncated, broken off, too large) is refused before anything is written.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { settleDeclaration, settleDeclarationStream } from '../../src/app/funding/settle.js';
import { upsertUser } from '../../src/app/auth.js';
import { buildServer } from '../../src/api/server.js';
import { declarationLines, declarations } from '../../src/db/schema.js';
import type { Db } from '../../src/db/database.js';
import { rowsOf } from '../../src/app/funding/settle-context.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';
import { demoUsers, expectProblem } from '../helpers/api.js';
import { buildJw323, type BuiltDeclaration } from '../fixtures/funding/jw323.js';
import { createWorld, creditOf, debit, makeAllocations, PRICE, type World } from '../fixtures/funding/world.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const AGB = '65656071';

interface Side {
  testDb: TestDb;
  s: Started;
  world: World;
}
let fromMemory: Side;
let fromStream: Side;
let app: FastifyInstance;
const { send } = demoUsers(() => app);

const open = async (): Promise<Side> => {
  const testDb = await createTestDatabase();
  const s = await start(testDb.open, { today: '2026-11-22' });
  const world = await createWorld(s.database.db, {
    regionId: 'wbo',
    agb: AGB,
    municipality: '0758',
    segmentId: 'specialistische-ambulante-behandeling',
    allocations: makeAllocations(8, { firstNummer: 770_000, perClient: 3 }),
  });
  return { testDb, s, world };
};

/** The bytes in pieces of `size` (7: tags, texts and the UTF-8 of ë split across pieces). */
function pieces(bytes: Uint8Array, size: number): Readable {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.byteLength; i += size) out.push(Buffer.from(bytes.subarray(i, i + size)));
  return Readable.from(out);
}

const header = (id: string, month = '2026-06') => ({ agb: AGB, ontvanger: '0758', identificatie: id, month, dagtekening: '2026-11-05' });

/**
 * Ten lines: eight debits (one per allocation, 4 hours at the product's contract tariff), a debit
 * on an allocation that does not exist (rejected) and a second debit of allocation 0's period (an
 * open debit of the same period, rejected); settled three lines per chunk, so the outcome crosses chunks.
 */
function declaration(w: World, id: string, month = '2026-06'): BuiltDeclaration {
  const lines = w.allocations.map((a, i) => debit(a, { ref: `${id}-${i}`, month, volume: 4 }));
  lines.push({ ...debit(w.allocations[1]!, { ref: `${id}-X`, month }), nummer: 779_999 });
  lines.push(debit(w.allocations[0]!, { ref: `${id}-D`, month, volume: 2 }));
  const built = buildJw323(header(id, month), lines);
  // A non-ASCII character in a comment: its two UTF-8 bytes land in different pieces of the stream.
  const xml = built.xml.replace('<jw323:Declaratie>', '<!-- declaratie van Zorgaanbieder Noë --><jw323:Declaratie>');
  return { ...built, xml, bytes: new TextEncoder().encode(xml) };
}

const stored = async (db: Db, id: number) => {
  const [d] = await db.select().from(declarations).where(eq(declarations.id, id));
  const lines = await db
    .select({
      referentieNummer: declarationLines.referentieNummer,
      toewijzingNummer: declarationLines.toewijzingNummer,
      approved: declarationLines.approved,
      codes: declarationLines.codes,
      amountCents: declarationLines.amountCents,
      credited: declarationLines.credited,
    })
    .from(declarationLines)
    .where(eq(declarationLines.declarationId, id))
    .orderBy(declarationLines.referentieNummer);
  return { d: d!, lines };
};

/** Rows of declarations, lines and iJw messages: what a half-written settlement would leave. */
async function written(db: Db): Promise<string> {
  const [row] = rowsOf<{ n: string }>(
    await db.execute(
      sql`select (select count(*) from declarations) || '/' || (select count(*) from declaration_lines) || '/' || (select count(*) from ijw_messages) as n`,
    ),
  );
  return row!.n;
}

/** The JW325 without its own BerichtIdentificatie (fresh per answer). */
const withoutOwnId = (xml: string) => xml.replace(/(<jw325:BerichtIdentificatie>\s*<ijw:Identificatie>)[^<]*/, '$1');

beforeAll(async () => {
  [fromMemory, fromStream] = [await open(), await open()];
  app = await buildServer({
    database: fromStream.s.database,
    now: () => NOW,
    logger: false,
    xmlLimits: { declarationBytes: 64 * 1024, messageBytes: 64 * 1024 },
  });
  await upsertUser(fromStream.s.database.db, {
    username: 'aanbieder.stroom',
    displayName: 'Aanbieder stroom',
    role: 'aanbieder',
    password: 'demo',
    regionId: 'wbo',
    providerId: fromStream.world.providerId,
  });
});
afterAll(async () => {
  await app?.close();
  for (const side of [fromMemory, fromStream]) {
    await side?.s.database.close();
    await side?.testDb.drop();
  }
});

describe('settling from a stream gives what settling the same bytes from memory gives', () => {
  it('the same line verdicts and totals, the same stored message and hash, the same JW325 apart from its own identification', async () => {
    const m = declaration(fromMemory.world, 'STROOM1');
    const a = await settleDeclaration(fromMemory.s.database.db, 'wbo', m.bytes, NOW, { chunk: 3 });
    const b = await settleDeclarationStream(fromStream.s.database.db, 'wbo', pieces(m.bytes, 7), NOW, { chunk: 3 });

    // By hand: eight debits of 4 hours at the contract tariff (PRICE per product) approved; the line on
    // 779999 (no allocation) and the second debit of allocation 0's period rejected.
    const approved = fromMemory.world.allocations.reduce((sum, al) => sum + 4 * PRICE[al.productCode]!, 0);
    for (const r of [a, b]) {
      expect(r).toMatchObject({ duplicate: false, lines: 10, rejected: 2, approvedCents: approved, submittedCents: m.totalCents });
    }
    expect(b.signals).toEqual(a.signals);
    expect(b.verdict).toEqual(a.verdict);

    const x = await stored(fromMemory.s.database.db, a.declarationId);
    const y = await stored(fromStream.s.database.db, b.declarationId);
    expect(y.lines).toEqual(x.lines);
    expect(y.lines.filter((l) => !l.approved).map((l) => l.referentieNummer)).toEqual(['STROOM1-D', 'STROOM1-X']);
    // The exactly-once record: the hash of the bytes as sent, and the message itself (gzip) as received.
    const sha = createHash('sha256').update(m.bytes).digest('hex');
    expect(x.d.contentHash).toBe(sha);
    expect(y.d.contentHash).toBe(sha);
    expect(Buffer.compare(gunzipSync(y.d.receivedGzip!), Buffer.from(m.bytes))).toBe(0);
    expect(Buffer.compare(y.d.receivedGzip!, x.d.receivedGzip!)).toBe(0);
    expect({ ...y.d, id: 0, messageId: 0, providerId: 0, answerXml: '', receivedGzip: null }).toEqual({
      ...x.d,
      id: 0,
      messageId: 0,
      providerId: 0,
      answerXml: '',
      receivedGzip: null,
    });
    expect(withoutOwnId(b.answerXml)).toBe(withoutOwnId(a.answerXml));
    expect(withoutOwnId(b.answerXml)).not.toBe(b.answerXml);

    // Sent again, as a stream or from memory: the stored answer, nothing settled twice.
    const again = await settleDeclarationStream(fromStream.s.database.db, 'wbo', pieces(m.bytes, 4096), NOW);
    expect(again).toMatchObject({ duplicate: true, declarationId: b.declarationId, answerXml: b.answerXml, approvedCents: approved });
    const fromBytes = await settleDeclaration(fromStream.s.database.db, 'wbo', m.bytes, NOW);
    expect(fromBytes).toMatchObject({ duplicate: true, declarationId: b.declarationId });
  });

  it('a credit settled from a stream marks the debit it corrects, as from memory', async () => {
    const w = fromStream.world;
    const first = debit(w.allocations[2]!, { ref: 'STROOM1-2', month: '2026-06', volume: 4 });
    const r = await settleDeclarationStream(
      fromStream.s.database.db,
      'wbo',
      pieces(buildJw323(header('STROOM2'), [creditOf(first, 'STROOM2-C')]).bytes, 1000),
      NOW,
    );
    expect(r).toMatchObject({ lines: 1, rejected: 0, approvedCents: -4 * PRICE[w.allocations[2]!.productCode]! });
    const [debited] = await fromStream.s.database.db
      .select({ credited: declarationLines.credited })
      .from(declarationLines)
      .where(eq(declarationLines.referentieNummer, 'STROOM1-2'));
    expect(debited!.credited).toBe(true);
  });
});

describe('bad input from a stream: refused, nothing half-written', () => {
  it('a truncated message: 400 in Dutch (onbruikbaar), no declaration, line or message stored', async () => {
    const db = fromStream.s.database.db;
    const before = await written(db);
    const m = declaration(fromStream.world, 'KAPOT1', '2026-07');
    const cut = m.bytes.subarray(0, Math.floor(m.bytes.byteLength * 0.6));
    await expect(settleDeclarationStream(db, 'wbo', pieces(cut, 512), NOW, { chunk: 3 })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/^de declaratie is onbruikbaar: /),
    });
    expect(await written(db)).toBe(before);
  });

  it('a stream that breaks off (the connection is lost): its error, nothing stored; the same message whole settles afterwards', async () => {
    const db = fromStream.s.database.db;
    const before = await written(db);
    const m = declaration(fromStream.world, 'KAPOT2', '2026-07');
    const half = Buffer.from(m.bytes.subarray(0, m.bytes.byteLength / 2));
    const broken = new Readable({
      read() {
        this.push(half);
        this.destroy(new Error('aborted'));
      },
    });
    await expect(settleDeclarationStream(db, 'wbo', broken, NOW)).rejects.toThrow(/aborted/);
    expect(await written(db)).toBe(before);
    const whole = await settleDeclarationStream(db, 'wbo', pieces(m.bytes, 7), NOW);
    expect(whole).toMatchObject({ duplicate: false, lines: 10, rejected: 2 });
  });

  it('over HTTP: the body streamed in; truncated 400 and too large 413 as problem+json in Dutch, nothing stored; whole 201', async () => {
    const db = fromStream.s.database.db;
    const before = await written(db);
    const m = declaration(fromStream.world, 'HTTP1', '2026-08');
    const post = (body: Readable) => send('aanbieder.stroom', 'POST', '/api/v1/ijw/declarations?region=wbo', 'application/xml', body as unknown as string);

    const truncated = await post(pieces(m.bytes.subarray(0, m.bytes.byteLength - 40), 1024));
    expectProblem(truncated, 400);
    expect(truncated.json().detail).toMatch(/^de declaratie is onbruikbaar: /);

    // 64 kB limit on this server; a body without Content-Length is counted as it streams in.
    const padding = Buffer.from(`<!--${'x'.repeat(70 * 1024)}-->`);
    const large = await post(pieces(Buffer.concat([padding, Buffer.from(m.bytes)]), 8192));
    expectProblem(large, 413);
    expect(large.json()).toMatchObject({ title: 'Bericht te groot', detail: 'een declaratie mag hoogstens 64 kB groot zijn (65536 bytes)' });
    expect(await written(db)).toBe(before);

    const whole = await post(pieces(m.bytes, 1024));
    expect(whole.statusCode, whole.body).toBe(201);
    expect(whole.json()).toMatchObject({ duplicate: false, lines: 10, rejected: 2 });
    const again = await post(pieces(m.bytes, 333));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ duplicate: true, declarationId: whole.json().declarationId });
  });
});
