/**
 * Browser test of the Sturing screens and the public results page (issue #12): the real
 * `regiekamer serve` with a small WBO demo whose funding (and with it the allocations, JW307 stops
 * and outcome measurements) is built in the background. Every dashboard page and the public page
 * (without login) is checked with axe-core (no serious or critical violation) and photographed to
 * test-results/.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, loginAs, SHOTS, useBrowserTest } from '../helpers/browser.js';

const hasBrowser = browserAvailable();
const REGION = 'wbo';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function fundingDone(base: string, region = REGION): Promise<void> {
  const login = await fetch(`${base}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'beheer', password: 'demo' }),
  });
  const { token } = (await login.json()) as { token: string };
  for (let i = 0; i < 1200; i++) {
    const { state } = (await (await fetch(`${base}/api/v1/regions/${region}/demo-funding`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      state: string;
    };
    if (state === 'failed') throw new Error('demo funding failed');
    if (state === 'done') return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('demo funding did not finish');
}

async function axe(page: Page): Promise<string[]> {
  await page.evaluate(AXE); // through the DevTools protocol: the page's CSP rightly forbids inline scripts
  const result = (await page.evaluate(async () =>
    (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run(),
  )) as { violations: { id: string; impact: string; nodes: unknown[] }[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes.length}x)`);
}

describe.skipIf(!hasBrowser)('steering screens in Chromium', () => {
  let page: Page;
  let base: string;

  useBrowserTest('steering', ['--demo', REGION, '--demo-scale', '0.02', '--demo-funding-years', '1'], (t) => ({ page, base } = t), { timeout: 600_000 });

  it('the public results page works without login, with suppressed small cells', async () => {
    await fundingDone(base);
    await page.goto(`${base}/publiek/${REGION}`);
    await page.getByRole('heading', { level: 1, name: 'Resultaten van de jeugdhulp' }).waitFor();
    await page.getByTestId('public-outcomes').waitFor();
    const text = await page.getByTestId('public-outcomes').innerText();
    expect(text).toMatch(/Uitval/);
    expect(text).toMatch(/niet getoond/);
    await page.screenshot({ path: join(SHOTS, 'steering-public.png'), fullPage: true });
    expect(await axe(page)).toEqual([]);
  }, 600_000);

  it('asks to log in on the dashboards, then shows the region overview with traffic lights and KRI signals', async () => {
    await page.goto(`${base}/regio/${REGION}/sturing`);
    await page.getByTestId('steering-login-required').waitFor();
    await loginAs(page, `beleid.${REGION}`);
    await page.getByTestId('kri-signals').waitFor({ timeout: 120_000 });
    const row = page.getByTestId('kpi-tevredenheid');
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Cliënttevredenheid/);
    expect(await page.locator('[data-status]').count()).toBeGreaterThan(3);
    expect(await page.getByText('(aanname)').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'steering-overview.png'), fullPage: true });
    expect(await axe(page)).toEqual([]);
  }, 300_000);

  for (const [view, label, shot] of [
    ['segmenten', 'Per segment', 'steering-segments'],
    ['gebieden', 'Per gebied', 'steering-areas'],
    ['proces', 'Toegangsproces en wachttijden', 'steering-process'],
    ['aanbieders', 'Aanbieders vergeleken', 'steering-providers'],
  ] as const) {
    it(`${label}: figures with n, accessible`, async () => {
      await page.getByRole('navigation', { name: 'Onderdelen van Sturing' }).getByRole('link', { name: label }).click();
      await page.waitForURL(new RegExp(`/sturing/${view}$`));
      await page
        .locator(view === 'aanbieders' ? '[data-testid="public-outcomes"]' : '.rk-kpi-table')
        .first()
        .waitFor({ timeout: 120_000 });
      if (view === 'segmenten') {
        // Pathways need the 12 months after an ending: last year's endings.
        await page.selectOption('#rk-steering-year', String(new Date().getFullYear() - 1));
        await page.getByTestId('care-pathways').waitFor({ timeout: 120_000 });
      }
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
      expect(await axe(page)).toEqual([]);
    }, 300_000);
  }

  it('a provider sees its own figures beside anonymised peers', async () => {
    await page
      .getByTestId('user-menu')
      .getByRole('button')
      .first()
      .click()
      .catch(() => undefined);
    await page.goto(`${base}/regio/${REGION}/sturing/aanbieders`);
    const logout = page.getByRole('button', { name: /uitloggen/i });
    if (await logout.isVisible()) await logout.click();
    await loginAs(page, `aanbieder.${REGION}`);
    await page.getByRole('heading', { name: /Uw uitkomsten naast alle aanbieders/ }).waitFor({ timeout: 120_000 });
    await page.screenshot({ path: join(SHOTS, 'steering-provider.png'), fullPage: true });
    expect(await axe(page)).toEqual([]);
  }, 300_000);

  it('the local team records an outcome of an ended allocation on the case screen', async () => {
    const login = await fetch(`${base}/api/v1/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `toegang.${REGION}`, password: 'demo' }),
    });
    const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
    const { rows } = (await (await fetch(`${base}/api/v1/regions/${REGION}/worklist`, { headers: auth })).json()) as { rows: { caseId: number }[] };
    const found = await endedWithoutMeasurement(base, REGION, auth, rows, 'jeugdige');
    expect(found, 'an open case of the local team with an ended allocation').toBeDefined();
    // The previous test left the provider logged in. Deciding to log out by checking the logout button at
    // once raced the session request: when it answered late (PostgreSQL under load) the button was not
    // there yet, no logout happened, and filling the login form timed out after 30 s. The session request
    // is delayed here on purpose, so the test covers that path on PGlite and PostgreSQL alike.
    let delayed = false;
    await page.route('**/api/v1/session', async (route) => {
      if (!delayed && route.request().method() === 'GET') {
        delayed = true;
        await new Promise((r) => setTimeout(r, 2000));
      }
      await route.fallback();
    });
    await page.goto(`${base}/regio/${REGION}/casus/${found!.caseId}`);
    await page.getByTestId('user-menu').or(page.getByTestId('login-form')).first().waitFor();
    if (await page.getByTestId('user-menu').isVisible()) {
      await page.getByRole('button', { name: /uitloggen/i }).click();
      await page.getByTestId('login-form').waitFor();
    }
    await loginAs(page, `toegang.${REGION}`);
    // The case opens only after a purpose is chosen (audit trail, NEN 7513).
    const gate = page.getByTestId('purpose-gate');
    await gate.waitFor();
    await gate.getByLabel('Doel van inzage').selectOption('regievoering');
    await gate.getByRole('button', { name: 'Casus openen' }).click();
    const form = page.getByTestId(`outcome-form-${found!.nummer}`);
    await form.waitFor({ timeout: 60_000 });
    // WBO has no clusters of result areas (only Haaglanden, seed 002): the form asks for none.
    expect(await form.getByLabel('Cluster van resultaatgebieden').count()).toBe(0);
    await form.getByLabel('Hoe nuttig was de hulp (1-10)').fill('8');
    await form.getByLabel('Zonder hulp verder').selectOption('04');
    await form.getByRole('button', { name: 'Uitkomst vastleggen' }).click();
    const saved = page.getByTestId(`outcome-saved-${found!.nummer}`);
    // The allocation was chosen without a measurement of this informant, so the outcome is stored.
    await saved.waitFor();
    await form.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'steering-case-outcome.png'), fullPage: true });
    expect(await axe(page)).toEqual([]);
  }, 300_000);
});

