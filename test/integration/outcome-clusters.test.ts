/**
 * The outcome form's cluster of result areas, through HTTP (Fastify inject): the region's landscape
 * (the read the case screen already has) lists its clusters with their Dutch names from the profile
 * (Haaglanden, seed 002 "Clusters van resultaatgebieden"), none for WBO; an outcome with a cluster
 * is stored for Haaglanden and refused in Dutch for WBO. The landscape also carries the age limit
 * of a jeugdige, read from the Jeugdwet's law file (wetten/jeugdwet).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer } from '../../src/api/server.js';
import { allocationOutcomes, allocations, users } from '../../src/db/schema.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';
import { demoUsers } from '../helpers/api.js';

const TODAY = '2026-11-22';
let testDb: TestDb;
let s: Started;
let app: FastifyInstance;
const { get, post } = demoUsers(() => app);

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { demo: ['haaglanden', 'wbo'], today: TODAY, scale: 0.02, demoFunding: ['haaglanden'], demoFundingYears: 1 });
  app = await buildServer({ database: s.database, demo: true, now: () => new Date(`${TODAY}T12:00:00Z`) });
}, 600_000);
afterAll(async () => {
  await app?.close();
  await s?.database.close();
  await testDb?.drop();
});

/** An (ended) allocation in the local team's municipality without an outcome of the parent yet. */
async function endedAllocation(regionId: string, username: string, ended = true): Promise<number | undefined> {
  const db = s.database.db;
  const [t] = await db.select().from(users).where(eq(users.username, username));
  const [a] = await db
    .select({ nummer: allocations.toewijzingNummer })
    .from(allocations)
    .where(
      and(
        eq(allocations.regionId, regionId),
        eq(allocations.municipalityCode, t!.municipalityCode!),
        ...(ended ? [isNotNull(allocations.stopdatum), sql`${allocations.stopdatum} <= ${TODAY}`] : []),
        sql`not exists (select 1 from ${allocationOutcomes} o where o.allocation_id = ${allocations.id} and o.informant = 'ouder')`,
      ),
    )
    .limit(1);
  return a?.nummer ?? undefined;
}

describe('clusters of result areas on the outcome form', () => {
  it("the landscape lists Haaglanden's clusters by their Dutch names, none for WBO; the age limit comes from the law file", async () => {
    const hl = await get('toegang.haaglanden', '/api/v1/regions/haaglanden/landscape');
    expect(hl.statusCode, hl.body).toBe(200);
    const clusters = hl.json().resultClusters as { id: string; name: string }[];
    expect(clusters.length).toBeGreaterThan(1);
    expect(clusters).toContainEqual({ id: 'psychosociaal-functioneren-gezinscommunicatie', name: 'Psychosociaal functioneren en gezinscommunicatie' });
    expect(hl.json().careAgeLimit).toBe(23);
    const wbo = await get('toegang.wbo', '/api/v1/regions/wbo/landscape');
    expect(wbo.json().resultClusters).toEqual([]);
  });

  it('an outcome with a cluster is stored for Haaglanden and refused in Dutch for WBO', async () => {
    const nummer = await endedAllocation('haaglanden', 'toegang.haaglanden');
    expect(nummer, 'an ended Haaglanden allocation of the local team without a parent measurement').toBeDefined();
    const res = await post('toegang.haaglanden', `/api/v1/regions/haaglanden/allocations/${nummer}/outcome`, {
      informant: 'ouder',
      gemetenOp: TODAY,
      doelrealisatiePct: 70,
      resultaatcluster: 'psychosociaal-functioneren-gezinscommunicatie',
    });
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await s.database.db
      .select({ c: allocationOutcomes.resultaatcluster })
      .from(allocationOutcomes)
      .where(and(eq(allocationOutcomes.regionId, 'haaglanden'), eq(allocationOutcomes.toewijzingNummer, nummer!), eq(allocationOutcomes.informant, 'ouder')));
    expect(row!.c).toBe('psychosociaal-functioneren-gezinscommunicatie');
    // WBO (no demo funding here, so maybe no ended allocation): the cluster is refused before the end date is looked at.
    const w = await endedAllocation('wbo', 'toegang.wbo', false);
    expect(w, 'a WBO allocation of the local team').toBeDefined();
    {
      const refused = await post('toegang.wbo', `/api/v1/regions/wbo/allocations/${w}/outcome`, {
        informant: 'ouder',
        gemetenOp: TODAY,
        doelrealisatiePct: 70,
        resultaatcluster: 'psychosociaal-functioneren-gezinscommunicatie',
      });
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json().detail).toMatch(/geen clusters van resultaatgebieden/);
    }
  });
});
