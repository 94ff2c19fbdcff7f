/**
 * The sign-in methods side by side (issue 5, §5): for Odoo's session login, "Sign in with Odoo"
 * (code + PKCE, DPoP) and the legacy implicit grant, the time from the click on the app's sign-in
 * button to the first partner row, and the requests and bytes the way in moves. For the OAuth
 * methods the time includes the redirects and the authorization server's login page, where the
 * script types the credentials as it does on the app's form for the session login.
 * Every run on a fresh profile (desktop, no throttling), signed in as demo/demo.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../tests/e2e/support/chromium.ts';
import { installProbe, MARK, PROBE_ARGUMENTS, waitForMark } from './page-marks.ts';
import { spreadOf, type Spread } from './stats.ts';
import { TrafficRecorder, type Traffic } from './traffic.ts';

export type LoginMethod = 'session' | 'code' | 'implicit';

export const LOGIN_METHODS: Readonly<Record<LoginMethod, { readonly label: string; readonly button: string }>> = {
  session: { label: 'session (login + password on the app)', button: 'Sign in' },
  code: { label: 'code + PKCE, DPoP ("Sign in with Odoo")', button: 'Sign in with Odoo' },
  implicit: { label: 'implicit (response_type=token)', button: 'Sign in with the implicit grant' },
};

const CREDENTIALS = { login: 'demo', password: 'demo' } as const;
const QUIET_MS = 500;
const TIMEOUT_MS = 30_000;

export interface LoginRun {
  /** The click on the app's sign-in button → the first partner row painted. */
  readonly clickToFirstRowMs: number;
  /** OAuth only: the click → the authorization server's login page on screen. */
  readonly clickToAsPageMs: number | undefined;
  /** OAuth only: the AS page on screen → its Sign in clicked (the script typing). */
  readonly typingOnAsPageMs: number | undefined;
  /** The sign-in's own call (request sent → answer received): `/web/session/authenticate`, or the token exchange; none for implicit. */
  readonly signInCallMs: number | undefined;
  /** From the click until the network is quiet after the first row. */
  readonly traffic: Traffic;
}

/** The call that signs in, per method: what the rest of the click → first row is measured against. */
const SIGN_IN_CALL: Readonly<Record<LoginMethod, string | undefined>> = { session: '/web/session/authenticate', code: '/oauth2/token', implicit: undefined };

export interface LoginMethodResult {
  readonly method: LoginMethod;
  readonly runs: readonly LoginRun[];
  readonly median: Record<string, Spread>;
}

const epochNow = (page: Page) => page.evaluate(() => performance.timeOrigin + performance.now());

