/**
 * The partner mirror in the account database: records in sealed chunks of ids (chunks.ts), and in
 * `sync` the sync state, the count, the partner tags and the list's first rows (`head`). Every write
 * that moves a cursor commits the records with it, in one transaction, so an interrupted sync
 * resumes where its last page ended: nothing lost, nothing twice.
 */
import type { AccountDB, MirroredPartner } from '../storage/account-db.ts';
import { unseal } from '../storage/seal.ts';
import { readRecords } from './chunks.ts';

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

/** A delta sync in progress: from `since`, records at or after `cursor` in write_date order still to fetch. */
export interface DeltaProgress {
  readonly since: string;
  readonly cursor?: DeltaCursor;
  readonly maxSeen: string;
}

/**
 * The sync state, kept under `sync/state`, one of:
 *  - `empty`: nothing synced yet;
 *  - `full`: a full sync in progress: records with id > `cursor` are still to fetch, of about
 *    `total`; `watermark` is the server's newest write_date when it began;
 *  - `complete`: the whole book is here as of `lastSyncedAt`; the next delta fetches from
 *    `watermark` (minus the overlap), and `delta` is one in progress.
 */
export type MirrorState =
  | { readonly phase: 'empty' }
  | { readonly phase: 'full'; readonly cursor: number; readonly total: number; readonly watermark: string }
  | { readonly phase: 'complete'; readonly lastSyncedAt: number; readonly watermark: string; readonly delta?: DeltaProgress };

export const SYNC_KEYS = {
  state: 'state',
  /** The partner tags, sealed (`Named[]`). */
  tags: 'tags',
  /** How many records the chunks hold, kept by `commit`. */
  count: 'count',
  /** The whole list's first rows in its order, sealed (`Head`): the first screen's while the index loads. */
  head: 'head',
} as const;

/** The first rows of the whole, unfiltered list, as the index last listed them (mirror-writes.ts `keepHead`). */
export interface Head {
  readonly rows: readonly MirroredPartner[];
  /** How many partners the whole list had then. */
  readonly total: number;
}

const EMPTY: MirrorState = { phase: 'empty' };

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * What IndexedDB gives back is checked once. The app before this shape wrote flags (`complete`,
 * with `full` or `watermark` beside): read as the phase they meant, so no device syncs anew.
 */
export function parseState(value: unknown): MirrorState {
  if (!isObject(value)) return EMPTY;
  const full = value.phase === 'full' ? value : value.complete === false && isObject(value.full) ? value.full : undefined;
  if (full !== undefined) {
    return isNumber(full.cursor) && isNumber(full.total) && isString(full.watermark) ? { phase: 'full', cursor: full.cursor, total: full.total, watermark: full.watermark } : EMPTY;
  }
  if ((value.phase !== 'complete' && value.complete !== true) || !isString(value.watermark)) return EMPTY;
  const state = { phase: 'complete', lastSyncedAt: isNumber(value.lastSyncedAt) ? value.lastSyncedAt : 0, watermark: value.watermark } as const;
  const { delta } = value;
  if (!isObject(delta) || !isString(delta.since) || !isString(delta.maxSeen)) return state;
  const cursor = isObject(delta.cursor) && isString(delta.cursor.writeDate) && isNumber(delta.cursor.id) ? { writeDate: delta.cursor.writeDate, id: delta.cursor.id } : undefined;
  return { ...state, delta: cursor === undefined ? { since: delta.since, maxSeen: delta.maxSeen } : { since: delta.since, maxSeen: delta.maxSeen, cursor } };
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base' });
/** The filter menus' order: by name, locale-aware and case-blind, then by id. */
export const byName = (a: Named, b: Named): number => collator.compare(a.name, b.name) || a.id - b.id;


export async function readState(db: AccountDB): Promise<MirrorState> {
  return parseState(await db.get('sync', SYNC_KEYS.state));
}

export async function readTags(db: AccountDB): Promise<Named[]> {
  const sealed = await db.get('sync', SYNC_KEYS.tags);
  // Sealed, so written by this app for this account (mirror-writes.ts): its shape needs no checking.
  return sealed === undefined ? [] : ((await unseal(db.sealKey, SYNC_KEYS.tags, sealed)) as Named[]);
}


/**
 * A page of the whole list, in its order, straight from storage: for the first screen while the
 * search index is still loading (at 200,000 partners that takes a while). Undefined when the kept
 * first rows do not cover it (none kept yet, or a page further down).
 */
export async function firstPage(db: AccountDB, offset: number, limit: number): Promise<{ rows: MirroredPartner[]; total: number } | undefined> {
  const sealed = await db.get('sync', SYNC_KEYS.head);
  if (sealed === undefined) return undefined;
  // Sealed, so written by this app for this account: its shape needs no checking.
  const { rows, total } = (await unseal(db.sealKey, SYNC_KEYS.head, sealed)) as Head;
  const end = Math.min(offset + limit, total);
  return end > rows.length ? undefined : { rows: rows.slice(offset, end), total };
}

/** The records of these ids, in the order given; ids the mirror no longer holds are left out. */
export async function readPartners(db: AccountDB, ids: readonly number[]): Promise<MirroredPartner[]> {
  const found = await readRecords(db, ids);
  return ids.flatMap((id) => found.get(id) ?? []);
}
