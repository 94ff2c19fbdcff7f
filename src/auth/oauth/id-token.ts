/**
 * Verifies the ID token of an implicit `id_token token` response: signature against the issuer's
 * JWKS, `iss`, `aud`, `nonce`, `exp`/`iat`, and `at_hash` binding it to the access token.
 * @see OpenID Connect Core 1.0 §3.2.2.11 (ID Token validation, implicit flow), §3.2.2.9 (at_hash)
 */
import { accessTokenHash, decodeJwt, verifyJwtSignature } from './jose.ts';

export class IdTokenError extends Error {
  override readonly name = 'IdTokenError';
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

export async function verifyImplicitIdToken(idToken: string, expected: IdTokenExpectations): Promise<IdTokenClaims> {
  let jwt;
  try {
    jwt = decodeJwt(idToken);
  } catch {
    throw new IdTokenError('The ID token is not a valid JWT.');
  }
  if (!(await verifyJwtSignature(jwt, expected.jwks))) throw new IdTokenError('The ID token signature is not valid.');
  const claims = jwt.payload;
  const now = expected.now ?? Math.floor(Date.now() / 1000);
  const tolerance = expected.tolerance ?? 30;
  if (claims.iss !== expected.issuer) throw new IdTokenError('The ID token comes from another issuer.');
  const aud = claims.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(expected.clientId)) throw new IdTokenError('The ID token is not meant for this app.');
  if (audiences.length > 1 && claims.azp !== expected.clientId) throw new IdTokenError('The ID token names another authorized party.');
  if (claims.nonce !== expected.nonce) throw new IdTokenError('The ID token nonce does not match this sign-in.');
  if (typeof claims.exp !== 'number' || claims.exp + tolerance < now) throw new IdTokenError('The ID token has expired.');
  if (typeof claims.iat !== 'number' || claims.iat - tolerance > now) throw new IdTokenError('The ID token is issued in the future.');
  if (typeof claims.at_hash !== 'string' || claims.at_hash !== (await accessTokenHash(expected.accessToken))) {
    throw new IdTokenError('The ID token does not belong to this access token (at_hash).');
  }
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new IdTokenError('The ID token has no subject.');
  return {
    sub: claims.sub,
    name: typeof claims.name === 'string' ? claims.name : undefined,
    email: typeof claims.email === 'string' ? claims.email : undefined,
  };
}
