/**
 * The contact list and the detail, as an admin uses them: thousands of rows that stay light in the
 * DOM, search and filters that say what they show and keep it in the URL, and a detail that gives
 * back the list exactly where the user left it.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { expectNoConsoleErrors, newPage } from './support/browser.ts';
import {
  appUrl,
  closeFilters,
  contactHeading,
  filtersInForce,
  openFilters,
  pickFilter,
  partnerId,
  deviceSynced,
  contactList,
  expectListShowing,
  openSignedIn,
  pathOf,
  renderedRows,
  ROW_HEIGHT,
  rowLinks,
  scrollListTo,
  search,
  searchBox,
  searchDomain,
  SEEDED,
  serverCount,
  visibleRows,
} from './support/fieldbook.ts';

/** The history entries the tab has: typing and filtering replace the entry, they do not add ones. */
const historyLength = (page: Page) => page.evaluate(() => history.length);

/**
 * Waits until the device answers with the whole book, and returns its count. During the first sync a
 * query Odoo is slow to answer is answered by the partial mirror (a count short of the truth), until
 * the sync completes: a count read then, or compared with the server's, is not settled yet.
 */
async function wholeBookShown(page: Page): Promise<number> {
  await deviceSynced(page);
  const total = await serverCount([]);
  await expectListShowing(page, total);
  return total;
}

