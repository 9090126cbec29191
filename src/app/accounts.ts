/** Listing of local accounts for the demo login screen. */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { providers, users } from '../db/schema.js';
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
    .select({ u: users, providerName: providers.name })
    .from(users)
    .leftJoin(providers, eq(providers.id, users.providerId))
    .where(and(eq(users.demo, true), isNull(users.disabledAt)))
    .orderBy(asc(users.regionId), asc(users.username));
  return rows.map(({ u, providerName }) => ({
    username: u.username,
    password: DEMO_PASSWORD,
    displayName: u.displayName,
    role: u.role as Role,
    regionId: u.regionId,
    scope: u.municipalityCode
      ? `gemeente ${u.municipalityCode}`
      : providerName
        ? `aanbieder ${providerName}`
        : u.regionId
          ? `regio ${u.regionId}`
          : 'alle regio’s',
  }));
}
