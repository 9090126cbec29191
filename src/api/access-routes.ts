/**
 * Access (toegang) routes: help requests, case commands, allocation changes (with their JW301),
 * case reads (audit-logged) and worklists. Bodies are validated with zod schemas that are
 * published in the OpenAPI document.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { applyCaseCommand, type CaseCommand } from '../app/access/cases.js';
import { changeAllocation } from '../app/access/allocation-change.js';
import { readCase, WORKLIST_SORTS, worklistPage } from '../app/access/case-queries.js';
import { worklistFile } from '../app/access/worklist-export.js';
import { myWork } from '../app/my-work.js';
import { registerHelpRequest } from '../app/access/help-request.js';
import { COMPLEXITEIT, SPOEDHULP_FASEN, TRIAGE_UITKOMSTEN } from '../domain/access/case.js';
import type { Ctx } from './context.js';
import { PurposeQuery, sendListFile } from './route-helpers.js';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const RegionParams = z.object({ id: z.string().regex(/^[a-z0-9-]{1,64}$/) }).strict();
const CaseParams = RegionParams.extend({ caseId: z.coerce.number().int().min(1).max(2_147_483_647) }).strict();
const AllocationParams = CaseParams.extend({ nummer: z.coerce.number().int().min(1).max(2_147_483_647) }).strict();
const Omvang = z
  .object({ volume: z.number().int().min(1).max(2_147_483_647), eenheid: z.string().regex(/^\d{2}$/), frequentie: z.string().regex(/^\d$/) })
  .strict();
const VerwijzingBody = z
  .object({
    datum: IsoDate,
    verwijzer: z.string().regex(/^\d{2}$/),
    segmentId: z.string().min(1).max(64),
    viaGebied: z.string().max(64).optional(),
    kader: z.enum(['vrijwillig', 'gedwongen']),
  })
  .strict();

const HelpRequest = z
  .object({
    youth: z.union([
      z
        .object({
          bsn: z.string().regex(/^\d{9}$/),
          givenName: z.string().min(1).max(200),
          familyName: z.string().min(1).max(200),
          birthDate: IsoDate,
          gender: z.enum(['0', '1', '2']),
        })
        .strict(),
      z.object({ youthId: z.number().int().min(1).max(2_147_483_647) }).strict(),
    ]),
    familyId: z.number().int().min(1).max(2_147_483_647).optional(),
    areaId: z.string().max(64).optional(),
    hulpvraag: z.string().min(1).max(2000),
    crisis: z.boolean(),
    regievoerder: z.string().min(1).max(100).optional(),
    /** BRP address of the family (validated in the use case: street max. 24, house number 1..99999, huisletter 1 letter, toevoeging max. 4, postcode 1234AB). */
    adres: z
      .object({
        straat: z.string().min(1).max(100),
        huisnummer: z.number().int(),
        huisletter: z.string().max(10).optional(),
        toevoeging: z.string().max(20).optional(),
        postcode: z.string().min(1).max(10),
        woonplaats: z.string().min(1).max(100),
      })
      .strict()
      .optional(),
    /** A referral by an external referrer (COD327 02 huisarts, 03 jeugdarts, 04 GI, 05 medisch specialist, 08 rechter), recorded before triage. */
    verwijzing: VerwijzingBody.optional(),
  })
  .strict();

const AllocationChangeBody = z
  .object({
    /** JZ002 reden wijziging toewijzing (not 01; 12 is for honoured JW317 requests; 13 removes). */
    redenWijziging: z.string().regex(/^\d{2}$/),
    einddatum: IsoDate.optional(),
    omvang: Omvang.optional(),
    budgetCents: z.number().int().min(0).max(2_147_483_647).optional(),
    wijzigingsdatum: IsoDate.optional(),
    afgestemdMetAanbieder: z.boolean().optional(),
    beschikkingId: z.number().int().min(1).max(2_147_483_647).optional(),
    expectedVersion: z.number().int().min(1).max(2_147_483_647).optional(),
  })
  .strict();

