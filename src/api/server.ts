/**
 * HTTP API (Fastify 5) under /api/v1 with its OpenAPI 3 document, plus the built web app.
 * Handlers only parse input, resolve the user and call use cases.
 *
 * Hardening (issue #10): security headers (helmet), no-store on API answers (kept answers without personal data: private, no-cache with an ETag), JSON bodies only
 * (application/xml on the iJw routes), an Origin check for cookie-carrying state changes, a
 * request-body deadline, bounded numeric ids, problem+json for every error Fastify produces and
 * structured logs without BSNs, names or query strings.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Socket } from 'node:net';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import { withoutRequestReads, withRequestReads } from '../app/request-reads.js';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import type { Database } from '../db/database.js';
import { AppError, TooManyAttempts, Unauthenticated } from '../app/errors.js';
import { resolveSession } from '../app/auth.js';
import { WEB_DIST_DIR } from '../paths.js';
import { ZodError } from 'zod';
import { registerRoutes } from './routes.js';
import { registerAccessRoutes } from './access-routes.js';
import { DEFAULT_SECURITY, type SecurityConfig } from './config.js';
import { AUTHZ_MATRIX, decide, routeKey } from './authz-matrix.js';
import { auditDenied } from '../app/audit.js';
import { checkPurpose } from '../domain/audit/audit.js';
import { describeFieldErrors, dutchValidation } from './validation-messages.js';
import { dutchIssueMessage } from '../app/zod-messages.js';
import { SESSION_COOKIE, credentials, problem, type Ctx, type XmlLimits } from './context.js';
export type { XmlLimits } from './context.js';
import { registerFundingRoutes } from './funding-routes.js';
import { registerIjwRoutes } from './ijw-routes.js';
import { registerProcurementRoutes } from './procurement-routes.js';
import { registerContractRoutes } from './contract-routes.js';
import { registerOidcRoutes } from './oidc-routes.js';
import { registerSimulationRoutes } from './simulation-routes.js';
import { registerSteeringRoutes } from './steering-routes.js';
import { registerKeptAnswers, type KeptAnswers } from './kept-answers.js';

export { SESSION_COOKIE, credentials, problem, sessionCookieOptions, type Ctx } from './context.js';

export interface ServerOptions {
  database: Database;
  /** Demo mode exposes the demo accounts (and only then may they log in). */
  demo?: boolean;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** Log level (pino); default $REGIEKAMER_LOG_LEVEL or info. false: no logs. */
  logger?: boolean | string;
  /** Where logs go (tests capture them); default stdout. */
  logStream?: NodeJS.WritableStream;
  security?: Partial<SecurityConfig>;
  /** Largest JSON body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Largest iJw bodies in bytes (defaults: declarations 128 MiB, other messages 32 MiB); tests set small limits. */
  xmlLimits?: Partial<XmlLimits>;
  /** Room for kept answers of the heavy list and dashboard routes in MB (src/api/kept-answers.ts); default $REGIEKAMER_KEPT_ANSWERS_MB or 64; 0: none kept. */
  keptAnswersMb?: number;
  /** How long a session may be answered from this process's memory (ms); default $REGIEKAMER_SESSION_CACHE_SECONDS or 5 s; 0: none (src/app/auth.ts). */
  sessionCacheMs?: number;
}

const keptStores = new WeakMap<FastifyInstance, KeptAnswers>();
/** The kept-answer store of a server built by buildServer (its statistics: tests and the bench). */
export const keptAnswersOf = (app: FastifyInstance): KeptAnswers | undefined => keptStores.get(app);

