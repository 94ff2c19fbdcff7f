/**
 * DPoP proofs at the resource server (RFC 9449 §4.3, §7.1): one `dpop+jwt` signed with the public
 * key in its own header, for this method (`htm`) and this URL (`htu`, without query and fragment),
 * recent (`iat`), unique (`jti`, checked by the caller against the library's ReplayDetection), and
 * for this access token (`ath`). The library's own DPoP validation needs its request context, so
 * this uses `jose`, the library's JOSE implementation, the same way.
 */
import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify, type JWK } from 'jose';

/** The algorithms accepted for proofs; the same list is configured for the library (provider.ts). */
export const DPOP_ALGORITHMS = ['ES256', 'Ed25519', 'EdDSA'] as const;

/** How far a proof's `iat` may be from now, as the library allows at its own endpoints. */
export const DPOP_IAT_WINDOW_SECONDS = 300;

export class DpopProofError extends Error {
  override name = 'DpopProofError';
}

export interface DpopRequest {
  readonly method: string;
  readonly url: URL;
  readonly accessToken: string;
}

export interface DpopProof {
  /** RFC 7638 thumbprint of the proof's key: must equal the token's `cnf.jkt`. */
  readonly thumbprint: string;
  readonly jti: string;
}

/** The `ath` claim of a DPoP proof for a token (RFC 9449 §4.2). */
export function accessTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export async function verifyDpopProof(header: string | string[] | undefined, request: DpopRequest, now = Date.now()): Promise<DpopProof> {
  if (header === undefined || header === '') throw new DpopProofError('the DPoP proof header is missing');
  // Node joins repeated unknown headers with ", ": a JWT never contains a comma.
  if (typeof header !== 'string' || header.includes(',')) throw new DpopProofError('exactly one DPoP proof is allowed');
  let payload: Record<string, unknown>;
  let jwk: JWK | undefined;
  try {
    const verified = await jwtVerify(header, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: [...DPOP_ALGORITHMS] });
    payload = verified.payload;
    jwk = verified.protectedHeader.jwk;
  } catch {
    throw new DpopProofError('the DPoP proof is not a valid dpop+jwt signed with its embedded public key');
  }
  if (jwk === undefined) throw new DpopProofError('the DPoP proof has no jwk header');
  const { iat, jti, htm, htu, ath } = payload;
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > 512) throw new DpopProofError('the DPoP proof must have a jti');
  if (typeof iat !== 'number' || Math.abs(now / 1000 - iat) > DPOP_IAT_WINDOW_SECONDS) throw new DpopProofError('the DPoP proof iat is not recent enough');
  if (htm !== request.method) throw new DpopProofError('the DPoP proof htm does not match the request method');
  if (typeof htu !== 'string' || withoutQuery(htu) !== withoutQuery(request.url.href)) throw new DpopProofError('the DPoP proof htu does not match the request URL');
  if (ath !== accessTokenHash(request.accessToken)) throw new DpopProofError('the DPoP proof ath does not match the access token');
  return { thumbprint: await calculateJwkThumbprint(jwk), jti };
}

function withoutQuery(uri: string): string | undefined {
  const parsed = URL.parse(uri);
  if (parsed === null) return undefined;
  parsed.search = '';
  parsed.hash = '';
  return parsed.href;
}
