/**
 * Contracts, changes, dialogues, provider tiers and market API (issue #6). Handlers parse input,
 * resolve the user and call the use cases in src/app/contracts.
 *
 * Tenancy: contractmanager and beheer change contracts, changes, dialogues and tiers; aanbieder
 * sees its own contracts, dialogues and provider page; the other roles of the region read; other
 * regions see nothing (403). A refusal by a region rule is 422 with `rules` (rule id, message,
 * source); an illegal transition is 409 and changes nothing.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  addMember,
  announceChange,
  contractDetail,
  exerciseContractExtension,
  listContracts,
  removeMember,
  withdrawChange,
} from '../app/contracts/contracts.js';
import { cancelDialogue, closeAction, dialogueCycle, holdDialogue, listDialogues, readDialogue, scheduleDialogue } from '../app/contracts/dialogues.js';
import { marketView, providerPage, recordProviderTiers } from '../app/contracts/market.js';
import { marketWorkbook } from '../app/contracts/market-export.js';
import { CHANGE_KINDS } from '../domain/contracts/changes.js';
import { DIALOGUE_KINDS } from '../domain/contracts/dialogues.js';
import { MEMBER_ROLES } from '../domain/contracts/consortium.js';
import { dutchDate } from '../domain/dates.js';
import { CONTRACT_SORT_KEYS, contractsFile } from '../app/contracts/contract-list.js';
import { PROVIDER_SORT_KEYS, providerList, providerListFile } from '../app/contracts/provider-list.js';
import { sortKeys } from '../app/lists.js';
import { listQuery, problemResponse, sendListFile } from './route-helpers.js';
import type { Ctx } from './context.js';
import type { ContractDetail } from '../app/contracts/contracts.js';

/** GET /regions/{id}/contracts/{cid}: the use case's detail with the profile's dialogue cycle. */
export type ContractDetailResponse = ContractDetail & { dialogueCycle: Awaited<ReturnType<typeof dialogueCycle>> };

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
const RegionId = z.string().regex(/^[a-z0-9-]{1,64}$/);
const SerialId = z.coerce.number().int().min(1).max(2_147_483_647);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date as YYYY-MM-DD');
const SegmentId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
const RegionParams = z.object({ id: RegionId }).strict();
const ContractParams = RegionParams.extend({ cid: SerialId }).strict();
const ChangeParams = RegionParams.extend({ chid: SerialId }).strict();
const DialogueParams = RegionParams.extend({ did: SerialId }).strict();
const ActionParams = RegionParams.extend({ aid: SerialId }).strict();
const ProviderParams = RegionParams.extend({ pid: SerialId }).strict();
const MemberParams = RegionParams.extend({ cid: SerialId, mid: SerialId }).strict();
const SegmentParams = RegionParams.extend({ sid: SegmentId }).strict();

const ContractsQuery = z
  .object({
    segmentId: SegmentId.optional(),
    providerId: SerialId.optional(),
    status: z.enum(['gegund', 'lopend', 'afgelopen']).optional(),
    q: z.string().max(100).optional(),
    sort: z.enum(sortKeys(CONTRACT_SORT_KEYS)).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    offset: z.coerce.number().int().min(0).max(2_147_483_647).optional(),
  })
  .strict();
const ChangeBody = z
  .object({
    kind: z.enum(CHANGE_KINDS),
    description: z.string().min(1).max(4000),
    announcedOn: Day.optional(),
    effectiveOn: Day,
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
const WithdrawBody = z.object({ reason: z.string().max(2000).optional() }).strict();
const MemberBody = z
  .object({
    name: z.string().min(1).max(200),
    kind: z.string().min(1).max(100),
    role: z.enum(MEMBER_ROLES),
    providerId: z.number().int().min(1).max(2_147_483_647).optional(),
  })
  .strict();
const DialoguesQuery = z
  .object({
    contractId: SerialId.optional(),
    providerId: SerialId.optional(),
    segmentId: SegmentId.optional(),
    status: z.enum(['gepland', 'gehouden', 'geannuleerd']).optional(),
  })
  .strict();
const ScheduleBody = z
  .object({
    kind: z.enum(DIALOGUE_KINDS as [string, ...string[]]),
    scheduledOn: Day,
    agenda: z.array(z.string().max(500)).max(50).default([]),
    contractId: z.number().int().min(1).max(2_147_483_647).optional(),
    segmentId: SegmentId.optional(),
    lotId: SegmentId.optional(),
    providerId: z.number().int().min(1).max(2_147_483_647).optional(),
  })
  .strict();
const HoldBody = z
  .object({
    heldOn: Day.optional(),
    minutes: z.string().min(1).max(20000),
    actions: z
      .array(z.object({ description: z.string().min(1).max(1000), owner: z.string().min(1).max(200), dueOn: Day }).strict())
      .max(50)
      .default([]),
    followUps: z
      .array(
        z
          .object({ actionId: z.number().int().min(1).max(2_147_483_647), note: z.string().max(2000), status: z.enum(['afgerond', 'vervallen']).optional() })
          .strict(),
      )
      .max(100)
      .optional(),
  })
  .strict();
const CancelBody = z.object({ reason: z.string().max(2000).optional() }).strict();
const CloseBody = z
  .object({ status: z.enum(['afgerond', 'vervallen']).default('afgerond'), note: z.string().max(2000).optional(), doneOn: Day.optional() })
  .strict();
const MarketQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }).strict();
const TierBody = z
  .object({
    segmentId: SegmentId,
    year: z.number().int().min(2000).max(2100),
    paretoAandeel: z.number().gt(0).max(1).optional(),
    omzetdrempelCents: z.number().int().positive().optional(),
    dryRun: z.boolean().optional(),
  })
  .strict();