async function measureLogin(baseUrl: string, method: LoginMethod): Promise<LoginRun> {
  const profileDir = mkdtempSync(join(tmpdir(), 'fieldbook-bench-login-'));
  // No service worker, as in pwa.ts: every request stays visible to the tab's Network events.
  const context = await launchChromium(profileDir, { viewport: 'desktop', serviceWorkers: 'block' });
  try {
    await context.addInitScript(installProbe, PROBE_ARGUMENTS);
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const traffic = new TrafficRecorder(cdp);
    // The legacy implicit grant is behind Odoo's developer switch, ?debug=1.
    await page.goto(method === 'implicit' ? `${baseUrl}/?debug=1` : baseUrl);
    const button = page.getByRole('button', { name: LOGIN_METHODS[method].button, exact: true });
    if (method === 'session') {
      await page.getByLabel('Login', { exact: true }).fill(CREDENTIALS.login, { timeout: TIMEOUT_MS });
      await page.getByLabel('Password', { exact: true }).fill(CREDENTIALS.password, { timeout: TIMEOUT_MS });
    } else if (method === 'implicit') {
      await page.getByText('Legacy: implicit grant (for demos)', { exact: true }).click({ timeout: TIMEOUT_MS });
    }
    await button.waitFor({ timeout: TIMEOUT_MS });
    await waitForMark(page, MARK.loginFormInteractive, TIMEOUT_MS);
    await traffic.quiet(QUIET_MS, TIMEOUT_MS);

    let signInCallMs: number | undefined;
    page.on('requestfinished', (request) => {
      if (SIGN_IN_CALL[method] === undefined || new URL(request.url()).pathname !== SIGN_IN_CALL[method]) return;
      const timing = request.timing();
      signInCallMs = timing.responseEnd - timing.requestStart;
    });
    traffic.start();
    const clickedAt = await epochNow(page);
    await button.click({ timeout: TIMEOUT_MS });
    let clickToAsPageMs: number | undefined;
    let typingOnAsPageMs: number | undefined;
    if (method !== 'session') {
      await page.waitForURL((url) => url.pathname.startsWith('/oauth2/interaction/'), { timeout: TIMEOUT_MS });
      const submit = page.getByRole('button', { name: 'Sign in', exact: true });
      await submit.waitFor({ timeout: TIMEOUT_MS });
      const asPageAt = await epochNow(page);
      await page.getByRole('textbox', { name: 'Login', exact: true }).fill(CREDENTIALS.login);
      await page.getByLabel('Password', { exact: true }).fill(CREDENTIALS.password);
      const submitAt = await epochNow(page);
      await submit.click({ timeout: TIMEOUT_MS });
      clickToAsPageMs = asPageAt - clickedAt;
      typingOnAsPageMs = submitAt - asPageAt;
    }
    await page.getByRole('button', { name: /, account menu$/ }).waitFor({ timeout: TIMEOUT_MS });
    const firstRow = await waitForMark(page, MARK.firstRow, TIMEOUT_MS);
    const firstRowAt = (await page.evaluate(() => performance.timeOrigin)) + firstRow;
    await traffic.quiet(QUIET_MS, TIMEOUT_MS);
    const summary = traffic.summary();
    // The report is kept in git: no authorization code (spent, but still) in its request lists.
    const entries = summary.entries.map((entry) => ({ ...entry, path: entry.path.replace(/([?&](?:code|state)=)[^&]+/g, '$1…') }));
    return { clickToFirstRowMs: firstRowAt - clickedAt, clickToAsPageMs, typingOnAsPageMs, signInCallMs, traffic: { ...summary, entries } };
  } finally {
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
}

function mediansOf(runs: readonly LoginRun[]): Record<string, Spread> {
  const figures: Record<string, (run: LoginRun) => number | undefined> = {
    clickToFirstRowMs: (r) => r.clickToFirstRowMs,
    clickToAsPageMs: (r) => r.clickToAsPageMs,
    typingOnAsPageMs: (r) => r.typingOnAsPageMs,
    signInCallMs: (r) => r.signInCallMs,
    requests: (r) => r.traffic.network.requests,
    bodyBytes: (r) => r.traffic.network.bodyBytes,
    headerBytes: (r) => r.traffic.network.headerBytes,
    staticRequests: (r) => r.traffic.static.requests,
    rpcRequests: (r) => r.traffic.rpc.requests,
    jsonRequests: (r) => r.traffic.json.requests,
    fromCacheOrWorker: (r) => r.traffic.entries.filter((e) => e.servedBy === 'cache' || e.servedBy === 'service worker').length,
  };
  const medians: Record<string, Spread> = {};
  for (const [name, figure] of Object.entries(figures)) {
    const values = runs.map(figure).filter((value): value is number => value !== undefined);
    if (values.length > 0) medians[name] = spreadOf(values);
  }
  return medians;
}

/** Each method `runs` times, each run on a fresh profile, against a demo server serving the build. */
export async function measureLogins(baseUrl: string, options: { runs: number }): Promise<LoginMethodResult[]> {
  const results: LoginMethodResult[] = [];
  for (const method of Object.keys(LOGIN_METHODS) as LoginMethod[]) {
    const runs: LoginRun[] = [];
    for (let i = 0; i < options.runs; i += 1) {
      const run = await measureLogin(baseUrl, method);
      runs.push(run);
      console.log(`  login ${method} #${i + 1}: click→first row ${run.clickToFirstRowMs.toFixed(0)} ms, ${run.traffic.network.requests} requests / ${run.traffic.network.bodyBytes} B`);
    }
    // The request list once per method (the same each run).
    const kept = runs.map((run, i) => (i === 0 ? run : { ...run, traffic: { ...run.traffic, entries: [] } }));
    results.push({ method, runs: kept, median: mediansOf(runs) });
  }
  return results;
}
