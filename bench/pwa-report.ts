/** The PWA sections of bench/report.md, from the figures of pwa.ts and the initial bundle. */
import type { InitialBundle } from '../src/server/bundle-size.ts';
import type { PwaProfileResult, PwaResult } from './pwa.ts';
import { LOGIN_METHODS, type LoginMethodResult } from './pwa-oauth.ts';
import type { OfflineStartResult } from './pwa-offline.ts';
import type { Spread } from './stats.ts';
import type { TrafficEntry } from './traffic.ts';

export interface PwaReport {
  readonly measuredAt: string;
  readonly partners: number;
  readonly runsPerProfile: number;
  readonly bundle: InitialBundle & { readonly budget: { readonly jsGzipBytes: number; readonly pass: boolean } };
  readonly result: PwaResult;
  /** Per sign-in method (pwa-oauth.ts); absent in reports written before it existed. */
  readonly logins?: readonly LoginMethodResult[];
  /** Offline cold start (pwa-offline.ts); absent in reports written before it existed. */
  readonly offlineStart?: OfflineStartResult;
}

const bytes = (n: number) => Math.round(n).toLocaleString('en-US');

function profileTitle({ profile, viewport }: PwaProfileResult): string {
  const size = `${profile.viewport} ${viewport.viewport.width}×${viewport.viewport.height}`;
  return profile.network === undefined ? `${size}, no throttling` : `${size}, ${profile.network.name}`;
}

