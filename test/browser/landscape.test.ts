/**
 * Browser test of the main screens: the real `regiekamer serve` process with a small demo,
 * driven by Debian's Chromium through playwright-core. Screenshots go to test-results/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/paths.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const CHROMIUM = '/usr/bin/chromium';
const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser && process.env.REQUIRE_BROWSER) throw new Error(`REQUIRE_BROWSER is set but ${CHROMIUM} is missing`);
const SHOTS = join(PROJECT_ROOT, 'test-results');

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

describe.skipIf(!hasBrowser)('web app in Chromium', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'rk-browser-'));
  let testDb: TestDb;
  let server: ChildProcess;
  let context: BrowserContext;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    testDb = await createTestDatabase();
    const port = await freePort();
    const env = { ...process.env, DATABASE_URL: testDb.kind === 'postgres' ? testDb.open.url : '' };
    server = spawn(
      process.execPath,
      [join(PROJECT_ROOT, 'bin', 'regiekamer.js'), 'serve', '--data', join(tmp, 'data'), '--port', String(port), '--demo', 'wbo,holland-rijnland', '--demo-scale', '0.05'],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    server.stdout!.on('data', (d) => (output += d));
    server.stderr!.on('data', (d) => (output += d));
    base = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /running at (http:\/\/\S+?)\/regio/.exec(output);
        if (m) {
          clearInterval(timer);
          resolve(m[1]!);
        } else if (server.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`serve exited (${server.exitCode}):\n${output}`));
        }
      }, 100);
    });
    context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 1000 },
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    server?.kill('SIGTERM');
    if (server && server.exitCode === null) await new Promise((r) => server.once('exit', r));
    await testDb?.drop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('seed 003: shows the WBO landscape with its 7 SLTs and 3 SLT lots', async () => {
    await page.goto(`${base}/regio/wbo`);
    await page.getByRole('heading', { level: 1, name: /West-Brabant Oost/ }).waitFor();
    const diagram = page.getByTestId('area-diagram');
    await diagram.waitFor();
    expect(await diagram.locator('[data-area-id]').count()).toBe(7);
    const text = await diagram.innerText();
    for (const name of ['Altena', 'Drimmelen', 'Geertruidenberg', 'Oosterhout', 'Breda', 'Perceel 1', 'Perceel 2', 'Perceel 3']) expect(text).toContain(name);
    const slt = page.getByTestId('segment-slt');
    for (const lot of ['p1', 'p2', 'p3']) expect(await slt.getByTestId(`lot-${lot}`).count()).toBe(1);
    expect(await page.locator('[data-testid^="segment-"]').count()).toBe(6);
    await page.screenshot({ path: join(SHOTS, 'landscape-wbo.png'), fullPage: true });
  });

  it('switches region with the region switcher (seed 004: Holland Rijnland, 7 segments)', async () => {
    await page.getByTestId('region-switcher').selectOption('holland-rijnland');
    await page.waitForURL(/\/regio\/holland-rijnland/);
    await page.getByRole('heading', { level: 1, name: /Holland Rijnland/ }).waitFor();
    expect(await page.locator('[data-testid^="segment-"]').count()).toBe(7);
    await page.screenshot({ path: join(SHOTS, 'landscape-holland-rijnland.png'), fullPage: true });
  });

  it('logs in as a municipality user and shows care use for its own municipality', async () => {
    await page.goto(`${base}/regio/wbo`);
    const form = page.getByTestId('login-form');
    await form.getByLabel(/gebruikersnaam/i).fill('gemeente.wbo');
    await form.getByLabel(/wachtwoord/i).fill('demo');
    await form.getByRole('button', { name: /inloggen/i }).click();
    await page.getByTestId('user-menu').waitFor();
    await page.getByRole('link', { name: 'Zorggebruik' }).click();
    await page.waitForURL(/\/regio\/wbo\/zorggebruik/);
    await page.getByText(/gemeente Breda/i).first().waitFor();
    await page.locator('.rk-chart svg').first().waitFor();
    expect(await page.getByRole('img').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'care-use-wbo.png'), fullPage: true });
  });
});
