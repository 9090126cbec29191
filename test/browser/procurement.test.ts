/**
 * Browser test of the procurement screens (issue #6): the real `regiekamer serve` process with a
 * small WBO demo, driven by Debian's Chromium through playwright-core. A second SLT tender is taken
 * to its award phase through the API (selection, go/no-go, tenders, EMVI scores); the contract
 * manager then awards the SLT lots in the browser: first lots p2 and p3 to the same party, which is
 * refused naming the Breda rule and seed 003 §5.3.3, then validly. Holland Rijnland's contract manager
 * then admits a provider to its open house (seed 004 §3.2): register, checklist with evidence, plan
 * score, admission. Screenshots go to test-results/.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, loginAs, SHOTS, useBrowserTest } from '../helpers/browser.js';

const hasBrowser = browserAvailable();

describe.skipIf(!hasBrowser)('procurement screens in Chromium', () => {
  let page: Page;
  let base: string;
  let pid: number;
  const app: Record<string, number> = {};

  /** A JSON call to the API as the WBO contract manager. */
  let token = '';
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/api/v1${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = (await res.json()) as Record<string, any>;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  useBrowserTest('procurement', ['--demo', 'wbo,holland-rijnland', '--demo-scale', '0.02'], (t) => ({ page, base } = t), { timeout: 600_000 });

  // A second SLT tender taken to its award phase through the API (runs after the set-up above).
  beforeAll(async () => {
    token = (await call('POST', '/tokens', { username: 'contractmanager.wbo', password: 'demo' })).token;
    // Providers of the region for three consortia (from the landscape).
    const landscape = await call('GET', '/regions/wbo/landscape');
    const ids = [...new Set<number>(landscape.segments.flatMap((s: { providers: { id: number }[] }) => s.providers.map((p) => p.id)))].slice(0, 3);
    let d = await call('POST', '/regions/wbo/procedures', { segmentId: 'slt', name: 'Aanbesteding SLT 2027 (browsertest)' });
    pid = d.id;
    const p = `/regions/wbo/procedures/${pid}`;
    d = await call('POST', `${p}/transitions`, { version: d.version, action: { type: 'publiceren' } });
    const member = (name: string) => [{ name, kind: 'institutionele-sociale-basis', role: 'lid' }];
    for (const [k, providerId, lotIds, m] of [['a', ids[0], ['p1'], 'Welzijn Altena'], ['b', ids[1], ['p2', 'p3'], 'Welzijn Breda Noord'], ['c', ids[2], ['p2', 'p3'], 'Welzijn Breda Zuid']] as const) {
      d = await call('POST', `${p}/applications`, { providerId, lotIds, penvoerderKind: 'jeugdhulpaanbieder', members: member(m) });
      app[k] = d.applications.find((x: { providerId: number }) => x.providerId === providerId).id;
    }
    for (const k of ['a', 'b', 'c']) d = await call('POST', `${p}/applications/${app[k]}/decision`, { decision: 'selecteren' });
    d = await call('POST', `${p}/transitions`, { version: d.version, action: { type: 'go-no-go', besluit: 'go', reden: 'Go selectiefase (stuurgroep)' } });
    d = await call('POST', `${p}/transitions`, { version: d.version, action: { type: 'go-no-go', besluit: 'go', reden: 'Go dialoogfase' } });
    for (const [k, price, plan] of [['a', 1_400_000_000, 8], ['b', 1_500_000_000, 9], ['c', 1_450_000_000, 8]] as const) {
      await call('POST', `${p}/applications/${app[k]}/tender`, { priceCents: price });
      await call('POST', `${p}/applications/${app[k]}/scores`, { scores: { 'plan-van-aanpak': plan, samenwerking: 8 } });
    }
  }, 600_000);

  it('logs in as contract manager and shows the procedure board with the demo tender and this one', async () => {
    await page.goto(`${base}/regio/wbo/inkoop`);
    await page.getByRole('heading', { level: 1, name: 'Inkoop' }).waitFor();
    await loginAs(page, 'contractmanager.wbo');
    const board = page.getByTestId('procedure-board');
    await board.waitFor();
    const slt = page.getByTestId('board-segment-slt');
    expect(await slt.innerText()).toContain('Gegund'); // the demo tender of seed 003 §11.1
    expect(await page.getByTestId(`board-procedure-${pid}`).innerText()).toContain('Gunningsfase');
    expect(await page.getByTestId('board-segment-specialistische-ambulante-behandeling').innerText()).toContain('003 §6.3.2');
    await page.getByTestId('start-procedure').waitFor();
    await page.screenshot({ path: join(SHOTS, 'procurement-board.png'), fullPage: true });
  });

  it('refuses lots p2 and p3 to the same party, naming the Breda rule and seed 003 §5.3.3; nothing changes', async () => {
    await page.getByTestId(`board-procedure-${pid}`).getByRole('link').click();
    await page.waitForURL(new RegExp(`/regio/wbo/inkoop/procedure/${pid}$`));
    const panel = page.getByTestId('award-panel');
    await panel.waitFor();
    await page.getByTestId('award-select-p1').selectOption(String(app.a));
    await page.getByTestId('award-select-p2').selectOption(String(app.b));
    await page.getByTestId('award-select-p3').selectOption(String(app.b));
    // The live check already names the rule.
    const live = page.getByTestId('award-live-violations');
    await live.waitFor();
    expect(await live.innerText()).toContain('wbo-lot-distinct');
    await page.getByTestId('award-submit').click();
    const refusal = page.getByTestId('award-refusal-list');
    await refusal.waitFor();
    const text = await refusal.innerText();
    expect(text).toContain('wbo-lot-distinct');
    expect(text).toContain('003 §5.3.3');
    expect(await page.getByTestId('award-refusal').innerText()).toContain('Gunning geweigerd');
    expect(await page.getByTestId('procedure-status').innerText()).toBe('Gunningsfase (inschrijving)');
    await panel.screenshot({ path: join(SHOTS, 'procurement-award-refused.png') });
    await page.screenshot({ path: join(SHOTS, 'procurement-award-refused-page.png'), fullPage: true });
    expect((await call('GET', `/regions/wbo/procedures/${pid}`)).awards).toEqual([]);
  });

  it('awards validly: p3 to the other Breda party; the procedure is gegund with contracts and exports', async () => {
    await page.getByTestId('award-select-p3').selectOption(String(app.c));
    await page.locator('[data-testid="award-checks"] li.rk-proc-rule--ok').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid="award-live-violations"]'));
    await page.getByTestId('award-submit').click();
    await page.getByTestId('awards').waitFor();
    expect(await page.getByTestId('procedure-status').innerText()).toBe('Gegund');
    const awards = await page.getByTestId('awards').innerText();
    expect(awards).toMatch(/Perceel p1/);
    expect(awards).toMatch(/contract \d+/);
    expect(await page.getByTestId('timeline').innerText()).toContain('Gegund door contractmanager.wbo');
    await page.getByTestId('exports').getByRole('link', { name: /Excel/ }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'procurement-awarded.png'), fullPage: true });
    const d = await call('GET', `/regions/wbo/procedures/${pid}`);
    expect(d.awards.map((a: { lotId: string; applicationId: number }) => [a.lotId, a.applicationId])).toEqual([['p1', app.a], ['p2', app.b], ['p3', app.c]]);
  });

  it('starts a procedure from the board: EMVI weights summing to 90 are refused naming emvi-criteria; then published', async () => {
    await page.getByRole('link', { name: '← Alle procedures' }).click();
    await page.getByTestId('start-procedure').waitFor();
    await page.locator('#start-segment').selectOption('verblijf-crisis');
    await page.locator('#start-name').fill('Aanbesteding verblijf en crisis 2027 (browsertest)');
    await page.getByTestId('start-procedure-button').click();
    await page.getByTestId('procedure-detail').waitFor();
    expect(await page.getByTestId('procedure-status').innerText()).toBe('Concept');
    await page.locator('#w-prijs').fill('10');
    await page.getByRole('button', { name: 'Gewichten opslaan' }).click();
    await page.getByTestId('command-error').waitFor();
    expect(await page.getByTestId('command-error').innerText()).toContain('emvi-criteria');
    await page.locator('#w-prijs').fill('20');
    await page.getByRole('button', { name: 'Gewichten opslaan' }).click();
    await page.getByTestId('timeline').getByText('Inrichting gewijzigd').waitFor();
    expect(await page.getByTestId('command-error').count()).toBe(0);
    await page.getByTestId('action-publiceren').click();
    await page.getByTestId('procedure-status').getByText('Selectiefase').waitFor();
  });

  it('Holland Rijnland: admits a provider to the open house of segment 1 after checks with evidence and a plan score', async () => {
    await page.getByRole('button', { name: /uitloggen/i }).click();
    await page.getByTestId('login-form').waitFor();
    await page.goto(`${base}/regio/holland-rijnland/inkoop`);
    await loginAs(page, 'contractmanager.holland-rijnland');
    await page.getByTestId('procedure-board').waitFor();
    expect(await page.getByTestId('board-segment-wonen').innerText()).toContain('toetreding gesloten');
    await page.screenshot({ path: join(SHOTS, 'procurement-open-house-board.png'), fullPage: true });
    await page.getByTestId('board-segment-behandeling-met-verblijf').getByRole('link').first().click();
    await page.getByTestId('procedure-detail').waitFor();
    expect(await page.getByTestId('procedure-status').innerText()).toBe('Doorlopende toelating');
    // A provider of the region that has not applied yet (chosen through the API, registered in the browser).
    token = (await call('POST', '/tokens', { username: 'contractmanager.holland-rijnland', password: 'demo' })).token;
    const id = Number(/procedure\/(\d+)$/.exec(page.url())![1]);
    const before = await call('GET', `/regions/holland-rijnland/procedures/${id}`);
    const landscape = await call('GET', '/regions/holland-rijnland/landscape');
    const applied = new Set(before.applications.map((a: { providerId: number }) => a.providerId));
    const candidate = [...new Set<number>(landscape.segments.flatMap((s: { providers: { id: number }[] }) => s.providers.map((p) => p.id)))].find((p) => !applied.has(p))!;
    await page.locator('#reg-provider').selectOption(String(candidate));
    await page.getByRole('button', { name: 'Aanmelding registreren' }).click();
    const after = async () => (await call('GET', `/regions/holland-rijnland/procedures/${id}`)).applications.find((a: { providerId: number }) => a.providerId === candidate);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid^="application-"]').length === n, before.applications.length + 1);
    const aid = (await after()).id as number;
    const assess = page.getByTestId(`assess-${aid}`);
    await assess.waitFor();
    // Admission before the checks is refused with the rules named.
    await page.getByTestId(`admit-${aid}`).click();
    await page.getByTestId('command-error').waitFor();
    expect(await page.getByTestId('command-error').innerText()).toContain('aanbiedersplan-minimumscore');
    const boxes = assess.locator('input[type="checkbox"]');
    for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).check();
    const evidence = assess.locator('input[aria-label^="Bewijs"]');
    for (let i = 0; i < (await evidence.count()); i++) await evidence.nth(i).fill(`Bewijsstuk ${i + 1} (browsertest)`);
    await assess.getByRole('button', { name: 'Toetsing opslaan' }).click();
    const n = await boxes.count();
    // The answer re-renders the application with the saved checklist (and its new version).
    await page.getByTestId(`application-${aid}`).getByText(`${n} van ${n} aangetoond`).waitFor();
    await page.locator(`#plan-${aid}`).fill('7');
    await page.getByTestId(`assess-${aid}`).getByRole('button', { name: 'Planscore opslaan' }).click();
    await page.getByTestId(`application-${aid}`).locator('dd', { hasText: /^7$/ }).waitFor();
    expect(await page.getByTestId(`admission-${aid}`).count()).toBe(0); // nothing blocks admission any more
    await page.getByTestId(`admit-${aid}`).click();
    await page.getByTestId(`application-${aid}`).getByText('Toegelaten').waitFor();
    expect((await after()).status).toBe('toegelaten');
    await page.getByTestId(`application-${aid}`).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'procurement-open-house-admitted.png'), fullPage: true });
  });
});
