/**
 * Procurement (inkoop) routes: the procedure board, one procedure with its timeline, applications,
 * checks, scores and the allowed next actions, phase transitions, applications and their
 * assessment, the lot award (with a side-effect-free check for the award screen) and exports of a
 * procedure's outcome (XLSX, PDF). Handlers parse input, resolve the user and call the use cases in
 * src/app/procurement.
 *
 * Errors: 400 bad input, 403 not allowed (only contractmanager and beheer change procedures),
 * 404 unknown or out of scope (another region), 409 a phase that does not allow the action or a
 * stale version (nothing changes), 422 a rule refused it (`violations` name rule id and source).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { configureProcedure, createProcedure, procedureBoard, procedureDetail, transitionProcedure } from '../app/procurement/procedures.js';
import { decideApplication, recordChecks, recordScores, submitApplication, submitTender } from '../app/procurement/applications.js';
import { announceIntention, awardProcedure, changeIntention, checkAward } from '../app/procurement/award.js';
import { procedurePdf, procedureXlsx } from '../app/procurement/export.js';
import type { ProcedureAction } from '../domain/procurement/procedure.js';
import { PROCEDURE_SORT_KEYS, procedureList, procedureListFile } from '../app/procurement/procedure-list.js';
import { sortKeys } from '../app/lists.js';
import { jsonResponse, listQuery, problemResponse, sendListFile } from './route-helpers.js';
import type { Ctx } from './context.js';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
const Id = z.coerce.number().int().min(1).max(2_147_483_647);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
const RegionParams = z.object({ id: z.string().regex(/^[a-z0-9-]{1,64}$/) }).strict();
const ProcedureParams = RegionParams.extend({ pid: Id }).strict();
const ApplicationParams = ProcedureParams.extend({ aid: Id }).strict();
const Version = z.number().int().min(1).max(2_147_483_647);
const Reason = z.string().min(1).max(2000);

const CreateBody = z.object({ segmentId: Slug, name: z.string().min(1).max(200).optional() }).strict();
const Criterion = z
  .object({ id: Slug, naam: z.string().min(1).max(200), soort: z.enum(['kwaliteit', 'prijs']), gewicht: z.number().int().min(1).max(100) })
  .strict();
const ConfigBody = z
  .object({
    version: Version,
    percelen: z.array(Slug).max(50).optional(),
    emvi: z
      .object({ schaalMax: z.number().int().min(1).max(100), criteria: z.array(Criterion).min(1).max(20) })
      .strict()
      .nullable()
      .optional(),
    minimumPlanScore: z.number().int().min(0).max(100).nullable().optional(),
    startDate: IsoDate.optional(),
    endDate: IsoDate.optional(),
  })
  .strict();
const Action = z.discriminatedUnion('type', [
  z.object({ type: z.literal('publiceren') }).strict(),
  z.object({ type: z.literal('go-no-go'), besluit: z.enum(['go', 'no-go']), reden: Reason }).strict(),
  z.object({ type: z.literal('instroomronde-sluiten') }).strict(),
  z.object({ type: z.literal('toetreding'), open: z.boolean(), reden: Reason }).strict(),
  z.object({ type: z.literal('aanvraag-sluiten') }).strict(),
  z.object({ type: z.literal('beeindigen'), reden: Reason }).strict(),
  z.object({ type: z.literal('intrekken'), reden: Reason }).strict(),
]);
const TransitionBody = z.object({ version: Version, action: Action }).strict();
const Member = z
  .object({
    name: z.string().min(1).max(200),
    kind: Slug,
    role: z.enum(['lid', 'onderaannemer']),
    providerId: z.number().int().min(1).max(2_147_483_647).optional(),
  })
  .strict();
const ApplicationBody = z
  .object({
    providerId: z.number().int().min(1).max(2_147_483_647).optional(),
    lotIds: z.array(Slug).max(20).optional(),
    penvoerderKind: Slug.optional(),
    members: z.array(Member).max(20).optional(),
    evidence: z.record(Slug, z.string().min(1).max(2000)).optional(),
  })
  .strict();
const ChecksBody = z
  .object({
    version: Version.optional(),
    checks: z
      .array(z.object({ eisId: Slug, voldaan: z.boolean(), bewijs: z.string().max(2000).nullable().optional() }).strict())
      .min(1)
      .max(50),
  })
  .strict();
// Scores are checked per field by the use case (a Dutch 422 naming the field), so typed text such as "abc" reaches it.
const ScoreValue = z.union([z.number(), z.string().max(20)]);
const ScoresBody = z
  .object({ version: Version.optional(), planScore: ScoreValue.nullable().optional(), scores: z.record(Slug, ScoreValue).optional() })
  .strict();
const TenderBody = z.object({ version: Version.optional(), priceCents: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional() }).strict();
const DecisionBody = z
  .object({ version: Version.optional(), decision: z.enum(['selecteren', 'afwijzen', 'toelaten']), reason: z.string().max(2000).optional() })
  .strict();
const Awards = z.array(z.object({ applicationId: z.number().int().min(1).max(2_147_483_647), lotId: Slug.nullable() }).strict()).max(100);
const AwardCheckBody = z.object({ awards: Awards }).strict();
const AwardBody = z.object({ version: Version, awards: Awards.min(1).optional() }).strict();
const IntentionBody = z
  .object({
    version: Version,
    awards: Awards.min(1),
    reasons: z
      .array(z.object({ lotId: Slug.nullable(), reason: z.string().max(2000) }).strict())
      .max(100)
      .optional(),
  })
  .strict();
const IntentionActionBody = z
  .object({
    version: Version,
    action: z.discriminatedUnion('type', [
      z.object({ type: z.literal('opschorten'), reden: z.string().max(2000) }).strict(),
      z.object({ type: z.literal('hervatten'), reden: z.string().max(2000).optional() }).strict(),
      z.object({ type: z.literal('intrekken'), reden: z.string().max(2000) }).strict(),
    ]),
  })
  .strict();

const security: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }];
const errors = { 400: problemResponse, 401: problemResponse, 403: problemResponse, 404: problemResponse };
const commandErrors = { ...errors, 409: problemResponse, 422: problemResponse };
const tags = ['procurement'];

export async function registerProcurementRoutes(api: FastifyInstance, ctx: Ctx): Promise<void> {
  const P = (req: { params: unknown }) => ProcedureParams.parse(req.params);
  const A = (req: { params: unknown }) => ApplicationParams.parse(req.params);

  api.get(
    '/regions/:id/procedures',
    {
      schema: {
        tags,
        summary: 'Procedure board: per segment its procedures with phase, next step and application counts (a provider counts only its own)',
        params: json(RegionParams),
        security,
        response: errors,
      },
    },
    async (req) => {
      const { id } = RegionParams.parse(req.params);
      return procedureBoard(ctx.db, ctx.requireUser(req), id);
    },
  );

  const ProcedureListQuery = listQuery(sortKeys(PROCEDURE_SORT_KEYS));
  api.get(
    '/regions/:id/procedure-list',
    {
      schema: {
        tags,
        summary:
          'All procedures of the region as a list that scales: q (name, segment, phase), sort (id, name, segment, status, published, awarded, applications; -key descending), limit (default 50), offset; answered as {total, rows}',
        params: json(RegionParams),
        querystring: json(ProcedureListQuery),
        security,
        response: errors,
      },
    },
    async (req) => {
      const { id } = RegionParams.parse(req.params);
      return procedureList(ctx.db, ctx.requireUser(req), id, ProcedureListQuery.parse(req.query));
    },
  );
  for (const format of ['csv', 'xlsx'] as const) {
    api.get(
      `/regions/:id/procedure-list.${format}`,
      {
        schema: {
          tags,
          summary: `The filtered procedure list (same q and sort; no paging) as ${format.toUpperCase()}`,
          params: json(RegionParams),
          querystring: json(ProcedureListQuery),
          security,
          response: errors,
        },
      },
      async (req, reply) => {
        const { id } = RegionParams.parse(req.params);
        const { limit: _l, offset: _o, ...q } = ProcedureListQuery.parse(req.query);
        const { file, name } = await procedureListFile(ctx.db, ctx.requireUser(req), id, q, format);
        return sendListFile(reply, format, name, file);
      },
    );
  }

  api.post(
    '/regions/:id/procedures',
    {
      schema: {
        tags,
        summary: 'Start a procedure for a segment (kind and set-up from the region profile); contractmanager or beheer',
        params: json(RegionParams),
        body: json(CreateBody),
        security,
        response: { ...errors, 422: problemResponse },
      },
    },
    async (req, reply) => {
      const { id } = RegionParams.parse(req.params);
      return reply.code(201).send(await createProcedure(ctx.db, ctx.requireUser(req), id, CreateBody.parse(req.body), ctx.now()));
    },
  );

  api.get(
    '/regions/:id/procedures/:pid',
    {
      schema: {
        tags,
        summary:
          'One procedure: phases, timeline (who, when, why), applications with checks and scores, EMVI ranking per perceel, awards, lot rules and the next actions the rules allow',
        params: json(ProcedureParams),
        security,
        response: errors,
      },
    },
    async (req) => {
      const { id, pid } = P(req);
      return procedureDetail(ctx.db, ctx.requireUser(req), id, pid, ctx.now());
    },
  );

  api.post(
    '/regions/:id/procedures/:pid/config',
    {
      schema: {
        tags,
        summary: 'Configure a procedure in concept: EMVI criteria and weights (sum 100), minimum plan score, percelen, contract start (term from the profile)',
        params: json(ProcedureParams),
        body: json(ConfigBody),
        security,
        response: commandErrors,
      },
    },
    async (req) => {
      const { id, pid } = P(req);
      return configureProcedure(ctx.db, ctx.requireUser(req), id, pid, ConfigBody.parse(req.body), ctx.now());
    },
  );

  api.post(
    '/regions/:id/procedures/:pid/transitions',
    {
      schema: {
        tags,
        summary:
          'Phase transition: publiceren, go-no-go (selection and dialogue), instroomronde-sluiten, toetreding (close/reopen intermediate entry), aanvraag-sluiten, beeindigen, intrekken',
        params: json(ProcedureParams),
        body: json(TransitionBody),
        security,
        response: commandErrors,
      },
    },
    async (req) => {
      const { id, pid } = P(req);
      const body = TransitionBody.parse(req.body);
      return transitionProcedure(ctx.db, ctx.requireUser(req), id, pid, body.action as ProcedureAction, body.version, ctx.now());
    },
  );

  api.post(
    '/regions/:id/procedures/:pid/applications',
    {
      schema: {
        tags,
        summary:
          'Submit an aanmelding / toelatingsverzoek / subsidieaanvraag with consortium members and evidence (a provider for itself; a contract manager on behalf of providerId)',
        params: json(ProcedureParams),
        body: json(ApplicationBody),
        security,
        response: { ...commandErrors, 201: jsonResponse('The application as stored') },
      },
    },
    async (req, reply) => {
      const { id, pid } = P(req);
      return reply.code(201).send(await submitApplication(ctx.db, ctx.requireUser(req), id, pid, ApplicationBody.parse(req.body), ctx.now()));
    },
  );

  api.post(
    '/regions/:id/procedures/:pid/applications/:aid/checks',
    {
      schema: {
        tags,
        summary: 'Record the suitability checklist of an application (requirement met, evidence)',
        params: json(ApplicationParams),
        body: json(ChecksBody),
        security,
        response: commandErrors,
      },
    },
    async (req) => {
      const { id, pid, aid } = A(req);
      return recordChecks(ctx.db, ctx.requireUser(req), id, pid, aid, ChecksBody.parse(req.body), ctx.now());
    },
  );

  api.post(
    '/regions/:id/procedures/:pid/applications/:aid/scores',
    {
      schema: {
        tags,
        summary: 'Record the plan score and/or EMVI quality scores of an application',
        params: json(ApplicationParams),
        body: json(ScoresBody),
        security,
        response: commandErrors,
      },
    },
    async (req) => {
      const { id, pid, aid } = A(req);
      return recordScores(ctx.db, ctx.requireUser(req), id, pid, aid, ScoresBody.parse(req.body), ctx.now());
    },
  );

  api.post(
    '/regions/:id/procedures/:pid/applications/:aid/tender',
    {
      schema: {
        tags,
        summary: 'Submit the tender (inschrijving, with price) of a dialogue participant in the award phase',
        params: json(ApplicationParams),
        body: json(TenderBody),
        security,
        response: commandErrors,
      },
    },
    async (req) => {
      const { id, pid, aid } = A(req);
      return submitTender(ctx.db, ctx.requireUser(req), id, pid, aid, TenderBody.parse(req.body), ctx.now());
    },
  );

  api.post(
    '/regions/:id/procedures/:pid/applications/:aid/decision',
    {
      schema: {
        tags,
        summary:
          'Decide on an application: selecteren / afwijzen (selection phase), toelaten / afwijzen (open house: admission creates the contract), afwijzen (subsidy)',
        params: json(ApplicationParams),
        body: json(DecisionBody),
        security,
        response: commandErrors,
      },
    },
    async (req) => {
      const { id, pid, aid } = A(req);
      return decideApplication(ctx.db, ctx.requireUser(req), id, pid, aid, DecisionBody.parse(req.body), ctx.now());
    },
  );

  api.post(
    '/regions/:id/procedures/:pid/award-check',
    {
      schema: {
        tags,
        summary: 'Check a proposed award per perceel against every lot constraint without writing anything (live checks of the award screen)',
        params: json(ProcedureParams),
        body: json(AwardCheckBody),
        security,
        response: errors,
      },
    },
    async (req) => {
      const { id, pid } = P(req);
      return checkAward(ctx.db, ctx.requireUser(req), id, pid, AwardCheckBody.parse(req.body).awards);
    },
  );

  api.post(
    '/regions/:id/procedures/:pid/intention',
    {
      schema: {
        tags,
        summary:
          'Announce the intention to award (voornemen tot gunning) per perceel: lot rules checked, every tender scored, a written reason for each perceel not going to rank 1 (422 otherwise); starts the standstill of the profile (procedure.opschortendeTermijn)',
        params: json(ProcedureParams),
        body: json(IntentionBody),
        security,
        response: commandErrors,
      },
    },
    async (req) => {
      const { id, pid } = P(req);
      const body = IntentionBody.parse(req.body);
      return announceIntention(ctx.db, ctx.requireUser(req), id, pid, body, ctx.now());
    },
  );

  api.post(
    '/regions/:id/procedures/:pid/intention/actions',
    {
      schema: {
        tags,
        summary:
          'Suspend the standstill when a bidder objects (opschorten, with reason), resume it (hervatten: its last day moves by the days suspended) or withdraw the intention (intrekken, with reason)',
        params: json(ProcedureParams),
        body: json(IntentionActionBody),
        security,
        response: commandErrors,
      },
    },
    async (req) => {
      const { id, pid } = P(req);
      const body = IntentionActionBody.parse(req.body);
      return changeIntention(ctx.db, ctx.requireUser(req), id, pid, body.action, body.version, ctx.now());
    },
  );

  api.post(
    '/regions/:id/procedures/:pid/award',
    {
      schema: {
        tags,
        summary:
          'Definitive award after the standstill of the intention (409 while it runs, is suspended or without an intention; awards, when given, must equal the intention): creates the contracts (type, conditions, term, extensions, consortium)',
        params: json(ProcedureParams),
        body: json(AwardBody),
        security,
        response: commandErrors,
      },
    },
    async (req) => {
      const { id, pid } = P(req);
      const body = AwardBody.parse(req.body);
      return awardProcedure(ctx.db, ctx.requireUser(req), id, pid, body.awards, body.version, ctx.now());
    },
  );

  api.get(
    '/regions/:id/procedures/:pid/export.xlsx',
    {
      schema: {
        tags,
        summary: 'The outcome of a procedure as a workbook: applicants, scores, ranking per perceel, awards, constraint checks',
        params: json(ProcedureParams),
        security,
        response: errors,
      },
    },
    async (req, reply) => {
      const { id, pid } = P(req);
      const { file, name } = await procedureXlsx(ctx.db, ctx.requireUser(req), id, pid);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(file);
    },
  );

  api.get(
    '/regions/:id/procedures/:pid/export.pdf',
    {
      schema: {
        tags,
        summary: 'The outcome of a procedure as a PDF report: applicants, scores, ranking per perceel, awards, constraint checks',
        params: json(ProcedureParams),
        security,
        response: errors,
      },
    },
    async (req, reply) => {
      const { id, pid } = P(req);
      const { file, name } = await procedurePdf(ctx.db, ctx.requireUser(req), id, pid);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}"`).send(file);
    },
  );
}
