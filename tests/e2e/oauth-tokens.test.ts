/**
 * Token lifetime in the real app: an implicit token that stops working sends the user through the
 * flow again and back to the same view; two tabs renewing a code-flow token at the same moment
 * spend the (rotating, reuse-detected) refresh token once, so the grant survives.
 */
import type { Page } from 'playwright-core';
import { describe, expect, onTestFinished, test } from 'vitest';
import { newPage, openBrowser } from './support/browser.ts';
import { accountMenu, pathOf, deviceSynced, loginForm, openApp, search, searchDomain, serverCount, expectListShowing } from './support/fieldbook.ts';
import { isActive, oauthSignIn, revokeOnServer, rewriteQueryParam, signInOnAuthorizationServer, startOAuth, storedTokens } from './support/oauth.ts';

const VIEW = '/?type=company';
const COMPANIES = [['is_company', '=', true]] as const;

describe('when the token stops working', () => {
  test('a token granted fewer scopes than the app needs (one from before scopes meant something) ends in "sign in again", not an error', async () => {
    const page = await newPage();
    // An older app asked for identity scopes only: the token reads no Odoo data (403 insufficient_scope).
    await rewriteQueryParam(page, '/oauth2/auth', 'scope', 'openid profile email');
    await openApp(page, VIEW);
    await startOAuth(page, 'implicit');
    await signInOnAuthorizationServer(page, 'demo');
    await loginForm(page).heading.waitFor();
    await page.getByText('Your session has ended. Sign in again to continue where you were.').waitFor();
    expect((await storedTokens(page).catch(() => undefined))?.accessToken).toBeUndefined();
  });

  test('an implicit sign-in whose token was revoked says the session has ended, and signing in again returns to the same view', async () => {
    const page = await newPage();
    await openApp(page, VIEW);
    await oauthSignIn(page, 'implicit');
    await expectListShowing(page, await serverCount(COMPANIES, 'demo'));
    await deviceSynced(page);
    const first = await storedTokens(page);
    await revokeOnServer(first.accessToken);

    // The device answers the search; the next call to Odoo (a sync) meets a 401 invalid_token, and
    // implicit has no refresh token: back to the login.
    await search(page, 'de');
    const view = pathOf(page);
    await page.getByRole('button', { name: 'Sync now' }).click();
    await loginForm(page).heading.waitFor();
    expect(await page.locator('main.login .notice').textContent()).toBe('Your session has ended. Sign in again to continue where you were.');
    expect(pathOf(page)).toBe(view);

    await oauthSignIn(page, 'implicit');
    expect(pathOf(page)).toBe(view);
    await expectListShowing(page, await serverCount([...COMPANIES, ...searchDomain('de')], 'demo'));
    const second = await storedTokens(page);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(await isActive(second.accessToken)).toBe(true);
  });
});

/** Rewrites the stored token's expiry to 30 s from now (the tabs read it when they start). */
async function expireSoon(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('fieldbook');
        open.onerror = () => reject(open.error ?? new Error('cannot open fieldbook'));
        open.onsuccess = () => {
          const store = open.result.transaction('meta', 'readwrite').objectStore('meta');
          const read = store.get('activeAccount');
          read.onsuccess = () => {
            const account = read.result as { credential: { tokens: { expiresAt: number } } };
            account.credential.tokens.expiresAt = Date.now() + 30_000;
            const write = store.put(account, 'activeAccount');
            write.onsuccess = () => resolve();
            write.onerror = () => reject(write.error ?? new Error('cannot write'));
          };
        };
      }),
  );
}

describe('two tabs', () => {
  test('starting at once with a code-flow token about to expire spend the refresh token once, and both keep working', async () => {
    const session = await openBrowser();
    onTestFinished(() => session.close());
    const first = await session.newPage();
    await openApp(first, VIEW);
    await oauthSignIn(first, 'code');
    const companies = await serverCount(COMPANIES, 'demo');
    await expectListShowing(first, companies);
    const second = await session.newPage();
    await openApp(second, VIEW);
    await accountMenu(second).waitFor();
    await expectListShowing(second, companies);
    const before = await storedTokens(first);
    expect(before.refreshToken).toEqual(expect.any(String));

    // Every refresh-token grant either tab sends.
    const refreshGrants: string[] = [];
    const watch = (page: Page, name: string) =>
      page.on('request', (request) => {
        if (new URL(request.url()).pathname === '/oauth2/token' && new URLSearchParams(request.postData() ?? '').get('grant_type') === 'refresh_token') refreshGrants.push(name);
      });
    watch(first, 'first');
    watch(second, 'second');

    // Both tabs are reopened holding a token about to expire (inside the app's one-minute refresh
    // margin, still valid at the server), so both renew it as they start, at the same moment.
    // Revoking the access token instead would not do: the server then revokes its whole grant
    // (oidc-provider, RFC 7009 §2.1), refresh token included.
    await expireSoon(first);
    await Promise.all([first.reload(), second.reload()]);
    await Promise.all([expectListShowing(first, companies), expectListShowing(second, companies)]);
    await Promise.all([search(first, 'de'), search(second, 'de')]);
    const expected = await serverCount([...COMPANIES, ...searchDomain('de')], 'demo');
    await Promise.all([expectListShowing(first, expected), expectListShowing(second, expected)]);
    expect(await accountMenu(first).isVisible()).toBe(true);
    expect(await accountMenu(second).isVisible()).toBe(true);

    // The renewal runs beside the lists (the device may answer them first): wait until its token is stored.
    await expect.poll(async () => (await storedTokens(second)).accessToken).not.toBe(before.accessToken);
    expect(refreshGrants).toHaveLength(1);
    const after = await storedTokens(second);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    // Had both tabs spent the same refresh token, reuse detection would have revoked the grant.
    expect(await isActive(after.accessToken)).toBe(true);
    expect(await isActive(after.refreshToken ?? '')).toBe(true);
    // Both tabs use the one renewed token: the other tab holds the same.
    expect((await storedTokens(first)).accessToken).toBe(after.accessToken);
  });
});
