/**
 * A large partner book on a phone (issue 12 §7): the production build in headless Chromium at
 * 360×740, the demo server seeded with `partners` contacts. Measured, never asserted:
 *  - the first full sync: the click on "Sign in" → "N contacts on this device, synced";
 *  - what the mirror takes on disk (`navigator.storage.estimate()`);
 *  - the browser closed and reopened with Odoo down: open → first row, cold and warm;
 *  - keystroke → list updated (debounce included) for a few searches, each typed whole into a
 *    cleared box (one `input` event), then one more character (typing on);
 *  - the page's JS heap (after a forced garbage collection) before and after those searches.
 * Goals (the issue's, at 200,000): sync ≤ 30 s, first row ≤ 300 ms, heap ≤ 120 MB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../tests/e2e/support/chromium.ts';
import { networkProxy, type NetworkProxy } from './odoo-network.ts';
import { installProbe, MARK, PROBE_ARGUMENTS, readListState, waitForMark, waitForPicture, watchListState, type ListState } from './page-marks.ts';
import { percentile, spreadOf, type Spread } from './stats.ts';

/** Typed whole, then with `more` appended. */
export const SCALE_SEARCHES = [
  { query: 'mar', more: 't' },
  { query: 'ber', more: 'g' },
  { query: 'example.com', more: '' },
  { query: 'an 4', more: '2' },
] as const;

export interface ScaleSearch {
  readonly query: string;
  readonly state: ListState;
  readonly keystrokeMs: Spread;
}

export interface ScaleResult {
  readonly measuredAt: string;
  readonly partners: number;
  readonly fullSyncMs: number;
  /** Of the full sync: pages, and the time spent waiting for their answers (request sent → first byte), summed. */
  readonly syncPages: number;
  readonly syncWaitMs: number;
  readonly storageBytes: number | undefined;
  readonly coldFirstRowMs: Spread;
  readonly warmFirstRowMs: Spread;
  /** Warm, the first row of the live page (React's), after the picture of the last list. */
  readonly warmLiveFirstRowMs: Spread;
  readonly searches: readonly ScaleSearch[];
  readonly keystrokeMs: Spread;
  readonly keystrokeP95Ms: number;
  readonly heapBeforeSearchBytes: number;
  readonly heapAfterSearchBytes: number;
  readonly statusLine: string;
}

/** Down: the browser offline and Odoo's calls dropped by the proxy (odoo-network.ts: not the browser's interception, which slows every request). */
async function open(profileDir: string, proxy: NetworkProxy, down: boolean): Promise<BrowserContext> {
  proxy.set(down ? 'down' : 'fast');
  const context = await launchChromium(profileDir, { viewport: 'phone', offline: down });
  await context.addInitScript(installProbe, PROBE_ARGUMENTS);
  return context;
}

async function heapAfterGc(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize;
  } finally {
    await cdp.detach();
  }
}

const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search contacts' });

/** What the list settles on for `q`: the URL says it, and nothing is being read. */
async function settled(page: Page, q: string): Promise<ListState> {
  await page.waitForURL((url) => (new URLSearchParams(url.search).get('q') ?? '') === q, { timeout: 30_000 });
  await page.locator('ul.partner-list[aria-busy="false"]').waitFor({ state: 'attached', timeout: 30_000 });
  return readListState(page);
}

/** Sets the box to `text` (one input event) and returns keystroke → list shows `expected`, in ms. */
async function timedInput(page: Page, text: string, expected: ListState): Promise<number> {
  await watchListState(page, expected);
  await searchBox(page).fill(text);
  const updatedAt = await waitForMark(page, MARK.listState, 30_000);
  const inputAt = await page.evaluate((name) => performance.getEntriesByName(name, 'mark').at(-1)?.startTime ?? Number.NaN, MARK.searchInput);
  return updatedAt - inputAt;
}

