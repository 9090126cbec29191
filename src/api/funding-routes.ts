/**
 * Funding (bekostiging) routes: spend against budget and ceiling with a forecast, declarations
 * with per-line outcomes, payment schedules, the budget framework, and receiving a declaration
 * (JW323 -> JW325 through the settlement). Handlers parse input, resolve the user and call the
 * use cases in src/app/funding.
 *
 * Tenancy: controller, contractmanager and beleid see the region; gemeente its own municipality
 * (declarations addressed to it, its residents' lines); aanbieder its own declarations, spend and
 * schedules; the local team (toegang) has no funding view.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { spendReport } from '../app/funding/spend.js';
import { DECLARATION_SORTS, declarationsFile, listDeclarations, readDeclaration, receiveDeclaration } from '../app/funding/declarations.js';
import { listSchedules } from '../app/funding/schedules.js';
import { budgetFramework } from '../app/funding/budget-framework.js';
import { demoFundingStatus } from '../app/funding/demo-funding-status.js';
import { dutchDate } from '../domain/dates.js';
import type { Ctx } from './context.js';
import { json, jsonResponse, problemResponse, RegionId, RegionParams, security, sendListFile, sendXml, streamXmlBody, wantsXml } from './route-helpers.js';
const DeclarationParams = RegionParams.extend({ did: z.coerce.number().int().min(1).max(2_147_483_647) }).strict();
const Year = z.coerce.number().int().min(2000).max(2100);
const SpendQuery = z.object({ year: Year.optional(), by: z.enum(['provider', 'segment', 'municipality']).optional() }).strict();
const DeclarationsQuery = z
  .object({
    providerId: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
    municipality: z
      .string()
      .regex(/^\d{4}$/)
      .optional(),
    period: z
      .string()
      .regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/)
      .optional(),
    rejected: z.enum(['true', 'false']).optional(),
    /** Provider name, AGB code or declaration number; never logged (the request log keeps the path only). */
    q: z.string().max(100).optional(),
    sort: z.enum(DECLARATION_SORTS).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    offset: z.coerce.number().int().min(0).max(2_147_483_647).optional(),
  })
  .strict();
const SchedulesQuery = z.object({ year: Year.optional() }).strict();
const ReceiveQuery = z.object({ region: RegionId }).strict();

const errors = { 400: problemResponse, 401: problemResponse, 403: problemResponse, 404: problemResponse };

