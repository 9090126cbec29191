/**
 * Routes of /api/v1. Request shapes are zod schemas, published in the OpenAPI document as
 * JSON Schema and enforced by Fastify before a handler runs.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { getLandscape, listRegions } from '../app/landscape.js';
import { careSummary, readYouth } from '../app/care.js';
import { describeUser, login, logout } from '../app/auth.js';
import { listDemoAccounts } from '../app/accounts.js';
import { NotFound } from '../app/errors.js';
import { requiredScope } from '../domain/access/roles.js';
import type { Readable } from 'node:stream';
import { validateStream } from '../ijw/validate.js';
import { verdictJson } from '../ijw/service.js';
import { dutchDate } from '../domain/dates.js';

/** Largest iJw message accepted over HTTP (a 100,000-line declaration is about 70 MB). */
const IJW_MAX_BYTES = 128 * 1024 * 1024;
import { problem, SESSION_COOKIE, type Ctx } from './server.js';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;

const RegionParams = z.object({ id: z.string().regex(/^[a-z0-9-]{1,64}$/) }).strict();
const YouthParams = RegionParams.extend({ youthId: z.coerce.number().int().min(1) }).strict();
const YearsQuery = z.object({ from: z.coerce.number().int().min(2000).max(2100).optional(), to: z.coerce.number().int().min(2000).max(2100).optional() }).strict();
const PurposeQuery = z.object({ purpose: z.string().min(3).max(200) }).strict();
const LoginBody = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }).strict();

const problemResponse = {
  description: 'Problem details (RFC 9457), content type application/problem+json',
  type: 'object',
  properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' } },
};

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
      // Providers see only their own contracts (tenancy); everybody else sees the public landscape.
      const onlyProvider = req.user && requiredScope(req.user.role) === 'provider' ? req.user.providerId! : undefined;
      return getLandscape(ctx.read, id, { onlyProvider });
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
      const { purpose } = req.query as z.infer<typeof PurposeQuery>;
      return readYouth(ctx.db, ctx.requireUser(req), id, youthId, purpose);
    },
  );

  api.post(
    '/ijw/validate',
    {
      schema: {
        tags: ['ijw'],
        summary: 'Validate an iJw 3.2 message (XML body, application/xml): XSD, TR, CD and CS layers with retourcodes',
        description: 'Returns { message, valid, findings[{layer, code, retourcode, path, text}], unusable? } like `regiekamer ijw validate --json`. Unusable input (not XML, DTD, too large...) answers 422.',
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

  api.get('/session', { schema: { tags: ['session'], summary: 'The logged-in user, or user null when not logged in' } }, async (req) => ({
    user: req.user ? await describeUser(ctx.db, req.user) : null,
  }));

  api.post(
    '/session',
    { schema: { tags: ['session'], summary: 'Log in with a local account', body: json(LoginBody), response: { 401: problemResponse } } },
    async (req, reply) => {
      const { username, password } = req.body as z.infer<typeof LoginBody>;
      const { token, user } = await login(ctx.db, username, password, ctx.now());
      reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', maxAge: 12 * 3600 });
      // The token is also returned for API clients that use a bearer header instead of the cookie.
      return { user: await describeUser(ctx.db, user), token };
    },
  );

  api.delete('/session', { schema: { tags: ['session'], summary: 'Log out' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE] ?? req.headers.authorization?.replace(/^Bearer /, '');
    if (token) await logout(ctx.db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  api.get('/demo-accounts', { schema: { tags: ['session'], summary: 'Local demo accounts (demo mode only)', response: { 404: problemResponse } } }, async (_req, reply) => {
    if (!ctx.demo) return problem(reply, 404, 'Niet gevonden', 'demo accounts exist only in demo mode');
    return { accounts: await listDemoAccounts(ctx.db) };
  });

  api.get('/regions/:id', { schema: { hide: true, params: json(RegionParams) } }, async (req) => {
    const { id } = req.params as z.infer<typeof RegionParams>;
    const region = (await listRegions(ctx.db)).find((r) => r.id === id);
    if (!region) throw new NotFound(`regio "${id}" bestaat niet`);
    return region;
  });
}
