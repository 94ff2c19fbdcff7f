/**
 * The e2e browser: Debian's Chromium (`/usr/bin/chromium`, never a downloaded build) driven by
 * playwright-core, one fresh profile per test, and everything the browser complains about recorded.
 *
 * A fresh profile is `launchPersistentContext` on a new empty temp directory, not a new context in
 * a shared browser: it is a real on-disk profile (the normal storage quota for IndexedDB and Cache
 * Storage, not incognito's), service workers persist in it, and a test can close the browser and
 * open the same profile again (`close({ keepProfile: true })`, then `openBrowser({ profileDir })`),
 * which is what a user reopening the app offline does. A launch costs well under a second here.
 *
 * Nothing is injected into the page to watch it: console messages, uncaught errors and dialogs are
 * Playwright events, CSP and Trusted Types violations come from the DevTools protocol's Audits
 * domain. Only `checkA11y` puts a script in the page (axe-core), and only when called.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { expect, onTestFinished } from 'vitest';
import { ROOT } from '../../support/server.ts';
import { launchChromium, type ViewportName } from './chromium.ts';

export { checkA11y, type A11yViolation } from './a11y.ts';
export { chromiumPath, VIEWPORTS, type ViewportName } from './chromium.ts';

export const SCREENSHOT_DIR = join(ROOT, '.tmp', 'screenshots');

export interface OpenOptions {
  /** Default `phone`: Fieldbook is for people in the field first. */
  readonly viewport?: ViewportName;
  /** Reopen a profile kept by `close({ keepProfile: true })` instead of starting a fresh one. */
  readonly profileDir?: string;
  /** Start with the network off (Playwright's emulation: requests fail as if disconnected). */
  readonly offline?: boolean;
  /** Another Chromium binary (default: `chromiumPath()`). */
  readonly executablePath?: string;
  /** `block`: no service worker runs, as on a first visit before the app's worker is installed. */
  readonly serviceWorkers?: 'allow' | 'block';
}

export interface ConsoleEntry {
  readonly type: string;
  readonly text: string;
  /** Where it was logged: a page's URL, or `service worker <url>`. */
  readonly source: string;
}

export interface CspViolation {
  /** The directive that blocked, e.g. `script-src-elem`, `require-trusted-types-for`. */
  readonly directive: string;
  /** The DevTools protocol's kind, e.g. `kInlineViolation`, `kEvalViolation`, `kTrustedTypesSinkViolation`. */
  readonly kind: string;
  readonly blockedUrl: string | undefined;
  readonly sourceUrl: string | undefined;
}

export interface DialogEntry {
  readonly type: string;
  readonly message: string;
}

/** Everything one browser complained about, across its pages and service workers. */
export interface BrowserProblems {
  readonly console: ConsoleEntry[];
  readonly pageErrors: string[];
  readonly cspViolations: CspViolation[];
  readonly dialogs: DialogEntry[];
}

export interface BrowserSession {
  readonly context: BrowserContext;
  readonly profileDir: string;
  readonly problems: BrowserProblems;
  /** The profile's first tab on the first call, a new tab after that; watched like every page. */
  newPage(): Promise<Page>;
  /** Closes the browser and deletes the profile, unless `keepProfile` (to reopen it later). */
  close(options?: { keepProfile?: boolean }): Promise<void>;
}

const problemsByPage = new WeakMap<Page, BrowserProblems>();

