/**
 * What the benchmark measures inside the page: performance marks set by the page's own clock, so a
 * figure is the browser's time since navigation start (`performance.timeOrigin`), not Node's round
 * trips to it. The probe is an init script (DevTools' addScriptToEvaluateOnNewDocument: outside the
 * app's CSP, no markup added); it watches the DOM for states of the UI contract and marks the
 * animation frame that paints each, the first time it holds.
 *
 * The start's picture of the last list lives in a closed shadow root (so tests never find its
 * elements): the probe wraps `attachShadow` to see inside the roots the page creates.
 *
 * Page functions are sent as source text (`fn.toString()`), and tsx's keepNames wraps named inner
 * functions in a `__name()` helper the page does not have: inside them, only object-literal methods
 * and inline arrows.
 */
import type { Page } from 'playwright-core';

export const MARK = {
  /** Login and Password inputs and an enabled Sign in button are on screen. */
  loginFormInteractive: 'fieldbook-bench:login-form-interactive',
  /** The login form was submitted (the click on Sign in). */
  signIn: 'fieldbook-bench:sign-in',
  /**
   * The first partner row is laid out (non-empty box) and its frame is being painted: in the live
   * page, or in the start's picture of the last list (app/first-paint.ts), whichever comes first.
   */
  firstRow: 'fieldbook-bench:first-row',
  /** The first partner row of the live page (React's), picture or not. */
  liveFirstRow: 'fieldbook-bench:live-first-row',
  /** An `input` event in the search box: the keystroke. */
  searchInput: 'fieldbook-bench:search-input',
  /** The count and the first row show what a watched list state expects. */
  listState: 'fieldbook-bench:list-state',
} as const;
type Marks = typeof MARK;

const ROW_SELECTOR = 'ul[aria-label="Contacts"] > li > a.partner-row';

/** Installed in every document of a context: `context.addInitScript(installProbe, PROBE_ARGUMENTS)`. */
export const PROBE_ARGUMENTS = { marks: MARK, rowSelector: ROW_SELECTOR };

export function installProbe({ marks, rowSelector }: { marks: Marks; rowSelector: string }): void {
  if (window.top !== window) return;
  const probe = {
    done: new Set<string>(),
    roots: [] as ShadowRoot[],
    markAtNextFrame(name: string) {
      if (this.done.has(name)) return;
      this.done.add(name);
      requestAnimationFrame(() => performance.mark(name));
    },
    shown(row: Element | null) {
      return row !== null && row.getBoundingClientRect().height > 0;
    },
    labelled(text: string) {
      return Array.from(document.querySelectorAll('input')).some((input) => Array.from(input.labels ?? []).some((label) => label.textContent.trim() === text));
    },
    check(observer: MutationObserver) {
      const signIn = Array.from(document.querySelectorAll('button')).find((button) => button.textContent.trim() === 'Sign in');
      if (signIn !== undefined && !signIn.disabled && this.labelled('Login') && this.labelled('Password')) this.markAtNextFrame(marks.loginFormInteractive);
      const live = this.shown(document.querySelector(rowSelector));
      if (live || this.roots.some((root) => root.host.isConnected && this.shown(root.querySelector(rowSelector)))) this.markAtNextFrame(marks.firstRow);
      if (live) {
        this.markAtNextFrame(marks.liveFirstRow);
        observer.disconnect();
      }
    },
  };
  const options = { subtree: true, childList: true, attributes: true, characterData: true };
  const observer = new MutationObserver(() => probe.check(observer));
  observer.observe(document, options);
  const original = Element.prototype.attachShadow;
  Element.prototype.attachShadow = {
    attachShadow(this: Element, init: ShadowRootInit) {
      const root = original.call(this, init);
      probe.roots.push(root);
      observer.observe(root, options);
      return root;
    },
  }.attachShadow;
  document.addEventListener('submit', () => performance.mark(marks.signIn), { capture: true, once: true });
  document.addEventListener(
    'input',
    (event) => {
      if (event.target instanceof HTMLInputElement && event.target.type === 'search') performance.mark(marks.searchInput);
    },
    { capture: true },
  );
}

/** What the list shows: the text of its count (role=status) and of its first row. */
export interface ListState {
  readonly count: string;
  readonly firstRow: string | undefined;
}

export function readListState(page: Page): Promise<ListState> {
  return page.evaluate((rowSelector): ListState => {
    const counts = Array.from(document.querySelectorAll('[role="status"]'), (element) => element.textContent.trim());
    return {
      count: counts.find((text) => /\bcontacts?$/.test(text)) ?? counts.join(' | '),
      firstRow: document.querySelector(rowSelector)?.textContent.trim(),
    };
  }, ROW_SELECTOR);
}

/**
 * Arms a watcher that marks `MARK.listState` on the frame where the list first shows `expected`,
 * after clearing the previous search marks and resource timings (so what follows is this search's).
 */
