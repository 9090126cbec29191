/**
 * `regiekamer serve --workers 2` on PostgreSQL (issue #14 point 4, README "Scaling out"): two API
 * processes (node:cluster) answer on one port; sessions live in the database, so a session made
 * on one worker is valid on the other (also on a worker started after the login); a logout on one
 * worker ends the session in every worker at once (the primary passes it on), even though each
 * worker keeps sessions in memory (here for 60 s, so without that message the other worker would
 * still accept the token for a minute); health answers on every connection.
 *
 * Every request goes over a connection of its own (`agent: false`): node:cluster hands new
 * connections to the workers in turn, so consecutive requests reach both workers.
 * Needs PostgreSQL (DATABASE_URL; skipped on PGlite, where --workers is refused) and the built CLI.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const BIN = join(PROJECT_ROOT, 'bin', 'regiekamer.js');
const PORT = 4736;
const onPostgres = Boolean(process.env.DATABASE_URL);

let testDb: TestDb;
let server: ChildProcess;
let dataDir: string;

/** One request over a connection of its own; status and body. */
function once(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: PORT, method, path, agent: false, headers: body ? { ...headers, 'content-type': 'application/json' } : headers },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const workerPids = (): number[] =>
  execFileSync('ps', ['-o', 'pid=', '--ppid', String(server.pid)], { encoding: 'utf8' })
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => n > 0);

async function until<T>(what: string, f: () => Promise<T | undefined>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function login(): Promise<Record<string, string>> {
  const res = await once('POST', '/api/v1/tokens', {}, JSON.stringify({ username: 'controller.wbo', password: 'demo' }));
  expect(res.status, res.body).toBe(201);
  return { authorization: `Bearer ${(JSON.parse(res.body) as { token: string }).token}` };
}

const statuses = async (n: number, headers: Record<string, string>) => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await once('GET', '/api/v1/regions/wbo/contracts?limit=1', headers)).status);
  return out;
};

beforeAll(async () => {
  if (!onPostgres) return;
  if (!existsSync(join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js'))) throw new Error('build first: npm run build:server');
  testDb = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'rk-workers-'));
  server = spawn(
    process.execPath,
    [BIN, 'serve', '--workers', '2', '--port', String(PORT), '--host', '127.0.0.1', '--data', dataDir, '--demo', 'wbo:0.01', '--no-demo-funding'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: testDb.open.url!, REGIEKAMER_SESSION_CACHE_SECONDS: '60' } },
  );
  let output = '';
  server.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  server.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  await until('2 API workers listening', async () => (/2 API workers/.test(output) ? true : undefined), 180_000).catch((e: Error) => {
    throw new Error(`${e.message}\n${output}`);
  });
  // The demo accounts exist once the demo is prepared (in the primary, after listening).
  await until(
    'the demo accounts',
    async () =>
      (await once('POST', '/api/v1/tokens', {}, JSON.stringify({ username: 'controller.wbo', password: 'demo' }))).status === 201 ? true : undefined,
    180_000,
  );
}, 400_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  await testDb?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!onPostgres)('serve --workers 2 (PostgreSQL)', () => {
  it('two worker processes; health answers on every connection', async () => {
    expect(workerPids()).toHaveLength(2);
    for (let i = 0; i < 6; i++) {
      const res = await once('GET', '/api/v1/health');
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ status: 'ok' });
    }
  });

  it('a session made on one worker works on the others, also on workers started after the login', async () => {
    const headers = await login();
    expect(await statuses(6, headers)).toEqual([200, 200, 200, 200, 200, 200]);
    // Stop both workers that existed at the login, one after the other; the primary starts new ones.
    for (const pid of workerPids()) {
      const before = workerPids();
      process.kill(pid, 'SIGKILL');
      await until('a new worker', async () => (workerPids().some((p) => !before.includes(p)) && workerPids().length === 2 ? true : undefined), 60_000);
      await until('the new worker answering', async () => ((await once('GET', '/api/v1/health')).status === 200 ? true : undefined), 60_000);
    }
    // Only workers started after the login are left: the session is read from the database.
    expect(await statuses(6, headers)).toEqual([200, 200, 200, 200, 200, 200]);
  }, 200_000);

  it('a logout on one worker ends the session on every worker at once, although each keeps sessions in memory for 60 s', async () => {
    const headers = await login();
    // Both workers now know the session (each connection goes to the next worker).
    expect(await statuses(6, headers)).toEqual([200, 200, 200, 200, 200, 200]);
    const out = await once('DELETE', '/api/v1/session', headers);
    expect(out.status).toBeLessThan(300);
    // The other worker hears of it from the primary (an IPC message): within 500 ms.
    await new Promise((r) => setTimeout(r, 500));
    expect(await statuses(6, headers)).toEqual([401, 401, 401, 401, 401, 401]);
  });
});
