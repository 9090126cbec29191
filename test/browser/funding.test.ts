/**
 * Browser test of the funding (Financiën) screens: the real `regiekamer serve` process with a small
 * demo of WBO and Holland Rijnland, driven by Debian's Chromium through playwright-core. A regional
 * controller opens the spend overview, a declaration with its per-line outcomes and JW325 answer,
 * the lump-sum schedules and the budget framework of Holland Rijnland (seed 004 §6.1).
 * Screenshots go to test-results/.
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
const REGION = 'holland-rijnland';

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

describe.skipIf(!hasBrowser)('funding screens in Chromium', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'rk-funding-'));
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
      [join(PROJECT_ROOT, 'bin', 'regiekamer.js'), 'serve', '--data', join(tmp, 'data'), '--port', String(port), '--demo', `wbo,${REGION}`, '--demo-scale', '0.02', '--demo-funding', REGION, '--demo-funding-years', '1'],
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
  }, 600_000); // the demo settles a few years of declarations at start-up

  afterAll(async () => {
    await context?.close();
    server?.kill('SIGTERM');
    if (server && server.exitCode === null) await new Promise((r) => server.once('exit', r));
    await testDb?.drop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('asks to log in (naming the controller demo account) before showing funding data', async () => {
    await page.goto(`${base}/regio/${REGION}/financien`);
    await page.getByRole('heading', { level: 1, name: 'Financiën' }).waitFor();
    const hint = page.getByTestId('funding-login-required');
    await hint.waitFor();
    expect(await hint.innerText()).toContain(`controller.${REGION}`);
  });

  it('logs in as controller and shows spend against ceilings with the forecast', async () => {
    const form = page.getByTestId('login-form');
    await form.getByLabel(/gebruikersnaam/i).fill(`controller.${REGION}`);
    await form.getByLabel(/wachtwoord/i).fill('demo');
    await form.getByRole('button', { name: /inloggen/i }).click();
    await page.getByTestId('user-menu').waitFor();
    await page.getByRole('navigation', { name: 'Onderdelen van de regio' }).getByRole('link', { name: 'Financiën' }).click();
    await page.waitForURL(new RegExp(`/regio/${REGION}/financien$`));
    const table = page.getByTestId('spend-table');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('.rk-chart svg').count()).toBe(2);
    expect(await table.innerText()).toMatch(/€\s?[\d.]+/);
    // Grouping per municipality shows the budgets of the financial framework.
    await page.locator('label[for="spend-by-municipality"]').click();
    await page.getByRole('columnheader', { name: 'Budget', exact: true }).waitFor();
    expect(await page.getByTestId('spend-table').innerText()).toContain('Leiden');
    await page.locator('label[for="spend-by-provider"]').click();
    await page.getByRole('columnheader', { name: 'Plafond', exact: true }).waitFor();
    await page.locator('.rk-chart svg').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'funding-overview.png'), fullPage: true });
  });

  it('opens a declaration with per-line outcomes, retourcodes and the JW325 answer', async () => {
    await page.getByTestId('funding-nav-declarations').click();
    await page.waitForURL(/\/financien\/declaraties$/);
    const rows = page.locator('[data-testid^="declaration-row-"]');
    await rows.first().waitFor();
    await rows.first().getByRole('link').click();
    await page.waitForURL(/\/financien\/declaraties\/\d+$/);
    const lines = page.getByTestId('declaration-lines');
    await lines.waitFor();
    expect(await lines.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await lines.innerText()).toMatch(/Toegekend|Afgewezen/);

    // For the screenshot: a declaration with a rejected line (the demo over-declares a few lines, rejected with a WJ001 code).
    const rejected = await page.evaluate(async (region) => {
      const res = await fetch(`/api/v1/regions/${region}/declarations?limit=1000`);
      const body = (await res.json()) as { rows: { id: number; lineCount: number; rejectedCount: number }[] };
      return body.rows.find((d) => d.rejectedCount > 0 && d.lineCount > d.rejectedCount)?.id ?? body.rows.find((d) => d.rejectedCount > 0)?.id ?? null;
    }, REGION);
    if (rejected !== null) {
      await page.goto(`${base}/regio/${REGION}/financien/declaraties/${rejected}`);
      await lines.waitFor();
      expect(await lines.locator('.rk-fin-row--rejected').count()).toBeGreaterThan(0);
      expect(await lines.innerText()).toMatch(/\b\d{4}\b [A-Z][a-z]/); // a retourcode with its Dutch description
      await page.getByTestId('declaration-rejections').waitFor();
    }
    const answer = page.getByTestId('jw325');
    await answer.locator('summary').click();
    expect(await answer.locator('pre').innerText()).toMatch(/<\?xml|JW325|Bericht/i);
    await page.screenshot({ path: join(SHOTS, 'funding-declaration.png'), fullPage: true });
  });

  it('shows the lump-sum schedules per contract and month', async () => {
    await page.getByTestId('funding-nav-schedules').click();
    await page.waitForURL(/\/financien\/bevoorschotting$/);
    await page.locator('[data-testid^="schedule-"], [data-testid="funding-empty"]').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'funding-schedules.png'), fullPage: true });
  });

  it('shows the budget framework of seed 004 §6.1 with every printed total checked', async () => {
    await page.getByTestId('funding-nav-framework').click();
    await page.waitForURL(/\/financien\/kader$/);
    const table = page.getByTestId('framework-table');
    await table.waitFor();
    const text = await table.innerText();
    for (const name of ['Leiden', 'Katwijk', 'Teylingen', 'Leidse regio', 'Duin- en Bollenstreek', 'Totaal regio']) expect(text).toContain(name);
    expect(await table.locator('.rk-fin-check--ok').count()).toBeGreaterThan(40);
    expect(await table.locator('.rk-fin-check--off').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'funding-kader.png'), fullPage: true });
  });
});
