/**
 * "Sign in with Odoo" as a user does it: a button on Fieldbook's login screen, the authorization
 * server's own login page (demo/demo), the way back. And what a test reads to judge it: the
 * browser's storage as the page sees it, the history entries, and the server's introspection.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { introspect, revoke } from '../../support/oauth.ts';
import { accountMenu, baseUrl, loginForm } from './fieldbook.ts';

export type OAuthMethod = 'code' | 'implicit' | 'implicit_id_token';

export const OAUTH_METHODS: readonly OAuthMethod[] = ['code', 'implicit', 'implicit_id_token'];

const BUTTONS: Readonly<Record<OAuthMethod, string>> = {
  code: 'Sign in with Odoo',
  implicit: 'Sign in with the implicit grant',
  implicit_id_token: 'Implicit grant with ID token',
};

/** The authorization server's login page (src/server/oauth/views.ts), by its accessible names. */
export function authorizationServerLogin(page: Page) {
  return {
    heading: page.getByRole('heading', { level: 1, name: 'Sign in', exact: true }),
    login: page.getByRole('textbox', { name: 'Login', exact: true }),
    password: page.getByLabel('Password', { exact: true }),
    submit: page.getByRole('button', { name: 'Sign in', exact: true }),
    cancel: page.getByRole('button', { name: 'Cancel', exact: true }),
  };
}

/** On Fieldbook's login screen: clicks the method's button (opening the legacy section for implicit). */
export async function startOAuth(page: Page, method: OAuthMethod): Promise<void> {
  await loginForm(page).heading.waitFor();
  if (method !== 'code') {
    await page.locator('form.login-form[aria-busy="false"]').waitFor();
    // The developers' sign-ins are behind Odoo's own developer switch, ?debug=1.
    if ((await page.locator('details.legacy').count()) === 0) {
      const url = new URL(page.url());
      url.searchParams.set('debug', '1');
      // In place, as typing it in the address bar would not: no history entry of its own.
      await page.evaluate((href) => location.replace(href), url.href);
      await page.waitForURL(url.href);
      await page.locator('form.login-form[aria-busy="false"]').waitFor();
    }
    const details = page.locator('details.legacy');
    if ((await details.getAttribute('open')) === null) await page.getByText('Legacy: implicit grant (for demos)', { exact: true }).click();
  }
  await page.getByRole('button', { name: BUTTONS[method], exact: true }).click();
}

export async function onAuthorizationServerLogin(page: Page): Promise<void> {
  await page.waitForURL((url) => url.pathname.startsWith('/oauth2/interaction/'));
  await authorizationServerLogin(page).heading.waitFor();
}

/** Types the credentials on the authorization server's login page and submits them. */
export async function signInOnAuthorizationServer(page: Page, user = 'demo', password = user): Promise<void> {
  await onAuthorizationServerLogin(page);
  const form = authorizationServerLogin(page);
  await form.login.fill(user);
  await form.password.fill(password);
  await form.submit.click();
}

export { accountMenu, logOut } from './fieldbook.ts';

/**
 * The whole way in: the button, the AS login page (unless the AS still has a login session, then it
 * answers at once), back in the app signed in.
 */
export async function oauthSignIn(page: Page, method: OAuthMethod, user = 'demo'): Promise<void> {
  await startOAuth(page, method);
  const where = await Promise.race([
    page.waitForURL((url) => url.pathname.startsWith('/oauth2/interaction/')).then(() => 'as' as const),
    accountMenu(page).waitFor().then(() => 'app' as const),
  ]);
  if (where === 'as') await signInOnAuthorizationServer(page, user);
  await accountMenu(page).waitFor();
}

export interface StoredTokens {
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  readonly flow: string;
  /** For a DPoP-bound token: whether its private and public keys can be exported. */
  readonly dpop: { readonly privateExtractable: boolean; readonly publicExtractable: boolean; readonly algorithm: string } | undefined;
}

export interface BrowserStorage {
  readonly localStorage: number;
  readonly sessionStorage: number;
  readonly databases: readonly string[];
  /** Every IndexedDB record, as `db/store/key` → its JSON (CryptoKeys as `{cryptoKey, extractable}`). */
  readonly records: Readonly<Record<string, string>>;
  /** The URLs of every request kept in Cache Storage. */
  readonly cachedUrls: readonly string[];
  readonly tokens: StoredTokens | undefined;
}

