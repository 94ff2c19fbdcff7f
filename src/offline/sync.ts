/**
 * The sync engine: keeps the account's partner mirror equal to what the server lets the user read.
 *  - Full sync (first time, or after an unfinished one): `search_count` and the ids (`search`), then
 *    pages of `search_read` by id range (`cursor < id <= to`, a few asked for at once), then keyset
 *    pages (`id > cursor`) for what was created meanwhile; each page and its cursor commit together,
 *    in id order.
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
import { readState, type DeltaCursor, type MirrorChanges, type MirrorState, type Named } from './mirror.ts';
import { commit, countPartners, ensureSealed, partnerIds } from './mirror-writes.ts';
import { findDifference } from './reconcile.ts';
import { createStore } from '../lib/external-store.ts';
import { syncErrorOf, type StatusStore, type SyncStatus } from './status.ts';
import { MIRROR_FIELDS, odooRpc, PARTNER, TAG, type SyncRpc } from './sync-rpc.ts';

export type { SyncStatus, SyncError, SyncErrorKind, StatusStore } from './status.ts';
export type { SyncRpc } from './sync-rpc.ts';
export type { MirrorChanges, MirroredPartner, Named } from './mirror.ts';

/** Partners per sync page (about 480 KB of JSON, 40 KB gzipped): fewer round trips, each still short on a slow network. */
export const FULL_PAGE_SIZE = 1000;
/** Full-sync pages asked for before the first of them is stored. */
export const FULL_PAGES_AHEAD = 3;
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

