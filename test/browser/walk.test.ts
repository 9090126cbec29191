/**
 * A walk through every page as every demo role (issue #13, Quality: "a browser walk of every page
 * as every role fails on a list of English and developer words"). Per role: log in, then visit the
 * role's start page, every tab of the main navigation, every sub-page of those (second-level
 * navigation) and the first detail page of each list (case, contract, procedure, provider,
 * declaration); each page is checked for the words below in its visible text and with axe-core
 * (no serious or critical violation), and photographed into test-results/walk-<role>-<n>.png.
 * All findings are collected and reported together, so one run shows every page that fails.
 * The server runs with `--today` so dates are the same in every run.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, browserAvailable, loginAs, SHOTS, useBrowserTest } from '../helpers/browser.js';

const hasBrowser = browserAvailable();
const TODAY = '2026-11-22';

/** Words that must not reach a screen: developer words, English, raw codes, ISO dates in text. */
const FORBIDDEN: [string, RegExp][] = [
  ['het woord "seed"', /\bseeds?\b/i],
  ['openVraag / openVragen', /openVra(ag|gen)/i],
  ['bijOverschrijding', /bijOverschrijding/i],
  ['een opdrachtregel-optie', /--[a-z]+-[a-z]+/],
  ['een camelCase-id', /\b[a-z]{2,}[A-Z][a-zA-Z]*\b/],
  ['een regel-id', /\bregel [a-z0-9]+-[a-z0-9-]+/i],
  ['een ruwe code ("reden 38")', /\breden \d{2}\b/i],
  ['een ISO-datum', /\b\d{4}-\d{2}-\d{2}\b/],
  ['Engelse tekst', /\b(undefined|null|NaN|Error|error|Loading|Failed|must NOT|Not Found|Forbidden)\b/],
];
/** Proper names that look like camelCase but are not identifiers. */
const ALLOWED = /\b(iJw|iWmo|eHerkenning|DigiD|WhatsApp|YouTube|LinkedIn|iPad|eMail)\b/g;

const ROLES = ['toegang', 'gemeente', 'aanbieder', 'contractmanager', 'controller', 'beleid', 'privacy'].map((r) => `${r}.wbo`).concat(['beheer']);
/** Detail pages: the first link of each kind on a list page (numbers stand for ids). */
const DETAIL = [/\/casus\/\d+$/, /\/inkoop\/contracten\/\d+$/, /\/inkoop\/procedure\/\d+$/, /\/inkoop\/aanbieder\/\d+$/, /\/financien\/declaraties\/\d+$/];
const MAX_PAGES = 24;

interface Finding {
  user: string;
  path: string;
  problem: string;
}

async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const main = document.querySelector('main') ?? document.body;
    return (main as HTMLElement).innerText;
  });
}

async function settle(page: Page) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 15_000 }).catch(() => undefined);
}

async function links(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => [...document.querySelectorAll<HTMLAnchorElement>(sel)].map((a) => new URL(a.href).pathname), selector);
}

async function check(page: Page, user: string, path: string, n: number, findings: Finding[]) {
  const text = (await visibleText(page)).replace(ALLOWED, '');
  for (const [name, re] of FORBIDDEN) {
    const m = re.exec(text);
    if (m) findings.push({ user, path, problem: `${name}: "${text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 40).replace(/\s+/g, ' ')}"` });
  }
  for (const v of await axeViolations(page)) findings.push({ user, path, problem: `axe ${v.id} (${v.impact}): ${v.targets.join(', ')}` });
  await page.screenshot({
    path: join(SHOTS, `walk-${user.replace('.', '-')}-${String(n).padStart(2, '0')}.png`),
    fullPage: /\/(inkoop|contracten|declaraties)$/.test(path),
  });
}

describe.skipIf(!hasBrowser)('walk: every page as every role, in Dutch and accessible', () => {
  let page: Page;
  let base: string;
  const findings: Finding[] = [];
  const visited: Record<string, string[]> = {};

  useBrowserTest('walk', ['--demo', 'wbo', '--demo-scale', '0.02', '--no-demo-funding', '--today', TODAY], (t) => ({ page, base } = t), {
    timeout: 600_000,
    browserArgs: ['--lang=nl-NL'],
  });

  it('the anonymous pages', async () => {
    for (const [n, path] of ['/', '/regio/wbo', '/publiek/wbo'].entries()) {
      await page.goto(`${base}${path}`);
      await settle(page);
      await check(page, 'anoniem', path, n, findings);
    }
  }, 120_000);

  for (const user of ROLES) {
    it(`${user}: every page it can reach`, async () => {
      await page.goto(`${base}/regio/wbo`);
      await settle(page);
      await loginAs(page, user);
      await page.waitForURL(/\/regio\/wbo\/mijn-werk$/, { timeout: 20_000 }).catch(() => undefined);
      await settle(page);
      const queue = [new URL(page.url()).pathname, ...(await links(page, 'nav[aria-label="Onderdelen van de regio"] a'))];
      const seen = new Set<string>();
      const shapes = new Set<string>();
      let n = 0;
      while (queue.length > 0 && n < MAX_PAGES) {
        const path = queue.shift()!;
        const shape = path.replace(/\/\d+$/, '/:id');
        if (seen.has(path) || shapes.has(shape) || !path.startsWith('/regio/wbo')) continue;
        seen.add(path);
        shapes.add(shape);
        await page.goto(`${base}${path}`);
        await settle(page);
        // The case page asks for the purpose of the read first: choose the first purpose offered.
        const purpose = page.getByTestId('purpose-gate');
        if (await purpose.count()) {
          await purpose.locator('select').first().selectOption({ index: 1 });
          await purpose
            .getByRole('button')
            .first()
            .click()
            .catch(() => undefined);
          await settle(page);
        }
        await check(page, user, path, n++, findings);
        for (const sub of await links(page, 'nav.rk-subnav a, [class*="subnav"] a')) if (!seen.has(sub)) queue.push(sub);
        const all = await links(page, 'main a');
        for (const re of DETAIL) {
          const first = all.find((p) => re.test(p));
          if (first) queue.push(first);
        }
      }
      visited[user] = [...seen];
      expect(n).toBeGreaterThan(1);
      await page.getByRole('button', { name: /uitloggen/i }).click();
      await page.getByTestId('login-form').waitFor();
    }, 300_000);
  }

  it('found no developer words, English, raw codes, ISO dates or axe violations', () => {
    console.log(
      `walk: ${Object.entries(visited)
        .map(([u, p]) => `${u} ${p.length}`)
        .join(', ')} pages`,
    );
    expect(findings.map((f) => `${f.user} ${f.path}: ${f.problem}`)).toEqual([]);
  });
});