const security: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }];
const errors = { 400: problemResponse, 401: problemResponse, 403: problemResponse, 404: problemResponse };
const writeErrors = { ...errors, 409: problemResponse, 422: problemResponse };
const tags = ['contracts'];

export async function registerContractRoutes(api: FastifyInstance, ctx: Ctx): Promise<void> {
  const today = () => dutchDate(ctx.now());
  const route = (
    method: 'get' | 'post' | 'delete',
    url: string,
    summary: string,
    s: { params: z.ZodType; query?: z.ZodType; body?: z.ZodType; description?: string; write?: boolean },
    handler: (req: { params: unknown; query: unknown; body: unknown }, user: ReturnType<Ctx['requireUser']>) => Promise<unknown>,
    status = 200,
  ) => {
    api[method](
      url,
      {
        schema: {
          tags,
          summary,
          ...(s.description ? { description: s.description } : {}),
          params: json(s.params),
          ...(s.query ? { querystring: json(s.query) } : {}),
          ...(s.body ? { body: json(s.body) } : {}),
          security,
          response: s.write ? writeErrors : errors,
        },
      },
      async (req, reply) => {
        const user = ctx.requireUser(req);
        const out = await handler(req, user);
        if (status !== 200) (reply as unknown as { code(n: number): void }).code(status);
        return out;
      },
    );
  };

  route(
    'get',
    '/regions/:id/contracts',
    'Contracts of the region (a provider: its own), filterable by segment, provider, status (from the dates) and name/AGB',
    {
      params: RegionParams,
      query: ContractsQuery,
      description:
        "Each row carries `ceilings`: the yearly ceiling that applies (per provider or per segment, at the level the profile names; from the funding data, with spend and forecast of the funding spend report), else the contract's own ceilingCents. With segmentId the answer carries `segment`: its notice period (wijzigingstermijn) and its segment-wide changes.",
    },
    async (req, user) => {
      const { id } = RegionParams.parse(req.params);
      return listContracts(ctx.read, user, id, ContractsQuery.parse(req.query), today());
    },
  );

  for (const format of ['csv', 'xlsx'] as const) {
    api.get(
      `/regions/:id/contracts.${format}`,
      {
        schema: {
          tags,
          summary: `The filtered contract register (same filters, q and sort; no paging) as ${format.toUpperCase()}`,
          params: json(RegionParams),
          querystring: json(ContractsQuery),
          security,
          response: errors,
        },
      },
      async (req, reply) => {
        const { id } = RegionParams.parse(req.params);
        const { limit: _l, offset: _o, ...q } = ContractsQuery.parse(req.query);
        const { file, name } = await contractsFile(ctx.read, ctx.requireUser(req), id, q, today(), format);
        return sendListFile(reply, format, name, file);
      },
    );
  }

  const ProvidersQuery = listQuery(sortKeys(PROVIDER_SORT_KEYS));
  route(
    'get',
    '/regions/:id/providers',
    'The providers of the region (a provider: itself) with AGB code, kind, contracts, segments and first end date of a running contract: q (name, AGB, segment), sort (name, agb, contracts, end; -key descending), limit (default 50), offset; answered as {total, rows}',
    { params: RegionParams, query: ProvidersQuery },
    async (req, user) => {
      const { id } = RegionParams.parse(req.params);
      return providerList(ctx.read, user, id, ProvidersQuery.parse(req.query), today());
    },
  );
  for (const format of ['csv', 'xlsx'] as const) {
    api.get(
      `/regions/:id/providers.${format}`,
      {
        schema: {
          tags,
          summary: `The filtered provider list (same q and sort; no paging) as ${format.toUpperCase()}`,
          params: json(RegionParams),
          querystring: json(ProvidersQuery),
          security,
          response: errors,
        },
      },
      async (req, reply) => {
        const { id } = RegionParams.parse(req.params);
        const { limit: _l, offset: _o, ...q } = ProvidersQuery.parse(req.query);
        const { file, name } = await providerListFile(ctx.read, ctx.requireUser(req), id, q, today(), format);
        return sendListFile(reply, format, name, file);
      },
    );
  }

  route(
    'get',
    '/regions/:id/contracts/:cid',
    'One contract: term and extension options, products and tariffs, conditions, consortium members, changes, dialogues, the timeline (procedure, award, changes, dialogues) and the dialogue cycle of the profile',
    { params: ContractParams },
    async (req, user): Promise<ContractDetailResponse> => {
      const { id, cid } = ContractParams.parse(req.params);
      const detail = await contractDetail(ctx.db, user, id, cid, today());
      return { ...detail, dialogueCycle: await dialogueCycle(ctx.db, id, detail, today()) };
    },
  );

  route(
    'post',
    '/regions/:id/contracts/:cid/changes',
    'Announce a change of the contract (tarief, product, voorwaarde, looptijd, toetreding, overig)',
    {
      params: ContractParams,
      body: ChangeBody,
      write: true,
      description:
        "announcedOn defaults to today and may not be later. The region's notice period (rule wijzigingstermijn of the profile) is enforced: 422 with the rule id and source when the announcement is too late. 201 with the change and the notice applied.",
    },
    async (req, user) => {
      const { id, cid } = ContractParams.parse(req.params);
      return announceChange(ctx.db, user, id, { contractId: cid }, ChangeBody.parse(req.body), today(), ctx.now());
    },
    201,
  );

  route(
    'post',
    '/regions/:id/segments/:sid/changes',
    'Announce a change for every contract of a segment (e.g. new tariffs or contract clauses per segment)',
    { params: SegmentParams, body: ChangeBody, write: true },
    async (req, user) => {
      const { id, sid } = SegmentParams.parse(req.params);
      return announceChange(ctx.db, user, id, { segmentId: sid }, ChangeBody.parse(req.body), today(), ctx.now());
    },
    201,
  );

  route(
    'post',
    '/regions/:id/contract-changes/:chid/withdraw',
    'Withdraw an announced change before it takes effect (409 once in force)',
    { params: ChangeParams, body: WithdrawBody, write: true },
    async (req, user) => {
      const { id, chid } = ChangeParams.parse(req.params);
      return withdrawChange(ctx.db, user, id, chid, WithdrawBody.parse(req.body ?? {}).reason ?? '', today());
    },
  );

  route(
    'post',
    '/regions/:id/contracts/:cid/extensions',
    'Exercise the next extension option (the options of the profile contract term, e.g. 5+1+1); 409 when none is left or the contract has ended',
    { params: ContractParams, write: true },
    async (req, user) => {
      const { id, cid } = ContractParams.parse(req.params);
      return exerciseContractExtension(ctx.db, user, id, cid, today(), ctx.now());
    },
    201,
  );

  route(
    'post',
    '/regions/:id/contracts/:cid/members',
    'Add a consortium member or subcontractor; the consortium composition rule (consortium-samenstelling of the profile) is re-checked: a consortium being formed may still be incomplete (incomplete lists what it lacks)',
    { params: ContractParams, body: MemberBody, write: true },
    async (req, user) => {
      const { id, cid } = ContractParams.parse(req.params);
      return addMember(ctx.db, user, id, cid, MemberBody.parse(req.body));
    },
    201,
  );

  route(
    'delete',
    '/regions/:id/contracts/:cid/members/:mid',
    'Remove a consortium member or subcontractor; refused (422) when it removes the last party of a kind the composition rule requires',
    { params: MemberParams, write: true },
    async (req, user) => {
      const { id, cid, mid } = MemberParams.parse(req.params);
      return removeMember(ctx.db, user, id, cid, mid);
    },
  );

  route(
    'get',
    '/regions/:id/dialogues',
    'Steering and accountability dialogues with their actions (overdue flagged) and follow-ups; a provider sees its own',
    { params: RegionParams, query: DialoguesQuery },
    async (req, user) => {
      const { id } = RegionParams.parse(req.params);
      return listDialogues(ctx.db, user, id, DialoguesQuery.parse(req.query), today());
    },
  );

  route(
    'get',
    '/regions/:id/dialogues/:did',
    'One dialogue: agenda, minutes, frozen KPI snapshot, actions and follow-ups',
    { params: DialogueParams },
    async (req, user) => {
      const { id, did } = DialogueParams.parse(req.params);
      return readDialogue(ctx.db, user, id, did, today());
    },
  );

  route(
    'post',
    '/regions/:id/dialogues',
    'Schedule a dialogue (sturingsdialoog, verantwoordingsdialoog, contractgesprek, ontwikkeltafel, marktconsultatie) for a contract, lot or segment with an agenda; open actions of the previous dialogue are put on it for follow-up',
    { params: RegionParams, body: ScheduleBody, write: true },
    async (req, user) => {
      const { id } = RegionParams.parse(req.params);
      const b = ScheduleBody.parse(req.body);
      return scheduleDialogue(ctx.db, user, id, { ...b, kind: b.kind as (typeof DIALOGUE_KINDS)[number] }, today());
    },
    201,
  );

  route(
    'post',
    '/regions/:id/dialogues/:did/hold',
    'Hold a planned dialogue: minutes, agreed actions (owner, due date), follow-up of earlier actions; the KPI set of the day is frozen into the dialogue (409 when not planned)',
    { params: DialogueParams, body: HoldBody, write: true },
    async (req, user) => {
      const { id, did } = DialogueParams.parse(req.params);
      return holdDialogue(ctx.db, user, id, did, HoldBody.parse(req.body), today());
    },
  );

  route(
    'post',
    '/regions/:id/dialogues/:did/cancel',
    'Cancel a planned dialogue (409 otherwise); its follow-up actions return to the next dialogue',
    { params: DialogueParams, body: CancelBody, write: true },
    async (req, user) => {
      const { id, did } = DialogueParams.parse(req.params);
      return cancelDialogue(ctx.db, user, id, did, CancelBody.parse(req.body ?? {}).reason ?? '', today());
    },
  );

  route(
    'post',
    '/regions/:id/dialogue-actions/:aid/complete',
    'Complete (afgerond) or drop (vervallen) an open action (409 when not open)',
    { params: ActionParams, body: CloseBody, write: true },
    async (req, user) => {
      const { id, aid } = ActionParams.parse(req.params);
      return closeAction(ctx.db, user, id, aid, CloseBody.parse(req.body ?? {}), today());
    },
  );

  route(
    'get',
    '/regions/:id/providers/:pid',
    'Provider page: contracts, turnover per segment and year, tier (ontwikkelpartner/regulier) and applications; a provider sees only its own',
    { params: ProviderParams },
    async (req, user) => {
      const { id, pid } = ProviderParams.parse(req.params);
      return providerPage(ctx.db, user, id, pid, today());
    },
  );

  route(
    'get',
    '/regions/:id/market',
    'Market concentration per segment for a year: turnover per provider (approved declaration lines + paid schedule items), shares, top-5 share, HHI, Pareto curve, recorded tiers (regional roles only)',
    {
      params: RegionParams,
      query: MarketQuery,
      description: 'Default year: the last full year with funding data. A segment without funding data says so (hasData false, note).',
    },
    async (req, user) => {
      const { id } = RegionParams.parse(req.params);
      return marketView(ctx.read, user, id, { ...MarketQuery.parse(req.query), asOf: today() });
    },
  );

  api.get(
    '/regions/:id/market.xlsx',
    {
      schema: {
        tags,
        summary: 'The market view as a workbook (XLSX): summary per segment and one sheet per segment with data',
        params: json(RegionParams),
        querystring: json(MarketQuery),
        security,
        response: errors,
      },
    },
    async (req, reply) => {
      const { id } = RegionParams.parse(req.params);
      const { file, name } = await marketWorkbook(ctx.read, ctx.requireUser(req), id, { ...MarketQuery.parse(req.query), asOf: today() });
      return sendListFile(reply, 'xlsx', name, file);
    },
  );

  route(
    'post',
    '/regions/:id/provider-tiers',
    "Apply the ontwikkelpartners rule of the profile (Pareto or turnover threshold) to a segment's turnover of a year and record every provider as ontwikkelpartner or regulier with the rationale (dryRun: preview only)",
    {
      params: RegionParams,
      body: TierBody,
      write: true,
      description: 'When the profile gives no Pareto share or threshold, pass one (an assumption; the rationale says so).',
    },
    async (req, user) => {
      const { id } = RegionParams.parse(req.params);
      return recordProviderTiers(ctx.db, user, id, TierBody.parse(req.body), today());
    },
  );
}
