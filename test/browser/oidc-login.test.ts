/**
 * Logging in through a real OpenID provider in the browser (issue #10 item 2): `regiekamer serve`
 * in production mode (no --demo) configured for OpenID Connect, the in-process oidc-provider with
 * its login form, Chromium clicking "Inloggen met uw organisatie". Screenshots of the login bar
 * and the logged-in app; axe-core on the login bar.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, SHOTS, startServer, stopServer } from '../helpers/browser.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';
import { startOidcProvider, type TestOidc } from '../helpers/oidc-provider.js';

const hasBrowser = browserAvailable();
const APP_PORT = 3101;
const OIDC_PORT = 3111;
const REDIRECT = `http://localhost:${APP_PORT}/api/v1/oidc/callback`;
const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

describe.skipIf(!hasBrowser)('login through the organisation (OpenID Connect) in the browser', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'rk-oidc-browser-'));
  let testDb: TestDb | undefined;
  let server: ChildProcess | undefined;
  let idp: TestOidc | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    idp = await startOidcProvider(OIDC_PORT, REDIRECT, {
      'an.jansen': { name: 'An Jansen', preferred_username: 'an.jansen', regiekamer_rol: 'contractmanager', regiekamer_regio: 'wbo' },
    });
    testDb = await createTestDatabase();
    const started = await startServer(tmp, testDb, [], {
      port: APP_PORT,
      env: {
        REGIEKAMER_OIDC_ISSUER: idp.issuer,
        REGIEKAMER_OIDC_CLIENT_ID: idp.clientId,
        REGIEKAMER_OIDC_CLIENT_SECRET: idp.clientSecret,
        REGIEKAMER_OIDC_REDIRECT_URL: REDIRECT,
      },
    });
    server = started.server;
    base = started.base;
    context = await launchBrowser(tmp);
    page = context.pages()[0] ?? (await context.newPage());
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await stopServer(server);
    await idp?.close();
    await testDb?.drop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('shows "Inloggen met uw organisatie" and no demo accounts in production mode', async () => {
    await page.goto(`${base}/regio/wbo`);
    const form = page.getByTestId('login-form');
    await form.getByRole('link', { name: 'Inloggen met uw organisatie' }).waitFor();
    expect(await form.getByLabel('Demo-account').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'oidc-login-bar.png') });
    await page.evaluate(axeSource); // through the DevTools protocol: the page's CSP forbids inline scripts, rightly
    const result = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
      return axe.run({ include: [['[data-testid="login-form"]']] }, { runOnly: ['wcag2a', 'wcag2aa'] });
    });
    expect(result.violations.map((v) => v.id)).toEqual([]);
  });

  it('logs in at the OpenID provider and comes back logged in with the role from the claims', async () => {
    await page.getByRole('link', { name: 'Inloggen met uw organisatie' }).click();
    await page.waitForURL((u) => u.port === String(OIDC_PORT));
    await page.locator('input[name="login"]').fill('an.jansen');
    await page.locator('input[name="password"]').fill('wat-dan-ook');
    await page.screenshot({ path: join(SHOTS, 'oidc-provider-login.png') });
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(`${base}/regio/wbo`);
    const menu = page.getByTestId('user-menu');
    await menu.waitFor();
    expect(await menu.textContent()).toContain('An Jansen');
    await page.screenshot({ path: join(SHOTS, 'oidc-logged-in.png') });
    // The session is the HttpOnly cookie: invisible to scripts.
    expect(await page.evaluate(() => document.cookie)).not.toContain('rk_session');
    const me = await page.evaluate(async () => (await (await fetch('/api/v1/session')).json()) as { user: { role: string } });
    expect(me.user.role).toBe('contractmanager');
  });

  it('logging out works with the Origin check (the app sends its own Origin)', async () => {
    await page
      .getByTestId('user-menu')
      .getByRole('button', { name: /uitloggen/i })
      .click();
    await page.getByTestId('login-form').waitFor();
    const me = await page.evaluate(async () => (await (await fetch('/api/v1/session')).json()) as { user: unknown });
    expect(me.user).toBeNull();
  });
});
