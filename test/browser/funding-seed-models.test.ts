/**
 * Financiën of the new seed regions in Chromium: the 2021 region shows caseload funding and the one
 * budget of the partnership in gezinsvormen (seed 001), Haaglanden result-based payment with the
 * after-goal part paid by the degree of goal attainment (seed 002). Screenshots in test-results/.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, loginAs, SHOTS, useBrowserTest } from '../helpers/browser.js';

const hasBrowser = browserAvailable();
const REGIONS = ['regio-2021', 'haaglanden'];

async function demoFundingDone(base: string): Promise<void> {
  const login = await fetch(`${base}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'beheer', password: 'demo' }),
  });
  const { token } = (await login.json()) as { token: string };
  for (let i = 0; i < 1200; i++) {
    const states = await Promise.all(
      REGIONS.map(
        async (r) =>
          ((await (await fetch(`${base}/api/v1/regions/${r}/demo-funding`, { headers: { authorization: `Bearer ${token}` } })).json()) as { state: string })
            .state,
      ),
    );
    if (states.includes('failed')) throw new Error(`demo funding failed: ${states.join(', ')}`);
    if (states.every((s) => s === 'done')) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('demo funding did not finish in 10 minutes');
}

describe.skipIf(!hasBrowser)('Financiën of seeds 001 and 002 in Chromium', () => {
  let page: Page;
  let base: string;

  useBrowserTest('funding-seeds', ['--demo', 'regio-2021:0.05,haaglanden:0.03'], (t) => ({ page, base } = t), { timeout: 900_000 });

  it('the 2021 region: caseload per client per month and one budget for the partnership, in Dutch', async () => {
    await demoFundingDone(base);
    await page.goto(`${base}/regio/regio-2021/financien/bevoorschotting`);
    await loginAs(page, 'controller.regio-2021');
    await page.goto(`${base}/regio/regio-2021/financien/bevoorschotting`);
    await page.getByTestId('schedule-caseload').waitFor();
    await page.getByTestId('schedule-groepsbudget').waitFor();
    const main = await page.locator('main').innerText();
    expect(main).toContain('Cliëntvolgend (caseload)');
    expect(main).toContain('Per maand een vaste prijs per cliënt in de caseload van de aanbieder');
    expect(main).toContain('Eén budget voor een groep aanbieders');
    // No developer words on the screen.
    expect(main).not.toMatch(/prijs-per-client-per-maand|ventiel-eerste-jaar|undefined|NaN/);
    await page.screenshot({ path: join(SHOTS, 'funding-regio-2021-schedules.png'), fullPage: true });
  });

  it('Haaglanden: advance at the start, the rest by the degree of goal attainment', async () => {
    await page.goto(`${base}/regio/haaglanden/financien/bevoorschotting`);
    // The previous test left the 2021 controller logged in; wait until the page knows the session
    // (checking at once races the session request) and log out.
    await page.getByTestId('user-menu').or(page.getByTestId('login-form')).first().waitFor();
    if (await page.getByTestId('user-menu').isVisible()) {
      await page.getByRole('button', { name: /uitloggen/i }).click();
      await page.getByTestId('login-form').waitFor();
    }
    await loginAs(page, 'controller.haaglanden');
    await page.goto(`${base}/regio/haaglanden/financien/bevoorschotting`);
    const table = page.getByTestId('schedule-resultaatgericht');
    await table.waitFor();
    const main = await page.locator('main').innerText();
    expect(main).toContain('Voorschot bij de start; de rest naar de mate waarin het doel bereikt is.');
    expect(await table.innerText()).toMatch(/Na doelrealisatie \(naar mate van het bereikte doel\)/);
    await page.screenshot({ path: join(SHOTS, 'funding-haaglanden-schedules.png'), fullPage: true });
  });
});
