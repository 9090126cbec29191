/**
 * Browser test of the main screens: the real `regiekamer serve` process with a small demo,
 * driven by Debian's Chromium through playwright-core. Screenshots go to test-results/.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, loginAs, SHOTS, useBrowserTest } from '../helpers/browser.js';

const hasBrowser = browserAvailable();

describe.skipIf(!hasBrowser)('web app in Chromium', () => {
  let page: Page;
  let base: string;

  useBrowserTest('browser', ['--demo', 'wbo,holland-rijnland', '--demo-scale', '0.05'], (t) => ({ page, base } = t));

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
    await loginAs(page, 'gemeente.wbo');
    await page.getByRole('link', { name: 'Zorggebruik' }).click();
    await page.waitForURL(/\/regio\/wbo\/zorggebruik/);
    await page
      .getByText(/gemeente Breda/i)
      .first()
      .waitFor();
    await page.locator('.rk-chart svg').first().waitFor();
    expect(await page.getByRole('img').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'care-use-wbo.png'), fullPage: true });
  });
});
