import { beforeAll, describe, expect, it } from 'vitest';
import { base64url as b64 } from 'jose';
import { accessTokenHash, IdTokenError, verifyImplicitIdToken, type IdTokenExpectations } from './id-token.ts';

const encoder = new TextEncoder();
const base64url = (bytes: Uint8Array) => b64.encode(bytes);
const now = 1_800_000_000;
let es: CryptoKeyPair;
let rs: CryptoKeyPair;
let jwks: JsonWebKey[];

async function sign(payload: Record<string, unknown>, options: { alg?: 'ES256' | 'RS256'; kid?: string | null; key?: CryptoKey } = {}): Promise<string> {
  const alg = options.alg ?? 'ES256';
  const kid = options.kid === null ? {} : { kid: options.kid ?? (alg === 'ES256' ? 'es' : 'rs') };
  const header = { alg, ...kid, typ: 'JWT' };
  const input = `${base64url(encoder.encode(JSON.stringify(header)))}.${base64url(encoder.encode(JSON.stringify(payload)))}`;
  const key = options.key ?? (alg === 'ES256' ? es.privateKey : rs.privateKey);
  const params = alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : 'RSASSA-PKCS1-v1_5';
  return `${input}.${base64url(new Uint8Array(await crypto.subtle.sign(params, key, encoder.encode(input))))}`;
}

beforeAll(async () => {
  es = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  rs = await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify']);
  jwks = [
    { ...(await crypto.subtle.exportKey('jwk', es.publicKey)), kid: 'es' } as JsonWebKey,
    { ...(await crypto.subtle.exportKey('jwk', rs.publicKey)), kid: 'rs' } as JsonWebKey,
  ];
});

async function claims(overrides: Record<string, unknown> = {}) {
  return { iss: 'http://127.0.0.1:8069', aud: 'fieldbook', sub: '2', nonce: 'n-1', iat: now - 5, exp: now + 600, at_hash: await accessTokenHash('the-token'), name: 'Mitchell Admin', ...overrides };
}

const expect$ = (): IdTokenExpectations => ({ issuer: 'http://127.0.0.1:8069', clientId: 'fieldbook', nonce: 'n-1', accessToken: 'the-token', jwks, now });

async function failure(token: string, expectations = expect$()): Promise<string> {
  try {
    await verifyImplicitIdToken(token, expectations);
    return 'accepted';
  } catch (error) {
    if (error instanceof IdTokenError) return `${error.code}: ${error.message}`;
    throw error;
  }
}

describe('verifyImplicitIdToken', () => {
  it('accepts a valid ES256 and a valid RS256 token and returns the claims', async () => {
    expect(await verifyImplicitIdToken(await sign(await claims()), expect$())).toEqual({ sub: '2', name: 'Mitchell Admin', email: undefined });
    expect((await verifyImplicitIdToken(await sign(await claims(), { alg: 'RS256' }), expect$())).sub).toBe('2');
  });

  it('rejects a forged signature, an unknown key and alg none', async () => {
    const other = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
    expect(await failure(await sign(await claims(), { key: other.privateKey }))).toMatch(/^bad_signature: .*signature/);
    expect(await failure(await sign(await claims(), { kid: 'nope' }))).toMatch(/^bad_signature: .*signature/);
    const none = `${base64url(encoder.encode('{"alg":"none"}'))}.${base64url(encoder.encode(JSON.stringify(await claims())))}.`;
    expect(await failure(none)).toMatch(/signature|JWT/);
  });

  it('rejects a tampered payload', async () => {
    const [h, , s] = (await sign(await claims())).split('.');
    const tampered = `${h}.${base64url(encoder.encode(JSON.stringify(await claims({ sub: '1' }))))}.${s}`;
    expect(await failure(tampered)).toMatch(/signature/);
  });

  it('checks iss, aud, azp, nonce, exp, iat and at_hash', async () => {
    expect(await failure(await sign(await claims({ iss: 'https://evil.example' })))).toMatch(/^wrong_issuer: .*issuer/);
    expect(await failure(await sign(await claims({ aud: 'someone-else' })))).toMatch(/^wrong_audience: .*not meant/);
    expect(await failure(await sign(await claims({ aud: ['fieldbook', 'x'], azp: 'x' })))).toMatch(/^wrong_party: .*authorized party/);
    expect(await failure(await sign(await claims({ nonce: 'replayed' })))).toMatch(/^nonce_mismatch: .*nonce/);
    expect(await failure(await sign(await claims({ exp: now - 100 })))).toMatch(/^expired: .*expired/);
    expect(await failure(await sign(await claims({ iat: now + 3600 })))).toMatch(/^not_yet_valid: .*future/);
    expect(await failure(await sign(await claims({ at_hash: await accessTokenHash('another-token') })))).toMatch(/^at_hash_mismatch: .*at_hash/);
  });

  it('rejects what is not a JWT', async () => {
    expect(await failure('a.b')).toMatch(/^malformed: .*JWT/);
    expect(await failure('!!!.???.***')).toMatch(/JWT/);
  });
});

describe('accessTokenHash', () => {
  it('is the left half of the SHA-256 of the token, base64url (OIDC Core §3.2.2.9)', async () => {
    // Computed apart, with Node's crypto: createHash('sha256').update(token).digest().subarray(0, 16).toString('base64url').
    expect(await accessTokenHash('the-token')).toBe('wqc_z2HfvcrceaELozCy7w');
    expect(await accessTokenHash('ya29.a0AfH6SMB-x_y')).toBe('nQwauuU9IUoxXkpqypa_3A');
    expect(await accessTokenHash('')).toBe('47DEQpj8HBSa-_TImW-5JA');
  });
});

describe('a token without kid', () => {
  it('is checked against each key of its type when the JWKS has several (an issuer rotating its keys)', async () => {
    const other = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const stranger = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const unnamed = [await crypto.subtle.exportKey('jwk', other.publicKey), await crypto.subtle.exportKey('jwk', es.publicKey)];
    const expectations = { ...expect$(), jwks: unnamed };
    // Signed by the second key of two: found by trying each.
    expect((await verifyImplicitIdToken(await sign(await claims(), { kid: null }), expectations)).sub).toBe('2');
    expect((await verifyImplicitIdToken(await sign(await claims(), { kid: null, key: other.privateKey }), expectations)).sub).toBe('2');
    // Signed by neither: refused as a bad signature; a good signature on a bad claim: refused for the claim.
    expect(await failure(await sign(await claims(), { kid: null, key: stranger.privateKey }), expectations)).toMatch(/^bad_signature: /);
    expect(await failure(await sign(await claims({ exp: now - 100 }), { kid: null }), expectations)).toMatch(/^expired: /);
  });
});
