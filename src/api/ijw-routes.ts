/**
 * iJw message flow routes: a provider posts its messages (and gets the retour message back), the
 * decision officer answers requests for allocation, the municipality sends allocation messages,
 * and a case's messages can be read (tenancy-scoped, audit-logged). Handlers parse input and call
 * the use cases in src/app/access/messages.ts.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { answerRequest, caseMessages, linkRequest, listRequests, receiveMessage, sendAllocation, type RequestDecision } from '../app/access/messages.js';
import { WJ759 } from '../ijw/generated/codelists.js';
import { problem, type Ctx } from './context.js';
import { headedBody, json, megabytes, PurposeQuery, RegionId, RegionParams, security, sendXml, streamXmlBody, wantsXml } from './route-helpers.js';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const RequestParams = RegionParams.extend({ rid: z.coerce.number().int().min(1).max(2_147_483_647) }).strict();
const CaseParams = RegionParams.extend({ caseId: z.coerce.number().int().min(1).max(2_147_483_647) }).strict();
const AllocationParams = CaseParams.extend({ nummer: z.coerce.number().int().min(1).max(2_147_483_647) }).strict();
const MessagesQuery = z.object({ region: RegionId }).strict();
const RequestsQuery = z.object({ status: z.enum(['open', 'all']).optional() }).strict();
const Referentie = z.string().min(1).max(100);

const ProductBesluit = z.discriminatedUnion('besluit', [
  z
    .object({
      referentieAanbieder: Referentie,
      besluit: z.literal('toewijzen'),
      segmentId: z.string().min(1).max(64).optional(),
      beschikkingId: z.number().int().min(1).max(2_147_483_647).optional(),
      besluitDoor: z.string().min(1).max(64).optional(),
      ingangsdatum: IsoDate.optional(),
      einddatum: IsoDate.optional(),
      productCode: z
        .string()
        .regex(/^[0-9A-Z]{5}$/)
        .optional(),
      omvang: z
        .object({ volume: z.number().int().min(0).max(2_147_483_647), eenheid: z.string().regex(/^\d{2}$/), frequentie: z.string().regex(/^\d$/) })
        .strict()
        .optional(),
      budgetCents: z.number().int().min(0).max(2_147_483_647).optional(),
    })
    .strict(),
  z
    .object({
      referentieAanbieder: Referentie,
      besluit: z.literal('afwijzen'),
      reden: z.enum(Object.keys(WJ759) as [keyof typeof WJ759, ...(keyof typeof WJ759)[]]),
      woonplaatsGemeente: z
        .string()
        .regex(/^\d{4}$/)
        .optional(),
    })
    .strict(),
  z.object({ referentieAanbieder: Referentie, besluit: z.literal('in-onderzoek') }).strict(),
]);
const AnswerBody = z.object({ caseId: z.number().int().min(1).max(2_147_483_647).optional(), producten: z.array(ProductBesluit).min(1).max(100) }).strict();
const LinkBody = z.object({ caseId: z.number().int().min(1).max(2_147_483_647) }).strict();

export async function registerIjwRoutes(api: FastifyInstance, ctx: Ctx): Promise<void> {
  api.post(
    '/ijw/messages',
    {
      schema: {
        tags: ['ijw'],
        summary: 'Send an iJw message to the region (providers: JW315, JW317, JW305, JW307, JW323; retours JW302, JW320)',
        description:
          'Body: the message as application/xml. The message is validated (XSD, TR/CD/CS and the stateful layer), stored with its verdict and answered with its retour message. A valid JW315/JW317 becomes an open request for the municipality; JW305/JW307 start or stop the allocation in its case. Answers { id, message, valid, findings, retour, answer?, requestId?, caseId?, actions? }, or the retour XML itself with Accept: application/xml. 403 when the Afzender is not your own AGB code; 422 for unusable input; 413 when too large (a declaration, read as it streams in, up to the declaration limit; any other message up to the message limit).',
        querystring: json(MessagesQuery),
        security,
      },
    },
    async (req, reply) => {
      const user = ctx.requireUser(req);
      const { region } = MessagesQuery.parse(req.query);
      // Read as it streams in, as POST /ijw/declarations does: a declaration (JW323) is settled
      // without holding it whole (up to the declaration limit); any other message is read whole,
      // up to the message limit.
      const { declarationBytes, messageBytes } = ctx.xmlLimits;
      const body = streamXmlBody(req, reply, { maxBytes: Math.max(declarationBytes, messageBytes), what: 'bericht' });
      if (!(Symbol.asyncIterator in body)) return body;
      let r: Awaited<ReturnType<typeof receiveMessage>>;
      try {
        const message = await headedBody(body);
        const heldLimit = { bytes: messageBytes, detail: `een bericht mag hoogstens ${megabytes(messageBytes)} groot zijn (${messageBytes} bytes)` };
        r = await receiveMessage(ctx.db, user, region, { ...message, heldLimit }, ctx.now());
      } catch (e) {
        // Refused before the body was read whole (another sender, a role, too large): drop the rest, so the client gets the answer.
        req.raw.resume();
        throw e;
      }
      if (r.unusable)
        return problem(reply, 422, 'Onbruikbaar bericht', r.unusable.text, { message: r.message, valid: false, unusable: r.unusable, findings: [] });
      if (wantsXml(req)) {
        if (!r.retourXml)
          return problem(reply, 422, 'Geen retourbericht', 'no retour message can be addressed for this message', { valid: r.valid, findings: r.findings });
        return sendXml(reply, r.retourXml);
      }
      return {
        id: r.id,
        message: r.message,
        valid: r.valid,
        findings: r.findings,
        retour: r.retourXml,
        ...(r.answerXml ? { answer: r.answerXml } : {}),
        ...(r.requestId ? { requestId: r.requestId } : {}),
        caseId: r.caseId ?? null,
        ...(r.actions ? { actions: r.actions } : {}),
      };
    },
  );

  api.get(
    '/regions/:id/ijw-requests',
    {
      schema: {
        tags: ['ijw'],
        summary:
          'Requests for allocation (JW315) and change (JW317) addressed to your municipality: open ones, or all with status=all (role gemeente; audit-logged)',
        params: json(RegionParams),
        querystring: json(RequestsQuery),
        security,
      },
    },
    async (req) => {
      const { id } = RegionParams.parse(req.params);
      const q = RequestsQuery.parse(req.query);
      return { requests: await listRequests(ctx.db, ctx.requireUser(req), id, { all: q.status === 'all' }) };
    },
  );

  api.post(
    '/regions/:id/ijw-requests/:rid/link',
    {
      schema: {
        tags: ['ijw'],
        summary: 'Link a request without a case to a case of your municipality (same youth)',
        params: json(RequestParams),
        body: json(LinkBody),
        security,
      },
    },
    async (req) => {
      const { id, rid } = RequestParams.parse(req.params);
      const { caseId } = LinkBody.parse(req.body);
      return linkRequest(ctx.db, ctx.requireUser(req), id, rid, caseId, ctx.now());
    },
  );

  api.post(
    '/regions/:id/ijw-requests/:rid/answer',
    {
      schema: {
        tags: ['ijw'],
        summary:
          'Answer a request: per requested product (JW315) or as a whole (JW317) toewijzen, afwijzen (WJ759 reason; 8 = woonplaatsbeginsel with woonplaatsGemeente) or in-onderzoek',
        description:
          'toewijzen makes the beschikking (when none covers the period) and the toewijzing on the linked case and sends one JW301 with the ReferentieAanbieder; afwijzen and in-onderzoek send a JW319 each. Answers { request, jw301?, jw319[] } with the XML of the messages sent. All or nothing: 422 when a region rule refuses, 409 for an illegal transition.',
        params: json(RequestParams),
        body: json(AnswerBody),
        security,
      },
    },
    async (req) => {
      const { id, rid } = RequestParams.parse(req.params);
      const body = AnswerBody.parse(req.body) as RequestDecision;
      return answerRequest(ctx.db, ctx.requireUser(req), id, rid, body, ctx.now());
    },
  );

  api.post(
    '/regions/:id/cases/:caseId/allocations/:nummer/jw301',
    {
      schema: {
        tags: ['ijw'],
        summary:
          'Send the allocation message (JW301) for an allocation made on the municipality’s own initiative; carries the client’s other current allocations at that provider (OP087)',
        description:
          'Answers 201 { id, code, identificatie, xml, toewijzingNummers }, or the XML itself with Accept: application/xml. 422 when the message cannot be built or does not validate (e.g. no BRP address), 409 for a taakgericht segment.',
        params: json(AllocationParams),
        security,
      },
    },
    async (req, reply) => {
      const { id, caseId, nummer } = AllocationParams.parse(req.params);
      const sent = await sendAllocation(ctx.db, ctx.requireUser(req), id, caseId, nummer, ctx.now());
      reply.code(201);
      return wantsXml(req) ? sendXml(reply, sent.xml) : sent;
    },
  );

  api.get(
    '/regions/:id/cases/:caseId/messages',
    {
      schema: {
        tags: ['ijw'],
        summary: 'The iJw messages of a case (a provider sees only its own); audit-logged, purpose required',
        params: json(CaseParams),
        querystring: json(PurposeQuery),
        security,
      },
    },
    async (req) => {
      const { id, caseId } = CaseParams.parse(req.params);
      const { purpose, toelichting } = PurposeQuery.parse(req.query);
      return { messages: await caseMessages(ctx.db, ctx.requireUser(req), id, caseId, purpose, ctx.now(), toelichting) };
    },
  );
}
