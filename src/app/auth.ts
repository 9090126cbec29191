/**
 * Local accounts, OpenID Connect identities and sessions. Passwords are stored as scrypt hashes
 * (computed off the event loop; an unknown account costs the same work), session tokens only as
 * SHA-256 hashes. Failed logins are counted per account and address in the database, so every
 * instance throttles alike (rule: src/domain/access/login-throttle.ts).
 */
import { TABS_BY_ROLE, type Tab } from '../domain/access/navigation.js';
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNull, lt } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.js';
import { loginFailures, municipalities, providers, sessions, users } from '../db/schema.js';
import { ROLES, scopeProblem, type Role, type UserScope } from '../domain/access/roles.js';
import { retryAfterSeconds, THROTTLE } from '../domain/access/login-throttle.js';
import { AppError, BadInput, Forbidden, NotFound, TooManyAttempts, Unauthenticated } from './errors.js';

export const SESSION_HOURS = 12;

const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function scryptAsync(password: string, salt: Buffer, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, length, SCRYPT, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string, salt = randomBytes(16)): Promise<string> {
  const key = await scryptAsync(password, salt, 32);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(expected, actual);
}

/** Hash checked for unknown accounts, so they cost the same work as known ones. */
let dummyHash: Promise<string> | undefined;
const unknownUserHash = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  /** Null: the account logs in only through OpenID Connect. */
  password: string | null;
  regionId: string | null;
  municipalityCode?: string | null;
  providerId?: number | null;
  /** A demo account: logs in only when the server runs with --demo. */
  demo?: boolean;
  oidcSubject?: string | null;
}

