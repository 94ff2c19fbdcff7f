/**
 * What a portal user may see, as the server's record rules decide: their own company and its
 * contacts, no partner tags (portal users cannot read them), and a refusal that reads like one.
 */
import { describe, expect, test } from 'vitest';
import { expectNoConsoleErrors, newPage } from './support/browser.ts';
import { closeFilters, expectListShowing, filtersInForce, openFilters, openSignedIn, pickFilter, rowLinks, SEEDED, serverCount } from './support/fieldbook.ts';

describe('a portal user', () => {
  test("sees only its company's contacts, and no broken Tag filter", async () => {
    const page = await newPage();
    await openSignedIn(page, '/', 'portal');
    const expected = await serverCount([], 'portal');
    expect(expected).toBeLessThan(10);
    await expectListShowing(page, expected);
    expect(await page.getByText('Joel Willis', { exact: true }).first().isVisible()).toBe(true);

    const names = await rowLinks(page).allTextContents();
    expect(names).toHaveLength(expected);
    for (const name of [SEEDED.decoAddict.name, ...SEEDED.decoAddict.contacts]) expect(names.some((row) => row.includes(name))).toBe(true);
    // Every contact shown is the company or one of its people.
    for (const row of names) expect(row).toContain(SEEDED.decoAddict.name);

    // Tags are not readable by portal users: the filter is not offered, and nothing says "error".
    expect(await (await openFilters(page)).getByRole('group', { name: 'Tags' }).count()).toBe(0);
    await closeFilters(page);
    expect(await page.getByRole('alert').count()).toBe(0);

    // The other filters still work for them.
    await pickFilter(page, 'Show', 'Companies');
    await expectListShowing(page, await serverCount([['is_company', '=', true]], 'portal'));
    expect(await rowLinks(page).allTextContents()).toEqual([expect.stringContaining(SEEDED.decoAddict.name)]);
    await expectNoConsoleErrors(page);
  });

  test('a tag filter from a bookmarked URL stays visible and removable, though portal users cannot read tags', async () => {
    const page = await newPage();
    const { vip } = SEEDED.tags;
    await openSignedIn(page, `/?tag=${vip.id}`, 'portal');
    await expectListShowing(page, await serverCount([['category_id', 'in', [vip.id]]], 'portal'));
    expect(await page.getByRole('alert').count()).toBe(0);
    // The filter that narrows the list is on screen (by its id: its name is not readable), never shown as "All tags".
    expect((await filtersInForce(page)).tags).toEqual([`Tag #${vip.id}`]);

    await pickFilter(page, 'Tags', `Tag #${vip.id}`, false);
    await expectListShowing(page, await serverCount([], 'portal'));
    expect(new URL(page.url()).searchParams.has('tag')).toBe(false);
    // With no tag filter left, the filter portal users cannot use goes away.
    expect(await (await openFilters(page)).getByRole('group', { name: 'Tags' }).count()).toBe(0);
    await closeFilters(page);
    await expectNoConsoleErrors(page);
  });

  test('opening a contact outside its company says it has no access, without crashing', async () => {
    const page = await newPage();
    await openSignedIn(page, `/partners/${SEEDED.scriptCompany.id}`, 'portal');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Your Odoo account does not have access to this.');
    expect(await page.getByRole('link', { name: '← Back to contacts' }).isVisible()).toBe(true);
    // Nothing of the refused record leaks into the page.
    expect(await page.locator('body').textContent()).not.toContain(SEEDED.scriptCompany.name);
    await expectNoConsoleErrors(page);
  });
});
