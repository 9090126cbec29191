/** Procurement procedures API (issue #6): filled in by the procedures work. */
import type { FastifyInstance } from 'fastify';
import type { Ctx } from './server.js';

export async function registerProcurementRoutes(_api: FastifyInstance, _ctx: Ctx): Promise<void> {}
