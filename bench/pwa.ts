/**
 * The PWA half of `npm run bench`: the production build in headless Chromium, served by the demo
 * server, every run on a fresh on-disk profile:
 *  - cold: navigation → login form interactive → (fill Login and Password, click Sign in) → first
 *    partner row painted;
 *  - warm: reload in the same profile (HTTP cache warm, session alive) → first row painted;
 *  - search: one more character typed in the search box → count and first row show the new query.
 * Times are performance marks set in the page (page-marks.ts), traffic is DevTools Network events
 * (traffic.ts). Service workers are blocked: DevTools throttling and the tab's Network events do not
 * cover a worker's own fetches. Figures are reported, never asserted.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchChromium, VIEWPORTS, type ViewportName } from '../tests/e2e/support/chromium.ts';
import { ROOT } from '../tests/support/server.ts';
import { installProbe, MARK, PROBE_ARGUMENTS, readListState, readSearchTiming, waitForMark, watchListState, type ListState } from './page-marks.ts';
import { spreadOf, type Spread } from './stats.ts';
import { TrafficRecorder, type Traffic } from './traffic.ts';

export interface NetworkConditions {
  readonly name: string;
  readonly latencyMs: number;
  readonly downloadBytesPerSecond: number;
  readonly uploadBytesPerSecond: number;
}

/**
 * Chrome DevTools' "Fast 3G" preset (1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT, with DevTools'
 * factors: ×0.9 throughput, ×3.75 latency; since renamed "Slow 4G"; Puppeteer's `Fast 3G`).
 * Network only: the CPU is not slowed down.
 */
export const FAST_3G: NetworkConditions = {
  name: 'Fast 3G (DevTools preset)',
  latencyMs: 150 * 3.75,
  downloadBytesPerSecond: ((1.6 * 1000 * 1000) / 8) * 0.9,
  uploadBytesPerSecond: ((750 * 1000) / 8) * 0.9,
};

export interface PwaProfile {
  readonly id: string;
  readonly viewport: ViewportName;
  readonly network: NetworkConditions | undefined;
}

export const PROFILES = {
  desktop: { id: 'desktop', viewport: 'desktop', network: undefined },
  phoneFast3g: { id: 'phone-fast-3g', viewport: 'phone', network: FAST_3G },
} as const satisfies Record<string, PwaProfile>;

/** The search measured: `typed` appended to `base` already in the box. */
export const SEARCH = { base: 'ma', typed: 'r', debounceMs: 250 } as const;
const CREDENTIALS = { login: 'admin', password: 'admin' } as const;
const QUIET_MS = 500;
const SCREENSHOT_DIR = join(ROOT, '.tmp', 'screenshots');

export interface PwaRun {
  readonly cold: {
    /** Navigation start → Login, Password and an enabled Sign in on screen. */
    readonly loginFormInteractiveMs: number;
    /** Form interactive → Sign in clicked: the robot filling two fields, not the app. */
    readonly fillingMs: number;
    readonly clickToFirstRowMs: number;
    /** Navigation start → first row, the login included. */
    readonly firstRowMs: number;
    readonly traffic: Traffic;
  };
  readonly warm: { readonly firstRowMs: number; readonly traffic: Traffic };
  readonly search: {
    readonly keystrokeToUpdateMs: number;
    /** Keystroke → first RPC sent: the debounce, then React and the query layer. */
    readonly keystrokeToRequestMs: number;
    readonly requestsMs: number;
    /** Last RPC response → the updated list painted. */
    readonly responseToPaintMs: number;
    readonly requests: number;
  };
}

export interface PwaProfileResult {
  readonly profile: PwaProfile;
  readonly viewport: (typeof VIEWPORTS)[ViewportName];
  readonly runs: readonly PwaRun[];
  readonly median: Record<string, Spread>;
}

export interface PwaResult {
  readonly browser: string;
  readonly search: typeof SEARCH & { readonly baseState: ListState; readonly typedState: ListState };
  readonly profiles: readonly PwaProfileResult[];
}

interface Tab {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly cdp: CDPSession;
  readonly traffic: TrafficRecorder;
  close(): Promise<void>;
}

