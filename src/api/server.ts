/**
 * HTTP API (Fastify 5) under /api/v1 with its OpenAPI 3 document, plus the built web app.
 * Handlers only parse input, resolve the user and call use cases.
 */
import { existsSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import type { Database } from '../db/database.js';
import { AppError, Unauthenticated } from '../app/errors.js';
import { resolveSession } from '../app/auth.js';
import type { UserScope } from '../domain/access/roles.js';
import { WEB_DIST_DIR } from '../paths.js';
import { registerRoutes } from './routes.js';
import { registerAccessRoutes } from './access-routes.js';
import { describeFieldErrors, dutchValidation } from './validation-messages.js';

export const SESSION_COOKIE = 'rk_session';

export interface ServerOptions {
  database: Database;
  /** Demo mode exposes the demo accounts. */
  demo?: boolean;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  logger?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: (UserScope & { displayName: string }) | null;
  }
}

export interface Ctx {
  db: Database['db'];
  demo: boolean;
  now: () => Date;
  requireUser(req: FastifyRequest): UserScope & { displayName: string };
}

export function problem(reply: FastifyReply, status: number, title: string, detail: string, extra: Record<string, unknown> = {}) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title, status, detail, ...extra });
}

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // The request log keeps the path without the query string: searches (q) may hold names and are never logged.
    logger: opts.logger
      ? { level: 'info', redact: ['req.headers.authorization', 'req.headers.cookie'], serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.split('?')[0] }) } }
      : false,
    bodyLimit: 1024 * 1024,
    // Unknown properties are an error, not silently dropped (zod .strict() schemas).
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });
  const now = opts.now ?? (() => new Date());
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Regiekamer Jeugd API', version: '1.0.0', description: 'Landscape, care use and access data of Dutch youth-care regions. Errors are application/problem+json (RFC 9457).' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }, bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });

  // iJw messages arrive as XML; the body is handed to the streaming validator unparsed.
  app.addContentTypeParser(['application/xml', 'text/xml'], (_req, payload, done) => done(null, payload));
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : req.cookies[SESSION_COOKIE];
    req.user = await resolveSession(opts.database.db, token, now());
  });

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof AppError) return problem(reply, err.status, err.title, err.message, err.extra);
    const e = err as { validation?: unknown; validationContext?: string; statusCode?: number; message: string };
    if (e.validation) {
      const errors = dutchValidation(e.validation, e.validationContext);
      return problem(reply, 400, 'Ongeldige invoer', describeFieldErrors(errors), { errors });
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return problem(reply, e.statusCode, 'Ongeldig verzoek', e.message);
    req.log.error(err);
    return problem(reply, 500, 'Interne fout', 'the server could not handle this request; nothing was changed');
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !existsSync(WEB_DIST_DIR)) return problem(reply, 404, 'Niet gevonden', `no route ${req.method} ${req.url.split('?')[0]}`);
    return reply.sendFile('index.html'); // client-side routes of the web app
  });

  const ctx: Ctx = {
    db: opts.database.db,
    demo: opts.demo ?? false,
    now,
    requireUser(req) {
      if (!req.user) throw new Unauthenticated();
      return req.user;
    },
  };
  await app.register(
    async (api) => {
      await registerRoutes(api, ctx);
      await registerAccessRoutes(api, ctx);
      await (await import('./funding-routes.js')).registerFundingRoutes(api, ctx);
      await (await import('./ijw-routes.js')).registerIjwRoutes(api, ctx);
      await (await import('./procurement-routes.js')).registerProcurementRoutes(api, ctx);
      await (await import('./contract-routes.js')).registerContractRoutes(api, ctx);
    },
    { prefix: '/api/v1' },
  );
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  if (existsSync(WEB_DIST_DIR)) {
    await app.register(fastifyStatic, { root: WEB_DIST_DIR, prefix: '/', wildcard: false });
  }
  return app;
}
