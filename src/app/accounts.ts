/** Listing of local accounts for the demo login screen. */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { users } from '../db/schema.js';
import { municipalities, regions } from '../db/schema-landscape.js';
import type { Role } from '../domain/access/roles.js';

/** The shared password of the demo accounts (only demo mode has them; src/demo makes them). */
export const DEMO_PASSWORD = 'demo';

export interface DemoAccountView {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  regionId: string | null;
  scope: string;
}

/** The demo accounts (shared demo password); only served in demo mode. */
export async function listDemoAccounts(db: Db): Promise<DemoAccountView[]> {
  const rows = await db
    .select({ u: users, regionName: regions.name, municipalityName: municipalities.name })
    .from(users)
    .leftJoin(regions, eq(regions.id, users.regionId))
    .leftJoin(municipalities, and(eq(municipalities.regionId, users.regionId), eq(municipalities.code, users.municipalityCode)))
    .where(and(eq(users.demo, true), isNull(users.disabledAt)))
    .orderBy(asc(users.regionId), asc(users.username));
  // The scope as a user reads it: the municipality's and region's names, not their codes; a provider's
  // account names its provider already, so its scope is the region it works in.
  return rows.map(({ u, regionName, municipalityName }) => ({
    username: u.username,
    password: DEMO_PASSWORD,
    displayName: u.displayName,
    role: u.role as Role,
    regionId: u.regionId,
    scope: u.municipalityCode ? `gemeente ${municipalityName ?? u.municipalityCode}` : u.regionId ? (regionName ?? u.regionId) : 'alle regio’s',
  }));
}
