/**
 * The session's end, both ways: Odoo ends it under the user (the login comes in place and gives the
 * same view back), or the user logs out (nothing of theirs stays on the device, and the cookie is dead).
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { expectNoConsoleErrors, expectNoDialogs, newPage } from './support/browser.ts';
import {
  accountMenu,
  closeFilters,
  destroySessionOnServer,
  deviceSynced,
  expectListShowing,
  filtersInForce,
  loginForm,
  logOut,
  openFilters,
  openSignedIn,
  pathOf,
  pickFilter,
  ROW_HEIGHT,
  rowLinks,
  SEEDED,
  serverCount,
  sessionCookieOf,
  sessionIsAlive,
  signIn,
} from './support/fieldbook.ts';

const EXPIRED_NOTICE = 'Your session has ended. Sign in again to continue where you were.';

interface StoredState {
  readonly databases: string[];
  readonly activeAccount: unknown;
}

/** What IndexedDB holds for Fieldbook: the databases by name, and the `meta` store's `activeAccount`. */
function storedState(page: Page): Promise<StoredState> {
  return page.evaluate(async () => {
    const databases = (await indexedDB.databases()).map((db) => db.name ?? '').filter((name) => name.startsWith('fieldbook'));
    const activeAccount = !databases.includes('fieldbook')
      ? undefined
      : await new Promise<unknown>((resolve, reject) => {
          const open = indexedDB.open('fieldbook');
          open.onerror = () => reject(open.error ?? new Error('open failed'));
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('meta')) {
              db.close();
              resolve(undefined);
              return;
            }
            const get = db.transaction('meta').objectStore('meta').get('activeAccount');
            get.onerror = () => reject(get.error ?? new Error('get failed'));
            get.onsuccess = () => {
              db.close();
              resolve(get.result as unknown);
            };
          };
        });
    return { databases: databases.sort(), activeAccount };
  });
}

