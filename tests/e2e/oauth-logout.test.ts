/**
 * Logout on a shared device ends the sign-in at the authorization server too: after "Log out", the
 * next "Sign in with Odoo" — or the implicit option — asks for a password again, instead of
 * entering as the previous user through the server's 14-day login session.
 */
import { describe, expect, test } from 'vitest';
import { expectNoConsoleErrors, newPage } from './support/browser.ts';
import { loginForm, openApp } from './support/fieldbook.ts';
import { authorizationServerLogin, logOutButton, oauthSignIn, onAuthorizationServerLogin, startOAuth, type OAuthMethod } from './support/oauth.ts';

describe('after logging out of "Sign in with Odoo"', () => {
  test.each<[OAuthMethod, OAuthMethod]>([
    ['code', 'code'],
    ['code', 'implicit'],
    ['implicit', 'code'],
  ])('signed in with %s, the next sign-in with %s asks for the password again', async (first, next) => {
    const page = await newPage();
    await openApp(page);
    await oauthSignIn(page, first, 'admin');
    await logOutButton(page).click();
    await loginForm(page).heading.waitFor();

    await startOAuth(page, next);
    // The authorization server's own login form, empty: nobody is signed in there any more.
    await onAuthorizationServerLogin(page);
    expect(await authorizationServerLogin(page).login.inputValue()).toBe('');
    expect(await logOutButton(page).count()).toBe(0);
    await expectNoConsoleErrors(page);
  });
});

describe('after logging out of "Sign in with Odoo" with the server out of reach', () => {
  test('the next sign-in still asks for the password, though the revocation never arrived', async () => {
    const page = await newPage();
    await openApp(page);
    await oauthSignIn(page, 'code', 'admin');
    // The revocation cannot get through (the login session at the server stays alive).
    await page.context().route('**/oauth2/revoke', (route) => route.abort('internetdisconnected'));
    await logOutButton(page).click();
    await loginForm(page).heading.waitFor();
    await page.context().unroute('**/oauth2/revoke');

    await startOAuth(page, 'code');
    await onAuthorizationServerLogin(page);
    expect(new URL(page.url()).pathname).toMatch(/^\/oauth2\/interaction\//);
    expect(await authorizationServerLogin(page).login.inputValue()).toBe('');
    await expectNoConsoleErrors(page, { allow: [/Failed to load resource: net::ERR_INTERNET_DISCONNECTED/] });
  });
});