export function watchListState(page: Page, expected: ListState): Promise<void> {
  return page.evaluate(
    ({ expected, marks, rowSelector }) => {
      performance.clearMarks(marks.listState);
      performance.clearMarks(marks.searchInput);
      performance.clearResourceTimings();
      const watcher = {
        matches() {
          const counts = Array.from(document.querySelectorAll('[role="status"]'), (element) => element.textContent.trim());
          return counts.includes(expected.count) && document.querySelector(rowSelector)?.textContent.trim() === expected.firstRow;
        },
      };
      const observer = new MutationObserver(() => {
        if (!watcher.matches()) return;
        observer.disconnect();
        requestAnimationFrame(() => performance.mark(marks.listState));
      });
      observer.observe(document, { subtree: true, childList: true, characterData: true });
    },
    { expected, marks: MARK, rowSelector: ROW_SELECTOR },
  );
}

/**
 * Waits until the app has kept its picture of the list shown now (app/first-paint.ts: once the
 * plain list has been still for a second): a warm start measured before it would paint none, which
 * no installed app reopened later meets.
 */
export async function waitForPicture(page: Page, timeoutMs: number): Promise<void> {
  const since = await page.evaluate(() => performance.timeOrigin);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const takenAt = await page.evaluate(async () => {
      const name = (await indexedDB.databases()).map((db) => db.name ?? '').find((n) => n.startsWith('fieldbook-account-'));
      if (name === undefined) return 0;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      try {
        const sealed = await new Promise<{ iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer } | undefined>((resolve, reject) => {
          const request = db.transaction('sync').objectStore('sync').get('screen');
          request.onsuccess = () => resolve(request.result as { iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer } | undefined);
          request.onerror = () => reject(request.error);
        });
        if (sealed === undefined) return 0;
        // Sealed with the account's key (src/storage/seal.ts), kept in the app's own database.
        const meta = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open('fieldbook');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        const key = await new Promise<CryptoKey>((resolve, reject) => {
          const request = meta.transaction('meta').objectStore('meta').get(`sealKey:${name.slice('fieldbook-account-'.length)}`);
          request.onsuccess = () => resolve(request.result as CryptoKey);
          request.onerror = () => reject(request.error);
        });
        meta.close();
        const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv, additionalData: new TextEncoder().encode('screen') }, key, sealed.data);
        const value = JSON.parse(new TextDecoder().decode(plain)) as unknown;
        return typeof value === 'object' && value !== null && typeof (value as { takenAt?: unknown }).takenAt === 'number' ? (value as { takenAt: number }).takenAt : 0;
      } finally {
        db.close();
      }
    });
    if (takenAt >= since) return;
    if (Date.now() > deadline) throw new Error(`the app kept no picture of its list within ${timeoutMs} ms (at ${page.url()})`);
    await page.waitForTimeout(100);
  }
}

/** Resolves with the mark's time (ms since navigation start) once the page has set it. */
export async function waitForMark(page: Page, name: string, timeoutMs: number): Promise<number> {
  const marked = page.evaluate(
    (name) =>
      new Promise<number>((resolve) => {
        const existing = performance.getEntriesByName(name, 'mark')[0];
        if (existing !== undefined) return resolve(existing.startTime);
        const observer = new PerformanceObserver((list) => {
          const entry = list.getEntriesByName(name, 'mark')[0];
          if (entry === undefined) return;
          observer.disconnect();
          resolve(entry.startTime);
        });
        observer.observe({ type: 'mark' });
      }),
    name,
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the page did not reach "${name}" within ${timeoutMs} ms (at ${page.url()})`)), timeoutMs);
  });
  try {
    return await Promise.race([marked, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** One search, from the page's clocks: keystroke, the RPCs it caused, the painted update. */
export interface SearchTiming {
  readonly inputAt: number;
  /** The first fetch after the keystroke started (the debounce is before it). */
  readonly fetchStart: number;
  /** The last of those fetches finished. */
  readonly fetchEnd: number;
  readonly fetches: number;
  readonly updatedAt: number;
}

export function readSearchTiming(page: Page): Promise<SearchTiming> {
  return page.evaluate((marks): SearchTiming => {
    const inputAt = performance.getEntriesByName(marks.searchInput, 'mark').at(-1)?.startTime ?? Number.NaN;
    const updatedAt = performance.getEntriesByName(marks.listState, 'mark')[0]?.startTime ?? Number.NaN;
    const fetches = performance
      .getEntriesByType('resource')
      .filter((entry): entry is PerformanceResourceTiming => entry instanceof PerformanceResourceTiming)
      .filter((entry) => entry.initiatorType === 'fetch' && entry.startTime >= inputAt && entry.responseEnd <= updatedAt);
    return {
      inputAt,
      fetchStart: Math.min(...fetches.map((entry) => entry.startTime)),
      fetchEnd: Math.max(...fetches.map((entry) => entry.responseEnd)),
      fetches: fetches.length,
      updatedAt,
    };
  }, MARK);
}
