/**
 * Browser test of the contract screens (Inkoop): the real `regiekamer serve` process with a small
 * demo of WBO and Holland Rijnland (with funding data), driven by Debian's Chromium. The contract
 * manager of Holland Rijnland sees the ceiling that applies with spend to date on the contract list,
 * announces a change for a whole segment too late and on time, opens a contract, announces a change
 * too late and sees the refusal naming the six-month rule (seed 004 §4 Planning), announces it
 * validly, plans and holds a dialogue with an action, holds the next one with the follow-up of that
 * action, and opens the market view to select development partners by Pareto (seed 004 §3.2 c).
 * Screenshots go to test-results/.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { browserAvailable, loginAs, SHOTS, useBrowserTest } from '../helpers/browser.js';
import { addDays, dutchDate } from '../../src/domain/dates.js';
import { earliestEffective } from '../../src/domain/contracts/notice.js';

const hasBrowser = browserAvailable();
const REGION = 'holland-rijnland';

/** Waits for a refusal and checks that it quotes the six-month notice rule of seed 004 by its source (no rule id on screen, issue #13). */
async function expectNoticeRefusal(refusal: Locator): Promise<void> {
  await refusal.waitFor();
  const text = await refusal.innerText();
  expect(text).not.toContain('contractwijziging-zes-maanden-vooraf');
  expect(text).toContain('bron 004');
  expect(text).toContain('zes maanden vooraf moeten aankondigen');
}

