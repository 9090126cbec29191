/** Contracts, changes, dialogues, provider tiers and market API (issue #6): filled in by the contracts work. */
import type { FastifyInstance } from 'fastify';
import type { Ctx } from './server.js';

export async function registerContractRoutes(_api: FastifyInstance, _ctx: Ctx): Promise<void> {}
