/**
 * Scenario simulation (impactanalyse, issue #15): list the shipped and stored scenario files of a
 * region, store one built in the web app, export it as YAML, run a file against the region's base
 * and export the comparison as a workbook. Controller, beleid and contractmanager of the region;
 * every other role (and other regions) 403. Nothing here holds rules: the handlers parse input and
 * call the use cases in src/app/simulation.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { comparisonWorkbook } from '../app/simulation/export-xlsx.js';
import { exportScenarioFile, listScenarioFiles, MAX_RUNS, runScenarioFile, saveScenarioFile, scenarioFileFrom } from '../app/simulation/run.js';
import { BadInput } from '../app/errors.js';
import { dutchDate } from '../domain/dates.js';
import type { Ctx } from './context.js';
import { json, problemResponse, RegionParams, security } from './route-helpers.js';

const tags = ['simulation'];
const errors = { 400: problemResponse, 401: problemResponse, 403: problemResponse, 404: problemResponse };
const RefParams = RegionParams.extend({ ref: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,80}$/) }).strict();
const RunBody = z
  .object({
    /** A scenario file as an object (the YAML's structure). */
    file: z.record(z.string(), z.unknown()).optional(),
    /** A scenario file as YAML text. */
    yaml: z.string().max(200_000).optional(),
    /** A shipped file name (profiles/<regio>/scenarios/<ref>.yaml) or a stored id. */
    ref: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{0,80}$/)
      .optional(),
    runs: z.number().int().min(0).max(MAX_RUNS).optional(),
    seed: z.number().int().min(-2_147_483_648).max(2_147_483_647).optional(),
    scenarioIds: z.array(z.string().max(64)).min(1).max(20).optional(),
  })
  .strict();
const SaveBody = z.object({ name: z.string().min(1).max(120), definition: z.record(z.string(), z.unknown()) }).strict();

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw new BadInput(`ongeldige invoer: ${r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
  return r.data;
}

export async function registerSimulationRoutes(api: FastifyInstance, ctx: Ctx): Promise<void> {
  const today = () => dutchDate(ctx.now());
  const run = async (req: { params: unknown; body: unknown; headers: Record<string, unknown> }, user: ReturnType<Ctx['requireUser']>) => {
    const { id } = RegionParams.parse(req.params);
    const body = parseBody(RunBody, req.body);
    const file = await scenarioFileFrom(ctx.db, user, id, body);
    return runScenarioFile(ctx.db, user, id, file, {
      today: today(),
      ...(body.runs !== undefined ? { runs: body.runs } : {}),
      ...(body.seed !== undefined ? { seed: body.seed } : {}),
      ...(body.scenarioIds ? { scenarioIds: body.scenarioIds } : {}),
    });
  };

  api.get(
    '/regions/:id/scenarios',
    {
      schema: {
        tags,
        summary: "The region's scenario files: shipped with the profile (profiles/<regio>/scenarios) and stored from the web app, with their scenarios",
        params: json(RegionParams),
        security,
        response: errors,
      },
    },
    async (req) => {
      const { id } = RegionParams.parse(req.params);
      return { files: await listScenarioFiles(ctx.db, ctx.requireUser(req), id) };
    },
  );

  api.post(
    '/regions/:id/scenarios',
    {
      schema: {
        tags,
        summary: 'Store a scenario file built in the web app (validated like the shipped files); 201 with its id',
        params: json(RegionParams),
        body: json(SaveBody),
        security,
        response: { ...errors, 201: { type: 'object', properties: { id: { type: 'integer' } } } },
      },
    },
    async (req, reply) => {
      const { id } = RegionParams.parse(req.params);
      const body = parseBody(SaveBody, req.body);
      const saved = await saveScenarioFile(ctx.db, ctx.requireUser(req), id, body);
      return reply.code(201).send(saved);
    },
  );

  api.get(
    '/regions/:id/scenarios/:ref/export',
    {
      schema: {
        tags,
        summary: 'A shipped or stored scenario file as YAML (the format of profiles/<regio>/scenarios/*.yaml)',
        params: json(RefParams),
        security,
        response: errors,
      },
    },
    async (req, reply) => {
      const { id, ref } = RefParams.parse(req.params);
      const { fileName, yaml } = await exportScenarioFile(ctx.db, ctx.requireUser(req), id, ref);
      return reply.type('application/yaml; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`).send(yaml);
    },
  );

  api.post(
    '/regions/:id/scenarios/run',
    {
      schema: {
        tags,
        summary:
          "Run a scenario file against the region's base (actual allocations, declarations and outcomes): per scenario the spend per year, municipality, segment and provider, provider revenue change, ceiling and budget exceedances, and P10/P50/P90 over Monte Carlo runs",
        description:
          "Give exactly one of file (object), yaml (text) or ref (shipped file name or stored id). base.totalCents is the actual spend as GET .../spend reports it; a scenario's totalCents is its deterministic replay; percentiles are null without runs.",
        params: json(RegionParams),
        body: json(RunBody),
        security,
        response: errors,
      },
    },
    async (req) => run(req, ctx.requireUser(req)),
  );

  api.post(
    '/regions/:id/scenarios/run.xlsx',
    { schema: { tags, summary: 'The same run as a comparison workbook (XLSX)', params: json(RegionParams), body: json(RunBody), security, response: errors } },
    async (req, reply) => {
      const report = await run(req, ctx.requireUser(req));
      const { file, name } = await comparisonWorkbook(report, today());
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(file);
    },
  );
}
