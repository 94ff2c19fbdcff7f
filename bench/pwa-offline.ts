/**
 * Offline cold start, in headless Chromium: sign in online on a fresh profile, let the partner
 * mirror sync, close the browser; reopen the same profile with no network (Playwright's offline
 * emulation, and every Odoo route refused for the page and the service worker alike), open the app
 * → first partner row painted, from the precached shell and the mirror alone. Reported, never asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from '../tests/e2e/support/chromium.ts';
import { installProbe, MARK, PROBE_ARGUMENTS, waitForMark } from './page-marks.ts';
import { spreadOf, type Spread } from './stats.ts';

export interface OfflineStartResult {
  readonly runs: readonly number[];
  readonly firstRowMs: Spread;
  /** What the device-status line said in the last run: proof the run was offline. */
  readonly badge: string;
}

async function open(profileDir: string, offline: boolean): Promise<BrowserContext> {
  const context = await launchChromium(profileDir, { viewport: 'phone', offline });
  await context.addInitScript(installProbe, PROBE_ARGUMENTS);
  if (offline) await context.route('**/web/**', (route) => route.abort('internetdisconnected'));
  return context;
}

/** One profile: signed in and synced online, then `runs` offline cold starts (browser closed and reopened each time). */
export async function measureOfflineStart(baseUrl: string, runs: number): Promise<OfflineStartResult> {
  const profileDir = mkdtempSync(join(tmpdir(), 'fieldbook-bench-offline-'));
  try {
    const online = await open(profileDir, false);
    try {
      const page = online.pages()[0] ?? (await online.newPage());
      await page.goto(baseUrl);
      await page.getByLabel('Login', { exact: true }).fill('admin');
      await page.getByLabel('Password', { exact: true }).fill('admin');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.locator('.device-status').getByText(/contacts on this device, synced/).waitFor({ timeout: 180_000 });
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
    } finally {
      await online.close();
    }
    const times: number[] = [];
    let badge = '';
    for (let i = 0; i < runs; i += 1) {
      const context = await open(profileDir, true);
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        await page.goto(baseUrl, { waitUntil: 'commit' });
        times.push(await waitForMark(page, MARK.firstRow, 60_000));
        badge = (await page.locator('.device-status').getByRole('status').textContent({ timeout: 10_000 })) ?? '';
        if (!badge.startsWith('Offline')) throw new Error(`the offline start was not offline: the app says "${badge}"`);
      } finally {
        await context.close();
      }
      console.log(`  offline cold start #${i + 1}: first row ${times.at(-1)?.toFixed(0)} ms`);
    }
    return { runs: times, firstRowMs: spreadOf(times), badge };
  } finally {
    rmSync(profileDir, { recursive: true, force: true });
  }
}
