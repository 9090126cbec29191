/**
 * Browser test of Financiën > Scenario's (impactanalyse, issue #15): the real `regiekamer serve`
 * with a small WBO demo and one declared year, driven by Debian's Chromium. A controller runs the
 * shipped seed-003 file (no change and the SLT lump sum with the 60/40 SGGZ split), adds an own
 * scenario with the builder, compares them side by side (table, waterfall, provider shift,
 * municipality burden, fan chart) and saves the file; axe-core finds no accessibility violations;
 * a municipality account is told who may use the page. Screenshots go to test-results/.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, loginAs, SHOTS, useBrowserTest } from '../helpers/browser.js';

const hasBrowser = browserAvailable();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function demoFundingDone(base: string): Promise<void> {
  const login = await fetch(`${base}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'beheer', password: 'demo' }),
  });
  const { token } = (await login.json()) as { token: string };
  for (let i = 0; i < 1200; i++) {
    const { state } = (await (await fetch(`${base}/api/v1/regions/wbo/demo-funding`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      state: string;
    };
    if (state === 'failed') throw new Error('demo funding failed');
    if (state === 'done') return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('demo funding did not finish in 10 minutes');
}

async function axeViolations(page: Page): Promise<{ id: string; impact: string; nodes: number }[]> {
  await page.evaluate(AXE); // through the DevTools protocol: the page's CSP rightly forbids inline scripts
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }
    ).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
}

describe.skipIf(!hasBrowser)("Scenario's in Chromium", () => {
  let page: Page;
  let base: string;

  useBrowserTest('simulation', ['--demo', 'wbo', '--demo-scale', '0.02', '--demo-funding-years', '1'], (t) => ({ page, base } = t), { timeout: 600_000 });

  it('a controller runs the shipped seed-003 scenarios and compares them', async () => {
    await demoFundingDone(base);
    await page.goto(`${base}/regio/wbo/financien/scenarios`);
    await loginAs(page, 'controller.wbo');
    await page.getByTestId('scenario-run').waitFor();
    await page.getByLabel('Aantal kansberekeningen').fill('300');
    await page.getByTestId('scenario-run').click();
    const results = page.getByTestId('scenario-results');
    await results.waitFor({ timeout: 60_000 });
    const table = await page.getByTestId('scenario-table').innerText();
    expect(table).toContain('Geen wijziging');
    expect(table).toContain('SGGZ 60/40 naar de SLT-lumpsum');
    expect(table).toMatch(/Bandbreedte P10 - P90/);
    // Waterfall, provider shift, municipality burden and fan chart.
    expect(await page.locator('.rk-chart svg').count()).toBe(4);
    await page.screenshot({ path: join(SHOTS, 'scenarios-compare.png'), fullPage: true });
    const violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations)).toEqual([]);
  });

  it('builds an own scenario from the profile, compares three side by side and saves the file', async () => {
    await page.locator('#sim-name').fill('Trajectprijs SGGZ');
    await page.locator('#sim-kind').selectOption('trajectprijs');
    await page.locator('#sim-segment').selectOption('specialistische-ambulante-behandeling');
    await page.locator('#sim-a').fill('60');
    await page.getByTestId('scenario-add-change').click();
    await page.getByTestId('scenario-add').click();
    await page.getByTestId('scenario-run').click();
    await page.getByTestId('scenario-results').waitFor({ timeout: 60_000 });
    const headers = await page.getByTestId('scenario-table').locator('thead th').allInnerTexts();
    expect(headers).toEqual(expect.arrayContaining(['Werkelijk', 'Geen wijziging', 'Trajectprijs SGGZ']));
    expect(headers.length).toBeGreaterThanOrEqual(5);
    await page.getByTestId('scenario-save').click();
    await page.getByTestId('scenario-saved').waitFor();
    await page.screenshot({ path: join(SHOTS, 'scenarios-own.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('a municipality account is told who may use scenarios', async () => {
    await page
      .getByTestId('user-menu')
      .getByRole('button')
      .first()
      .click()
      .catch(() => {});
    await page.context().clearCookies();
    await page.goto(`${base}/regio/wbo/financien/scenarios`);
    await loginAs(page, 'gemeente.wbo');
    await page.getByTestId('scenario-role-required').waitFor();
    expect(await page.getByTestId('scenario-role-required').innerText()).toMatch(/controller, de beleidsadviseur en de contractmanager/);
  });
});
