/**
 * Offline-first (issue 6) in a real Chromium with the real service worker, against a demo server of
 * the test's own that the test takes down ("the network is gone": refused connections, for the page
 * and the worker alike — shown each time by a request that would have succeeded) and brings back.
 */
import { describe, expect, test } from 'vitest';
import { expectNoConsoleErrors, screenshot } from './support/browser.ts';
import { accountMenu, contactHeading, loginForm, logOut, rowLinks, search, searchDomain, signIn, expectListShowing } from './support/fieldbook.ts';
import { browserStorage, oauthSignIn } from './support/oauth.ts';
import { appOnOwnServer, deviceStatus, deviceStorage, expectMirrored, probeNetwork, recordStatus, signInAndSync } from './support/offline.ts';

/**
 * Chromium's own console line for each request that met no server: refused (the page's own), or
 * failed by the service worker after the network refused it. Expected while the server is down.
 */
const REFUSED = /^console\.error \([^)]*\): Failed to load resource: net::ERR_(CONNECTION_REFUSED|FAILED)$/;

describe('offline-first', () => {
  test('logs in once online, then browses, searches and opens contacts with the server gone, and syncs only the changes when it is back', async () => {
    const { server, page } = await appOnOwnServer();
    const total = await signInAndSync(page, server);
    const words = 'deco';
    const matching = await server.call<{ id: number; name: string }[]>('res.partner', 'search_read', [], { domain: searchDomain(words), fields: ['name'] });
    expect(matching.length).toBeGreaterThan(0);

    await server.down();
    expect(await probeNetwork(page)).toBe('TypeError');
    await page.reload();
    await expectListShowing(page, total);
    await expect.poll(async () => (await deviceStatus(page).textContent()) ?? '').toMatch(/^Odoo unreachable since .* — contacts from just now/);
    await page.mouse.move(0, 0);
    await screenshot(page, 'phone-offline', { fullPage: false });

    await search(page, words);
    await expectListShowing(page, matching.length);
    const shown = await rowLinks(page).evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    for (const href of shown) expect(matching.map((p) => `/partners/${p.id}`)).toContain(href);

    const first = matching.find((p) => shown[0] === `/partners/${p.id}`);
    await rowLinks(page).first().click();
    await expect.poll(async () => (await contactHeading(page).textContent()) ?? '').toBe(first?.name);
    expect(await probeNetwork(page)).toBe('TypeError');

    // Back online, the server changes: one created, one renamed, one archived, one deleted.
    await server.up();
    const [renamed, archived, deleted] = (await server.call<number[]>('res.partner', 'search', [[['is_company', '=', false]]], { limit: 3, order: 'id desc' })) as [number, number, number];
    const created = await server.call<number>('res.partner', 'create', [{ name: 'Zygmunt Offline-Created', city: 'Sète' }]);
    await server.call('res.partner', 'write', [[renamed], { name: 'Renamed While Away' }]);
    await server.call('res.partner', 'write', [[archived], { active: false }]);
    await server.call('res.partner', 'unlink', [[deleted]]);
    const newTotal = await server.call<number>('res.partner', 'search_count', [[]]);
    expect(newTotal).toBe(total - 1);

    await page.getByRole('button', { name: 'Sync now' }).click();
    await expectMirrored(page, newTotal);
    const mirrored = Object.values((await deviceStorage(page)).partners)[0] ?? [];
    expect(mirrored).toHaveLength(newTotal);
    expect(mirrored).toContain(created);
    expect(mirrored).toContain(renamed);
    expect(mirrored).not.toContain(archived);
    expect(mirrored).not.toContain(deleted);

    // Gone again: the device answers with exactly the server's changes.
    await server.down();
    await page.goto(`${server.url}/?q=${encodeURIComponent('zygmunt sete')}`);
    await expectListShowing(page, 1);
    await search(page, 'renamed while');
    await expectListShowing(page, 1);
    await page.goto(`${server.url}/`);
    await expectListShowing(page, newTotal);
    await expectNoConsoleErrors(page, { allow: [REFUSED] });
  });

  test('when Odoo answers again, the device syncs by itself, without "Sync now"', async () => {
    const { server, page } = await appOnOwnServer();
    const total = await signInAndSync(page, server);
    // Written on the server before it goes away (no sync runs in between: the next is minutes away).
    await server.call('res.partner', 'create', [{ name: 'Came Back Online' }]);
    await server.down();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(async () => (await deviceStatus(page).textContent()) ?? '').toMatch(/^Odoo unreachable since/);
    // Searching offline asks the device, not Odoo.
    await search(page, 'azure');
    await rowLinks(page).first().waitFor();

    await server.up();
    // No click and no call of the user's: the sync's own retry (backoff) finds Odoo again.
    await expectMirrored(page, total + 1);
    await expectNoConsoleErrors(page, { allow: [REFUSED] });
  });

  test('logs out: nothing of the user is left in IndexedDB or Cache Storage, and the next user never sees their partners', async () => {
    const { server, page } = await appOnOwnServer();
    const total = await signInAndSync(page, server);
    await search(page, 'azure');
    // A read-only call that is not about partners (those are the mirror's): the worker keeps its answer.
    const [account] = Object.keys((await deviceStorage(page)).partners);
    const accountKey = (account ?? '').replace(/^fieldbook-account-/, '');
    expect(
      await page.evaluate(async (key) => {
        const body = JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: { model: 'res.country', method: 'search_read', args: [], kwargs: { domain: [], fields: ['name'], limit: 5 } } });
        const response = await fetch('/web/dataset/call_kw/res.country/search_read', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Fieldbook-Account': key }, body });
        return response.status;
      }, accountKey),
    ).toBe(200);
    await expect.poll(async () => (await deviceStorage(page)).responses[account ?? '']).toBeGreaterThan(0);
    const before = await deviceStorage(page);
    expect(before.partners[account ?? '']).toHaveLength(total);

    await logOut(page);
    await loginForm(page).heading.waitFor();
    const after = await deviceStorage(page);
    expect(after.databases).toEqual(['fieldbook']);
    expect(after.caches.every((name) => name.startsWith('workbox-precache'))).toBe(true);

    // The portal user sees only their own company's contacts, online and offline.
    await signIn(page, 'portal');
    const portalTotal = await server.call<number>('res.partner', 'search_count', [[]], {}, 'portal');
    expect(portalTotal).toBeLessThan(total);
    await expectMirrored(page, portalTotal);
    await server.down();
    await page.goto(`${server.url}/`);
    await expectListShowing(page, portalTotal);
    await search(page, 'azure');
    await expectListShowing(page, 0);
    const storage = await deviceStorage(page);
    expect(Object.keys(storage.partners)).toHaveLength(1);
    expect(Object.values(storage.partners)[0]).toHaveLength(portalTotal);
    await expectNoConsoleErrors(page, { allow: [REFUSED] });
  });

  test('logging out in one tab logs out every tab', async () => {
    const { server, page } = await appOnOwnServer();
    await signIn(page);
    const other = await page.context().newPage();
    await other.goto(server.url);
    await accountMenu(other).waitFor();
    await expectMirrored(other, await server.call<number>('res.partner', 'search_count', [[]]));
    await logOut(page);
    await loginForm(other).heading.waitFor();
    expect(await other.getByRole('list', { name: 'Contacts' }).count()).toBe(0);
    // Both tabs have let go of the account (no device state, the login shown) and its database is gone.
    await loginForm(page).heading.waitFor();
    await expect.poll(async () => (await deviceStorage(other)).databases).toEqual(['fieldbook']);
    expect((await deviceStorage(page)).databases).toEqual(['fieldbook']);
    await expectNoConsoleErrors(page);
  });

  test('logging out of "Sign in with Odoo" with no network still leaves nothing of the user on the device', async () => {
    const { server, page } = await appOnOwnServer();
    await oauthSignIn(page, 'code');
    await expectMirrored(page, await server.call<number>('res.partner', 'search_count', [[]], {}, 'demo'));
    await server.down();
    await page.reload();
    await rowLinks(page).first().waitFor();
    expect(await probeNetwork(page)).toBe('TypeError');

    await logOut(page);
    await loginForm(page).heading.waitFor();
    const after = await browserStorage(page);
    expect(after.tokens).toBeUndefined();
    // Only the mark that the next sign-in here must ask for a password (a boolean, nobody's data).
    expect(after.records).toEqual({ 'fieldbook/meta/freshLogin': 'true' });
    expect((await deviceStorage(page)).databases).toEqual(['fieldbook']);
    await expectNoConsoleErrors(page, { allow: [REFUSED] });
  });

  test('a sync that breaks — dropped connection, a 500 HTML page from a proxy — resumes where it stopped, with no row lost or twice', async () => {
    const { server, page } = await appOnOwnServer();
    const total = await server.call<number>('res.partner', 'search_count', [[]]);

    // Each run of the full sync (the first, and each retry) begins by asking the ids still to fetch:
    // `search` with `id >` the last stored page's end. Its pages are `search_read` calls with an `id >`
    // cursor, a few asked for at once; the worker's fetches are routed too.
    const resumedAfter: number[] = [];
    await page.context().route('**/web/dataset/call_kw/res.partner/search', async (route) => {
      const cursor = fullSyncCursor(route.request().postData());
      if (cursor !== undefined) resumedAfter.push(cursor);
      return route.continue();
    });
    const pageCursors: number[] = [];
    let brokenInRun = 0;
    await page.context().route('**/web/dataset/call_kw/res.partner/search_read', async (route) => {
      const cursor = fullSyncCursor(route.request().postData());
      if (cursor === undefined) return route.continue();
      pageCursors.push(cursor);
      const run = resumedAfter.length;
      // The first run: its third page dropped. The second: its first page answered by a proxy's error page.
      if (brokenInRun < run && ((run === 1 && new Set(pageCursors).size === 3) || run === 2)) {
        brokenInRun = run;
        if (run === 1) return route.abort('connectionreset');
        return route.fulfill({ status: 500, contentType: 'text/html', body: '<html><body><h1>500 Internal Server Error</h1>nginx</body></html>' });
      }
      return route.continue();
    });
    const statusSeen = await recordStatus(page);
    await signIn(page);
    // Each time the device said so, kept what it had, and tried again by itself (no "Sync now").
    await expectMirrored(page, total);
    const seen = await statusSeen();
    // Said as soon as the dropped page failed: pages asked for with it may not be stored yet.
    const dropped = seen.findIndex((text) => /^Odoo unreachable since /.test(text));
    const proxyPage = seen.findIndex((text) => /did not answer like Odoo/.test(text));
    expect(dropped, seen.join('\n')).toBeGreaterThanOrEqual(0);
    expect(proxyPage, seen.join('\n')).toBeGreaterThan(dropped);

    // Each retry went on from the last stored page (the dropped one's start), never from the start.
    const [, , droppedPage] = [...new Set(pageCursors)];
    expect(droppedPage).toBeGreaterThan(0);
    expect(resumedAfter).toEqual([0, droppedPage, droppedPage]);
    expect(pageCursors.filter((cursor) => cursor === 0)).toHaveLength(1);
    const ids = Object.values((await deviceStorage(page)).partners)[0] ?? [];
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(ids).toEqual(await server.call<number[]>('res.partner', 'search', [[]], { order: 'id asc' }));
    await expectNoConsoleErrors(page, { allow: [/Failed to load resource: (net::ERR_CONNECTION_RESET|net::ERR_FAILED|the server responded with a status of 500)/] });
  });

  test('a session that ends during a sync sends the user to sign in, and the device forgets what it had', async () => {
    const { server, page } = await appOnOwnServer();
    let pages = 0;
    await page.context().route('**/web/dataset/call_kw/res.partner/search_read', async (route) => {
      if (fullSyncCursor(route.request().postData()) !== undefined && ++pages === 2) {
        const cookie = (await page.context().cookies(server.url)).find((c) => c.name === 'session_id');
        await fetch(new URL('/web/session/destroy', server.url), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Cookie: `session_id=${cookie?.value ?? ''}` },
          body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: {}, id: 1 }),
        });
      }
      return route.continue();
    });
    await signIn(page);
    await loginForm(page).heading.waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await deviceStorage(page)).databases).toEqual(['fieldbook']);
    await expectNoConsoleErrors(page);
  });

  test('an upgrade blocked by an old tab says so, and carries on once that tab lets go', async () => {
    const { server, page } = await appOnOwnServer();
    const total = await server.call<number>('res.partner', 'search_count', [[]]);
    // An old version of the app in another tab holds admin's database at version 1 and ignores requests to close it.
    const old = await page.context().newPage();
    await old.goto(`${server.url}/icon-192.png`);
    await old.evaluate(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open(name, 1);
          request.onupgradeneeded = () => {
            request.result.createObjectStore('partners', { keyPath: 'id' });
            request.result.createObjectStore('sync');
            request.result.createObjectStore('responses');
          };
          request.onsuccess = () => {
            (window as Window & { held?: IDBDatabase }).held = request.result;
            resolve();
          };
          request.onerror = () => reject(request.error ?? new Error('open failed'));
        }),
      `fieldbook-account-${accountKey(new URL(server.url).origin, 'fieldbook', 2)}`,
    );
    await signIn(page);
    await expect.poll(async () => (await deviceStatus(page).textContent()) ?? '', { timeout: 30_000 }).toMatch(/^Close Fieldbook in your other tabs/);
    await old.evaluate(() => (window as Window & { held?: IDBDatabase }).held?.close());
    await expectMirrored(page, total);
    // The helper tab is an image document: Chromium's own viewer styles (refused by the CSP) and its favicon are its lines, not the app's.
    await expectNoConsoleErrors(page, { allow: [/\/icon-192\.png/] });
  });

  test('a full device says so, and the app keeps working with what it has', async () => {
    const { server, page } = await appOnOwnServer();
    const cdp = await page.context().newCDPSession(page);
    // A quota of what the app shell already uses and a little more: the mirror cannot hold the whole book.
    const used = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(server.url).origin, quotaSize: used + 1_500_000 });
    await signIn(page);
    await expect.poll(async () => (await deviceStatus(page).textContent()) ?? '', { timeout: 30_000 }).toMatch(/out of storage space/);
    // Online, the list still shows the server's contacts.
    await expectListShowing(page, await server.call<number>('res.partner', 'search_count', [[]]));
    const kept = Object.values((await deviceStorage(page)).partners)[0] ?? [];
    expect(kept.length).toBeGreaterThan(0);
    await expectNoConsoleErrors(page);
  });
});

