/**
 * fundingView (src/app/funding/spend-scope.ts) reads the region and the name of the user's
 * municipality or provider in one statement (issue #14: every funding read and declaration asks it
 * first). The views and refusals are those of DESIGN "Data principles": regional roles the region,
 * a municipality its own part, a provider its own, the local team nothing, another region nothing.
 * Names and codes from profiles/wbo/2027-01-01.yaml (seed 003 §1.1: Breda is 0758).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, ne } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { fundingView } from '../../src/app/funding/spend-scope.js';
import { providers } from '../../src/db/schema.js';
import type { UserScope } from '../../src/domain/access/roles.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

let testDb: TestDb;
let s: Started;
const user = (u: Partial<UserScope>): UserScope => ({
  userId: 1,
  username: 't',
  role: 'controller',
  regionId: 'wbo',
  municipalityCode: null,
  providerId: null,
  ...u,
});

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { demo: ['wbo', 'holland-rijnland'], today: '2026-11-22', scale: 0.02 });
});
afterAll(async () => {
  await s?.database.close();
  await testDb?.drop();
});

describe('fundingView', () => {
  it('a regional role sees the region under its name', async () => {
    expect(await fundingView(s.database.db, user({}), 'wbo', ['region'])).toEqual({ kind: 'region', label: 'Regio West-Brabant Oost Jeugd' });
  });

  it('a municipality sees its own part under its name; an unknown code keeps the code', async () => {
    expect(await fundingView(s.database.db, user({ role: 'gemeente', municipalityCode: '0758' }), 'wbo', ['municipality'])).toEqual({
      kind: 'municipality',
      municipalityCode: '0758',
      label: 'gemeente Breda',
    });
    const unknown = await fundingView(s.database.db, user({ role: 'gemeente', municipalityCode: '9999' }), 'wbo', ['municipality']);
    expect(unknown.label).toBe('gemeente 9999');
  });

  it('a provider sees its own part under its AGB code and name; a provider of another region is refused', async () => {
    const [p] = await s.database.db.select().from(providers).where(eq(providers.regionId, 'wbo')).limit(1);
    expect(await fundingView(s.database.db, user({ role: 'aanbieder', providerId: p!.id }), 'wbo', ['provider'])).toEqual({
      kind: 'provider',
      providerId: p!.id,
      agb: p!.agbCode,
      label: p!.name,
    });
    const [elsewhere] = await s.database.db.select().from(providers).where(ne(providers.regionId, 'wbo')).limit(1);
    await expect(fundingView(s.database.db, user({ role: 'aanbieder', providerId: elsewhere!.id }), 'wbo', ['provider'])).rejects.toThrow(
      'uw aanbieder is in deze regio niet bekend',
    );
  });

  it('refuses the local team, another region and a view the screen does not offer; an unknown region is not found', async () => {
    await expect(fundingView(s.database.db, user({ role: 'toegang', municipalityCode: '0758' }), 'wbo', ['municipality'])).rejects.toThrow('geen inzage');
    await expect(fundingView(s.database.db, user({ regionId: 'holland-rijnland' }), 'wbo', ['region'])).rejects.toThrow('andere regio');
    await expect(fundingView(s.database.db, user({ role: 'gemeente', municipalityCode: '0758' }), 'wbo', ['region'])).rejects.toThrow('niet beschikbaar');
    await expect(fundingView(s.database.db, user({}), 'geen-regio', ['region'])).rejects.toThrow('bestaat niet');
  });
});
