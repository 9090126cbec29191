/**
 * A declaration (JW323) in few round trips (issue #14: under 200 users every statement of a write
 * waits a turn of the server's event loop). Counted: the statements one declaration of one chunk
 * sends, from the moment the route hands its body over to the answer (on PostgreSQL BEGIN and
 * COMMIT included; PGlite runs those itself). And the answer to a resubmission, now found only by
 * the check inside the sender's lock: the same status, declaration, totals and JW325 as before,
 * and a resubmission by another provider refused as before, nothing stored.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { settleDeclarationStream } from '../../src/app/funding/settle.js';
import { loadRegionProfile } from '../../src/app/landscape.js';
import { upsertUser } from '../../src/app/auth.js';
import { buildServer } from '../../src/api/server.js';
import { providers } from '../../src/db/schema.js';
import { rowsOf } from '../../src/app/funding/settle-context.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';
import { statementsOf } from '../helpers/statements.js';
import { demoUsers, expectProblem } from '../helpers/api.js';
import { buildJw323, type BuiltDeclaration } from '../fixtures/funding/jw323.js';
import { createWorld, debit, makeAllocations, PRICE, type World } from '../fixtures/funding/world.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const AGB = '65656102';
const OTHER_AGB = '65656103';
let testDb: TestDb;
let s: Started;
let world: World;
let app: FastifyInstance;
const { send } = demoUsers(() => app);

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { today: '2026-11-22' });
  world = await createWorld(s.database.db, {
    regionId: 'wbo',
    agb: AGB,
    municipality: '0758',
    segmentId: 'specialistische-ambulante-behandeling',
    allocations: makeAllocations(6, { firstNummer: 880_000, perClient: 2 }),
  });
  const [other] = await s.database.db
    .insert(providers)
    .values({ regionId: 'wbo', agbCode: OTHER_AGB, name: 'Andere aanbieder', kind: 'jeugdhulpaanbieder' })
    .returning();
  app = await buildServer({ database: s.database, now: () => NOW, logger: false, xmlLimits: { declarationBytes: 64 * 1024, messageBytes: 64 * 1024 } });
  for (const [username, providerId] of [
    ['aanbieder.ronde', world.providerId],
    ['aanbieder.ander', other!.id],
  ] as const)
    await upsertUser(s.database.db, { username, displayName: username, role: 'aanbieder', password: 'demo', regionId: 'wbo', providerId });
});
afterAll(async () => {
  await app?.close();
  await s?.database.close();
  await testDb?.drop();
});

/** Six debits of 4 hours, one per allocation, and a debit on an allocation that does not exist (rejected). */
function declaration(id: string, month: string): BuiltDeclaration {
  const lines = world.allocations.map((a, i) => debit(a, { ref: `${id}-${i}`, month, volume: 4 }));
  lines.push({ ...debit(world.allocations[1]!, { ref: `${id}-X`, month }), nummer: 889_999 });
  return buildJw323({ agb: AGB, ontvanger: '0758', identificatie: id, month, dagtekening: '2026-11-05' }, lines);
}
/** By hand: 4 hours at the contract tariff of each allocation's product (world.ts PRICE). */
const approvedOf = () => world.allocations.reduce((sum, a) => sum + 4 * PRICE[a.productCode]!, 0);

const written = async () =>
  rowsOf<{ n: string }>(
    await s.database.db.execute(
      sql`select (select count(*) from declarations) || '/' || (select count(*) from declaration_lines) || '/' || (select count(*) from ijw_messages) as n`,
    ),
  )[0]!.n;

describe('a declaration in few round trips, with the same answers', () => {
  it('one declaration of one chunk: at most 6 statements from the body to the answer (PGlite 4), the lines settled as before', async () => {
    const m = declaration('RONDE1', '2026-06');
    await loadRegionProfile(s.database.db, 'wbo'); // as on a running server: the profile is kept, its version asked
    const { result, statements } = await statementsOf(s.database, () =>
      settleDeclarationStream(s.database.db, 'wbo', Readable.from([Buffer.from(m.bytes)]), NOW),
    );
    expect(result).toMatchObject({ duplicate: false, lines: 7, rejected: 1, approvedCents: approvedOf(), submittedCents: m.totalCents });
    // The profile's version, BEGIN, the sender's lock with provider, allocations and tariffs, the
    // duplicate check with ceilings, earlier lines and totals, the declaration with message,
    // answer and lines, COMMIT (PGlite runs BEGIN and COMMIT itself).
    console.log(`statements per declaration (${s.database.kind}): ${statements.length}\n  ${statements.join('\n  ')}`);
    expect(statements.length).toBeLessThanOrEqual(s.database.kind === 'postgres' ? 6 : 4);
  });

  it('a resubmission over HTTP: 200 with the first answer (declaration, totals, JW325 as JSON and as XML); another provider 403, nothing stored', async () => {
    const m = declaration('RONDE2', '2026-07');
    const first = await send('aanbieder.ronde', 'POST', '/api/v1/ijw/declarations?region=wbo', 'application/xml', Buffer.from(m.bytes));
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ duplicate: false, lines: 7, rejected: 1, approvedCents: approvedOf(), submittedCents: m.totalCents });
    const before = await written();

    const again = await send('aanbieder.ronde', 'POST', '/api/v1/ijw/declarations?region=wbo', 'application/xml', Buffer.from(m.bytes));
    expect(again.statusCode).toBe(200);
    const { duplicate, ...rest } = first.json() as Record<string, unknown>;
    expect(duplicate).toBe(false);
    expect(again.json()).toEqual({ ...rest, duplicate: true, signals: [] });
    expect(await written()).toBe(before);

    const token = (await demoUsers(() => app).as('aanbieder.ronde')).authorization;
    const asXml = await app.inject({
      method: 'POST',
      url: '/api/v1/ijw/declarations?region=wbo',
      headers: { authorization: token, 'content-type': 'application/xml', accept: 'application/xml' },
      payload: Buffer.from(m.bytes),
    });
    expect(asXml.statusCode).toBe(200);
    expect(asXml.body).toBe(first.json().answer);

    const other = await send('aanbieder.ander', 'POST', '/api/v1/ijw/declarations?region=wbo', 'application/xml', Buffer.from(m.bytes));
    const problem = expectProblem(other, 403);
    expect(problem.detail).toBe(`de declaratie is verstuurd met Afzender ${AGB}; u verstuurt alleen met uw eigen AGB-code ${OTHER_AGB}`);
    expect(await written()).toBe(before);
  });
});
