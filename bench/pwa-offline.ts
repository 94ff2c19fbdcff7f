/**
 * Cold start of the installed app, in headless Chromium: sign in online on a fresh profile, let the
 * partner mirror sync, close the browser; reopen the same profile and open the app → first partner
 * row painted, on three networks (odoo-network.ts, a proxy the app's origin is): Odoo fast; Odoo
 * slow (every API call answered after 8 s, for the page and the service worker alike, static files
 * untouched); Odoo down (the browser offline, and every API call's connection dropped). Local-first:
 * all three should be the device's answer. Reported, never asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from '../tests/e2e/support/chromium.ts';
import { networkProxy, type NetworkProxy, type OdooNetwork } from './odoo-network.ts';
import { installProbe, MARK, PROBE_ARGUMENTS, waitForMark, waitForPicture } from './page-marks.ts';
import { spreadOf, type Spread } from './stats.ts';

export interface StartOn {
  /** Cold: the browser just started (first navigation of a reopened profile). */
  readonly runs: readonly number[];
  readonly firstRowMs: Spread;
  /** Warm: the app reopened in the running browser (a reload), as when switching back to it. */
  readonly warmRuns?: readonly number[];
  readonly warmFirstRowMs?: Spread;
  /** Warm, the first row of the live page (React's), after the picture of the last list. */
  readonly warmLiveFirstRowMs?: Spread;
  /** What the device-status line said in the last run (down: proof the run was offline). */
  readonly badge: string;
}

/** Odoo down (the fields kept from the first version of this report), and the other networks. */
export interface OfflineStartResult extends StartOn {
  readonly fast?: StartOn;
  readonly slow?: StartOn;
}

async function open(profileDir: string, proxy: NetworkProxy, network: OdooNetwork): Promise<BrowserContext> {
  proxy.set(network);
  const context = await launchChromium(profileDir, { viewport: 'phone', offline: network === 'down' });
  await context.addInitScript(installProbe, PROBE_ARGUMENTS);
  return context;
}

/** One profile: signed in and synced online, then `runs` cold starts on each network (browser closed and reopened each time). */
export async function measureOfflineStart(serverUrl: string, runs: number): Promise<OfflineStartResult> {
  const profileDir = mkdtempSync(join(tmpdir(), 'fieldbook-bench-offline-'));
  const proxy = await networkProxy(serverUrl);
  const baseUrl = proxy.url;
  try {
    const online = await open(profileDir, proxy, 'fast');
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
    const on = async (network: OdooNetwork): Promise<StartOn> => {
      const times: number[] = [];
      const warm: number[] = [];
      const warmLive: number[] = [];
      let badge = '';
      for (let i = 0; i < runs; i += 1) {
        const context = await open(profileDir, proxy, network);
        try {
          const page = context.pages()[0] ?? (await context.newPage());
          await page.goto(baseUrl, { waitUntil: 'commit' });
          times.push(await waitForMark(page, MARK.firstRow, 60_000));
          const status = page.locator('.device-status').getByRole('status');
          // Down: wait until the app has found out (its session check or sync failed).
          if (network === 'down') await status.getByText(/^Odoo unreachable/).waitFor({ timeout: 30_000 });
          badge = (await status.textContent({ timeout: 10_000 })) ?? '';
          await waitForPicture(page, 30_000);
          await page.reload({ waitUntil: 'commit' });
          warm.push(await waitForMark(page, MARK.firstRow, 60_000));
          warmLive.push(await waitForMark(page, MARK.liveFirstRow, 60_000));
        } finally {
          await context.close();
        }
        console.log(`  Odoo ${network} #${i + 1}: first row ${times.at(-1)?.toFixed(0)} ms cold, ${warm.at(-1)?.toFixed(0)} ms warm (live ${warmLive.at(-1)?.toFixed(0)} ms)`);
      }
      return { runs: times, firstRowMs: spreadOf(times), warmRuns: warm, warmFirstRowMs: spreadOf(warm), warmLiveFirstRowMs: spreadOf(warmLive), badge };
    };
    const fast = await on('fast');
    const slow = await on('slow');
    const down = await on('down');
    return { ...down, fast, slow };
  } finally {
    await proxy.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
}