export async function measureScale(serverUrl: string, partners: number, runs: number): Promise<ScaleResult> {
  const measuredAt = new Date().toISOString();
  const profileDir = mkdtempSync(join(tmpdir(), 'fieldbook-bench-scale-'));
  const proxy = await networkProxy(serverUrl);
  const baseUrl = proxy.url;
  try {
    let fullSyncMs: number;
    let syncPages: number;
    let syncWaitMs: number;
    let storageBytes: number | undefined;
    const online = await open(profileDir, proxy, false);
    try {
      const page = online.pages()[0] ?? (await online.newPage());
      await page.goto(baseUrl);
      await page.getByLabel('Login', { exact: true }).fill('admin');
      await page.getByLabel('Password', { exact: true }).fill('admin');
      // The full sync's pages (an `id >` cursor): how long each waited for Odoo's first byte.
      const waits: number[] = [];
      page.on('requestfinished', (request) => {
        if (!request.url().endsWith('/search_read') || !(request.postData() ?? '').includes('"id",">"')) return;
        const timing = request.timing();
        waits.push(timing.responseStart - timing.requestStart);
      });
      const started = performance.now();
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.locator('.device-status').getByText(/contacts on this device, synced/).waitFor({ timeout: 600_000 });
      fullSyncMs = performance.now() - started;
      syncPages = waits.length;
      syncWaitMs = waits.reduce((a, b) => a + b, 0);
      storageBytes = await page.evaluate(async () => (await navigator.storage.estimate()).usage);
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
    } finally {
      await online.close();
    }
    console.log(`  ${partners} partners: full sync ${(fullSyncMs / 1000).toFixed(1)} s (${syncPages} pages, ${(syncWaitMs / 1000).toFixed(1)} s waiting for them), ${((storageBytes ?? 0) / 2 ** 20).toFixed(1)} MiB stored`);

    const cold: number[] = [];
    const warm: number[] = [];
    const warmLive: number[] = [];
    let last: { context: BrowserContext; page: Page } | undefined;
    for (let i = 0; i < runs; i += 1) {
      const context = await open(profileDir, proxy, true);
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(baseUrl, { waitUntil: 'commit' });
      cold.push(await waitForMark(page, MARK.firstRow, 60_000));
      await waitForPicture(page, 60_000);
      await page.reload({ waitUntil: 'commit' });
      warm.push(await waitForMark(page, MARK.firstRow, 60_000));
      warmLive.push(await waitForMark(page, MARK.liveFirstRow, 60_000));
      console.log(`  Odoo down #${i + 1}: first row ${cold.at(-1)?.toFixed(0)} ms cold, ${warm.at(-1)?.toFixed(0)} ms warm (live ${warmLive.at(-1)?.toFixed(0)} ms)`);
      if (i < runs - 1) await context.close();
      else last = { context, page };
    }
    if (last === undefined) throw new Error('no run');
    const { context, page } = last;
    try {
      await page.locator('.device-status').getByRole('status').getByText(/^Odoo unreachable/).waitFor({ timeout: 60_000 });
      const whole = await settled(page, '');
      const heapBeforeSearchBytes = await heapAfterGc(context, page);
      const searches: ScaleSearch[] = [];
      const all: number[] = [];
      const states = new Map<string, ListState>();
      for (const { query, more } of SCALE_SEARCHES) {
        for (const text of more === '' ? [query] : [query, query + more]) {
          // Learn what the list shows for it (unmeasured), then measure: the whole query typed into a
          // cleared box, or (typing on) one more character after the query.
          await searchBox(page).fill(text);
          const state = await settled(page, text);
          states.set(text, state);
          const times: number[] = [];
          for (let i = 0; i < runs; i += 1) {
            await timedInput(page, '', whole);
            if (text !== query) await timedInput(page, query, states.get(query) ?? state);
            times.push(await timedInput(page, text, state));
          }
          all.push(...times);
          searches.push({ query: text, state, keystrokeMs: spreadOf(times) });
          console.log(`  search "${text}" (${state.count}): ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
        }
      }
      const heapAfterSearchBytes = await heapAfterGc(context, page);
      const statusLine = (await page.locator('.device-status').getByRole('status').textContent()) ?? '';
      return {
        measuredAt,
        partners,
        fullSyncMs,
        syncPages,
        syncWaitMs,
        storageBytes,
        coldFirstRowMs: spreadOf(cold),
        warmFirstRowMs: spreadOf(warm),
        warmLiveFirstRowMs: spreadOf(warmLive),
        searches,
        keystrokeMs: spreadOf(all),
        keystrokeP95Ms: percentile(all, 95),
        heapBeforeSearchBytes,
        heapAfterSearchBytes,
        statusLine,
      };
    } finally {
      await context.close();
    }
  } finally {
    await proxy.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
}

const mib = (bytes: number | undefined) => (bytes === undefined ? '?' : `${(bytes / 2 ** 20).toFixed(1)} MiB`);
const ms = (spread: Spread) => `${spread.median.toFixed(0)} (${spread.min.toFixed(0)}–${spread.max.toFixed(0)})`;

export const SCALE_HEADING = '## Scale: a large partner book on a phone';

export function scaleMarkdown(results: readonly ScaleResult[]): string[] {
  const first = results[0];
  if (first === undefined) return [SCALE_HEADING, '', '_Not measured._', ''];
  const row = (label: string, cell: (r: ScaleResult) => string, goal = '') => `| ${label} | ${results.map(cell).join(' | ')} | ${goal} |`;
  return [
    SCALE_HEADING,
    '',
    `${first.measuredAt} · the production build in headless Chromium at 360×740, Odoo the demo server on the same 2 cores, seeded with ` +
      '`npm run seed -- --partners N` · median (min–max). Goals from issue 12 §7 (at 200,000) and §6 (keystroke at 50,000).',
    '',
    `| | ${results.map((r) => `${r.partners.toLocaleString('en-US')} partners`).join(' | ')} | goal |`,
    `|---|${results.map(() => '---:').join('|')}|---:|`,
    row('first full sync (Sign in → "synced")', (r) => `${(r.fullSyncMs / 1000).toFixed(1)} s`, '≤ 30 s at 200,000'),
    row('… of which waiting for Odoo to answer its pages', (r) => (r.syncWaitMs === undefined ? '' : `${(r.syncWaitMs / 1000).toFixed(1)} s (${r.syncPages} pages)`)),
    row('storage used', (r) => mib(r.storageBytes)),
    row('Odoo down: open → first row, cold', (r) => `${ms(r.coldFirstRowMs)} ms`),
    row('Odoo down: reopened → first row, warm', (r) => `${ms(r.warmFirstRowMs)} ms`, '≤ 200 ms at 50,000, ≤ 300 ms at 200,000'),
    row('Odoo down: reopened → first row of the live page (React), warm', (r) => (r.warmLiveFirstRowMs === undefined ? '—' : `${ms(r.warmLiveFirstRowMs)} ms`), '—'),
    row('keystroke → list updated (no debounce: the device answers)', (r) => `${ms(r.keystrokeMs)} ms, p95 ${r.keystrokeP95Ms.toFixed(0)}`, '≤ 100 ms at 50,000'),
    row('page JS heap after GC, before searching', (r) => mib(r.heapBeforeSearchBytes)),
    row('page JS heap after GC, after the searches', (r) => mib(r.heapAfterSearchBytes), '≤ 120 MB at 200,000'),
    '',
    `| search | ${results.map((r) => `${r.partners.toLocaleString('en-US')}: list shows · keystroke → list, ms`).join(' | ')} |`,
    `|---|${results.map(() => '---:').join('|')}|`,
    ...first.searches.map((s, i) => `| \`${s.query}\` | ${results.map((r) => { const found = r.searches[i]; return found === undefined ? '' : `${found.state.count} · ${ms(found.keystrokeMs)}`; }).join(' | ')} |`),
    '',
    `Status line during the searches (${first.partners.toLocaleString('en-US')}): "${first.statusLine}".`,
    '',
  ];
}
