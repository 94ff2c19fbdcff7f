/**
 * The per-account database (`fieldbook-account-<key>`): everything Fieldbook keeps for one signed-in
 * account — the partner mirror, its sync state, and the service worker's stored responses. One
 * database per account, so logout or revocation is one `deleteDatabase` (wipeAccountData in db.ts).
 *
 * Opened by the page (src/offline) and by the service worker (src/sw), from this one module, so
 * both agree on the version and the upgrade. Worker-safe: no DOM.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { accountDatabaseName, accountSealKey, StorageError } from './db.ts';
import type { Sealed } from './seal.ts';

/** 4: the mirror and the stored answers are sealed (seal.ts); a database of an older version is emptied and synced again. */
export const ACCOUNT_DB_VERSION = 4;

/** A partner as Odoo's `search_read` gives it (`false` for empty values), without the avatar. */
export type MirroredPartner = Record<string, unknown> & { readonly id: number };

/** A read-only `call_kw` answer kept by the service worker, for when the network is gone. */
export interface StoredResponse {
  /** The JSON-RPC reply's result, as Odoo sent it (errors are never stored), sealed under `RESPONSE_LABEL`. */
  readonly body: Sealed;
  /** Epoch milliseconds when it came from the server. */
  readonly storedAt: number;
  /** The route, for the inspector and for debugging: `/web/dataset/call_kw/res.country/search_read`. */
  readonly path: string;
}

/** A run of the mirror's partners, by id: the ids in the clear (they say nothing), the records sealed (src/offline/chunks.ts). */
export interface StoredChunk {
  readonly ids: readonly number[];
  readonly records: Sealed;
}

export interface AccountSchema extends DBSchema {
  /** The partner mirror in chunks of consecutive ids, keyed by the lowest id a chunk may hold (src/offline/chunks.ts). */
  chunks: { key: number; value: StoredChunk };
  /** Sync state and reference data (tags …), by name; see src/offline. Also the last list's picture (SCREEN_KEY). */
  sync: { key: string; value: unknown };
  /** Stored `call_kw` responses, by `<hash of the request body>`; the oldest go first when there are too many. */
  responses: { key: string; value: StoredResponse; indexes: { storedAt: number } };
}

/** An account's database, with the key that seals what it holds. */
export type AccountDB = IDBPDatabase<AccountSchema> & { readonly sealKey: CryptoKey };

/** In `sync`: the list as it was last painted (src/ui/screen-snapshot.ts), sealed, shown at the next start before React (src/app/first-paint.ts). */
export const SCREEN_KEY = 'screen';
/** In `sync`: a value sealed with the key the database's content was written with (src/offline/mirror-writes.ts `ensureSealed`). */
export const CANARY_KEY = 'sealed';
export const RESPONSE_LABEL = 'response';

/**
 * Opens (creating or upgrading) one account's database, with its key. The connection closes itself
 * when another context deletes or upgrades the database (logout in another tab, a newer version of
 * the app), so it never blocks a wipe; callers open again when they need it.
 *
 * Without `create` (the service worker, the start's picture), nothing is created, and a missing
 * key or database is a StorageError.
 */
export async function openAccountDB(
  accountKey: string,
  hooks: { onClose?: () => void; onBlocked?: () => void } = {},
  { create = true }: { create?: boolean } = {},
): Promise<AccountDB> {
  let opened: IDBPDatabase<AccountSchema>;
  let sealKey: CryptoKey | undefined;
  try {
    [sealKey, opened] = await Promise.all([
      accountSealKey(accountKey, create),
      openDB<AccountSchema>(accountDatabaseName(accountKey), ACCOUNT_DB_VERSION, {
        upgrade(database, oldVersion, _newVersion, transaction) {
          // The service worker never creates an account's database: one wiped at logout stays gone.
          if (oldVersion === 0 && !create) {
            transaction.done.catch(() => undefined);
            transaction.abort();
            return;
          }
          if (oldVersion < 1) {
            database.createObjectStore('sync');
            database.createObjectStore('responses');
          }
          if (oldVersion < 2) transaction.objectStore('responses').createIndex('storedAt', 'storedAt');
          if (oldVersion < 4) {
            // Versions 1–3 kept everything in the clear: it goes, and the next sync fills the mirror again.
            if (oldVersion > 0) {
              if (database.objectStoreNames.contains('partners' as never)) database.deleteObjectStore('partners' as never);
              transaction.objectStore('sync').clear().catch(() => undefined);
              transaction.objectStore('responses').clear().catch(() => undefined);
            }
            database.createObjectStore('chunks');
          }
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
      }),
    ]);
  } catch (error) {
    throw new StorageError('unavailable', 'This browser does not let Fieldbook store data (private mode or storage disabled).', { cause: error });
  }
  const db = Object.assign(opened, { sealKey: sealKey as CryptoKey });
  if (sealKey === undefined) {
    db.close();
    throw new StorageError('unavailable', 'This account has no data on this device.');
  }
  return db;
}

/** A `QuotaExceededError` anywhere in a write becomes the one clear StorageError the UI knows. */
export function storageFailure(error: unknown): unknown {
  const name = error instanceof DOMException || error instanceof Error ? error.name : undefined;
  if (name === 'QuotaExceededError') return new StorageError('quota', 'The device is out of storage space for Fieldbook.', { cause: error });
  return error;
}

/**
 * The ids after `id` (exclusive), for reading the mirror in batches. Through `globalThis`: this
 * module is also compiled for Node (tests and bench, with fake-indexeddb), whose types have no IndexedDB.
 */
export function idsAfter(id: number): number {
  const { IDBKeyRange: range } = globalThis as unknown as { IDBKeyRange: { lowerBound(lower: number, open: boolean): number } };
  return range.lowerBound(id, true);
}
