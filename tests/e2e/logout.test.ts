/**
 * Logout on a shared device leaves nothing for the next person: the address goes back to the
 * plain list, and the sign-in at the authorization server ends too — after "Log out", the next
 * "Sign in with Odoo" (or the implicit option) asks for a password again, instead of entering as
 * the previous user through the server's 14-day login session.
 */
import { describe, expect, test } from 'vitest';
import { checkA11y, expectNoConsoleErrors, newPage, noHorizontalScroll } from './support/browser.ts';
import { accountMenu, deviceSynced, expectListShowing, loginForm, logOut, openApp, openSignedIn, pathOf, search, SEEDED, serverCount } from './support/fieldbook.ts';
import { authorizationServerLogin, oauthSignIn, onAuthorizationServerLogin, startOAuth, type OAuthMethod } from './support/oauth.ts';

describe('after logging out of "Sign in with Odoo"', () => {
  test.each<[OAuthMethod, OAuthMethod]>([
    ['code', 'code'],
    ['code', 'implicit'],
    ['implicit', 'code'],
  ])('signed in with %s, the next sign-in with %s asks for the password again', async (first, next) => {
    const page = await newPage();
    await openApp(page);
    await oauthSignIn(page, first, 'admin');
    await logOut(page);
    await loginForm(page).heading.waitFor();

    await startOAuth(page, next);
    // The authorization server's own login form, empty: nobody is signed in there any more.
    await onAuthorizationServerLogin(page);
    expect(await authorizationServerLogin(page).login.inputValue()).toBe('');
    expect(await accountMenu(page).count()).toBe(0);
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
    await logOut(page);
    await loginForm(page).heading.waitFor();
    await page.context().unroute('**/oauth2/revoke');

    await startOAuth(page, 'code');
    await onAuthorizationServerLogin(page);
    expect(new URL(page.url()).pathname).toMatch(/^\/oauth2\/interaction\//);
    expect(await authorizationServerLogin(page).login.inputValue()).toBe('');
    await expectNoConsoleErrors(page, { allow: [/Failed to load resource: net::ERR_INTERNET_DISCONNECTED/] });
  });
});

describe('the account menu and its logout, at 360 px', () => {
  test('the header fits on one line; "Log out…" says what it deletes, can be cancelled, and warns offline', async () => {
    const page = await newPage({ viewport: 'phone' });
    await openSignedIn(page);
    await deviceSynced(page);
    const total = await serverCount([]);
    const menu = accountMenu(page);
    // The user's name is the menu's button, one line high (cut with an ellipsis, never wrapped).
    expect((await menu.boundingBox())?.height).toBeLessThanOrEqual(48);
    expect((await page.locator('header.app-header').boundingBox())?.height).toBeLessThanOrEqual(60);
    // No developer tools on the everyday screen: the flow inspector and logout are in the menu.
    expect(await page.getByRole('link', { name: /sign-in flow/i }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Log out/ }).count()).toBe(0);

    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByText('Signed in as admin').count()).toBe(1);
    expect(await checkA11y(page)).toEqual([]);
    // Escape closes the menu, focus back on its button.
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await menu.evaluate((button) => button === document.activeElement)).toBe(true);

    await menu.click();
    await page.getByRole('button', { name: 'Log out…', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Log out of Fieldbook?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`This deletes the ${total.toLocaleString('en-US')} contacts saved on this device.`);
    expect(await dialog.getByText(/offline/).count()).toBe(0);
    expect(await checkA11y(page)).toEqual([]);
    // Cancel: still signed in, nothing deleted.
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expectListShowing(page, total);

    // Offline, the dialog also says that signing in again will need the network; logging out still works.
    await page.context().setOffline(true);
    await menu.click();
    await page.getByRole('button', { name: 'Log out…', exact: true }).click();
    await dialog.getByText('You are offline: signing in again will need the network.').waitFor();
    await dialog.getByRole('button', { name: 'Log out', exact: true }).click();
    await loginForm(page).heading.waitFor();
    expect(await accountMenu(page).count()).toBe(0);
    await page.context().setOffline(false);
    await expectNoConsoleErrors(page, { allow: [/Failed to load resource: net::ERR_INTERNET_DISCONNECTED/] });
  });

  test('the header still fits at 200 % text size: the name is cut, the brand and the menu stay; nothing scrolls sideways', async () => {
    const page = await newPage({ viewport: 'phone' });
    await openSignedIn(page);
    // As the browser's text-size setting does: the root font size doubled (CSSOM, which the CSP allows).
    await page.evaluate(() => {
      document.documentElement.style.fontSize = '200%';
    });
    await noHorizontalScroll(page);
    const brand = await page.getByRole('link', { name: 'Fieldbook', exact: true }).boundingBox();
    const menu = await accountMenu(page).boundingBox();
    expect(brand?.x).toBeGreaterThanOrEqual(0);
    expect((menu?.x ?? 0) + (menu?.width ?? 0)).toBeLessThanOrEqual(360);
    // One line each, side by side.
    expect(menu?.y).toBeLessThan((brand?.y ?? 0) + (brand?.height ?? 0));
    expect(await page.locator('.account-name').evaluate((name) => name.scrollWidth > name.clientWidth)).toBe(true);
  });

  test('offline, the login screen does not ask for the database: it uses the one this device used last, which can be changed', async () => {
    const page = await newPage({ viewport: 'phone' });
    await openSignedIn(page);
    await logOut(page);
    await loginForm(page).heading.waitFor();
    await page.context().setOffline(true);
    await page.reload();
    await page.locator('form.login-form[aria-busy="false"]').waitFor();
    // The server cannot be asked for its databases: no field for a name a field user does not know.
    expect(await page.getByLabel('Database').count()).toBe(0);
    expect(await page.locator('.remembered-db').textContent()).toBe('Database fieldbook Change');
    await page.getByRole('button', { name: 'Change', exact: true }).click();
    expect(await page.getByLabel('Database').inputValue()).toBe('fieldbook');
    // The login is not remembered after a logout (a shared device), nor is a password.
    expect(await loginForm(page).login.inputValue()).toBe('');
    expect(await checkA11y(page)).toEqual([]);
    await page.context().setOffline(false);
  });

  test("the login screen keeps the developers' sign-ins behind Odoo's ?debug=1", async () => {
    const page = await newPage({ viewport: 'phone' });
    await openApp(page);
    await page.locator('form.login-form[aria-busy="false"]').waitFor();
    expect(await page.getByText('Legacy: implicit grant (for demos)').count()).toBe(0);
    await openApp(page, '/?debug=1');
    await page.locator('form.login-form[aria-busy="false"]').waitFor();
    expect(await page.getByText('Legacy: implicit grant (for demos)').count()).toBe(1);
  });
});

describe('after logging out', () => {
  test("the next person starts from the plain list, not from the last one's search or contact", async () => {
    const page = await newPage();
    await openSignedIn(page, '/?type=company');
    await search(page, 'deco');
    await page.goto(new URL(`/partners/${SEEDED.decoAddict.id}`, page.url()).href);
    await accountMenu(page).waitFor();
    await logOut(page);
    await loginForm(page).heading.waitFor();
    await expect.poll(() => pathOf(page)).toBe('/');
    await expectNoConsoleErrors(page);
  });
});
