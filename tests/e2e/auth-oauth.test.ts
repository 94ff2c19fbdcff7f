/**
 * "Log in with …" through the Odoo's own auth_oauth providers (issue 14), end to end on the
 * production build against the demo backend, which plays Odoo's auth_oauth (its login page lists
 * its provider; `/auth_oauth/signin` validates the token at the provider and sets the session).
 * The implicit grant, as Odoo's own login page uses it, with Fieldbook's redirect URI.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { checkA11y, expectNoConsoleErrors, newPage } from './support/browser.ts';
import { accountMenu, appUrl, baseUrl, contactList, loginForm, logOut, openApp, serverCount, expectListShowing } from './support/fieldbook.ts';
import { authorizationServerLogin, browserStorage, onAuthorizationServerLogin, rewriteQueryParam, signInOnAuthorizationServer } from './support/oauth.ts';
import { spawnServer, throwawayDataDir } from '../support/server.ts';

const PROVIDER = 'Log in with Fieldbook demo';
const providerButton = (page: Page) => page.getByRole('button', { name: PROVIDER, exact: true });

/** The login screen, once it has said which sign-ins the server offers. */
async function loginScreen(page: Page, path = '/'): Promise<void> {
  await openApp(page, path);
  await loginForm(page).heading.waitFor();
  await page.locator('form.login-form[aria-busy="false"]').waitFor();
}

async function sessionUser(page: Page): Promise<string | undefined> {
  return page.evaluate(async () => {
    const response = await fetch('/web/session/get_session_info', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: {}, id: 1 }) });
    const body = (await response.json()) as { result?: { username?: string } };
    return body.result?.username;
  });
}