describe.skipIf(!hasBrowser)('contract screens in Chromium', () => {
  let page: Page;
  let base: string;
  const today = dutchDate(new Date());
  const earliest = earliestEffective(today, 6);

  /** Schedules a talk for today and opens the form to record its report. */
  async function scheduleTalkAndOpenReport(): Promise<void> {
    await page.getByTestId('dialogue-date').fill(today);
    await page.getByTestId('schedule-submit').click();
    const open = page.locator('[data-testid^="hold-open-"]').first();
    await open.waitFor();
    await open.click();
  }

  useBrowserTest(
    'contracts',
    ['--demo', `wbo,${REGION}`, '--demo-scale', '0.02', '--demo-funding', REGION, '--demo-funding-years', '1'],
    (t) => ({ page, base } = t),
    { timeout: 600_000 },
  );

  it('the contract manager logs in and sees the running contracts', async () => {
    await page.goto(`${base}/regio/${REGION}/inkoop/contracten`);
    await page.getByTestId('contracts-login-required').waitFor();
    await loginAs(page, `contractmanager.${REGION}`);
    const table = page.getByTestId('contracts-table');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
    await page.getByTestId('contracts-segment').selectOption('behandeling-met-verblijf');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="contracts-table"] tbody tr')].every((tr) => tr.textContent?.includes('Behandeling met verblijf')),
    );
    // The ceiling that applies: the provider ceiling of the year from the funding data (seed 004 §3.1), with spend to date.
    expect(await table.locator('thead').innerText()).toContain(`Plafond ${today.slice(0, 4)} en besteding`);
    expect(await table.locator('[data-testid^="contract-ceiling-"]').allInnerTexts()).toContainEqual(expect.stringMatching(/€.*per aanbieder, besteed €/s));
    await page.screenshot({ path: join(SHOTS, 'contracts-list.png'), fullPage: true });
  });

  it('a change for the whole segment announced too late is refused quoting the rule; on time it is listed', async () => {
    const section = page.getByTestId('segment-changes');
    await section.waitFor();
    expect(await section.getByTestId('segment-notice-hint').innerText()).toMatch(/6 maanden vooraf .*bron 004/s);
    await section.getByTestId('segment-change-description').fill('Nieuwe productcodes behandeling met verblijf');
    await section.getByTestId('segment-change-kind').selectOption('product');
    await section.getByTestId('segment-change-effective').fill(addDays(earliest, -1));
    await section.getByTestId('segment-change-submit').click();
    await page.getByTestId('segment-confirm-change-confirm').click();
    await expectNoticeRefusal(section.getByTestId('rule-refusal'));
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'contracts-segment-change-refused.png'), fullPage: true });
    await section.getByTestId('segment-change-effective').fill(earliest);
    await section.getByTestId('segment-change-submit').click();
    await page.getByTestId('segment-confirm-change-confirm').click();
    await section.getByTestId('segment-change-done').waitFor();
    await section.getByTestId('segment-changes-table').getByText('Nieuwe productcodes behandeling met verblijf').waitFor();
    expect(await section.getByTestId('segment-changes-table').innerText()).toContain('Aangekondigd');
    await page.screenshot({ path: join(SHOTS, 'contracts-segment-change.png'), fullPage: true });
  });

  it('the provider page of the largest provider in the segment shows its contracts, turnover and dialogues', async () => {
    await page.getByTestId('procurement-nav-market').click();
    await page.getByTestId('market-segment').selectOption('behandeling-met-verblijf');
    await page.getByTestId('market-table').locator('tbody tr').first().getByRole('link').click();
    await page.waitForURL(/\/inkoop\/aanbieder\/\d+$/);
    await page.getByTestId('provider-heading').waitFor();
    await page.locator('.rk-chart svg').first().waitFor();
    expect(await page.getByTestId('provider-page').innerText()).toContain('Omzet per taakgebied en jaar');
    await page.screenshot({ path: join(SHOTS, 'contracts-provider.png'), fullPage: true });
  });

  it('announcing a change one day too late is refused, quoting the six-month rule of seed 004', async () => {
    await page
      .getByTestId('provider-page')
      .locator('li', { hasText: 'Behandeling met verblijf' })
      .filter({ hasText: 'Lopend' })
      .getByRole('link', { name: /^Contract \d+$/ })
      .first()
      .click();
    await page.waitForURL(/\/inkoop\/contracten\/\d+$/);
    await page.getByTestId('contract-timeline').waitFor();
    expect(await page.getByTestId('notice-hint').innerText()).toContain('6 maanden vooraf');
    await page.getByTestId('change-description').fill('Aangepaste tarieven behandeling met verblijf');
    await page.getByTestId('change-effective').fill(addDays(earliest, -1));
    await page.getByTestId('change-submit').click();
    await page.getByTestId('confirm-change-confirm').click();
    const refusal = page.getByTestId('rule-refusal');
    await expectNoticeRefusal(refusal);
    await refusal.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'contract-change-refused.png'), fullPage: true });
  });

  it('announcing it on time is accepted and listed as announced', async () => {
    await page.getByTestId('change-description').fill('Aangepaste tarieven behandeling met verblijf');
    await page.getByTestId('change-effective').fill(earliest);
    await page.getByTestId('change-submit').click();
    await page.getByTestId('confirm-change-confirm').click();
    await page.getByTestId('change-done').waitFor();
    await page.getByTestId('changes-table').getByText('Aangepaste tarieven behandeling met verblijf').waitFor();
    const changes = await page.getByTestId('changes-table').innerText();
    expect(changes).toContain('Aangepaste tarieven behandeling met verblijf');
    expect(changes).toContain('Aangekondigd');
    expect(await page.getByTestId('contract-timeline').innerText()).toContain('Wijziging (tarief) aangekondigd');
  });

  it('plans and holds a contract talk with an action; the KPI snapshot is kept with it', async () => {
    await scheduleTalkAndOpenReport();
    await page.getByTestId('hold-minutes').fill('Voortgang inkoopdoelen besproken; wachttijd behandeling met verblijf blijft aandachtspunt.');
    await page.getByTestId('action-description-0').fill('Wachtlijstoverzicht per locatie aanleveren');
    await page.getByTestId('action-owner-0').fill('Aanbieder');
    await page.getByTestId('action-due-0').fill(addDays(today, 30));
    await page.getByTestId('hold-submit').click();
    const minutes = page.getByTestId('dialogue-minutes');
    await minutes.waitFor();
    const card = page.locator('[data-testid^="dialogue-"]').filter({ has: minutes });
    const text = await card.innerText();
    expect(text).toContain('Gehouden');
    expect(text).toContain('Wachtlijstoverzicht per locatie aanleveren');
    await card.getByTestId('kpi-snapshot').locator('summary').click();
    expect(await card.getByTestId('kpi-snapshot').innerText()).toMatch(/Actieve toewijzingen|Besteed/);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'contract-dialogue.png'), fullPage: true });
  });

  it('the next talk carries the open action over; holding it records its follow-up', async () => {
    await scheduleTalkAndOpenReport();
    const carried = page.getByTestId('hold-followups');
    await carried.waitFor();
    expect(await carried.innerText()).toContain('Wachtlijstoverzicht per locatie aanleveren');
    await carried.locator('[data-testid^="followup-note-"]').first().fill('Overzicht ontvangen; wachttijd daalt');
    await carried.locator('[data-testid^="followup-status-"]').first().selectOption('afgerond');
    await page.getByTestId('hold-minutes').fill('Tweede contractgesprek: opvolging wachtlijst.');
    await carried.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'contract-dialogue-followup-form.png'), fullPage: true });
    await page.getByTestId('hold-submit').click();
    const card = page.locator('[data-testid^="dialogue-"]').filter({ has: page.getByTestId('dialogue-minutes').getByText('Tweede contractgesprek') });
    await card.waitFor();
    const followUps = await card.getByTestId('dialogue-followups').innerText();
    expect(followUps).toContain('Wachtlijstoverzicht per locatie aanleveren');
    expect(followUps).toContain('Opvolging: Overzicht ontvangen; wachttijd daalt');
    expect(followUps).toContain('Afgerond');
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'contract-dialogue-followup.png'), fullPage: true });
  });

  it('the market view shows the Pareto chart and records development partners with the rationale', async () => {
    await page.getByTestId('procurement-nav-market').click();
    await page.waitForURL(/\/inkoop\/markt$/);
    await page.getByTestId('market-view').waitFor();
    await page.locator('.rk-chart svg').first().waitFor();
    expect(await page.getByTestId('market-table').locator('tbody tr').count()).toBeGreaterThan(0);
    await page.getByTestId('apply-rule').click();
    const rationale = page.getByTestId('selection-rationale');
    await rationale.waitFor();
    expect(await rationale.innerText()).toMatch(/Pareto-analyse: de \d+ grootste/);
    expect(await rationale.innerText()).toContain('aanname');
    expect(await page.getByTestId('market-table').innerText()).toContain('Ontwikkelpartner');
    await page.screenshot({ path: join(SHOTS, 'contracts-market.png'), fullPage: true });
  });
});
