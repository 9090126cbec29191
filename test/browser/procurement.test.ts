/**
 * Browser test of the procurement screens (issue #6): the real `regiekamer serve` process with a
 * small WBO demo, driven by Debian's Chromium through playwright-core. A second SLT tender is taken
 * to its award phase through the API (selection, go/no-go, tenders, EMVI scores); the contract
 * manager types a score "abc" (refused beside the field, nothing saved), then announces the
 * intention to award: the Breda rule is named live, the rank-2 choice needs a written reason, a
 * confirmation dialog, then the standstill (definitive award refused with 409 inside it; suspend and
 * resume). The demo tender shows intention and definitive award in order. Holland Rijnland's contract manager
 * then admits a provider to its open house (seed 004 §3.2): register, checklist with evidence, plan
 * score, admission. Screenshots go to test-results/.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, browserAvailable, loginAs, SHOTS, useBrowserTest } from '../helpers/browser.js';

const hasBrowser = browserAvailable();

describe.skipIf(!hasBrowser)('procurement screens in Chromium', () => {
  let page: Page;
  let base: string;
  let pid: number;
  const app: Record<string, number> = {};

  /** A JSON call to the API as the WBO contract manager. */
  let token = '';
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
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
    for (const [k, providerId, lotIds, m] of [
      ['a', ids[0], ['p1'], 'Welzijn Altena'],
      ['b', ids[1], ['p2', 'p3'], 'Welzijn Breda Noord'],
      ['c', ids[2], ['p2', 'p3'], 'Welzijn Breda Zuid'],
    ] as const) {
      d = await call('POST', `${p}/applications`, { providerId, lotIds, penvoerderKind: 'jeugdhulpaanbieder', members: member(m) });
      app[k] = d.applications.find((x: { providerId: number }) => x.providerId === providerId).id;
    }
    for (const k of ['a', 'b', 'c']) d = await call('POST', `${p}/applications/${app[k]}/decision`, { decision: 'selecteren' });
    d = await call('POST', `${p}/transitions`, { version: d.version, action: { type: 'go-no-go', besluit: 'go', reden: 'Go selectiefase (stuurgroep)' } });
    await call('POST', `${p}/transitions`, { version: d.version, action: { type: 'go-no-go', besluit: 'go', reden: 'Go dialoogfase' } });
    for (const [k, price, plan] of [
      ['a', 1_400_000_000, 8],
      ['b', 1_500_000_000, 9],
      ['c', 1_450_000_000, 8],
    ] as const) {
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

  it('a score typed as "abc" or out of scale is refused beside its field and not saved', async () => {
    await page.getByTestId(`board-procedure-${pid}`).getByRole('link').click();
    await page.waitForURL(new RegExp(`/regio/wbo/inkoop/procedure/${pid}$`));
    await page.getByTestId('award-panel').waitFor();
    const field = page.locator(`#score-${app.a}-plan-van-aanpak`);
    await field.fill('abc');
    await page.getByTestId(`score-submit-${app.a}`).click();
    const err = page.getByTestId(`score-${app.a}-plan-van-aanpak-error`);
    await err.waitFor();
    expect(await err.innerText()).toContain('"abc" is geen getal; vul een score van 0 tot en met 10 in');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.getAttribute('aria-describedby')).toBe(`score-${app.a}-plan-van-aanpak-error`);
    await page.getByTestId(`score-form-${app.a}`).screenshot({ path: join(SHOTS, 'procurement-score-error.png') });
    await field.fill('11');
    await page.getByTestId(`score-submit-${app.a}`).click();
    expect(await err.innerText()).toContain('tussen 0 en 10');
    // Nothing was sent or saved: the score is still 8.
    expect((await call('GET', `/regions/wbo/procedures/${pid}`)).applications.find((x: { id: number }) => x.id === app.a).scores['plan-van-aanpak']).toBe(8);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('voornemen tot gunning: the Breda rule is named live; a party other than rank 1 needs a reason; a confirmation; then the standstill', async () => {
    await page.reload();
    const panel = page.getByTestId('award-panel');
    await panel.waitFor();
    // Rank 1 is preselected per perceel: b is first in p2 and p3, which the Breda rule forbids.
    expect(await page.getByTestId('award-select-p2').inputValue()).toBe(String(app.b));
    expect(await page.getByTestId('award-select-p3').inputValue()).toBe(String(app.b));
    const live = page.getByTestId('award-live-violations');
    await live.waitFor();
    expect(await live.innerText()).toContain('moeten naar verschillende partijen');
    await page.getByTestId('award-select-p3').selectOption(String(app.c));
    await page.waitForFunction(() => !document.querySelector('[data-testid="award-live-violations"]'));
    // c is rank 2 in p3: without a reason the form refuses beside the field and no dialog opens.
    await page.getByTestId('award-submit').click();
    await page.getByTestId('award-reason-error-p3').waitFor();
    expect(await page.getByTestId('confirm-intention').isVisible()).toBe(false);
    await page.getByTestId('award-reason-p3').fill('Breda-regel: de nummer 1 krijgt perceel p2, dus p3 gaat naar de nummer 2.');
    await page.getByTestId('award-submit').click();
    const dialog = page.getByTestId('confirm-intention');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').innerText()).toBe('Voornemen tot gunning bekendmaken?');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'procurement-intention-confirm.png') });
    await page.getByTestId('confirm-intention-confirm').click();
    const standstill = page.getByTestId('standstill-panel');
    await standstill.waitFor();
    const d = await call('GET', `/regions/wbo/procedures/${pid}`);
    expect(d.status).toBe('gunning');
    expect(d.intention.standstillDays).toBe(20);
    const nl = (iso: string) => iso.split('-').reverse().join('-');
    expect(await page.getByTestId('standstill-state').innerText()).toContain(`20 kalenderdagen, tot en met ${nl(d.intention.standstillEndsOn)}: loopt`);
    expect(await page.getByTestId('intention-awards').innerText()).toContain('motivering: Breda-regel');
    expect(await page.getByTestId('timeline').innerText()).toContain('Voornemen tot gunning bekendgemaakt door contractmanager.wbo');
    await page.screenshot({ path: join(SHOTS, 'procurement-standstill.png'), fullPage: true });
  });

  it('the definitive award within the standstill is refused (409) in the panel; suspend on an objection and resume', async () => {
    await page.getByTestId('award-definitive').click();
    await page.getByTestId('confirm-award').waitFor();
    await page.getByTestId('confirm-award-confirm').click();
    const refusal = page.getByTestId('award-refusal');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/de opschortende termijn loopt tot en met \d{2}-\d{2}-\d{4}; definitief gunnen kan vanaf \d{2}-\d{2}-\d{4}/);
    expect((await call('GET', `/regions/wbo/procedures/${pid}`)).awards).toEqual([]);
    await page.locator('#intention-reason').fill('Bezwaar van de nummer 1 van perceel p3');
    await page.getByTestId('standstill-suspend').click();
    await page
      .getByTestId('standstill-state')
      .getByText(/opgeschort/)
      .waitFor();
    await page.getByTestId('standstill-resume').click();
    await page
      .getByTestId('standstill-state')
      .getByText(/: loopt/)
      .waitFor();
    expect(await page.getByTestId('timeline').innerText()).toMatch(
      /Opschortende termijn opgeschort \(bezwaar\)[\s\S]*Opschortende termijn hervat|Opschortende termijn hervat[\s\S]*Opschortende termijn opgeschort/,
    );
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the demo SLT tender shows the intention with its reason before the definitive award, in order', async () => {
    await page.getByRole('link', { name: '← Alle procedures' }).click();
    await page.getByTestId('procedure-board').waitFor();
    await page.getByTestId('board-segment-slt').getByRole('link').first().click();
    await page.getByTestId('procedure-detail').waitFor();
    expect(await page.getByTestId('procedure-status').innerText()).toBe('Gegund');
    const items = await page.getByTestId('timeline').locator('li').allInnerTexts();
    const at = (label: string) => items.findIndex((t) => t.includes(label));
    // Newest first: the definitive award above the intention.
    expect(at('Definitief gegund')).toBeGreaterThanOrEqual(0);
    expect(at('Definitief gegund')).toBeLessThan(at('Voornemen tot gunning bekendgemaakt'));
    expect(items[at('Voornemen tot gunning bekendgemaakt')]).toContain('Breda-regel');
    expect(items[at('Definitief gegund')]).toMatch(/^08-06-2026/);
    await page.screenshot({ path: join(SHOTS, 'procurement-demo-awarded.png'), fullPage: true });
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
    const candidate = [...new Set<number>(landscape.segments.flatMap((s: { providers: { id: number }[] }) => s.providers.map((p) => p.id)))].find(
      (p) => !applied.has(p),
    )!;
    await page.screenshot({ path: join(SHOTS, 'procurement-open-house-detail.png'), fullPage: true });
    await page.locator('#reg-provider').selectOption(String(candidate));
    await page.getByRole('button', { name: 'Aanmelding registreren' }).click();
    const after = async () =>
      (await call('GET', `/regions/holland-rijnland/procedures/${id}`)).applications.find((a: { providerId: number }) => a.providerId === candidate);
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
