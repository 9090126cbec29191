/**
 * Routes of /api/v1. Request shapes are zod schemas, published in the OpenAPI document as
 * JSON Schema and enforced by Fastify before a handler runs.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { getLandscape, listRegions } from '../app/landscape.js';
import { careSummary, readYouth } from '../app/care.js';
import { describeUser, login, logout } from '../app/auth.js';
import { listDemoAccounts } from '../app/accounts.js';
import { AppError, NotFound } from '../app/errors.js';
import { landscapeVisibility } from '../domain/access/visibility.js';
import type { Readable } from 'node:stream';
import { validateStream } from '../ijw/validate.js';
import { verdictJson } from '../ijw/service.js';
import { dutchDate } from '../domain/dates.js';

/** Largest iJw message accepted over HTTP (a 100,000-line declaration is about 70 MB). */
const IJW_MAX_BYTES = 128 * 1024 * 1024;
import { credentials, problem, sessionCookieOptions, SESSION_COOKIE, type Ctx } from './context.js';
import { jsonResponse, problemResponse, PurposeQuery } from './route-helpers.js';
import { registerAuditRoutes } from './audit-routes.js';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;

const RegionParams = z.object({ id: z.string().regex(/^[a-z0-9-]{1,64}$/) }).strict();
const YouthParams = RegionParams.extend({ youthId: z.coerce.number().int().min(1).max(2_147_483_647) }).strict();
const YearsQuery = z
  .object({ from: z.coerce.number().int().min(2000).max(2100).optional(), to: z.coerce.number().int().min(2000).max(2100).optional() })
  .strict();
const LoginBody = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }).strict();

