/**
 * An OAuth sign-in as the gateway's credential: `Authorization: Bearer …`, or `DPoP …` with a fresh
 * proof per request and the server's nonce when it asks for one (RFC 9449; dpop.ts). Tokens are
 * refreshed shortly before they expire, and once when Odoo refuses one; the refresh is serialized across tabs with the Web Locks API, so two tabs never
 * spend the same (rotating, reuse-detected) refresh token.
 */
import type { CredentialProvider } from '../../odoo/rpc.ts';
import type { TokenSet } from './flows.ts';

/** Refresh this long before expiry, so a call never leaves with a token about to lapse. */
const REFRESH_MARGIN_MS = 60_000;
const LOCK_NAME = 'fieldbook-token-refresh';

export interface TokenStore {
  /** The tokens as stored now (another tab may have refreshed them). */
  load(): Promise<TokenSet | undefined>;
  save(tokens: TokenSet): Promise<void>;
}

export interface TokenCredentialOptions {
  /** Spends the refresh token; by default oauth4webapi's refresh grant, loaded when first needed. */
  readonly refresh?: (tokens: TokenSet) => Promise<TokenSet>;
  readonly now?: () => number;
}

const defaultRefresh = async (tokens: TokenSet) => (await import('./flows.ts')).refreshTokens(tokens);

export function tokenCredential(initial: TokenSet, store: TokenStore, options: TokenCredentialOptions = {}): CredentialProvider & { current(): TokenSet } {
  const refresh = options.refresh ?? defaultRefresh;
  const now = options.now ?? Date.now;
  let tokens = initial;
  /** A refresh token the server refused: the calls queued behind the lock do not try it again. */
  let refused: string | undefined;

  /** Renews the tokens the caller saw (`seen`, an access token), unless that happened meanwhile. */
  async function refreshOnce(seen: string): Promise<boolean> {
    const run = async () => {
      const stored = await store.load();
      // Another tab refreshed while we waited for the lock: use its tokens, spend nothing.
      if (stored !== undefined && stored.accessToken !== seen) {
        tokens = stored;
        return true;
      }
      // Another call of this tab did (calls start together: the session check, the sync).
      if (tokens.accessToken !== seen) return true;
      if (tokens.refreshToken === undefined || tokens.refreshToken === refused) return false;
      try {
        tokens = await refresh(tokens);
      } catch (error) {
        refused = tokens.refreshToken;
        throw error;
      }
      await store.save(tokens);
      return true;
    };
    try {
      return typeof navigator !== 'undefined' && 'locks' in navigator ? await navigator.locks.request(LOCK_NAME, run) : await run();
    } catch {
      return false; // refresh refused (revoked, reused) or offline: the caller falls back to login
    }
  }

  return {
    current: () => tokens,
    async send(url, init, transport) {
      if (tokens.refreshToken !== undefined && tokens.expiresAt !== undefined && tokens.expiresAt - now() < REFRESH_MARGIN_MS) await refreshOnce(tokens.accessToken);
      if (tokens.dpopKeys === undefined) return transport(url, { ...init, headers: { ...init.headers, Authorization: `Bearer ${tokens.accessToken}` } });
      // The proof's code loads with the first call that needs one: most accounts never do.
      const { dpopRequest } = await import('./dpop.ts');
      return dpopRequest(tokens.dpopKeys, tokens.accessToken, url, init, transport);
    },
    renew: () => refreshOnce(tokens.accessToken),
  };
}