const Command = z.discriminatedUnion('type', [
  z.object({ type: z.literal('verheldering') }).strict(),
  z
    .object({
      type: z.literal('triage'),
      uitkomsten: z.array(z.enum(Object.keys(TRIAGE_UITKOMSTEN) as [string, ...string[]])).min(1),
      complexiteit: z.enum(COMPLEXITEIT),
      domeinoverstijgend: z.boolean(),
    })
    .strict(),
  z
    .object({
      type: z.literal('mdo'),
      mdo: z
        .object({
          datum: IsoDate,
          deelnemers: z.array(z.string().min(1)).min(1),
          overeenstemming: z.boolean(),
          afweging: z.string().max(2000),
          escalatiestap: z.string().max(200).optional(),
        })
        .strict(),
    })
    .strict(),
  z
    .object({ type: z.literal('analyse'), verklarendeAnalyse: z.boolean(), ambulanteAlternatieven: z.string().max(2000), diagnostiekAfgerond: z.boolean() })
    .strict(),
  z.object({ type: z.literal('verwijzing'), verwijzing: VerwijzingBody }).strict(),
  z
    .object({
      type: z.literal('beschikking'),
      beschikking: z
        .object({
          verwijzingId: z.number().int().min(1).max(2_147_483_647),
          segmentId: z.string().min(1),
          ingangsdatum: IsoDate,
          einddatum: IsoDate,
          besluitDoor: z.string().min(1),
          verlengingBeoordeeld: z.boolean().optional(),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      type: z.literal('toewijzing'),
      toewijzing: z
        .object({
          beschikkingId: z.number().int().min(1).max(2_147_483_647),
          segmentId: z.string().min(1),
          providerId: z.number().int().min(1).max(2_147_483_647),
          productCategorie: z.string().regex(/^\d{2}$/),
          productCode: z
            .string()
            .regex(/^[0-9A-Z]{5}$/)
            .optional(),
          product: z.string().min(1).max(200).optional(),
          ingangsdatum: IsoDate,
          einddatum: IsoDate,
          omvang: Omvang.optional(),
          budgetCents: z.number().int().min(0).max(2_147_483_647).optional(),
          overbrugging: z.boolean().optional(),
        })
        .strict(),
    })
    .strict(),
  z.object({ type: z.literal('start'), nummer: z.number().int().min(1).max(2_147_483_647), datum: IsoDate }).strict(),
  z.object({ type: z.literal('stop'), nummer: z.number().int().min(1).max(2_147_483_647), datum: IsoDate, reden: z.string().regex(/^\d{2}$/) }).strict(),
  z.object({ type: z.literal('overbrugging'), nummer: z.number().int().min(1).max(2_147_483_647) }).strict(),
  z.object({ type: z.literal('spoedhulp'), nummer: z.number().int().min(1).max(2_147_483_647), fase: z.enum(SPOEDHULP_FASEN), datum: IsoDate }).strict(),
  z
    .object({
      type: z.literal('regie'),
      regievoerder: z.string().min(1).optional(),
      regievoerderPartij: z.string().min(1).max(100).optional(),
      procesregisseur: z.string().min(1).optional(),
      procesregiePartij: z.string().min(1).optional(),
    })
    .strict(),
  z.object({ type: z.literal('signaal-afgehandeld'), ruleId: z.string().min(1) }).strict(),
  z.object({ type: z.literal('afsluiten'), waakvlam: z.boolean(), contactpersoon: z.string().max(200).optional() }).strict(),
  z.object({ type: z.literal('nazorg-beeindigen') }).strict(),
]);

/** The request bodies as the web app sends them (src/api/types.ts re-exports these for web/). */
export type HelpRequestBody = z.input<typeof HelpRequest>;
export type AllocationChangeRequestBody = z.input<typeof AllocationChangeBody>;
export type CaseCommandBody = z.input<typeof Command>;

const CommandBody = z.object({ command: Command, expectedVersion: z.number().int().min(1).max(2_147_483_647).optional() }).strict();
const WorklistQuery = z
  .object({
    areaId: z.string().max(64).optional(),
    regievoerder: z.string().max(100).optional(),
    onlyWithSignals: z.enum(['true', 'false']).optional(),
    /** Case number or (part of) a name; never logged (the request log keeps the path only). */
    q: z.string().max(100).optional(),
    status: z
      .string()
      .regex(/^[a-z-]{1,40}$/)
      .optional(),
    sort: z.enum(WORKLIST_SORTS).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
    offset: z.coerce.number().int().min(0).max(10_000_000).optional(),
  })
  .strict();
const worklistFilter = (q: z.infer<typeof WorklistQuery>) => ({
  areaId: q.areaId,
  regievoerder: q.regievoerder,
  onlyWithSignals: q.onlyWithSignals === 'true',
  q: q.q,
  status: q.status,
});

const security: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }];

