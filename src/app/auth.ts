/**
 * Local accounts and sessions (demo and small installations; production uses OpenID Connect).
 * Passwords are stored as scrypt hashes, session tokens only as SHA-256 hashes.
 */
import { TABS_BY_ROLE, type Tab } from '../domain/access/navigation.js';
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { municipalities, providers, sessions, users } from '../db/schema.js';
import { ROLES, scopeProblem, type Role, type UserScope } from '../domain/access/roles.js';
import { BadInput, Unauthenticated } from './errors.js';

const SESSION_HOURS = 12;

export function hashPassword(password: string, salt = randomBytes(16)): string {
  const key = scryptSync(password, salt, 32);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [kind, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(expected, actual);
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  regionId: string | null;
  municipalityCode?: string | null;
  providerId?: number | null;
}

/** Creates or updates a user; refuses a role without the scope it needs. */
export async function upsertUser(db: Db, u: NewUser): Promise<number> {
  if (!ROLES.includes(u.role)) throw new BadInput(`unknown role "${u.role}"`);
  const scope = { role: u.role, regionId: u.regionId, municipalityCode: u.municipalityCode ?? null, providerId: u.providerId ?? null };
  const problem = scopeProblem(scope);
  if (problem) throw new BadInput(`user ${u.username}: ${problem}`);
  const values = { username: u.username, displayName: u.displayName, passwordHash: hashPassword(u.password), ...scope };
  const [row] = await db
    .insert(users)
    .values(values)
    .onConflictDoUpdate({ target: users.username, set: values })
    .returning({ id: users.id });
  return row!.id;
}

export interface PublicUser {
  username: string;
  displayName: string;
  role: Role;
  regionId: string | null;
  municipalityCode: string | null;
  providerId: number | null;
}

export async function login(db: Db, username: string, password: string, now: Date): Promise<{ token: string; user: PublicUser }> {
  const [u] = await db.select().from(users).where(eq(users.username, username));
  // Same error for unknown user and wrong password.
  if (!u || !verifyPassword(password, u.passwordHash)) throw new Unauthenticated('onbekende gebruiker of onjuist wachtwoord');
  const token = randomBytes(32).toString('base64url');
  await db.transaction(async (tx) => {
    await tx.delete(sessions).where(lt(sessions.expiresAt, now));
    await tx.insert(sessions).values({ tokenHash: tokenHash(token), userId: u.id, expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000) });
  });
  return { token, user: publicUser(u) };
}

function publicUser(u: typeof users.$inferSelect): PublicUser {
  return { username: u.username, displayName: u.displayName, role: u.role as Role, regionId: u.regionId, municipalityCode: u.municipalityCode, providerId: u.providerId };
}

export interface UserView extends PublicUser {
  municipalityName: string | null;
  providerName: string | null;
  /** The tabs of the web app this role may use (domain/access/navigation.ts). */
  tabs: readonly Tab[];
}

/** The user as the web app shows it: scope with names instead of codes. */
export async function describeUser(db: Db, u: PublicUser): Promise<UserView> {
  const [m] = u.municipalityCode && u.regionId
    ? await db.select({ name: municipalities.name }).from(municipalities).where(and(eq(municipalities.regionId, u.regionId), eq(municipalities.code, u.municipalityCode)))
    : [];
  const [p] = u.providerId !== null ? await db.select({ name: providers.name }).from(providers).where(eq(providers.id, u.providerId)) : [];
  return {
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    regionId: u.regionId,
    municipalityCode: u.municipalityCode,
    providerId: u.providerId,
    municipalityName: m?.name ?? null,
    providerName: p?.name ?? null,
    tabs: TABS_BY_ROLE[u.role],
  };
}

export async function resolveSession(db: Db, token: string | undefined, now: Date): Promise<(UserScope & { displayName: string }) | null> {
  if (!token) return null;
  const [row] = await db
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash(token)), gt(sessions.expiresAt, now)));
  if (!row) return null;
  const u = row.user;
  return { userId: u.id, username: u.username, displayName: u.displayName, role: u.role as Role, regionId: u.regionId, municipalityCode: u.municipalityCode, providerId: u.providerId };
}

export async function logout(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash(token)));
}
