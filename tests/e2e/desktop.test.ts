/**
 * The desktop (issue 15 §6), at 1280×800: the list and the open contact side by side, the
 * selection in the URL with the list's own query, and the keyboard — "/" to search, arrows between
 * rows, Enter to open, Esc to close.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { checkA11y, expectNoConsoleErrors, newPage, screenshot } from './support/browser.ts';
import { contactHeading, contactList, expectListShowing, openSignedIn, pathOf, rowLinks, searchDomain, serverCount } from './support/fieldbook.ts';

/** What has the focus: its tag, and its href for a link. */
function focused(page: Page): Promise<{ tag: string; type: string | null; href: string | null }> {
  return page.evaluate(() => {
    const element = document.activeElement;
    return { tag: element?.tagName.toLowerCase() ?? '', type: element?.getAttribute('type') ?? null, href: element?.getAttribute('href') ?? null };
  });
}

async function box(page: Page, selector: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const found = await page.locator(selector).first().boundingBox();
  if (found === null) throw new Error(`${selector} is not rendered`);
  return found;
}

describe('on a 1280 px desktop', () => {
  test('list and contact side by side, the selection in the URL, and the keyboard: "/", arrows, Enter, Esc', async () => {
    const page = await newPage({ viewport: 'desktop' });
    await openSignedIn(page, '/?type=company');
    await rowLinks(page).first().waitFor();
    await expect.poll(() => page.getByText('Choose a contact to see it here.').isVisible()).toBe(true);

    // "/" goes to the search box, from anywhere but a field.
    await page.locator('body').click({ position: { x: 5, y: 400 } });
    await page.keyboard.press('/');
    expect(await focused(page)).toMatchObject({ tag: 'input', type: 'search' });
    await page.keyboard.type('deco');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('deco');
    const total = await serverCount([['is_company', '=', true], ...searchDomain('deco')]);
    expect(total).toBeGreaterThan(1);
    await expectListShowing(page, total);

    // Arrows move between the rows; their links open beside the list, keeping its query.
    const hrefs = await rowLinks(page).evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs[0]).toMatch(/^\/partners\/\d+\?q=deco&type=company$/);
    await rowLinks(page).first().focus();
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).href).toBe(hrefs[1]);
    await page.keyboard.press('ArrowUp');
    expect((await focused(page)).href).toBe(hrefs[0]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');

    await expect.poll(() => pathOf(page)).toBe(hrefs[1]);
    const heading = contactHeading(page);
    await heading.waitFor();
    await expect.poll(async () => (await focused(page)).tag).toBe('h1');
    // Side by side: the list stays, its rows and count unchanged, the chosen row marked.
    await expectListShowing(page, total);
    expect(await rowLinks(page).nth(1).getAttribute('aria-current')).toBe('true');
    const list = await box(page, 'section.partners');
    const detail = await box(page, 'section.detail');
    expect(detail.x).toBeGreaterThanOrEqual(list.x + list.width);
    expect(detail.y).toBeLessThan(list.y + list.height);
    expect(await page.getByRole('main').count()).toBe(1);
    await page.locator('article.card[aria-busy="false"]').waitFor();
    await screenshot(page, 'desktop-split', { fullPage: false });
    expect(await checkA11y(page)).toEqual([]);

    // The URL is the state: a reload shows the same list and contact.
    const name = (await heading.textContent()) ?? '';
    await page.reload();
    await expect.poll(async () => (await contactHeading(page).textContent()) ?? '').toBe(name);
    await expectListShowing(page, total);

    // Esc closes the contact, back to the same list.
    await page.keyboard.press('Escape');
    await expect.poll(() => pathOf(page)).toBe('/?q=deco&type=company');
    await expect.poll(() => page.getByText('Choose a contact to see it here.').isVisible()).toBe(true);
    expect(await contactList(page).isVisible()).toBe(true);
    await expectNoConsoleErrors(page);
  });
});
