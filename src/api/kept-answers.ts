/**
 * Kept answers (issue #14, 200 concurrent clients): the serialised JSON of the heavy list and
 * dashboard routes, kept in this process per (route and query, the caller's authorised scope) and
 * valid while the versions of the kinds of data it reads and the day are unchanged. A hit costs one statement (the
 * versions) and a socket write of bytes already made: no use case, no Drizzle mapping, no JSON
 * serialisation, and, when the client accepts it, a gzip body compressed once per version.
 *
 * Correctness:
 * - The versions are read before the answer is computed, from the database the route reads (the
 *   replica when DATABASE_READ_URL is set), so a kept answer is at least as new as its version; an
 *   answer computed while a write commits is kept under the older version and computed again at the
 *   next request. Every table these answers read bumps the version of its kind of data in its region
 *   ('data|<kind>|<region>' in read_model_versions: migration 0027 on the tables of migrations 0014,
 *   0019, 0022, 0026; 'trajectories': migration 0009) from statement triggers, so a write by a use
 *   case or by plain SQL is seen at the next request. Each route names the kinds its use case reads
 *   (KEPT_ROUTES), so a write of another kind leaves its answers warm.
 * - The authorisation matrix and the use case decide first: this runs after the route's matrix
 *   check, and only a 200 answer computed by the use case for that scope is kept. The key holds the
 *   scope the read use cases take from the caller (role, region, municipality, provider: what
 *   decides the rows and fields they answer), never another caller's; anonymous readers have their
 *   own key. No route listed here reads personal data (none is `persoonsgegevens` in the matrix;
 *   a test checks), so no audited read is ever skipped.
 * - Strong ETag (a hash of the bytes); a request with a matching If-None-Match gets 304. These
 *   answers hold no personal data, so they are sent with `cache-control: private, no-cache`: a
 *   browser (never a shared cache) may keep them but asks again every time with If-None-Match,
 *   and the request is authenticated, authorised and scoped as any other before the 304 (an ended
 *   session gets 401, another scope its own answer). Every other API answer, personal data
 *   included, keeps `no-store` (issue #10; server.ts).
 *
 * Memory: one entry per (route and query, scope), replaced when its version changes, evicted least
 * recently used beyond REGIEKAMER_KEPT_ANSWERS_MB (default 64; 0 turns keeping off).
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import { dutchDate } from '../domain/dates.js';
import { routeKey } from './authz-matrix.js';
import type { Ctx } from './context.js';
import { dataVersionName, SPEND_KINDS, versionStamp, type DataKind } from '../app/funding/kept.js';
import { CEILING_SPEND_KINDS } from '../app/funding/ceiling-spend.js';

/**
 * Which versions an answer depends on: kinds of the region's data ('data|<kind>|<region>', migration
 * 0027), derived from the tables its use case reads, and 'trajectories' (migration 0009). A write
 * bumps only the kinds it changes, so e.g. a contract change leaves the spend screens and the
 * landscape warm, a declaration the landscape, the provider list and the procedure board.
 */
export type KeptVersion = DataKind | 'trajectories';
export interface KeptRouteRule {
  versions: readonly KeptVersion[];
  /** The database the route's use case reads: the versions are read from the same one. */
  db: 'read' | 'primary';
}

/**
 * The contract screens show the ceiling that applies with its spend (contractCeilings: ceilingSpend,
 * without the committed amounts, so not the allocations or tariffs).
 */
const CONTRACTS_WITH_SPEND: readonly KeptVersion[] = ['contracts', 'contract-changes', ...CEILING_SPEND_KINDS];

