/**
 * Verifies the ID token of an implicit `id_token token` response: signature against the issuer's
 * JWKS, `iss`, `aud`, `nonce`, `exp`/`iat`, and `at_hash` binding it to the access token.
 * @see OpenID Connect Core 1.0 §3.2.2.11 (ID Token validation, implicit flow), §3.2.2.9 (at_hash)
 */
import { base64url, createLocalJWKSet, jwtVerify, type JWK, type JWTPayload, type JWTVerifyOptions } from 'jose';

export type IdTokenErrorCode =
  | 'malformed'
  /** Forged or tampered, signed by a key the issuer's JWKS lacks, or with another algorithm than ES256/RS256 (`none`). */
  | 'bad_signature'
  | 'wrong_issuer'
  | 'wrong_audience'
  /** Several audiences, and `azp` is not this app. */
  | 'wrong_party'
  | 'nonce_mismatch'
  | 'expired'
  /** `iat` (or `nbf`) ahead of the clock, or missing. */
  | 'not_yet_valid'
  /** `at_hash` does not bind it to the access token beside it (token substitution). */
  | 'at_hash_mismatch'
  | 'no_subject';

export class IdTokenError extends Error {
  override readonly name = 'IdTokenError';
  constructor(
    readonly code: IdTokenErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface IdTokenExpectations {
  readonly issuer: string;
  readonly clientId: string;
  readonly nonce: string;
  readonly accessToken: string;
  readonly jwks: readonly JsonWebKey[];
  /** Seconds since the epoch; injectable for tests. */
  readonly now?: number;
  /** Clock skew allowed, in seconds. */
  readonly tolerance?: number;
}

export interface IdTokenClaims {
  readonly sub: string;
  readonly name: string | undefined;
  readonly email: string | undefined;
}

/** `at_hash`: the left half of SHA-256 of the access token, base64url (OIDC Core §3.2.2.9). */
export async function accessTokenHash(accessToken: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken)));
  return base64url.encode(digest.slice(0, digest.length / 2));
}

/** Our sentence for each way jose refuses a token (by `code` and `claim`: a build renames classes). */
function refusal(error: unknown): IdTokenError {
  const { code, claim } = (error ?? {}) as { code?: unknown; claim?: unknown };
  if (code === 'ERR_JWS_INVALID' || code === 'ERR_JWT_INVALID') return new IdTokenError('malformed', 'The ID token is not a valid JWT.');
  if (code === 'ERR_JWT_EXPIRED' || (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim === 'exp')) return new IdTokenError('expired', 'The ID token has expired.');
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    if (claim === 'iss') return new IdTokenError('wrong_issuer', 'The ID token comes from another issuer.');
    if (claim === 'aud') return new IdTokenError('wrong_audience', 'The ID token is not meant for this app.');
    return new IdTokenError('not_yet_valid', 'The ID token is issued in the future.'); // `iat` missing or not a number, or `nbf` ahead
  }
  // A forged or tampered signature, a key the JWKS lacks, an algorithm other than ES256/RS256 (`none`).
  return new IdTokenError('bad_signature', 'The ID token signature is not valid.');
}

export async function verifyImplicitIdToken(idToken: string, expected: IdTokenExpectations): Promise<IdTokenClaims> {
  const now = expected.now ?? Math.floor(Date.now() / 1000);
  const tolerance = expected.tolerance ?? 30;
  const options = {
    algorithms: ['ES256', 'RS256'],
    issuer: expected.issuer,
    audience: expected.clientId,
    requiredClaims: ['exp', 'iat'],
    currentDate: new Date(now * 1000),
    clockTolerance: tolerance,
  };
  let claims: JWTPayload;
  try {
    // jose checks the signature (key by `kid` and `alg`), `iss`, `aud` and `exp`; the rest is ours below.
    ({ payload: claims } = await jwtVerify(idToken, createLocalJWKSet({ keys: expected.jwks as JWK[] }), options));
  } catch (error) {
    // No `kid`, and several keys of its type in the JWKS: each is tried, as jose documents (the error
    // iterates over them) — an issuer may leave `kid` out while it rotates keys.
    if ((error as { code?: unknown }).code !== 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') throw refusal(error);
    claims = await verifiedByAnyOf(error as AsyncIterable<CryptoKey>, idToken, options);
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (audiences.length > 1 && claims.azp !== expected.clientId) throw new IdTokenError('wrong_party', 'The ID token names another authorized party.');
  if (claims.nonce !== expected.nonce) throw new IdTokenError('nonce_mismatch', 'The ID token nonce does not match this sign-in.');
  if (typeof claims.iat !== 'number' || claims.iat - tolerance > now) throw new IdTokenError('not_yet_valid', 'The ID token is issued in the future.');
  if (typeof claims.at_hash !== 'string' || claims.at_hash !== (await accessTokenHash(expected.accessToken))) {
    throw new IdTokenError('at_hash_mismatch', 'The ID token does not belong to this access token (at_hash).');
  }
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new IdTokenError('no_subject', 'The ID token has no subject.');
  return {
    sub: claims.sub,
    name: typeof claims.name === 'string' ? claims.name : undefined,
    email: typeof claims.email === 'string' ? claims.email : undefined,
  };
}

async function verifiedByAnyOf(keys: AsyncIterable<CryptoKey>, idToken: string, options: JWTVerifyOptions): Promise<JWTPayload> {
  let last: unknown;
  for await (const key of keys) {
    try {
      return (await jwtVerify(idToken, key, options)).payload;
    } catch (error) {
      last = error;
      // Another key's signature: the next key may be the one. Any other refusal is the token's.
      if ((error as { code?: unknown }).code !== 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') break;
    }
  }
  throw refusal(last);
}
