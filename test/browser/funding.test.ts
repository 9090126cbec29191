/**
 * Browser test of the funding (Financiën) screens: the real `regiekamer serve` process with a small
 * demo of WBO and Holland Rijnland, driven by Debian's Chromium through playwright-core. A regional
 * controller opens the spend overview, a declaration with its per-line outcomes and JW325 answer,
 * the lump-sum schedules and the budget framework of Holland Rijnland (seed 004 §6.1).
 * Screenshots go to test-results/.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, type TestDb } from '../helpers/db.js';
import { browserAvailable, launchBrowser, SHOTS, startServer, stopServer } from '../helpers/browser.js';

const hasBrowser = browserAvailable();
const REGION = 'holland-rijnland';

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
    ({ server, base } = await startServer(tmp, testDb, ['--demo', `wbo,${REGION}`, '--demo-scale', '0.02', '--demo-funding', REGION, '--demo-funding-years', '1']));
    context = await launchBrowser(tmp);
    page = context.pages()[0] ?? (await context.newPage());
  }, 600_000); // the demo settles a few years of declarations at start-up

  afterAll(async () => {
    await context?.close();
    await stopServer(server);
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