export function pwaMarkdown(report: PwaReport): string[] {
  const { bundle, result } = report;
  const profiles = result.profiles;
  const figure = (name: string, format: (spread: Spread) => string) => profiles.map((p) => {
    const spread = p.median[name];
    return spread === undefined ? '' : format(spread);
  });
  const ms = (name: string) => figure(name, (s) => `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`);
  const count = (name: string) => figure(name, (s) => `${s.median}`);
  const size = (name: string) => figure(name, (s) => bytes(s.median));
  const row = (label: string, cells: string[]) => `| ${label} | ${cells.join(' | ')} |`;
  const header = [`| | ${profiles.map(profileTitle).join(' | ')} |`, `|---|${profiles.map(() => '---:').join('|')}|`];
  const search = result.search;
  const first = profiles[0];
  // Whether any profile's search went to Odoo (requests), or the device answered every key.
  const askedOdoo = profiles.some((p) => (p.median['search.requests']?.median ?? 0) > 0);

  return [
    '## PWA: the production build in headless Chromium',
    '',
    `${report.measuredAt} · ${result.browser} · the demo server with ${bytes(report.partners)} partners, signed in as \`admin\` · ` +
      `median of ${report.runsPerProfile} runs (min–max), each on a fresh browser profile, the service worker blocked ` +
      `(a worker's own fetches escape DevTools throttling and the tab's byte counts; the offline start below runs with it). ` +
      `Cold traffic is counted until the network is quiet, so it includes the partner mirror's first sync.`,
    '',
    '### Initial bundle',
    '',
    'What the first screen downloads (the entry script, its preloads and the styles `dist/index.html` links), gzipped: deterministic for a build.',
    '',
    '| | files | gzip bytes | budget | |',
    '|---|---:|---:|---:|---|',
    `| JavaScript | ${bundle.scripts.length} | ${bytes(bundle.jsGzipBytes)} | ≤ ${bytes(bundle.budget.jsGzipBytes)} (100 KB) | **${bundle.budget.pass ? 'pass' : 'FAIL'}** |`,
    `| CSS | ${bundle.styles.length} | ${bytes(bundle.cssGzipBytes)} | | |`,
    '',
    '### Load and search, ms',
    '',
    ...header,
    row('cold: navigation → login form interactive', ms('cold.loginFormInteractiveMs')),
    row('cold: form interactive → Sign in clicked (the robot filling Login and Password)', ms('cold.fillingMs')),
    row('cold: Sign in clicked → first partner row', ms('cold.clickToFirstRowMs')),
    row('**cold: navigation → first partner row, login included**', ms('cold.firstRowMs')),
    row('**warm: reload → first partner row**', ms('warm.firstRowMs')),
    row(`**search: keystroke → list updated** ("${search.base}" + "${search.typed}")`, ms('search.keystrokeToUpdateMs')),
    ...(askedOdoo
      ? [
          row(`… keystroke → first request sent (${search.debounceMs} ms of it is the intentional debounce)`, ms('search.keystrokeToRequestMs')),
          row('… the requests (search_read and search_count in parallel)', ms('search.requestsMs')),
          row('… last response → updated list painted', ms('search.responseToPaintMs')),
        ]
      : []),
    '',
    `The search: "${search.base}" is in the box and its list shown (${search.baseState.count}); one key, "${search.typed}", is pressed; ` +
      `the time runs until the count and the first row are those of "${search.base + search.typed}" (${search.typedState.count}). ` +
      (askedOdoo
        ? `Without the ${search.debounceMs} ms debounce, the median would be about ${figure('search.keystrokeToUpdateMs', (s) => `${Math.max(0, s.median - search.debounceMs).toFixed(0)} ms`).join(' / ')}.`
        : 'No request left the page: the mirror was whole, so the device answered each key at once (no debounce).'),
    '',
    ...loginsMarkdown(report),
    ...offlineStartMarkdown(report),
    '### Traffic (median)',
    '',
    ...header,
    row(
      'cold: requests, static + Odoo JSON-RPC + other JSON',
      profiles.map((p) => `${p.median['cold.requests']?.median ?? ''} (${['staticRequests', 'rpcRequests', 'jsonRequests'].map((name) => p.median[`cold.${name}`]?.median ?? '').join(' + ')})`),
    ),
    row('cold: body bytes, static files', size('cold.staticBodyBytes')),
    row('cold: body bytes, Odoo JSON-RPC (`/web/…`)', size('cold.rpcBodyBytes')),
    row('cold: body bytes, other JSON (OAuth discovery)', size('cold.jsonBodyBytes')),
    row('**cold: body bytes, total**', size('cold.bodyBytes')),
    row('cold: response header bytes, total', size('cold.headerBytes')),
    row('warm: requests over the network', count('warm.requests')),
    row('warm: answered by the HTTP cache alone', count('warm.fromCache')),
    row('warm: body bytes', size('warm.bodyBytes')),
    '',
    ...(first === undefined ? [] : requestList(`Cold load, run 1, ${profileTitle(first)}:`, first.runs[0]?.cold.traffic.entries ?? [])),
    '### How it is measured',
    '',
    '- `npm run bench` builds `dist/` if its sources changed and copies it (so a rebuild elsewhere cannot change it mid-run), starts the demo server (`npm start --no-build`) on that copy and on a copy of the seeded 5,000-partner database, and drives ' +
      "Debian's Chromium headless through playwright-core, launched as the e2e tests launch it (`tests/e2e/support/chromium.ts`). One unmeasured run first warms the server and learns what the two searches show.",
    '- Times are performance marks set **in the page** by an init script (`bench/page-marks.ts`): a MutationObserver notes when the UI contract\'s state first holds ' +
      '(Login and Password inputs with an enabled Sign in button; the first `ul[aria-label="Contacts"] > li > a.partner-row` laid out; the count and first row of a query) ' +
      'and marks the next animation frame, the one that paints it. Cold and warm times count from the navigation start of the document (`performance.timeOrigin`); the click is the form\'s `submit` event; the keystroke is the search box\'s `input` event; ' +
      "the search's request times are the page's Resource Timing entries.",
    '- Cold: a new, empty profile; `goto`, fill Login and Password, click Sign in. Warm: `reload` in the same profile and tab (HTTP cache warm, Odoo session cookie alive). Search: right after the warm reload.',
    '- Traffic: DevTools Network events of the page (`bench/traffic.ts`) from navigation until the network has been quiet for 500 ms after the first row: encoded (compressed, as sent) body bytes; ' +
      'Odoo JSON-RPC = `/web/…`, other JSON = any other JSON answer (the OAuth discovery document the login screen reads), static = the rest. The server sends its precompressed brotli files to Chromium, so the script costs fewer bytes on the wire than its gzip size above.',
    ...profiles.filter((p) => p.profile.network !== undefined).map((p) => {
      const n = p.profile.network;
      return n === undefined
        ? ''
        : `- ${profileTitle(p)}: DevTools protocol \`Network.emulateNetworkConditions\` with ${n.latencyMs} ms latency, ${bytes(n.downloadBytesPerSecond)} B/s down, ${bytes(n.uploadBytesPerSecond)} B/s up ` +
            '(DevTools\' "Fast 3G" preset: 1.6 Mbit/s, 750 kbit/s, 150 ms RTT with its ×0.9 and ×3.75 factors; renamed "Slow 4G" in recent Chrome). The CPU is not slowed down; the phone is a 360×740 viewport at device scale 2, touch, mobile.';
    }),
    '- Chromium, the server and the benchmark share the machine above (its load average is in the report\'s first line): figures vary between runs by the spread shown, and more on a busy machine.',
    '',
  ];
}

function requestList(title: string, entries: readonly TrafficEntry[]): string[] {
  if (entries.length === 0) return [];
  return [
    title,
    '',
    '| request | kind | status | served by | body bytes |',
    '|---|---|---:|---|---:|',
    ...entries.map((e) => `| ${e.method} \`${e.path}\` | ${e.kind} | ${e.status ?? ''} | ${e.servedBy} | ${bytes(e.bodyBytes)} |`),
    '',
  ];
}

