/**
 * Every screen on a 360 px phone and a 1280 px desktop: no sideways scroll even with the longest
 * seeded values, no axe-core violation (under the real CSP), and the README's screenshots.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { checkA11y, expectNoConsoleErrors, newPage, noHorizontalScroll, screenshot, type ViewportName } from './support/browser.ts';
import {
  accountMenu,
  closeFilters,
  contactHeading,
  openFilters,
  pickFilter,
  destroySessionOnServer,
  deviceSynced,
  expectListShowing,
  loginForm,
  openApp,
  openSignedIn,
  rowLinks,
  search,
  searchBox,
  searchDomain,
  SEEDED,
  serverCount,
  sessionCookieOf,
  shownCount,
} from './support/fieldbook.ts';

const VIEWPORT_NAMES: readonly ViewportName[] = ['phone', 'desktop'];

/** Waits until the filters' sheet holds its countries and tags (they come with the list, not before it); the sheet is closed again. */
async function filtersLoaded(page: Page): Promise<void> {
  const sheet = await openFilters(page);
  for (const name of ['Countries', 'Tags']) {
    await expect.poll(() => sheet.getByRole('group', { name }).getByRole('checkbox').count()).toBeGreaterThan(1);
  }
  await closeFilters(page);
}

async function openDetail(page: Page, id: number): Promise<void> {
  await contactHeading(page).waitFor();
  expect(new URL(page.url()).pathname).toBe(`/partners/${id}`);
  // The company's contacts and the avatar come after the rest: wait for the whole card.
  await page.locator('article.card[aria-busy="false"]').waitFor();
}

describe('on a 360 px phone', () => {
  test('the login, the list and the detail never scroll sideways, even with the longest values', async () => {
    const page = await newPage({ viewport: 'phone' });
    await openApp(page);
    await loginForm(page).heading.waitFor();
    await noHorizontalScroll(page);

    await loginForm(page).login.fill('admin');
    await loginForm(page).password.fill('admin');
    await loginForm(page).submit.click();
    await shownCount(page);
    // The rows come with their own query, after the count.
    await rowLinks(page).first().waitFor();
    await noHorizontalScroll(page);

    // The 300-character company name, in the list and in its detail.
    await search(page, SEEDED.longNameCompany.search);
    await expectListShowing(page, 1);
    await noHorizontalScroll(page);
    await rowLinks(page).first().click();
    await openDetail(page, SEEDED.longNameCompany.id);
    expect((await contactHeading(page).textContent())?.length).toBe(300);
    await noHorizontalScroll(page);

    // The 254-character email address, in the list and in its detail.
    await page.getByRole('link', { name: '← Back to contacts' }).click();
    await search(page, SEEDED.longEmailPerson.search);
    await expectListShowing(page, 1);
    await noHorizontalScroll(page);
    await rowLinks(page).first().click();
    await contactHeading(page).waitFor();
    expect(await contactHeading(page).textContent()).toBe(SEEDED.longEmailPerson.name);
    // The card is whole (its company's contacts and the avatar come after the heading).
    await page.locator('article.card[aria-busy="false"]').waitFor();
    await noHorizontalScroll(page);
    await expectNoConsoleErrors(page);
  });

  test('takes the screenshots of the list and a detail for the README', async () => {
    const page = await newPage({ viewport: 'phone' });
    await openSignedIn(page);
    await expectListShowing(page, await serverCount([]));
    await deviceSynced(page);
    // No hover left on a row by the sign-in click; the list is thousands of rows tall: the viewport is the picture.
    await page.mouse.move(0, 0);
    await screenshot(page, 'phone-list', { fullPage: false });

    // The detail as a user reaches it: found by name, opened with a tap.
    await search(page, SEEDED.decoAddict.name);
    await page.locator(`a.partner-row[href="/partners/${SEEDED.decoAddict.id}"]`).tap();
    await openDetail(page, SEEDED.decoAddict.id);
    await page.getByRole('region', { name: 'Contacts' }).waitFor();
    await screenshot(page, 'phone-detail');
    await expectNoConsoleErrors(page);
  });
});

