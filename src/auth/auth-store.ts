/**
 * Who is signed in, as one value (TanStack's habit: a union, not three booleans). Framework-free:
 * React reads it through `useSyncExternalStore`. Session facts are kept in IndexedDB so a reload
 * knows whom to ask Odoo about; the session itself is Odoo's HttpOnly cookie.
 */
import { isOdooError, type OdooError } from '../odoo/errors.ts';
import { authenticate, destroySession, getSessionInfo, type SessionInfo } from '../odoo/session.ts';
import { deleteMeta, META_KEYS, readMeta, wipeAccountData, writeMeta } from '../storage/db.ts';

/** An account is (server origin, database, uid): everything stored belongs to one. */
export interface Account {
  readonly key: string;
  readonly origin: string;
  readonly credential: { readonly kind: 'session' };
  readonly session: SessionInfo;
}

export type AuthState =
  | { readonly status: 'starting' }
  /** `reason` says why the user sees the login screen (first visit, logged out, session ended). */
  | { readonly status: 'signed_out'; readonly reason: 'new' | 'logged_out' | 'expired'; readonly lastLogin?: string }
  | { readonly status: 'signed_in'; readonly account: Account };

type Listener = () => void;

let state: AuthState = { status: 'starting' };
const listeners = new Set<Listener>();

function set(next: AuthState): void {
  state = next;
  for (const listener of listeners) listener();
}

export const authStore = {
  get: (): AuthState => state,
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function accountKeyOf(origin: string, db: string, uid: number): string {
  // A database-name-safe key; the origin is hashed in so two servers never share one.
  let hash = 0;
  for (const char of origin) hash = (Math.imul(31, hash) + char.charCodeAt(0)) | 0;
  return `${(hash >>> 0).toString(36)}-${db.replace(/[^\w.-]/g, '_')}-${uid}`;
}

function accountOf(session: SessionInfo): Account {
  const origin = location.origin;
  return { key: accountKeyOf(origin, session.db, session.uid), origin, credential: { kind: 'session' }, session };
}

/** What IndexedDB gives back is checked, once, before it is trusted. */
function storedAccount(value: unknown): Account | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const account = value as Partial<Account>;
  const session = account.session;
  if (typeof account.key !== 'string' || typeof account.origin !== 'string' || session === undefined || typeof session.uid !== 'number') return undefined;
  if (account.origin !== location.origin) return undefined;
  return account as Account;
}

/**
 * On start: is the stored session still alive? `get_session_info` decides. Offline, the stored
 * facts are trusted (the offline issue serves data from the device).
 */
export async function restoreSession(): Promise<void> {
  const stored = storedAccount(await readMeta(META_KEYS.activeAccount).catch(() => undefined));
  try {
    // A logout made offline could not end the Odoo session: end it now, before anything else.
    if ((await readMeta(META_KEYS.pendingLogout).catch(() => undefined)) === true) {
      await destroySession().catch((error: unknown) => {
        if (!isOdooError(error, 'session_expired')) throw error;
      });
      await deleteMeta(META_KEYS.pendingLogout);
    }
    const session = await getSessionInfo();
    const account = accountOf(session);
    if (stored !== undefined && stored.key !== account.key) await wipeAccountData(stored.key);
    await writeMeta(META_KEYS.activeAccount, account);
    set({ status: 'signed_in', account });
  } catch (error) {
    if (isOdooError(error, 'network') && stored !== undefined) {
      set({ status: 'signed_in', account: stored });
      return;
    }
    set({ status: 'signed_out', reason: isOdooError(error, 'session_expired') && stored !== undefined ? 'expired' : 'new', ...lastLogin(stored) });
  }
}

function lastLogin(account: Account | undefined): { lastLogin?: string } {
  return account === undefined ? {} : { lastLogin: account.session.username };
}

/** Logs in; a different user than the stored one gets a clean slate (shared devices). */
export async function signIn(credentials: { db: string; login: string; password: string }): Promise<Account> {
  const session = await authenticate(credentials);
  const account = accountOf(session);
  const previous = storedAccount(await readMeta(META_KEYS.activeAccount).catch(() => undefined));
  if (previous !== undefined && previous.key !== account.key) await wipeAccountData(previous.key);
  await writeMeta(META_KEYS.activeAccount, account);
  set({ status: 'signed_in', account });
  return account;
}

/** The server says the session is gone (mid-use): back to login, keeping the user's place. */
export function sessionExpired(): void {
  if (state.status !== 'signed_in') return;
  set({ status: 'signed_out', reason: 'expired', lastLogin: state.account.session.username });
}

/** Logs out: ends the Odoo session and deletes everything stored for the user on this device. */
export async function signOut(): Promise<void> {
  const current = state.status === 'signed_in' ? state.account : undefined;
  try {
    await destroySession();
  } catch (error) {
    if (!isOdooError(error)) throw error;
    // Offline: the cookie still names a live session. Remember to end it at the next start.
    if (isOdooError(error, 'network')) await writeMeta(META_KEYS.pendingLogout, true);
  }
  if (current !== undefined) await wipeAccountData(current.key);
  set({ status: 'signed_out', reason: 'logged_out' });
}

export type { OdooError };