/** The routes whose answers are kept (key: method and OpenAPI path without /api/v1, as in the authorisation matrix). */
export const KEPT_ROUTES: Record<string, KeptRouteRule> = {
  // The profile, segments, lots, the contracts in force and their providers (getLandscape).
  'GET /regions/{id}/landscape': { versions: ['region', 'contracts'], db: 'read' },
  'GET /regions/{id}/care-summary': { versions: ['region', 'trajectories'], db: 'read' },
  // Contracts, their announced changes, and the ceilings with spend (listContracts, contractCeilings).
  'GET /regions/{id}/contracts': { versions: CONTRACTS_WITH_SPEND, db: 'read' },
  // Also its tariffs, dialogues, consortium members, its procedure's events, applications and award (contractDetail).
  'GET /regions/{id}/contracts/{cid}': { versions: [...CONTRACTS_WITH_SPEND, 'tariffs', 'procurement'], db: 'primary' },
  'GET /regions/{id}/providers': { versions: ['region', 'contracts'], db: 'read' },
  'GET /regions/{id}/spend': { versions: SPEND_KINDS, db: 'read' },
  // Declarations with their totals and messages (listDeclarations).
  'GET /regions/{id}/declarations': { versions: ['region', 'declarations', 'messages'], db: 'read' },
  // Contracts, allocations priced at their tariffs, outcomes (result-based payments), the schedule rows (listSchedules).
  'GET /regions/{id}/schedules': { versions: ['region', 'contracts', 'allocations', 'tariffs', 'schedules', 'outcomes'], db: 'read' },
  // Realised spend per municipality (spend_monthly) and the schedules per segment and year (budgetFramework).
  'GET /regions/{id}/budget-framework': { versions: ['region', 'declarations', 'schedules'], db: 'read' },
  // Contracts, procedures, applications, tiers, and turnover from spend_monthly and the schedules (marketView).
  'GET /regions/{id}/market': { versions: ['region', 'contracts', 'procurement', 'declarations', 'schedules'], db: 'read' },
  // Procedures with their applications, events, awards and the contracts they led to (procedureBoard).
  'GET /regions/{id}/procedures': { versions: ['region', 'procurement', 'contracts'], db: 'primary' },
};

interface Entry {
  /** Day and versions the answer belongs to. */
  stamp: string;
  body: Buffer;
  gzip: Buffer | null;
  etag: string;
  type: string;
}

/** Kept answers hold no personal data: a browser may keep them, revalidating each time (ETag -> 304). */
export const KEPT_CACHE_CONTROL = 'private, no-cache';

/** Bytes below which gzip is not worth its CPU. */
const GZIP_MIN = 1024;

export interface KeptAnswerStats {
  hits: number;
  misses: number;
  notModified: number;
  entries: number;
  bytes: number;
}

export class KeptAnswers {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  readonly stats = { hits: 0, misses: 0, notModified: 0 };
  constructor(private readonly maxBytes: number) {}

