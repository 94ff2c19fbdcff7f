/**
 * For the offline journeys: a demo server of the test's own (its data can be changed, and it can be
 * taken down and brought back on the same origin, which is what "the network is gone" means to
 * the app and its service worker alike), and what the device holds, read from the page.
 */
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, inject, onTestFinished } from 'vitest';
import { callKw, login, resultOf } from '../../support/rpc.ts';
import { spawnServer, throwawayDataDir, type TestServer } from '../../support/server.ts';
import { newPage } from './browser.ts';
import { signIn } from './fieldbook.ts';

export interface OwnServer {
  readonly url: string;
  /** Takes the server down: connections are refused, as with no network at all. */
  down(): Promise<void>;
  /** Brings it back on the same port (same origin: the browser's storage and worker still apply). */
  up(): Promise<void>;
  /** call_kw as `user` (admin by default), for changing and reading the truth. */
  call<T>(model: string, method: string, args?: unknown[], kwargs?: Record<string, unknown>, user?: string): Promise<T>;
}

/** A server for the running test, stopped and deleted when it finishes. */
export async function ownServer(): Promise<OwnServer> {
  const dataDir = throwawayDataDir(inject('templateDir'));
  let server: TestServer | undefined = await spawnServer({ dataDir });
  const url = server.url;
  const port = new URL(url).port;
  const cookies = new Map<string, string>();
  onTestFinished(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    url,
    async down() {
      await server?.stop();
      server = undefined;
      cookies.clear();
    },
    async up() {
      server = await spawnServer({ dataDir, env: { PORT: port } });
    },
    async call<T>(model: string, method: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}, user = 'admin') {
      let cookie = cookies.get(user);
      if (cookie === undefined) {
        cookie = await login(url, user);
        cookies.set(user, cookie);
      }
      return resultOf<T>(await callKw(url, cookie, model, method, args, kwargs));
    },
  };
}

/** The device-status line under the header (offline badge, sync progress). */
export function deviceStatus(page: Page) {
  return page.locator('.device-status').getByRole('status');
}

/**
 * Records every text the device-status line shows from now on, in the page (a MutationObserver),
 * so a test can check the states it went through without catching each one as it passes.
 */
export async function recordStatus(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as Window & { statusSeen?: string[] }).statusSeen = seen;
    const note = () => {
      const text = document.querySelector('.device-status [role=status]')?.textContent ?? '';
      if (text !== '' && seen.at(-1) !== text) seen.push(text);
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as Window & { statusSeen?: string[] }).statusSeen ?? []);
}

/** Waits until the device says it holds `count` contacts, synced. */
export async function expectMirrored(page: Page, count: number): Promise<void> {
  await expect.poll(async () => (await deviceStatus(page).textContent()) ?? '', { timeout: 60_000 }).toMatch(new RegExp(`^${count.toLocaleString('en-US')} contacts on this device, synced`));
}

/** What IndexedDB holds for the app now: database names, and per account database its partner ids and stored responses. */
export function deviceStorage(page: Page): Promise<{ databases: string[]; partners: Record<string, number[]>; responses: Record<string, number>; caches: string[] }> {
  return page.evaluate(async () => {
    const databases = (await indexedDB.databases()).map((db) => db.name ?? '').sort();
    const partners: Record<string, number[]> = {};
    const responses: Record<string, number> = {};
    for (const name of databases.filter((n) => n.startsWith('fieldbook-account-'))) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const read = <T,>(store: string, op: (s: IDBObjectStore) => IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          if (!db.objectStoreNames.contains(store)) return resolve(undefined as T);
          const request = op(db.transaction(store).objectStore(store));
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      partners[name] = (((await read('chunks', (s) => s.getAll())) ?? []) as { ids: number[] }[]).flatMap((chunk) => chunk.ids);
      responses[name] = (await read('responses', (s) => s.count())) ?? 0;
      db.close();
    }
    return { databases, partners, responses, caches: (await caches.keys()).sort() };
  });
}

/** A fetch the app's worker does not answer from its precache: it fails when the network is really gone. */
export function probeNetwork(page: Page): Promise<string> {
  return page.evaluate(() =>
    fetch(`/favicon.svg?offline-probe=${Date.now()}`).then(
      (response) => `status ${response.status}`,
      (error: unknown) => (error instanceof Error ? error.name : String(error)),
    ),
  );
}

/** Opens `url` and reloads once the worker is active, so it controls the page from then on. */
export async function openControlled(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('#root > *').first().waitFor();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await page.locator('#root > *').first().waitFor();
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? '')).toMatch(/\/sw\.js$/);
}

/** A server of the test's own, and a fresh browser whose page the app's service worker controls. */
export async function appOnOwnServer(): Promise<{ server: OwnServer; page: Page }> {
  const server = await ownServer();
  const page = await newPage();
  await openControlled(page, server.url);
  return { server, page };
}

/** Signs in as admin and waits until the device holds the whole book; returns how many partners that is. */
export async function signInAndSync(page: Page, server: OwnServer): Promise<number> {
  await signIn(page);
  const total = await server.call<number>('res.partner', 'search_count', [[]]);
  await expectMirrored(page, total);
  return total;
}

