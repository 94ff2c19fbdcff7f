/**
 * Fieldbook's screens as a user reaches them, by their accessible names (the UI contract): the
 * login form, the contact list with its search and filters, and the server's own answers to
 * compare with (tests/support/rpc.ts, from Node). Journeys in tests/e2e/*.test.ts build on these.
 */
import type { Locator, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { callKw, login as rpcLogin, resultOf, rpc } from '../../support/rpc.ts';

export const baseUrl = inject('baseUrl');

/** The list's fixed row height (px): the virtualized list's arithmetic rests on it. */
export const ROW_HEIGHT = 64;

export const COUNT_TEXT = /^([\d,]+) contacts?$/;

export function appUrl(path = '/'): string {
  return new URL(path, baseUrl).href;
}

/** The path and query of the page's URL, e.g. `/?type=company`. */
export function pathOf(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

/** Opens `path` and waits until the app has rendered something into #root. */
export async function openApp(page: Page, path = '/'): Promise<void> {
  await page.goto(appUrl(path));
  await page.locator('#root > *').first().waitFor();
}

export function loginForm(page: Page) {
  return {
    heading: page.getByRole('heading', { level: 1, name: 'Sign in to Odoo' }),
    login: page.getByRole('textbox', { name: 'Login', exact: true }),
    password: page.getByLabel('Password', { exact: true }),
    submit: page.getByRole('button', { name: 'Sign in', exact: true }),
    alert: page.getByRole('alert'),
  };
}

/** Fills the login form (already on screen, or about to be) and waits until the user is signed in. */
export async function signIn(page: Page, user = 'admin', password = user): Promise<void> {
  const form = loginForm(page);
  await form.heading.waitFor();
  await form.login.fill(user);
  await form.password.fill(password);
  await form.submit.click();
  await accountMenu(page).waitFor();
}

/** Opens `path` on a fresh profile (the login renders in place) and signs in there. */
/** The filters' sheet (a modal dialog, opened by the "Filters" button). */
export function filterSheet(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Filters' });
}

/** Opens the filters' sheet, as a user does (the "Filters" button says how many are in force). */
export async function openFilters(page: Page): Promise<Locator> {
  const sheet = filterSheet(page);
  if (!(await sheet.isVisible())) await page.getByRole('button', { name: /^Filters/ }).click();
  await sheet.waitFor();
  return sheet;
}

export async function closeFilters(page: Page): Promise<void> {
  await filterSheet(page).getByRole('button', { name: 'Done', exact: true }).click();
  await filterSheet(page).waitFor({ state: 'hidden' });
}

/** Picks one choice in the sheet — a type ("Companies"), a country or a tag by name — and closes it. */
export async function pickFilter(page: Page, group: 'Show' | 'Countries' | 'Tags', name: string, on = true): Promise<void> {
  const sheet = await openFilters(page);
  const choices = sheet.getByRole('group', { name: group });
  if (group === 'Show') await choices.getByRole('radio', { name, exact: true }).check();
  else {
    // Clicked, not setChecked: a choice known only by its id (not in the lists) goes away once unchecked.
    const box = choices.getByRole('checkbox', { name, exact: true });
    if ((await box.isChecked()) !== on) await box.click();
  }
  await closeFilters(page);
}

/** What the sheet shows in force: the type, and the countries and tags checked (it is closed again). */
export async function filtersInForce(page: Page): Promise<{ type: string; countries: string[]; tags: string[] }> {
  const sheet = await openFilters(page);
  const checked = (group: string) =>
    sheet
      .getByRole('group', { name: group })
      .locator('label:has(input:checked)')
      .allTextContents()
      .catch(() => [] as string[]);
  const type = (await sheet.getByRole('group', { name: 'Show' }).locator('label:has(input:checked)').textContent()) ?? '';
  const result = { type: type.trim(), countries: (await checked('Countries')).map((text) => text.trim()), tags: (await checked('Tags')).map((text) => text.trim()) };
  await closeFilters(page);
  return result;
}

/** The header's account menu button: there while someone is signed in. */
export function accountMenu(page: Page): Locator {
  return page.getByRole('button', { name: /, account menu$/ });
}

/** Logs out as a user does: the account menu, "Log out…", and yes in the confirmation. */
export async function logOut(page: Page): Promise<void> {
  await accountMenu(page).click();
  await page.getByRole('button', { name: 'Log out…', exact: true }).click();
  await page.getByRole('dialog', { name: 'Log out of Fieldbook?' }).getByRole('button', { name: 'Log out', exact: true }).click();
}

export async function openSignedIn(page: Page, path = '/', user = 'admin'): Promise<void> {
  await openApp(page, path);
  await signIn(page, user);
}

export function contactList(page: Page): Locator {
  return page.getByRole('list', { name: 'Contacts', exact: true });
}

export function rowLinks(page: Page): Locator {
  return contactList(page).locator(':scope > li > a.partner-row');
}

/** The detail's h1 once the contact has loaded (while it loads, or fails, the page has another h1). */
export function contactHeading(page: Page): Locator {
  return page.locator('.detail article').getByRole('heading', { level: 1 });
}

export function searchBox(page: Page): Locator {
  return page.getByRole('searchbox', { name: 'Search contacts' });
}

/** Types `words` in the search box (replacing what was there) and waits until the URL says `?q=words`. */
export async function search(page: Page, words: string): Promise<void> {
  await searchBox(page).fill(words);
  // The list follows the URL in the same render: once the URL has the words, the old rows are gone.
  await expect.poll(() => new URL(page.url()).searchParams.get('q') ?? '').toBe(words.trim() === '' ? '' : words);
}

/**
 * Waits until the device's partner mirror has finished its first sync (it starts right after
 * sign-in and calls the server in the background): then the next call is the test's own.
 */
export async function deviceSynced(page: Page): Promise<void> {
  await expect
    .poll(async () => (await page.locator('.device-status').getByRole('status').textContent()) ?? '', { timeout: 60_000 })
    .toMatch(/contacts on this device, synced/);
}

/** The count in role=status, e.g. "4,855 contacts", as a number (waits until one is shown). */
export async function shownCount(page: Page): Promise<number> {
  const status = page.locator('main').getByRole('status');
  await expect.poll(async () => ((await status.textContent()) ?? '').trim(), { timeout: 15_000 }).toMatch(COUNT_TEXT);
  const match = COUNT_TEXT.exec(((await status.textContent()) ?? '').trim());
  return Number((match?.[1] ?? '').replaceAll(',', ''));
}

/** Waits until the count shown is `expected` and the list has finished loading its first page. */
export async function expectListShowing(page: Page, expected: number): Promise<void> {
  await expect.poll(() => shownCount(page), { timeout: 15_000 }).toBe(expected);
  await expect.poll(() => page.locator('main .loading').count(), { timeout: 15_000 }).toBe(0);
  // Nothing being read (again) behind the rows: what is shown is what stays.
  await page.locator('ul.partner-list[aria-busy="false"]').waitFor({ state: 'attached' });
  if (expected > 0) await rowLinks(page).first().waitFor();
}

export interface RenderedRow {
  readonly href: string;
  readonly text: string;
  /** Top edge relative to the viewport. */
  readonly top: number;
  readonly height: number;
  readonly position: number;
}

/** Every row the virtualized list has in the DOM now, in order. */
export function renderedRows(page: Page): Promise<RenderedRow[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLAnchorElement>('ul[aria-label="Contacts"] > li > a.partner-row'), (a) => {
      const rect = a.getBoundingClientRect();
      const li = a.parentElement;
      return {
        href: a.getAttribute('href') ?? '',
        text: a.textContent ?? '',
        top: rect.top,
        height: rect.height,
        position: Number(li?.getAttribute('aria-posinset') ?? '0'),
      };
    }),
  );
}