export async function registerRoutes(api: FastifyInstance, ctx: Ctx): Promise<void> {
  api.get('/health', { schema: { tags: ['system'], summary: 'Liveness' } }, async () => ({ status: 'ok' }));

  api.get('/regions', { schema: { tags: ['landscape'], summary: 'Regions with a loaded profile' } }, async () => ({ regions: await listRegions(ctx.db) }));

  api.get(
    '/regions/:id/landscape',
    {
      schema: {
        tags: ['landscape'],
        summary: "A region's landscape: segments or task areas with funding, lots, products, contract rules, areas, providers and contracts",
        params: json(RegionParams),
        response: { 404: problemResponse },
      },
    },
    async (req) => {
      const { id } = req.params as z.infer<typeof RegionParams>;
      // Anonymous readers get what the region publishes; the contract register per src/domain/access/visibility.ts.
      const vis = landscapeVisibility(req.user && (req.user.regionId === null || req.user.regionId === id) ? req.user : null);
      return getLandscape(ctx.read, id, vis.register === 'geen' ? { withoutRegister: true } : vis.register === 'eigen' ? { onlyProvider: vis.providerId } : {});
    },
  );

  api.get(
    '/regions/:id/care-summary',
    {
      schema: {
        tags: ['care'],
        summary: 'Youths and trajectories in care per year, segment and municipality, scoped to the user (optionally years from..to)',
        params: json(RegionParams),
        querystring: json(YearsQuery),
        security: [{ session: [] }, { bearer: [] }],
        response: { 401: problemResponse, 404: problemResponse },
      },
    },
    async (req) => careSummary(ctx.read, ctx.requireUser(req), (req.params as z.infer<typeof RegionParams>).id, req.query as z.infer<typeof YearsQuery>),
  );

  api.get(
    '/regions/:id/youths/:youthId',
    {
      schema: {
        tags: ['care'],
        summary: "One youth's process information (audit-logged; BSN masked; purpose required)",
        params: json(YouthParams),
        querystring: json(PurposeQuery),
        security: [{ session: [] }, { bearer: [] }],
        response: { 401: problemResponse, 403: problemResponse, 404: problemResponse },
      },
    },
    async (req) => {
      const { id, youthId } = YouthParams.parse(req.params);
      const { purpose, toelichting } = req.query as z.infer<typeof PurposeQuery>;
      return readYouth(ctx.db, ctx.requireUser(req), id, youthId, purpose, ctx.now(), toelichting);
    },
  );

  api.post(
    '/ijw/validate',
    {
      schema: {
        tags: ['ijw'],
        summary: 'Validate an iJw 3.2 message (XML body, application/xml): XSD, TR, CD and CS layers with retourcodes',
        description:
          'Returns { message, valid, findings[{layer, code, retourcode, path, text}], unusable? } like `regiekamer ijw validate --json`. Unusable input (not XML, DTD, too large...) answers 422.',
        security: [{ session: [] }, { bearer: [] }],
      },
    },
    async (req, reply) => {
      ctx.requireUser(req);
      const body = req.body as Readable | undefined;
      if (!body || typeof body.pipe !== 'function') return problem(reply, 415, 'Verkeerd formaat', 'send the message as application/xml');
      const verdict = verdictJson(await validateStream(body, { today: dutchDate(ctx.now()), limits: { maxBytes: IJW_MAX_BYTES } }));
      return reply.code(verdict.unusable ? 422 : 200).send(verdict);
    },
  );

  api.get('/session', { schema: { tags: ['session'], summary: 'The logged-in user (null when not logged in) and the ways to log in' } }, async (req) => ({
    user: req.user ? await describeUser(ctx.db, req.user) : null,
    login: { local: true, oidc: !!ctx.security.oidc, demo: ctx.demo },
  }));

  const attempt = (req: FastifyRequest, kind: 'browser' | 'token') => {
    const { username, password } = req.body as z.infer<typeof LoginBody>;
    return { username, password, address: req.ip, demoMode: ctx.demo, kind };
  };
  const logFailure = (req: FastifyRequest, username: string, e: unknown) => {
    if (e instanceof AppError && (e.status === 401 || e.status === 429))
      req.log.warn({ event: 'login-failed', username, address: req.ip, status: e.status }, 'failed login');
  };

  api.post(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Log in with a local account (browser): sets the HttpOnly session cookie; the token is not in the answer',
        description:
          'After 5 failures for one account from one address within 15 minutes: 429 with Retry-After (the wait doubles up to 15 minutes); after 100 failures from one address, every account waits.',
        body: json(LoginBody),
        response: { 401: problemResponse, 429: problemResponse },
      },
    },
    async (req, reply) => {
      const a = attempt(req, 'browser');
      try {
        const { token, user } = await login(ctx.db, a, ctx.now());
        req.log.info({ event: 'login', method: 'local', role: user.role }, 'login');
        reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(req));
        return { user: await describeUser(ctx.db, user) };
      } catch (e) {
        logFailure(req, a.username, e);
        throw e;
      }
    },
  );

  api.post(
    '/tokens',
    {
      schema: {
        tags: ['session'],
        summary: 'A bearer token for API clients (same credentials and throttling as the login)',
        description: 'Answers 201 { token, expiresAt, user }; send the token as Authorization: Bearer <token>. DELETE /session with the header ends it.',
        body: json(LoginBody),
        response: { 201: jsonResponse('{ token, expiresAt, user }'), 401: problemResponse, 429: problemResponse },
      },
    },
    async (req, reply) => {
      const a = attempt(req, 'token');
      try {
        const { token, user, expiresAt } = await login(ctx.db, a, ctx.now());
        req.log.info({ event: 'token', method: 'local', role: user.role }, 'token issued');
        reply.code(201);
        return { token, expiresAt: expiresAt.toISOString(), user: await describeUser(ctx.db, user) };
      } catch (e) {
        logFailure(req, a.username, e);
        throw e;
      }
    },
  );

  api.delete(
    '/session',
    { schema: { tags: ['session'], summary: 'Log out: ends every credential the request carries (session cookie and bearer token)' } },
    async (req, reply) => {
      const { bearer, cookie } = credentials(req);
      await logout(
        ctx.db,
        [bearer, cookie].filter((t): t is string => !!t),
      );
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  api.get(
    '/demo-accounts',
    { schema: { tags: ['session'], summary: 'Local demo accounts (demo mode only)', response: { 404: problemResponse } } },
    async (_req, reply) => {
      if (!ctx.demo) return problem(reply, 404, 'Niet gevonden', 'dit adres bestaat niet');
      return { accounts: await listDemoAccounts(ctx.db) };
    },
  );

  await registerAuditRoutes(api, ctx);

  api.get('/regions/:id', { schema: { hide: true, params: json(RegionParams) } }, async (req) => {
    const { id } = req.params as z.infer<typeof RegionParams>;
    const region = (await listRegions(ctx.db)).find((r) => r.id === id);
    if (!region) throw new NotFound(`regio "${id}" bestaat niet`);
    return region;
  });
}
