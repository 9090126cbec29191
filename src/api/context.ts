/**
 * What the route modules share with the server (src/api/server.ts builds it): the request context
 * (databases, clock, security settings, the signed-in user), problem+json answers and the session
 * cookie. Kept apart from server.ts so the route modules do not import the server that imports them.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie'; // the request's cookies (the plugin is registered in server.ts)
import type { Database } from '../db/database.js';
import type { RuleHit } from '../domain/access/access-rules.js';
import type { UserScope } from '../domain/access/roles.js';
import type { SecurityConfig } from './config.js';

export const SESSION_COOKIE = 'rk_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: (UserScope & { displayName: string }) | null;
  }
}

export interface XmlLimits {
  /** POST /ijw/declarations (a 100,000-line JW323 is about 70 MB). */
  declarationBytes: number;
  /** POST /ijw/messages for messages other than a declaration (read whole: parsed for the header, then validated); a JW323 sent there streams up to declarationBytes. */
  messageBytes: number;
}

export interface Ctx {
  db: Database['db'];
  /** Read models and dashboards (a read replica when DATABASE_READ_URL is set; else `db`). Never for a read that must see the caller's own write. */
  read: Database['db'];
  demo: boolean;
  now: () => Date;
  security: SecurityConfig;
  xmlLimits: XmlLimits;
  requireUser(req: FastifyRequest): UserScope & { displayName: string };
}

/** RFC 9457 problem details, as every API error is answered (application/problem+json). */
export interface ProblemDetails {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  /** 422 from an access command: the blocking region rules that refused it. */
  rules?: RuleHit[];
  /** 400 (schema) or 422 (a form guard of the domain): the fields with their Dutch message. */
  errors?: { field: string; message: string }[];
}

export function problem(reply: FastifyReply, status: number, title: string, detail: string, extra: Record<string, unknown> = {}) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title, status, detail, ...extra });
}

/** The session cookie: HttpOnly, SameSite=Strict, Secure when the request came over TLS. */
export function sessionCookieOptions(req: FastifyRequest) {
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: req.protocol === 'https', maxAge: 12 * 3600 };
}

/** The bearer token and the session cookie a request carries (both, when it sends both). */
export function credentials(req: FastifyRequest): { bearer?: string; cookie?: string } {
  const header = req.headers.authorization;
  const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  const cookieToken = req.cookies[SESSION_COOKIE];
  return { ...(bearer ? { bearer } : {}), ...(cookieToken ? { cookie: cookieToken } : {}) };
}