describe('on a 1280 px desktop', () => {
  test('the search and the filters button sit in one row', async () => {
    const page = await newPage({ viewport: 'desktop' });
    await openSignedIn(page, '/?type=company');
    await shownCount(page);
    const boxes = await Promise.all(
      [searchBox(page), page.getByRole('button', { name: /^Filters/ }), page.getByRole('button', { name: 'Clear filters', exact: true })].map(
        async (locator) => {
          const box = await locator.boundingBox();
          if (box === null) throw new Error('a filter is not rendered');
          return box;
        },
      ),
    );
    // One row: every control overlaps every other vertically, and they go left to right.
    for (const a of boxes) for (const b of boxes) expect(a.y < b.y + b.height && b.y < a.y + a.height).toBe(true);
    const lefts = boxes.map((box) => box.x);
    expect(lefts).toEqual([...lefts].sort((x, y) => x - y));
    await noHorizontalScroll(page);
  });
});

/** The share of pixels in `clip` that have the focus ring's colour (--focus: #f59e0b), read from a real screenshot. */
async function focusColourShare(page: Page, clip: { x: number; y: number; width: number; height: number }): Promise<number> {
  const png = await page.screenshot({ clip });
  // Decoded by the browser itself: Node has no PNG decoder here, and a Blob is no HTML sink.
  return page.evaluate(async (bytes) => {
    const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('no 2d context');
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    let hits = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r = 0, g = 0, b = 0] = [data[i], data[i + 1], data[i + 2]];
      if (Math.abs(r - 245) < 30 && Math.abs(g - 158) < 40 && b < 90) hits += 1;
    }
    return hits / (bitmap.width * bitmap.height);
  }, [...png]);
}

describe('focus you can see', () => {
  test.each(VIEWPORT_NAMES)("a row focused with the keyboard shows its whole focus ring, not covered by the next row (%s)", async (viewport) => {
    const page = await newPage({ viewport });
    await openSignedIn(page);
    await expectListShowing(page, await serverCount([]));
    // The status line above the list settles once the first sync is over: the rows stay where they are measured.
    await deviceSynced(page);
    await searchBox(page).focus();
    // From the search box, Tab goes through the filters to the rows.
    for (let presses = 0; presses < 8; presses += 1) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.classList.contains('partner-row') === true)) break;
    }
    await page.keyboard.press('Tab'); // the second row: rows above and below it
    const row = await page.evaluate(() => {
      const active = document.activeElement;
      if (!(active instanceof HTMLElement) || !active.classList.contains('partner-row')) return undefined;
      const rect = active.getBoundingClientRect();
      return { left: rect.left, top: rect.top, width: rect.width, bottom: rect.bottom };
    });
    if (row === undefined) throw new Error('Tab did not reach a row');
    // The outline is 3 px wide, 2 px away from the row: sample its middle line above and below.
    const strip = (y: number) => ({ x: row.left + 8, y, width: row.width - 16, height: 1 });
    expect(await focusColourShare(page, strip(row.top - 3.5))).toBeGreaterThan(0.8);
    expect(await focusColourShare(page, strip(row.bottom + 2.5))).toBeGreaterThan(0.8);
  });
});

