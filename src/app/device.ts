/**
 * The signed-in account's side of this device: its partner mirror, kept up to date by the sync
 * engine (src/offline), and the local index that answers when Odoo cannot. Started when an account
 * signs in, stopped before its data is wiped (auth-store's `onAccountEnd`). Framework-free: React
 * reads `deviceStore`; the partner queries read `partnerDevice` (injected, src/features/partners/api.ts).
 *
 * The sync engine and the index are loaded on demand (dynamic imports, precached by the service
 * worker): they are not part of the first screen's bytes.
 */
import { sessionExpired } from '../auth/auth-store.ts';
import type { LocalIndex } from '../offline/local-search.ts';
import type { MirrorChanges, SyncEngine, SyncStatus } from '../offline/sync.ts';
import { connectivity } from '../odoo/connectivity.ts';
import { createStore, type ExternalStore } from '../lib/external-store.ts';
import { openAccountDB, type AccountDB } from '../storage/account-db.ts';

/** How often a visible app syncs, and how old a sync may be when the app comes back into view. */
export const SYNC_INTERVAL_MS = 5 * 60_000;

export interface DeviceState {
  /** The sync engine's status; undefined until it is loaded. */
  readonly sync: SyncStatus | undefined;
  /** Another tab holds the database at an older version: the user must close it. */
  readonly blocked: boolean;
}

interface Running {
  readonly key: string;
  readonly db: () => Promise<AccountDB>;
  /** Closes the connection if one is open (never opens one: a wiped database must stay deleted). */
  readonly close: () => Promise<void>;
  readonly engine: Promise<SyncEngine>;
  index: Promise<LocalIndex | undefined> | undefined;
  readonly cleanups: (() => void)[];
}

let running: Running | undefined;
const store = createStore<DeviceState>({ sync: undefined, blocked: false });

export const deviceStore: ExternalStore<DeviceState> = store;

/** Changes part of the device state. */
const update = (change: Partial<DeviceState>) => store.set({ ...store.get(), ...change });

/**
 * Starts the device side for an account (idempotent). `onMirrorChanged` is told when the mirror
 * changed or the network came back, so the views answered from the device ask again.
 */
export function startDevice(accountKey: string, onMirrorChanged: () => void): void {
  if (running?.key === accountKey) return;
  void stopDevice();
  let connection: Promise<AccountDB> | undefined;
  const db = () =>
    (connection ??= openAccountDB(accountKey, {
      onClose: () => (connection = undefined),
      onBlocked: () => update({ blocked: true }),
    }).then(
      (opened) => {
        // The old tab that held it is gone: the notice goes too.
        if (store.get().blocked) update({ blocked: false });
        return opened;
      },
      (error: unknown) => {
        connection = undefined;
        throw error;
      },
    ));
  const close = async () => {
    const open = connection;
    connection = undefined;
    (await open?.catch(() => undefined))?.close();
  };
  const cleanups: (() => void)[] = [];
  const engine = import('../offline/sync.ts').then(({ createSyncEngine }) => {
    const created = createSyncEngine({ open: db });
    cleanups.push(
      created.status.subscribe(() => {
        const status = created.status.get();
        update({ sync: status });
        // The server ended the sign-in while syncing: the same as a view finding out (query-client.ts).
        if (status.state === 'error' && status.error.kind === 'session') sessionExpired();
      }),
    );
    update({ sync: created.status.get() });
    return created;
  });
  const current: Running = { key: accountKey, db, close, engine, index: undefined, cleanups };
  running = current;

  const sync = () => {
    if (running === current) void syncNow();
  };
  const engineChanges = engine.then((created) =>
    created.changes.subscribe(() => {
      if (!connectivity.get().online) onMirrorChanged();
    }),
  );
  cleanups.push(() => void engineChanges.then((unsubscribe) => unsubscribe()));

  // Sync on start, on reconnect, on a timer while visible, and when the app comes back into view.
  sync();
  const onVisible = () => {
    const last = store.get().sync?.lastSyncedAt ?? 0;
    if (document.visibilityState === 'visible' && Date.now() - last > SYNC_INTERVAL_MS) sync();
  };
  const timer = setInterval(() => {
    if (document.visibilityState === 'visible') sync();
  }, SYNC_INTERVAL_MS);
  let wasOnline = connectivity.get().online;
  const offConnectivity = connectivity.subscribe(() => {
    const online = connectivity.get().online;
    if (online && !wasOnline) {
      onMirrorChanged();
      sync();
    }
    wasOnline = online;
  });
  window.addEventListener('online', sync);
  document.addEventListener('visibilitychange', onVisible);
  cleanups.push(
    () => clearInterval(timer),
    offConnectivity,
    () => window.removeEventListener('online', sync),
    () => document.removeEventListener('visibilitychange', onVisible),
  );

  // Ask the browser not to evict the mirror under storage pressure (a no-op where it is not offered).
  void navigator.storage?.persist?.().catch(() => false);
}

/** Runs a sync now (the "Sync now" button, and every trigger above); joins one that is running. */
export async function syncNow(): Promise<void> {
  const engine = await running?.engine;
  await engine?.sync();
}

/** Stops syncing and lets go of the database, so it can be wiped; the device state is forgotten. */
export async function stopDevice(): Promise<void> {
  const current = running;
  running = undefined;
  if (current === undefined) return;
  for (const cleanup of current.cleanups) cleanup();
  store.set({ sync: undefined, blocked: false });
  await (await current.engine.catch(() => undefined))?.stop();
  await current.close();
}

/**
 * The local index over the mirror, loaded once on first need and kept in step with each sync;
 * undefined while nothing is mirrored (the first sync has not stored a page yet).
 */
async function localIndex(): Promise<LocalIndex | undefined> {
  const current = running;
  if (current === undefined) return undefined;
  current.index ??= (async () => {
    const [{ loadIndex }, engine, db] = await Promise.all([import('../offline/local-search.ts'), current.engine, current.db()]);
    // Listen before reading, so a sync step committed while the mirror loads is not missed.
    const early: MirrorChanges[] = [];
    const loaded: { index?: LocalIndex } = {};
    current.cleanups.push(engine.changes.subscribe((changes) => (loaded.index === undefined ? early.push(changes) : loaded.index.apply(changes))));
    const index = await loadIndex(db);
    for (const changes of early) index.apply(changes);
    loaded.index = index;
    return index;
  })().catch((error: unknown) => {
    current.index = undefined;
    throw error;
  });
  const index = await current.index;
  return index !== undefined && index.size > 0 ? index : undefined;
}

export const partnerDevice = {
  index: localIndex,
  /** The mirror holds the whole book (a full sync finished once); asks the device when it has not said yet (app start). */
  async complete(): Promise<boolean> {
    const engine = await running?.engine.catch(() => undefined);
    await engine?.ready;
    return engine?.status.get().complete === true;
  },
};
