/**
 * The sync status as one value the UI renders ("Syncing 3,200 of 5,000", "Synced 2 h ago",
 * "Storage full"), in a store `useSyncExternalStore` can read: `get` returns the same object until
 * something changes.
 */
import type { ExternalStore } from '../lib/external-store.ts';
import { StorageError } from '../storage/db.ts';
import { OdooError } from '../odoo/errors.ts';

export type SyncErrorKind = 'quota' | 'network' | 'session' | 'server' | 'storage';

export interface SyncError {
  readonly kind: SyncErrorKind;
  /** For logs and tests, in English; the screen words it from `kind` and `code` (ui/error-text.ts). */
  readonly message: string;
  /** The OdooError's code, when Odoo (or the way to it) failed. */
  readonly code?: string;
}

interface Common {
  /** Records done so far: in `full`, partners stored; in `delta`, changes applied; when idle, partners stored. */
  readonly done: number;
  /** In `full`, the server's count; in `delta`, equal to `done` (not known ahead); when idle, partners stored. */
  readonly total: number;
  /** The mirror holds a full book (a full sync finished once); offline answers are whole. */
  readonly complete: boolean;
  /** Epoch milliseconds of the last sync that finished. */
  readonly lastSyncedAt?: number;
}

export type SyncStatus =
  | (Common & { readonly state: 'idle' })
  | (Common & { readonly state: 'syncing'; readonly phase: 'full' | 'delta' })
  | (Common & { readonly state: 'error'; readonly error: SyncError });

export type StatusStore = ExternalStore<SyncStatus>;

/** Why a sync stopped, in the UI's terms; the mirror keeps what it had. */
export function syncErrorOf(error: unknown): SyncError {
  if (error instanceof StorageError) {
    if (error.reason === 'quota') {
      return { kind: 'quota', message: 'The device is out of storage space: the contacts already on it stay available, but the rest could not be saved. Free some space, then sync again.' };
    }
    return { kind: 'storage', message: error.message };
  }
  if (error instanceof OdooError) {
    switch (error.code) {
      case 'network':
        return { kind: 'network', message: error.message };
      case 'session_expired':
      case 'access_denied':
        return { kind: 'session', message: 'The session has ended: sign in again to sync.' };
      default:
        return { kind: 'server', message: error.message, code: error.code };
    }
  }
  if (error instanceof DOMException) return { kind: 'storage', message: `The device's storage failed (${error.name}).` };
  return { kind: 'server', message: error instanceof Error ? error.message : 'The sync failed.' };
}