describe('axe-core finds no violation', () => {
  test.each(VIEWPORT_NAMES)('on the login screen, with an error shown (%s)', async (viewport) => {
    const page = await newPage({ viewport });
    await openApp(page);
    const form = loginForm(page);
    await form.heading.waitFor();
    await page.locator('form.login-form[aria-busy="false"]').waitFor();
    expect(await checkA11y(page)).toEqual([]);
    await form.login.fill('admin');
    await form.password.fill('wrong');
    await form.submit.click();
    await form.alert.waitFor();
    expect(await checkA11y(page)).toEqual([]);
    await expectNoConsoleErrors(page);
  });

  test.each(VIEWPORT_NAMES)('on the contact list, whole and filtered (%s)', async (viewport) => {
    const page = await newPage({ viewport });
    await openSignedIn(page);
    await expectListShowing(page, await serverCount([]));
    await filtersLoaded(page);
    expect(await checkA11y(page)).toEqual([]);

    await search(page, 'smith');
    await expectListShowing(page, await serverCount(searchDomain('smith')));
    await pickFilter(page, 'Show', 'Individuals');
    await expectListShowing(page, await serverCount([...searchDomain('smith'), ['is_company', '=', false]]));
    expect(await checkA11y(page)).toEqual([]);

    // The empty result has its own sentence.
    await search(page, 'zzzz-no-such-contact');
    await expectListShowing(page, 0);
    expect(await checkA11y(page)).toEqual([]);
    await expectNoConsoleErrors(page);
  });

  test.each(VIEWPORT_NAMES)('on the detail of a company with contacts, and of a payload partner (%s)', async (viewport) => {
    const page = await newPage({ viewport });
    await openSignedIn(page, `/partners/${SEEDED.decoAddict.id}`);
    await openDetail(page, SEEDED.decoAddict.id);
    expect(await checkA11y(page)).toEqual([]);

    await page.goto(new URL(`/partners/${SEEDED.scriptCompany.id}`, page.url()).href);
    await openDetail(page, SEEDED.scriptCompany.id);
    expect(await checkA11y(page)).toEqual([]);
    await expectNoConsoleErrors(page);
  });

  test("in dark mode, the system's or the user's: the login, the list with its menu open, a contact", async () => {
    const page = await newPage({ viewport: 'phone' });
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await page.emulateMedia({ colorScheme: 'dark' });
    await openApp(page);
    await page.locator('form.login-form[aria-busy="false"]').waitFor();
    expect(await background()).toBe('rgb(20, 24, 28)');
    expect(await checkA11y(page)).toEqual([]);
    await loginForm(page).login.fill('admin');
    await loginForm(page).password.fill('admin');
    await loginForm(page).submit.click();
    await expectListShowing(page, await serverCount([]));
    await filtersLoaded(page);
    expect(await checkA11y(page)).toEqual([]);
    await openFilters(page);
    expect(await checkA11y(page)).toEqual([]);
    await closeFilters(page);
    await accountMenu(page).click();
    expect(await checkA11y(page)).toEqual([]);
    await page.goto(new URL(`/partners/${SEEDED.decoAddict.id}`, page.url()).href);
    await openDetail(page, SEEDED.decoAddict.id);
    expect(await checkA11y(page)).toEqual([]);
    await screenshot(page, 'phone-detail-dark');

    // The user's choice wins over the system's, and is kept for the next start.
    await accountMenu(page).click();
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('light');
    expect(await background()).toBe('rgb(245, 247, 249)');
    await page.reload();
    await contactHeading(page).waitFor();
    expect(await background()).toBe('rgb(245, 247, 249)');
    await page.emulateMedia({ colorScheme: 'light' });
    await accountMenu(page).click();
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
    expect(await background()).toBe('rgb(20, 24, 28)');
    expect(await checkA11y(page)).toEqual([]);
    await expectNoConsoleErrors(page);
  });

  test('on a missing contact, then on the "session has ended" login', async () => {
    const page = await newPage();
    await openSignedIn(page, '/partners/999999');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('This record does not exist any more.');
    expect(await checkA11y(page)).toEqual([]);

    await destroySessionOnServer(await sessionCookieOf(page));
    await page.reload();
    await page.getByText('Your session has ended. Sign in again to continue where you were.', { exact: true }).waitFor();
    expect(await checkA11y(page)).toEqual([]);
    await expectNoConsoleErrors(page);
  });
});
