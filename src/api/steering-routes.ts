/**
 * Steering routes (issue #12): outcome registration per ended allocation, KPIs/KRIs per level with
 * series and exports, and the public results of a region (no login). Handlers parse input, resolve
 * the user and call the use cases in src/app/steering.
 *
 * Tenancy: an outcome is recorded by the allocation's provider (aanbieder, own allocations) or the
 * local team (toegang) of the youth's municipality; others get 403, another region or another's
 * allocation 404. KPIs: regional roles see the region, gemeente/toegang their own residents, a
 * provider its own figures beside anonymised peers; another region 403. Public outcomes: anyone.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listOutcomes, registerOutcome } from '../app/steering/outcomes.js';
import { kpiSeries, LEVELS, listKpis, pathways } from '../app/steering/kpis.js';
import { kpisCsv, kpisWorkbook } from '../app/steering/export.js';
import { publicCsv, publicOutcomes } from '../app/steering/public.js';
import { providerReportPdf } from '../app/steering/provider-report.js';
import { dutchDate } from '../domain/dates.js';
import { OutcomeInput } from '../domain/steering/outcome.js';
import type { Ctx } from './context.js';
import { json, problemResponse, RegionParams, security } from './route-helpers.js';

const Nummer = z.coerce.number().int().min(1).max(2_147_483_647);
const AllocationParams = RegionParams.extend({ nummer: Nummer }).strict();
const KpiParams = RegionParams.extend({ kpiId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/) }).strict();
const Year = z.coerce.number().int().min(2000).max(2100);
const Key = z.string().regex(/^[a-z0-9-]{0,64}$/);
const KpiQuery = z
  .object({
    level: z.enum(LEVELS).default('region'),
    year: Year.optional(),
    key: Key.optional(),
    provider: Nummer.optional(),
    municipality: z
      .string()
      .regex(/^\d{4}$/)
      .optional(),
    period: z
      .string()
      .regex(/^\d{4}-((0[1-9]|1[0-2])|Q[1-4])$/)
      .optional(),
  })
  .strict();
const SeriesQuery = KpiQuery.omit({ period: true })
  .extend({ from: Year.optional(), grain: z.enum(['month', 'quarter', 'year']).default('quarter') })
  .strict();
const ReportParams = RegionParams.extend({ pid: Nummer }).strict();
const ReportQuery = z.object({ year: Year.optional(), quarter: z.coerce.number().int().min(1).max(4).optional() }).strict();
const PublicQuery = z.object({ year: Year.optional(), format: z.enum(['json', 'csv']).optional() }).strict();

const errors = { 400: problemResponse, 401: problemResponse, 403: problemResponse, 404: problemResponse };

export async function registerSteeringRoutes(api: FastifyInstance, ctx: Ctx): Promise<void> {
  const today = () => dutchDate(ctx.now());
  const thisYear = () => Number(today().slice(0, 4));

  api.post(
    '/regions/:id/allocations/:nummer/outcome',
    {
      // The body is checked by the use case (Dutch messages per field); the schema documents it.
      attachValidation: true,
      schema: {
        tags: ['steering'],
        summary:
          'Record the outcome of an ended allocation per informant (national outcome set: tevredenheid 1-10, zonder hulp verder 01-04; doelrealisatie 0-100 % for result-based payment)',
        description:
          "By the allocation's provider (own allocations only) or the local team (toegang) of the youth's municipality, after care ended (JW307 stop or end date passed). One measurement per informant (jeugdige, ouder): a second is 409. Uitval and geen nieuwe start are derived, never entered. 422 when the allocation still runs or the date is wrong.",
        params: json(AllocationParams),
        body: json(OutcomeInput),
        security,
        response: { ...errors, 409: problemResponse, 422: problemResponse },
      },
    },
    async (req, reply) => {
      const { id, nummer } = AllocationParams.parse(req.params);
      const view = await registerOutcome(ctx.db, ctx.requireUser(req), id, nummer, req.body, ctx.now());
      return reply.code(201).send(view);
    },
  );

  api.get(
    '/regions/:id/allocations/:nummer/outcome',
    {
      schema: {
        tags: ['steering'],
        summary: 'The outcomes recorded for an allocation (provider: own; municipality roles: own residents)',
        params: json(AllocationParams),
        security,
        response: errors,
      },
    },
    async (req) => {
      const { id, nummer } = AllocationParams.parse(req.params);
      return { items: await listOutcomes(ctx.db, ctx.requireUser(req), id, nummer) };
    },
  );

  const kpiDoc = (summary: string) => ({
    tags: ['steering'],
    summary,
    description:
      'level region|segment|area|process (key = segment id, area id or access-path step); year (default this year) or period YYYY-MM / YYYY-Qn within it; provider and municipality filters within your tenancy. Items: id, label, value, unit, target, direction, level, key, n, status (on-target|off-target|no-target|insufficient-n), signal (KRI threshold), interval, bron; a provider also gets peers (anonymised benchmark).',
    params: json(RegionParams),
    querystring: json(KpiQuery),
    security,
    response: errors,
  });
  const kpis = async (req: { params: unknown; query: unknown }, user: ReturnType<Ctx['requireUser']>) => {
    const { id } = RegionParams.parse(req.params);
    const q = KpiQuery.parse(req.query);
    return listKpis(
      ctx.db,
      user,
      id,
      {
        level: q.level,
        year: q.year ?? Number(q.period?.slice(0, 4) ?? thisYear()),
        ...(q.key !== undefined ? { key: q.key } : {}),
        ...(q.provider !== undefined ? { provider: q.provider } : {}),
        ...(q.municipality ? { municipality: q.municipality } : {}),
        ...(q.period ? { period: q.period } : {}),
      },
      today(),
    );
  };

  api.get('/regions/:id/kpis', { schema: kpiDoc("KPIs and KRIs of the region's catalogue at one level, against their targets") }, async (req) =>
    kpis(req, ctx.requireUser(req)),
  );
  api.get('/regions/:id/kpis.csv', { schema: { ...kpiDoc('The KPIs as CSV (semicolon-separated)'), response: errors } }, async (req, reply) => {
    const r = await kpis(req, ctx.requireUser(req));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="indicatoren-${r.region}-${r.level}-${r.period.label.replace(/\s+/g, '-')}.csv"`)
      .send(kpisCsv(r));
  });
  api.get(
    '/regions/:id/kpis.xlsx',
    { schema: { ...kpiDoc('The KPIs as an Excel workbook (with definitions and sources)'), response: errors } },
    async (req, reply) => {
      const r = await kpis(req, ctx.requireUser(req));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="indicatoren-${r.region}-${r.level}-${r.period.label.replace(/\s+/g, '-')}.xlsx"`)
        .send(await kpisWorkbook(r));
    },
  );

  api.get(
    '/regions/:id/care-pathways',
    {
      schema: {
        tags: ['steering'],
        summary:
          "Care pathways of a year (Sankey): per segment where trajectories ended, the segment of the youth's next start within the catalogue's window, or none",
        params: json(RegionParams),
        querystring: json(ReportQuery.pick({ year: true })),
        security,
        response: errors,
      },
    },
    async (req) => {
      const { id } = RegionParams.parse(req.params);
      const q = ReportQuery.pick({ year: true }).parse(req.query);
      return pathways(ctx.db, ctx.requireUser(req), id, q.year ?? thisYear(), today());
    },
  );

  api.get(
    '/regions/:id/kpis/:kpiId/series',
    {
      schema: {
        tags: ['steering'],
        summary: 'One indicator over time (grain month|quarter|year, from year .. year) at a level and key',
        params: json(KpiParams),
        querystring: json(SeriesQuery),
        security,
        response: errors,
      },
    },
    async (req) => {
      const { id, kpiId } = KpiParams.parse(req.params);
      const q = SeriesQuery.parse(req.query);
      return kpiSeries(
        ctx.db,
        ctx.requireUser(req),
        id,
        kpiId,
        {
          level: q.level,
          year: q.year ?? thisYear(),
          grain: q.grain,
          ...(q.from !== undefined ? { from: q.from } : {}),
          ...(q.key !== undefined ? { key: q.key } : {}),
          ...(q.provider !== undefined ? { provider: q.provider } : {}),
          ...(q.municipality ? { municipality: q.municipality } : {}),
        },
        today(),
      );
    },
  );

  api.get(
    '/regions/:id/providers/:pid/kpi-report.pdf',
    {
      schema: {
        tags: ['steering'],
        summary:
          "Quarterly provider report (PDF) for the contract dialogue: the provider's KPIs per segment beside all providers (anonymised); default: the last full quarter",
        description: 'A provider gets its own report only (403 for another); regional roles any provider of the region; municipalities 403.',
        params: json(ReportParams),
        querystring: json(ReportQuery),
        security,
        response: errors,
      },
    },
    async (req, reply) => {
      const { id, pid } = ReportParams.parse(req.params);
      const q = ReportQuery.parse(req.query);
      const t = today();
      const current = Math.floor((Number(t.slice(5, 7)) - 1) / 3) + 1;
      const [year, quarter] = q.quarter !== undefined ? [q.year ?? thisYear(), q.quarter] : current === 1 ? [thisYear() - 1, 4] : [thisYear(), current - 1];
      const { file, name } = await providerReportPdf(ctx.db, ctx.requireUser(req), id, pid, year, quarter, t);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}"`).send(file);
    },
  );

  api.get(
    '/public/regions/:id/outcomes',
    {
      schema: {
        tags: ['steering'],
        summary:
          'Public outcomes of a region per segment and provider (no login; cells below the minimum n suppressed, also by difference); format=csv for open data',
        params: json(RegionParams),
        querystring: json(PublicQuery),
        response: { 400: problemResponse, 404: problemResponse },
      },
    },
    async (req, reply) => {
      const { id } = RegionParams.parse(req.params);
      const q = PublicQuery.parse(req.query);
      const result = await publicOutcomes(ctx.db, id, q.year ?? thisYear(), today());
      if (q.format === 'csv')
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="uitkomsten-${id}-${result.year}.csv"`)
          .send(publicCsv(result));
      return result;
    },
  );
}