/** A read of personal data refused by the matrix is in the audit trail too (who, what, when, why refused). */
async function logDeniedRead(ctx: Ctx, req: FastifyRequest, params: Record<string, string | undefined>, reason: string): Promise<void> {
  const [subjectType, subjectId] = params.caseId
    ? ['case', params.caseId]
    : params.youthId
      ? ['youth', params.youthId]
      : params.did
        ? ['declaration', params.did]
        : ['route', routeKey(req.method, req.routeOptions.url ?? '')];
  const q = (req.query ?? {}) as Record<string, unknown>;
  const given = typeof q.purpose === 'string' ? checkPurpose(q.purpose, typeof q.toelichting === 'string' ? q.toelichting : null) : null;
  const purpose = given?.ok ? { purposeCode: given.code, purpose: given.text ?? given.code } : { purposeCode: 'overig', purpose: 'geen geldig doel opgegeven' };
  const regionId = params.id && /^[a-z0-9-]{1,64}$/.test(params.id) ? params.id : null;
  await auditDenied(ctx.db, { user: req.user, subjectType, subjectId: String(subjectId).slice(0, 200), regionId, ...purpose, detail: { reden: reason } });
}

/** 9-digit numbers (BSN-like) masked in anything that is logged. */
const maskBsn = (s: string) => s.replace(/\d{9}/g, '*********');

/**
 * An error as logged: for a failed database query only the database's own message and code (the
 * query parameters can hold names and BSNs), the stack without its message line, BSN-like numbers masked.
 */
function logError(e: Error & { code?: string; statusCode?: number; cause?: unknown }) {
  const cause = e.cause as { code?: string; message?: string } | undefined;
  const db = e.message.startsWith('Failed query') && cause;
  const message = db ? `database: ${cause.message ?? ''}` : e.message;
  const frames = (e.stack ?? '')
    .split('\n')
    .filter((l) => l.startsWith('    at '))
    .join('\n');
  return { type: e.name, code: db ? cause.code : e.code, statusCode: e.statusCode, message: maskBsn(message), stack: maskBsn(frames) };
}

/** The PostgreSQL error code of an error (drizzle wraps driver errors in `cause`). */
const pgCode = (e: unknown): string | undefined => (e as { code?: string }).code ?? (e as { cause?: { code?: string } }).cause?.code;

const MAX_URL = 4096;
const MAX_ID = 2_147_483_647;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Dutch problem for the errors Fastify itself raises (by code). */
function frameworkProblem(code: string | undefined, status: number, message: string): { status: number; title: string; detail: string } | null {
  switch (code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, title: 'Verkeerd formaat', detail: 'stuur de gegevens als JSON (application/json); alleen iJw-berichten gaan als application/xml' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, title: 'Verzoek te groot', detail: 'het verzoek is groter dan deze route toestaat' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, title: 'Ongeldig verzoek', detail: 'de opgegeven lengte (Content-Length) klopt niet met het verzoek' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, title: 'Ongeldige invoer', detail: 'het verzoek zegt JSON te bevatten maar is leeg' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, title: 'Ongeldige invoer', detail: 'de inhoud is geen geldige JSON' };
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_INVALID_URL':
      return { status: 400, title: 'Ongeldig adres', detail: 'het adres (URL) van het verzoek is ongeldig' };
    case 'RK_BODY_TIMEOUT':
      return { status: 408, title: 'Verzoek te traag', detail: 'het verzoek werd niet op tijd volledig ontvangen' };
    default:
      if (status === 400 && /JSON/i.test(message)) return { status: 400, title: 'Ongeldige invoer', detail: 'de inhoud is geen geldige JSON' };
      return null;
  }
}

