/**
 * The start's picture (issue 12 §6, app/first-paint.ts): a signed-in start at `/` paints the list
 * as this device last showed it, from IndexedDB, before React has started; React's live list then
 * takes its place. The picture lives in a closed shadow root — out of reach of tests' locators and
 * of assistive technology — so these tests see it the way the bench's probe does: by wrapping
 * `attachShadow` in an init script.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { expectNoConsoleErrors, newPage, problemsOf } from './support/browser.ts';
import { logOut, loginForm, openApp, rowLinks, signIn } from './support/fieldbook.ts';
import { deviceStatus } from './support/offline.ts';

interface Picture {
  readonly attachedBeforeLiveRows: boolean;
  readonly connected: boolean;
  readonly inert: boolean;
  readonly ariaHidden: string | null;
  readonly firstName: string | undefined;
  readonly rows: number;
  readonly statusHidden: boolean;
  readonly scripts: number;
  readonly hrefs: (string | null)[];
  readonly handlers: number;
}

type Watched = Window & { fbPictures?: { root: ShadowRoot; attachedBeforeLiveRows: boolean }[]; fbPwned?: unknown };

/** Records every shadow root the page attaches, and whether React's rows were there yet. */
async function watchPictures(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const pictures: { root: ShadowRoot; attachedBeforeLiveRows: boolean }[] = [];
    (window as Watched).fbPictures = pictures;
    const original = Element.prototype.attachShadow;
    Element.prototype.attachShadow = {
      attachShadow(this: Element, init: ShadowRootInit) {
        const root = original.call(this, init);
        pictures.push({ root, attachedBeforeLiveRows: document.querySelector('#root a.partner-row') === null });
        return root;
      },
    }.attachShadow;
  });
}

function pictures(page: Page): Promise<Picture[]> {
  return page.evaluate(() =>
    ((window as Watched).fbPictures ?? []).map(({ root, attachedBeforeLiveRows }) => {
      const host = root.host as HTMLElement;
      const status = root.querySelector<HTMLElement>('.device-status');
      return {
        attachedBeforeLiveRows,
        connected: host.isConnected,
        inert: host.inert,
        ariaHidden: host.getAttribute('aria-hidden'),
        firstName: root.querySelector('a.partner-row .partner-name')?.textContent ?? undefined,
        rows: root.querySelectorAll('ul[aria-label="Contacts"] > li > a.partner-row').length,
        statusHidden: status !== null && status.style.visibility === 'hidden',
        scripts: root.querySelectorAll('script, img, iframe').length,
        hrefs: Array.from(root.querySelectorAll('a'), (a) => a.getAttribute('href')),
        handlers: Array.from(root.querySelectorAll('*')).filter((element) => Array.from(element.attributes).some((attribute) => attribute.name.startsWith('on'))).length,
      };
    }),
  );
}

/**
 * The account database's stored picture (undefined until the list has been still for a moment),
 * opened — or replaced — with the account's own key, as the app seals it (storage/seal.ts: AES-GCM,
 * the value's JSON, its key in `sync` as additional data).
 */
function storedPicture(page: Page, replacement?: unknown): Promise<unknown> {
  return page.evaluate(async (replace) => {
    const open = (name: string) =>
      new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const call = <T,>(db: IDBDatabase, store: string, op: (s: IDBObjectStore) => IDBRequest) =>
      new Promise<T>((resolve, reject) => {
        const request = op(db.transaction(store, 'readwrite').objectStore(store));
        request.onsuccess = () => resolve(request.result as T);
        request.onerror = () => reject(request.error);
      });
    const name = (await indexedDB.databases()).map((db) => db.name ?? '').find((n) => n.startsWith('fieldbook-account-'));
    if (name === undefined) return undefined;
    const meta = await open('fieldbook');
    const key = await call<CryptoKey>(meta, 'meta', (s) => s.get(`sealKey:${name.slice('fieldbook-account-'.length)}`));
    meta.close();
    const label = new TextEncoder().encode('screen');
    const db = await open(name);
    try {
      if (replace.set) {
        const iv = crypto.getRandomValues(new Uint8Array(12));
        const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: label }, key, new TextEncoder().encode(JSON.stringify(replace.value)));
        await call(db, 'sync', (s) => s.put({ iv, data }, 'screen'));
        return replace.value;
      }
      const sealed = await call<{ iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer } | undefined>(db, 'sync', (s) => s.get('screen'));
      if (sealed === undefined) return undefined;
      return JSON.parse(new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv, additionalData: label }, key, sealed.data))) as unknown;
    } finally {
      db.close();
    }
  }, { set: replacement !== undefined, value: replacement });
}

async function signedInWithPicture(page: Page): Promise<string> {
  await watchPictures(page);
  await openApp(page);
  await signIn(page);
  await expect.poll(async () => (await deviceStatus(page).textContent()) ?? '', { timeout: 60_000 }).toMatch(/contacts on this device, synced/);
  const first = (await rowLinks(page).first().locator('.partner-name').textContent()) ?? '';
  await expect.poll(() => storedPicture(page)).toMatchObject({ version: 1, url: '/' });
  return first;
}