export async function registerFundingRoutes(api: FastifyInstance, ctx: Ctx): Promise<void> {
  const today = () => dutchDate(ctx.now());

  api.get(
    '/regions/:id/spend',
    {
      schema: {
        tags: ['funding'],
        summary:
          'Spend, committed and forecast to year end per provider, segment or municipality, against ceiling and budget, with the monthly (cumulative and forecast) line',
        description:
          'spent = approved declaration lines of the year + schedule items due; committed = remaining allocated volume x tariff until the allocation ends (within the year) + schedule items not yet due; forecast = spent + run rate of the last 3 declared months over the months not declared + schedule items not yet due. ceilingCents per provider or segment (as the profile sets it); budgetCents per municipality from the budget framework. Default year: the current one; default by: provider.',
        params: json(RegionParams),
        querystring: json(SpendQuery),
        security,
        response: errors,
      },
    },
    async (req) => {
      const { id } = RegionParams.parse(req.params);
      const q = SpendQuery.parse(req.query);
      const asOf = today();
      return spendReport(ctx.read, ctx.requireUser(req), id, { year: q.year ?? Number(asOf.slice(0, 4)), by: q.by ?? 'provider', asOf });
    },
  );

  api.get(
    '/regions/:id/declarations',
    {
      schema: {
        tags: ['funding'],
        summary:
          'Received declarations (JW323) with their settlement totals as {total, rows}, newest period first (sort: period, provider, submitted, approved, rejected, received; -key descending; q: provider name, AGB or declaration number); filters: providerId, municipality (Ontvanger, CBS code), period (DeclaratiePeriode YYYY-MM or year YYYY), rejected=true (only declarations with rejected lines)',
        description:
          'Also answers the declaration periods present in your scope (periods, newest first). A provider asking for another provider, or a municipality for another municipality, gets 403.',
        params: json(RegionParams),
        querystring: json(DeclarationsQuery),
        security,
        response: errors,
      },
    },
    async (req) => {
      const { id } = RegionParams.parse(req.params);
      const { municipality, rejected, ...q } = DeclarationsQuery.parse(req.query);
      return listDeclarations(ctx.read, ctx.requireUser(req), id, {
        ...q,
        ...(municipality ? { municipalityCode: municipality } : {}),
        rejectedOnly: rejected === 'true',
      });
    },
  );

  for (const format of ['csv', 'xlsx'] as const) {
    api.get(
      `/regions/:id/declarations.${format}`,
      {
        schema: {
          tags: ['funding'],
          summary: `The filtered declaration list (same q, filters and sort; no paging) as ${format.toUpperCase()}`,
          params: json(RegionParams),
          querystring: json(DeclarationsQuery),
          security,
          response: errors,
        },
      },
      async (req, reply) => {
        const { id } = RegionParams.parse(req.params);
        const { municipality, rejected, limit: _l, offset: _o, ...q } = DeclarationsQuery.parse(req.query);
        const { file, name } = await declarationsFile(
          ctx.read,
          ctx.requireUser(req),
          id,
          { ...q, ...(municipality ? { municipalityCode: municipality } : {}), rejectedOnly: rejected === 'true' },
          format,
        );
        return sendListFile(reply, format, name, file);
      },
    );
  }

  api.get(
    '/regions/:id/declarations/:did',
    {
      schema: {
        tags: ['funding'],
        summary:
          'One declaration: every line approved or rejected with its WJ001 codes and amounts, and the JW325 answer (BSNs masked for regional roles; audit-logged otherwise)',
        description: 'With Accept: application/xml the answer message itself is returned.',
        params: json(DeclarationParams),
        security,
        response: errors,
      },
    },
    async (req, reply) => {
      const { id, did } = DeclarationParams.parse(req.params);
      const detail = await readDeclaration(ctx.db, ctx.requireUser(req), id, did);
      return wantsXml(req) ? sendXml(reply, detail.answerXml) : detail;
    },
  );

  api.get(
    '/regions/:id/schedules',
    {
      schema: {
        tags: ['funding'],
        summary:
          'Payment schedules of a year per contract and component: lump sums (taakgericht), availability components, result-based payments; with what is paid',
        params: json(RegionParams),
        querystring: json(SchedulesQuery),
        security,
        response: errors,
      },
    },
    async (req) => {
      const { id } = RegionParams.parse(req.params);
      const q = SchedulesQuery.parse(req.query);
      const asOf = today();
      return listSchedules(ctx.read, ctx.requireUser(req), id, { year: q.year ?? Number(asOf.slice(0, 4)), asOf });
    },
  );

  api.get(
    '/regions/:id/budget-framework',
    {
      schema: {
        tags: ['funding'],
        summary:
          'The budget framework per municipality, line and year with the printed totals checked, the care budget with efficiency cut and indexation, risk equalisation over the three previous years and the ventiel',
        params: json(RegionParams),
        security,
        response: errors,
      },
    },
    async (req) => {
      const { id } = RegionParams.parse(req.params);
      return budgetFramework(ctx.read, ctx.requireUser(req), id, { asOf: today() });
    },
  );

  api.get(
    '/regions/:id/demo-funding',
    {
      schema: {
        tags: ['funding'],
        summary:
          'How far the demo funding of a demo region is: state (none, queued, running, done, failed), declaration periods settled of the total, declarations and lines so far, and the demo scale',
        description: 'serve settles the demo funding in the background after it starts listening; the Financiën screens poll this while it runs.',
        params: json(RegionParams),
        security,
        response: errors,
      },
    },
    async (req) => {
      const { id } = RegionParams.parse(req.params);
      return demoFundingStatus(ctx.db, ctx.requireUser(req), id);
    },
  );

  api.post(
    '/ijw/declarations',
    {
      schema: {
        tags: ['funding', 'ijw'],
        summary:
          'Send a declaration (JW323, application/xml) to the region: it is stored as received and settled line by line, exactly once; answers the JW325',
        description:
          'Role aanbieder (Afzender must be your own AGB code) or beheer. Answers 201 { declarationId, duplicate, submittedCents, approvedCents, lines, rejected, signals, answer } (200 with duplicate: true when the same declaration was received before), or the JW325 itself with Accept: application/xml. 400 for unusable input or a declaration that cannot be answered; 403 for another sender; 413 when too large.',
        querystring: json(ReceiveQuery),
        security,
        response: {
          200: jsonResponse('The same message was received before (duplicate: true)'),
          201: jsonResponse('The declaration was received and settled; its retour (JW325) in answer'),
          400: problemResponse,
          401: problemResponse,
          403: problemResponse,
          404: problemResponse,
          413: problemResponse,
          415: problemResponse,
        },
      },
    },
    async (req, reply) => {
      const user = ctx.requireUser(req);
      const { region } = ReceiveQuery.parse(req.query);
      // Settled from the body as it streams in: the message is hashed, stored and validated in one pass, never held whole.
      const body = streamXmlBody(req, reply, { maxBytes: ctx.xmlLimits.declarationBytes, what: 'declaratie' });
      if (!(Symbol.asyncIterator in body)) return body;
      let r: Awaited<ReturnType<typeof receiveDeclaration>>;
      try {
        r = await receiveDeclaration(ctx.db, user, region, body, ctx.now());
      } catch (e) {
        // Refused before the body was read (another sender's region, a role): drop the rest, so the client gets the answer.
        req.raw.resume();
        throw e;
      }
      reply.code(r.duplicate ? 200 : 201);
      if (wantsXml(req)) return sendXml(reply, r.answerXml);
      return {
        declarationId: r.declarationId,
        duplicate: r.duplicate,
        submittedCents: r.submittedCents,
        approvedCents: r.approvedCents,
        lines: r.lines,
        rejected: r.rejected,
        signals: r.signals,
        answer: r.answerXml,
      };
    },
  );
}
