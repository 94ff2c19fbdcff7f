/**
 * Can Odoo be reached, as the last calls found out — not `navigator.onLine`, which says "online"
 * behind a captive portal and with the server down. The gateway (rpc.ts) reports every answer;
 * the UI reads this store (useSyncExternalStore) for its offline badge.
 */
import { createStore, type ExternalStore } from '../lib/external-store.ts';

export type Connectivity =
  /** `slowSince`: a call has been waiting for Odoo longer than SLOW_MS (it answers, slowly: not "offline"). */
  | { readonly online: true; readonly slowSince?: number }
  /** `storedAt`: the time of the newest answer the service worker served from the device since going offline. */
  | { readonly online: false; readonly since: number; readonly storedAt?: number };

const store = createStore<Connectivity>({ online: true });

export const connectivity: ExternalStore<Connectivity> = store;

/** How long a call may wait for Odoo before the status line says Odoo is slow. */
export const SLOW_MS = 3_000;

/** The server answered (with data or with an Odoo error): it can be reached, and is not slow now. */
export function reportReached(): void {
  const state = store.get();
  if (!state.online || state.slowSince !== undefined) store.set({ online: true });
}

/** A call has waited SLOW_MS for Odoo and is still waiting. */
export function reportSlow(): void {
  const state = store.get();
  if (state.online && state.slowSince === undefined) store.set({ online: true, slowSince: Date.now() });
}

/** No answer from the server; `storedAt` when the service worker answered from the device instead. */
export function reportUnreachable(storedAt?: number): void {
  const state = store.get();
  const since = state.online ? Date.now() : state.since;
  const previous = state.online ? undefined : state.storedAt;
  const newest = storedAt === undefined ? previous : Math.max(storedAt, previous ?? 0);
  if (!state.online && newest === previous) return;
  store.set({ online: false, since, ...(newest === undefined ? {} : { storedAt: newest }) });
}
