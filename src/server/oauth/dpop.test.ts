/** DPoP proof checks at the resource server (RFC 9449 §4.3). */
import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { accessTokenHash, verifyDpopProof } from './dpop.ts';

const url = new URL('http://127.0.0.1:8069/web/dataset/call_kw/res.partner/search_read');
const request = { method: 'POST', url, accessToken: 'token-123' };

async function proof(claims: JWTPayload = {}, header: Record<string, unknown> = {}) {
  const keys = await generateKeyPair('ES256');
  const jwk = await exportJWK(keys.publicKey);
  const jwt = await new SignJWT({ htm: 'POST', htu: url.href, ath: accessTokenHash('token-123'), jti: randomUUID(), iat: Math.floor(Date.now() / 1000), ...claims })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk, ...header })
    .sign(keys.privateKey);
  return { jwt, thumbprint: await calculateJwkThumbprint(jwk) };
}

describe('verifyDpopProof', () => {
  it('accepts a proof for this method, URL and token, and returns its key thumbprint and jti', async () => {
    const { jwt, thumbprint } = await proof({ jti: 'j-1' });
    expect(await verifyDpopProof(jwt, request)).toEqual({ thumbprint, jti: 'j-1' });
  });

  it('ignores the query and fragment of htu (RFC 9449 §4.3 step 9)', async () => {
    const { jwt } = await proof({ htu: `${url.href}?a=1#b` });
    await expect(verifyDpopProof(jwt, { ...request, url: new URL(`${url.href}?x=2`) })).resolves.toBeDefined();
  });

  it.each([
    [{ htm: 'GET' }, 'htm does not match'],
    [{ htu: 'http://127.0.0.1:8069/web/dataset/call_kw' }, 'htu does not match'],
    [{ htu: 'not a url' }, 'htu does not match'],
    [{ ath: accessTokenHash('another') }, 'ath does not match'],
    [{ ath: undefined }, 'ath does not match'],
    [{ iat: Math.floor(Date.now() / 1000) - 301 }, 'iat is not recent enough'],
    [{ iat: Math.floor(Date.now() / 1000) + 301 }, 'iat is not recent enough'],
    [{ jti: '' }, 'must have a jti'],
  ] as const)('refuses %o', async (claims, message) => {
    const { jwt } = await proof(claims);
    await expect(verifyDpopProof(jwt, request)).rejects.toThrow(message);
  });

  it('refuses a missing, doubled, wrongly typed or unsigned proof', async () => {
    const { jwt } = await proof();
    await expect(verifyDpopProof(undefined, request)).rejects.toThrow('missing');
    await expect(verifyDpopProof(`${jwt}, ${jwt}`, request)).rejects.toThrow('exactly one');
    await expect(verifyDpopProof((await proof({}, { typ: 'JWT' })).jwt, request)).rejects.toThrow('not a valid dpop+jwt');
    await expect(verifyDpopProof(`${jwt.slice(0, jwt.lastIndexOf('.'))}.AAAA`, request)).rejects.toThrow('not a valid dpop+jwt');
  });

  it('refuses a proof carrying a private key', async () => {
    const keys = await generateKeyPair('ES256', { extractable: true });
    const jwt = await new SignJWT({ htm: 'POST', htu: url.href, ath: accessTokenHash('token-123'), jti: 'x', iat: Math.floor(Date.now() / 1000) })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(keys.privateKey) })
      .sign(keys.privateKey);
    await expect(verifyDpopProof(jwt, request)).rejects.toThrow('not a valid dpop+jwt');
  });
});
