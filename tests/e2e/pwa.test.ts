/**
 * The installable PWA (issue 6, part 1) in a real Chromium on a fresh profile: the browser finds
 * nothing missing to install it, the service worker takes over the app shell, the shell starts with
 * the network gone, and a new version is offered, never forced — all under the real CSP and its
 * Trusted Types.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { expectNoConsoleErrors, newPage } from './support/browser.ts';
import { appUrl, baseUrl, loginForm, openApp } from './support/fieldbook.ts';

const SW_URL = `${baseUrl}/sw.js`;

/** Waits until the app's worker is active (it registers after the page's load event). */
async function serviceWorkerReady(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active?.scriptURL ?? '';
  });
}

/** The script URL of the worker controlling the page, or '' when none does. */
function controllerOf(page: Page): Promise<string> {
  return page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? '');
}

/** Opens the app and waits until its worker is active and controls the page (after a reload). */
async function openControlledApp(page: Page): Promise<void> {
  await openApp(page);
  expect(await serviceWorkerReady(page)).toBe(SW_URL);
  await page.reload();
  await page.locator('#root > *').first().waitFor();
  expect(await controllerOf(page)).toBe(SW_URL);
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

interface ManifestIcon {
  readonly src: string;
  readonly sizes: string;
  readonly type: string;
  readonly purpose?: string;
}

describe('the installable app', () => {
  test('has zero installability errors in Chromium, with a complete manifest and real PNG icons', async () => {
    const page = await newPage();
    await openApp(page);
    await serviceWorkerReady(page);
    const cdp = await page.context().newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);

    const { url, errors } = await cdp.send('Page.getAppManifest');
    expect(url).toBe(appUrl('/manifest.webmanifest'));
    expect(errors).toEqual([]);
    const response = await page.request.get(url);
    expect(response.headers()['content-type']).toMatch(/^application\/manifest\+json/);
    const manifest = (await response.json()) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      id: '/',
      name: 'Fieldbook',
      short_name: 'Fieldbook',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      theme_color: '#1f5f8b',
      background_color: expect.stringMatching(/^#[0-9a-f]{6}$/),
      description: expect.stringMatching(/\S/),
    });
    const icons = manifest.icons as readonly ManifestIcon[];
    expect(icons.map((icon) => `${icon.sizes} ${icon.purpose ?? 'any'}`).sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    for (const icon of icons) {
      const image = await page.request.get(appUrl(icon.src));
      expect(image.headers()['content-type']).toBe('image/png');
      const { width, height } = pngSize(await image.body());
      expect(`${width}x${height}`).toBe(icon.sizes);
    }
    await expectNoConsoleErrors(page);
  });

  test('registers its service worker under Trusted Types, which controls the page after a reload', async () => {
    const page = await newPage();
    await openApp(page);
    // No clients.claim(): the first visit is not taken over mid-flight; the next load is.
    expect(await serviceWorkerReady(page)).toBe(SW_URL);
    expect(await controllerOf(page)).toBe('');
    await page.reload();
    await page.locator('#root > *').first().waitFor();
    expect(await controllerOf(page)).toBe(SW_URL);
    expect(page.context().serviceWorkers().map((worker) => worker.url())).toContain(SW_URL);
    await expectNoConsoleErrors(page);
  });

  test('starts the app shell from the service worker when the network is unreachable', async () => {
    const page = await newPage();
    await openControlledApp(page);
    await page.context().setOffline(true);
    // The network really is gone: a file the worker does not hold cannot be fetched.
    const probe = await page.evaluate(() =>
      fetch(`/favicon.svg?offline-probe=${Date.now()}`).then(
        (r) => `status ${r.status}`,
        (error: unknown) => (error instanceof Error ? error.name : String(error)),
      ),
    );
    expect(probe).toBe('TypeError');

    await page.reload();
    await loginForm(page).heading.waitFor();
    // A client-side route too: every navigation of the app is answered with the precached shell.
    await page.goto(appUrl('/partners/42'));
    await page.locator('#root > *').first().waitFor();
    expect(await controllerOf(page)).toBe(SW_URL);
    // Chromium's own line for each request that met no network (the probe, the login screen's data
    // calls): expected offline. Anything else — a CSP or Trusted Types violation, an app error — fails.
    await expectNoConsoleErrors(page, { allow: [/^console\.error \([^)]*\): Failed to load resource: net::ERR_INTERNET_DISCONNECTED$/] });
  });

  test('offers a new version and reloads into it only when the user asks', async () => {
    const page = await newPage();
    // The installed version is the real worker with a byte more: then the server's own is the new one.
    // (Playwright routes the page's register() fetch, not the browser's update checks.)
    await page.context().route(SW_URL, async (route) => {
      const real = await route.fetch();
      await route.fulfill({ response: real, body: `${await real.text()}\n// the previous version\n` });
    });
    await openControlledApp(page);
    await page.context().unroute(SW_URL);
    await page.evaluate(() => {
      (window as Window & { stillTheSamePage?: boolean }).stillTheSamePage = true;
      // Every message the page sends a worker is noted: forcing an update is sending it SKIP_WAITING.
      const sent: unknown[] = [];
      (window as Window & { sentToWorker?: unknown[] }).sentToWorker = sent;
      const post = ServiceWorker.prototype.postMessage;
      ServiceWorker.prototype.postMessage = function (this: ServiceWorker, message: unknown, ...rest: [StructuredSerializeOptions?]) {
        sent.push(message);
        return post.call(this, message, ...rest);
      } as typeof post;
    });
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });

    const banner = page.getByRole('status').filter({ hasText: 'Update available' });
    await banner.waitFor();
    // Offered, not forced: the new version has installed and waits, the page never asked it to take
    // over (no SKIP_WAITING sent), and it is still the same page.
    await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting?.state)).toBe('installed');
    expect(await page.evaluate(() => (window as Window & { sentToWorker?: unknown[] }).sentToWorker)).toEqual([]);
    expect(await page.evaluate(() => (window as Window & { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting?.state)).toBe('installed');

    await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Reload' }).click()]);
    await page.locator('#root > *').first().waitFor();
    expect(await page.evaluate(() => (window as Window & { stillTheSamePage?: boolean }).stillTheSamePage)).toBeUndefined();
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull();
    expect(await controllerOf(page)).toBe(SW_URL);
    expect(await banner.count()).toBe(0);
    await expectNoConsoleErrors(page);
  });
});
