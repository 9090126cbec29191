/**
 * Browser test of the access (toegang) screens: the real `regiekamer serve` process with a small
 * WBO demo, driven by Debian's Chromium through playwright-core (set-up in test/helpers/browser.ts).
 * A local-team professional registers a help request with the family's BRP address, does triage,
 * is refused a referral by the region's MDO rule (seed 003 §5.2), records the MDO and refers; a
 * municipal officer decides, allocates to a contracted provider, and then shortens the allocation
 * (the provider gets a JW301 with the same number and RedenWijziging). Screenshots go to
 * test-results/.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { isValidBsn } from '../../src/domain/people/bsn.js';
import { browserAvailable, loginAs, SHOTS, useBrowserTest } from '../helpers/browser.js';

const hasBrowser = browserAvailable();

/** Test BSNs low in the official test range; the demo counts down from the top of that range. */
const NEW_BSN = '999900031';
const SEEDED = [
  {
    bsn: '999900043',
    givenName: 'Sanne',
    familyName: 'de Wit',
    birthDate: '2011-02-14',
    gender: '2',
    crisis: true,
    hulpvraag: 'Acute zorgen over de veiligheid thuis',
  },
  {
    bsn: '999900055',
    givenName: 'Daan',
    familyName: 'Jansen',
    birthDate: '2016-09-03',
    gender: '1',
    crisis: false,
    hulpvraag: 'Ouders vragen ondersteuning bij opvoeding',
    regievoerder: 'M. Bakker',
  },
];

/** Chooses the purpose of the (audit-logged) read before a case opens: nothing is preselected. */
async function choosePurpose(page: Page, purpose: string): Promise<void> {
  const gate = page.getByTestId('purpose-gate');
  await gate.waitFor();
  expect(await gate.getByLabel('Doel van inzage').inputValue()).toBe('');
  await gate.getByLabel('Doel van inzage').selectOption(purpose);
  await gate.getByRole('button', { name: 'Casus openen' }).click();
}

/** Opens an action's form on the case page. */
async function openAction(page: Page, action: string): Promise<void> {
  await page.getByTestId('action-panel').locator(`button[data-action="${action}"]`).click();
  await page.getByTestId(`form-${action}`).waitFor();
}

/** Waits until the case shows `status` after a successful action. */
async function expectDone(page: Page, status: string): Promise<void> {
  await page.getByTestId('command-done').waitFor();
  await expect.poll(() => page.getByTestId('case-status').innerText()).toBe(status);
}

