/** DPoP proof checks at the resource server (RFC 9449 §4.3). */
import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { accessTokenHash, verifyDpopProof } from './dpop.ts';

const url = new URL('http://127.0.0.1:8069/web/dataset/call_kw/res.partner/search_read');
const request = { method: 'POST', url, accessToken: 'token-123' };
/** The clock every proof here is made and checked at: no test depends on when it runs. */
const NOW = Date.UTC(2026, 0, 15, 12);
const NOW_S = NOW / 1000;
const verify = (jwt: string | undefined, req = request) => verifyDpopProof(jwt, req, NOW);

async function proof(claims: JWTPayload = {}, header: Record<string, unknown> = {}) {
  const keys = await generateKeyPair('ES256');
  const jwk = await exportJWK(keys.publicKey);
  const jwt = await new SignJWT({ htm: 'POST', htu: url.href, ath: accessTokenHash('token-123'), jti: randomUUID(), iat: NOW_S, ...claims })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk, ...header })
    .sign(keys.privateKey);
  return { jwt, thumbprint: await calculateJwkThumbprint(jwk) };
}

describe('verifyDpopProof', () => {
  it('accepts a proof for this method, URL and token, and returns its key thumbprint and jti', async () => {
    const { jwt, thumbprint } = await proof({ jti: 'j-1' });
    expect(await verify(jwt)).toEqual({ thumbprint, jti: 'j-1' });
  });

  it.each([-300, 300])('accepts an iat %i s from now', async (offset) => {
    const { jwt } = await proof({ iat: NOW_S + offset });
    await expect(verify(jwt)).resolves.toBeDefined();
  });

  it('ignores the query and fragment of htu (RFC 9449 §4.3 step 9)', async () => {
    const { jwt } = await proof({ htu: `${url.href}?a=1#b` });
    await expect(verify(jwt, { ...request, url: new URL(`${url.href}?x=2`) })).resolves.toBeDefined();
  });

  it.each([
    [{ htm: 'GET' }, 'htm does not match'],
    [{ htu: 'http://127.0.0.1:8069/web/dataset/call_kw' }, 'htu does not match'],
    [{ htu: 'not a url' }, 'htu does not match'],
    [{ ath: accessTokenHash('another') }, 'ath does not match'],
    [{ ath: undefined }, 'ath does not match'],
    [{ iat: NOW_S - 301 }, 'iat is not recent enough'],
    [{ iat: NOW_S + 301 }, 'iat is not recent enough'],
    [{ jti: '' }, 'must have a jti'],
  ] as const)('refuses %o', async (claims, message) => {
    const { jwt } = await proof(claims);
    await expect(verify(jwt)).rejects.toThrow(message);
  });

  it('refuses a missing, doubled, wrongly typed or unsigned proof', async () => {
    const { jwt } = await proof();
    await expect(verify(undefined)).rejects.toThrow('missing');
    await expect(verify(`${jwt}, ${jwt}`)).rejects.toThrow('exactly one');
    await expect(verify((await proof({}, { typ: 'JWT' })).jwt)).rejects.toThrow('not a valid dpop+jwt');
    await expect(verify(`${jwt.slice(0, jwt.lastIndexOf('.'))}.AAAA`)).rejects.toThrow('not a valid dpop+jwt');
  });

  it('refuses a proof carrying a private key', async () => {
    const keys = await generateKeyPair('ES256', { extractable: true });
    const jwt = await new SignJWT({ htm: 'POST', htu: url.href, ath: accessTokenHash('token-123'), jti: 'x', iat: NOW_S })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(keys.privateKey) })
      .sign(keys.privateKey);
    await expect(verify(jwt)).rejects.toThrow('not a valid dpop+jwt');
  });
});
