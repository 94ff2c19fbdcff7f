/**
 * The service worker: a program of its own (tsconfig.sw.json, webworker lib), built by
 * vite-plugin-pwa with Workbox `injectManifest`. Two jobs. The app shell works with no network: it
 * precaches the build and answers the app's navigations with the precached index.html. And Odoo's
 * read-only calls are answered from the device when the network is gone (response-store.ts);
 * every other Odoo and authorization-server request goes to the network untouched. A new version
 * waits until the page asks it to take over (src/app/sw-bridge.ts): updates are offered, never forced.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CALL_KW_PATH } from '../odoo/offline-wire.ts';
import { openFieldbookDB } from '../storage/db.ts';
import { bypassesWorker, handleCallKw } from './response-store.ts';

declare const self: ServiceWorkerGlobalScope;

/** Navigations that are not the app's: Odoo's routes (auth_oauth's included) and the authorization server's pages. */
const NOT_THE_APP = [/^\/web(\/|$)/, /^\/oauth2\//, /^\/\.well-known\//, /^\/websocket/, /^\/auth_oauth\//];

// A navigation to the app: the device's storage is opened now, while the page loads, so the page's
// first reads (the start's picture, the stored sign-in) find it open (measured: 25-35 ms for the
// first open of a page otherwise). Answers nothing: Workbox's routes below do.
self.addEventListener('fetch', (event) => {
  if (event.request.mode === 'navigate') void openFieldbookDB().catch(() => undefined);
});

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: NOT_THE_APP }));
registerRoute(
  ({ url, request, sameOrigin }) => sameOrigin && CALL_KW_PATH.test(url.pathname) && !bypassesWorker(request),
  ({ request, event }) => handleCallKw(request, (promise) => (event as ExtendableEvent).waitUntil(promise)),
  'POST',
);

self.addEventListener('message', (event) => {
  if (isSkipWaiting(event.data)) void self.skipWaiting();
});

function isSkipWaiting(data: unknown): boolean {
  return typeof data === 'object' && data !== null && 'type' in data && data.type === 'SKIP_WAITING';
}