describe("the Odoo's own providers (auth_oauth)", () => {
  /** The provider's access token as the browser sees it: in the callback's fragment (implicit), or in the token endpoint's answer (code). */
  function watchProviderToken(page: Page): { token: () => string; answers: string[] } {
    let token = '';
    const answers: string[] = [];
    page.on('framenavigated', (frame) => {
      // The answer's own navigation (the app's scrubbing replaceState is one too, without the answer).
      if (frame !== page.mainFrame() || !/\/oauth\/callback[?#]./.test(frame.url())) return;
      answers.push(frame.url());
      const hash = new URL(frame.url()).hash;
      if (hash.includes('access_token=')) token = new URLSearchParams(hash.slice(1)).get('access_token') ?? '';
    });
    page.on('response', (response) => {
      if (new URL(response.url()).pathname !== '/oauth2/token') return;
      void response.json().then((body: { access_token?: string }) => (token = body.access_token ?? token), () => undefined);
    });
    return { token: () => token, answers };
  }

  test.each(['code', 'implicit'] as const)('the login screen offers what the Odoo login page offers; signing in (%s) gives an Odoo session: partners, reload, logout', async (mode) => {
    const page = await newPage();
    // A provider without a discovery document allowing the code flow gets the implicit grant, as Odoo's own page uses.
    if (mode === 'implicit') await page.route('**/.well-known/openid-configuration', (route) => route.fulfill({ status: 404, body: 'Not Found' }));
    await loginScreen(page, '/?type=company');
    expect(await checkA11y(page)).toEqual([]);
    const seen = watchProviderToken(page);
    await providerButton(page).click();
    await signInOnAuthorizationServer(page, 'demo');
    await accountMenu(page).waitFor();
    // Code + PKCE: the answer in the query, a code and no token; implicit: the token in the fragment.
    expect(seen.answers.length).toBeGreaterThan(0);
    for (const answer of seen.answers) {
      const url = new URL(answer);
      if (mode === 'code') expect([url.searchParams.has('code'), url.hash.includes('access_token')]).toEqual([true, false]);
      else expect(url.hash).toContain('access_token=');
    }
    await expect.poll(() => seen.token().length).toBeGreaterThan(20);
    // Back on the view it started from, with demo's partners: a session account (Odoo's cookie), no token kept.
    expect(new URL(page.url()).search).toBe('?type=company');
    await expectListShowing(page, await serverCount([['is_company', '=', true]], 'demo'));
    expect(await sessionUser(page)).toBe('demo');
    const storage = await browserStorage(page);
    expect(storage.tokens).toBeUndefined();
    expect(Object.entries(storage.records).filter(([, json]) => json.includes(seen.token())).map(([where]) => where)).toEqual([]);
    expect(storage.localStorage + storage.sessionStorage).toBe(0);
    // The address bar never kept the answer.
    expect(page.url()).not.toMatch(/access_token|code=|oauth\/callback/);

    // The flow inspector tells the provider's steps, tokens redacted.
    await page.goto(appUrl('/oauth/inspector'));
    await page.getByRole('heading', { level: 1, name: 'Sign-in flow inspector' }).waitFor();
    const steps = await page.locator('ol.steps > li > strong').allTextContents();
    for (const step of ['Provider list read', 'Provider discovery', 'Authorization request', 'Redirect received', 'Exchanged at Odoo', 'Session confirmed']) expect(steps).toContain(step);
    expect(steps).toContain(mode === 'code' ? 'Code exchanged' : 'State checked');
    expect(await page.locator('main').innerText()).not.toContain(seen.token());

    // A new page load keeps the session.
    await page.goto(appUrl('/'));
    await contactList(page).waitFor();
    expect(await sessionUser(page)).toBe('demo');

    await logOut(page);
    await loginForm(page).heading.waitFor();
    await expect.poll(() => sessionUser(page)).toBeUndefined();
    // The 404s the test gave the discovery document are the only lines (implicit).
    await expectNoConsoleErrors(page, mode === 'implicit' ? { allow: [/Failed to load resource: the server responded with a status of 404 \(Not Found\)$/] } : {});
  });

  test('a user of the provider that no Odoo user is linked to is told so (oauth_error=3), and is not signed in', async () => {
    const page = await newPage();
    await loginScreen(page);
    await providerButton(page).click();
    await signInOnAuthorizationServer(page, 'portal');
    await page.getByRole('alert').getByText(/No user of this Odoo is linked to the account you used \(Log in with Fieldbook demo\)/).waitFor();
    expect(await sessionUser(page)).toBeUndefined();
    expect(await checkA11y(page)).toEqual([]);
  });

  test('a token the provider does not accept (oauth_error=2) and a replayed answer are refused, saying why', async () => {
    const page = await newPage();
    // The token handed to Odoo is not the one the provider issued.
    await rewriteQueryParam(page, '/auth_oauth/signin', 'access_token', 'not-a-token-the-provider-issued');
    await loginScreen(page);
    await providerButton(page).click();
    await signInOnAuthorizationServer(page, 'demo');
    await page.getByRole('alert').getByText(/Odoo could not confirm the sign-in \(Log in with Fieldbook demo\)/).waitFor();
    expect(await sessionUser(page)).toBeUndefined();
    await page.unroute('**/auth_oauth/signin?*');

    // The same answer again (its one-time state is spent): refused before Odoo is asked.
    let answer = '';
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && /\/oauth\/callback[?#]/.test(frame.url())) answer = frame.url();
    });
    await page.getByRole('link', { name: 'Back to sign in' }).click();
    await providerButton(page).click();
    await accountMenu(page).waitFor();
    expect(answer).toMatch(/[?&]code=|access_token=/);
    const replay = await newPage();
    await replay.goto(answer);
    await replay.getByRole('alert').getByText('No sign-in was started in this browser, or its answer was already used.').waitFor();
  });

  test("a cancelled sign-in at the provider (its error answer) and a tampered state are refused, saying why, and nobody is signed in", async () => {
    const page = await newPage();
    await loginScreen(page);
    await providerButton(page).click();
    await authorizationServerLogin(page).cancel.click();
    // The provider's own words (its error_description), not a library's.
    await page.getByRole('alert').getByText('Odoo did not sign you in: The user cancelled the sign-in.').waitFor();
    expect(await sessionUser(page)).toBeUndefined();

    // A state that is not the one this browser stored (Odoo's part changed: another database).
    await page.getByRole('link', { name: 'Back to sign in' }).click();
    await providerButton(page).click();
    await onAuthorizationServerLogin(page);
    const tampered = JSON.stringify({ d: 'other', p: 1, r: '/web/health', fb: 'x' });
    await page.goto(`${baseUrl}/oauth/callback?code=a-code&state=${encodeURIComponent(tampered)}&iss=${encodeURIComponent(new URL(baseUrl).origin)}`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/state/i);
    expect(await sessionUser(page)).toBeUndefined();
    expect(await accountMenu(page).count()).toBe(0);
  });

  test('an Odoo whose login page lists no provider: nothing is offered', async () => {
    const page = await newPage();
    await page.route('**/web/login', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><form class="oe_login_form"><div class="o_login_auth"></div></form>' }));
    await loginScreen(page);
    expect(await providerButton(page).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Log in with/ }).count()).toBe(0);
  });

  test("the demo's login page is Odoo's: its provider link works in a browser too, through Odoo's own redirect URI", async () => {
    const page = await newPage();
    await page.goto(`${baseUrl}/web/login`);
    const link = page.locator('.o_auth_oauth_providers a');
    expect((await link.textContent())?.trim()).toBe(PROVIDER);
    await link.click();
    await signInOnAuthorizationServer(page, 'demo');
    // Odoo's fragment page moves the token to the query; /auth_oauth/signin sets the session and sends the browser to r (/web).
    await page.waitForURL((url) => url.pathname === '/web');
    expect(await sessionUser(page)).toBe('demo');
  });

  test('a second Fieldbook, in proxy mode in front of the demo backend on another port, signs in through its provider out of the box', async () => {
    const second = await spawnServer({ dataDir: throwawayDataDir(), env: { ODOO_URL: baseUrl } });
    try {
      expect(new URL(second.url).port).not.toBe(new URL(baseUrl).port);
      const page = await newPage();
      await page.goto(second.url);
      await loginForm(page).heading.waitFor();
      await page.locator('form.login-form[aria-busy="false"]').waitFor();
      // The providers come from the demo backend's login page, through the proxy.
      await providerButton(page).click();
      await signInOnAuthorizationServer(page, 'demo');
      await accountMenu(page).waitFor();
      expect(new URL(page.url()).origin).toBe(new URL(second.url).origin);
      await contactList(page).waitFor();
      expect(await sessionUser(page)).toBe('demo');
      // Proxy mode has no authorization server of its own: the login screen's look for one is a 404.
      await expectNoConsoleErrors(page, { allow: [/Failed to load resource: the server responded with a status of 404 \(Not Found\)$/] });
    } finally {
      await second.stop();
      rmSync(second.dataDir, { recursive: true, force: true });
    }
  });

  test("with a deployment file: its providers when the Odoo's login page shows none, and the code flow with PKCE to a provider on another origin it may call", async () => {
    const directory = mkdtempSync(join(tmpdir(), 'fieldbook-e2e-deployment-'));
    const file = join(directory, 'fieldbook.json');
    const demo = new URL(baseUrl).origin;
    writeFileSync(
      file,
      JSON.stringify({
        providers: [{ id: 1, database: 'fieldbook', label: 'Log in with our SSO', authorizationEndpoint: `${demo}/oauth2/auth`, clientId: 'odoo-auth-oauth', scope: 'openid profile email' }],
        connect: [demo],
      }),
    );
    const second = await spawnServer({ dataDir: throwawayDataDir(), env: { ODOO_URL: baseUrl, FIELDBOOK_DEPLOYMENT_FILE: file } });
    try {
      const page = await newPage();
      // This Odoo's login page lists no provider (a customised page): the deployment file's are offered.
      await page.route(`${second.url}/web/login`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><form class="oe_login_form"></form>' }));
      const asked: URL[] = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.origin === demo && (url.pathname === '/oauth2/auth' || url.pathname === '/oauth2/token')) asked.push(url);
      });
      await page.goto(second.url);
      await page.locator('form.login-form[aria-busy="false"]').waitFor();
      await page.getByRole('button', { name: 'Log in with our SSO', exact: true }).click();
      await signInOnAuthorizationServer(page, 'demo');
      await accountMenu(page).waitFor();
      await contactList(page).waitFor();
      expect(await sessionUser(page)).toBe('demo');
      // The provider is on another origin, which the file lets the app call: a code, with PKCE, exchanged by the browser.
      const authorize = asked.find((url) => url.pathname === '/oauth2/auth');
      expect(authorize?.searchParams.get('response_type')).toBe('code');
      expect(authorize?.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorize?.searchParams.get('redirect_uri')).toBe(`${second.url}/oauth/callback`);
      expect(asked.some((url) => url.pathname === '/oauth2/token')).toBe(true);
      await expectNoConsoleErrors(page, { allow: [/Failed to load resource: the server responded with a status of 404 \(Not Found\)$/] });
    } finally {
      await second.stop();
      rmSync(second.dataDir, { recursive: true, force: true });
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
