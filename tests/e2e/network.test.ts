/**
 * Odoo out of reach is a state the app shows, not a crash: the sentence the user reads, a way to
 * try again, and a full recovery once the server answers again.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { checkA11y, expectNoConsoleErrors, expectNoDialogs, newPage } from './support/browser.ts';
import {
  accountMenu,
  appUrl,
  contactHeading,
  loginForm,
  openApp,
  openSignedIn,
  rowLinks,
  SEEDED,
  serverCount,
  signIn,
  expectListShowing,
} from './support/fieldbook.ts';

const UNREACHABLE = 'Odoo cannot be reached. Check your connection, then try again.';
const MODEL_CALLS = '**/web/dataset/call_kw/**';

/** Chromium logs each aborted request as a console error; those are the test's own doing. */
const ABORTED_REQUESTS = [/Failed to load resource: net::ERR_FAILED/];
const OFFLINE_REQUESTS = [/Failed to load resource: net::ERR_INTERNET_DISCONNECTED/];

async function cutModelCalls(page: Page): Promise<void> {
  await page.route(MODEL_CALLS, (route) => route.abort('failed'));
}

describe('when Odoo cannot be reached', () => {
  // With nothing on the device yet (its mirror syncs after sign-in; offline.test.ts covers what it answers).
  test('the list says so with "Try again", which recovers the list and its count once Odoo is back', async () => {
    const page = await newPage();
    const { belgium } = SEEDED.countries;
    await openApp(page, `/?country=${belgium.id}`);
    await cutModelCalls(page);
    await signIn(page);
    const alert = page.getByRole('alert');
    // Network failures are retried twice before the error shows.
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.locator('p').textContent()).toBe(UNREACHABLE);
    const tryAgain = alert.getByRole('button', { name: 'Try again' });
    expect(await tryAgain.isVisible()).toBe(true);
    expect(await rowLinks(page).count()).toBe(0);
    // The app is still there: header, filters, the user's choice in the URL.
    expect(await accountMenu(page).isVisible()).toBe(true);
    expect(new URL(page.url()).searchParams.get('country')).toBe(String(belgium.id));
    expect(await checkA11y(page)).toEqual([]);

    await page.unroute(MODEL_CALLS);
    await tryAgain.click();
    await expectListShowing(page, await serverCount([['country_id', '=', belgium.id]]));
    expect(await alert.count()).toBe(0);
    // Companies show their country on the row (people, their town).
    for (const row of await rowLinks(page).filter({ has: page.locator('.initials.company') }).allTextContents()) expect(row).toContain(belgium.name);
    await expectNoConsoleErrors(page, { allow: ABORTED_REQUESTS });
    await expectNoDialogs(page);
  });

  test('the detail says so with "Try again", which shows the contact once Odoo is back', async () => {
    const page = await newPage();
    await openApp(page, `/partners/${SEEDED.decoAddict.id}`);
    await cutModelCalls(page);
    await signIn(page);
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.locator('p').textContent()).toBe(UNREACHABLE);

    await page.unroute(MODEL_CALLS);
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => contactHeading(page).textContent()).toBe(SEEDED.decoAddict.name);
    await expectNoConsoleErrors(page, { allow: ABORTED_REQUESTS });
  });

  test('signing in while the server is unreachable says so, and signing in works once it is back', async () => {
    const page = await newPage();
    await openApp(page);
    const form = loginForm(page);
    await form.heading.waitFor();
    await page.route('**/web/session/authenticate', (route) => route.abort('failed'));
    await form.login.fill('admin');
    await form.password.fill('admin');
    await form.submit.click();
    await form.alert.waitFor();
    expect(await form.alert.textContent()).toBe(UNREACHABLE);

    await page.unroute('**/web/session/authenticate');
    await form.password.fill('admin');
    await form.submit.click();
    await expectListShowing(page, await serverCount([]));
    expect(page.url()).toBe(appUrl('/'));
    await expectNoConsoleErrors(page, { allow: ABORTED_REQUESTS });
  });

  test("opening a contact while the server is out of reach (its code not loaded yet) shows an error, not a blank page", async () => {
    // Once installed, the service worker holds every screen's code (pwa.test.ts); this is a visit
    // before it is, where a screen's code can still fail to arrive.
    const page = await newPage({ serviceWorkers: 'block' });
    await openSignedIn(page);
    await expectListShowing(page, await serverCount([]));
    const href = await rowLinks(page).first().getAttribute('href');
    // That very row: the first sync, completing, may re-read the list from the device in another order.
    const row = page.locator(`a.partner-row[href="${href}"]`);

    await page.context().setOffline(true);
    await row.click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.locator('p').textContent()).toBe('This screen could not be loaded. Check your connection, then try again.');
    expect(new URL(page.url()).pathname).toBe(href);
    // The app is still there around the error: the header and the way back.
    expect(await accountMenu(page).isVisible()).toBe(true);
    expect(await checkA11y(page)).toEqual([]);

    await page.context().setOffline(false);
    await alert.getByRole('button', { name: 'Try again' }).click();
    await contactHeading(page).waitFor();
    expect(await alert.count()).toBe(0);
    await expectNoConsoleErrors(page, { allow: OFFLINE_REQUESTS });
  });
});
