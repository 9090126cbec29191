/**
 * Daily use (issue #13) in Chromium: the anonymous start page (a short introduction and the
 * regions, not an 18,000 px page), the landing on "Mijn werk" in the own region for every role with
 * only the tabs the role may use, the werklijst with server-side search, sort and paging, the
 * header at 390 px, axe-core on every page (no serious or critical violation) and no developer
 * words on the start pages. Screenshots go to test-results/.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { isValidBsn } from '../../src/domain/people/bsn.js';
import { axeViolations, browserAvailable, loginAs, SHOTS, useBrowserTest } from '../helpers/browser.js';

const hasBrowser = browserAvailable();

/** English or developer words that must not reach a screen. */
const DEVELOPER_WORDS = /\bseed\b|openVra(ag|gen)|bijOverschrijding|--demo|\bundefined\b|\bnull\b|\b[a-z]+[A-Z][a-zA-Z]*\b|\bregel [a-z0-9]+-[a-z0-9-]+/;

const ROLES: [string, string[]][] = [
  ['toegang.wbo', ['Mijn werk', 'Werklijst', 'Sturing', 'Landschap', 'Zorggebruik']],
  ['gemeente.wbo', ['Mijn werk', 'Werklijst', 'Financiën', 'Sturing', 'Landschap', 'Zorggebruik']],
  ['contractmanager.wbo', ['Mijn werk', 'Inkoop', 'Financiën', 'Sturing', 'Landschap', 'Zorggebruik']],
  ['controller.wbo', ['Mijn werk', 'Financiën', 'Sturing', 'Inkoop', 'Landschap', 'Zorggebruik']],
  ['beleid.wbo', ['Mijn werk', 'Sturing', 'Zorggebruik', 'Financiën', 'Inkoop', 'Landschap']],
  ['aanbieder.wbo', ['Mijn werk', 'Financiën', 'Inkoop', 'Sturing', 'Landschap', 'Zorggebruik']],
];

async function logout(page: Page) {
  await page.getByRole('button', { name: /uitloggen/i }).click();
  await page.getByTestId('login-form').waitFor();
}

describe.skipIf(!hasBrowser)('daily use in Chromium', () => {
  let page: Page;
  let base: string;

  useBrowserTest('daily-use', ['--demo', 'wbo,holland-rijnland', '--demo-scale', '0.02', '--no-demo-funding'], (t) => ({ page, base } = t), {
    timeout: 600_000,
    browserArgs: ['--lang=nl-NL'],
  });

  it('the anonymous start page explains Regiekamer in a few lines and offers the regions', async () => {
    await page.goto(`${base}/`);
    await page.getByTestId('home').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    const regions = await page.getByTestId('home-regions').locator('a').allInnerTexts();
    expect(regions).toEqual(expect.arrayContaining(['Regio West-Brabant Oost Jeugd']));
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeLessThan(2000);
    expect(await page.locator('main').innerText()).not.toMatch(DEVELOPER_WORDS);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'daily-start.png'), fullPage: true });
  });

  for (const [user, tabs] of ROLES) {
    it(`${user} logs in from another region's page and lands on Mijn werk in its own region with its own tabs`, async () => {
      await page.goto(`${base}/regio/holland-rijnland`);
      await loginAs(page, user);
      await page.waitForURL(/\/regio\/wbo\/mijn-werk$/);
      await page.getByTestId('my-work').locator('section').first().waitFor();
      const nav = page.getByRole('navigation', { name: 'Onderdelen van de regio' });
      expect(await nav.getByRole('link').allInnerTexts()).toEqual(tabs);
      const text = await page.locator('main').innerText();
      expect(text).not.toMatch(DEVELOPER_WORDS);
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/); // dates as dd-mm-jjjj
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `daily-mijn-werk-${user.split('.')[0]}.png`), fullPage: true });
      await logout(page);
    });
  }

  it('the contract manager sees the procedure in its award phase and contracts ending on 31-12-2026', async () => {
    await page.goto(`${base}/`);
    await loginAs(page, 'contractmanager.wbo');
    await page.waitForURL(/\/mijn-werk$/);
    const procs = page.getByTestId('my-work-procedures');
    await procs.waitFor();
    expect(await procs.innerText()).toContain('Aanbesteding dagbesteding en dagbehandeling 2027');
    expect(await page.getByTestId('my-work-contracten-aflopend').innerText()).toContain('31-12-2026');
    await logout(page);
  });

  it('werklijst: search by name, sort by name, page through 25 at a time; export links carry the search', async () => {
    await page.goto(`${base}/regio/wbo`);
    await loginAs(page, 'toegang.wbo');
    await page.waitForURL(/\/mijn-werk$/);
    // 30 more help requests through the API so the list has more than one page.
    const bsns: string[] = [];
    for (let n = 999_700_000; bsns.length < 30; n++) if (isValidBsn(String(n))) bsns.push(String(n));
    for (const [i, bsn] of bsns.entries()) {
      const res = await page.request.post(`${base}/api/v1/regions/wbo/cases`, {
        headers: { origin: base },
        data: {
          youth: { bsn, givenName: `Pagina${String(i).padStart(2, '0')}`, familyName: i === 7 ? 'Vindbaar' : 'Lijst', birthDate: '2014-04-04', gender: '0' },
          areaId: 'slt-breda-nw',
          hulpvraag: 'Opvoedvragen',
          crisis: false,
        },
      });
      expect(res.status(), await res.text()).toBe(201);
    }
    await page.getByTestId('tab-werklijst').click();
    await page.getByTestId('worklist-table').waitFor();
    const counts = page.getByTestId('worklist-counts');
    expect(await counts.innerText()).toMatch(/^1–25 van \d+ open casussen$/);
    expect(await page.locator('[data-testid^="worklist-row-"]').count()).toBe(25);
    await page.getByTestId('worklist-next').click();
    await counts.getByText(/^26–/).waitFor();
    await page.getByTestId('worklist-search').fill('vindbaar');
    await page.getByTestId('worklist-search-button').click();
    await counts.getByText('1–1 van 1 open casus voor "vindbaar"').waitFor();
    expect(await page.getByTestId('worklist-table').innerText()).toContain('Pagina07 Vindbaar');
    expect(await page.getByTestId('worklist-export-csv').getAttribute('href')).toContain('q=vindbaar');
    await page.getByTestId('worklist-search').fill('Pagina');
    await page.getByTestId('worklist-search-button').click();
    await counts.getByText(/van 30 open casussen/).waitFor();
    await page.getByTestId('sort-name').click();
    await page.waitForFunction(() => document.querySelector('[data-testid^="worklist-row-"] th a')?.textContent === 'Pagina00 Lijst');
    await page.getByTestId('sort-name').click();
    await page.waitForFunction(() => document.querySelector('[data-testid^="worklist-row-"] th a')?.textContent === 'Pagina29 Lijst');
    // The signal texts are behind a badge (compact rows).
    expect(await page.locator('.rk-worklist__details[open]').count()).toBe(0);
    expect(await page.locator('main').innerText()).not.toMatch(/regel [a-z]+-[a-z]/);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'daily-werklijst.png'), fullPage: true });
  });

  it('the header fits a 390 px wide screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/regio/wbo/mijn-werk`);
    await page.getByTestId('my-work').locator('section').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SHOTS, 'daily-390.png'), fullPage: false });
    await page.setViewportSize({ width: 1400, height: 1000 });
  });
});
