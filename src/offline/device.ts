/**
 * The signed-in account's side of this device: its partner mirror, kept up to date by the sync
 * engine, and the local index that answers the partner reader (partner-reader.ts). Started when an
 * account signs in, stopped before its data is wiped (src/app wires it to auth-store's `onAccountEnd`).
 * Framework-free: React reads `deviceStore`.
 *
 * When it syncs: on start; after a failure, again with a backoff (3 s, doubling, at most a minute);
 * when the browser says it is back online, or another call finds Odoo reachable; when the app comes back into view with its data stale
 * or its last sync failed; every 5 minutes while visible; on "Sync now".
 *
 * The sync engine and the index are loaded on demand (dynamic imports, precached by the service
 * worker): they are not part of the first screen's bytes.
 */
import type { LocalIndex } from './local-search.ts';
import type { SyncEngine, SyncStatus } from './sync.ts';
import { connectivity } from '../odoo/connectivity.ts';
import { createStore, type ExternalStore } from '../lib/external-store.ts';
import { openAccountDB, type AccountDB } from '../storage/account-db.ts';
import { StorageError } from '../storage/db.ts';
import { byName, firstPage, readPartners, readState, readTags, type MirroredPartner, type Named } from './mirror.ts';
import type { Shortlists } from './shortlists.ts';

/** How often a visible app syncs, and how old a sync may be when the app comes back into view. */
export const SYNC_INTERVAL_MS = 5 * 60_000;
/** The first retry after a failed sync; each next one waits twice as long, up to RETRY_MAX_MS. */
export const RETRY_FIRST_MS = 3_000;
export const RETRY_MAX_MS = 60_000;
/**
 * The first sync and the index load wait for the first rows on screen (`firstRowsShown`), so
 * they do not compete with them, at most this long (a start on a contact's page shows no list).
 */
export const FIRST_SCREEN_WAIT_MS = 2_000;

/** The delay before retry number `failures` (1 for the first) of a failed sync. */
export function retryDelay(failures: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.max(0, failures - 1));
}

export interface DeviceState {
  /** The sync engine's status; undefined until it is loaded. */
  readonly sync: SyncStatus | undefined;
  /** Another tab holds the database at an older version: the user must close it. */
  readonly blocked: boolean;
  /** Epoch milliseconds of the next automatic retry after a failed sync. */
  readonly retryAt?: number | undefined;
}

export interface DeviceHooks {
  /** The mirror's content changed (a sync committed into a whole mirror, or the mirror became whole): views answered by it ask again. */
  readonly onChanged: () => void;
  /** The server ended the sign-in while syncing. */
  readonly onSessionEnded: () => void;
}

/** When an index is wanted: now (a search, a contact), or once the first rows are on screen (the filter menus). */
export type IndexWhen = 'now' | 'after-first-rows';

/** What the partner reader asks of the device. */
export interface DeviceView {
  /** The index over the mirror (empty before the first sync stored a page). */
  index(when?: IndexWhen): Promise<LocalIndex>;
  /** The mirror holds the whole book (a full sync finished once); asks the device when it has not said yet (app start). */
  complete(): Promise<boolean>;
  /** When the last sync finished. */
  syncedAt(): number | undefined;
  /**
   * A page of the whole, unfiltered list straight from storage, while the index is still loading
   * (the first screen does not wait for it); undefined once the index is there, or when the
   * mirror's order is not written yet.
   */
  firstPage(offset: number, limit: number): Promise<{ readonly rows: MirroredPartner[]; readonly total: number } | undefined>;
  /** The stored records of these ids (the index answers with ids), in that order. */
  records(ids: readonly number[]): Promise<MirroredPartner[]>;
  /** The partner tags, by name, straight from storage (the index's are the same). */
  tags(): Promise<Named[]>;
  /** The contacts opened last and the starred ones (ids: shortlists.ts). */
  shortlists(): Promise<Shortlists>;
}