/** A fresh profile with the probe installed, the Network domain watched and maybe throttled. */
async function openTab(profile: PwaProfile): Promise<Tab> {
  const profileDir = mkdtempSync(join(tmpdir(), 'fieldbook-bench-profile-'));
  // No service worker here: its own requests escape the tab's DevTools throttling and byte counts
  // (the offline start, pwa-offline.ts, is where the worker is measured).
  const context = await launchChromium(profileDir, { viewport: profile.viewport, serviceWorkers: 'block' });
  const close = async () => {
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
  };
  try {
    await context.addInitScript(installProbe, PROBE_ARGUMENTS);
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    if (profile.network !== undefined) {
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: profile.network.latencyMs,
        downloadThroughput: profile.network.downloadBytesPerSecond,
        uploadThroughput: profile.network.uploadBytesPerSecond,
      });
    }
    return { context, page, cdp, traffic: new TrafficRecorder(cdp), close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function signIn(tab: Tab, baseUrl: string, timeoutMs: number): Promise<void> {
  await tab.page.goto(baseUrl, { waitUntil: 'commit' });
  await tab.page.getByLabel('Login', { exact: true }).fill(CREDENTIALS.login, { timeout: timeoutMs });
  await tab.page.getByLabel('Password', { exact: true }).fill(CREDENTIALS.password, { timeout: timeoutMs });
  await tab.page.getByRole('button', { name: 'Sign in', exact: true }).click({ timeout: timeoutMs });
}

const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search contacts' });

/** Waits until the list shows `expected` (marked in the page); returns the mark's time. */
async function listShows(tab: Tab, expected: ListState, act: () => Promise<void>, timeoutMs: number): Promise<number> {
  await watchListState(tab.page, expected);
  await act();
  return waitForMark(tab.page, MARK.listState, timeoutMs);
}

/** What the list settles on: the same count and first row for QUIET_MS, the network quiet. */
async function settledListState(tab: Tab, timeoutMs: number): Promise<ListState> {
  const deadline = performance.now() + timeoutMs;
  let previous: ListState | undefined;
  let stableSince = performance.now();
  for (;;) {
    await tab.traffic.quiet(QUIET_MS, timeoutMs);
    const state = await readListState(tab.page);
    const same = previous !== undefined && state.count === previous.count && state.firstRow === previous.firstRow;
    if (!same) stableSince = performance.now();
    if (same && /^[\d,]+ contacts?$/.test(state.count) && performance.now() - stableSince >= QUIET_MS) return state;
    if (performance.now() > deadline) throw new Error(`the list did not settle within ${timeoutMs} ms: ${JSON.stringify(state)}`);
    previous = state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * One unmeasured run that learns what the list shows for the base and the typed query (so a
 * measured search can wait for exactly that), and warms the server's caches for the runs after it.
 */
export async function planSearch(baseUrl: string): Promise<PwaResult['search']> {
  const tab = await openTab(PROFILES.desktop);
  try {
    await signIn(tab, baseUrl, 30_000);
    await waitForMark(tab.page, MARK.firstRow, 30_000);
    await searchBox(tab.page).fill(SEARCH.base);
    await tab.page.waitForURL((url) => new URLSearchParams(url.search).get('q') === SEARCH.base);
    const baseState = await settledListState(tab, 30_000);
    await searchBox(tab.page).press(SEARCH.typed);
    await tab.page.waitForURL((url) => new URLSearchParams(url.search).get('q') === SEARCH.base + SEARCH.typed);
    const typedState = await settledListState(tab, 30_000);
    if (baseState.count === typedState.count && baseState.firstRow === typedState.firstRow) {
      throw new Error(`"${SEARCH.base}" and "${SEARCH.base + SEARCH.typed}" show the same list: the search benchmark could not tell them apart`);
    }
    return { ...SEARCH, baseState, typedState };
  } finally {
    await tab.close();
  }
}

async function measureRun(baseUrl: string, profile: PwaProfile, search: PwaResult['search']): Promise<PwaRun> {
  const timeoutMs = profile.network === undefined ? 30_000 : 120_000;
  const tab = await openTab(profile);
  try {
    tab.traffic.start();
    await signIn(tab, baseUrl, timeoutMs);
    const coldFirstRow = await waitForMark(tab.page, MARK.firstRow, timeoutMs);
    const formAt = await waitForMark(tab.page, MARK.loginFormInteractive, timeoutMs);
    const clickAt = await waitForMark(tab.page, MARK.signIn, timeoutMs);
    await tab.traffic.quiet(QUIET_MS, timeoutMs);
    const coldTraffic = tab.traffic.summary();

    tab.traffic.start();
    await tab.page.reload({ waitUntil: 'commit' });
    const warmFirstRow = await waitForMark(tab.page, MARK.firstRow, timeoutMs);
    await tab.traffic.quiet(QUIET_MS, timeoutMs);
    const warmTraffic = tab.traffic.summary();

    const box = searchBox(tab.page);
    await listShows(tab, search.baseState, () => box.fill(search.base), timeoutMs);
    await tab.traffic.quiet(QUIET_MS, timeoutMs);
    await listShows(tab, search.typedState, () => box.press(search.typed), timeoutMs);
    const timing = await readSearchTiming(tab.page);
    return {
      cold: {
        loginFormInteractiveMs: formAt,
        fillingMs: clickAt - formAt,
        clickToFirstRowMs: coldFirstRow - clickAt,
        firstRowMs: coldFirstRow,
        traffic: coldTraffic,
      },
      warm: { firstRowMs: warmFirstRow, traffic: warmTraffic },
      search: {
        keystrokeToUpdateMs: timing.updatedAt - timing.inputAt,
        keystrokeToRequestMs: timing.fetchStart - timing.inputAt,
        requestsMs: timing.fetchEnd - timing.fetchStart,
        responseToPaintMs: timing.updatedAt - timing.fetchEnd,
        requests: timing.fetches,
      },
    };
  } catch (error) {
    throw new Error(`${profile.id}: ${String(error)}\n${await diagnose(tab, `bench-failed-${profile.id}`)}`, { cause: error });
  } finally {
    await tab.close();
  }
}

/** What the page showed when a run failed: its text, the requests in flight, a screenshot. */
async function diagnose(tab: Tab, name: string): Promise<string> {
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const shot = await tab.page.screenshot({ path, fullPage: true }).then(
    () => `screenshot: ${path}`,
    (error: unknown) => `no screenshot: ${String(error)}`,
  );
  const text = await tab.page.locator('body').innerText({ timeout: 5000 }).catch((error: unknown) => `(no text: ${String(error)})`);
  const traffic = tab.traffic.summary().entries.map((e) => `${e.method} ${e.path} ${e.status ?? ''} ${e.servedBy}`);
  return [`page ${tab.page.url()} shows: ${JSON.stringify(text.slice(0, 500))}`, `requests: ${traffic.join('; ')}`, shot].join('\n');
}

/** The figures of a profile's runs, by name: each one's median, min and max. */
function mediansOf(runs: readonly PwaRun[]): Record<string, Spread> {
  const figures: Record<string, (run: PwaRun) => number> = {
    'cold.loginFormInteractiveMs': (r) => r.cold.loginFormInteractiveMs,
    'cold.fillingMs': (r) => r.cold.fillingMs,
    'cold.clickToFirstRowMs': (r) => r.cold.clickToFirstRowMs,
    'cold.firstRowMs': (r) => r.cold.firstRowMs,
    'cold.requests': (r) => r.cold.traffic.network.requests,
    'cold.bodyBytes': (r) => r.cold.traffic.network.bodyBytes,
    'cold.staticRequests': (r) => r.cold.traffic.static.requests,
    'cold.staticBodyBytes': (r) => r.cold.traffic.static.bodyBytes,
    'cold.rpcRequests': (r) => r.cold.traffic.rpc.requests,
    'cold.rpcBodyBytes': (r) => r.cold.traffic.rpc.bodyBytes,
    'cold.jsonRequests': (r) => r.cold.traffic.json.requests,
    'cold.jsonBodyBytes': (r) => r.cold.traffic.json.bodyBytes,
    'cold.headerBytes': (r) => r.cold.traffic.network.headerBytes,
    'warm.firstRowMs': (r) => r.warm.firstRowMs,
    'warm.requests': (r) => r.warm.traffic.network.requests,
    'warm.bodyBytes': (r) => r.warm.traffic.network.bodyBytes,
    'warm.fromCache': (r) => r.warm.traffic.fromCache,
    'search.keystrokeToUpdateMs': (r) => r.search.keystrokeToUpdateMs,
    'search.keystrokeToRequestMs': (r) => r.search.keystrokeToRequestMs,
    'search.requestsMs': (r) => r.search.requestsMs,
    'search.responseToPaintMs': (r) => r.search.responseToPaintMs,
    'search.requests': (r) => r.search.requests,
  };
  return Object.fromEntries(Object.entries(figures).map(([name, figure]) => [name, spreadOf(runs.map(figure))]));
}

async function browserVersion(): Promise<string> {
  const tab = await openTab(PROFILES.desktop);
  try {
    return (await tab.cdp.send('Browser.getVersion')).product;
  } finally {
    await tab.close();
  }
}

/** Runs every profile `runs` times against `baseUrl` (a demo server serving the production build). */
export async function measurePwa(baseUrl: string, options: { runs: number; profiles: readonly PwaProfile[] }): Promise<PwaResult> {
  const browser = await browserVersion();
  console.log(`PWA: ${browser}; planning the search (one unmeasured run)…`);
  const search = await planSearch(baseUrl);
  const profiles: PwaProfileResult[] = [];
  for (const profile of options.profiles) {
    const runs: PwaRun[] = [];
    for (let i = 0; i < options.runs; i += 1) {
      const run = await measureRun(baseUrl, profile, search);
      runs.push(run);
      console.log(
        `  ${profile.id} #${i + 1}: cold ${run.cold.firstRowMs.toFixed(0)} ms (form ${run.cold.loginFormInteractiveMs.toFixed(0)}, click→row ${run.cold.clickToFirstRowMs.toFixed(0)}), ` +
          `warm ${run.warm.firstRowMs.toFixed(0)} ms, search ${run.search.keystrokeToUpdateMs.toFixed(0)} ms, ` +
          `${run.cold.traffic.network.requests} requests / ${run.cold.traffic.network.bodyBytes} B cold`,
      );
    }
    // Every run's figures are kept; the request lists only once (they are the same each run).
    const kept = runs.map((run, i) => (i === 0 ? run : { ...run, cold: { ...run.cold, traffic: { ...run.cold.traffic, entries: [] } }, warm: { ...run.warm, traffic: { ...run.warm.traffic, entries: [] } } }));
    profiles.push({ profile, viewport: VIEWPORTS[profile.viewport], runs: kept, median: mediansOf(runs) });
  }
  return { browser, search, profiles };
}