/** What the page can see of the browser's storage, read by the page itself. */
export function browserStorage(page: Page): Promise<BrowserStorage> {
  return page.evaluate(async (): Promise<BrowserStorage> => {
    const records: Record<string, string> = {};
    const databases = (await indexedDB.databases()).map((info) => info.name ?? '');
    let tokens: StoredTokens | undefined;
    for (const name of databases) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error(`cannot open ${name}`));
      });
      for (const storeName of Array.from(db.objectStoreNames)) {
        const [keys, values] = await new Promise<[IDBValidKey[], unknown[]]>((resolve, reject) => {
          const store = db.transaction(storeName).objectStore(storeName);
          const keysRequest = store.getAllKeys();
          const valuesRequest = store.getAll();
          valuesRequest.onsuccess = () => resolve([keysRequest.result, valuesRequest.result]);
          valuesRequest.onerror = () => reject(valuesRequest.error ?? new Error(`cannot read ${storeName}`));
        });
        keys.forEach((key, i) => {
          const value = values[i];
          records[`${name}/${storeName}/${String(key)}`] = JSON.stringify(value, (_, v: unknown) => (v instanceof CryptoKey ? { cryptoKey: v.type, extractable: v.extractable } : v));
          if (name === 'fieldbook' && storeName === 'meta' && key === 'activeAccount') {
            const account = value as { credential?: { kind?: string; tokens?: { accessToken: string; refreshToken?: string; flow: string; dpopKeys?: CryptoKeyPair } } };
            const stored = account.credential?.kind === 'oauth' ? account.credential.tokens : undefined;
            if (stored !== undefined) {
              const keyPair = stored.dpopKeys;
              tokens = {
                accessToken: stored.accessToken,
                refreshToken: stored.refreshToken,
                flow: stored.flow,
                dpop:
                  keyPair === undefined
                    ? undefined
                    : { privateExtractable: keyPair.privateKey.extractable, publicExtractable: keyPair.publicKey.extractable, algorithm: keyPair.privateKey.algorithm.name },
              };
            }
          }
        });
      }
      db.close();
    }
    const cachedUrls: string[] = [];
    for (const cacheName of await caches.keys()) {
      const cache = await caches.open(cacheName);
      cachedUrls.push(...(await cache.keys()).map((request) => request.url));
    }
    return { localStorage: localStorage.length, sessionStorage: sessionStorage.length, databases, records, cachedUrls, tokens };
  });
}

/** The tokens the app keeps in IndexedDB (fails when it keeps none). */
export async function storedTokens(page: Page): Promise<StoredTokens> {
  const { tokens } = await browserStorage(page);
  if (tokens === undefined) throw new Error('no OAuth tokens in IndexedDB');
  return tokens;
}

/** A URL that carries an OAuth answer: a code, a token, a state. */
export const ANSWER_IN_URL = /[?#&](?:access_token|id_token|refresh_token|code|state|token_type|session_state)=/;

/**
 * The URLs of the tab's history entries the Navigation API lists (same-origin), as the page sees
 * them: `null` for an entry whose document had `Referrer-Policy: no-referrer` (HTML's rule: its URL
 * is not exposed to other documents), which is every entry of this app and of its AS pages.
 */
export function navigationEntries(page: Page): Promise<(string | null)[] | undefined> {
  return page.evaluate(() => ('navigation' in window ? navigation.entries().map((entry) => entry.url) : undefined));
}

/**
 * Goes back through every entry of the tab's history, reading `location.href` on each (the
 * entries before it may be the authorization server's pages, same origin here). Returns them,
 * newest first; leaves the tab on the oldest entry.
 */
export async function walkHistoryBack(page: Page): Promise<{ length: number; hrefs: string[] }> {
  const length = await page.evaluate(() => history.length);
  const hrefs = [await page.evaluate(() => location.href)];
  for (let i = 1; i < length; i += 1) {
    await page.goBack({ waitUntil: 'domcontentloaded' });
    hrefs.push(await page.evaluate(() => location.href));
  }
  return { length, hrefs };
}

export async function isActive(token: string): Promise<boolean> {
  const answer = await introspect(baseUrl, token);
  return answer.active === true;
}

/** Revokes a token at /oauth2/revoke from Node, as an admin or a stolen-device report would. */
export async function revokeOnServer(token: string): Promise<void> {
  expect(await revoke(baseUrl, token)).toBe(200);
}

/** The `state` of the sign-in this browser has started and not finished (read from IndexedDB). */
export async function pendingState(page: Page): Promise<string> {
  const json = (await browserStorage(page)).records['fieldbook/meta/oauthPending'];
  const state = json === undefined ? undefined : (JSON.parse(json) as { state?: unknown }).state;
  if (typeof state !== 'string') throw new Error('no sign-in is pending in this browser');
  return state;
}

/**
 * Records the redirects to /oauth/callback the page follows, with their query and fragment (the
 * `Location` headers: the fragment never reaches the server, so no request shows it).
 */
export function recordCallbacks(page: Page): string[] {
  const seen: string[] = [];
  page.on('response', (response) => {
    const location = response.headers().location;
    if (location === undefined) return;
    const target = new URL(location, response.url());
    if (target.pathname === '/oauth/callback') seen.push(target.href);
  });
  return seen;
}

/** Routes the page's requests to `path` (with a query) with one query parameter replaced on the way. */
export async function rewriteQueryParam(page: Page, path: string, name: string, value: string): Promise<void> {
  await page.route(`**${path}?*`, (route) => {
    const url = new URL(route.request().url());
    url.searchParams.set(name, value);
    return route.continue({ url: url.href });
  });
}