/** Creates or updates a user; refuses a role without the scope it needs. */
export async function upsertUser(db: Db, u: NewUser): Promise<number> {
  if (!ROLES.includes(u.role)) throw new BadInput(`onbekende rol "${u.role}" (bekend: ${ROLES.join(', ')})`);
  if (!/^[A-Za-z0-9._@-]{1,100}$/.test(u.username)) throw new BadInput('een gebruikersnaam bestaat uit 1 tot 100 letters, cijfers en . _ @ -');
  const scope = { role: u.role, regionId: u.regionId, municipalityCode: u.municipalityCode ?? null, providerId: u.providerId ?? null };
  const problem = scopeProblem(scope);
  if (problem) throw new BadInput(`gebruiker ${u.username}: ${problem}`);
  const values = {
    username: u.username,
    displayName: u.displayName,
    passwordHash: u.password === null ? null : await hashPassword(u.password),
    demo: u.demo ?? false,
    disabledAt: null,
    ...(u.oidcSubject !== undefined ? { oidcSubject: u.oidcSubject } : {}),
    ...scope,
  };
  const [row] = await db.insert(users).values(values).onConflictDoUpdate({ target: users.username, set: values }).returning({ id: users.id });
  forgetSessions(db, { userId: row!.id });
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

export interface LoginAttempt {
  username: string;
  password: string;
  /** The client's address (throttling key). */
  address: string;
  /** Demo mode: demo accounts may log in. */
  demoMode: boolean;
  /** browser: HttpOnly cookie; token: bearer token for API clients. */
  kind: 'browser' | 'token';
}

/** Seconds to wait before this account may be tried from this address, or null. */
async function throttled(db: Db, username: string, address: string, now: Date): Promise<number | null> {
  const since = new Date(now.getTime() - THROTTLE.windowMs);
  const rows = await db
    .select({ at: loginFailures.at, username: loginFailures.username })
    .from(loginFailures)
    .where(and(eq(loginFailures.address, address), gt(loginFailures.at, since)));
  return retryAfterSeconds(
    { account: rows.filter((r) => r.username === username).map((r) => r.at.getTime()), address: rows.map((r) => r.at.getTime()) },
    now.getTime(),
  );
}

/**
 * Logs in with a local account. Throws 429 (TooManyAttempts) while the account or address is
 * throttled (the password is then not checked) and 401 for an unknown account, a wrong password,
 * a disabled account or a demo account outside demo mode (one answer for all).
 */
export async function login(db: Db, a: LoginAttempt, now: Date): Promise<{ token: string; user: PublicUser; expiresAt: Date }> {
  const wait = await throttled(db, a.username, a.address, now);
  if (wait !== null) throw new TooManyAttempts(wait);
  const [u] = await db.select().from(users).where(eq(users.username, a.username));
  const usable = !!u && u.passwordHash !== null && u.disabledAt === null && (!u.demo || a.demoMode);
  const ok = await verifyPassword(a.password, usable ? u.passwordHash! : await unknownUserHash());
  if (!ok || !usable) {
    await db.insert(loginFailures).values({ at: now, username: a.username, address: a.address });
    throw new Unauthenticated('onbekende gebruiker of onjuist wachtwoord');
  }
  // A success wipes this account's failures from this address; it never counts itself.
  await db.delete(loginFailures).where(and(eq(loginFailures.username, a.username), eq(loginFailures.address, a.address)));
  return { ...(await createSession(db, u.id, a.kind, now)), user: publicUser(u) };
}

async function createSession(db: Db, userId: number, kind: 'browser' | 'token', now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  await db.transaction(async (tx) => {
    await tx.delete(sessions).where(lt(sessions.expiresAt, now));
    await tx.delete(loginFailures).where(lt(loginFailures.at, new Date(now.getTime() - THROTTLE.windowMs)));
    await tx.insert(sessions).values({ tokenHash: tokenHash(token), userId, kind, expiresAt, lastSeenAt: now });
  });
  return { token, expiresAt };
}

function publicUser(u: typeof users.$inferSelect): PublicUser {
  return {
    username: u.username,
    displayName: u.displayName,
    role: u.role as Role,
    regionId: u.regionId,
    municipalityCode: u.municipalityCode,
    providerId: u.providerId,
  };
}

export interface UserView extends PublicUser {
  municipalityName: string | null;
  providerName: string | null;
  /** The tabs of the web app this role may use (domain/access/navigation.ts). */
  tabs: readonly Tab[];
}

/** The user as the web app shows it: scope with names instead of codes. */
export async function describeUser(db: Db, u: PublicUser): Promise<UserView> {
  const [m] =
    u.municipalityCode && u.regionId
      ? await db
          .select({ name: municipalities.name })
          .from(municipalities)
          .where(and(eq(municipalities.regionId, u.regionId), eq(municipalities.code, u.municipalityCode)))
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

export interface SessionPolicy {
  demoMode: boolean;
  idleMinutes: number;
  /**
   * How long this process may answer a session from memory (milliseconds of real time; default
   * $REGIEKAMER_SESSION_CACHE_SECONDS or 5 s; 0: every request reads the database). A session ended
   * in this process (logout, account disabled, account changed) stops at once; one ended by another
   * instance or by plain SQL stops here within this bound. Expiry and the idle timeout are checked
   * against the stored times at every request, also from memory.
   */
  cacheMs?: number;
}

type SessionUser = UserScope & { displayName: string };
interface KeptSession {
  user: SessionUser;
  demo: boolean;
  /** Real time (Date.now) until which the entry may be used. */
  until: number;
  expiresAt: number;
  lastSeenAt: number;
}
/** Sessions answered from memory, per database (issue #14: one statement less per request under many users). */
const keptSessions = new WeakMap<object, Map<string, KeptSession>>();
const KEPT_SESSIONS_MAX = 10_000;
const defaultSessionCacheMs = () => {
  const seconds = Number(process.env.REGIEKAMER_SESSION_CACHE_SECONDS ?? 5);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
};

export type ForgetSessions = { hashes?: readonly string[]; userId?: number } | 'all';
let forgetListener: ((which: ForgetSessions) => void) | null = null;
/** Told of every session forgotten here (`serve --workers`: the other API processes forget it too, at once). */
export function onSessionsForgotten(listener: ((which: ForgetSessions) => void) | null): void {
  forgetListener = listener;
}

/**
 * Forgets sessions kept in memory: by token hash, by user, or all (a session or account ended or
 * changed in this process). `relayed`: told by another process of the same server; not passed on.
 */
export function forgetSessions(db: Db, which: ForgetSessions, relayed = false): void {
  if (!relayed) forgetListener?.(which);
  const kept = keptSessions.get(db);
  if (!kept) return;
  if (which === 'all') return kept.clear();
  for (const h of which.hashes ?? []) kept.delete(h);
  if (which.userId !== undefined) for (const [h, e] of kept) if (e.user.userId === which.userId) kept.delete(h);
}

/**
 * The user of a session token, or null when the token is unknown, expired, idle longer than the
 * idle timeout, or belongs to a disabled account (or a demo account outside demo mode).
 */
export async function resolveSession(db: Db, token: string | undefined, now: Date, policy: SessionPolicy): Promise<SessionUser | null> {
  if (!token) return null;
  const hash = tokenHash(token);
  const cacheMs = policy.cacheMs ?? defaultSessionCacheMs();
  const idleMs = policy.idleMinutes * 60_000;
  const kept = keptSessions.get(db);
  const hit = cacheMs > 0 ? kept?.get(hash) : undefined;
  if (hit && Date.now() < hit.until && hit.expiresAt > now.getTime() && hit.lastSeenAt > now.getTime() - idleMs && now.getTime() - hit.lastSeenAt <= 60_000)
    return hit.demo && !policy.demoMode ? null : hit.user;
  const idleSince = new Date(now.getTime() - idleMs);
  const [row] = await db
    .select({ user: users, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, hash), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, idleSince), isNull(users.disabledAt)));
  if (!row) {
    kept?.delete(hash);
    return null;
  }
  if (row.user.demo && !policy.demoMode) return null;
  // Touch at most once a minute: the idle clock, without a write per request.
  let lastSeenAt = row.lastSeenAt.getTime();
  if (now.getTime() - lastSeenAt > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, hash));
    lastSeenAt = now.getTime();
  }
  const u = row.user;
  const user: SessionUser = {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role as Role,
    regionId: u.regionId,
    municipalityCode: u.municipalityCode,
    providerId: u.providerId,
  };
  if (cacheMs > 0) {
    const map = kept ?? new Map<string, KeptSession>();
    keptSessions.set(db, map);
    if (map.size >= KEPT_SESSIONS_MAX) map.delete(map.keys().next().value!);
    map.set(hash, { user, demo: u.demo, until: Date.now() + cacheMs, expiresAt: row.expiresAt.getTime(), lastSeenAt });
  }
  return user;
}