describe.skipIf(!hasBrowser)('outcome form of a region with clusters of result areas (Haaglanden, seed 002) in Chromium', () => {
  let page: Page;
  let base: string;
  const HL = 'haaglanden';

  useBrowserTest('steering-haaglanden', ['--demo', HL, '--demo-scale', '0.02', '--demo-funding-years', '1'], (t) => ({ page, base } = t), { timeout: 600_000 });

  it('the local team chooses the cluster by its Dutch name with the degree of goal attainment', async () => {
    await fundingDone(base, HL);
    const login = await fetch(`${base}/api/v1/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `toegang.${HL}`, password: 'demo' }),
    });
    const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
    const { rows } = (await (await fetch(`${base}/api/v1/regions/${HL}/worklist`, { headers: auth })).json()) as { rows: { caseId: number }[] };
    // Any ended allocation: this test checks the form's clusters; storing an outcome with a cluster is
    // tested through HTTP (test/integration/outcome-clusters.test.ts), and the WBO test above stores one.
    const found = await endedWithoutMeasurement(base, HL, auth, rows, null);
    expect(found, 'an open Haaglanden case of the local team with an ended allocation').toBeDefined();
    await page.goto(`${base}/regio/${HL}/casus/${found!.caseId}`);
    await page.getByTestId('login-form').waitFor();
    await loginAs(page, `toegang.${HL}`);
    const gate = page.getByTestId('purpose-gate');
    await gate.waitFor();
    await gate.getByLabel('Doel van inzage').selectOption('regievoering');
    await gate.getByRole('button', { name: 'Casus openen' }).click();
    const form = page.getByTestId(`outcome-form-${found!.nummer}`);
    await form.waitFor({ timeout: 60_000 });
    const cluster = form.getByLabel('Cluster van resultaatgebieden');
    expect(await cluster.locator('option').allInnerTexts()).toContain('Psychosociaal functioneren en gezinscommunicatie');
    await form.getByLabel('Ingevuld door').selectOption('ouder');
    await cluster.selectOption({ label: 'Psychosociaal functioneren en gezinscommunicatie' });
    await form.getByLabel('Doelen behaald (%)').fill('70');
    expect(await cluster.inputValue()).not.toBe('');
    await form.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'steering-case-outcome-cluster.png'), fullPage: true });
    expect(await axe(page)).toEqual([]);
  }, 300_000);
});

/** An ended allocation in the local team's open cases without a measurement of `informant` yet (the demo records many). */
async function endedWithoutMeasurement(
  base: string,
  region: string,
  auth: Record<string, string>,
  rows: { caseId: number }[],
  /** null: any ended allocation. */
  informant: 'jeugdige' | 'ouder' | null,
): Promise<{ caseId: number; nummer: number } | undefined> {
  for (const r of rows.slice(0, 200)) {
    const c = (await (await fetch(`${base}/api/v1/regions/${region}/cases/${r.caseId}?purpose=kwaliteitscontrole`, { headers: auth })).json()) as {
      state?: { toewijzingen?: { nummer: number; status: string }[] };
    };
    for (const t of c.state?.toewijzingen?.filter((x) => x.status === 'gestopt') ?? []) {
      if (informant === null) return { caseId: r.caseId, nummer: t.nummer };
      const res = await fetch(`${base}/api/v1/regions/${region}/allocations/${t.nummer}/outcome`, { headers: auth });
      if (res.status !== 200) continue;
      const { items } = (await res.json()) as { items: { informant: string }[] };
      if (!items.some((o) => o.informant === informant)) return { caseId: r.caseId, nummer: t.nummer };
    }
  }
  return undefined;
}