describe.skipIf(!hasBrowser)('access screens in Chromium', () => {
  let page: Page;
  let base: string;
  let caseUrl: string;

  useBrowserTest('access', ['--demo', 'wbo', '--demo-scale', '0.02'], (t) => ({ page, base } = t), { timeout: 300_000, browserArgs: ['--lang=nl-NL'] });

  it('uses valid test BSNs (elfproef) from the low test range', () => {
    for (const bsn of [NEW_BSN, ...SEEDED.map((s) => s.bsn)]) expect(isValidBsn(bsn), bsn).toBe(true);
  });

  it('asks to log in, then shows the worklist of the local team', async () => {
    await page.goto(`${base}/regio/wbo/werklijst`);
    await page.getByTestId('access-login-required').waitFor();
    await loginAs(page, 'toegang.wbo');
    await page.getByRole('heading', { level: 1, name: 'Werklijst' }).waitFor();
    // Two more help requests through the API (as another screen would): a crisis and one with a regievoerder.
    for (const s of SEEDED) {
      const { bsn, givenName, familyName, birthDate, gender, ...rest } = s;
      const res = await page.request.post(`${base}/api/v1/regions/wbo/cases`, {
        headers: { origin: base },
        data: { youth: { bsn, givenName, familyName, birthDate, gender }, areaId: 'slt-breda-nw', ...rest },
      });
      expect(res.status()).toBe(201);
    }
    await page.reload();
    const table = page.getByTestId('worklist-table');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    const sanne = table.locator('tbody tr', { hasText: 'Sanne de Wit' });
    expect(await sanne.innerText()).not.toMatch(/binnen 24 uur/); // compact rows: the signal is a badge
    await sanne.locator('summary').click(); // the text on demand
    const text = await sanne.innerText();
    expect(text).toContain('Crisis');
    expect(text).toMatch(/binnen 24 uur/);
    expect(text).toContain('Hulpvraag geregistreerd');
    expect(await table.locator('tbody tr', { hasText: 'Daan Jansen' }).innerText()).toContain('M. Bakker');
    // Earliest due first: the due calendar dates in the last column never decrease.
    const dues = await table.locator('tbody tr td:last-child [data-due]').evaluateAll((els) => els.map((e) => e.getAttribute('data-due') ?? ''));
    expect(dues.length).toBeGreaterThan(0);
    expect(dues).toEqual([...dues].sort());
    await page.screenshot({ path: join(SHOTS, 'access-worklist.png'), fullPage: true });
  });

  it('registers a new help request with a BSN and opens the case', async () => {
    await page.getByTestId('new-case-button').click();
    const form = page.getByTestId('new-case-form');
    await form.waitFor();
    // An invalid BSN is caught by the elfproef before anything is sent.
    await form.getByLabel('Burgerservicenummer (BSN)').fill('999900032');
    await form.getByRole('button', { name: 'Hulpvraag registreren' }).click();
    await page.getByTestId('error-summary').waitFor();
    expect(await page.getByTestId('error-summary').innerText()).toMatch(/elfproef/);

    await form.getByLabel('Burgerservicenummer (BSN)').fill(NEW_BSN);
    await form.getByLabel('Geboortedatum').fill('2013-06-21');
    await form.getByLabel('Voornaam').fill('Noah');
    await form.getByLabel('Achternaam').fill('van den Berg');
    await form.getByLabel('Geslacht').selectOption('1');
    await form.getByLabel('Gebied (lokaal team)').selectOption('slt-breda-zo');
    await form.getByLabel('Hulpvraag', { exact: true }).fill('Zorgen over gedrag thuis en op school; ouders lopen vast.');
    await form.getByLabel('Regievoerder (optioneel)').fill('J. de Vries');
    // The BRP address is required and validated before anything is sent.
    await form.getByLabel('Straat').fill('Ginnekenweg');
    await form.getByLabel('Huisnummer').fill('12');
    await form.getByLabel('Postcode').fill('0818 JA');
    await form.getByLabel('Woonplaats').fill('Breda');
    await form.getByRole('button', { name: 'Hulpvraag registreren' }).click();
    await page.getByTestId('error-summary').waitFor();
    expect(await page.getByTestId('error-summary').innerText()).toMatch(/postcode is vier cijfers en twee letters/);
    await form.getByLabel('Postcode').fill('4818 JA');
    await form.getByRole('button', { name: 'Hulpvraag registreren' }).click();
    await page.waitForURL(/\/regio\/wbo\/casus\/\d+$/);
    caseUrl = page.url();
    await choosePurpose(page, 'triage');
    await page.getByRole('heading', { level: 1, name: 'Noah van den Berg' }).waitFor();
    expect(await page.getByTestId('case-bsn').innerText()).toBe('******031');
    expect(await page.getByTestId('case-status').innerText()).toBe('Hulpvraag geregistreerd');
    expect(await page.getByTestId('case-timeline').innerText()).toContain('Hulpvraag geregistreerd, met BRP-adres');
  });

  it('records triage: non-freely-accessible care, complex', async () => {
    await openAction(page, 'triage');
    const form = page.getByTestId('form-triage');
    await form.getByLabel('Toeleiding naar niet vrij toegankelijke jeugdhulp').check();
    await form.getByLabel('Complexiteit').selectOption('complex');
    await form.getByRole('button', { name: 'Triage vastleggen' }).click();
    await expectDone(page, 'Triage gedaan');
  });

  it('seed 003 §5.2: refuses the referral without an MDO and shows the rule', async () => {
    await openAction(page, 'verwijzing');
    const form = page.getByTestId('form-verwijzing');
    await form.getByLabel('Taakgebied of segment').selectOption('specialistische-ambulante-behandeling');
    await form.getByRole('button', { name: 'Verwijzing vastleggen' }).click();
    const blocked = page.getByTestId('command-blocked');
    await blocked.waitFor();
    const text = await blocked.innerText();
    // The rule is named by its source on screen; its id stays in the markup (issue #13: no rule ids in refusal texts).
    expect(text).not.toContain('wbo-mdo-hoogcomplex');
    expect(await blocked.locator('[data-rule-id="wbo-mdo-hoogcomplex"]').count()).toBe(1);
    expect(text).toMatch(/eerst een MDO met overeenstemming nodig/);
    expect(text).toContain('003 §5.2');
    expect(await page.getByTestId('case-status').innerText()).toBe('Triage gedaan');
    await page.screenshot({ path: join(SHOTS, 'access-rule-blocked.png'), fullPage: true });
  });

  it('records the MDO with the required participants and then refers', async () => {
    await openAction(page, 'mdo');
    const form = page.getByTestId('form-mdo');
    expect(await form.getByLabel(/Lokaal team/).isChecked()).toBe(true);
    await form.getByLabel(/Specialistische en locatiegebonden jeugdhulp/).check();
    await form.getByLabel(/Verblijf met behandeling en crisiszorg/).check();
    await form.getByLabel(/^Sociale basis/).check();
    await form.getByLabel('Ja, er is overeenstemming').check();
    await form.getByLabel('Afweging').fill('Specialistische ambulante behandeling, geen verblijf nodig.');
    await form.getByRole('button', { name: 'MDO vastleggen' }).click();
    await page.getByTestId('command-done').waitFor();
    expect(await page.getByTestId('case-overview').innerText()).toMatch(/overeenstemming/);

    await openAction(page, 'verwijzing');
    const referral = page.getByTestId('form-verwijzing');
    await referral.getByLabel('Taakgebied of segment').selectOption('specialistische-ambulante-behandeling');
    await referral.getByRole('button', { name: 'Verwijzing vastleggen' }).click();
    await expectDone(page, 'Verwezen');
    expect(await page.getByTestId('case-verwijzingen').innerText()).toContain('Specialistische ambulante behandeling');
  });

  it('as the municipality: decides and allocates to a contracted provider', async () => {
    await page.getByTestId('user-menu').getByRole('button', { name: 'Uitloggen' }).click();
    await page.getByTestId('access-login-required').waitFor();
    await loginAs(page, 'gemeente.wbo');
    await page.getByRole('navigation', { name: 'Onderdelen van de regio' }).getByRole('link', { name: 'Werklijst' }).click();
    await page.waitForURL(/\/regio\/wbo\/werklijst$/);
    await page.getByTestId('worklist-table').getByRole('link', { name: 'Noah van den Berg' }).click();
    await page.waitForURL(caseUrl);
    await choosePurpose(page, 'beschikken');
    await page.getByRole('heading', { level: 1, name: 'Noah van den Berg' }).waitFor();
    expect(await page.getByLabel('Doel van inzage').inputValue()).toBe('beschikken');

    await openAction(page, 'beschikking');
    await page.getByTestId('form-beschikking').getByRole('button', { name: 'Beschikking vastleggen' }).click();
    // A beschikking is a legal act: it waits for a confirmation in a dialog (issue #13).
    await page.getByTestId('confirm-act').waitFor();
    expect(await page.getByTestId('confirm-act').getByRole('heading').innerText()).toBe('Beschikking vastleggen?');
    await page.getByTestId('confirm-act-confirm').click();
    await expectDone(page, 'Beschikt');

    await openAction(page, 'toewijzing');
    const form = page.getByTestId('form-toewijzing');
    const providers = form.getByLabel('Aanbieder');
    const firstProvider = await providers.locator('option').nth(1).getAttribute('value');
    await providers.selectOption(firstProvider!);
    const providerLabel = (await providers.locator('option:checked').innerText()).replace(/ \(AGB.*$/, '');
    await form.getByLabel('Product').selectOption({ index: 1 });
    await form.getByRole('button', { name: 'Toewijzing vastleggen' }).click();
    await expectDone(page, 'Toegewezen');
    expect(await page.getByTestId('case-toewijzingen').innerText()).toContain(providerLabel);
    const timeline = await page.getByTestId('case-timeline').innerText();
    for (const kind of ['Hulpvraag', 'Triage', 'MDO', 'Verwijzing', 'Beschikking', 'Toewijzing']) expect(timeline).toContain(kind);
    await page.screenshot({ path: join(SHOTS, 'access-case-allocated.png'), fullPage: true });
  });

  it('as the municipality: shortens the allocation; the provider gets a JW301 with the same number and the reason', async () => {
    const nummer = (await page.getByTestId('case-toewijzingen').locator('tbody tr').first().getAttribute('data-testid'))!.replace('toewijzing-', '');
    const before = await page.getByTestId(`toewijzing-${nummer}`).innerText();
    await openAction(page, 'toewijzing-wijzigen');
    const form = page.getByTestId('form-toewijzing-wijzigen');
    const einde = await form.getByLabel('Nieuwe einddatum').inputValue();
    // Three months shorter (the allocation runs a year from today, as the decision form proposes).
    const shorter = new Date(Date.parse(`${einde}T00:00:00Z`) - 91 * 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel('Nieuwe einddatum').fill(shorter);
    await form.getByLabel('Reden van de wijziging (JZ002)').selectOption('05');
    // Without confirming the consultation with the provider (OP033x1) nothing is sent.
    await form.getByRole('button', { name: 'Wijziging vastleggen en versturen' }).click();
    await page.getByTestId('error-summary').waitFor();
    expect(await page.getByTestId('error-summary').innerText()).toMatch(/OP033x1/);
    await form.getByLabel('Afgestemd met de aanbieder').check();
    await page.screenshot({ path: join(SHOTS, 'access-allocation-change-form.png'), fullPage: true });
    await form.getByRole('button', { name: 'Wijziging vastleggen en versturen' }).click();
    // Cancelling the confirmation sends nothing; confirming sends the JW301.
    await page.getByTestId('confirm-act').waitFor();
    await page.getByTestId('confirm-act-cancel').click();
    expect(await page.getByTestId('command-done').count()).toBe(0);
    await form.getByRole('button', { name: 'Wijziging vastleggen en versturen' }).click();
    await page.getByTestId('confirm-act-confirm').click();
    await page.getByTestId('command-done').waitFor();
    expect(await page.getByTestId('command-note').innerText()).toMatch(
      new RegExp(`Toewijzingsbericht \\(JW301\\) \\w+ verstuurd aan de aanbieder met toewijzing ${nummer}`),
    );
    const row = page.getByTestId(`toewijzing-${nummer}`);
    await expect.poll(() => row.innerText()).not.toBe(before);
    expect(await page.getByTestId(`reden-${nummer}`).innerText()).toMatch(/Gewijzigd, reden: herbeoordeling: verkorting toewijzing/);
    const timeline = await page.getByTestId('case-timeline').innerText();
    // Dates in the timeline are dd-mm-jjjj (issue #13).
    const nl = (d: string) => d.split('-').reverse().join('-');
    expect(timeline).toContain(`Toewijzing ${nummer} gewijzigd: einddatum ${nl(einde)} → ${nl(shorter)}`);
    expect(timeline).toMatch(/Toewijzingsbericht \(JW301\) verstuurd aan .+: toewijzing \d+ gewijzigd \(reden: herbeoordeling: verkorting toewijzing\)/);
    await page.screenshot({ path: join(SHOTS, 'access-allocation-changed.png'), fullPage: true });
  });
});