/** Ends every session whose token is given (cookie and bearer token of one request). */
export async function logout(db: Db, tokens: readonly string[]): Promise<void> {
  if (tokens.length === 0) return;
  forgetSessions(db, { hashes: tokens.map(tokenHash) });
  await db.delete(sessions).where(inArray(sessions.tokenHash, tokens.map(tokenHash)));
}

// ---------------------------------------------------------------- administration (CLI)

export interface AccountRow {
  username: string;
  displayName: string;
  role: Role;
  regionId: string | null;
  municipalityCode: string | null;
  providerId: number | null;
  login: 'wachtwoord' | 'organisatie' | 'beide';
  demo: boolean;
  disabled: boolean;
}

export async function listAccounts(db: Db): Promise<AccountRow[]> {
  const rows = await db.select().from(users).orderBy(asc(users.regionId), asc(users.username));
  return rows.map((u) => ({
    username: u.username,
    displayName: u.displayName,
    role: u.role as Role,
    regionId: u.regionId,
    municipalityCode: u.municipalityCode,
    providerId: u.providerId,
    login: u.passwordHash && u.oidcSubject ? 'beide' : u.passwordHash ? 'wachtwoord' : 'organisatie',
    demo: u.demo,
    disabled: u.disabledAt !== null,
  }));
}

/** Creates a new account (refuses an existing name). */
export async function createAccount(db: Db, u: NewUser): Promise<void> {
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.username, u.username));
  if (existing) throw new AppError(409, 'Bestaat al', `gebruiker ${u.username} bestaat al`);
  if (u.password !== null && u.password.length < 12) throw new BadInput('een wachtwoord heeft minstens 12 tekens');
  await upsertUser(db, u);
}

