import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import type { Transport } from '../../odoo/rpc.ts';
import { dpopHandle, dpopRequest, generateDpopKeyPair } from './dpop.ts';

interface Sent {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** A transport that answers from `answers` in turn (the last one again when they run out) and keeps what was sent. */
function scripted(...answers: (() => Response)[]): Transport & { sent: Sent[] } {
  const sent: Sent[] = [];
  const transport = async (url: string, init: Parameters<Transport>[1]) => {
    sent.push({ url, headers: init.headers, body: init.body });
    return (answers[sent.length - 1] ?? answers[answers.length - 1] ?? (() => new Response('{}')))();
  };
  return Object.assign(transport, { sent });
}

const ok = () => new Response('{"jsonrpc":"2.0","id":1,"result":true}', { headers: { 'Content-Type': 'application/json' } });
const nonceRequired = (nonce: string) => () =>
  new Response('{"error":"use_dpop_nonce"}', { status: 401, headers: { 'WWW-Authenticate': 'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"', 'DPoP-Nonce': nonce } });
const init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"jsonrpc":"2.0"}' };
const url = 'http://127.0.0.1:8069/web/dataset/call_kw/res.partner/search_read?x=1#f';

/** The proof's claims, its signature checked with the key in its own header. */
async function proof(sent: Sent) {
  const { payload, protectedHeader } = await jwtVerify(sent.headers.dpop ?? '', EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256'] });
  return { payload, header: protectedHeader };
}

describe('dpopRequest', () => {
  it('sends the DPoP-bound token with a proof of htm, htu without query, iat, a fresh jti and ath, signed with the public key in its header', async () => {
    const keys = await generateDpopKeyPair();
    const transport = scripted(ok);
    const response = await dpopRequest(keys, 'tok', url, init, transport);
    await dpopRequest(keys, 'tok', url, init, transport);
    expect(await response.json()).toMatchObject({ result: true });
    const [one, two] = transport.sent;
    expect(one).toMatchObject({ url, body: init.body, headers: { 'content-type': 'application/json', authorization: 'DPoP tok' } });
    const first = await proof(one as Sent);
    expect(first.header).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256', jwk: { kty: 'EC', crv: 'P-256' } });
    expect(first.header.jwk).not.toHaveProperty('d');
    expect(first.payload).toMatchObject({ htm: 'POST', htu: 'http://127.0.0.1:8069/web/dataset/call_kw/res.partner/search_read' });
    // SHA-256 of the token, base64url (Node's createHash('sha256').update('tok').digest('base64url')).
    expect(first.payload.ath).toBe('GnZ0607njffhrEOak8P6jjyUV4TU3sn9jjARc4svHWI');
    expect(Math.abs((first.payload.iat ?? 0) - Date.now() / 1000)).toBeLessThan(5);
    expect(first.payload).not.toHaveProperty('nonce');
    expect(first.payload.jti).not.toBe((await proof(two as Sent)).payload.jti);
    // The key the authorization request named (`dpop_jkt`) is the key that signs.
    expect(await calculateJwkThumbprint(first.header.jwk as JWK)).toBe(await dpopHandle(keys).calculateThumbprint());
  });

  it('sends the call once more with the nonce the server asks for (RFC 9449 §9), and keeps it for the next calls', async () => {
    const keys = await generateDpopKeyPair();
    const transport = scripted(nonceRequired('n-1'), ok, ok);
    const response = await dpopRequest(keys, 'tok', url, init, transport);
    expect(response.status).toBe(200);
    await dpopRequest(keys, 'tok', url, init, transport);
    expect(transport.sent).toHaveLength(3);
    const [first, retried, next] = await Promise.all(transport.sent.map(proof));
    expect(first?.payload).not.toHaveProperty('nonce');
    expect(retried?.payload.nonce).toBe('n-1');
    expect(next?.payload.nonce).toBe('n-1');
    expect(retried?.payload.jti).not.toBe(first?.payload.jti);
    expect(transport.sent.map((sent) => sent.body)).toEqual([init.body, init.body, init.body]);
  });

  it('asks once: a second nonce demand in a row is the caller’s answer', async () => {
    const transport = scripted(nonceRequired('n-1'), nonceRequired('n-2'), ok);
    const response = await dpopRequest(await generateDpopKeyPair(), 'tok', url, init, transport);
    expect(transport.sent).toHaveLength(2);
    expect(response.status).toBe(401);
    expect(response.headers.get('dpop-nonce')).toBe('n-2');
  });

  it('hands any other refusal to the caller unread, without sending again', async () => {
    const refused = () => new Response('{"error":"invalid_token","error_description":"expired"}', { status: 401, headers: { 'WWW-Authenticate': 'DPoP error="invalid_token"' } });
    const transport = scripted(refused);
    const response = await dpopRequest(await generateDpopKeyPair(), 'tok', url, init, transport);
    expect(transport.sent).toHaveLength(1);
    expect(response.headers.get('www-authenticate')).toBe('DPoP error="invalid_token"');
    expect(await response.json()).toEqual({ error: 'invalid_token', error_description: 'expired' });
  });

  it('keeps one handle, and so one nonce cache, per key pair', async () => {
    const keys = await generateDpopKeyPair();
    expect(dpopHandle(keys)).toBe(dpopHandle(keys));
    expect(dpopHandle(keys)).not.toBe(dpopHandle(await generateDpopKeyPair()));
  });
});

describe('generateDpopKeyPair', () => {
  it('keeps the private key non-extractable', async () => {
    const keys = await generateDpopKeyPair();
    expect(keys.privateKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('jwk', keys.privateKey)).rejects.toThrow();
  });
});
