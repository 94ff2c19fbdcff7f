/**
 * "Sign in with Odoo", the three ways, end to end on the production build: from a filtered view,
 * through the authorization server's own login page as demo/demo, back to the same view with the
 * user's partners. Then what must not be left behind (a token or code in a URL or a history entry,
 * anything in Web Storage), where the token is kept, that logout revokes and wipes, and the flow
 * inspector. Attacks and token lifetime: oauth-attacks.test.ts, oauth-tokens.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { checkA11y, expectNoConsoleErrors, expectNoDialogs, newPage } from './support/browser.ts';
import { accountMenu, pathOf, baseUrl, contactList, loginForm, logOut, openApp, serverCount, expectListShowing } from './support/fieldbook.ts';
import {
  ANSWER_IN_URL,
  authorizationServerLogin,
  browserStorage,
  isActive,
  navigationEntries,
  OAUTH_METHODS,
  oauthSignIn,
  onAuthorizationServerLogin,
  signInOnAuthorizationServer,
  startOAuth,
  storedTokens,
  walkHistoryBack,
  type OAuthMethod,
} from './support/oauth.ts';

const VIEW = '/?type=company';
const COMPANIES = [['is_company', '=', true]] as const;

const TITLES: Readonly<Record<OAuthMethod, string>> = {
  code: 'code + PKCE (DPoP-bound)',
  implicit: 'implicit (response_type=token)',
  implicit_id_token: 'implicit with ID token (id_token token)',
};

describe.each(OAUTH_METHODS)('signing in with %s', (method) => {
  test(`${TITLES[method]}: lands on the same view with the user's partners, leaves no answer in any URL or Web Storage, and logout revokes and wipes`, async () => {
    const page = await newPage();
    await openApp(page, VIEW);
    await startOAuth(page, method);
    await signInOnAuthorizationServer(page, 'demo');
    await accountMenu(page).waitFor();

    // Back where the user started, with demo's companies, counted as the server counts them for demo.
    expect(pathOf(page)).toBe(VIEW);
    await expectListShowing(page, await serverCount(COMPANIES, 'demo'));
    expect(await page.locator('.app-header .account-name').textContent()).toBe('Marc Demo');

    // Where the token is: IndexedDB's fieldbook/meta/activeAccount, and nowhere else the page can read.
    const storage = await browserStorage(page);
    const tokens = storage.tokens;
    if (tokens === undefined) throw new Error('no tokens stored');
    expect(tokens.flow).toBe(method);
    expect(await isActive(tokens.accessToken)).toBe(true);
    expect(storage.localStorage).toBe(0);
    expect(storage.sessionStorage).toBe(0);
    const secrets = [tokens.accessToken, ...(tokens.refreshToken === undefined ? [] : [tokens.refreshToken])];
    const holding = Object.entries(storage.records).filter(([, json]) => secrets.some((secret) => json.includes(secret))).map(([where]) => where);
    expect(holding).toEqual(['fieldbook/meta/activeAccount']);
    expect(storage.cachedUrls.filter((url) => ANSWER_IN_URL.test(url) || secrets.some((secret) => url.includes(secret)))).toEqual([]);
    if (method === 'code') {
      expect(tokens.refreshToken).toEqual(expect.any(String));
      expect(tokens.dpop).toEqual({ privateExtractable: false, publicExtractable: true, algorithm: 'ECDSA' });
    } else {
      expect(tokens.refreshToken).toBeUndefined();
      expect(tokens.dpop).toBeUndefined();
    }

    // No URL holds the answer: the address bar, and every history entry the Navigation API lists.
    const clean = (url: string) => !ANSWER_IN_URL.test(url) && !secrets.some((secret) => url.includes(secret));
    expect(await page.evaluate(() => location.href)).toBe(new URL(VIEW, page.url()).href);
    const entries = await navigationEntries(page);
    expect(entries, 'Chromium has the Navigation API').toBeDefined();
    // The view before, the AS login page, the view after (the callback entry replaced in place).
    // The view before, the AS login page, the view after (the callback entry replaced in place); the
    // documents' no-referrer policy hides the other entries' URLs even from this same-origin page.
    expect(entries).toEqual([null, null, new URL(VIEW, page.url()).href]);

    // Logout: the tokens are revoked at the server and the account's data leaves the device.
    await logOut(page);
    await loginForm(page).heading.waitFor();
    await expect.poll(() => Promise.all(secrets.map(isActive))).toEqual(secrets.map(() => false));
    const after = await browserStorage(page);
    expect(after.tokens).toBeUndefined();
    // Nothing of the user left in any IndexedDB database: no account, no flow log, no pending sign-in —
    // only the mark that the next sign-in here must ask for a password (a boolean, nobody's data).
    expect(after.records).toEqual({ 'fieldbook/meta/freshLogin': 'true' });
    expect(after.databases.filter((name) => name.startsWith('fieldbook-account-'))).toEqual([]);
    expect(after.localStorage + after.sessionStorage).toBe(0);
    await expectNoConsoleErrors(page);
    await expectNoDialogs(page);

    // Going back through every entry of the tab: none of them shows the answer in location.
    const walked = await walkHistoryBack(page);
    // Newest first; the oldest is the new tab's about:blank.
    expect(walked.hrefs.map((href) => (href === 'about:blank' ? href : new URL(href).pathname))).toEqual(['/', expect.stringMatching(/^\/oauth2\/interaction\//), '/', 'about:blank']);
    expect(walked.hrefs.filter((href) => !clean(href))).toEqual([]);
  });
});

describe('the authorization server login page and the flow inspector', () => {
  test('the AS login page has no axe violation and no console error or CSP violation', async () => {
    const page = await newPage();
    await openApp(page, VIEW);
    await startOAuth(page, 'code');
    await onAuthorizationServerLogin(page);
    expect(await checkA11y(page)).toEqual([]);
    // A wrong password: the page again, with its error, still accessible.
    const form = authorizationServerLogin(page);
    await form.login.fill('demo');
    await form.password.fill('not-the-password');
    await form.submit.click();
    await page.getByRole('alert').waitFor();
    expect(await checkA11y(page)).toEqual([]);
    // The page with the error comes with HTTP 400 (tests/integration/oauth-pages.test.ts), which
    // Chromium logs for the document itself; nothing else may be logged.
    await expectNoConsoleErrors(page, { allow: [/\/login\): Failed to load resource: the server responded with a status of 400 \(Bad Request\)$/] });
  });

  test.each(['code', 'implicit'] as const)('after a %s sign-in, the inspector shows each step with every token redacted', async (method) => {
    const page = await newPage();
    await openApp(page, VIEW);
    await oauthSignIn(page, method);
    await contactList(page).waitFor();
    const tokens = await storedTokens(page);

    await accountMenu(page).click();
    await page.getByRole('link', { name: 'For developers: the sign-in flow', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign-in flow inspector' }).waitFor();
    const steps = page.locator('ol.steps > li > strong');
    await steps.first().waitFor();
    const expected =
      method === 'code'
        ? ['Authorization request', 'Redirect received', 'State and issuer checked', 'Code exchanged', 'Address bar cleaned', 'Token stored', 'First API call']
        : ['Authorization request', 'Redirect received', 'State checked', 'Address bar cleaned', 'Token stored', 'First API call'];
    expect((await steps.allTextContents()).toSorted()).toEqual(expected.toSorted());
    const text = await page.locator('main').innerText();
    expect(text).toContain(method === 'code' ? 'Authorization code + PKCE (DPoP-bound)' : 'Implicit grant (response_type=token)');
    // The redirect step shows what came back, redacted to its first characters.
    expect(text).toContain(method === 'code' ? 'code=' : `access_token=${tokens.accessToken.slice(0, 8)}…`);
    for (const secret of [tokens.accessToken, tokens.refreshToken]) if (secret !== undefined) expect(text).not.toContain(secret);
    // The implicit grant's risks include what cleaning the address bar cannot undo, and token substitution.
    expect(text).toContain('history, session and favicon files');
    expect(text).toContain('token substitution');
    expect(await checkA11y(page)).toEqual([]);
    await expectNoConsoleErrors(page);
  });
});

describe("linking an Odoo account to an add-on client (/api/oauth2/…, issue 13 high #4)", () => {
  test('the browser that opened the link signs in, is asked to confirm on an accessible page naming the identity, and links; no token reaches it', async () => {
    const start = await fetch(new URL('/api/oauth2/provider/authorize', baseUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ client_id: 'fieldbook-server', client_secret: 'fieldbook-server-secret', client_user_identity: 'field-rep-7' }),
    });
    const { authorization_url: link } = (await start.json()) as { authorization_url: string };
    const page = await newPage();
    await page.goto(link);
    await signInOnAuthorizationServer(page, 'demo');
    // The authorization server may ask for consent first (a client that is not first-party).
    const allow = page.getByRole('button', { name: 'Allow', exact: true });
    const confirm = page.getByRole('heading', { level: 1, name: 'Link your Odoo account to Fieldbook demo server app?' });
    await allow.or(confirm).first().waitFor();
    if (await allow.isVisible()) await allow.click();
    await confirm.waitFor();
    await expect.poll(() => page.getByText('for its user field-rep-7').count()).toBe(1);
    expect(await checkA11y(page)).toEqual([]);
    expect(await page.content()).not.toMatch(/access_token|refresh_token|eyJ/);
    await page.getByRole('button', { name: 'Link my account', exact: true }).click();
    await page.getByRole('status').getByText('Your Odoo account is linked to Fieldbook demo server app for its user field-rep-7.').waitFor();
    expect(await checkA11y(page)).toEqual([]);
    expect(await page.content()).not.toMatch(/access_token|refresh_token|eyJ/);
    await expectNoConsoleErrors(page);
    // The backend, with its secret, now gets the tokens of demo.
    const tokens = await fetch(new URL('/api/oauth2/token', baseUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ client_id: 'fieldbook-server', client_secret: 'fieldbook-server-secret', client_user_identity: 'field-rep-7' }),
    });
    expect(((await tokens.json()) as { login: string }).login).toBe('demo');
  });
});