/** Launches Chromium on a fresh, empty profile (or `profileDir`). Close it yourself; see `newPage`. */
export async function openBrowser(options: OpenOptions = {}): Promise<BrowserSession> {
  const ownProfile = options.profileDir === undefined;
  const profileDir = options.profileDir ?? mkdtempSync(join(tmpdir(), 'fieldbook-e2e-profile-'));
  const context = await launchChromium(profileDir, {
    viewport: options.viewport ?? 'phone',
    ...(options.offline === undefined ? {} : { offline: options.offline }),
    ...(options.executablePath === undefined ? {} : { executablePath: options.executablePath }),
    ...(options.serviceWorkers === undefined ? {} : { serviceWorkers: options.serviceWorkers }),
  }).catch((error: unknown) => {
    if (ownProfile) rmSync(profileDir, { recursive: true, force: true });
    throw error;
  });
  // Chromium decides by itself when to offer installing the app (its own heuristics, at a moment no
  // test controls), and the app then shows its offer over the list: the suite keeps the browser's
  // event from the app. install-refresh.test.ts fires its own (not trusted, so not stopped here).
  await context.addInitScript(() => {
    window.addEventListener(
      'beforeinstallprompt',
      (event) => {
        if (event.isTrusted) event.stopImmediatePropagation();
      },
      { capture: true },
    );
  });
  const problems: BrowserProblems = { console: [], pageErrors: [], cspViolations: [], dialogs: [] };
  const watching = new Map<Page, Promise<void>>();
  const watch = (page: Page): Promise<void> => {
    let watched = watching.get(page);
    if (watched === undefined) {
      watched = watchPage(context, page, problems);
      watching.set(page, watched);
    }
    return watched;
  };
  context.on('page', (page) => void watch(page));
  context.on('serviceworker', (worker) => {
    worker.on('console', (message) => problems.console.push({ type: message.type(), text: message.text(), source: `service worker ${worker.url()}` }));
  });
  const initial = context.pages();
  await Promise.all(initial.map(watch));
  let firstTab = initial[0];

  return {
    context,
    profileDir,
    problems,
    async newPage() {
      const page = firstTab ?? (await context.newPage());
      firstTab = undefined;
      await watch(page);
      return page;
    },
    async close({ keepProfile = false } = {}) {
      await context.close();
      if (ownProfile && !keepProfile) rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/**
 * A page in a fresh browser for the running test: closed when the test finishes, after a full-page
 * screenshot to `.tmp/screenshots/FAILED <test name>.png` if the test failed. Call it inside a test.
 */
export async function newPage(options: OpenOptions = {}): Promise<Page> {
  const session = await openBrowser(options);
  const page = await session.newPage();
  onTestFinished(async ({ task }) => {
    try {
      if (task.result?.state === 'fail' && !page.isClosed()) await screenshot(page, `FAILED ${task.name}`).catch(() => undefined);
    } finally {
      await session.close();
    }
  });
  return page;
}

async function watchPage(context: BrowserContext, page: Page, problems: BrowserProblems): Promise<void> {
  problemsByPage.set(page, problems);
  page.on('console', (message) => problems.console.push({ type: message.type(), text: message.text(), source: page.url() }));
  page.on('pageerror', (error) => problems.pageErrors.push(`${error.name}: ${error.message}`));
  // The dialog guard: a dialog blocks the page until answered, so record it and dismiss it.
  page.on('dialog', (dialog) => {
    problems.dialogs.push({ type: dialog.type(), message: dialog.message() });
    dialog.dismiss().catch(() => undefined);
  });
  const cdp = await context.newCDPSession(page);
  cdp.on('Audits.issueAdded', ({ issue }) => {
    const csp = issue.details.contentSecurityPolicyIssueDetails;
    if (issue.code !== 'ContentSecurityPolicyIssue' || csp === undefined) return;
    problems.cspViolations.push({
      directive: csp.violatedDirective,
      kind: csp.contentSecurityPolicyViolationType,
      blockedUrl: csp.blockedURL,
      sourceUrl: csp.sourceCodeLocation?.url,
    });
  });
  await cdp.send('Audits.enable');
}

/** What the browser of `page` has recorded so far (pages and service workers alike). */
export function problemsOf(page: Page): BrowserProblems {
  const problems = problemsByPage.get(page);
  if (problems === undefined) throw new Error('This page was not opened by openBrowser()/newPage(): nothing was recorded for it.');
  return problems;
}

/** A round trip to the page, so that events it sent before now have been received. */
async function settle(page: Page): Promise<void> {
  if (!page.isClosed()) await page.evaluate('0').catch(() => undefined);
}

/**
 * Fails, listing them, if the browser logged any console error (page or service worker), threw an
 * uncaught error, or reported a CSP / Trusted Types violation. `allow` exempts expected messages.
 */
export async function expectNoConsoleErrors(page: Page, options: { allow?: readonly RegExp[] } = {}): Promise<void> {
  await settle(page);
  const problems = problemsOf(page);
  const allowed = (text: string) => (options.allow ?? []).some((pattern) => pattern.test(text));
  const found = [
    ...problems.console.filter((entry) => entry.type === 'error').map((entry) => `console.error (${entry.source}): ${entry.text}`),
    ...problems.pageErrors.map((error) => `uncaught: ${error}`),
    ...problems.cspViolations.map((v) => `CSP ${v.directive} (${v.kind}) blocked ${v.blockedUrl ?? 'inline code'} in ${v.sourceUrl ?? 'the page'}`),
  ].filter((line) => !allowed(line));
  if (found.length > 0) throw new Error(`The browser reported ${found.length} problem(s):\n${found.map((line) => `  - ${line}`).join('\n')}`);
}

/** Fails if any alert/confirm/prompt/beforeunload dialog was opened (each was dismissed). */
export async function expectNoDialogs(page: Page): Promise<void> {
  await settle(page);
  const { dialogs } = problemsOf(page);
  if (dialogs.length > 0) throw new Error(`${dialogs.length} dialog(s) opened:\n${dialogs.map((d) => `  - ${d.type}: ${d.message}`).join('\n')}`);
}

/** A PNG of the page in `.tmp/screenshots/<name>.png` (full page by default); returns its path. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^\w .-]+/g, '_').slice(0, 150)}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? true });
  return path;
}

export interface HorizontalScroll {
  readonly scrollWidth: number;
  readonly clientWidth: number;
  /** Up to five elements that stick out past the right edge, as `tag#id.class`. */
  readonly overflowing: readonly string[];
}

/** Fails if the document scrolls sideways (scrollWidth > clientWidth), naming what sticks out. */
export async function noHorizontalScroll(page: Page): Promise<HorizontalScroll> {
  const measured = await page.evaluate((): HorizontalScroll => {
    const root = document.scrollingElement ?? document.documentElement;
    const edge = root.clientWidth;
    const overflowing = Array.from(document.body.querySelectorAll('*'))
      .filter((element) => element.getBoundingClientRect().right > edge + 0.5)
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}${element.id === '' ? '' : `#${element.id}`}${Array.from(element.classList, (c) => `.${c}`).join('')}`);
    return { scrollWidth: root.scrollWidth, clientWidth: edge, overflowing };
  });
  expect(measured.scrollWidth, `horizontal scroll: ${JSON.stringify(measured)}`).toBeLessThanOrEqual(measured.clientWidth);
  return measured;
}
