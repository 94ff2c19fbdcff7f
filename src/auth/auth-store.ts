/**
 * Who is signed in, as one value (TanStack's habit: a union, not three booleans). Framework-free:
 * React reads it through `useSyncExternalStore`. The account and its credential are kept in
 * IndexedDB: for a session, only its facts (the cookie is Odoo's, HttpOnly); for "Sign in with
 * Odoo", the tokens (and the non-extractable DPoP key) — never localStorage, never a URL.
 */
import { isOdooError, type OdooError } from '../odoo/errors.ts';
import { createStore, type ExternalStore } from '../lib/external-store.ts';
import type { CredentialProvider } from '../odoo/rpc.ts';
import { authenticate, destroySession, getSessionInfo, type SessionInfo } from '../odoo/session.ts';
import { deleteMeta, META_KEYS, readMeta, wipeAccountData, wipeOtherAccounts, writeMeta } from '../storage/db.ts';
import type { TokenSet } from './oauth/flows.ts';
import { tokenCredential } from './oauth/token-credential.ts';

export type Credential = { readonly kind: 'session' } | { readonly kind: 'oauth'; readonly tokens: TokenSet };

/** An account is (server origin, database, uid): everything stored belongs to one. */
export interface Account {
  readonly key: string;
  readonly origin: string;
  readonly credential: Credential;
  readonly session: SessionInfo;
}

export type AuthState =
  | { readonly status: 'starting' }
  /** `reason` says why the user sees the login screen (first visit, logged out, session ended). */
  | { readonly status: 'signed_out'; readonly reason: 'new' | 'logged_out' | 'expired'; readonly lastLogin?: string }
  | { readonly status: 'signed_in'; readonly account: Account };

const store = createStore<AuthState>({ status: 'starting' });

export const authStore: ExternalStore<AuthState> = store;

const set = store.set;

/** The signed-in account's key, named on every Odoo call (the gateway's `account`, connected by src/app). */
export function signedInAccount(): string | undefined {
  const state = store.get();
  return state.status === 'signed_in' ? state.account.key : undefined;
}

/** The tokens' provider while an OAuth sign-in is the credential; none for a session (the cookie goes by itself). */
let provider: CredentialProvider | undefined;

/** The credential of whoever is signed in, as the gateway asks for it (connected by src/app at start). */
export const authCredential: CredentialProvider = {
  send: (url, init, transport) => (provider === undefined ? transport(url, init) : provider.send(url, init, transport)),
  renew: async () => provider !== undefined && provider.renew(),
};

/**
 * What must stop before an account's data is deleted (the sync engine, which would otherwise write
 * into a database being wiped): registered by src/app, awaited before every wipe, and told when
 * another tab ended the account.
 */
const endHooks = new Set<(accountKey: string) => Promise<void>>();

export function onAccountEnd(hook: (accountKey: string) => Promise<void>): () => void {
  endHooks.add(hook);
  return () => endHooks.delete(hook);
}

async function endAccount(accountKey: string): Promise<void> {
  for (const hook of endHooks) await hook(accountKey).catch(() => undefined);
}

/**
 * Why an account ended, kept after its wipe when the server ended it: the next start still says so.
 * Not who it was: on a shared device the next person does not see the last one's login.
 */
interface Farewell {
  readonly reason: 'expired';
}

async function readFarewell(): Promise<Farewell | undefined> {
  const value = (await readMeta(META_KEYS.signedOut).catch(() => undefined)) as Partial<Farewell> | undefined;
  return value?.reason === 'expired' ? { reason: 'expired' } : undefined;
}

/**
 * Deletes everything the device holds for an account: its database (mirror, stored answers),
 * any other account's database left behind (a tab that reopened one mid-wipe), and runtime caches.
 */
async function wipe(accountKey: string, farewell?: Farewell): Promise<void> {
  await endAccount(accountKey);
  await wipeAccountData(accountKey, farewell);
  await wipeOtherAccounts(undefined);
  // The precached app shell is nobody's data; any other cache might be.
  if (typeof caches !== 'undefined') {
    for (const name of await caches.keys()) if (!name.startsWith('workbox-precache')) await caches.delete(name);
  }
}

/** Every tab of the app hears when the account ends or changes in one of them (shared devices). */
type AuthMessage = { readonly type: 'signed_out'; readonly reason: 'logged_out' | 'expired' } | { readonly type: 'signed_in'; readonly accountKey: string };
let channel: BroadcastChannel | undefined;

function tell(message: AuthMessage): void {
  channel?.postMessage(message);
}