/** Disables an account and ends its sessions. */
export async function disableAccount(db: Db, username: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [u] = await tx.update(users).set({ disabledAt: now }).where(eq(users.username, username)).returning({ id: users.id });
    if (!u) throw new NotFound(`gebruiker ${username} bestaat niet`);
    await tx.delete(sessions).where(eq(sessions.userId, u.id));
    forgetSessions(db, { userId: u.id });
  });
}

/** The provider (id) with this AGB code in the region, for accounts scoped to a provider. */
export async function providerByAgb(db: Tx, regionId: string, agbCode: string): Promise<number> {
  const [p] = await db
    .select({ id: providers.id })
    .from(providers)
    .where(and(eq(providers.regionId, regionId), eq(providers.agbCode, agbCode)));
  if (!p) throw new BadInput(`geen aanbieder met AGB-code ${agbCode} in regio ${regionId}`);
  return p.id;
}

// ---------------------------------------------------------------- OpenID Connect

export interface OidcIdentity {
  /** `<issuer> <sub>`. */
  subject: string;
  username: string;
  displayName: string;
  role?: string;
  regionId?: string;
  municipalityCode?: string;
  /** AGB code of the provider. */
  providerAgb?: string;
}

/**
 * Logs in an identity confirmed by the OpenID provider. With provisioning `claims` the account
 * is created or updated from the claims (role, region, municipality, provider); with `admin` an
 * administrator created it beforehand (`regiekamer users add --oidc`), and the identity is linked
 * to it on its first login.
 */
export async function loginWithOidc(db: Db, id: OidcIdentity, provisioning: 'claims' | 'admin', now: Date): Promise<{ token: string; user: PublicUser }> {
  let [u] = await db.select().from(users).where(eq(users.oidcSubject, id.subject));
  if (provisioning === 'claims') {
    const role = id.role as Role;
    if (!id.role || !ROLES.includes(role)) throw new Forbidden('uw organisatie heeft u geen (bekende) rol in Regiekamer Jeugd gegeven');
    const regionId = id.regionId ?? null;
    const providerId = id.providerAgb && regionId ? await providerByAgb(db, regionId, id.providerAgb) : null;
    const scope = { role, regionId, municipalityCode: id.municipalityCode ?? null, providerId };
    const problem = scopeProblem(scope);
    if (problem) throw new Forbidden(`uw organisatie gaf een onvolledige rol door: ${problem}`);
    if (u?.disabledAt) throw new Forbidden('dit account is uitgeschakeld');
    const values = { displayName: id.displayName, ...scope };
    if (u) {
      await db.update(users).set(values).where(eq(users.id, u.id));
      forgetSessions(db, { userId: u.id }); // the role or scope the organisation gives may have changed
    } else {
      // The account name is the one the organisation gives; a clash with a local account gets the subject appended.
      const [clash] = await db.select({ id: users.id }).from(users).where(eq(users.username, id.username));
      const username = clash ? `${id.username}#${createHash('sha256').update(id.subject).digest('hex').slice(0, 8)}` : id.username;
      await db.insert(users).values({ username, passwordHash: null, oidcSubject: id.subject, ...values });
    }
    [u] = await db.select().from(users).where(eq(users.oidcSubject, id.subject));
  } else if (!u) {
    // An account made by an administrator for this organisation login (no password, not linked yet).
    const [pre] = await db
      .select()
      .from(users)
      .where(and(eq(users.username, id.username), isNull(users.oidcSubject), isNull(users.passwordHash), eq(users.demo, false)));
    if (!pre) throw new Forbidden('er is geen account voor u aangemaakt; vraag uw beheerder');
    await db.update(users).set({ oidcSubject: id.subject }).where(eq(users.id, pre.id));
    u = { ...pre, oidcSubject: id.subject };
  }
  if (!u || u.disabledAt) throw new Forbidden('dit account is uitgeschakeld');
  const { token } = await createSession(db, u.id, 'browser', now);
  return { token, user: publicUser(u) };
}
