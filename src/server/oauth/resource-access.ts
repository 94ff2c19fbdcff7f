/**
 * Access tokens on the Odoo routes: `Authorization: Bearer <token>` (RFC 6750) and DPoP-bound
 * tokens, `Authorization: DPoP <token>` with a `DPoP` proof (RFC 9449). The token is the
 * library's own AccessToken (found through its model, so expiry, revocation and grant revocation
 * are the library's), and its user calls with that user's access rights, as with a session cookie.
 *
 * A request without any of these goes on to the session cookie (and the Odoo session-expired
 * error); a token that is present but not valid is answered 401 with `WWW-Authenticate`.
 */
import type { IncomingMessage } from 'node:http';
import type Provider from 'oidc-provider';
import type { Caller } from '../odoo/access.ts';
import { DATABASE_NAME } from '../odoo/routes.ts';
import { loadCaller } from '../odoo/session-info.ts';
import type { Database } from '../store/db.ts';
import { uidOf } from './account.ts';
import { DPOP_ALGORITHMS, DpopProofError, verifyDpopProof } from './dpop.ts';

export type TokenScheme = 'Bearer' | 'DPoP';

/** Why a presented credential is refused: RFC 6750 §3.1 `invalid_token`, RFC 9449 §7.1 `invalid_dpop_proof`. */
export interface Refusal {
  readonly scheme: TokenScheme;
  readonly error: 'invalid_token' | 'invalid_dpop_proof';
  readonly description: string;
}

export type TokenCheck = { readonly status: 'absent' } | { readonly status: 'valid'; readonly caller: Caller } | { readonly status: 'refused'; readonly refusal: Refusal };

export interface ResourceDeps {
  readonly provider: Provider;
  readonly db: Database;
  /** The public origin: a DPoP proof's `htu` must name this server as clients reach it. */
  readonly origin: string;
}

/** RFC 6750 §2.1 b64token. */
const AUTHORIZATION = /^(Bearer|DPoP) ([A-Za-z0-9\-._~+/]+=*)$/i;

const refuse = (scheme: TokenScheme, description: string, error: Refusal['error'] = 'invalid_token'): TokenCheck => ({ status: 'refused', refusal: { scheme, error, description } });

export async function checkAccessToken(deps: ResourceDeps, req: IncomingMessage): Promise<TokenCheck> {
  const header = req.headers.authorization;
  if (header === undefined) return { status: 'absent' };
  const scheme = /^\s*(\S+)/.exec(header)?.[1]?.toLowerCase();
  if (scheme !== 'bearer' && scheme !== 'dpop') return { status: 'absent' }; // Basic and others: not ours
  const match = AUTHORIZATION.exec(header.trim());
  const presented: TokenScheme = scheme === 'dpop' ? 'DPoP' : 'Bearer';
  const value = match?.[2];
  if (value === undefined) return refuse(presented, 'malformed Authorization header');

  let proof: { thumbprint: string; jti: string } | undefined;
  if (presented === 'DPoP') {
    try {
      proof = await verifyDpopProof(req.headers.dpop, { method: req.method ?? 'GET', url: new URL(req.url ?? '/', deps.origin), accessToken: value });
    } catch (error) {
      if (error instanceof DpopProofError) return refuse('DPoP', error.message, 'invalid_dpop_proof');
      throw error;
    }
  }

  const { provider } = deps;
  const token = await provider.AccessToken.find(value);
  if (token === undefined || token.isExpired) return refuse(presented, 'the access token is invalid, expired or revoked');
  if (token.jkt !== undefined && proof === undefined) return refuse('DPoP', 'the access token is DPoP-bound: send it with the DPoP scheme and a proof');
  if (proof !== undefined) {
    if (token.jkt === undefined) return refuse('DPoP', 'the access token is not DPoP-bound: send it with the Bearer scheme');
    if (proof.thumbprint !== token.jkt) return refuse('DPoP', 'the DPoP proof was not signed with the key the access token is bound to', 'invalid_dpop_proof');
  }
  const grant = await provider.Grant.find(token.grantId, { ignoreExpiration: true });
  if (grant === undefined || grant.isExpired || grant.clientId !== token.clientId || grant.accountId !== token.accountId) {
    return refuse(presented, 'the access token is no longer authorized (its grant was revoked or expired)');
  }
  if ((await provider.Client.find(token.clientId ?? '')) === undefined) return refuse(presented, 'the access token belongs to an unknown client');
  if (proof !== undefined) {
    // RFC 9449 §11.1: a proof is accepted once.
    const unique = await provider.ReplayDetection.unique(`resource:${token.clientId ?? ''}`, proof.jti, Math.floor(Date.now() / 1000) + 300);
    if (!unique) return refuse('DPoP', 'the DPoP proof was already used (jti replay)', 'invalid_dpop_proof');
  }
  const uid = uidOf(token.accountId);
  const caller = uid === undefined ? undefined : await loadCaller(deps.db, uid, DATABASE_NAME);
  if (caller === undefined) return refuse(presented, "the access token's user is not active");
  return { status: 'valid', caller };
}

/** `WWW-Authenticate` for a refusal; descriptions are ours, kept free of quotes (RFC 6750 §3). */
export function challenge(refusal: Refusal): string {
  const description = refusal.description.replace(/["\\]/g, "'");
  const algs = refusal.scheme === 'DPoP' ? ` algs="${DPOP_ALGORITHMS.join(' ')}",` : '';
  return `${refusal.scheme} realm="fieldbook",${algs} error="${refusal.error}", error_description="${description}"`;
}

