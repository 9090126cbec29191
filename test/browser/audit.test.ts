/**
 * Browser test of the audit trail (issue #10, NEN 7513): a team member must choose the purpose
 * before a case opens (nothing preselected; a BSN in the explanation is refused), and the privacy
 * officer (privacy.wbo) reads the trail in the Inzagelog screen with filters and a CSV export.
 * axe-core finds no serious or critical violation; screenshot in test-results/audit-trail.png.
 */
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable, loginAs, SHOTS, useBrowserTest } from '../helpers/browser.js';

const hasBrowser = browserAvailable();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE); // through the DevTools protocol: the page's CSP rightly forbids inline scripts
  const result = await page.evaluate(async () =>
    (
      window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }
    ).axe.run(document),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe.skipIf(!hasBrowser)('audit trail in Chromium', () => {
  let page: Page;
  let base: string;
  useBrowserTest('audit', ['--demo', 'wbo', '--demo-scale', '0.02', '--no-demo-funding'], (t) => ({ page, base } = t), {
    timeout: 300_000,
    browserArgs: ['--lang=nl-NL'],
  });

  it('the team chooses a purpose before a case opens: nothing preselected, no BSN in the explanation', async () => {
    await page.goto(`${base}/regio/wbo/werklijst`);
    await loginAs(page, 'toegang.wbo');
    const table = page.getByTestId('worklist-table');
    await table.waitFor();
    await table.locator('tbody tr a').first().click();
    const gate = page.getByTestId('purpose-gate');
    await gate.waitFor();
    expect(await gate.getByLabel('Doel van inzage').inputValue()).toBe('');
    await gate.getByRole('button', { name: 'Casus openen' }).click();
    expect(await page.getByTestId('error-summary').innerText()).toMatch(/Kies het doel van deze inzage/);
    await gate.getByLabel('Doel van inzage').selectOption('overig');
    await gate.getByLabel(/Toelichting/).fill('telefoontje moeder, bsn 1234 56 782');
    await gate.getByRole('button', { name: 'Casus openen' }).click();
    expect(await page.getByTestId('error-summary').innerText()).toMatch(/geen BSN/);
    await gate.getByLabel(/Toelichting/).fill('telefoontje van de moeder');
    await gate.getByRole('button', { name: 'Casus openen' }).click();
    await page.getByTestId('case-status').waitFor();
    expect(await page.getByLabel('Doel van inzage').inputValue()).toBe('overig');
    await page.getByTestId('user-menu').getByRole('button', { name: 'Uitloggen' }).click();
  });

  it('the privacy officer reads the trail with filters and exports it as CSV', async () => {
    await page.goto(`${base}/regio/wbo`);
    await loginAs(page, 'privacy.wbo');
    await page.getByRole('navigation', { name: 'Onderdelen van de regio' }).getByRole('link', { name: 'Inzagelog' }).click();
    await page.waitForURL(/\/regio\/wbo\/inzagelog$/);
    const table = page.getByTestId('audit-table');
    await table.waitFor();
    const text = await table.innerText();
    expect(text).toContain('toegang.wbo');
    expect(text).toContain('Werklijst');
    expect(text).toContain('telefoontje van de moeder');

    const filters = page.getByTestId('audit-filters');
    await filters.getByLabel('Gebruiker').fill('toegang');
    await filters.getByLabel('Doel').selectOption('overig');
    await filters.getByRole('button', { name: 'Filteren' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-table"] tbody tr').length === 1);
    expect(await table.locator('tbody tr').first().innerText()).toContain('Anders, zie toelichting');

    const href = await page.getByTestId('audit-csv').getAttribute('href');
    expect(href).toBe('/api/v1/regions/wbo/audit.csv?who=toegang&purpose=overig');
    const csv = await page.request.get(`${base}${href}`);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"telefoontje van de moeder"');

    await filters.getByLabel('Gebruiker').fill('');
    await filters.getByLabel('Doel').selectOption('');
    await filters.getByRole('button', { name: 'Filteren' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-table"] tbody tr').length > 1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'audit-trail.png'), fullPage: true });
  });
});