/** The rows at least partly inside the viewport, below the sticky header. */
export async function visibleRows(page: Page): Promise<RenderedRow[]> {
  const { innerHeight, headerBottom } = await page.evaluate(() => ({
    innerHeight: window.innerHeight,
    headerBottom: document.querySelector('.app-header')?.getBoundingClientRect().bottom ?? 0,
  }));
  return (await renderedRows(page)).filter((row) => row.top + row.height > headerBottom && row.top < innerHeight);
}

/** The page's session cookie as a `Cookie` header value (`session_id=…`); it is HttpOnly, so from the context. */
export async function sessionCookieOf(page: Page): Promise<string> {
  const cookie = (await page.context().cookies(baseUrl)).find((c) => c.name === 'session_id');
  if (cookie === undefined) throw new Error('the browser has no session_id cookie');
  return `${cookie.name}=${cookie.value}`;
}

/** Ends a session on the server, as another tab, an admin or a timeout would. */
export async function destroySessionOnServer(cookie: string): Promise<void> {
  resultOf(await rpc(baseUrl, '/web/session/destroy', {}, cookie));
}

/** Whether the server still takes this cookie as a session. */
export async function sessionIsAlive(cookie: string): Promise<boolean> {
  const body = (await rpc(baseUrl, '/web/session/get_session_info', {}, cookie)).body as { result?: unknown; error?: unknown };
  return body.error === undefined && body.result !== undefined && body.result !== null;
}

