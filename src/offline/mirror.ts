/**
 * The partner mirror in the account database: records by id in `partners`, and in `sync` the
 * sync state and the partner tags. Every write that moves a cursor commits the records with it, in
 * one transaction, so an interrupted sync resumes where its last page ended: nothing lost, nothing twice.
 */
import type { AccountDB, MirroredPartner } from '../storage/account-db.ts';
import { storageFailure } from '../storage/account-db.ts';

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

export const SYNC_KEYS = { state: 'state', tags: 'tags' } as const;

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

/** Upserts, deletes and the new state, in one transaction (QuotaExceededError becomes a StorageError). */
export async function commit(
  db: AccountDB,
  step: { readonly upserted?: readonly MirroredPartner[]; readonly deleted?: readonly number[]; readonly state: MirrorState; readonly tags?: readonly Named[]; readonly reset?: boolean },
): Promise<void> {
  try {
    const tx = db.transaction(['partners', 'sync'], 'readwrite');
    const partners = tx.objectStore('partners');
    const writes: Promise<unknown>[] = [];
    if (step.reset === true) writes.push(partners.clear());
    for (const record of step.upserted ?? []) writes.push(partners.put(record));
    for (const id of step.deleted ?? []) writes.push(partners.delete(id));
    const sync = tx.objectStore('sync');
    writes.push(sync.put(step.state, SYNC_KEYS.state));
    if (step.tags !== undefined) writes.push(sync.put(step.tags, SYNC_KEYS.tags));
    // The requests' own rejections are the transaction's: `done` reports the one that aborted it.
    await Promise.all([...writes.map((write) => write.catch(() => undefined)), tx.done]);
  } catch (error) {
    throw storageFailure(error);
  }
}

export async function countPartners(db: AccountDB): Promise<number> {
  return db.count('partners');
}

/** Every id in the mirror, ascending (IndexedDB keys come in order). */
export async function partnerIds(db: AccountDB): Promise<number[]> {
  return db.getAllKeys('partners');
}
