/**
 * Recents and favourites (issue 15 §3): the contacts opened last and the starred ones are one tap
 * from the list ("Recent", "Starred"), kept on the device per account, there with Odoo gone, and
 * wiped at logout with the rest.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { checkA11y, expectNoConsoleErrors } from './support/browser.ts';
import { contactHeading, logOut, rowLinks, signIn } from './support/fieldbook.ts';
import { appOnOwnServer, signInAndSync } from './support/offline.ts';

/** Chromium's console lines for requests that met no server while it is down. */
const REFUSED = /^console\.error \([^)]*\): Failed to load resource: net::ERR_(CONNECTION_REFUSED|FAILED)$/;

const views = (page: Page) => page.getByRole('navigation', { name: 'Lists' });
const shortlist = (page: Page, name: 'Recent contacts' | 'Starred contacts') => page.getByRole('list', { name, exact: true });
const names = (page: Page, name: 'Recent contacts' | 'Starred contacts') => shortlist(page, name).locator('.partner-name').allTextContents();
const starButton = (page: Page) => page.getByRole('button', { name: 'Star', exact: true });

/** Opens the list's row `index` and waits for the contact; returns its name. */
async function openRow(page: Page, index: number): Promise<string> {
  await rowLinks(page).nth(index).click();
  const heading = contactHeading(page);
  await heading.waitFor();
  // Recorded once the contact is shown: the star button is ready then too.
  await expect.poll(() => starButton(page).isEnabled()).toBe(true);
  return (await heading.textContent()) ?? '';
}

async function showView(page: Page, label: 'All' | 'Recent' | 'Starred'): Promise<void> {
  await views(page).getByRole('link', { name: label, exact: true }).click();
  await expect.poll(() => views(page).getByRole('link', { name: label, exact: true }).getAttribute('aria-current')).toBe('page');
}

describe('recent and starred contacts', () => {
  test('opened and starred contacts are one tap from the list, offline too, and gone after logout', async () => {
    const { server, page } = await appOnOwnServer();
    await signInAndSync(page, server);

    const first = await openRow(page, 0);
    await page.goBack();
    const third = await openRow(page, 2);
    expect(await starButton(page).getAttribute('aria-pressed')).toBe('false');
    await starButton(page).click();
    await expect.poll(() => starButton(page).getAttribute('aria-pressed')).toBe('true');
    await page.goBack();

    await showView(page, 'Recent');
    expect(new URL(page.url()).search).toBe('?view=recent');
    await expect.poll(() => names(page, 'Recent contacts')).toEqual([third, first]);
    await showView(page, 'Starred');
    await expect.poll(() => names(page, 'Starred contacts')).toEqual([third]);
    expect(await checkA11y(page)).toEqual([]);

    // Odoo gone: both lists come from the device.
    await server.down();
    await page.reload();
    await expect.poll(() => names(page, 'Starred contacts')).toEqual([third]);
    await showView(page, 'Recent');
    await expect.poll(() => names(page, 'Recent contacts')).toEqual([third, first]);
    // A tap opens the contact; un-starring it takes it off the starred list.
    await shortlist(page, 'Recent contacts').getByRole('link').first().click();
    await expect.poll(async () => (await contactHeading(page).textContent()) ?? '').toBe(third);
    await starButton(page).click();
    await expect.poll(() => starButton(page).getAttribute('aria-pressed')).toBe('false');
    await page.goBack();
    await showView(page, 'Starred');
    await expect.poll(() => names(page, 'Starred contacts')).toEqual([]);
    await expect.poll(() => page.getByText('Star a contact to keep it here.').isVisible()).toBe(true);
    await showView(page, 'All');
    await rowLinks(page).first().waitFor();
    await expectNoConsoleErrors(page, { allow: [REFUSED] });

    // Logout wipes them with the rest: the same user signing in again starts with empty lists.
    await server.up();
    await openRow(page, 1);
    await starButton(page).click();
    await expect.poll(() => starButton(page).getAttribute('aria-pressed')).toBe('true');
    await logOut(page);
    await signIn(page);
    await showView(page, 'Recent');
    await expect.poll(() => names(page, 'Recent contacts')).toEqual([]);
    await showView(page, 'Starred');
    await expect.poll(() => names(page, 'Starred contacts')).toEqual([]);
  });
});