export async function registerAccessRoutes(api: FastifyInstance, ctx: Ctx): Promise<void> {
  api.post(
    '/regions/:id/cases',
    {
      schema: {
        tags: ['access'],
        summary:
          'Register a help request (hulpvraag): creates the youth, family (with its BRP address) and case in your municipality; an external referral in the body refers the case at once (its signals in `hits`)',
        params: json(RegionParams),
        body: json(HelpRequest),
        security,
      },
    },
    async (req, reply) => {
      const { id } = req.params as z.infer<typeof RegionParams>;
      const view = await registerHelpRequest(
        ctx.db,
        ctx.requireUser(req),
        id,
        HelpRequest.parse(req.body) as Parameters<typeof registerHelpRequest>[3],
        ctx.now(),
      );
      return reply.code(201).send(view);
    },
  );

  api.post(
    '/regions/:id/cases/:caseId/commands',
    {
      schema: {
        tags: ['access'],
        summary:
          'Apply a lifecycle command (triage, MDO, verwijzing, beschikking, toewijzing, start, stop, regie, afsluiten...). 422 when a blocking region rule refuses it, 409 for an illegal transition.',
        params: json(CaseParams),
        body: json(CommandBody),
        security,
      },
    },
    async (req) => {
      const { id, caseId } = CaseParams.parse(req.params);
      const body = CommandBody.parse(req.body);
      return applyCaseCommand(ctx.db, ctx.requireUser(req), id, caseId, body.command as CaseCommand, ctx.now(), body.expectedVersion);
    },
  );

  api.post(
    '/regions/:id/cases/:caseId/allocations/:nummer/change',
    {
      schema: {
        tags: ['access'],
        summary:
          'Change or withdraw an allocation on the municipality’s initiative (end date, volume, budget; reden 13 removes it) and send the changed ToegewezenProduct to the provider in a JW301 (same ToewijzingNummer, RedenWijziging; OP033x1, IV066). A change of extent that is not a total volume ends it and allocates anew from wijzigingsdatum (OP257).',
        description:
          'Answers the case view with `jw301` (absent for a taakgericht segment). 409 when iJw or the case does not allow the change (e.g. removing a started allocation, no consultation confirmed, shortening before declared care); 422 when a blocking region rule refuses it or the JW301 cannot be built (no BRP address); nothing changes then.',
        params: json(AllocationParams),
        body: json(AllocationChangeBody),
        security,
      },
    },
    async (req) => {
      const { id, caseId, nummer } = AllocationParams.parse(req.params);
      const { expectedVersion, ...change } = AllocationChangeBody.parse(req.body);
      return changeAllocation(ctx.db, ctx.requireUser(req), id, caseId, nummer, change, ctx.now(), expectedVersion);
    },
  );

  api.get(
    '/regions/:id/cases/:caseId',
    {
      schema: {
        tags: ['access'],
        summary: 'A case with its timeline and signals (audit-logged; purpose required)',
        params: json(CaseParams),
        querystring: json(PurposeQuery),
        security,
      },
    },
    async (req) => {
      const { id, caseId } = CaseParams.parse(req.params);
      const q = req.query as z.infer<typeof PurposeQuery>;
      return readCase(ctx.db, ctx.requireUser(req), id, caseId, q.purpose, ctx.now(), q.toelichting);
    },
  );

  api.get(
    '/regions/:id/worklist',
    {
      schema: {
        tags: ['access'],
        summary:
          'Open cases in your scope with their signals and expiring allocations: search (q: case number or name), status filter, sort (due, -due, case, -case, name, -name, status), paging (limit default 50, offset); answered as {total, rows}',
        params: json(RegionParams),
        querystring: json(WorklistQuery),
        security,
      },
    },
    async (req) => {
      const { id } = req.params as z.infer<typeof RegionParams>;
      const q = WorklistQuery.parse(req.query);
      return worklistPage(ctx.db, ctx.requireUser(req), id, worklistFilter(q), { sort: q.sort, limit: q.limit ?? 50, offset: q.offset ?? 0 }, ctx.now());
    },
  );

  for (const format of ['csv', 'xlsx'] as const) {
    api.get(
      `/regions/:id/worklist.${format}`,
      {
        schema: {
          tags: ['access'],
          summary: `The filtered worklist (same q, status, sort; no paging) as ${format.toUpperCase()}`,
          params: json(RegionParams),
          querystring: json(WorklistQuery),
          security,
        },
      },
      async (req, reply) => {
        const { id } = req.params as z.infer<typeof RegionParams>;
        const q = WorklistQuery.parse(req.query);
        const { file, name } = await worklistFile(ctx.db, ctx.requireUser(req), id, worklistFilter(q), q.sort ?? 'due', format, ctx.now());
        return sendListFile(reply, format, name, file);
      },
    );
  }

  api.get(
    '/regions/:id/my-work',
    {
      schema: {
        tags: ['access'],
        summary:
          '"Mijn werk": the start page of the logged-in user in its region, per role (cases due, decisions and allocations to make, procedures, contracts ending, dialogue actions, ceilings, declarations, profile questions) and the tabs the role may use',
        params: json(RegionParams),
        security,
      },
    },
    async (req) => {
      const { id } = req.params as z.infer<typeof RegionParams>;
      return myWork(ctx.db, ctx.requireUser(req), id, ctx.now());
    },
  );
}