/** Joins the other tabs' conversation about the account (called once by src/app at start). */
export function listenToOtherTabs(): void {
  if (channel !== undefined || typeof BroadcastChannel === 'undefined') return;
  channel = new BroadcastChannel('fieldbook-auth');
  channel.addEventListener('message', (event: MessageEvent<AuthMessage>) => {
    const state = store.get();
    if (state.status !== 'signed_in') {
      if (event.data.type === 'signed_in' && state.status === 'signed_out') void restoreSession();
      return;
    }
    const mine = state.account;
    if (event.data.type === 'signed_in' && event.data.accountKey === mine.key) return;
    // Logged out elsewhere (the data is already wiped there), or another user signed in on this device.
    provider = undefined;
    void endAccount(mine.key);
    if (event.data.type === 'signed_in') {
      set({ status: 'starting' });
      void restoreSession();
    } else set({ status: 'signed_out', reason: event.data.reason, lastLogin: mine.session.username });
  });
}

export function accountKeyOf(origin: string, db: string, uid: number): string {
  // A database-name-safe key; the origin is hashed in so two servers never share one.
  let hash = 0;
  for (const char of origin) hash = (Math.imul(31, hash) + char.charCodeAt(0)) | 0;
  return `${(hash >>> 0).toString(36)}-${db.replace(/[^\w.-]/g, '_')}-${uid}`;
}

function accountOf(session: SessionInfo, credential: Credential): Account {
  const origin = location.origin;
  return { key: accountKeyOf(origin, session.db, session.uid), origin, credential, session };
}

/** What IndexedDB gives back is checked, once, before it is trusted. */
function storedAccount(value: unknown): Account | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const account = value as Partial<Account>;
  const session = account.session;
  if (typeof account.key !== 'string' || typeof account.origin !== 'string' || session === undefined || typeof session.uid !== 'number') return undefined;
  if (account.origin !== location.origin) return undefined;
  const credential = account.credential;
  if (credential?.kind === 'oauth' && typeof credential.tokens?.accessToken !== 'string') return undefined;
  if (credential?.kind !== 'oauth' && credential?.kind !== 'session') return undefined;
  return account as Account;
}

const readStoredAccount = async () => storedAccount(await readMeta(META_KEYS.activeAccount).catch(() => undefined));

/**
 * Makes a credential the one calls go with: tokens (saved back when refreshed) or the session cookie.
 * Returns the credential as it is now: a call may have refreshed the tokens since.
 */
function applyCredential(credential: Credential): () => Credential {
  if (credential.kind === 'session') {
    provider = undefined;
    return () => credential;
  }
  const oauth = tokenCredential(credential.tokens, {
    async load() {
      const stored = await readStoredAccount();
      return stored?.credential.kind === 'oauth' ? stored.credential.tokens : undefined;
    },
    async save(tokens) {
      const stored = await readStoredAccount();
      if (stored === undefined) return;
      const account = { ...stored, credential: { kind: 'oauth', tokens } } satisfies Account;
      await writeMeta(META_KEYS.activeAccount, account);
      const state = store.get();
      if (state.status === 'signed_in' && state.account.key === account.key) set({ status: 'signed_in', account });
    },
  });
  provider = oauth;
  return () => ({ kind: 'oauth', tokens: oauth.current() });
}

/**
 * On start. With a stored sign-in, the device answers first: the app opens signed in at once (its
 * partners come from the device), and `get_session_info` — with the cookie or the stored token —
 * confirms it in the background, or ends it (expired, revoked: back to login, data wiped). A slow
 * or unreachable Odoo keeps the user in. Without one, the server says whether a session exists.
 */
export async function restoreSession(options: { readonly nobodyHere?: () => void } = {}): Promise<void> {
  const stored = await readStoredAccount();
  if (stored !== undefined) {
    const current = applyCredential(stored.credential);
    set({ status: 'signed_in', account: stored });
    void confirmStored(stored, current);
    return;
  }
  // Nobody signed in here: told before the session check goes out (the login screen's facts go with it).
  options.nobodyHere?.();
  try {
    // A logout made offline could not end the Odoo session: end it now, before anything else.
    await endPendingLogout();
    applyCredential({ kind: 'session' });
    await activate(await getSessionInfo(), { kind: 'session' }, undefined);
  } catch {
    provider = undefined;
    // No account here: none of its data may be either (a wipe cut short by a reload), and if the
    // server ended the last one (this tab or another found out before this start), the user hears so.
    await wipeOtherAccounts(undefined).catch(() => undefined);
    const farewell = await readFarewell();
    if (farewell !== undefined) set({ status: 'signed_out', reason: 'expired' });
    else set({ status: 'signed_out', reason: 'new' });
  }
}

/** Asks Odoo whether the stored sign-in is still alive, while the app already shows it. */
async function confirmStored(stored: Account, current: () => Credential): Promise<void> {
  // Logged out, or another account, meanwhile: the answer is about nothing on screen.
  const stillShown = () => {
    const state = store.get();
    return state.status === 'signed_in' && state.account.key === stored.key;
  };
  try {
    const session = await getSessionInfo();
    // Not the credential read at start: this call may have spent its refresh token (rotated).
    if (stillShown()) await activate(session, current(), stored, stillShown);
  } catch (error) {
    // Unreachable, slow, or a proxy's page: the stored facts stand until Odoo says otherwise.
    if (isOdooError(error, 'session_expired') && stillShown()) sessionExpired();
  }
}