/** The app's account key (src/auth/auth-store.ts accountKeyOf): the origin hashed, the database, the uid. */
function accountKey(origin: string, db: string, uid: number): string {
  let hash = 0;
  for (const char of origin) hash = (Math.imul(31, hash) + char.charCodeAt(0)) | 0;
  return `${(hash >>> 0).toString(36)}-${db}-${uid}`;
}

/** The `id >` cursor of a full-sync page request (domain `[['id', '>', n]]`), or undefined for any other search_read. */
function fullSyncCursor(body: string | null): number | undefined {
  try {
    // search_read takes it as a keyword, search as its first argument.
    const params = (JSON.parse(body ?? '') as { params?: { args?: unknown[]; kwargs?: { domain?: unknown[] } } }).params;
    const domain = params?.kwargs?.domain ?? (Array.isArray(params?.args?.[0]) ? (params?.args?.[0] as unknown[]) : undefined);
    // `[('id', '>', n)]`, or a page's range `[('id', '>', n), ('id', '<=', m)]`.
    const leaf = domain?.length === 1 || domain?.length === 2 ? domain[0] : undefined;
    return Array.isArray(leaf) && leaf[0] === 'id' && leaf[1] === '>' && typeof leaf[2] === 'number' ? leaf[2] : undefined;
  } catch {
    return undefined;
  }
}
