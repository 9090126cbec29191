/**
 * Shared set-up of the browser tests: a real `regiekamer serve` process on a free port (PGlite in
 * a temp folder, or the test's PostgreSQL database) and Debian's Chromium through playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { createTestDatabase, type TestDb } from './db.js';

export const CHROMIUM = '/usr/bin/chromium';
export const SHOTS = join(PROJECT_ROOT, 'test-results');

/** True when Chromium is installed; with REQUIRE_BROWSER set (CI) a missing Chromium is an error. */
export function browserAvailable(): boolean {
  const has = existsSync(CHROMIUM);
  if (!has && process.env.REQUIRE_BROWSER) throw new Error(`REQUIRE_BROWSER is set but ${CHROMIUM} is missing`);
  return has;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `regiekamer serve` with `args` (after --data/--port) and resolves with its base URL. */
export async function startServer(
  tmp: string,
  testDb: TestDb,
  args: string[],
  opts: { port?: number; env?: Record<string, string> } = {},
): Promise<{ server: ChildProcess; base: string }> {
  const port = opts.port ?? (await freePort());
  const env = { ...process.env, ...opts.env, DATABASE_URL: testDb.kind === 'postgres' ? testDb.open.url : '' };
  const server = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'regiekamer.js'), 'serve', '--data', join(tmp, 'data'), '--port', String(port), ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout!.on('data', (d) => (output += d));
  server.stderr!.on('data', (d) => (output += d));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /running at (http:\/\/[^\s/]+)\//.exec(output);
      // serve prepares the demo regions (cases, procedures, ...) in the background once it listens: wait for them.
      const demo = args.includes('--demo') ? args[args.indexOf('--demo') + 1]!.split(',').map((e) => e.split(':')[0]!) : [];
      if (m && demo.every((r) => new RegExp(`^Demo prepar(ed|ation) ${r}[: ]`, 'm').test(output))) {
        clearInterval(timer);
        resolve(m[1]!);
      } else if (server.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`serve exited (${server.exitCode}):\n${output}`));
      }
    }, 100);
  });
  return { server, base };
}

export async function stopServer(server: ChildProcess | undefined): Promise<void> {
  if (!server) return;
  server.kill('SIGTERM');
  if (server.exitCode === null) await new Promise((r) => server.once('exit', r));
}

/** Headless Chromium with a fresh profile folder and the flags this machine needs (no network). */
export function launchBrowser(tmp: string, extraArgs: string[] = []): Promise<BrowserContext> {
  return chromium.launchPersistentContext(join(tmp, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
    viewport: { width: 1400, height: 1000 },
  });
}

/** What a browser test drives: the server's base URL and the browser's page. */
export interface BrowserTest {
  base: string;
  page: Page;
}

/**
 * Registers the set-up and tear-down every browser test shares (call it in the `describe` body): a
 * temp folder `rk-<name>-…`, a test database, `regiekamer serve` with `serveArgs`, headless Chromium
 * (with `browserArgs`) and its first page, handed to `ready` once all is up; afterwards everything is
 * closed and removed. `timeout` is the set-up's hook timeout.
 */
export function useBrowserTest(
  name: string,
  serveArgs: string[],
  ready: (t: BrowserTest) => void,
  opts: { timeout?: number; browserArgs?: string[] } = {},
): void {
  const tmp = mkdtempSync(join(tmpdir(), `rk-${name}-`));
  let testDb: TestDb | undefined;
  let server: ChildProcess | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    testDb = await createTestDatabase();
    const started = await startServer(tmp, testDb, serveArgs);
    server = started.server;
    context = await launchBrowser(tmp, opts.browserArgs);
    ready({ base: started.base, page: context.pages()[0] ?? (await context.newPage()) });
  }, opts.timeout);

  afterAll(async () => {
    await context?.close();
    await stopServer(server);
    await testDb?.drop();
    rmSync(tmp, { recursive: true, force: true });
  });
}

/** Logs in through the login form on the current page (demo password) and waits for the user menu. */
export async function loginAs(page: Page, username: string): Promise<void> {
  const form = page.getByTestId('login-form');
  await form.getByLabel(/gebruikersnaam/i).fill(username);
  await form.getByLabel(/wachtwoord/i).fill('demo');
  await form.getByRole('button', { name: /inloggen/i }).click();
  await page.getByTestId('user-menu').waitFor();
}

/** Serious or critical axe-core violations on the current page (rule id and the first target), with the rule's help text. */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string | null; help: string; targets: string[] }[]> {
  const { readFileSync } = await import('node:fs');
  const { createRequire } = await import('node:module');
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source); // through the DevTools protocol: the page's CSP rightly forbids inline scripts
  const result = (await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  })) as { violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}
