/**
 * The partner mirror in the account database: records by id in `partners`, and in `sync` the
 * sync state and the partner tags. Every write that moves a cursor commits the records with it, in
 * one transaction, so an interrupted sync resumes where its last page ended: nothing lost, nothing twice.
 */
import type { AccountDB, MirroredPartner } from '../storage/account-db.ts';

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

/** The stored count, or (a mirror from before it was kept) IndexedDB's own. */
export async function storedCount(sync: { get(key: string): Promise<unknown> }, partners: { count(): Promise<number> }): Promise<number> {
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