describe('the contact list', () => {
  test('shows every contact with its count, rendering only the rows near the viewport', async () => {
    const page = await newPage();
    await openSignedIn(page);
    const total = await serverCount([]);
    expect(total).toBeGreaterThan(4000);
    await expectListShowing(page, total);
    expect(await page.locator('main').getByRole('status').textContent()).toBe(`${total.toLocaleString('en-US')} contacts`);

    const bound = Math.ceil(740 / ROW_HEIGHT) + 2 * 8 + 4; // a phone screenful, overscan on both sides, slack
    const atTop = await renderedRows(page);
    expect(atTop.length).toBeGreaterThan(5);
    expect(atTop.length).toBeLessThanOrEqual(bound);
    expect(atTop.map((row) => row.position)).toEqual(atTop.map((_, i) => i + 1));
    for (const row of atTop) expect(row.height).toBe(ROW_HEIGHT);
    expect(await contactList(page).locator(':scope > li').count()).toBe(atTop.length);
    // On a 360×740 phone, at least eight whole rows under the header, the status line and the search.
    expect(atTop.filter((row) => row.top >= 0 && row.top + row.height <= 740).length).toBeGreaterThanOrEqual(8);

    // The list is as tall as the loaded rows, but only what is on screen is in the DOM.
    await scrollListTo(page, 4000);
    // The search stays on screen while the list scrolls.
    const searchAt = await searchBox(page).boundingBox();
    expect(searchAt?.y).toBeGreaterThanOrEqual(0);
    expect((searchAt?.y ?? 740) + (searchAt?.height ?? 0)).toBeLessThan(200);
    const further = await renderedRows(page);
    expect(further.length).toBeLessThanOrEqual(bound);
    expect(Math.min(...further.map((row) => row.position))).toBeGreaterThan(30);
    const seen = await visibleRows(page);
    expect(seen.length).toBeGreaterThan(3);
    await expectNoConsoleErrors(page);
  });

  test('narrows to the contacts matching the search words, in the URL, without new history entries', async () => {
    const page = await newPage();
    await openSignedIn(page);
    const total = await wholeBookShown(page);
    const entries = await historyLength(page);

    const word = 'smith';
    const expected = await serverCount(searchDomain(word));
    expect(expected).toBeGreaterThan(10);
    expect(expected).toBeLessThan(total);
    await searchBox(page).pressSequentially(word, { delay: 40 });
    // A pause between keys (a loaded machine) may commit a prefix first ("smit", often as many matches): the whole word, then its list.
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(word);
    await expectListShowing(page, expected);
    expect(await historyLength(page)).toBe(entries);

    const rows = await renderedRows(page);
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) expect(row.text.toLowerCase(), row.text).toContain(word);

    // Clearing the search gives the whole list back, and the URL loses its q.
    await search(page, '');
    await expectListShowing(page, total);
    expect(new URL(page.url()).search).toBe('');
    await expectNoConsoleErrors(page);
  });

  test('filters companies and individuals, keeping the choice in the URL', async () => {
    const page = await newPage();
    await openSignedIn(page);
    const total = await wholeBookShown(page);
    const entries = await historyLength(page);

    const companies = await serverCount([['is_company', '=', true]]);
    await pickFilter(page, 'Show', 'Companies');
    await expectListShowing(page, companies);
    expect(companies).toBeLessThan(total);
    expect(new URL(page.url()).searchParams.get('type')).toBe('company');
    // The row's initials are square for a company, round for a person.
    const initials = contactList(page).locator(':scope > li .initials');
    expect(new Set(await initials.evaluateAll((shown) => shown.map((element) => element.classList.contains('company'))))).toEqual(new Set([true]));

    const people = await serverCount([['is_company', '=', false]]);
    await pickFilter(page, 'Show', 'Individuals');
    await expectListShowing(page, people);
    expect(new URL(page.url()).searchParams.get('type')).toBe('person');
    expect(new Set(await initials.evaluateAll((shown) => shown.map((element) => element.classList.contains('company'))))).toEqual(new Set([false]));

    await pickFilter(page, 'Show', 'All');
    await expectListShowing(page, total);
    expect(new URL(page.url()).searchParams.has('type')).toBe(false);
    expect(await historyLength(page)).toBe(entries);
    await expectNoConsoleErrors(page);
  });

  test('filters by countries, several at once (any of them), and "Clear" takes every filter off in one tap', async () => {
    const page = await newPage();
    await openSignedIn(page);
    const total = await wholeBookShown(page);
    const { belgium } = SEEDED.countries;
    const expected = await serverCount([['country_id', '=', belgium.id]]);
    expect(expected).toBeLessThan(total);

    await pickFilter(page, 'Countries', belgium.name);
    await expectListShowing(page, expected);
    expect(new URL(page.url()).searchParams.getAll('country')).toEqual([String(belgium.id)]);
    // Companies show their country on the row.
    for (const row of await rowLinks(page).filter({ has: page.locator('.initials.company') }).allTextContents()) expect(row).toContain(belgium.name);
    // The button says how many filters are in force.
    expect(await page.getByRole('button', { name: /^Filters/ }).textContent()).toBe('Filters, 1 in force');

    // A second country: any of the two.
    const sheet = await openFilters(page);
    const other = (await sheet.getByRole('group', { name: 'Countries' }).getByRole('checkbox', { checked: false }).first().locator('xpath=..').textContent())?.trim() ?? '';
    await sheet.getByRole('group', { name: 'Countries' }).getByRole('checkbox', { name: other, exact: true }).check();
    await closeFilters(page);
    const both = new URL(page.url()).searchParams.getAll('country').map(Number);
    expect(both).toHaveLength(2);
    await expectListShowing(page, await serverCount([['country_id', 'in', both]]));

    await page.getByRole('button', { name: 'Clear filters', exact: true }).click();
    await expectListShowing(page, total);
    expect(new URL(page.url()).searchParams.has('country')).toBe(false);
    expect(await page.getByRole('button', { name: 'Clear filters', exact: true }).count()).toBe(0);
    await expectNoConsoleErrors(page);
  });

  test('a bookmarked country that does not exist is shown as the filter in force, and can be taken off', async () => {
    const page = await newPage();
    await openSignedIn(page, '/?country=999');
    await expectListShowing(page, 0);
    expect(await page.getByText('No contacts match. Try other words or fewer filters.').isVisible()).toBe(true);
    expect((await filtersInForce(page)).countries).toEqual(['Country #999']);

    await pickFilter(page, 'Countries', 'Country #999', false);
    await expectListShowing(page, await serverCount([]));
    expect(new URL(page.url()).search).toBe('');
    await expectNoConsoleErrors(page);
  });

  test('filters by tag, combined with the other filters', async () => {
    const page = await newPage();
    await openSignedIn(page);
    const total = await wholeBookShown(page);
    const { vip } = SEEDED.tags;
    const tagged = await serverCount([['category_id', 'in', [vip.id]]]);
    expect(tagged).toBeLessThan(total);

    await pickFilter(page, 'Tags', vip.name);
    await expectListShowing(page, tagged);
    expect(new URL(page.url()).searchParams.get('tag')).toBe(String(vip.id));
    for (const row of await rowLinks(page).locator('.tags').allTextContents()) expect(row.split(', ')).toContain(vip.name);
    expect(await rowLinks(page).locator('.tags').count()).toBe(await rowLinks(page).count());

    // And with a country and companies only: all three apply at once.
    const { belgium } = SEEDED.countries;
    const combined = await serverCount([['is_company', '=', true], ['country_id', '=', belgium.id], ['category_id', 'in', [vip.id]]]);
    await pickFilter(page, 'Show', 'Companies');
    await pickFilter(page, 'Countries', belgium.name);
    await expectListShowing(page, combined);
    expect(new URLSearchParams(new URL(page.url()).search).toString()).toBe(`type=company&country=${belgium.id}&tag=${vip.id}`);
    await expectNoConsoleErrors(page);
  });
});

