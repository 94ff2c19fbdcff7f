/**
 * The partner mirror in the account database: records by id in `partners`, and in `sync` the
 * sync state and the partner tags. Every write that moves a cursor commits the records with it, in
 * one transaction, so an interrupted sync resumes where its last page ended: nothing lost, nothing twice.
 */
import { unwrap } from 'idb';
import type { AccountDB, MirroredPartner } from '../storage/account-db.ts';
import { idsAfter, idsBetween, storageFailure } from '../storage/account-db.ts';
import { orderKey } from './partner-entry.ts';

export type { MirroredPartner } from '../storage/account-db.ts';

/** A record with a name, as the filter menus list them (tags, countries). */
export interface Named {
  readonly id: number;
  readonly name: string;
}

/** What one committed step of a sync changed, for an index to follow without reloading. */
export interface MirrorChanges {
  /** The mirror was emptied first (a new full sync). */
  readonly reset?: boolean;
  readonly upserted: readonly MirroredPartner[];
  readonly deleted: readonly number[];
  /** The partner tags, when they were fetched again. */
  readonly tags?: readonly Named[];
}

/** An Odoo `write_date` ("YYYY-MM-DD HH:MM:SS", UTC) and an id: a position in 'write_date asc, id asc'. */
export interface DeltaCursor {
  readonly writeDate: string;
  readonly id: number;
}

/**
 * The sync state, kept under `sync/state`:
 *  - `full`: a full sync in progress (records with id > `cursor` are still to fetch);
 *  - `delta`: a delta in progress (records at or after `cursor` in write_date order still to fetch);
 *  - `watermark`: the server's write_date from which the next delta fetches (minus the overlap).
 */
export interface MirrorState {
  readonly complete: boolean;
  readonly lastSyncedAt?: number;
  readonly watermark?: string;
  readonly full?: { readonly cursor: number; readonly total: number; readonly watermark: string };
  readonly delta?: { readonly since: string; readonly cursor?: DeltaCursor; readonly maxSeen: string };
}

export const SYNC_KEYS = {
  state: 'state',
  tags: 'tags',
  /** Which `orderKey` every record's `_order` was written with (absent: a mirror from before the ordered store). */
  ordered: 'ordered',
  /** How many records `partners` holds, kept by `commit` (IndexedDB's own count walks every key: 150 ms at 200,000 in Chromium). */
  count: 'count',
} as const;

/** Bumped when `orderKey` changes: records written with another one are rewritten (`backfillOrder`). */
export const ORDER_VERSION = 1;

