/**
 * Can Odoo be reached, as the last calls found out — not `navigator.onLine`, which says "online"
 * behind a captive portal and with the server down. The gateway (rpc.ts) reports every answer;
 * the UI reads this store (useSyncExternalStore) for its offline badge.
 */
import { createStore, type ExternalStore } from '../lib/external-store.ts';

export type Connectivity =
  | { readonly online: true }
  /** `storedAt`: the time of the newest answer the service worker served from the device since going offline. */
  | { readonly online: false; readonly since: number; readonly storedAt?: number };

const store = createStore<Connectivity>({ online: true });

export const connectivity: ExternalStore<Connectivity> = store;

/** The server answered (with data or with an Odoo error): it can be reached. */
export function reportReached(): void {
  if (!store.get().online) store.set({ online: true });
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
