/**
 * A field user's shortlists (issue 15 §3): the contacts opened last, and the ones they starred.
 * Ids only, in the account's database (`sync` store), so they work offline and go with the rest of
 * the account at logout. The partners themselves are read like any other (partner-reader.ts).
 */
import type { AccountDB } from '../storage/account-db.ts';
import { storageFailure } from '../storage/account-db.ts';

export type ShortlistKind = 'recent' | 'starred';

export interface Shortlists {
  /** Most recently opened first. */
  readonly recent: readonly number[];
  /** In the order they were starred, newest first. */
  readonly starred: readonly number[];
}

/** How many recently opened contacts are kept. */
export const RECENT_MAX = 30;
/** How many starred contacts a user may keep (a shortlist, not a second book). */
export const STARRED_MAX = 500;

const KEYS: Record<ShortlistKind, string> = { recent: 'shortlist:recent', starred: 'shortlist:starred' };

/** A stored list, or none: anything else (an older version's value, damage) reads as empty. */
function ids(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((id): id is number => Number.isSafeInteger(id) && id > 0) : [];
}

export async function readShortlists(db: AccountDB): Promise<Shortlists> {
  const tx = db.transaction('sync');
  const [recent, starred] = await Promise.all([tx.store.get(KEYS.recent), tx.store.get(KEYS.starred)]);
  return { recent: ids(recent), starred: ids(starred) };
}

/** Puts `id` at the front of one list (or takes it out), in one read-write transaction. */
async function update(db: AccountDB, kind: ShortlistKind, id: number, on: boolean, max: number): Promise<readonly number[]> {
  try {
    const tx = db.transaction('sync', 'readwrite');
    const rest = ids(await tx.store.get(KEYS[kind])).filter((other) => other !== id);
    const next = (on ? [id, ...rest] : rest).slice(0, max);
    await Promise.all([tx.store.put(next, KEYS[kind]), tx.done]);
    return next;
  } catch (error) {
    throw storageFailure(error);
  }
}

/** The contact was opened: it goes to the front of the recent ones. */
export function noteOpened(db: AccountDB, id: number): Promise<readonly number[]> {
  return update(db, 'recent', id, true, RECENT_MAX);
}

export function setStarred(db: AccountDB, id: number, starred: boolean): Promise<readonly number[]> {
  return update(db, 'starred', id, starred, STARRED_MAX);
}
