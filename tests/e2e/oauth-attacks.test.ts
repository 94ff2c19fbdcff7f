/**
 * The client-side attacks on "Sign in with Odoo", through the real app: each answer arrives at
 * /oauth/callback as an attacker (or the AS's own refusal) would send it, and each is refused
 * with a sentence a user can read, leaving nobody signed in. The same rules, unit by unit:
 * src/auth/oauth/implicit-fragment.test.ts; the server's side: tests/integration/oauth-attacks.test.ts.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { expectNoConsoleErrors, expectNoDialogs, newPage } from './support/browser.ts';
import { accountMenu, appUrl, baseUrl, contactList, loginForm, logOut, openApp } from './support/fieldbook.ts';
import {
  authorizationServerLogin,
  browserStorage,
  onAuthorizationServerLogin,
  oauthSignIn,
  pendingState,
  recordCallbacks,
  startOAuth,
  type OAuthMethod,
} from './support/oauth.ts';

/** Starts a sign-in and stops on the AS login page: the browser now holds a one-time state. */
async function startedSignIn(method: OAuthMethod): Promise<{ page: Page; state: string }> {
  const page = await newPage();
  await openApp(page, '/?type=company');
  await startOAuth(page, method);
  await onAuthorizationServerLogin(page);
  return { page, state: await pendingState(page) };
}

/** The callback screen's refusal, then: nobody is signed in, no token is kept, the way back is the login. */
async function expectRefused(page: Page, sentence: string): Promise<void> {
  const alert = page.getByRole('alert');
  await alert.waitFor();
  expect((await alert.textContent())?.trim()).toBe(sentence);
  expect(await page.getByRole('heading', { level: 1, name: 'Signing you in' }).isVisible()).toBe(true);
  expect(await accountMenu(page).count()).toBe(0);
  // The answer is out of the address bar whatever it carried.
  expect(new URL(page.url()).search + new URL(page.url()).hash).toBe('');
  const storage = await browserStorage(page);
  expect(storage.tokens).toBeUndefined();
  expect(Object.keys(storage.records).filter((key) => key.endsWith('/activeAccount'))).toEqual([]);
  await page.getByRole('link', { name: 'Back to sign in' }).click();
  await loginForm(page).heading.waitFor();
  expect(await accountMenu(page).count()).toBe(0);
  await expectNoConsoleErrors(page);
  await expectNoDialogs(page);
}

describe('the callback refuses what is not the answer to its own sign-in', () => {
  test('a cancelled sign-in comes back as error=access_denied and is said in a sentence', async () => {
    const { page } = await startedSignIn('implicit');
    await authorizationServerLogin(page).cancel.click();
    await expectRefused(page, 'Odoo did not sign you in: The user cancelled the sign-in.');
  });

  test('a fragment carrying error=access_denied for the pending state is shown, not a crash', async () => {
    const { page, state } = await startedSignIn('implicit');
    // As the server answers (RFC 9207: `iss` in every answer, errors too, since discovery says so).
    await page.goto(appUrl(`/oauth/callback#error=access_denied&error_description=${encodeURIComponent('Access was denied.')}&state=${state}&iss=${encodeURIComponent(new URL(baseUrl).origin)}`));
    await expectRefused(page, 'Odoo did not sign you in: Access was denied.');
  });

  test('an answer without iss, from a server that says it always sends it, is refused (RFC 9207 mix-up)', async () => {
    const { page, state } = await startedSignIn('implicit');
    await page.goto(appUrl(`/oauth/callback#access_token=forged-token&token_type=Bearer&expires_in=600&state=${state}`));
    await expectRefused(page, 'The sign-in answer was refused: The sign-in answer does not say which server sent it, although that server always does.');
  });

  test('an injected second access_token is refused as a repeated parameter', async () => {
    const { page, state } = await startedSignIn('implicit');
    await page.goto(appUrl(`/oauth/callback#access_token=issued-by-the-server&token_type=Bearer&expires_in=600&state=${state}&access_token=injected-by-an-attacker`));
    await expectRefused(page, 'The sign-in answer was refused: The sign-in answer repeats "access_token", so it was refused.');
  });

  test('a token for another state is refused', async () => {
    const { page } = await startedSignIn('implicit');
    await page.goto(appUrl('/oauth/callback#access_token=someone-elses-token&token_type=Bearer&expires_in=600&state=the-attackers-state'));
    await expectRefused(page, 'The sign-in answer was refused: This sign-in answer does not belong to a sign-in started here.');
  });

  test('a replayed callback is refused: its state was used once', async () => {
    const page = await newPage();
    const callbacks = recordCallbacks(page);
    await openApp(page, '/?type=company');
    await oauthSignIn(page, 'implicit');
    await contactList(page).waitFor();
    expect(callbacks).toHaveLength(1);
    const answer = callbacks[0] ?? '';
    expect(new URL(answer).hash).toMatch(/^#access_token=/);
    await logOut(page);
    await loginForm(page).heading.waitFor();

    // The very same answer, opened again in the browser that used it.
    await page.goto(answer);
    await expectRefused(page, 'No sign-in was started in this browser, or its answer was already used.');
  });

  test('a code-flow callback with a wrong state is refused', async () => {
    const { page, state } = await startedSignIn('code');
    await page.goto(appUrl(`/oauth/callback?code=a-code-for-someone-else&state=not-${state}&iss=${encodeURIComponent(new URL(baseUrl).origin)}`));
    await expectRefused(page, 'The sign-in could not be completed: unexpected "state" response parameter value');
  });
});
