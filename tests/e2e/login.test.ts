/**
 * Signing in, as people do it: a wrong password first, a bookmarked view that must survive the
 * login, and the whole way in with the keyboard alone.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { expectNoConsoleErrors, expectNoDialogs, newPage } from './support/browser.ts';
import {
  contactHeading,
  contactList,
  expectListShowing,
  filtersInForce,
  loginForm,
  openApp,
  pathOf,
  rowLinks,
  searchBox,
  searchDomain,
  SEEDED,
  serverCount,
  shownCount,
} from './support/fieldbook.ts';

/** What has the keyboard focus, described by role and accessible-name-ish text. */
function focused(page: Page): Promise<{ tag: string; type: string | null; label: string; className: string; focusVisible: boolean; outline: string }> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (element === null || element === document.body) return { tag: 'body', type: null, label: '', className: '', focusVisible: false, outline: 'none' };
    const labelled = element.closest('label')?.textContent ?? element.getAttribute('aria-label') ?? element.textContent ?? '';
    const style = getComputedStyle(element);
    return {
      tag: element.tagName.toLowerCase(),
      type: element.getAttribute('type'),
      label: labelled.trim(),
      className: element.className,
      focusVisible: element.matches(':focus-visible'),
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
    };
  });
}

/** Presses Tab until `wanted` holds for the focused element (checking first), at most `max` times. */
async function tabUntil(page: Page, wanted: (f: Awaited<ReturnType<typeof focused>>) => boolean, max = 15): Promise<Awaited<ReturnType<typeof focused>>> {
  const seen: string[] = [];
  for (let presses = 0; presses <= max; presses += 1) {
    const now = await focused(page);
    if (wanted(now)) return now;
    seen.push(`${now.tag}${now.type === null ? '' : `[${now.type}]`} "${now.label.slice(0, 30)}"`);
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached the element; focus went through:\n  ${seen.join('\n  ')}`);
}

/** Visible focus: Chromium's :focus-visible heuristic matched, and the outline is really drawn. */
function expectVisibleFocus(f: Awaited<ReturnType<typeof focused>>): void {
  expect(f.focusVisible, `:focus-visible on ${f.tag} "${f.label}"`).toBe(true);
  const [style, width] = f.outline.split(' ');
  expect(style).not.toBe('none');
  expect(Number.parseFloat(width ?? '0')).toBeGreaterThanOrEqual(2);
}

describe('signing in', () => {
  test('says "Wrong login or password." for a wrong password, then signs in with the right one', async () => {
    const page = await newPage();
    await openApp(page);
    const form = loginForm(page);
    await expect.poll(() => form.heading.isVisible()).toBe(true);

    await form.login.fill('admin');
    await form.password.fill('not-the-password');
    await form.submit.click();
    await form.alert.waitFor();
    expect((await form.alert.textContent())?.trim()).toBe('Wrong login or password.');
    // Still the login screen, the password cleared for a new try, the login kept.
    expect(await form.heading.isVisible()).toBe(true);
    expect(await form.password.inputValue()).toBe('');
    expect(await form.login.inputValue()).toBe('admin');

    await form.password.fill('admin');
    await form.submit.click();
    await contactList(page).waitFor();
    // The count and the rows are two queries: wait until both show the whole book.
    await expectListShowing(page, await serverCount([]));
    expect(await shownCount(page)).toBeGreaterThan(4000);
    expect(await rowLinks(page).count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'Fieldbook' }).isVisible()).toBe(true);
    expect(await page.getByText('Mitchell Admin', { exact: true }).isVisible()).toBe(true);
    expect(await form.alert.count()).toBe(0);
    await expectNoConsoleErrors(page);
    await expectNoDialogs(page);
  });

  test('opens a bookmarked list URL with its filters applied, after a login rendered in place', async () => {
    const { belgium } = SEEDED.countries;
    const { vip } = SEEDED.tags;
    const bookmark = `/?q=a&type=company&country=${belgium.id}&tag=${vip.id}`;
    const expected = await serverCount([...searchDomain('a'), ['is_company', '=', true], ['country_id', '=', belgium.id], ['category_id', 'in', [vip.id]]]);
    expect(expected).toBeGreaterThan(0);

    const page = await newPage();
    await openApp(page, bookmark);
    const form = loginForm(page);
    await form.heading.waitFor();
    // The login is shown at the bookmarked address, not after a redirect.
    expect(pathOf(page)).toBe(bookmark);
    await form.login.fill('admin');
    await form.password.fill('admin');
    await form.submit.click();

    await expectListShowing(page, expected);
    expect(pathOf(page)).toBe(bookmark);
    expect(await searchBox(page).inputValue()).toBe('a');
    expect(await filtersInForce(page)).toEqual({ type: 'Companies', countries: [belgium.name], tags: [vip.name] });
    const rows = await rowLinks(page).allTextContents();
    expect(rows).toHaveLength(expected);
    for (const row of rows) {
      expect(row).toContain(belgium.name);
      expect(row).toContain(vip.name);
    }
    await expectNoConsoleErrors(page);
  });

  test('works with the keyboard alone: sign in, search, open a contact, focus visible all along', async () => {
    const page = await newPage({ viewport: 'desktop' });
    await openApp(page);
    await loginForm(page).heading.waitFor();

    const login = await tabUntil(page, (f) => f.tag === 'input' && f.label === 'Login');
    expectVisibleFocus(login);
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    const password = await focused(page);
    expect(password).toMatchObject({ tag: 'input', type: 'password', label: 'Password' });
    expectVisibleFocus(password);
    await page.keyboard.type('admin');
    await page.keyboard.press('Enter');
    await contactList(page).waitFor();
    await shownCount(page);

    const search = await tabUntil(page, (f) => f.tag === 'input' && f.type === 'search');
    expectVisibleFocus(search);
    await page.keyboard.type('deco');
    // A pause between keys (a loaded machine) may commit a prefix first ("dec"): the whole word, then its list.
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('deco');
    const expected = await serverCount(searchDomain('deco'));
    await expectListShowing(page, expected);

    const firstRow = await tabUntil(page, (f) => f.tag === 'a' && f.className.includes('partner-row'));
    expectVisibleFocus(firstRow);
    const firstName = (await rowLinks(page).first().locator('.partner-name').textContent()) ?? '';
    expect(firstRow.label).toBe((await rowLinks(page).first().textContent())?.trim());
    await page.keyboard.press('Enter');

    const heading = contactHeading(page);
    // A desktop shows the contact beside the list, whose query its URL keeps.
    await expect.poll(() => pathOf(page)).toMatch(/^\/partners\/\d+\?q=deco$/);
    await heading.waitFor();
    await expect.poll(async () => (await focused(page)).tag).toBe('h1');
    const onHeading = await focused(page);
    // The row's name starts with its kind mark (▣/●); the heading is the name alone.
    expect(firstName).toContain(onHeading.label);
    expectVisibleFocus(onHeading);
    await expectNoConsoleErrors(page);
  });
});