  get(key: string, stamp: string): Entry | undefined {
    const e = this.entries.get(key);
    if (!e || e.stamp !== stamp) return undefined;
    // Most recently used last (a Map keeps insertion order).
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  put(key: string, entry: Entry): void {
    this.drop(key);
    const size = entry.body.length;
    if (size > this.maxBytes / 4) return; // one answer never takes most of the room
    this.entries.set(key, entry);
    this.bytes += size;
    while (this.bytes > this.maxBytes) this.drop(this.entries.keys().next().value!);
  }

  gzipOf(e: Entry): Buffer {
    if (!e.gzip) {
      e.gzip = gzipSync(e.body, { level: 6 });
      this.bytes += e.gzip.length;
    }
    return e.gzip;
  }

  private drop(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.bytes -= e.body.length + (e.gzip?.length ?? 0);
  }

  summary(): KeptAnswerStats {
    return { ...this.stats, entries: this.entries.size, bytes: this.bytes };
  }
}

/** The scope the read use cases take from the caller: what decides the rows and fields they answer. */
function scopeKey(user: FastifyRequest['user']): string {
  return user ? `${user.role}|${user.regionId ?? '*'}|${user.municipalityCode ?? ''}|${user.providerId ?? ''}` : 'anoniem';
}

const etagMatches = (header: string | undefined, etag: string) =>
  header !== undefined && (header.trim() === '*' || header.split(',').some((t) => t.trim() === etag));

const acceptsGzip = (req: FastifyRequest) => /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');

/** One answer being computed: requests for the same key and stamp wait for it instead of computing it again. */
interface Flight {
  stamp: string;
  done: Promise<Entry | undefined>;
  settle: (e: Entry | undefined) => void;
}

/** What the kept-answer hooks remember of a request between preHandler and onSend. */
const pending = new WeakMap<FastifyRequest, { key: string; stamp: string; flight: Flight }>();

function send(req: FastifyRequest, reply: FastifyReply, kept: KeptAnswers, e: Entry) {
  reply.header('etag', e.etag).header('vary', 'accept-encoding').header('cache-control', KEPT_CACHE_CONTROL);
  if (etagMatches(req.headers['if-none-match'], e.etag)) {
    kept.stats.notModified++;
    return reply.code(304).send();
  }
  kept.stats.hits++;
  reply.type(e.type);
  if (e.body.length >= GZIP_MIN && acceptsGzip(req)) return reply.header('content-encoding', 'gzip').send(kept.gzipOf(e));
  return reply.send(e.body);
}

/**
 * Adds the hooks to the /api/v1 scope (after the matrix's preValidation hook, which they follow).
 * Returns the store (tests read its statistics).
 */
export function registerKeptAnswers(api: FastifyInstance, ctx: Ctx, database: Database, maxBytes: number): KeptAnswers {
  const kept = new KeptAnswers(maxBytes);
  if (maxBytes <= 0) return kept;
  // Under many users an answer that is not kept yet (first request, or the data just changed) was
  // computed by every request that arrived meanwhile; now one computes it and the others wait.
  const flights = new Map<string, Flight>();
  const land = (req: FastifyRequest, entry: Entry | undefined) => {
    const p = pending.get(req);
    if (!p) return;
    pending.delete(req);
    if (flights.get(p.key) === p.flight) flights.delete(p.key);
    p.flight.settle(entry);
  };
  const primary = database.db;
  const read = database.read ?? database.db;

  api.addHook('preHandler', async (req, reply) => {
    if (req.method !== 'GET') return;
    const rule = KEPT_ROUTES[routeKey(req.method, req.routeOptions.url ?? '')];
    if (!rule) return;
    const regionId = (req.params as { id?: string }).id ?? '';
    const names = rule.versions.map((v) => (v === 'trajectories' ? v : dataVersionName(v, regionId)));
    const stamp = `${dutchDate(ctx.now())}|${await versionStamp(rule.db === 'read' ? read : primary, names)}`;
    const key = `${req.url}|${scopeKey(req.user)}`;
    const hit = kept.get(key, stamp);
    if (hit) return send(req, reply, kept, hit);
    const flight = flights.get(key);
    if (flight && flight.stamp === stamp) {
      const computed = await flight.done;
      if (computed) return send(req, reply, kept, computed);
    }
    kept.stats.misses++;
    let settle!: (e: Entry | undefined) => void;
    const done = new Promise<Entry | undefined>((resolve) => (settle = resolve));
    const mine = { stamp, done, settle };
    flights.set(key, mine);
    pending.set(req, { key, stamp, flight: mine });
  });
  // An answer that ends without being kept (an error, an aborted request) lets the waiting requests compute their own.
  api.addHook('onResponse', async (req) => land(req, undefined));
  api.addHook('onRequestAbort', async (req) => land(req, undefined));

  api.addHook('onSend', async (req, reply, payload) => {
    const p = pending.get(req);
    if (!p) return payload;
    if (reply.statusCode !== 200 || typeof payload !== 'string') {
      land(req, undefined);
      return payload;
    }
    const body = Buffer.from(payload);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
    const type = String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8');
    const e: Entry = { stamp: p.stamp, body, gzip: null, etag, type };
    kept.put(p.key, e);
    land(req, e);
    reply.header('etag', etag).header('vary', 'accept-encoding').header('cache-control', KEPT_CACHE_CONTROL);
    // A browser revalidating an answer it kept from before (this process computed it anew: a restart, another worker).
    if (etagMatches(req.headers['if-none-match'], etag)) {
      kept.stats.notModified++;
      reply.code(304);
      return '';
    }
    if (body.length >= GZIP_MIN && acceptsGzip(req)) {
      reply.header('content-encoding', 'gzip');
      return kept.gzipOf(e);
    }
    return body;
  });
  return kept;
}