describe('the detail and the way back', () => {
  /** Opens the list with a filter, scrolls far down, and returns the row at a fixed point of the viewport. */
  async function scrolledList(page: Page): Promise<{ path: string; scrollY: number; row: string }> {
    await openSignedIn(page, '/?type=person');
    await expectListShowing(page, await serverCount([['is_company', '=', false]]));
    // The list as the device answers it from now on (during the first sync Odoo answered, in its collation).
    await deviceSynced(page);
    // Once synced, the list is read again from the device: wait until that is done.
    await page.locator('ul.partner-list[aria-busy="false"]').waitFor({ state: 'attached' });
    // Far enough for a second page of rows to be fetched on the way.
    await scrollListTo(page, 4200);
    await expect.poll(async () => Math.max(...(await renderedRows(page)).map((r) => r.position))).toBeGreaterThan(75);
    await page.locator('ul.partner-list[aria-busy="false"]').waitFor({ state: 'attached' });
    const scrollY = await page.evaluate(() => window.scrollY);
    const row = (await visibleRows(page))[1];
    if (row === undefined) throw new Error('no row visible after scrolling');
    return { path: pathOf(page), scrollY, row: row.href };
  }

  async function expectBackAt(page: Page, before: { path: string; scrollY: number; row: string }): Promise<void> {
    await contactList(page).waitFor();
    expect(pathOf(page)).toBe(before.path);
    expect(new URL(page.url()).searchParams.get('type')).toBe('person');
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(before.scrollY - ROW_HEIGHT);
    const scrollY = await page.evaluate(() => window.scrollY);
    expect(Math.abs(scrollY - before.scrollY)).toBeLessThanOrEqual(ROW_HEIGHT);
    // The rows at the restored position are rendered after the scroll (on the next measure), not with it.
    await expect.poll(async () => (await visibleRows(page)).map((row) => row.href)).toContain(before.row);
  }

  test('opens a contact from the list; "Back to contacts" returns to the same filtered list and scroll position', async () => {
    const page = await newPage();
    const before = await scrolledList(page);
    await page.locator(`a.partner-row[href="${before.row}"]`).click();

    await expect.poll(() => pathOf(page)).toBe(before.row);
    const heading = contactHeading(page);
    await heading.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect((await heading.textContent())?.trim()).not.toBe('');

    await page.getByRole('link', { name: '← Back to contacts' }).click();
    await expectBackAt(page, before);
    await expectNoConsoleErrors(page);
  });

  test("the browser's back button also returns to the same filtered list and scroll position", async () => {
    const page = await newPage();
    const before = await scrolledList(page);
    await page.locator(`a.partner-row[href="${before.row}"]`).click();
    await page.getByRole('link', { name: '← Back to contacts' }).waitFor();
    await contactHeading(page).waitFor();

    await page.goBack();
    await expectBackAt(page, before);

    // And forward again, then back once more: still the same place.
    await page.goForward();
    await contactHeading(page).waitFor();
    await page.goBack();
    await expectBackAt(page, before);
    await expectNoConsoleErrors(page);
  });

  test('shows the fields of a company as links that do what they say, and its contacts', async () => {
    const page = await newPage();
    const { decoAddict } = SEEDED;
    await openSignedIn(page, `/partners/${decoAddict.id}`);
    const heading = contactHeading(page);
    await heading.waitFor();
    expect(await heading.textContent()).toBe(decoAddict.name);

    const field = (label: string) => page.locator('dl dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
    expect(await field('Email').locator('a').getAttribute('href')).toBe('mailto:info@deco-addict.example.com');
    expect(await field('Phone').locator('a').getAttribute('href')).toMatch(/^tel:\+?\d+$/);
    expect(await field('Address').locator('a').getAttribute('href')).toMatch(/^https:\/\/www\.openstreetmap\.org\/search\?query=.*Pleasant%20Hill/);
    expect(await field('Website').locator('a').getAttribute('href')).toBe('https://deco-addict.example.com/');

    // The company's contacts come after its fields: wait until the card is whole.
    await page.locator('article.card[aria-busy="false"]').waitFor();
    const contacts = page.getByRole('region', { name: 'Contacts' }).getByRole('link');
    expect((await contacts.allTextContents()).sort()).toEqual([...decoAddict.contacts].sort());
    await contacts.filter({ hasText: 'Joel Willis' }).click();
    await expect.poll(() => contactHeading(page).textContent()).toBe('Joel Willis');
    await expectNoConsoleErrors(page);
  });

  test("a contact's actions at 360 px: large, only those it has data for, and its card downloaded where the browser cannot share", async () => {
    const page = await newPage({ viewport: 'phone' });
    const { decoAddict } = SEEDED;
    await openSignedIn(page, `/partners/${decoAddict.id}`);
    await contactHeading(page).waitFor();
    const actions = page.getByRole('navigation', { name: 'Contact actions' });
    const action = (name: string) => actions.getByRole('link', { name, exact: true });
    expect(await action('Call').getAttribute('href')).toMatch(/^tel:\+?\d+$/);
    expect(await action('Message').getAttribute('href')).toMatch(/^sms:\+?\d+$/);
    expect(await action('Email').getAttribute('href')).toBe('mailto:info@deco-addict.example.com');
    // A desktop Linux browser has no maps app: a web map (Android gets geo:, iOS Apple Maps: unit tests).
    expect(await action('Directions').getAttribute('href')).toMatch(/^https:\/\/www\.openstreetmap\.org\/search\?query=.*Pleasant%20Hill/);
    for (const target of await actions.locator('a, button').all()) {
      const box = await target.boundingBox();
      expect(box?.height).toBeGreaterThanOrEqual(44);
      expect(box?.width).toBeGreaterThanOrEqual(44);
    }
    // This Chromium has no Web Share: the card is downloaded.
    expect(await page.evaluate(() => typeof navigator.share)).toBe('undefined');
    const [download] = await Promise.all([page.waitForEvent('download'), actions.getByRole('button', { name: 'Share', exact: true }).click()]);
    expect(download.suggestedFilename()).toBe('Deco Addict.vcf');
    const card = readFileSync((await download.path()) ?? '', 'utf8');
    expect(card).toMatch(/^BEGIN:VCARD\r\nVERSION:3\.0\r\nFN:Deco Addict\r\n/);
    expect(card).toContain('EMAIL;TYPE=INTERNET:info@deco-addict.example.com');

    // A contact with nothing to call, write or find: no such actions, Share alone.
    await page.goto(appUrl(`/partners/${await partnerId('Blank Partner')}`));
    await expect.poll(() => contactHeading(page).textContent()).toBe('Blank Partner');
    expect(await actions.getByRole('link').count()).toBe(0);
    expect(await actions.getByRole('button').allTextContents()).toEqual(['Share']);
    // The last update is in the device's time zone and language, not raw UTC.
    const updated = page.locator('dl dt', { hasText: /^Last updated$/ }).locator('xpath=following-sibling::dd[1]');
    expect(await updated.textContent()).not.toMatch(/UTC|^\d{4}-\d{2}-\d{2} /);
    await expectNoConsoleErrors(page);
  });
});