/** Reloads and waits for React's own first row, and for the app to have kept its picture of this load (so a test's own replacement is not overwritten later). */
async function reloadToLiveList(page: Page): Promise<void> {
  const since = await page.evaluate(() => Date.now());
  await page.reload();
  await rowLinks(page).first().waitFor();
  await expect.poll(async () => ((await storedPicture(page)) as { takenAt?: number } | undefined)?.takenAt ?? 0).toBeGreaterThanOrEqual(since);
}

describe("the start's picture of the last list", () => {
  test('a signed-in start shows the last list from the device before React, then the live list takes its place', async () => {
    const page = await newPage();
    const first = await signedInWithPicture(page);
    const stored = JSON.stringify(await storedPicture(page));
    // Kept as data, with the partner names as text; no element ids, no account menu panel.
    expect(stored).toContain(JSON.stringify(first));
    expect(stored).not.toContain('"id"');
    expect(stored).not.toContain('account-panel');

    await reloadToLiveList(page);
    await expect.poll(async () => (await pictures(page)).map((p) => p.connected)).toEqual([false]);
    const [picture] = await pictures(page);
    expect(picture).toMatchObject({ attachedBeforeLiveRows: true, inert: true, ariaHidden: 'true', firstName: first, statusHidden: true, scripts: 0, handlers: 0 });
    expect(picture?.rows).toBeGreaterThanOrEqual(8);
    expect(await rowLinks(page).first().locator('.partner-name').textContent()).toBe(first);
    // The live page alone is in the accessibility tree: one list of contacts.
    expect(await page.getByRole('list', { name: 'Contacts' }).count()).toBe(1);
    expect(problemsOf(page).cspViolations).toEqual([]);
    await expectNoConsoleErrors(page);
  });

  test('only at the plain list: a start on a search or a contact shows no picture', async () => {
    const page = await newPage();
    await signedInWithPicture(page);
    await page.goto(new URL('/?q=a', page.url()).href);
    await rowLinks(page).first().waitFor();
    const href = (await rowLinks(page).first().getAttribute('href')) ?? '';
    await page.goto(new URL(href, page.url()).href);
    await page.locator('.detail article h1').waitFor();
    expect(await pictures(page)).toEqual([]);
  });

  test('a damaged or hostile stored picture paints nothing that runs: markup stays text, links and handlers are dropped', async () => {
    const page = await newPage();
    await signedInWithPicture(page);

    // Damaged: not a picture at all, or an element it never keeps (a script): nothing is painted.
    for (const damaged of ['garbage', { version: 1, url: '/', takenAt: 1, root: [{ t: 'script', a: [], c: ['window.fbPwned = 1'] }] }]) {
      await storedPicture(page, damaged);
      await reloadToLiveList(page);
      expect(await pictures(page)).toEqual([]);
    }

    const hostile = {
      version: 1,
      url: '/',
      takenAt: 1,
      root: [
        {
          t: 'ul',
          a: [['aria-label', 'Contacts']],
          c: [
            {
              t: 'li',
              a: [],
              c: [
                {
                  t: 'a',
                  a: [['class', 'partner-row'], ['href', 'javascript:window.fbPwned=2'], ['onclick', 'window.fbPwned=3'], ['onmouseover', 'window.fbPwned=4']],
                  c: [{ t: 'span', a: [['class', 'partner-name'], ['onfocus', 'window.fbPwned=5']], c: ['<img src=x onerror="window.fbPwned=6">'] }],
                },
              ],
            },
            { t: 'li', a: [], c: [{ t: 'a', a: [['class', 'partner-row'], ['href', '//evil.example/']], c: ['x'] }] },
            { t: 'li', a: [], c: [{ t: 'a', a: [['class', 'partner-row'], ['href', '/\\evil.example/']], c: ['y'] }] },
          ],
        },
      ],
    };
    await storedPicture(page, hostile);
    await reloadToLiveList(page);
    const [picture] = await pictures(page);
    expect(picture).toMatchObject({ attachedBeforeLiveRows: true, firstName: '<img src=x onerror="window.fbPwned=6">', scripts: 0, handlers: 0, hrefs: [null, null, null] });
    expect(await page.evaluate(() => (window as Watched).fbPwned)).toBeUndefined();
  });

  test('logout wipes it: the next start on this device shows the login, and no picture', async () => {
    const page = await newPage();
    await signedInWithPicture(page);
    await logOut(page);
    // The logout is over when the login screen is back.
    await loginForm(page).heading.waitFor();
    await page.reload();
    await loginForm(page).heading.waitFor();
    expect(await pictures(page)).toEqual([]);
    expect(await storedPicture(page)).toBeUndefined();
  });
});
