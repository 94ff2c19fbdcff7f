/**
 * A tiny History-API router: the URL is the state (filters, search, the open partner), so a view
 * can be bookmarked, shared, and restored after login. No dependency: three routes don't need one.
 */
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

/** The browser's back and forward move the app too (called once at start, src/app/wiring.ts). */
export function watchHistory(): void {
  window.addEventListener('popstate', notify);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const snapshot = () => location.pathname + location.search;

export function useLocationKey(): string {
  return useSyncExternalStore(subscribe, snapshot);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  // Entries the app pushed are marked, so "back" knows whether the previous entry is ours.
  if (options.replace) history.replaceState(history.state, '', to);
  else history.pushState({ inApp: true }, '', to);
  notify();
}

/** Back to the previous in-app view (keeping its URL state), or to the list when there is none. */
export function back(): void {
  const state: unknown = history.state;
  if (state !== null && typeof state === 'object' && (state as { inApp?: unknown }).inApp === true) history.back();
  else navigate('/');
}

export type Route = { name: 'list' } | { name: 'detail'; id: number } | { name: 'oauth_callback' } | { name: 'inspector' } | { name: 'not_found' };

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '/index.html') return { name: 'list' };
  if (pathname === '/oauth/callback') return { name: 'oauth_callback' };
  if (pathname === '/oauth/inspector') return { name: 'inspector' };
  const detail = /^\/partners\/(\d{1,9})\/?$/.exec(pathname);
  if (detail?.[1] !== undefined) return { name: 'detail', id: Number(detail[1]) };
  return { name: 'not_found' };
}
