/**
 * What the device keeps on disk (issue 13, low 12): the partner mirror, the list's first rows and
 * picture, the tags and the service worker's stored answers are sealed with the account's key
 * (storage/seal.ts), so the profile's IndexedDB files hold no partner data as text — signed in, and
 * after logout, when the key is gone too. Read the way the review read them: every file of the
 * profile's IndexedDB folder, searched for the partners' e-mail addresses.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, onTestFinished, test } from 'vitest';
import { callKw, login, resultOf } from '../support/rpc.ts';
import { expectNoConsoleErrors, openBrowser } from './support/browser.ts';
import { baseUrl, contactHeading, deviceSynced, loginForm, logOut, openSignedIn, rowLinks } from './support/fieldbook.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The text of every file in the profile's IndexedDB folder, as one-byte and as two-byte strings (how V8 writes strings into IndexedDB). */
function indexedDbText(profileDir: string): string {
  return filesUnder(join(profileDir, 'Default', 'IndexedDB'))
    .map((file) => readFileSync(file))
    .flatMap((bytes) => [bytes.toString('latin1'), bytes.toString('utf16le'), bytes.subarray(1).toString('utf16le')])
    .join('\n');
}

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

test('the profile holds no partner e-mail as text: signed in and synced, with a contact opened and starred; nor after logout', async () => {
  const session = await openBrowser();
  onTestFinished(() => session.close());
  const page = await session.newPage();
  const cookie = await login(baseUrl, 'admin');
  const partners = resultOf<{ email: string | false; user_ids: number[] }[]>(
    await callKw(baseUrl, cookie, 'res.partner', 'search_read', [], { domain: [['email', '!=', false]], fields: ['email', 'user_ids'], context: { active_test: false } }),
  );
  // Users' own partners aside: the signed-in user's e-mail belongs to the session, kept to sign in again.
  const emails = new Set(partners.filter((partner) => partner.user_ids.length === 0).map((partner) => String(partner.email).toLowerCase()));
  expect(emails.size).toBeGreaterThan(1000);
  const found = () => [...new Set(indexedDbText(session.profileDir).toLowerCase().match(EMAIL) ?? [])].filter((email) => emails.has(email));

  await openSignedIn(page);
  await deviceSynced(page);
  // Everything the device keeps: the mirror, a contact opened (recents) and starred, the list's picture and first rows.
  await rowLinks(page).first().click();
  await contactHeading(page).waitFor();
  await page.getByRole('button', { name: 'Star', exact: true }).click();
  await page.goBack();
  await rowLinks(page).first().waitFor();
  const [user] = resultOf<{ name: string }[]>(await callKw(baseUrl, cookie, 'res.users', 'search_read', [], { domain: [['login', '=', 'admin']], fields: ['name'] }));
  expect(user?.name.length).toBeGreaterThan(3);
  // The scan sees what IndexedDB holds in the clear: the session's user name, in the app's own database.
  await expect.poll(() => indexedDbText(session.profileDir).includes(user?.name ?? '-'), { timeout: 10_000 }).toBe(true);
  expect(found()).toEqual([]);

  await logOut(page);
  await loginForm(page).heading.waitFor();
  expect(found()).toEqual([]);
  await expectNoConsoleErrors(page);
});
