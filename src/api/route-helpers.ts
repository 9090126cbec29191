/**
 * Pieces the route modules share: zod schemas as OpenAPI JSON schema, the region path parameter,
 * the security requirement, and reading an iJw message (application/xml) from the request body
 * with a size limit and answering with XML when the client asks for it.
 */
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { problem } from './context.js';
import { LIST_MIME, type ListFormat } from '../app/lists.js';
import { AppError, BadInput } from '../app/errors.js';

/** A zod schema as the JSON schema (draft 7) in the OpenAPI document. */
export const json = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;

export const RegionId = z.string().regex(/^[a-z0-9-]{1,64}$/);
export const RegionParams = z.object({ id: RegionId }).strict();

/**
 * The purpose of a read of personal data: a code from the list (src/domain/audit/audit.ts, e.g.
 * regievoering, zorglevering; or free text for older clients) plus an optional explanation;
 * neither may contain a BSN-like number (400).
 */
export const PurposeQuery = z
  .object({
    purpose: z
      .string()
      .min(3)
      .max(200)
      .describe('doel van inzage: regievoering, triage, mdo, beschikken, zorglevering, declareren, berichtenverkeer, klacht-of-verzoek, overig'),
    toelichting: z.string().max(500).optional().describe('vrije toelichting (geen BSN)'),
  })
  .strict();

/** Session cookie or bearer token. */
export const security: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }];

/**
 * An error answer: problem details with what the use case adds (`errors` per field, `rules` or
 * `violations` of a refusal, `retryAfter`). Serialised whole: a schema without additionalProperties
 * would drop the field messages, and the web app could not show them beside their fields.
 */
export const problemResponse = {
  description:
    'Problem details (RFC 9457), content type application/problem+json; bad input lists `errors` [{field, message}], a refusal by rules `rules` or `violations` [{ruleId, message, source}]',
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
  },
  additionalProperties: true,
};

/**
 * A success answer in the OpenAPI document: a JSON object, serialised as it is (no properties are
 * dropped). Declaring the status also lets `reply.code()` take it without a cast.
 */
export const jsonResponse = (description: string) => ({ description, type: 'object', additionalProperties: true });

/** The client asked for XML (Accept: application/xml or text/xml, without JSON). */
export function wantsXml(req: FastifyRequest): boolean {
  const accept = req.headers.accept ?? '';
  return /\b(application|text)\/xml\b/.test(accept) && !/application\/json/.test(accept);
}

export function sendXml(reply: FastifyReply, xml: string) {
  return reply.type('application/xml; charset=utf-8').send(xml);
}

/**
 * The request body (an iJw message sent as application/xml) as a stream of byte chunks, for a use
 * case that reads it in one pass without holding it whole (a declaration of 100,000 lines is
 * about 80 MB). No such body answers 415 and a declared length over `maxBytes` 413 here (the reply
 * is returned instead); a body that turns out larger while it streams in throws a 413 problem
 * (AppError), a broken connection a 400, both before the use case writes anything. What the client
 * still sends after such an error is read and dropped, so it gets the answer instead of a reset.
 */
export function streamXmlBody(
  req: FastifyRequest,
  reply: FastifyReply,
  opts: { maxBytes: number; what: 'declaratie' | 'bericht' },
): AsyncIterable<Uint8Array> | FastifyReply {
  const body = req.body as Readable | undefined;
  if (!body || typeof body.pipe !== 'function')
    return problem(reply, 415, 'Verkeerd formaat', `stuur het ${opts.what === 'bericht' ? 'bericht' : 'declaratiebericht'} als application/xml`);
  const tooLarge = `een ${opts.what} mag hoogstens ${megabytes(opts.maxBytes)} groot zijn (${opts.maxBytes} bytes)`;
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > opts.maxBytes) {
    req.raw.resume();
    return problem(reply, 413, 'Bericht te groot', tooLarge);
  }
  return (async function* counted() {
    let size = 0;
    let complete = false;
    // Not destroyed when the reader stops early (unusable input, the limit): the rest is drained below.
    const chunks = body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
    try {
      for await (const chunk of chunks) {
        size += chunk.length;
        if (size > opts.maxBytes) throw new AppError(413, 'Bericht te groot', tooLarge);
        yield chunk;
      }
      complete = true;
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new BadInput(`de ${opts.what} kwam niet volledig binnen: de verbinding werd verbroken`);
    } finally {
      if (!complete) {
        body.resume();
        req.raw.resume();
      }
    }
  })();
}

/**
 * A body streamed in (streamXmlBody) as a message the receive use case reads in one pass: its
 * first `headBytes` (at least the Header of any iJw message) are read here and kept, `chunks()`
 * yields them and then the rest of the body, once (a one-pass request body cannot be read again).
 * A reader that stops early ends the body's reading, so the rest is drained (streamXmlBody).
 */
export async function headedBody(body: AsyncIterable<Uint8Array>, headBytes = 1 << 20): Promise<{ head: Uint8Array; chunks: () => AsyncIterable<Uint8Array> }> {
  const it = body[Symbol.asyncIterator]();
  const first: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  while (size < headBytes) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    first.push(r.value);
    size += r.value.byteLength;
  }
  let read = false;
  return {
    head: Buffer.concat(first),
    chunks: () => {
      if (read) throw new Error('the request body is read once');
      read = true;
      return (async function* rest() {
        let complete = ended;
        try {
          yield* first;
          while (!complete) {
            const r = await it.next();
            if (r.done) complete = true;
            else yield r.value;
          }
        } finally {
          if (!complete) await it.return?.();
        }
      })();
    },
  };
}

export const megabytes = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.floor(bytes / (1024 * 1024))} MB` : `${Math.ceil(bytes / 1024)} kB`);

/** A list export (CSV or XLSX) as a download. */
export function sendListFile(reply: FastifyReply, format: ListFormat, name: string, file: Buffer) {
  return reply.type(LIST_MIME[format]).header('content-disposition', `attachment; filename="${name}"`).send(file);
}

/** The query of a list that scales: q (never logged), sort (a key or -key), limit, offset. */
export const listQuery = (sorts: readonly [string, ...string[]]) =>
  z
    .object({
      q: z.string().max(100).optional(),
      sort: z.enum(sorts).optional(),
      limit: z.coerce.number().int().min(1).max(1000).optional(),
      offset: z.coerce.number().int().min(0).max(10_000_000).optional(),
    })
    .strict();
