/**
 * Local-first partner reads (issue 12) on a field user's network: Odoo slow rather than gone (a
 * proxy the test controls holds every API call, static files untouched), and Odoo gone. With a
 * whole mirror, the list, a search and a contact come from the device while no API call has been
 * answered; the status line says "slow" or "unreachable" truthfully; when Odoo is back, the device
 * syncs by itself.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { expectNoConsoleErrors, newPage } from './support/browser.ts';
import { contactHeading, expectListShowing, loginForm, rowLinks, search, searchDomain } from './support/fieldbook.ts';
import { deviceStatus, expectMirrored, openControlled, ownServer, probeNetwork, signInAndSync, type OwnServer } from './support/offline.ts';
import { slowProxy, type SlowProxy } from './support/slow-proxy.ts';

/** Chromium's console lines for requests that met no server (Odoo down behind the proxy). */
const REFUSED = /^console\.error \([^)]*\): Failed to load resource: net::ERR_(CONNECTION_REFUSED|FAILED|EMPTY_RESPONSE|CONNECTION_RESET)$/;

async function syncedBehindProxy(): Promise<{ server: OwnServer; proxy: SlowProxy; page: Page; total: number }> {
  const server = await ownServer();
  const proxy = await slowProxy(server.url);
  const page = await newPage();
  await openControlled(page, proxy.url);
  const total = await signInAndSync(page, server);
  return { server, proxy, page, total };
}

const WORDS = 'deco add';
type Match = { id: number; name: string };

/** What the server finds for WORDS: the truth the device's search must show. */
async function matchesOf(server: OwnServer): Promise<Match[]> {
  const matching = await server.call<Match[]>('res.partner', 'search_read', [], { domain: searchDomain(WORDS), fields: ['name'] });
  expect(matching.length).toBeGreaterThan(0);
  return matching;
}

/** Reloads, then lists, searches and opens a contact: what a user does first. */
async function browse(page: Page, matching: readonly Match[], total: number): Promise<void> {
  const words = WORDS;
  await page.reload();
  await expectListShowing(page, total);
  await search(page, words);
  await expectListShowing(page, matching.length);
  const first = await rowLinks(page).first().getAttribute('href');
  expect(matching.map((p) => `/partners/${p.id}`)).toContain(first);
  await rowLinks(page).first().click();
  await expect.poll(async () => (await contactHeading(page).textContent()) ?? '').toBe(matching.find((p) => first === `/partners/${p.id}`)?.name);
}

describe('with the whole book on the device', () => {
  test('Odoo slow: list, search and contact answer before any API call does; the status says slow, not offline', async () => {
    const { server, proxy, page, total } = await syncedBehindProxy();
    const matching = await matchesOf(server);
    proxy.hold();
    const answered = proxy.answered();
    const calls = proxy.apiCalls.length;

    await browse(page, matching, total);
    // Nothing Odoo said since the reload is on screen: the device answered everything.
    expect(proxy.answered()).toBe(answered);
    // The app did call Odoo (the session check, the sync): the calls are waiting, not missing.
    expect(proxy.apiCalls.length).toBeGreaterThan(calls);
    await expect.poll(async () => (await deviceStatus(page).textContent()) ?? '', { timeout: 30_000 }).toMatch(/^Odoo is slow to answer — contacts from just now/);

    // Odoo answers at last: the held sync completes and the line says so.
    proxy.release();
    await expectMirrored(page, total);
    await expectNoConsoleErrors(page);
  });

  test('Odoo down: the same from the device, "unreachable since"; back, it syncs by itself, without "Sync now"', async () => {
    const { server, proxy, page, total } = await syncedBehindProxy();
    const matching = await matchesOf(server);
    // Written on the server before it goes away (no sync runs in between: the next is minutes away).
    await server.call('res.partner', 'create', [{ name: 'Came Back While Away' }]);
    await server.down();
    // The proxy passes static files through: with Odoo down, a file the worker has not precached fails.
    expect(await probeNetwork(page)).toBe('TypeError');
    await browse(page, matching, total);
    await expect.poll(async () => (await deviceStatus(page).textContent()) ?? '', { timeout: 30_000 }).toMatch(/^Odoo unreachable since \d{1,2}:\d{2}.* — contacts from just now/);

    const callsAtReturn = proxy.apiCalls.length;
    await server.up();
    const back = Date.now();
    // No click, no reload: the device's own retry finds Odoo again and brings the new partner.
    await expectMirrored(page, total + 1);
    expect(proxy.apiCalls.slice(callsAtReturn).some((path) => path.includes('/res.partner/search_read'))).toBe(true);
    console.log(`synced again ${((Date.now() - back) / 1000).toFixed(1)} s after Odoo came back`);
    await expectNoConsoleErrors(page, { allow: [REFUSED] });
  });
});

describe('the first visit', () => {
  test('asks for the session, the database list and the sign-in offer together, not one after the other', async () => {
    const server = await ownServer();
    const proxy = await slowProxy(server.url);
    const page = await newPage();
    proxy.hold();
    await page.goto(proxy.url);
    // Both are out while the session check is still unanswered.
    await expect.poll(() => [...proxy.apiCalls].sort()).toEqual(['/web/database/list', '/web/session/get_session_info']);
    expect(proxy.answered()).toBe(0);
    proxy.release();
    await loginForm(page).heading.waitFor();
    // The form is whole (the database list and the sign-in offer are known): no call is still to come.
    await page.locator('form.login-form[aria-busy="false"]').waitFor();
    expect([...proxy.apiCalls].sort()).toEqual(['/web/database/list', '/web/session/get_session_info']);
    await expectNoConsoleErrors(page);
  });
});