/**
 * One log line per request, on completion, with the request (method, masked path) in it, instead of
 * Fastify's two ("incoming request" and "request completed"): under many users the synchronous log
 * writes were a measurable share of the server's CPU (issue #14). Errors are logged as before.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) return super.requestCompleted(error, request, reply);
    request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const security: SecurityConfig = { ...DEFAULT_SECURITY, ...opts.security };
  const level = opts.logger === false ? 'silent' : typeof opts.logger === 'string' ? opts.logger : (process.env.REGIEKAMER_LOG_LEVEL ?? 'info');
  // HTTPS when a certificate is configured (typed as plain HTTP: the request and reply API is the same).
  const tlsOptions = security.tls ? { https: { cert: security.tls.cert, key: security.tls.key } } : {};
  const app = Fastify({
    logger: {
      level,
      ...(opts.logStream ? { stream: opts.logStream } : {}),
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[verborgen]' },
      serializers: {
        // Path only: query strings can carry purposes and filters; no headers, no bodies.
        req: (r: { method: string; url: string; id: string; ip?: string }) => ({
          id: r.id,
          method: r.method,
          path: maskBsn(r.url.split('?')[0]!),
          address: r.ip,
        }),
        res: (r: { statusCode: number }) => ({ statusCode: r.statusCode }),
        err: logError,
      },
    },
    genReqId: () => randomUUID(),
    logController: new OneLinePerRequest(),
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    trustProxy: security.trustProxy,
    // Backstop for the whole request; the body deadline below answers with problem+json first.
    requestTimeout: security.bodyTimeoutMs + 30_000,
    ...(tlsOptions as object),
    // Unknown properties are an error, not silently dropped (zod .strict() schemas).
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    frameworkErrors: (err, req, reply) => {
      if (req.url.length > MAX_URL) {
        void problem(reply, 414, 'Adres te lang', `het adres (URL) is langer dan ${MAX_URL} tekens`);
        return;
      }
      // A browser's address of the web app that cannot be decoded (e.g. /regio/%E0%A4%A): the web app, which
      // says in Dutch that the page does not exist, instead of the problem JSON on screen.
      const web = join(WEB_DIST_DIR, 'index.html');
      if (!req.url.startsWith('/api/') && /text\/html/.test(req.headers.accept ?? '') && existsSync(web)) {
        void (reply as unknown as FastifyReply).code(404).type('text/html; charset=utf-8').send(readFileSync(web));
        return;
      }
      const p = frameworkProblem((err as { code?: string }).code, 400, err.message) ?? {
        status: 400,
        title: 'Ongeldig verzoek',
        detail: 'het verzoek kon niet worden gelezen',
      };
      void problem(reply, p.status, p.title, p.detail);
    },
    clientErrorHandler: (err: Error & { code?: string }, socket: Socket) => {
      // Errors of the HTTP parser, before Fastify sees a request: answered as problem+json.
      const [status, title, detail] =
        err.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'Kopregels te groot', 'de kopregels (headers) van het verzoek zijn te groot']
          : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? [408, 'Verzoek te traag', 'het verzoek werd niet op tijd volledig ontvangen']
            : [400, 'Ongeldig verzoek', 'het verzoek kon niet worden gelezen'];
      if (socket.writable) {
        const body = JSON.stringify({ type: 'about:blank', title, status, detail });
        socket.end(
          `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      } else socket.destroy();
    },
  });
  const now = opts.now ?? (() => new Date());
  await app.register(cookie);
  // Security headers: helmet's middleware made once (the Fastify plugin built it anew for every
  // request, a few per cent of the server's CPU under 200 clients: issue #14).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // React and ECharts set style attributes; no inline scripts are needed anywhere.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // HSTS only over TLS (added below); the rest as helmet sets it (nosniff, frame options, ...).
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (req, reply, done) => securityHeaders(req.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)));
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Regiekamer Jeugd API',
        version: '1.0.0',
        description: 'Landscape, care use and access data of Dutch youth-care regions. Errors are application/problem+json (RFC 9457).',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }, bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });

  // Bodies are JSON only; iJw messages arrive as XML and are handed to the streaming reader unparsed.
  app.removeContentTypeParser('text/plain');
  // JSON as Fastify parses it (prototype poisoning refused), but no NUL characters: PostgreSQL text cannot hold them.
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (/\\u0000|\u0000/i.test(body as string))
      return done(Object.assign(new Error('de invoer bevat een NUL-teken (\\u0000); dat kan niet worden opgeslagen'), { statusCode: 400 }), undefined);
    return defaultJson(req, body as string, done);
  });
  // iJw messages arrive as XML; the body is handed to the streaming validator unparsed.
  app.addContentTypeParser(['application/xml', 'text/xml'], (_req, payload, done) => done(null, payload));
  app.decorateRequest('user', null);

  app.addHook('onRequest', async (req, reply) => {
    if (req.url.length > MAX_URL) return problem(reply, 414, 'Adres te lang', `het adres (URL) is langer dan ${MAX_URL} tekens`);
    if (!req.url.startsWith('/api/')) return;
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if ((type === 'application/xml' || type === 'text/xml') && !(req.routeOptions.url ?? '').startsWith('/api/v1/ijw/')) {
      return problem(reply, 415, 'Verkeerd formaat', 'alleen iJw-berichten (/api/v1/ijw/...) gaan als application/xml; stuur hier JSON');
    }
    const { bearer, cookie: cookieToken } = credentials(req);
    // A state change that carries the session cookie must come from our own pages (CSRF).
    if (cookieToken && !SAFE_METHODS.has(req.method)) {
      const origin = req.headers.origin;
      const own = `${req.protocol}://${req.host}`;
      if (!origin || (origin !== own && !security.allowedOrigins.includes(origin))) {
        req.log.warn({ event: 'origin-refused', origin: origin ?? null }, 'state change with session cookie from another origin');
        return problem(
          reply,
          403,
          'Geen toegang',
          'dit verzoek komt niet van de pagina’s van Regiekamer Jeugd (Origin ontbreekt of hoort niet bij deze server)',
        );
      }
    }
    req.user = await resolveSession(opts.database.db, bearer ?? cookieToken, now(), {
      demoMode: opts.demo ?? false,
      idleMinutes: security.idleMinutes,
      ...(opts.sessionCacheMs !== undefined ? { cacheMs: opts.sessionCacheMs } : {}),
    });
  });

  // Numeric ids in the path beyond PostgreSQL's integer: no such row (404), never a 500.
  app.addHook('preValidation', async (req, reply) => {
    const params = req.params as Record<string, unknown> | undefined;
    for (const v of Object.values(params ?? {})) {
      if (typeof v === 'string' && /^\d+$/.test(v) && (v.length > 10 || Number(v) > MAX_ID))
        return problem(reply, 404, 'Niet gevonden', 'geen gegevens met dit nummer');
    }
  });

  // The body must arrive within the deadline (a slow upload ties up a connection otherwise).
  app.addHook('preParsing', async (req, reply, payload) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody) return payload;
    const guarded = new PassThrough();
    const timer = setTimeout(() => {
      const err = Object.assign(new Error('request body timeout'), { code: 'RK_BODY_TIMEOUT', statusCode: 408 });
      guarded.destroy(err);
      payload.unpipe(guarded);
      req.raw.resume();
    }, security.bodyTimeoutMs);
    timer.unref();
    payload.on('end', () => clearTimeout(timer));
    payload.on('error', () => clearTimeout(timer));
    guarded.on('close', () => clearTimeout(timer));
    reply.raw.once('close', () => clearTimeout(timer));
    (guarded as unknown as { receivedEncodedLength?: number }).receivedEncodedLength = 0;
    payload.on('data', (c: Buffer) => ((guarded as unknown as { receivedEncodedLength: number }).receivedEncodedLength += c.length));
    return payload.pipe(guarded);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    if (req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    return payload;
  });

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof TooManyAttempts) reply.header('retry-after', String(err.retryAfter));
    if (err instanceof AppError) return problem(reply, err.status, err.title, err.message, err.extra);
    // A zod schema a handler or use case applies to what the route schema let through: the input's fault.
    if (err instanceof ZodError) {
      const errors = err.issues.map((i) => ({
        field: i.path.join('.') || 'invoer',
        message: dutchIssueMessage(i),
      }));
      return problem(reply, 400, 'Ongeldige invoer', errors.map((x) => `${x.field}: ${x.message}`).join('; '), { errors });
    }
    const e = err as { validation?: unknown; validationContext?: string; statusCode?: number; code?: string; message: string };
    if (e.validation) {
      const errors = dutchValidation(e.validation, e.validationContext);
      return problem(reply, 400, 'Ongeldige invoer', describeFieldErrors(errors), { errors });
    }
    // PostgreSQL: a number out of range for its column, or not a number at all.
    const sqlState = pgCode(err);
    // A value the database refuses as data (SQLSTATE class 22: out of range, bad format, NUL): the input's fault.
    if (typeof sqlState === 'string' && /^22[0-9A-Z]{3}$/.test(sqlState))
      return problem(reply, 400, 'Ongeldige invoer', 'een waarde valt buiten het toegestane bereik of formaat');
    const known = frameworkProblem(e.code, e.statusCode ?? 500, e.message);
    if (known) {
      // Read (and drop) what the client still sends, so it gets this answer instead of a reset;
      // a client too slow to send its body loses the connection.
      if (known.status === 413 || known.status === 408) req.raw.resume();
      if (known.status === 408) reply.header('connection', 'close');
      return problem(reply, known.status, known.title, known.detail);
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500)
      return problem(reply, e.statusCode, 'Ongeldig verzoek', 'het verzoek kon niet worden verwerkt');
    req.log.error({ err }, 'request failed');
    return problem(reply, 500, 'Interne fout', 'de server kon dit verzoek niet afhandelen; er is niets gewijzigd');
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !existsSync(WEB_DIST_DIR))
      return problem(reply, 404, 'Niet gevonden', `dit adres bestaat niet (${req.method} ${req.url.split('?')[0]!.slice(0, 200)})`);
    return reply.sendFile('index.html'); // client-side routes of the web app
  });

  const ctx: Ctx = {
    db: opts.database.db,
    read: opts.database.read ?? opts.database.db,
    demo: opts.demo ?? false,
    now,
    security,
    xmlLimits: { declarationBytes: 128 * 1024 * 1024, messageBytes: 32 * 1024 * 1024, ...opts.xmlLimits },
    requireUser(req) {
      if (!req.user) throw new Unauthenticated();
      return req.user;
    },
  };
  await app.register(
    async (api) => {
      // A read request remembers the data versions and load times it has read (src/app/request-reads.ts).
      api.addHook('onRequest', (req, _reply, done) => (req.method === 'GET' ? withRequestReads(done) : withoutRequestReads(done)));
      // Route-level least privilege from the one matrix (src/api/authz-matrix.ts), before any body is validated.
      api.addHook('preValidation', async (req, reply) => {
        const rule = AUTHZ_MATRIX[routeKey(req.method, req.routeOptions.url ?? '')];
        const params = (req.params ?? {}) as Record<string, string | undefined>;
        const query = (req.query ?? {}) as Record<string, unknown>;
        const d = decide(rule, req.user, { path: params.id, query: typeof query.region === 'string' ? query.region : undefined });
        if (d.allow) return;
        if (rule?.persoonsgegevens && req.method === 'GET') await logDeniedRead(ctx, req, params, d.reason);
        if (d.status === 401) throw new Unauthenticated();
        return problem(reply, d.status, d.status === 404 ? 'Niet gevonden' : 'Geen toegang', d.reason);
      });
      // Answers of the heavy list and dashboard routes kept per region data version and scope (after the matrix check).
      const keptMb = opts.keptAnswersMb ?? Number(process.env.REGIEKAMER_KEPT_ANSWERS_MB ?? 64);
      if (!Number.isFinite(keptMb)) throw new Error('REGIEKAMER_KEPT_ANSWERS_MB is not a number');
      keptStores.set(app, registerKeptAnswers(api, ctx, opts.database, Math.max(0, keptMb) * 1024 * 1024));
      await registerRoutes(api, ctx);
      await registerAccessRoutes(api, ctx);
      await registerFundingRoutes(api, ctx);
      await registerIjwRoutes(api, ctx);
      await registerProcurementRoutes(api, ctx);
      await registerContractRoutes(api, ctx);
      if (security.oidc) await registerOidcRoutes(api, ctx, security.oidc);
      await registerSimulationRoutes(api, ctx);
      await registerSteeringRoutes(api, ctx);
    },
    { prefix: '/api/v1' },
  );
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  if (existsSync(WEB_DIST_DIR)) {
    await app.register(fastifyStatic, { root: WEB_DIST_DIR, prefix: '/', wildcard: false });
  }
  return app;
}