const EMPTY: MirrorState = { complete: false };

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** What IndexedDB gives back is checked once (an older app version may have written it). */
export function parseState(value: unknown): MirrorState {
  if (!isObject(value) || typeof value.complete !== 'boolean') return EMPTY;
  const state: { -readonly [K in keyof MirrorState]: MirrorState[K] } = { complete: value.complete };
  if (isNumber(value.lastSyncedAt)) state.lastSyncedAt = value.lastSyncedAt;
  if (isString(value.watermark)) state.watermark = value.watermark;
  const { full, delta } = value;
  if (isObject(full) && isNumber(full.cursor) && isNumber(full.total) && isString(full.watermark)) {
    state.full = { cursor: full.cursor, total: full.total, watermark: full.watermark };
  }
  if (isObject(delta) && isString(delta.since) && isString(delta.maxSeen)) {
    const cursor = isObject(delta.cursor) && isString(delta.cursor.writeDate) && isNumber(delta.cursor.id) ? { writeDate: delta.cursor.writeDate, id: delta.cursor.id } : undefined;
    state.delta = cursor === undefined ? { since: delta.since, maxSeen: delta.maxSeen } : { since: delta.since, maxSeen: delta.maxSeen, cursor };
  }
  return state;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base' });
/** The filter menus' order: by name, locale-aware and case-blind, then by id. */
export const byName = (a: Named, b: Named): number => collator.compare(a.name, b.name) || a.id - b.id;

export function parseTags(value: unknown): Named[] {
  if (!Array.isArray(value)) return [];
  return value.filter((tag): tag is Named => isObject(tag) && isNumber(tag.id) && isString(tag.name));
}

export async function readState(db: AccountDB): Promise<MirrorState> {
  return parseState(await db.get('sync', SYNC_KEYS.state));
}

export async function readTags(db: AccountDB): Promise<Named[]> {
  return parseTags(await db.get('sync', SYNC_KEYS.tags));
}

/** Upserts, deletes and the new state, in one transaction (QuotaExceededError becomes a StorageError). The stored count follows. */
export async function commit(
  db: AccountDB,
  step: { readonly upserted?: readonly MirroredPartner[]; readonly deleted?: readonly number[]; readonly state: MirrorState; readonly tags?: readonly Named[]; readonly reset?: boolean },
): Promise<void> {
  try {
    const tx = db.transaction(['partners', 'sync'], 'readwrite');
    const partners = tx.objectStore('partners');
    const sync = tx.objectStore('sync');
    const reset = step.reset === true;
    const upserted = [...new Map((step.upserted ?? []).map((record) => [record.id, record])).values()];
    const upsertedIds = new Set(upserted.map((record) => record.id));
    const deleted = [...new Set(step.deleted ?? [])].filter((id) => !upsertedIds.has(id));
    // What is there before the writes, for the count (all requests of one transaction: it stays open).
    const touched = reset ? { after: async () => 0 } : countChange(partners, [...upsertedIds, ...deleted]);
    const [before, present, gone] = await Promise.all([
      reset ? 0 : storedCount(sync, partners),
      reset || touched.range !== undefined ? [] : Promise.all(upserted.map((record) => partners.getKey(record.id))),
      reset || touched.range !== undefined ? [] : Promise.all(deleted.map((id) => partners.getKey(id))),
      reset ? undefined : touched.before,
    ]);
    const writes: Promise<unknown>[] = [];
    if (reset) writes.push(partners.clear());
    // The records go to the store itself, not through idb's promise and listeners per request (on a
    // page of 1,000 that wrapping cost more main thread than the writes): one that fails aborts the
    // transaction, and `tx.done` says why.
    const store = unwrap(partners);
    for (const record of upserted) store.put({ ...record, _order: orderKey(record) });
    for (const id of deleted) store.delete(id);
    writes.push(sync.put(step.state, SYNC_KEYS.state));
    const change =
      reset ? upserted.length
      : touched.range !== undefined ? await touched.after()
      : upserted.length - present.filter((key) => key !== undefined).length - gone.filter((key) => key !== undefined).length;
    writes.push(sync.put(before + change, SYNC_KEYS.count));
    // An emptied mirror is refilled with this version's keys only.
    if (reset) writes.push(sync.put(ORDER_VERSION, SYNC_KEYS.ordered));
    if (step.tags !== undefined) writes.push(sync.put(step.tags, SYNC_KEYS.tags));
    // The requests' own rejections are the transaction's: `done` reports the one that aborted it.
    await Promise.all([...writes.map((write) => write.catch(() => undefined)), tx.done]);
  } catch (error) {
    throw storageFailure(error);
  }
}

/** Above this many keys per touched id in their range, the ids are scattered (a delta): counted one by one. */
const DENSE_SPAN = 4;

/**
 * How a commit's writes change the number of records. Ids close together (a full sync's page, in id
 * order) are counted over their key range before and after the writes: two requests, not one per
 * record (200,000 `getKey` calls cost the page about 3 s of main thread). Scattered ones (a delta)
 * are looked up one by one (`range` undefined): a range over them could span the whole mirror.
 */
function countChange(partners: { count(range: number): Promise<number> }, ids: readonly number[]): { range?: number; before?: Promise<number>; after: () => Promise<number> } {
  if (ids.length === 0) return { after: async () => 0 };
  let low = ids[0] ?? 0;
  let high = low;
  for (const id of ids) {
    if (id < low) low = id;
    if (id > high) high = id;
  }
  if (high - low + 1 > DENSE_SPAN * ids.length) return { after: async () => 0 };
  const range = idsBetween(low, high);
  const before = partners.count(range);
  // Requests of a transaction run in order: a count asked after the writes sees them.
  return { range, before, after: async () => (await partners.count(range)) - (await before) };
}

/** The stored count, or (a mirror from before it was kept) IndexedDB's own. */
async function storedCount(sync: { get(key: string): Promise<unknown> }, partners: { count(): Promise<number> }): Promise<number> {
  const stored = await sync.get(SYNC_KEYS.count);
  return typeof stored === 'number' ? stored : partners.count();
}

/** How many records the mirror holds. */
export async function countPartners(db: AccountDB): Promise<number> {
  const tx = db.transaction(['partners', 'sync']);
  return storedCount(tx.objectStore('sync'), tx.objectStore('partners'));
}

/** Every id in the mirror, ascending (IndexedDB keys come in order). */
export async function partnerIds(db: AccountDB): Promise<number[]> {
  return db.getAllKeys('partners');
}

/** Every record carries this version's `_order` (the `order` index lists them all, in the list's order). */
export async function isOrdered(db: AccountDB): Promise<boolean> {
  return (await db.get('sync', SYNC_KEYS.ordered)) === ORDER_VERSION;
}

/** Records rewritten per transaction by `backfillOrder`: the sync and the reads get their turn in between. */
const BACKFILL_BATCH = 1000;

/**
 * Writes `_order` on every record of a mirror from an older version (or with an older `orderKey`),
 * a batch per transaction, then says so: until then, `firstPage` is not used. A record a sync
 * writes meanwhile gets its `_order` from `commit`.
 */
export async function backfillOrder(db: AccountDB): Promise<void> {
  if (await isOrdered(db)) return;
  try {
    for (let after = -Infinity; ; ) {
      const tx = db.transaction('partners', 'readwrite');
      const batch = await tx.store.getAll(idsAfter(after), BACKFILL_BATCH);
      for (const record of batch) void tx.store.put({ ...record, _order: orderKey(record) });
      await tx.done;
      const last = batch.at(-1);
      if (last === undefined || batch.length < BACKFILL_BATCH) break;
      after = last.id;
    }
    await db.put('sync', ORDER_VERSION, SYNC_KEYS.ordered);
  } catch (error) {
    throw storageFailure(error);
  }
}

/**
 * A page of the whole list, in its order, straight from storage: for the first screen while the
 * search index is still loading (at 50,000 partners that takes a while). Undefined when the mirror
 * is not ordered yet (written by an older version; `backfillOrder` runs).
 */
export async function firstPage(db: AccountDB, offset: number, limit: number): Promise<{ rows: MirroredPartner[]; total: number } | undefined> {
  const tx = db.transaction(['partners', 'sync']);
  if ((await tx.objectStore('sync').get(SYNC_KEYS.ordered)) !== ORDER_VERSION) return undefined;
  const partners = tx.objectStore('partners');
  // One request each (a cursor would be a round trip per row): the pages of a first screen are few and short.
  const [total, rows] = await Promise.all([storedCount(tx.objectStore('sync'), partners), limit > 0 ? partners.index('order').getAll(null, offset + limit) : []]);
  return { rows: rows.slice(offset), total };
}

/** The records of these ids, in the order given; ids the mirror no longer holds are left out. */
export async function readPartners(db: AccountDB, ids: readonly number[]): Promise<MirroredPartner[]> {
  if (ids.length === 0) return [];
  const store = db.transaction('partners').store;
  const records = await Promise.all(ids.map((id) => store.get(id)));
  return records.filter((record): record is MirroredPartner => record !== undefined);
}
