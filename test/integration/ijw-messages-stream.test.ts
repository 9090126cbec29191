/**
 * POST /ijw/messages, the generic receive route, reads its body as it streams in (issue #14, as
 * POST /ijw/declarations does with settleDeclarationStream): a declaration (JW323) sent here is
 * settled from the stream up to the declaration limit, never held whole, so a declaration larger
 * than the message limit is settled (it was refused with 413 when the route read the body whole
 * up to the message limit); any other message is still read whole and refused beyond the message
 * limit (413, problem+json in Dutch), as is a declaration beyond the declaration limit; a message
 * from another sender is refused (403) before the body is read, and nothing is written for a
 * refused message.
 */
import { Readable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { upsertUser } from '../../src/app/auth.js';
import { buildServer } from '../../src/api/server.js';
import { rowsOf } from '../../src/app/funding/settle-context.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';
import { demoUsers, expectProblem } from '../helpers/api.js';
import { buildJw323 } from '../fixtures/funding/jw323.js';
import { createWorld, debit, makeAllocations, PRICE, type World } from '../fixtures/funding/world.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const AGB = '65656071';
const MESSAGE_LIMIT = 64 * 1024;
const DECLARATION_LIMIT = 4 * 1024 * 1024;

let testDb: TestDb;
let s: Started;
let world: World;
let app: FastifyInstance;
const { send } = demoUsers(() => app);

/** The bytes in pieces of `size`, as a stream without a declared length (counted as it streams in). */
function pieces(bytes: Uint8Array, size: number): Readable {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.byteLength; i += size) out.push(Buffer.from(bytes.subarray(i, i + size)));
  return Readable.from(out);
}

const post = (body: Readable, username = 'aanbieder.stroom') =>
  send(username, 'POST', '/api/v1/ijw/messages?region=wbo', 'application/xml', body as unknown as string);

async function written(): Promise<string> {
  const [row] = rowsOf<{ n: string }>(
    await s.database.db.execute(
      sql`select (select count(*) from declarations) || '/' || (select count(*) from declaration_lines) || '/' || (select count(*) from ijw_messages) as n`,
    ),
  );
  return row!.n;
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { today: '2026-11-22' });
  world = await createWorld(s.database.db, {
    regionId: 'wbo',
    agb: AGB,
    municipality: '0758',
    segmentId: 'specialistische-ambulante-behandeling',
    allocations: makeAllocations(400, { firstNummer: 880_000, perClient: 4 }),
  });
  app = await buildServer({
    database: s.database,
    now: () => NOW,
    logger: false,
    xmlLimits: { declarationBytes: DECLARATION_LIMIT, messageBytes: MESSAGE_LIMIT },
  });
  await upsertUser(s.database.db, {
    username: 'aanbieder.stroom',
    displayName: 'Aanbieder stroom',
    role: 'aanbieder',
    password: 'demo',
    regionId: 'wbo',
    providerId: world.providerId,
  });
});
afterAll(async () => {
  await app?.close();
  await s?.database.close();
  await testDb?.drop();
});

describe('POST /ijw/messages reads its body as a stream', () => {
  it('a declaration (JW323) of about 1.6 MB, over 16 times the message limit, is settled from the stream: 200 with its JW325', async () => {
    // One debit of 4 hours per allocation (400) plus 2,000 lines on allocations that do not exist
    // (rejected: no allocation), all in June 2026: about 1.6 MB, more than the 1 MB the route reads ahead for the Header.
    const lines = world.allocations.map((a, i) => debit(a, { ref: `GROOT-${i}`, month: '2026-06', volume: 4 }));
    for (let i = 0; i < 2000; i++) lines.push({ ...debit(world.allocations[i % 400]!, { ref: `GROOT-X${i}`, month: '2026-06' }), nummer: 890_000 + i });
    const m = buildJw323({ agb: AGB, ontvanger: '0758', identificatie: 'GROOT1', month: '2026-06', dagtekening: '2026-11-05' }, lines);
    expect(m.bytes.byteLength).toBeGreaterThan(1.5 * 1024 * 1024);

    const res = await post(pieces(m.bytes, 16 * 1024));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ message: 'JW323' });
    expect(body.retour).toContain('<jw325:Bericht');
    // By hand: 400 debits of 4 hours at the product's contract tariff approved, the 2,000 lines without an allocation rejected.
    const approved = world.allocations.reduce((sum, a) => sum + 4 * PRICE[a.productCode]!, 0);
    const [d] = rowsOf<{ lines: string; rejected: string; approved: string }>(
      await s.database.db.execute(
        sql`select count(*)::text as lines, count(*) filter (where not approved)::text as rejected, coalesce(sum(amount_cents) filter (where approved), 0)::text as approved
            from declaration_lines where declaration_id = ${body.id}`,
      ),
    );
    expect(d).toEqual({ lines: '2400', rejected: '2000', approved: String(approved) });
  });

  it('any other message over the message limit: 413 in Dutch, nothing written', async () => {
    const before = await written();
    const jw315 = readFileSync(join(PROJECT_ROOT, 'test', 'fixtures', 'ijw', 'flow', 'JW315.xml'), 'utf8');
    const header = jw315.replace(/\{\{AFZENDER\}\}/g, AGB).replace(/\{\{ONTVANGER\}\}/g, '0758');
    const padded = Buffer.from(header.replace(/(<\/[^>]*Header>)/, `$1<!--${'x'.repeat(MESSAGE_LIMIT)}-->`));
    expect(padded.byteLength).toBeGreaterThan(MESSAGE_LIMIT);
    const res = await post(pieces(padded, 8192));
    expectProblem(res, 413);
    expect(res.json()).toMatchObject({ title: 'Bericht te groot', detail: 'een bericht mag hoogstens 64 kB groot zijn (65536 bytes)' });
    expect(await written()).toBe(before);
  });

  it('a declaration over the declaration limit: 413 in Dutch, nothing written', async () => {
    const before = await written();
    const m = buildJw323({ agb: AGB, ontvanger: '0758', identificatie: 'TEGROOT', month: '2026-10', dagtekening: '2026-11-05' }, [
      debit(world.allocations[0]!, { ref: 'TEGROOT-1', month: '2026-11' }),
    ]);
    const padded = Buffer.from(
      new TextDecoder().decode(m.bytes).replace('<jw323:Declaratie>', `${`<!--${'x'.repeat(1000)}-->`.repeat(DECLARATION_LIMIT / 1000)}<jw323:Declaratie>`),
    );
    const res = await post(pieces(padded, 64 * 1024));
    expectProblem(res, 413);
    expect(res.json().detail).toBe('een bericht mag hoogstens 4 MB groot zijn (4194304 bytes)');
    expect(await written()).toBe(before);
  });

  it('a truncated declaration: 400 (onbruikbaar), nothing written', async () => {
    const before = await written();
    const m = buildJw323({ agb: AGB, ontvanger: '0758', identificatie: 'KORT1', month: '2026-10', dagtekening: '2026-11-05' }, [
      debit(world.allocations[1]!, { ref: 'KORT-1', month: '2026-11' }),
    ]);
    const res = await post(pieces(m.bytes.subarray(0, m.bytes.byteLength - 40), 1024));
    expectProblem(res, 400);
    expect(res.json().detail).toMatch(/onbruikbaar/);
    expect(await written()).toBe(before);
  });
});
