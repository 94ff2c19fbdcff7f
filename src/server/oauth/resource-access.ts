/**
 * Access tokens on the Odoo routes: `Authorization: Bearer <token>` (RFC 6750) and DPoP-bound
 * tokens, `Authorization: DPoP <token>` with a `DPoP` proof (RFC 9449). The token is the
 * library's own AccessToken (found through its model, so expiry, revocation and grant revocation
 * are the library's), and its user calls with that user's access rights, as with a session cookie.
 *
 * Client-credentials tokens (RFC 6749 §4.4) — the library's opaque ClientCredentials, or its JWT
 * access tokens (RFC 9068) for the REST add-on resource — act as the user the client is registered
 * on (client metadata `odoo_user`, as REST add-ons register an application on a user), never as
 * anyone else; a client registered on no user gets 403.
 *
 * A request without any of these goes on to the session cookie (and the Odoo session-expired
 * error); a token that is present but not valid is answered 401 with `WWW-Authenticate`.
 */
import type { IncomingMessage } from 'node:http';
import { jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type Provider from 'oidc-provider';
import type { Caller } from '../odoo/access.ts';
import { DATABASE_NAME } from '../odoo/credentials.ts';
import { loadCaller } from '../odoo/session-info.ts';
import type { Database } from '../store/db.ts';
import { uidOf } from './account.ts';
import { DPOP_ALGORITHMS, DpopProofError, verifyDpopProof } from './dpop.ts';
import { OidcModelStore } from './store.ts';

export type TokenScheme = 'Bearer' | 'DPoP';

/**
 * Why a presented credential is refused: RFC 6750 §3.1 `invalid_token` (401), RFC 9449 §7.1
 * `invalid_dpop_proof` (401); `access_denied` (403) for a valid client token that acts for no user.
 */
export interface Refusal {
  readonly scheme: TokenScheme;
  readonly error: 'invalid_token' | 'invalid_dpop_proof' | 'access_denied' | 'insufficient_scope';
  readonly description: string;
  /** For `insufficient_scope`: the scope the request needs (RFC 6750 §3). */
  readonly scope?: string;
}

/**
 * Which API a valid token was issued for: `odoo` (the library's opaque tokens: Odoo's JSON-RPC,
 * userinfo, and the REST add-on with `restapi.read`), or `restapi` (our JWT access tokens, whose
 * audience is the REST add-on resource, RFC 8707 / RFC 9068: that API only).
 */
export type TokenApi = 'odoo' | 'restapi';

export interface ValidToken {
  readonly status: 'valid';
  readonly caller: Caller;
  readonly scheme: TokenScheme;
  readonly api: TokenApi;
  /** The scopes the token was granted. */
  readonly scopes: ReadonlySet<string>;
}

export type TokenCheck = { readonly status: 'absent' } | ValidToken | { readonly status: 'refused'; readonly refusal: Refusal };

export interface ResourceDeps {
  readonly provider: Provider;
  readonly db: Database;
  /** The public origin: a DPoP proof's `htu` must name this server as clients reach it. */
  readonly origin: string;
  /** The login each client's client-credentials tokens act as (client metadata `odoo_user`). */
  readonly serviceUsers: ReadonlyMap<string, string>;
  /** The server's public signing keys and the audience of its JWT access tokens. */
  readonly jwt: { readonly keys: JWTVerifyGetKey; readonly audience: string };
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
  if (token === undefined) return checkClientToken(deps, presented, value, proof);
  if (token.isExpired) return refuse(presented, 'the access token is invalid, expired or revoked');
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
  // RFC 9449 §11.1: a proof is accepted once.
  if (proof !== undefined && !(await oneTime(deps, token.clientId, proof))) return refuse('DPoP', 'the DPoP proof was already used (jti replay)', 'invalid_dpop_proof');
  const uid = uidOf(token.accountId);
  const caller = uid === undefined ? undefined : await loadCaller(deps.db, uid, DATABASE_NAME);
  if (caller === undefined) return refuse(presented, "the access token's user is not active");
  return { status: 'valid', caller, scheme: presented, api: 'odoo', scopes: scopesOf(token.scope) };
}

const scopesOf = (scope: unknown): ReadonlySet<string> => new Set(typeof scope === 'string' ? scope.split(' ').filter((s) => s !== '') : []);

/**
 * A valid token used where its API or scopes do not reach: a JWT for the REST add-on on another
 * API (RFC 8707: its audience), or a missing scope (RFC 6750 §3.1 `insufficient_scope`, 403).
 */
export function scopeRefusal(token: ValidToken, api: TokenApi, scope: string | undefined): Refusal | undefined {
  if (token.api !== api) return { scheme: token.scheme, error: 'invalid_token', description: `the access token was issued for another API (its audience is the ${token.api} resource)` };
  if (scope === undefined || token.scopes.has(scope)) return undefined;
  return { scheme: token.scheme, error: 'insufficient_scope', description: `this request needs the ${scope} scope, which the access token was not granted`, scope };
}

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** The proof's `jti` was not seen before (within its 5-minute acceptance window); remembered now. */
async function oneTime(deps: ResourceDeps, clientId: string | undefined, proof: { jti: string }): Promise<boolean> {
  return deps.provider.ReplayDetection.unique(`resource:${clientId ?? ''}`, proof.jti, Math.floor(Date.now() / 1000) + 300);
}

/**
 * JWT access tokens revoked before their `exp`, by `jti` (the library keeps no record of a JWT it
 * issued, and refuses them at its revocation endpoint: authorization-server.ts answers for it). Kept
 * in the library's own store, under a model of ours, until the token would have expired anyway.
 */
export const REVOKED_JWT_MODEL = 'RevokedJwtAccessToken';

/** RFC 9068 §4: a client-credentials JWT signed by one of our keys, for our issuer and audience, not expired; its claims, or undefined. */
export async function verifyClientJwt(deps: Pick<ResourceDeps, 'jwt' | 'origin'>, value: string): Promise<JWTPayload | undefined> {
  if (!JWT_SHAPE.test(value)) return undefined;
  try {
    const { payload } = await jwtVerify(value, deps.jwt.keys, { issuer: deps.origin, audience: deps.jwt.audience, algorithms: ['RS256', 'ES256'], typ: 'at+jwt' });
    // Only client-credentials ones (sub = client_id, not DPoP-bound) are issued.
    if (typeof payload.client_id !== 'string' || payload.sub !== payload.client_id || payload.cnf !== undefined || typeof payload.jti !== 'string') return undefined;
    return payload;
  } catch {
    return undefined;
  }
}

async function checkClientToken(deps: ResourceDeps, presented: TokenScheme, value: string, proof: { thumbprint: string; jti: string } | undefined): Promise<TokenCheck> {
  const invalid = refuse(presented, 'the access token is invalid, expired or revoked');
  let clientId: string | undefined;
  let api: TokenApi = 'odoo';
  let scope: unknown;
  if (JWT_SHAPE.test(value)) {
    if (proof !== undefined) return refuse('DPoP', 'the access token is not DPoP-bound: send it with the Bearer scheme');
    const payload = await verifyClientJwt(deps, value);
    if (payload === undefined || (await new OidcModelStore(deps.db, REVOKED_JWT_MODEL).find(String(payload.jti))) !== undefined) return invalid;
    clientId = String(payload.client_id);
    api = 'restapi';
    scope = payload.scope;
  } else {
    const token = await deps.provider.ClientCredentials.find(value);
    if (token === undefined || token.isExpired) return invalid;
    if (token.jkt !== undefined && proof === undefined) return refuse('DPoP', 'the access token is DPoP-bound: send it with the DPoP scheme and a proof');
    if (proof !== undefined && proof.thumbprint !== token.jkt) return refuse('DPoP', 'the DPoP proof was not signed with the key the access token is bound to', 'invalid_dpop_proof');
    // RFC 9449 §11.1: a proof is accepted once, for client tokens as for users' tokens.
    if (proof !== undefined && !(await oneTime(deps, token.clientId, proof))) return refuse('DPoP', 'the DPoP proof was already used (jti replay)', 'invalid_dpop_proof');
    clientId = token.clientId;
    scope = token.scope;
  }
  if (clientId === undefined || (await deps.provider.Client.find(clientId)) === undefined) return refuse(presented, 'the access token belongs to an unknown client');
  const login = deps.serviceUsers.get(clientId);
  if (login === undefined) return refuse(presented, 'this client is registered on no user: its client-credentials tokens act for nobody', 'access_denied');
  const user = await deps.db.query<{ id: number }>('SELECT id FROM res_users WHERE login = $1 AND active', [login]);
  const uid = user.rows[0]?.id;
  const caller = uid === undefined ? undefined : await loadCaller(deps.db, uid, DATABASE_NAME);
  if (caller === undefined) return refuse(presented, "the client's user is not active", 'access_denied');
  return { status: 'valid', caller, scheme: presented, api, scopes: scopesOf(scope) };
}

/** The HTTP status of a refusal. */
export function refusalStatus(refusal: Refusal): 401 | 403 {
  return refusal.error === 'access_denied' || refusal.error === 'insufficient_scope' ? 403 : 401;
}

/** `WWW-Authenticate` for a refusal; descriptions are ours, kept free of quotes (RFC 6750 §3). */
export function challenge(refusal: Refusal): string {
  const description = refusal.description.replace(/["\\]/g, "'");
  const algs = refusal.scheme === 'DPoP' ? ` algs="${DPOP_ALGORITHMS.join(' ')}",` : '';
  const scope = refusal.scope === undefined ? '' : `, scope="${refusal.scope}"`;
  return `${refusal.scheme} realm="fieldbook",${algs} error="${refusal.error}", error_description="${description}"${scope}`;
}