describe('when the session ends', () => {
  test('a session destroyed on the server mid-use brings the login in place, then the same filtered view back', async () => {
    const page = await newPage();
    const { belgium } = SEEDED.countries;
    const { vip } = SEEDED.tags;
    await openSignedIn(page, `/?type=company&country=${belgium.id}`);
    await expectListShowing(page, await serverCount([['is_company', '=', true], ['country_id', '=', belgium.id]]));
    await deviceSynced(page);

    const cookie = await sessionCookieOf(page);
    await destroySessionOnServer(cookie);
    expect(await sessionIsAlive(cookie)).toBe(false);

    // The device answers the next filter; the next time the app talks to Odoo (a sync) it meets the dead session.
    await pickFilter(page, 'Tags', vip.name);
    await expectListShowing(page, await serverCount([['is_company', '=', true], ['country_id', '=', belgium.id], ['category_id', 'in', [vip.id]]]));
    await page.getByRole('button', { name: 'Sync now' }).click();
    const form = loginForm(page);
    await form.heading.waitFor();
    const expectedPath = `/?type=company&country=${belgium.id}&tag=${vip.id}`;
    expect(pathOf(page)).toBe(expectedPath);
    expect(await page.getByText(EXPIRED_NOTICE, { exact: true }).isVisible()).toBe(true);
    // The login is kept for the user; the password is theirs to type again.
    expect(await form.login.inputValue()).toBe('admin');
    expect(await accountMenu(page).count()).toBe(0);

    await form.password.fill('admin');
    await form.submit.click();
    await expectListShowing(page, await serverCount([['is_company', '=', true], ['country_id', '=', belgium.id], ['category_id', 'in', [vip.id]]]));
    expect(pathOf(page)).toBe(expectedPath);
    expect(await filtersInForce(page)).toEqual({ type: 'Companies', countries: [belgium.name], tags: [vip.name] });
    for (const row of await rowLinks(page).allTextContents()) expect(row).toContain(belgium.name);
    expect(await sessionIsAlive(await sessionCookieOf(page))).toBe(true);
    await expectNoConsoleErrors(page);
    await expectNoDialogs(page);
  });

  test('a session destroyed while browsing: the device keeps answering, and the first call to Odoo brings the login in place, at the same address', async () => {
    const page = await newPage();
    await openSignedIn(page, '/?type=person');
    await expectListShowing(page, await serverCount([['is_company', '=', false]]));
    await deviceSynced(page);
    await destroySessionOnServer(await sessionCookieOf(page));

    // Scrolling past the loaded rows (80 a page) loads the next page from the device: no dead end.
    await page.evaluate((y) => window.scrollTo(0, y), 80 * ROW_HEIGHT - 1500);
    await expect.poll(() => page.evaluate((height) => (document.querySelector('ul.partner-list')?.getBoundingClientRect().height ?? 0) > height, 80 * ROW_HEIGHT)).toBe(true);
    // Opening a contact asks Odoo for its picture (not on the device): that call meets the dead session.
    const href = (await rowLinks(page).first().getAttribute('href')) ?? '';
    // That very row (the list re-read from the device after the sync may have moved the rows).
    await page.locator(`a.partner-row[href="${href}"]`).click();
    const form = loginForm(page);
    await form.heading.waitFor();
    expect(pathOf(page)).toBe(href);
    expect(await page.getByText(EXPIRED_NOTICE, { exact: true }).isVisible()).toBe(true);

    await form.password.fill('admin');
    await form.submit.click();
    await page.getByRole('link', { name: '← Back to contacts' }).waitFor();
    expect(pathOf(page)).toBe(href);
    await expectNoConsoleErrors(page);
  });

  test('logging out ends the Odoo session and leaves no IndexedDB data of the user', async () => {
    const page = await newPage();
    await openSignedIn(page);
    await expectListShowing(page, await serverCount([]));
    const cookie = await sessionCookieOf(page);

    const before = await storedState(page);
    const account = before.activeAccount as { key?: unknown } | undefined;
    expect(typeof account?.key).toBe('string');
    const key = String(account?.key);
    // The per-account database (the offline mirror's) is what a logout must delete with the entry.
    await deviceSynced(page);
    expect((await storedState(page)).databases).toContain(`fieldbook-account-${key}`);

    await logOut(page);
    const form = loginForm(page);
    await form.heading.waitFor();
    expect(await page.getByText('You are signed out.', { exact: true }).isVisible()).toBe(true);

    await expect.poll(async () => (await storedState(page)).databases.filter((name) => name.startsWith('fieldbook-account-'))).toEqual([]);
    const after = await storedState(page);
    expect(after.activeAccount).toBeUndefined();
    expect(await sessionIsAlive(cookie)).toBe(false);

    // A reload does not sign the user back in either.
    await page.reload();
    await form.heading.waitFor();
    expect(await form.login.inputValue()).toBe('');
    await expectNoConsoleErrors(page);
  });

  test('the next user on the device, after a logout, sees only what their own account may see', async () => {
    const page = await newPage();
    await openSignedIn(page, '/', 'admin');
    await expectListShowing(page, await serverCount([]));
    await logOut(page);
    await loginForm(page).heading.waitFor();

    await signIn(page, 'portal');
    const portalCount = await serverCount([], 'portal');
    await expectListShowing(page, portalCount);
    expect(await rowLinks(page).count()).toBe(portalCount);
    for (const row of await rowLinks(page).allTextContents()) expect(row).toContain(SEEDED.decoAddict.name);
    expect(await (await openFilters(page)).getByRole('group', { name: 'Tags' }).count()).toBe(0);
    await closeFilters(page);
    const stored = await storedState(page);
    expect((stored.activeAccount as { session?: { username?: unknown } } | undefined)?.session?.username).toBe('portal');
    await expectNoConsoleErrors(page);
  });
});