/** The sign-in methods table: click → first row, and what each way in moves over the network. */
function loginsMarkdown(report: PwaReport): string[] {
  const logins = report.logins ?? [];
  if (logins.length === 0) return [];
  const ms = (spread: Spread | undefined) => (spread === undefined ? '—' : `${spread.median.toFixed(0)} (${spread.min.toFixed(0)}–${spread.max.toFixed(0)})`);
  const n = (spread: Spread | undefined) => (spread === undefined ? '' : `${spread.median}`);
  return [
    '### Sign-in methods: click → first partner row',
    '',
    `Desktop, no throttling, signed in as \`demo\` (${bytes(report.partners)} partners in the database), median of ${logins[0]?.runs.length ?? 0} runs (min–max), each on a fresh profile. ` +
      'The time runs from the click on the app\'s sign-in button to the first partner row painted: for the session login the script has typed Login and Password on the app\'s form before the click; ' +
      "for the OAuth methods it includes the redirect to the authorization server, its login page (where the script types demo/demo, the same two fills), the redirect back, the app's start on /oauth/callback, and (code) the token exchange.",
    '',
    '| method | **click → first row, ms** | … the sign-in call (authenticate, or the token exchange) | … click → AS login page | … typing on the AS page | requests (static + Odoo RPC + JSON) | body bytes | header bytes | served by cache or service worker |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...logins.map((l) => {
      const m = l.median;
      return `| ${LOGIN_METHODS[l.method].label} | **${ms(m.clickToFirstRowMs)}** | ${ms(m.signInCallMs)} | ${ms(m.clickToAsPageMs)} | ${ms(m.typingOnAsPageMs)} | ${n(m.requests)} (${n(m.staticRequests)} + ${n(m.rpcRequests)} + ${n(m.jsonRequests)}) | ${bytes(m.bodyBytes?.median ?? 0)} | ${bytes(m.headerBytes?.median ?? 0)} | ${n(m.fromCacheOrWorker)} |`;
    }),
    '',
    'Requests and bytes are counted from the click until the network is quiet for 500 ms after the first row (DevTools Network events of the tab, across its redirects and documents; encoded body bytes of the answers that crossed the network). ' +
      'Static includes the authorization server\'s HTML page and stylesheet; JSON includes OAuth discovery, the JWKS and the token endpoint. ' +
      'A redirect chain (`/oauth2/auth` → the login page; the login POST → `/oauth2/auth/…` → `/oauth/callback`) is one request here, listed under its last URL, its 303 hops not counted apart.',
    '',
    ...logins.flatMap((l) => (l.method !== 'session' ? requestList(`Requests of one ${LOGIN_METHODS[l.method].label} sign-in (run 1):`, l.runs[0]?.traffic.entries ?? []) : [])),
  ];
}

function offlineStartMarkdown(report: PwaReport): string[] {
  const start = report.offlineStart;
  if (start === undefined) return [];
  type Spread = { median: number; min: number; max: number };
  const cell = (spread: Spread | undefined) => (spread === undefined ? '—' : `${spread.median.toFixed(0)} (${spread.min.toFixed(0)}–${spread.max.toFixed(0)})`);
  const row = (label: string, on: { firstRowMs: Spread; warmFirstRowMs?: Spread; warmLiveFirstRowMs?: Spread } | undefined) =>
    on === undefined ? [] : [`| ${label} | ${cell(on.warmFirstRowMs)} | ${cell(on.warmLiveFirstRowMs)} | ${cell(on.firstRowMs)} |`];
  return [
    '',
    '### Cold start of the installed app: fast, slow and no Odoo',
    '',
    `Phone viewport. Signed in once online (\`admin\`, ${bytes(report.partners)} partners), mirror synced, browser closed; then reopened ` +
      `→ first partner row painted (cold: the browser just started), then reloaded → first row again (warm: the app reopened in a running ` +
      `browser), with Odoo fast, slow (every API call answered after 8 s by a proxy the app's origin is, for the page and the service worker), and down ` +
      `(the browser offline, and the proxy dropping every API call). ${start.runs.length} runs each, the browser restarted each time. ` +
      `Goal (warm): ≤ 100 ms at 5,000 partners on every network. The app said, slow: "${start.slow?.badge ?? '—'}"; down: "${start.badge}". ` +
      'A start first paints the list as the device last showed it (app/first-paint.ts: from IndexedDB, before React), then React\'s live list ' +
      'replaces it: "warm" is the first row painted, "warm, live" the live page\'s first row (its rows answer taps and searches).',
    '',
    '| navigation → first partner row, ms: median (min–max) | warm | warm, live | cold |',
    '|---|---:|---:|---:|',
    ...row('Odoo fast', start.fast),
    ...row('Odoo slow (8 s)', start.slow),
    ...row('Odoo down', start),
    '',
  ];
}
