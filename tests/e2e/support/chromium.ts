/**
 * How Fieldbook launches Chromium, shared by the e2e harness (browser.ts) and the benchmark
 * (bench/pwa.ts): Debian's binary, the flags that make it safe as root and quiet on the network,
 * the viewports, one on-disk profile per launch. Plain Node (no vitest, no page code), so a tsx
 * script can import it as well as a test.
 */
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium; `.ci/run` apt-installs it. `CHROMIUM_PATH` points elsewhere for a local run. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

// Known good as root on a machine with no network: no sandbox (root), no GPU, and no background
// traffic to Google (updates, sync, field trials, QUIC probes). Playwright adds --headless itself.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const VIEWPORTS = {
  phone: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  desktop: { viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

export interface LaunchOptions {
  readonly viewport: ViewportName;
  /** Start with the network off (Playwright's emulation: requests fail as if disconnected). */
  readonly offline?: boolean;
  /** Another Chromium binary (default: `chromiumPath()`). */
  readonly executablePath?: string;
  /** `block`: no service worker runs, as on a first visit before the app's worker is installed. */
  readonly serviceWorkers?: 'allow' | 'block';
}

/**
 * Headless Chromium on the on-disk profile `profileDir` (a real profile: normal storage quota,
 * HTTP cache and service workers persist in it, unlike incognito's). Throws a clear message when
 * the binary is missing.
 */
export async function launchChromium(profileDir: string, options: LaunchOptions): Promise<BrowserContext> {
  const executablePath = options.executablePath ?? chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium is not installed at ${executablePath}: the e2e tests and the benchmark drive Debian's Chromium ` +
        '(apt-get install chromium, which .ci/run does), or set CHROMIUM_PATH to another Chromium binary.',
    );
  }
  return chromium.launchPersistentContext(profileDir, {
    executablePath,
    args: CHROMIUM_ARGS,
    headless: true,
    locale: 'en-US',
    timezoneId: 'UTC',
    offline: options.offline ?? false,
    serviceWorkers: options.serviceWorkers ?? 'allow',
    ...VIEWPORTS[options.viewport],
  });
}
