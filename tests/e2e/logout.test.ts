/**
 * Logout on a shared device leaves nothing for the next person: the address goes back to the
 * plain list, and the sign-in at the authorization server ends too — after "Log out", the next
 * "Sign in with Odoo" (or the implicit option) asks for a password again, instead of entering as
 * the previous user through the server's 14-day login session.
 */
import { describe, expect, test } from 'vitest';
import { expectNoConsoleErrors, newPage } from './support/browser.ts';
import { loginForm, openApp, openSignedIn, pathOf, search, SEEDED } from './support/fieldbook.ts';
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

describe('after logging out', () => {
  test("the next person starts from the plain list, not from the last one's search or contact", async () => {
    const page = await newPage();
    await openSignedIn(page, '/?type=company');
    await search(page, 'deco');
    await page.goto(new URL(`/partners/${SEEDED.decoAddict.id}`, page.url()).href);
    await logOutButton(page).waitFor();
    await logOutButton(page).click();
    await loginForm(page).heading.waitFor();
    await expect.poll(() => pathOf(page)).toBe('/');
    await expectNoConsoleErrors(page);
  });
});