interface Running {
  readonly key: string;
  readonly db: () => Promise<AccountDB>;
  /** Closes the connection if one is open (never opens one: a wiped database must stay deleted). */
  readonly close: () => Promise<void>;
  readonly engine: Promise<SyncEngine>;
  /** The engine, once loaded. */
  loaded?: SyncEngine;
  /** The index has loaded (`index` resolves at once). */
  indexed?: boolean;
  index: Promise<LocalIndex> | undefined;
  readonly cleanups: (() => void)[];
  /** Lets the first sync and the index load begin (`firstRowsShown`, or the wait ran out). */
  readonly firstScreen: () => void;
  /** Resolves when they may begin. */
  readonly firstScreenShown: Promise<void>;
  /** Whether the mirror was whole when the account started, read at once: the first screen's queries ask it before the engine is loaded. */
  readonly completeAtStart: Promise<boolean>;
}

let running: Running | undefined;
const store = createStore<DeviceState>({ sync: undefined, blocked: false });

export const deviceStore: ExternalStore<DeviceState> = store;

/** Changes part of the device state. */
const update = (change: Partial<DeviceState>) => store.set({ ...store.get(), ...change });

/** Starts the device side for an account (idempotent). */
export function startDevice(accountKey: string, hooks: DeviceHooks): void {
  if (running?.key === accountKey) return;
  void stopDevice();
  let connection: Promise<AccountDB> | undefined;
  // Once stopped (logout, a wipe, another account), nothing may open — and so re-create — its database.
  let halted = false;
  const db = () =>
    halted
      ? Promise.reject(new StorageError('unavailable', 'This account is no longer active on this device.'))
      : (connection ??= openAccountDB(accountKey, {
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
  const cleanups: (() => void)[] = [() => (halted = true)];
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  cleanups.push(() => clearTimeout(retry));

  const engine = import('./sync.ts').then(({ createSyncEngine }) => {
    const created = createSyncEngine({ open: db });
    // Stopped while its code was loading: an engine that never runs, and no listener left behind.
    if (halted) {
      void created.stop();
      return created;
    }
    let previous = created.status.get();
    cleanups.push(
      created.status.subscribe(() => {
        const status = created.status.get();
        const wasComplete = previous.complete;
        previous = status;
        update({ sync: status });
        if (status.state === 'error' && status.error.kind === 'session') {
          hooks.onSessionEnded();
          return;
        }
        if (status.complete && !wasComplete) hooks.onChanged();
        if (status.state === 'error' && (status.error.kind === 'network' || status.error.kind === 'server')) {
          // Odoo did not answer (or failed): try again by itself, sooner at first, then less and less often.
          failures += 1;
          const delay = retryDelay(failures);
          clearTimeout(retry);
          retry = setTimeout(sync, delay);
          update({ retryAt: Date.now() + delay });
        } else if (status.state === 'idle' && status.lastSyncedAt !== undefined && failures > 0) {
          failures = 0;
          update({ retryAt: undefined });
        }
      }),
      created.changes.subscribe(() => {
        // A step of a sync into a whole mirror (a delta): what is on screen is read again from the device.
        if (created.status.get().complete) hooks.onChanged();
      }),
    );
    update({ sync: created.status.get() });
    return created;
  });
  let shown: () => void = () => undefined;
  const firstScreenShown = new Promise<void>((resolve) => (shown = resolve));
  // The database opens now, while the signed-in screen renders: its first rows come from it.
  const completeAtStart = db().then(readState).then(
    (state) => state.phase === 'complete',
    () => false,
  );
  const current: Running = { key: accountKey, db, close, engine, index: undefined, cleanups, firstScreen: () => shown(), firstScreenShown, completeAtStart };
  running = current;
  void engine.then((loaded) => (current.loaded = loaded), () => undefined);
  const waited = setTimeout(() => shown(), FIRST_SCREEN_WAIT_MS);
  cleanups.push(() => clearTimeout(waited));

  function sync(): void {
    if (running !== current) return;
    clearTimeout(retry);
    void syncNow();
  }

  // Once the first rows are on screen (they come from storage, or from Odoo on a first sign-in):
  // the index (a search asks it sooner, on demand), and the first sync.
  void firstScreenShown.then(() => {
    if (running !== current) return;
    void localIndex(current).catch(() => undefined);
    sync();
  });

  // Sync on start (above), on reconnect, on a timer while visible, and when the app comes back into view.
  const onVisible = () => {
    if (document.visibilityState !== 'visible') return;
    const status = store.get().sync;
    const stale = Date.now() - (status?.lastSyncedAt ?? 0) > SYNC_INTERVAL_MS;
    if (stale || status?.state === 'error') sync();
  };
  const timer = setInterval(() => {
    if (document.visibilityState === 'visible') sync();
  }, SYNC_INTERVAL_MS);
  // Any other call finding Odoo reachable again (an avatar, a login check) is a reason to sync too.
  let wasOnline = connectivity.get().online;
  const offConnectivity = connectivity.subscribe(() => {
    const online = connectivity.get().online;
    if (online && !wasOnline) sync();
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

/** The first rows are on screen: the device's own work may begin (see FIRST_SCREEN_WAIT_MS). */
export function firstRowsShown(): void {
  running?.firstScreen();
}

/**
 * Keeps the list as it is painted now (a ui/screen-snapshot.ts picture) in the account's database,
 * for the next start's first frame (app/first-paint.ts); wiped with the rest at logout.
 */
export function keepScreen(picture: unknown): void {
  const current = running;
  if (current === undefined) return;
  void current
    .db()
    .then(async (db) => (await import('./mirror-writes.ts')).keepScreen(db, picture))
    .catch(() => undefined);
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

/** The local index over the mirror, loaded once on first need and kept in step with each sync (empty while nothing is mirrored). */
async function localIndex(current: Running): Promise<LocalIndex> {
  current.index ??= (async () => {
    const [{ loadIndex }, engine, db] = await Promise.all([import('./local-search.ts'), current.engine, current.db()]);
    // Listen before reading, so a sync step committed while the mirror loads is not missed.
    const early: Parameters<LocalIndex['apply']>[0][] = [];
    const loaded: { index?: LocalIndex } = {};
    if (running !== current) throw new Error('The device was stopped.');
    const unsubscribe = engine.changes.subscribe((changes) => (loaded.index === undefined ? early.push(changes) : loaded.index.apply(changes)));
    current.cleanups.push(unsubscribe);
    const index = await loadIndex(db).catch((error: unknown) => {
      unsubscribe();
      throw error;
    });
    for (const changes of early) index.apply(changes);
    loaded.index = index;
    current.indexed = true;
    // The list's first rows, for the next start (mirror.ts `firstPage`): now, and after each sync that changed the mirror.
    if (running === current) current.cleanups.push((await import('./mirror-writes.ts')).followHead(current.db, engine.changes, index));
    return index;
  })().catch((error: unknown) => {
    current.index = undefined;
    throw error;
  });
  return current.index;
}

/** The running account's device, for the partner reader; undefined when no account is signed in. */
export function deviceView(): DeviceView | undefined {
  const current = running;
  if (current === undefined) return undefined;
  return {
    async index(when = 'now') {
      if (when === 'after-first-rows') await current.firstScreenShown;
      return localIndex(current);
    },
    async complete() {
      // Before the engine is loaded (app start), the mirror's own state says; then the engine's status.
      // A device that cannot be read is not whole: Odoo answers.
      const engine = current.loaded;
      if (engine === undefined) return current.completeAtStart;
      await engine.ready;
      return engine.status.get().complete;
    },
    syncedAt: () => store.get().sync?.lastSyncedAt,
    async firstPage(offset, limit) {
      if (current.indexed === true) return undefined;
      return firstPage(await current.db(), offset, limit).catch(() => undefined);
    },
    records: async (ids) => readPartners(await current.db(), ids),
    tags: async () => (await readTags(await current.db())).sort(byName),
    shortlists: async () => (await import('./shortlists.ts')).readShortlists(await current.db()),
  };
}

/** A contact was opened: first among the recent ones (nothing happens when no account is running). */
export async function contactOpened(id: number): Promise<void> {
  const current = running;
  if (current === undefined) return;
  const { noteOpened } = await import('./shortlists.ts');
  await noteOpened(await current.db(), id);
}

/** Stars a contact, or takes its star away. */
export async function starContact(id: number, starred: boolean): Promise<void> {
  const current = running;
  if (current === undefined) throw new StorageError('unavailable', 'Nobody is signed in on this device.');
  const { setStarred } = await import('./shortlists.ts');
  await setStarred(await current.db(), id, starred);
}
