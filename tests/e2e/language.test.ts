/**
 * The app speaks the Odoo user's language (issue 15 §5): `lang` from the session picks the catalog
 * and the locale (numbers, dates, plurals); the next start renders in it at once; logout goes back
 * to the browser's language for the next person.
 */
import { expect, test } from 'vitest';
import { checkA11y, expectNoConsoleErrors } from './support/browser.ts';
import { loginForm, searchDomain } from './support/fieldbook.ts';
import { appOnOwnServer, deviceStatus } from './support/offline.ts';

test("a user whose Odoo language is French gets the app in French, numbers and plurals included, and the next person the browser's", async () => {
  const { server, page } = await appOnOwnServer();
  const [demo] = await server.call<number[]>('res.users', 'search', [[['login', '=', 'demo']]]);
  await server.call('res.users', 'write', [[demo], { lang: 'fr_BE' }]);
  const total = await server.call<number>('res.partner', 'search_count', [[]], {}, 'demo');
  expect(total).toBeGreaterThan(1000);

  // The login speaks the browser's language (English here): nobody is known yet.
  const form = loginForm(page);
  await form.heading.waitFor();
  await form.login.fill('demo');
  await form.password.fill('demo');
  await form.submit.click();

  const menu = page.getByRole('button', { name: /, menu du compte$/ });
  await menu.waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr-BE');
  const count = page.locator('.list-bar .count');
  const frenchTotal = `${new Intl.NumberFormat('fr-BE').format(total)} contacts`;
  await expect.poll(async () => (await count.textContent()) ?? '', { timeout: 30_000 }).toBe(frenchTotal);
  const box = page.getByRole('searchbox', { name: 'Rechercher des contacts' });
  expect(await box.getAttribute('placeholder')).toBe('Nom, e-mail, téléphone, ville…');
  await expect.poll(async () => (await deviceStatus(page).textContent()) ?? '', { timeout: 60_000 }).toMatch(/contacts sur cet appareil, synchronisés/);
  await checkA11y(page);

  // One match (an e-mail address only one contact has): the singular.
  const people = await server.call<{ email: string }[]>('res.partner', 'search_read', [[['email', 'ilike', '@'], ['is_company', '=', false]]], { fields: ['email'], limit: 20 }, 'demo');
  let unique: string | undefined;
  for (const { email } of people) {
    if ((await server.call<number>('res.partner', 'search_count', [searchDomain(email)], {}, 'demo')) === 1) {
      unique = email;
      break;
    }
  }
  if (unique === undefined) throw new Error('no e-mail address of one contact only');
  await box.fill(unique);
  await expect.poll(async () => (await count.textContent()) ?? '').toBe('1 contact');

  // The next start renders in French at once: no English word before the session is read.
  await page.reload();
  await menu.waitFor();
  expect(await page.getByRole('heading', { level: 1, name: 'Contacts' }).count()).toBe(1);
  expect(await page.getByRole('button', { name: 'Filtres' }).count()).toBe(1);

  // The developers' flow inspector speaks it too.
  await page.goto(new URL('/oauth/inspector', server.url).href);
  await page.getByRole('heading', { level: 1, name: 'Inspecteur du parcours de connexion' }).waitFor();
  expect(await page.getByRole('heading', { level: 2, name: 'Pourquoi le flux implicite est obsolète' }).count()).toBe(1);
  await page.goto(server.url);
  await menu.waitFor();

  // Logout: the next person gets the browser's language.
  await menu.click();
  await page.getByRole('button', { name: 'Se déconnecter…' }).click();
  await page.getByRole('dialog', { name: /^Se déconnecter de Fieldbook\s\?$/ }).getByRole('button', { name: 'Se déconnecter', exact: true }).click();
  await form.heading.waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toMatch(/^en/);
  await expectNoConsoleErrors(page);
});
