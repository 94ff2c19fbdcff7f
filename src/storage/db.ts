/**
 * The only `openDB` of the app (excalidraw's habit): one small `fieldbook` database that names the
 * active account and its session facts, with versioned upgrades. Per-account data (the partner
 * mirror of the offline issue) will live in a database of its own, so a wipe is one deleteDatabase.
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { newSealKey } from './seal.ts';

export const DB_NAME = 'fieldbook';
export const DB_VERSION = 1;

export const STORES = { meta: 'meta' } as const;
export const META_KEYS = {
  activeAccount: 'activeAccount',
  pendingLogout: 'pendingLogout',
  oauthPending: 'oauthPending',
  flowLog: 'flowLog',
  /** Why the last account ended, when the server ended it: the next start still says so. */
  signedOut: 'signedOut',
  /** Someone logged out of "Sign in with Odoo" here: the next sign-in asks the server for a fresh login (`prompt=login`). */
  freshLogin: 'freshLogin',
  /**
   * The Odoo database the last password login on this device used: the login screen does not ask a
   * field user for a name they do not know when the server cannot list them (offline, list_db off).
   * A database name is the server's, nobody's data: kept at logout. The login is not (shared devices).
   */
  lastDatabase: 'lastDatabase',
  /** "Not now" to the app's install offer: a preference of this device, kept at logout. */
  installOffer: 'installOffer',
  /** The signed-in user's Odoo language, so a start renders in it at once (src/i18n); wiped with the account. */
  language: 'language',
} as const;

interface FieldbookSchema extends DBSchema {
  [STORES.meta]: { key: string; value: unknown };
}

export type FieldbookDB = IDBPDatabase<FieldbookSchema>;

let opening: Promise<FieldbookDB> | undefined;

export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly reason: 'blocked' | 'quota' | 'unavailable',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function openFieldbookDB(): Promise<FieldbookDB> {
  opening ??= openDB<FieldbookSchema>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) db.createObjectStore(STORES.meta);
    },
    blocked() {
      // Another tab holds an older version open: it gets `versionchange` and closes below.
    },
    blocking() {
      void opening?.then((db) => db.close());
      opening = undefined;
    },
  }).catch((error: unknown) => {
    opening = undefined;
    throw new StorageError('unavailable', 'This browser does not let Fieldbook store data (private mode or storage disabled).', { cause: error });
  });
  return opening;
}

export async function readMeta(key: string): Promise<unknown> {
  const db = await openFieldbookDB();
  return db.get(STORES.meta, key);
}

export async function writeMeta(key: string, value: unknown): Promise<void> {
  const db = await openFieldbookDB();
  try {
    await db.put(STORES.meta, value, key);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'QuotaExceededError') {
      throw new StorageError('quota', 'The device is out of storage space for Fieldbook.', { cause: error });
    }
    throw error;
  }
}

/** Reads and deletes in one transaction: what is taken cannot be taken twice (one-time state). */
export async function takeMeta(key: string): Promise<unknown> {
  const db = await openFieldbookDB();
  const tx = db.transaction(STORES.meta, 'readwrite');
  const value = await tx.store.get(key);
  if (value !== undefined) await tx.store.delete(key);
  await tx.done;
  return value;
}

export async function deleteMeta(key: string): Promise<void> {
  const db = await openFieldbookDB();
  await db.delete(STORES.meta, key);
}

const ACCOUNT_DATABASE_PREFIX = 'fieldbook-account-';

/** In `meta`, the key that seals an account's database (seal.ts), by account key: deleted with the account. */
const SEAL_KEY_PREFIX = 'sealKey:';

/**
 * The key that seals this account's database; created when `create` (the page, at sign-in) and
 * there is none. Two tabs creating at once agree: the first one stored wins.
 */
export async function accountSealKey(accountKey: string, create: boolean): Promise<CryptoKey | undefined> {
  const db = await openFieldbookDB();
  const name = `${SEAL_KEY_PREFIX}${accountKey}`;
  const found: unknown = await db.get(STORES.meta, name);
  if (found instanceof CryptoKey || !create) return found instanceof CryptoKey ? found : undefined;
  // `add` fails when another tab stored one meanwhile: theirs is the key.
  await db.add(STORES.meta, await newSealKey(), name).catch(() => undefined);
  return (await db.get(STORES.meta, name)) as CryptoKey;
}

/** Name of the per-account database (the partner mirror, the stored answers: account-db.ts). */
export function accountDatabaseName(accountKey: string): string {
  return `${ACCOUNT_DATABASE_PREFIX}${accountKey}`;
}

/**
 * Deletes every per-account database but `keep`'s (all of them when undefined): the backstop for a
 * database another tab reopened while it was being wiped. Browsers without `indexedDB.databases()`
 * skip it; the wipe of the account itself does not depend on it.
 */
export async function wipeOtherAccounts(keep: string | undefined): Promise<void> {
  // Typed here, not from the DOM lib: this module is also compiled for workers and Node tests.
  const factory = (globalThis as { indexedDB?: { databases?: () => Promise<readonly { name?: string }[]> } }).indexedDB;
  if (typeof factory?.databases !== 'function') return;
  const kept = keep === undefined ? undefined : accountDatabaseName(keep);
  for (const { name } of await factory.databases()) {
    if (name !== undefined && name.startsWith(ACCOUNT_DATABASE_PREFIX) && name !== kept) await deleteDB(name);
  }
  // Their keys too (keys without a database: an account wiped while another tab held it).
  const db = await openFieldbookDB();
  for (const name of await db.getAllKeys(STORES.meta)) {
    if (name.startsWith(SEAL_KEY_PREFIX) && name !== `${SEAL_KEY_PREFIX}${keep}`) await db.delete(STORES.meta, name);
  }
}

/**
 * Deletes everything stored for one account: its database and its entry in `fieldbook`. `farewell`
 * (why it ended, when the server ended it) replaces the entry in the same transaction, so a reload
 * at any moment of the wipe finds either the account or the reason it is gone, never neither.
 */
export async function wipeAccountData(accountKey: string, farewell?: unknown): Promise<void> {
  const db = await openFieldbookDB();
  const tx = db.transaction(STORES.meta, 'readwrite');
  await tx.store.delete(META_KEYS.activeAccount);
  // Its key first: from here on, what the database held (and the disk may keep) is unreadable.
  await tx.store.delete(`${SEAL_KEY_PREFIX}${accountKey}`);
  await tx.store.delete(META_KEYS.language);
  if (farewell === undefined) await tx.store.delete(META_KEYS.signedOut);
  else await tx.store.put(farewell, META_KEYS.signedOut);
  await tx.done;
  await deleteDB(accountDatabaseName(accountKey));
}
