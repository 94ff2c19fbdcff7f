/**
 * The one-time facts of a sign-in in progress (state, nonce, PKCE verifier, DPoP key, where to
 * return), kept in IndexedDB across the redirect and taken exactly once: a replayed answer finds
 * nothing to match.
 */
import { META_KEYS, readMeta, takeMeta, writeMeta } from '../../storage/db.ts';
import { PENDING_MAX_AGE_MS } from './settings.ts';
import { SignInError } from './sign-in-error.ts';

/** `provider`: "Log in with …" through the Odoo's own auth_oauth provider (odoo-providers.ts). */
export type OAuthFlow = 'code' | 'implicit' | 'implicit_id_token' | 'provider';

export interface PendingSignIn {
  readonly flow: OAuthFlow;
  readonly state: string;
  readonly nonce: string;
  readonly issuer: string;
  readonly codeVerifier?: string;
  readonly dpopKeys?: CryptoKeyPair;
  /** The app URL (path + query) to show after sign-in. */
  readonly returnTo: string;
  /** `provider` flow: the link's text, for the messages. */
  readonly providerLabel?: string;
  /** `provider` flow: the provider's client id, and whether its discovery allowed code + PKCE (else implicit). */
  readonly providerClientId?: string;
  readonly providerEndpoint?: string;
  readonly providerMode?: 'code' | 'implicit';
  readonly startedAt: number;
}

export async function savePending(pending: PendingSignIn): Promise<void> {
  await writeMeta(META_KEYS.oauthPending, pending);
}

/** Takes (reads and deletes) the pending sign-in; refuses none, a malformed one, or a stale one. */
export async function takePending(now = Date.now()): Promise<PendingSignIn> {
  const value = await takeMeta(META_KEYS.oauthPending);
  if (value === null || typeof value !== 'object') throw new SignInError('not_started', 'No sign-in was started in this browser, or its answer was already used.');
  const pending = value as Partial<PendingSignIn>;
  if (typeof pending.state !== 'string' || typeof pending.nonce !== 'string' || typeof pending.startedAt !== 'number' || typeof pending.returnTo !== 'string') {
    throw new SignInError('pending_unreadable', 'The stored sign-in is unreadable.');
  }
  if (now - pending.startedAt > PENDING_MAX_AGE_MS) throw new SignInError('pending_expired', 'The sign-in took too long.');
  return pending as PendingSignIn;
}

export async function hasPending(): Promise<boolean> {
  return (await readMeta(META_KEYS.oauthPending)) !== undefined;
}

/** Only same-origin app paths may be returned to (no open redirect through `returnTo`). */
export function safeReturnTo(path: string): string {
  return /^\/(?!\/)[^\s\\]*$/.test(path) && !path.startsWith('/oauth/') ? path : '/';
}
