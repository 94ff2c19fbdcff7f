/**
 * The service worker: a program of its own (tsconfig.sw.json, webworker lib), built by
 * vite-plugin-pwa with Workbox `injectManifest`. For now it does one thing: the app shell works with
 * no network. It precaches the build, answers the app's navigations with the precached index.html,
 * and leaves every Odoo and authorization-server route to the network. A new version waits until
 * the page asks it to take over (src/app/sw-bridge.ts): updates are offered, never forced.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope;

/** Navigations that are not the app's: Odoo's routes and the authorization server's pages. */
const NOT_THE_APP = [/^\/web(\/|$)/, /^\/oauth2\//, /^\/\.well-known\//, /^\/websocket/];

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: NOT_THE_APP }));

self.addEventListener('message', (event) => {
  if (isSkipWaiting(event.data)) void self.skipWaiting();
});

function isSkipWaiting(data: unknown): boolean {
  return typeof data === 'object' && data !== null && 'type' in data && data.type === 'SKIP_WAITING';
}