export type Domain = readonly unknown[];

/** What the server itself counts for `domain`, as `user`: the truth the app's count must show. */
export async function serverCount(domain: Domain, user = 'admin'): Promise<number> {
  const cookie = await rpcLogin(baseUrl, user);
  return resultOf<number>(await callKw(baseUrl, cookie, 'res.partner', 'search_count', [domain]));
}

/** The id of the partner named exactly `name`, as the server says (admin). */
export async function partnerId(name: string): Promise<number> {
  const cookie = await rpcLogin(baseUrl, 'admin');
  const [id] = resultOf<number[]>(await callKw(baseUrl, cookie, 'res.partner', 'search', [[['name', '=', name]]], { limit: 1 }));
  if (id === undefined) throw new Error(`No partner is named ${name}.`);
  return id;
}

/** The domain of the search as the contract describes it: each word, in name, complete name, email, phone, mobile, ref or city. */
export function searchDomain(words: string): Domain {
  const fields = ['name', 'complete_name', 'email', 'phone', 'mobile', 'ref', 'city'];
  return words
    .split(/\s+/)
    .filter((word) => word !== '')
    // `%`, `_` and `\` escaped: the words as typed, not as wildcards.
    .flatMap((word) => [...fields.slice(1).map(() => '|'), ...fields.map((field) => [field, 'ilike', word.replace(/[\\%_]/g, '\\$&')])]);
}

/** Scrolls the window to `y` and waits until the virtualized list has rendered the rows there. */
export async function scrollListTo(page: Page, y: number): Promise<void> {
  await page.evaluate((top) => window.scrollTo(0, top), y);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(y);
  // The rows for the new position are measured on the next animation frame.
  await expect.poll(async () => (await visibleRows(page)).length).toBeGreaterThan(0);
}

/** The seeded facts these journeys rely on (src/server/store/seed.ts, seed-tricky.ts). */
export const SEEDED = {
  countries: { belgium: { id: 4, name: 'Belgium' } },
  tags: { vip: { id: 6, name: 'VIP' } },
  /** The portal user's company and its contacts. */
  decoAddict: { id: 5, name: 'Deco Addict', contacts: ['Henry Miller', 'Joel Willis', 'Zoë O’Connor'] },
  scriptCompany: { id: 20, name: 'Security Test <script>alert(1)</script>', website: 'javascript:alert(1)', street: '<img src=x onerror=alert(1)>' },
  svgPerson: { id: 21, name: 'Security Test "><svg onload=alert(1)>', website: 'javascript:alert(document.cookie)', city: '<b>Bold City</b>' },
  imgPerson: { id: 22, name: 'Eve <img src=x onerror=alert(1)>' },
  longNameCompany: { id: 19, search: 'Très Longs Noms' },
  longEmailPerson: { name: 'Long Email Person', search: 'firstname.middlename' },
} as const;
