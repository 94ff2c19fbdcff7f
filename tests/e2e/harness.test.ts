/**
 * The e2e harness itself (support/browser.ts): fresh profiles, service workers on the app's origin,
 * and recorders that really record. If these broke, the app's e2e tests could pass for nothing.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, test } from 'vitest';
import { expectNoConsoleErrors, expectNoDialogs, newPage, openBrowser, problemsOf, type BrowserSession } from './support/browser.ts';

const baseUrl = inject('baseUrl');

const opened: BrowserSession[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((session) => session.close()));
});

async function open(options: Parameters<typeof openBrowser>[0] = {}): Promise<{ session: BrowserSession; page: Page }> {
  const session = await openBrowser(options);
  opened.push(session);
  return { session, page: await session.newPage() };
}

/** The failure of `check` as text, or 'passed'. */
async function failureOf(check: () => Promise<unknown>): Promise<string> {
  try {
    await check();
    return 'passed';
  } catch (error) {
    return String(error);
  }
}

interface TrustedTypesInPage {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): string };
}

describe('the e2e harness', () => {
  test('starts each browser on an empty profile, and reopens a kept one with its data', async () => {
    const first = await open();
    await first.page.goto(baseUrl);
    await first.page.evaluate(() => localStorage.setItem('e2e-probe', 'kept'));
    await first.session.close({ keepProfile: true });

    const fresh = await open();
    await fresh.page.goto(baseUrl);
    expect(await fresh.page.evaluate(() => localStorage.getItem('e2e-probe'))).toBeNull();
    expect(fresh.session.profileDir).not.toBe(first.session.profileDir);

    const reopened = await open({ profileDir: first.session.profileDir });
    await reopened.page.goto(baseUrl);
    expect(await reopened.page.evaluate(() => localStorage.getItem('e2e-probe'))).toBe('kept');
    await reopened.session.close();
    const { rmSync } = await import('node:fs');
    rmSync(first.session.profileDir, { recursive: true, force: true });
  });

  test('runs a service worker on the app origin and records its console errors', async () => {
    const { session, page } = await open();
    // A probe worker served in the origin's name: the app's own worker is not what is tested here.
    await session.context.route(`${baseUrl}/e2e-probe-sw.js`, (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: "self.addEventListener('install', () => { console.error('probe worker installed'); self.skipWaiting(); });\nself.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));",
      }),
    );
    // A page of the origin, with the app's real headers, but without the app: its own worker and its
    // Trusted Types policy (the only name the CSP allows) stay out of the way.
    await session.context.route(`${baseUrl}/e2e-probe-page`, async (route) => {
      const real = await route.fetch({ url: `${baseUrl}/` });
      await route.fulfill({ response: real, body: '<!doctype html><html lang="en"><title>probe</title></html>' });
    });
    await page.goto(`${baseUrl}/e2e-probe-page`);
    const scope = await page.evaluate(async () => {
      // Trusted Types: under `require-trusted-types-for 'script'`, register() refuses a plain string,
      // and the CSP's `trusted-types` directive names the one policy that may vouch for a worker URL.
      const policy = (globalThis as unknown as { trustedTypes: TrustedTypesInPage }).trustedTypes.createPolicy('fieldbook-sw', { createScriptURL: (url) => url });
      await navigator.serviceWorker.register(policy.createScriptURL('/e2e-probe-sw.js') as unknown as string);
      const ready = await navigator.serviceWorker.ready;
      return ready.scope;
    });
    expect(scope).toBe(`${baseUrl}/`);
    expect(session.context.serviceWorkers().map((worker) => worker.url())).toContain(`${baseUrl}/e2e-probe-sw.js`);
    await expect.poll(() => problemsOf(page).console.map((entry) => entry.text)).toContain('probe worker installed');
  });

  test('records and dismisses every dialog', async () => {
    const page = await newPage();
    await page.goto(baseUrl);
    expect(await page.evaluate(() => (alert('one'), confirm('two')))).toBe(false);
    expect(problemsOf(page).dialogs).toEqual([
      { type: 'alert', message: 'one' },
      { type: 'confirm', message: 'two' },
    ]);
    expect(await failureOf(() => expectNoDialogs(page))).toContain('2 dialog(s) opened:\n  - alert: one\n  - confirm: two');
  });

  test('records console errors and uncaught errors, and fails on them', async () => {
    const page = await newPage();
    await page.goto(baseUrl);
    await expectNoConsoleErrors(page);
    await page.evaluate(() => {
      console.error('probe console error');
      setTimeout(() => {
        throw new RangeError('probe uncaught');
      }, 0);
    });
    await expect.poll(() => problemsOf(page).pageErrors).toEqual(['RangeError: probe uncaught']);
    const failure = await failureOf(() => expectNoConsoleErrors(page));
    expect(failure).toContain('probe console error');
    expect(failure).toContain('RangeError: probe uncaught');
    await expectNoConsoleErrors(page, { allow: [/probe/] });
  });

  test('fails with a clear message when Chromium is missing', async () => {
    await expect(openBrowser({ executablePath: '/nonexistent/chromium' })).rejects.toThrow(/Chromium is not installed at \/nonexistent\/chromium/);
  });
});