/** `ids` (ascending, all above `after`) cut into pages of `size`: each as the id range (from, to]. */
function pageRanges(ids: readonly number[], after: number, size: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let start = 0; start < ids.length; start += size) {
    const to = ids[Math.min(start + size, ids.length) - 1] as number;
    ranges.push([start === 0 ? after : (ids[start - 1] as number), to]);
  }
  return ranges;
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

  const known = (state: MirrorState) => (state.phase === 'complete' ? { complete: true, lastSyncedAt: state.lastSyncedAt } : { complete: false });
  /** How many partners a sync in progress expects, else what the device holds. */
  const expected = (state: MirrorState, stored: number) => (state.phase === 'full' ? state.total : stored);
  const emit = (changes: MirrorChanges) => {
    for (const listener of [...changeListeners]) listener(changes);
  };

  // What the device already holds, for the first render (before any sync).
  const loaded = (async () => {
    try {
      const db = await options.open();
      const [state, stored] = await Promise.all([readState(db), countPartners(db)]);
      if (status.get().state === 'idle') status.set({ state: 'idle', done: stored, total: expected(state, stored), ...known(state) });
    } catch {
      // An unreadable database shows up (with its reason) when the sync runs.
    }
  })();

  async function run(signal: AbortSignal): Promise<void> {
    await loaded;
    const db = await options.open();
    await ensureSealed(db);
    let state = await readState(db);
    const check = () => {
      if (signal.aborted) throw new Aborted();
    };
    // The server or a failure: a stored answer replayed by the service worker would pass for a fresh sync.
    // A slow network is the field's normal case: a page may take long to come, as long as it comes.
    const rpcOptions = { signal, noStore: true, timeoutMs: SYNC_CALL_TIMEOUT_MS };

    const idsAfter = (cursor: number) => rpc.search(PARTNER, { domain: [['id', '>', cursor]], order: 'id asc' }, rpcOptions);

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
      let full = state.phase === 'full' ? state : undefined;
      let ids: number[];
      if (full === undefined) {
        status.set({ state: 'syncing', phase: 'full', done: 0, total: 0, ...known(state) });
        // The newest write_date before the first page: anything written during the sync is newer, so the first delta sees it.
        const [total, newest, all] = await Promise.all([
          rpc.searchCount(PARTNER, [], rpcOptions),
          rpc.searchRead(PARTNER, { domain: [], fields: ['write_date'], order: 'write_date desc, id desc', limit: 1, context: { active_test: false } }, rpcOptions),
          idsAfter(0),
        ]);
        check();
        const newestDate = newest[0] === undefined ? '' : writeDateOf(newest[0]);
        full = { phase: 'full', cursor: 0, total, watermark: newestDate === '' ? EPOCH : newestDate };
        ids = all;
        state = full;
        await commit(db, { reset: true, state });
        emit({ reset: true, upserted: [], deleted: [] });
      } else {
        ids = await idsAfter(full.cursor);
        check();
      }
      const { total, watermark } = full;
      let cursor = full.cursor;
      let done = await countPartners(db);
      status.set({ state: 'syncing', phase: 'full', done, total: Math.max(total, done), ...known(state) });
      const store = async (records: OdooRecord[], to: number) => {
        cursor = to;
        state = { phase: 'full', cursor, total, watermark };
        await commit(db, { upserted: records, state });
        emit({ upserted: records, deleted: [] });
        done += records.length;
        status.set({ state: 'syncing', phase: 'full', done, total: Math.max(total, done), ...known(state) });
      };
      // The ids known now, as closed ranges of a page each: several pages are asked for at once, so Odoo
      // prepares the next ones (and the network carries them) while the device stores one. Committed in order.
      const ranges = pageRanges(ids, cursor, pageSize);
      const asked: { readonly to: number; readonly records: Promise<OdooRecord[]> }[] = [];
      let nextRange = 0;
      const askAhead = () => {
        for (; asked.length < FULL_PAGES_AHEAD && nextRange < ranges.length; nextRange += 1) {
          const [from, to] = ranges[nextRange] as [number, number];
          const records = rpc.searchRead(PARTNER, { domain: [['id', '>', from], ['id', '<=', to]], fields: MIRROR_FIELDS, order: 'id asc' }, rpcOptions);
          // If an earlier page fails, nobody awaits this one.
          records.catch(() => undefined);
          asked.push({ to, records });
        }
      };
      askAhead();
      for (let page = asked.shift(); page !== undefined; page = asked.shift()) {
        const records = await page.records;
        check();
        askAhead();
        await store(records, page.to);
      }
      // Then whatever was created since the ids were listed, by keyset pages.
      for (;;) {
        const records = await rpc.searchRead(PARTNER, { domain: [['id', '>', cursor]], fields: MIRROR_FIELDS, order: 'id asc', limit: pageSize }, rpcOptions);
        check();
        const last = records.at(-1);
        if (last !== undefined) await store(records, last.id);
        if (records.length < pageSize) break;
      }
      const tags = await fetchTags();
      check();
      state = { phase: 'complete', lastSyncedAt: now(), watermark };
      await commit(db, { state, tags });
      emit({ upserted: [], deleted: [], tags });
    }

    async function delta(from: MirrorState & { phase: 'complete' }): Promise<void> {
      let delta = from.delta ?? { since: shiftWriteDate(from.watermark, -OVERLAP_SECONDS), maxSeen: from.watermark };
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
          state = { ...from, delta };
          await commit(db, { upserted, deleted, state });
          emit({ upserted, deleted });
          done += records.length;
          status.set({ state: 'syncing', phase: 'delta', done, total: done, ...known(state) });
        }
        if (records.length < pageSize) break;
      }
      // Every id the mirror holds is read only when the counts differ: at 200,000 partners that read
      // opens no record but still brings every chunk from storage (~60 MB), each delta.
      const total = await rpc.searchCount(PARTNER, [], rpcOptions);
      const { vanished, appeared } = (await countPartners(db)) === total ? { vanished: [], appeared: [] } : await findDifference(rpc, await partnerIds(db), rpcOptions, total);
      const tags = await fetchTags();
      check();
      state = { phase: 'complete', lastSyncedAt: now(), watermark: delta.maxSeen };
      await commit(db, { upserted: appeared, deleted: vanished, state, tags });
      emit({ upserted: appeared, deleted: vanished, tags });
    }

    try {
      if (state.phase === 'complete') await delta(state);
      else await full();
      const stored = await countPartners(db);
      status.set({ state: 'idle', done: stored, total: stored, ...known(state) });
    } catch (error) {
      const stored = await countPartners(db).catch(() => status.get().done);
      if (error instanceof Aborted || signal.aborted) {
        status.set({ state: 'idle', done: stored, total: expected(state, stored), ...known(state) });
        return;
      }
      status.set({ state: 'error', error: syncErrorOf(error), done: stored, total: expected(state, stored), ...known(state) });
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
