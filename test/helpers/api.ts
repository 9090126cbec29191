/**
 * Demo users talking to an app built in a test: a bearer token per username from POST /api/v1/tokens
 * (password "demo"), kept for the file, and GET/POST as that user.
 */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

export function demoUsers(app: () => FastifyInstance) {
  const tokens = new Map<string, string>();
  const as = async (username: string): Promise<{ authorization: string }> => {
    if (!tokens.has(username)) {
      const res = await app().inject({ method: 'POST', url: '/api/v1/tokens', payload: { username, password: 'demo' } });
      expect(res.statusCode, res.body).toBe(201);
      tokens.set(username, res.json().token as string);
    }
    return { authorization: `Bearer ${tokens.get(username)}` };
  };
  const get = async (username: string, url: string) => app().inject({ url, headers: await as(username) });
  const post = async (username: string, url: string, payload: unknown) =>
    app().inject({ method: 'POST', url, payload: payload as object, headers: await as(username) });
  return { as, get, post };
}
