/**
 * The sync engine: keeps the account's partner mirror equal to what the server lets the user read.
 *  - Full sync (first time, or after an unfinished one): `search_count`, then pages of `search_read`
 *    by id (keyset: `id > cursor`, 'id asc'); each page and the cursor commit together.
 *  - Delta sync (afterwards): records written since the last sync minus an overlap (`write_date`
 *    has one-second precision and a transaction may commit after a later one), archived ones too
 *    (`active_test: false`) so they leave the mirror; then deletions, by comparing counts
 *    (reconcile.ts). The tags are fetched again each time (a few dozen short records).
 * Framework-free: the UI reads `status` through useSyncExternalStore.
 */
import type { AccountDB } from '../storage/account-db.ts';
import type { Domain } from '../odoo/domain.ts';
import type { OdooRecord } from '../odoo/call-kw.ts';
import { isOdooError } from '../odoo/errors.ts';
import { countPartners, partnerIds, readState, type DeltaCursor, type MirrorChanges, type MirrorState, type Named } from './mirror.ts';
import { commit } from './mirror-writes.ts';
import { findDifference } from './reconcile.ts';
import { createStore } from '../lib/external-store.ts';
import { syncErrorOf, type StatusStore, type SyncStatus } from './status.ts';
import { MIRROR_FIELDS, odooRpc, PARTNER, TAG, type SyncRpc } from './sync-rpc.ts';

export type { SyncStatus, SyncError, SyncErrorKind, StatusStore } from './status.ts';
export type { SyncRpc } from './sync-rpc.ts';
export type { MirrorChanges, MirroredPartner, Named } from './mirror.ts';

/** Partners per sync page (about 480 KB of JSON, 40 KB gzipped): fewer round trips, each still short on a slow network. */
export const FULL_PAGE_SIZE = 1000;
/** How long one sync call may wait for Odoo before the sync counts it as failed (and retries later). */
export const SYNC_CALL_TIMEOUT_MS = 60_000;
/** Seconds before the last seen write_date that a delta fetches again. */
export const OVERLAP_SECONDS = 60;

export interface SyncEngineOptions {
  readonly open: () => Promise<AccountDB>;
  readonly rpc?: SyncRpc;
  /** Epoch milliseconds; for `lastSyncedAt`. */
  readonly now?: () => number;
  readonly pageSize?: number;
}

export interface SyncEngine {
  /** Runs a sync (full or delta, whichever is due); joins the one already running. Never rejects: failures land in `status`. */
  sync(options?: { readonly signal?: AbortSignal }): Promise<void>;
  readonly status: StatusStore;
  /** Settles once `status` shows what the device already held when the engine was created. */
  readonly ready: Promise<void>;
  /** What each committed step changed, for a local index to follow (local-search.ts `apply`). */
  readonly changes: { subscribe(listener: (changes: MirrorChanges) => void): () => void };
  /** Aborts a running sync and waits for it; later `sync()` calls do nothing (logout, before a wipe). */
  stop(): Promise<void>;
}

