/**
 * The little JOSE the browser needs beyond oauth4webapi: verifying the ID token of an implicit
 * `id_token token` response. WebCrypto only, ES256 and RS256 only (what the demo server signs with).
 * @see RFC 7515 (JWS), RFC 7518 §3.4 (ECDSA signatures are raw r||s, as WebCrypto makes them)
 */

const encoder = new TextEncoder();

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export type Algorithm = 'ES256' | 'RS256';

const importParams = (alg: Algorithm): EcKeyImportParams | RsaHashedImportParams =>
  alg === 'ES256' ? { name: 'ECDSA', namedCurve: 'P-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
const signParams = (alg: Algorithm): EcdsaParams | AlgorithmIdentifier => (alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : 'RSASSA-PKCS1-v1_5');

export interface DecodedJwt {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
  readonly signingInput: Uint8Array<ArrayBuffer>;
  readonly signature: Uint8Array<ArrayBuffer>;
}

export function decodeJwt(jwt: string): DecodedJwt {
  const parts = jwt.split('.');
  if (parts.length !== 3) throw new Error('A JWT has three parts.');
  const [h = '', p = '', s = ''] = parts;
  const json = (part: string) => {
    const value: unknown = JSON.parse(new TextDecoder().decode(fromBase64url(part)));
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('A JWT part is not a JSON object.');
    return value as Record<string, unknown>;
  };
  return { header: json(h), payload: json(p), signingInput: encoder.encode(`${h}.${p}`), signature: fromBase64url(s) };
}

/** Verifies a JWS signature with a JWK from the issuer's JWKS (selected by `kid` and `alg`). */
export async function verifyJwtSignature(jwt: DecodedJwt, jwks: readonly JsonWebKey[]): Promise<boolean> {
  const alg = jwt.header.alg;
  if (alg !== 'ES256' && alg !== 'RS256') return false;
  const kid = jwt.header.kid;
  const candidates = jwks.filter((key) => (kid === undefined || (key as { kid?: unknown }).kid === kid) && (alg === 'ES256' ? key.kty === 'EC' : key.kty === 'RSA'));
  for (const jwk of candidates) {
    const key = await crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, n: jwk.n, e: jwk.e } as JsonWebKey, importParams(alg), false, ['verify']);
    if (await crypto.subtle.verify(signParams(alg), key, jwt.signature, jwt.signingInput)) return true;
  }
  return false;
}

/** `at_hash`: the left half of SHA-256 of the access token, base64url (OIDC Core §3.2.2.9). */
export async function accessTokenHash(accessToken: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(accessToken)));
  return base64url(digest.slice(0, digest.length / 2));
}
