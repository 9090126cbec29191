/**
 * Fuzz test of the API (issue #10, Quality): fast-check generates bodies for every POST route with a
 * JSON body (shaped after the route's own JSON schema in the OpenAPI document, with hostile values
 * mixed in: IDs above 2^31-1, negative and fractional numbers, huge and odd strings, wrong types,
 * extra fields) and path ids, and XML for the iJw endpoints (valid example messages with mutated
 * values and bytes, random markup). 10,000 cases in all, through app.inject: no answer may be a 500,
 * every error is problem+json, and no request may take longer than 10 s (a hang).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer } from '../../src/api/server.js';
import { exampleCodes, exampleMessage } from '../../src/ijw/service.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
let testDb: TestDb;
let s: Started;
let app: FastifyInstance;
const tokens: Record<string, string> = {};
const USERS = ['contractmanager.wbo', 'toegang.wbo', 'gemeente.wbo', 'aanbieder.wbo', 'beheer'];
type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  additionalProperties?: Schema | boolean;
  minItems?: number;
  maxItems?: number;
};
let jsonRoutes: { path: string; schema: Schema }[] = [];

const HOSTILE_INTS = [0, -1, 1, 2_147_483_647, 2_147_483_648, 4_294_967_296, 9_007_199_254_740_991, 1e21, -2_147_483_649, 0.5, 1e-7];
const hostileNumber = fc.oneof(fc.constantFrom(...HOSTILE_INTS), fc.integer(), fc.double({ noNaN: true }));
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '2147483648',
    '99999999999999999999',
    '2027-02-30',
    '9999-12-31',
    '0000-00-00',
    'x'.repeat(5000),
    '\u0000',
    '<x/>',
    "'; drop table cases; --",
    '../../etc/passwd',
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
    '%00',
  ),
);

/** Values for a JSON schema: mostly of the right shape, often hostile within it. */
function arb(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.jsonValue({ maxDepth: 2 });
  if (schema.const !== undefined) return fc.oneof({ weight: 5, arbitrary: fc.constant(schema.const) }, { weight: 1, arbitrary: hostileString });
  if (schema.enum) return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...schema.enum) }, { weight: 1, arbitrary: hostileString });
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts) return fc.oneof(...alts.map((a) => arb(a, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  const shaped = ((): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'object': {
        const props = schema.properties ?? {};
        const keys = Object.keys(props);
        const required = schema.required ?? [];
        const record: Record<string, fc.Arbitrary<unknown>> = {};
        for (const k of keys) record[k] = arb(props[k], depth + 1);
        const base = fc.record(record, { requiredKeys: required.filter((k) => keys.includes(k)) });
        return fc.oneof({ weight: 6, arbitrary: base }, { weight: 1, arbitrary: base.map((o) => ({ ...(o as object), extraVeld: 1 })) });
      }
      case 'array':
        return fc.array(arb(schema.items, depth + 1), { maxLength: 4 });
      case 'integer': {
        const min = Math.max(schema.minimum ?? -10, -1e9);
        return fc.oneof(fc.integer({ min, max: Math.min(schema.maximum ?? min + 1000, min + 1000) }), hostileNumber);
      }
      case 'number':
        return hostileNumber;
      case 'boolean':
        return fc.boolean();
      case 'string':
        if (schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$')
          return fc.oneof(
            fc.date({ min: new Date('1990-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
            hostileString,
          );
        if (schema.pattern === '^\\d{2}$')
          return fc.oneof(
            fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0')),
            hostileString,
          );
        return fc.oneof(fc.constantFrom('slt', 'p1', 'specialistische-ambulante-behandeling', 'tarief', 'lid', 'test'), hostileString);
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  })();
  // Now and then the wrong type altogether.
  return fc.oneof(
    { weight: 9, arbitrary: shaped },
    { weight: 1, arbitrary: fc.oneof(fc.constant(null), hostileNumber, hostileString, fc.constant([]), fc.constant({})) },
  );
}

const pathId = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 30 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('0', '-1', '2147483648', '99999999999999999999', '1e3', '1.5', 'abc', '%20', '9007199254740993') },
);
const fillPath = (path: string, id: string, region: string) => `/api/v1${path.replace('{id}', region).replace(/\{\w+\}/g, id)}`;

async function send(method: 'POST', url: string, token: string, payload: string, contentType: string) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_r, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: ${method} ${url}`)), 10_000);
  });
  try {
    return await Promise.race([app.inject({ method, url, headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, payload }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** No 5xx; JSON routes answer errors as problem+json (the iJw routes answer a verdict or retour message). */
function check(res: { statusCode: number; headers: Record<string, unknown>; body: string }, what: string, problemJson = true) {
  if (res.statusCode >= 500) throw new Error(`${res.statusCode} for ${what}: ${res.body.slice(0, 300)}`);
  if (problemJson && res.statusCode >= 400 && !String(res.headers['content-type']).includes('application/problem+json'))
    throw new Error(`${res.statusCode} without problem+json for ${what}`);
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { demo: ['wbo'], today: TODAY, scale: 0.02 });
  app = await buildServer({ database: s.database, demo: true, now: () => new Date(`${TODAY}T09:00:00Z`) });
  for (const u of USERS) tokens[u] = (await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username: u, password: 'demo' } })).json().token;
  const doc = (await app.inject('/api/v1/openapi.json')).json() as {
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  };
  jsonRoutes = Object.entries(doc.paths).flatMap(([p, ops]) => {
    const body = ops.post?.requestBody?.content['application/json'];
    return body ? [{ path: p.replace(/^\/api\/v1/, ''), schema: body.schema }] : [];
  });
}, 600_000);

afterAll(async () => {
  await app?.close();
  await s?.database.close();
  await testDb?.drop();
});

describe('fuzz: no input gives a 500 or hangs', () => {
  it('JSON bodies of every POST route (7,000 cases)', async () => {
    expect(jsonRoutes.length).toBeGreaterThanOrEqual(25);
    const route = fc.constantFrom(...jsonRoutes).chain((r) =>
      fc.record({
        path: fc.constant(r.path),
        body: fc.oneof({ weight: 8, arbitrary: arb(r.schema) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) }),
        id: pathId,
        user: fc.constantFrom(...USERS),
        region: fc.constantFrom('wbo', 'wbo', 'holland-rijnland', 'onbekend'),
      }),
    );
    await fc.assert(
      fc.asyncProperty(route, async ({ path, body, id, user, region }) => {
        const url = fillPath(path, id, region);
        check(await send('POST', url, tokens[user]!, JSON.stringify(body), 'application/json'), `POST ${url} ${JSON.stringify(body).slice(0, 300)}`);
      }),
      { numRuns: 7000, seed: 10_2026, endOnFailure: true },
    );
  }, 900_000);

  it('iJw XML: validate, declarations and messages (3,000 cases)', async () => {
    const examples = exampleCodes().map((c) => exampleMessage(c));
    const mutated = fc
      .record({
        xml: fc.constantFrom(...examples),
        at: fc.nat(),
        replacement: fc.oneof(
          hostileString,
          fc.constantFrom('2147483648', '<', '&amp;', ']]>', '<!--', '<!DOCTYPE x [<!ENTITY e "e">]>', '\uFFFF', '99999999999999'),
        ),
        cut: fc.boolean(),
      })
      .map(({ xml, at, replacement, cut }) => {
        // Replace the text of one element (or cut the message there).
        const texts = [...xml.matchAll(/>([^<]+)</g)];
        const t = texts[at % Math.max(1, texts.length)];
        if (!t || t.index === undefined) return xml;
        return cut
          ? xml.slice(0, t.index + 1 + (at % (t[1]!.length + 1)))
          : `${xml.slice(0, t.index + 1)}${replacement}${xml.slice(t.index + 1 + t[1]!.length)}`;
      });
    const randomXml = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.constantFrom('', '<a>', '<?xml version="1.0"?>', '<a><b></a>', '\uFEFF<x/>').map((x) => x),
    );
    const body = fc.oneof({ weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: randomXml }, { weight: 1, arbitrary: fc.constantFrom(...examples) });
    const target = fc.constantFrom(
      '/api/v1/ijw/validate',
      '/api/v1/ijw/declarations?region=wbo',
      '/api/v1/ijw/messages?region=wbo',
      '/api/v1/ijw/declarations?region=holland-rijnland',
    );
    await fc.assert(
      fc.asyncProperty(body, target, fc.constantFrom('aanbieder.wbo', 'beheer', 'gemeente.wbo'), async (xml, url, user) => {
        check(await send('POST', url, tokens[user]!, xml, 'application/xml'), `POST ${url} ${xml.slice(0, 300)}`, false);
      }),
      { numRuns: 3000, seed: 10_2026, endOnFailure: true },
    );
  }, 900_000);
});