/** Odoo's datetime ("2024-05-01 10:00:00", UTC) moved by `seconds`. */
export function shiftWriteDate(writeDate: string, seconds: number): string {
  const time = Date.parse(`${writeDate.replace(' ', 'T')}Z`);
  if (Number.isNaN(time)) return writeDate;
  return new Date(time + seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

const EPOCH = '1970-01-01 00:00:00';
const writeDateOf = (record: OdooRecord): string => (typeof record.write_date === 'string' ? record.write_date : '');
const maxDate = (a: string, b: string): string => (b > a ? b : a);

/** Records after `cursor` in 'write_date asc, id asc', written at or after `since`. */
function deltaDomain(since: string, cursor: DeltaCursor | undefined): Domain {
  const from: Domain = [['write_date', '>=', since]];
  if (cursor === undefined) return from;
  return ['&', ...from, '|', ['write_date', '>', cursor.writeDate], '&', ['write_date', '=', cursor.writeDate], ['id', '>', cursor.id]];
}

class Aborted extends Error {}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const rpc = options.rpc ?? odooRpc;
  const now = options.now ?? Date.now;
  const pageSize = options.pageSize ?? FULL_PAGE_SIZE;
  const status = createStore<SyncStatus>({ state: 'idle', done: 0, total: 0, complete: false });
  const changeListeners = new Set<(changes: MirrorChanges) => void>();
  const controller = new AbortController();
  let running: Promise<void> | undefined;
  let stopped = false;

  const known = (state: MirrorState) => ({ complete: state.complete, ...(state.lastSyncedAt === undefined ? {} : { lastSyncedAt: state.lastSyncedAt }) });
  const emit = (changes: MirrorChanges) => {
    for (const listener of [...changeListeners]) listener(changes);
  };

  // What the device already holds, for the first render (before any sync).
  const loaded = (async () => {
    try {
      const db = await options.open();
      const [state, stored] = await Promise.all([readState(db), countPartners(db)]);
      if (status.get().state === 'idle') status.set({ state: 'idle', done: stored, total: state.full?.total ?? stored, ...known(state) });
    } catch {
      // An unreadable database shows up (with its reason) when the sync runs.
    }
  })();

  async function run(signal: AbortSignal): Promise<void> {
    await loaded;
    const db = await options.open();
    let state = await readState(db);
    const check = () => {
      if (signal.aborted) throw new Aborted();
    };
    // The server or a failure: a stored answer replayed by the service worker would pass for a fresh sync.
    // A slow network is the field's normal case: a page may take long to come, as long as it comes.
    const rpcOptions = { signal, noStore: true, timeoutMs: SYNC_CALL_TIMEOUT_MS };

    async function fetchTags(): Promise<Named[]> {
      try {
        const records = await rpc.searchRead(TAG, { domain: [], fields: ['name'], order: 'name asc' }, rpcOptions);
        return records.map((record) => ({ id: record.id, name: typeof record.name === 'string' ? record.name : `#${record.id}` }));
      } catch (error) {
        // Portal users may not read partner tags (Odoo's ACL): their mirror simply has none.
        if (isOdooError(error, 'access_error')) return [];
        throw error;
      }
    }

    async function full(): Promise<void> {
      let full = state.full;
      if (full === undefined) {
        status.set({ state: 'syncing', phase: 'full', done: 0, total: 0, ...known(state) });
        // The newest write_date before the first page: anything written during the sync is newer, so the first delta sees it.
        const [total, newest] = await Promise.all([
          rpc.searchCount(PARTNER, [], rpcOptions),
          rpc.searchRead(PARTNER, { domain: [], fields: ['write_date'], order: 'write_date desc, id desc', limit: 1, context: { active_test: false } }, rpcOptions),
        ]);
        check();
        const newestDate = newest[0] === undefined ? '' : writeDateOf(newest[0]);
        full = { cursor: 0, total, watermark: newestDate === '' ? EPOCH : newestDate };
        state = { complete: false, full };
        await commit(db, { reset: true, state });
        emit({ reset: true, upserted: [], deleted: [] });
      }
      let done = await countPartners(db);
      status.set({ state: 'syncing', phase: 'full', done, total: Math.max(full.total, done), ...known(state) });
      const page = (cursor: number) => {
        const request = rpc.searchRead(PARTNER, { domain: [['id', '>', cursor]], fields: MIRROR_FIELDS, order: 'id asc', limit: pageSize }, rpcOptions);
        // Asked ahead: if storing the page before it fails, nobody awaits this one.
        request.catch(() => undefined);
        return request;
      };
      let next = page(full.cursor);
      for (;;) {
        const records = await next;
        check();
        const last = records.at(-1);
        // The next page is asked for before this one is stored: Odoo works while the device writes.
        if (last !== undefined && records.length >= pageSize) next = page(last.id);
        if (last !== undefined) {
          full = { ...full, cursor: last.id };
          state = { complete: false, full };
          await commit(db, { upserted: records, state });
          emit({ upserted: records, deleted: [] });
          done += records.length;
          status.set({ state: 'syncing', phase: 'full', done, total: Math.max(full.total, done), ...known(state) });
        }
        if (records.length < pageSize) break;
      }
      const tags = await fetchTags();
      check();
      state = { complete: true, lastSyncedAt: now(), watermark: full.watermark };
      await commit(db, { state, tags });
      emit({ upserted: [], deleted: [], tags });
    }

    async function delta(watermark: string): Promise<void> {
      let delta = state.delta ?? { since: shiftWriteDate(watermark, -OVERLAP_SECONDS), maxSeen: watermark };
      let done = 0;
      status.set({ state: 'syncing', phase: 'delta', done, total: done, ...known(state) });
      for (;;) {
        const records = await rpc.searchRead(
          PARTNER,
          { domain: deltaDomain(delta.since, delta.cursor), fields: MIRROR_FIELDS, order: 'write_date asc, id asc', limit: pageSize, context: { active_test: false } },
          rpcOptions,
        );
        check();
        const last = records.at(-1);
        if (last !== undefined) {
          const upserted = records.filter((record) => record.active !== false);
          const deleted = records.filter((record) => record.active === false).map((record) => record.id);
          delta = { since: delta.since, cursor: { writeDate: writeDateOf(last), id: last.id }, maxSeen: maxDate(delta.maxSeen, writeDateOf(last)) };
          state = { ...state, delta };
          await commit(db, { upserted, deleted, state });
          emit({ upserted, deleted });
          done += records.length;
          status.set({ state: 'syncing', phase: 'delta', done, total: done, ...known(state) });
        }
        if (records.length < pageSize) break;
      }
      const { vanished, appeared } = await findDifference(rpc, await partnerIds(db), rpcOptions);
      const tags = await fetchTags();
      check();
      state = { complete: true, lastSyncedAt: now(), watermark: delta.maxSeen };
      await commit(db, { upserted: appeared, deleted: vanished, state, tags });
      emit({ upserted: appeared, deleted: vanished, tags });
    }

    try {
      if (state.complete && state.watermark !== undefined) await delta(state.watermark);
      else await full();
      const stored = await countPartners(db);
      status.set({ state: 'idle', done: stored, total: stored, ...known(state) });
    } catch (error) {
      const stored = await countPartners(db).catch(() => status.get().done);
      if (error instanceof Aborted || signal.aborted) {
        status.set({ state: 'idle', done: stored, total: state.full?.total ?? stored, ...known(state) });
        return;
      }
      status.set({ state: 'error', error: syncErrorOf(error), done: stored, total: state.full?.total ?? stored, ...known(state) });
    }
  }

  return {
    status,
    ready: loaded,
    changes: {
      subscribe(listener) {
        changeListeners.add(listener);
        return () => changeListeners.delete(listener);
      },
    },
    sync(syncOptions = {}) {
      if (stopped) return Promise.resolve();
      if (running !== undefined) return running;
      const signal = syncOptions.signal === undefined ? controller.signal : AbortSignal.any([controller.signal, syncOptions.signal]);
      running = run(signal)
        .catch((error: unknown) => {
          // Opening the database failed: nothing was touched.
          const { done, total, complete, lastSyncedAt } = status.get();
          status.set({ state: 'error', error: syncErrorOf(error), done, total, complete, ...(lastSyncedAt === undefined ? {} : { lastSyncedAt }) });
        })
        .finally(() => {
          running = undefined;
        });
      return running;
    },
    async stop() {
      stopped = true;
      controller.abort();
      await running;
    },
  };
}
