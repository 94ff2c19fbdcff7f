/**
 * The per-account database (`fieldbook-account-<key>`): everything Fieldbook keeps for one signed-in
 * account — the partner mirror, its sync state, and the service worker's stored responses. One
 * database per account, so logout or revocation is one `deleteDatabase` (wipeAccountData in db.ts).
 *
 * Opened by the page (src/offline) and by the service worker (src/sw), from this one module, so
 * both agree on the version and the upgrade. Worker-safe: no DOM.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { accountDatabaseName, StorageError } from './db.ts';

export const ACCOUNT_DB_VERSION = 3;

/** A partner as Odoo's `search_read` gives it (`false` for empty values), without the avatar. */
export type MirroredPartner = Record<string, unknown> & { readonly id: number };

/** A read-only `call_kw` answer kept by the service worker, for when the network is gone. */
export interface StoredResponse {
  /** The JSON-RPC reply, as Odoo sent it (a result envelope; errors are never stored). */
  readonly body: string;
  /** Epoch milliseconds when it came from the server. */
  readonly storedAt: number;
  /** The route, for the inspector and for debugging: `/web/dataset/call_kw/res.partner/search_read`. */
  readonly path: string;
}

export interface AccountSchema extends DBSchema {
  /**
   * The partner mirror, by id; `order` lists them in the list's order (the `_order` key the mirror
   * writes on each record: src/offline/mirror.ts), so a first page is read without loading them all.
   */
  partners: { key: number; value: MirroredPartner; indexes: { order: string } };
  /** Sync state and reference data (tags …), by name; see src/offline. Also the last list's picture (SCREEN_KEY). */
  sync: { key: string; value: unknown };
  /** Stored `call_kw` responses, by `<hash of the request body>`; the oldest go first when there are too many. */
  responses: { key: string; value: StoredResponse; indexes: { storedAt: number } };
}

export type AccountDB = IDBPDatabase<AccountSchema>;

/** In `sync`: the list as it was last painted (src/ui/screen-snapshot.ts), shown at the next start before React (src/app/first-paint.ts). */
export const SCREEN_KEY = 'screen';

/**
 * Opens (creating or upgrading) one account's database. The connection closes itself when another
 * context deletes or upgrades the database (logout in another tab, a newer version of the app), so
 * it never blocks a wipe; callers open again when they need it.
 */
export async function openAccountDB(
  accountKey: string,
  hooks: { onClose?: () => void; onBlocked?: () => void } = {},
  { create = true }: { create?: boolean } = {},
): Promise<AccountDB> {
  try {
    const db = await openDB<AccountSchema>(accountDatabaseName(accountKey), ACCOUNT_DB_VERSION, {
      upgrade(database, oldVersion, _newVersion, transaction) {
        // The service worker never creates an account's database: one wiped at logout stays gone.
        if (oldVersion === 0 && !create) {
          transaction.done.catch(() => undefined);
          transaction.abort();
          return;
        }
        if (oldVersion < 1) {
          database.createObjectStore('partners', { keyPath: 'id' });
          database.createObjectStore('sync');
          database.createObjectStore('responses');
        }
        if (oldVersion < 2) transaction.objectStore('responses').createIndex('storedAt', 'storedAt');
        // Records written before v3 have no `_order`: they are not in the index until the mirror writes it (mirror.ts backfill).
        if (oldVersion < 3) transaction.objectStore('partners').createIndex('order', '_order');
      },
      blocked() {
        hooks.onBlocked?.();
      },
      blocking() {
        db.close();
        hooks.onClose?.();
      },
      terminated() {
        hooks.onClose?.();
      },
    });
    return db;
  } catch (error) {
    throw new StorageError('unavailable', 'This browser does not let Fieldbook store data (private mode or storage disabled).', { cause: error });
  }
}

/** A `QuotaExceededError` anywhere in a write becomes the one clear StorageError the UI knows. */
export function storageFailure(error: unknown): unknown {
  const name = error instanceof DOMException || error instanceof Error ? error.name : undefined;
  if (name === 'QuotaExceededError') return new StorageError('quota', 'The device is out of storage space for Fieldbook.', { cause: error });
  return error;
}

/** The list's order keys after `key` (exclusive), for the `order` index. */
export function orderAfter(key: string): string {
  const { IDBKeyRange: range } = globalThis as unknown as { IDBKeyRange: { lowerBound(lower: string, open: boolean): string } };
  return range.lowerBound(key, true);
}

/**
 * The ids after `id` (exclusive), for reading the mirror in batches. Through `globalThis`: this
 * module is also compiled for Node (tests and bench, with fake-indexeddb), whose types have no IndexedDB.
 */
export function idsAfter(id: number): number {
  const { IDBKeyRange: range } = globalThis as unknown as { IDBKeyRange: { lowerBound(lower: number, open: boolean): number } };
  return range.lowerBound(id, true);
}

/** The ids from `low` to `high` (inclusive), for counting a range of the mirror; typed as a key, as `idsAfter`. */
export function idsBetween(low: number, high: number): number {
  const { IDBKeyRange: range } = globalThis as unknown as { IDBKeyRange: { bound(lower: number, upper: number): number } };
  return range.bound(low, high);
}
