/**
 * The audit trail for the privacy officer (functionaris gegevensbescherming): the region's reads
 * and refused reads of personal data with filters, as JSON or CSV. Who may call it is in
 * src/api/authz-matrix.ts; the use case checks the role again and logs the officer's own read.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditCsv, readAuditTrail, type AuditFilter } from '../app/audit.js';
import { AUDIT_PURPOSES } from '../domain/audit/audit.js';
import type { Ctx } from './context.js';
import { json, problemResponse, RegionParams, security } from './route-helpers.js';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const AuditQuery = z
  .object({
    who: z.string().min(1).max(100).optional().describe('deel van de gebruikersnaam'),
    subject: z.string().min(1).max(200).optional().describe('gegeven: nummer, of soort:nummer (case:12, youth:7)'),
    purpose: z.enum(Object.keys(AUDIT_PURPOSES) as [string, ...string[]]).optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    denied: z.enum(['true', 'false']).optional().describe('alleen geweigerde (true) of toegestane (false) inzages'),
    limit: z.coerce.number().int().min(1).max(5000).optional(),
    before: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
  })
  .strict();
/** The query of GET /regions/{id}/audit (and audit.csv) as a client sends it. */
export type AuditQueryParams = z.input<typeof AuditQuery>;

const filterOf = (q: z.infer<typeof AuditQuery>): AuditFilter => ({ ...q, denied: q.denied === undefined ? undefined : q.denied === 'true' });

export async function registerAuditRoutes(api: FastifyInstance, ctx: Ctx): Promise<void> {
  api.get(
    '/regions/:id/audit',
    {
      schema: {
        tags: ['audit'],
        summary:
          'The audit trail of personal data in the region, newest first (role privacy): who, when, what, purpose, allowed or refused; filters who, subject, purpose, from/to, denied',
        params: json(RegionParams),
        querystring: json(AuditQuery),
        security,
        response: { 400: problemResponse, 401: problemResponse, 403: problemResponse, 404: problemResponse },
      },
    },
    async (req) => {
      const { id } = RegionParams.parse(req.params);
      const q = AuditQuery.parse(req.query);
      return readAuditTrail(ctx.db, ctx.requireUser(req), id, filterOf(q));
    },
  );

  api.get(
    '/regions/:id/audit.csv',
    {
      schema: {
        tags: ['audit'],
        summary: 'The same trail as CSV (semicolon-separated, UTF-8), up to 5,000 rows per export',
        params: json(RegionParams),
        querystring: json(AuditQuery),
        security,
        response: { 400: problemResponse, 401: problemResponse, 403: problemResponse, 404: problemResponse },
      },
    },
    async (req, reply) => {
      const { id } = RegionParams.parse(req.params);
      const q = AuditQuery.parse(req.query);
      const { rows } = await readAuditTrail(ctx.db, ctx.requireUser(req), id, { ...filterOf(q), limit: q.limit ?? 5000 });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="inzagelog-${id}.csv"`)
        .header('cache-control', 'no-store')
        .send(auditCsv(rows));
    },
  );
}
