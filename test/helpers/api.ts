/**
 * Demo users talking to an app built in a test: a bearer token per username from POST /api/v1/tokens
 * (password "demo"), kept for the file, and requests as that user; and the check of a problem answer.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { expect } from 'vitest';

export function demoUsers(app: () => FastifyInstance, tokens = new Map<string, string>()) {
  const as = async (username: string): Promise<{ authorization: string }> => {
    if (!tokens.has(username)) {
      const res = await app().inject({ method: 'POST', url: '/api/v1/tokens', payload: { username, password: 'demo' } });
      expect(res.statusCode, res.body).toBe(201);
      tokens.set(username, res.json().token as string);
    }
    return { authorization: `Bearer ${tokens.get(username)}` };
  };
  const get = async (username: string, url: string, headers: Record<string, string> = {}) =>
    app().inject({ url, headers: { ...(await as(username)), ...headers } });
  const post = async (username: string, url: string, payload: unknown) =>
    app().inject({ method: 'POST', url, payload: payload as object, headers: await as(username) });
  /** A request with a body of its own content type (XML, a file upload, a wrong type on purpose). */
  const send = async (username: string, method: InjectOptions['method'], url: string, contentType: string, payload: string | Buffer) =>
    app().inject({ method, url, headers: { ...(await as(username)), 'content-type': contentType }, payload });
  return { as, get, post, send };
}

/** An RFC 9457 problem answer with this status, as application/problem+json; its body. */
export const expectProblem = (res: { statusCode: number; headers: Record<string, unknown>; body: string; json(): unknown }, status: number) => {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  return res.json() as { detail: string; violations?: { ruleId: string; message: string; field?: string; source?: { seed: string; section: string } }[] };
};
