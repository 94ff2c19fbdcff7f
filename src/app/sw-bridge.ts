/**
 * The one module that talks to the service worker (src/sw/sw.ts), through `workbox-window`.
 * Framework-free: React reads `swUpdateStore` with `useSyncExternalStore`. A new version is only
 * ever offered ("Update available — Reload"): it takes over, and the page reloads, when the user
 * asks — never by itself in the middle of their work (STYLE.md, the squoosh row).
 */
import type { TrustedScriptURL, TrustedTypesWindow } from 'trusted-types/lib';
import type { Workbox } from 'workbox-window';
import { createStore, type ExternalStore } from '../lib/external-store.ts';

export const SERVICE_WORKER_URL = '/sw.js';

/**
 * The Trusted Types policy that vouches for the worker's script URL, and for nothing else. Named in
 * the CSP's `trusted-types` directive (src/server/shared/security-headers.ts): under
 * `require-trusted-types-for 'script'`, `register()` refuses a plain string.
 */
export const SERVICE_WORKER_POLICY = 'fieldbook-sw';

export type SwUpdateState =
  | { readonly status: 'current' }
  /** A new version is installed and waiting for the user's go-ahead. */
  | { readonly status: 'waiting' }
  /** The user said reload: the new version is taking over, the page reloads when it controls. */
  | { readonly status: 'activating' };

const store = createStore<SwUpdateState>({ status: 'current' });
let workbox: Workbox | undefined;

export const swUpdateStore: ExternalStore<SwUpdateState> = store;

/**
 * Registers the service worker once the page has loaded, in the production build only (the dev
 * server has no worker). workbox-window is loaded then, not with the first screen.
 */
export async function registerServiceWorker(): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || workbox !== undefined) return;
  const { Workbox } = await import('workbox-window');
  const wb = new Workbox(trustedServiceWorkerUrl(), { scope: '/' });
  workbox = wb;
  wb.addEventListener('waiting', () => store.set({ status: 'waiting' }));
  try {
    await wb.register();
  } catch (error) {
    // A browser may refuse workers (private modes, policies): the app still works online without one.
    console.warn('[sw] not registered: the app will not start offline', error);
  }
}

/** The user's go-ahead: the waiting version takes over, then the page reloads into it. */
export function applyUpdate(): void {
  if (workbox === undefined || store.get().status !== 'waiting') return;
  store.set({ status: 'activating' });
  workbox.addEventListener('controlling', () => window.location.reload());
  workbox.messageSkipWaiting();
}

/** The worker's URL as a TrustedScriptURL where the browser enforces Trusted Types, else the string. */
function trustedServiceWorkerUrl(): string | TrustedScriptURL {
  const page: Window & Partial<TrustedTypesWindow> = window;
  const factory = page.trustedTypes;
  if (factory === undefined) return SERVICE_WORKER_URL;
  const policy = factory.createPolicy(SERVICE_WORKER_POLICY, {
    createScriptURL(url: string): string {
      if (url !== SERVICE_WORKER_URL) throw new TypeError(`${SERVICE_WORKER_POLICY} vouches only for ${SERVICE_WORKER_URL}, not ${url}`);
      return url;
    },
  });
  return policy.createScriptURL(SERVICE_WORKER_URL);
}