/**
 * A logout made offline could not end the Odoo session: end it now, before anything else — and
 * before another user signs in on this screen, whose cookie would otherwise be the one ended later.
 */
async function endPendingLogout(): Promise<void> {
  if ((await readMeta(META_KEYS.pendingLogout).catch(() => undefined)) !== true) return;
  provider = undefined;
  await destroySession().catch((error: unknown) => {
    if (!isOdooError(error, 'session_expired')) throw error;
  });
  await deleteMeta(META_KEYS.pendingLogout);
}

/**
 * Makes an account the active one; a different user than the stored one gets a clean slate (shared
 * devices). `wanted` is asked again after the wipes, before anything is written: a background
 * confirmation that a logout overtook must not bring the account back.
 */
async function activate(session: SessionInfo, credential: Credential, previous: Account | undefined, wanted: () => boolean = () => true): Promise<Account> {
  const account = accountOf(session, credential);
  if (previous !== undefined && previous.key !== account.key) await wipe(previous.key);
  // Whatever another account left on the device (a wipe raced by another tab) goes before this one starts.
  await wipeOtherAccounts(account.key).catch(() => undefined);
  await deleteMeta(META_KEYS.signedOut).catch(() => undefined);
  if (!wanted()) return account;
  await deleteMeta(META_KEYS.freshLogin).catch(() => undefined);
  await writeMeta(META_KEYS.activeAccount, account);
  set({ status: 'signed_in', account });
  if (previous?.key !== account.key) tell({ type: 'signed_in', accountKey: account.key });
  return account;
}

/** Logs in with Odoo's session auth (login and password). */
/** The database the last password login on this device used, if any. */
export async function lastDatabase(): Promise<string | undefined> {
  const value = await readMeta(META_KEYS.lastDatabase).catch(() => undefined);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export async function signIn(credentials: { db: string; login: string; password: string }): Promise<Account> {
  provider = undefined;
  await endPendingLogout();
  const session = await authenticate(credentials);
  const account = await activate(session, { kind: 'session' }, await readStoredAccount());
  await writeMeta(META_KEYS.lastDatabase, session.db).catch(() => undefined);
  return account;
}

/** Completes "Log in with …" (the Odoo's auth_oauth): Odoo set its session cookie; it says whose. */
export async function signInWithOdooSession(): Promise<Account> {
  provider = undefined;
  await endPendingLogout();
  return activate(await getSessionInfo(), { kind: 'session' }, await readStoredAccount());
}

/** Completes "Sign in with Odoo": the tokens are the credential, Odoo says whose they are. */
export async function signInWithTokens(tokens: TokenSet): Promise<Account> {
  const current = applyCredential({ kind: 'oauth', tokens });
  try {
    const session = await getSessionInfo();
    return await activate(session, current(), await readStoredAccount());
  } catch (error) {
    provider = undefined;
    throw error;
  }
}

/**
 * The server says the sign-in is gone (mid-use, or a token that expired or was revoked): back to
 * login, keeping the user's place (it is in the URL), and the device forgets the account's data.
 */
export function sessionExpired(): void {
  const state = store.get();
  if (state.status !== 'signed_in') return;
  const { key, session } = state.account;
  provider = undefined;
  set({ status: 'signed_out', reason: 'expired', lastLogin: session.username });
  void wipe(key, { reason: 'expired' }).then(
    () => tell({ type: 'signed_out', reason: 'expired' }),
    () => undefined,
  );
}

/** Logs out: ends the Odoo session or revokes the tokens, and deletes everything stored for the user here. */
export async function signOut(): Promise<void> {
  const state = store.get();
  const current = state.status === 'signed_in' ? state.account : undefined;
  // The sync stops first: none of its calls may meet the revoked tokens or the ended session.
  if (current !== undefined) await endAccount(current.key);
  if (current?.credential.kind === 'oauth') {
    const { tokens } = current.credential;
    // Best effort: offline (or the server gone), the tokens expire by themselves; the wipe below happens regardless.
    // The revocation also ends the server's login session; in case it could not, the next sign-in here asks for a password.
    await writeMeta(META_KEYS.freshLogin, true).catch(() => undefined);
    await import('./oauth/flows.ts').then(({ revokeTokens }) => revokeTokens(tokens)).catch(() => undefined);
  } else {
    try {
      await destroySession();
    } catch (error) {
      if (!isOdooError(error)) throw error;
      // Offline: the cookie still names a live session. Remember to end it at the next start.
      if (isOdooError(error, 'network')) await writeMeta(META_KEYS.pendingLogout, true);
    }
  }
  provider = undefined;
  if (current !== undefined) await wipe(current.key);
  await deleteMeta(META_KEYS.flowLog);
  set({ status: 'signed_out', reason: 'logged_out' });
  tell({ type: 'signed_out', reason: 'logged_out' });
}

export type { OdooError };
