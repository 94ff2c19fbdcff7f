/**
 * The attack suite, server side: every bad request refused, each with its exact refusal
 * (RFC 6749, RFC 7636, RFC 9700 §2.1 exact redirect URIs and §4.14 refresh token reuse,
 * RFC 6750 §3.1, RFC 9449 §7.1).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, SignJWT } from 'jose';
import * as oauth from 'oauth4webapi';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { rawRequest } from '../support/raw-http.ts';
import { errorOf, rpc } from '../support/rpc.ts';
import { authorizeUrl, callKwWithToken, codeFlow, CookieJar, discover, insecure, introspect, PWA_CLIENT, revoke, signIn, STRICT_CLIENT, tokenRequest } from '../support/oauth.ts';

const baseUrl = inject('baseUrl');
const redirectUri = `${baseUrl}/oauth/callback`;
const count = (authorization: string, headers: Record<string, string> = {}) => callKwWithToken(baseUrl, authorization, 'res.partner', 'search_count', [[]], {}, headers);
const countUrl = `${baseUrl}/web/dataset/call_kw/res.partner/search_count`;

/** Up to the redirect back to the client with a code, keeping the PKCE verifier for the test. */
async function codeFor(challengeVerifier: string): Promise<string> {
  const callback = await signIn(baseUrl, new CookieJar(), { response_type: 'code', state: 's', code_challenge: await oauth.calculatePKCECodeChallenge(challengeVerifier), code_challenge_method: 'S256' });
  return callback.searchParams.get('code') ?? '';
}

describe('PKCE (RFC 7636)', () => {
  it('refuses a code exchanged with the wrong verifier, or with none', async () => {
    const verifier = oauth.generateRandomCodeVerifier();
    const code = await codeFor(verifier);
    const wrong = await tokenRequest(baseUrl, { grant_type: 'authorization_code', client_id: PWA_CLIENT, code, redirect_uri: redirectUri, code_verifier: oauth.generateRandomCodeVerifier() });
    expect(wrong).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'grant request is invalid' } });
    const code2 = await codeFor(verifier);
    const missing = await tokenRequest(baseUrl, { grant_type: 'authorization_code', client_id: PWA_CLIENT, code: code2, redirect_uri: redirectUri });
    expect(missing).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'grant request is invalid' } });
  });

  it('refuses an authorization request without a code challenge, or with the plain method', async () => {
    for (const [extra, description] of [
      [{}, 'Authorization Server policy requires PKCE to be used for this request'],
      [{ code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' }, 'not supported value of code_challenge_method'],
    ] as const) {
      const response = await fetch(authorizeUrl(baseUrl, { response_type: 'code', state: 'p', ...extra }), { redirect: 'manual' });
      expect(response.status).toBe(303);
      const callback = new URL(response.headers.get('location') ?? '');
      expect(Object.fromEntries(callback.searchParams)).toEqual({ error: 'invalid_request', error_description: description, state: 'p', iss: baseUrl });
    }
  });
});

describe('authorization codes', () => {
  it('a replayed code is refused and revokes the tokens the first exchange issued', async () => {
    const verifier = oauth.generateRandomCodeVerifier();
    const code = await codeFor(verifier);
    const exchange = { grant_type: 'authorization_code', client_id: PWA_CLIENT, code, redirect_uri: redirectUri, code_verifier: verifier };
    const first = await tokenRequest(baseUrl, exchange);
    expect(first.status).toBe(200);
    const accessToken = String(first.body.access_token);
    expect((await count(`Bearer ${accessToken}`)).status).toBe(200);
    const replay = await tokenRequest(baseUrl, exchange);
    expect(replay).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'grant request is invalid' } });
    expect(await introspect(baseUrl, accessToken)).toEqual({ active: false });
    expect(await introspect(baseUrl, String(first.body.refresh_token))).toEqual({ active: false });
    expect((await count(`Bearer ${accessToken}`)).status).toBe(401);
  });
});

describe('refresh tokens', () => {
  it('a reused refresh token is refused and revokes the whole grant', async () => {
    const { tokens } = await codeFlow(baseUrl);
    const first = tokens.refresh_token ?? '';
    const rotated = await tokenRequest(baseUrl, { grant_type: 'refresh_token', client_id: PWA_CLIENT, refresh_token: first });
    expect(rotated.status).toBe(200);
    const reuse = await tokenRequest(baseUrl, { grant_type: 'refresh_token', client_id: PWA_CLIENT, refresh_token: first });
    expect(reuse).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'grant request is invalid' } });
    // The rotated token, and every access token of the grant, died with it.
    const next = await tokenRequest(baseUrl, { grant_type: 'refresh_token', client_id: PWA_CLIENT, refresh_token: String(rotated.body.refresh_token) });
    expect(next).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'grant request is invalid' } });
    for (const token of [tokens.access_token, String(rotated.body.access_token)]) {
      expect(await introspect(baseUrl, token)).toEqual({ active: false });
      expect((await count(`Bearer ${token}`)).status).toBe(401);
    }
  });

  it('a refresh token of one client is refused to another', async () => {
    const { tokens } = await codeFlow(baseUrl);
    const other = await tokenRequest(baseUrl, { grant_type: 'refresh_token', client_id: STRICT_CLIENT, refresh_token: tokens.refresh_token ?? '' });
    expect(other).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'grant request is invalid' } });
  });
});

describe('redirect URIs (exact match)', () => {
  it.each([
    ['not registered', 'https://attacker.example/oauth/callback'],
    ['a prefix of the registered one', `${baseUrl}/oauth/callbac`],
    ['longer than the registered one', `${baseUrl}/oauth/callback/evil`],
    ['with a query added', `${baseUrl}/oauth/callback?next=/evil`],
    ['case-altered', `${baseUrl}/OAuth/Callback`],
    ['on another port', baseUrl.replace(/:(\d+)$/, (_, port: string) => `:${Number(port) + 1}`) + '/oauth/callback'],
    ['missing', undefined],
  ])('refuses a redirect URI %s, on its own error page, never redirecting', async (_label, uri) => {
    const url = authorizeUrl(baseUrl, { response_type: 'code', state: 'r', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
    if (uri === undefined) url.searchParams.delete('redirect_uri');
    else url.searchParams.set('redirect_uri', uri);
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    const page = await response.text();
    expect(page).toContain(uri === undefined ? 'invalid_request' : 'invalid_redirect_uri');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});

describe('implicit requested by a client not allowed it (RFC 6749 §4.2.2.1)', () => {
  it.each(['token', 'id_token token'])('answers response_type=%s with unauthorized_client in the fragment', async (responseType) => {
    const response = await fetch(authorizeUrl(baseUrl, { client_id: STRICT_CLIENT, response_type: responseType, state: 'imp', nonce: 'n' }), { redirect: 'manual' });
    expect(response.status).toBe(303);
    const callback = new URL(response.headers.get('location') ?? '');
    expect(callback.origin + callback.pathname).toBe(redirectUri);
    expect(callback.search).toBe('');
    expect(Object.fromEntries(new URLSearchParams(callback.hash.slice(1)))).toEqual({
      error: 'unauthorized_client',
      error_description: 'the client is not authorized to use this response_type',
      state: 'imp',
      iss: baseUrl,
    });
  });
});

describe('tokens on call_kw (RFC 6750 §3.1)', () => {
  const invalid = 'Bearer realm="fieldbook", error="invalid_token", error_description="the access token is invalid, expired or revoked"';

  it('a forged token gets 401 with WWW-Authenticate and an invalid_token body, not the Odoo envelope', async () => {
    const response = await count(`Bearer ${randomBytes(32).toString('base64url')}`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(invalid);
    expect(response.body).toEqual({ error: 'invalid_token', error_description: 'the access token is invalid, expired or revoked' });
  });

  it('a revoked token gets the same 401', async () => {
    const callback = await signIn(baseUrl, new CookieJar(), { response_type: 'token', state: 'rv' });
    const token = new URLSearchParams(callback.hash.slice(1)).get('access_token') ?? '';
    expect((await count(`Bearer ${token}`)).status).toBe(200);
    expect(await revoke(baseUrl, token)).toBe(200);
    const response = await count(`Bearer ${token}`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(invalid);
  });

  it('a malformed Authorization header is a 401 too; no credential at all keeps the Odoo session-expired error', async () => {
    const malformed = await count('Bearer not a token');
    expect(malformed.status).toBe(401);
    expect(malformed.body).toEqual({ error: 'invalid_token', error_description: 'malformed Authorization header' });
    const none = await rpc(baseUrl, '/web/dataset/call_kw', { model: 'res.partner', method: 'search_count', args: [[]], kwargs: {} });
    expect(none.status).toBe(200);
    expect(errorOf(none)).toMatchObject({ code: 100, message: 'Odoo Session Expired' });
  });
});

describe('DPoP-bound tokens on call_kw (RFC 9449)', () => {
  type KeyPair = Awaited<ReturnType<typeof oauth.generateKeyPair>>;
  let keyPair: KeyPair;
  let accessToken: string;

  beforeAll(async () => {
    keyPair = await oauth.generateKeyPair('ES256');
    const { tokens } = await codeFlow(baseUrl, { dpop: oauth.DPoP({}, keyPair) });
    expect(tokens.token_type.toLowerCase()).toBe('dpop');
    accessToken = tokens.access_token;
  });

  async function proof(keys: KeyPair, claims: { htm?: string; htu?: string; ath?: string; jti?: string; iat?: number } = {}): Promise<string> {
    const { kty = 'EC', crv = '', x = '', y = '' } = await exportJWK(keys.publicKey);
    return new SignJWT({ htm: 'POST', htu: countUrl, ath: await athOf(accessToken), jti: randomUUID(), iat: Math.floor(Date.now() / 1000), ...claims })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: { kty, crv, x, y } })
      .sign(keys.privateKey);
  }
  const athOf = async (token: string) => Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))).toString('base64url');
  const dpopRefusal = (description: string, error = 'invalid_dpop_proof') => `DPoP realm="fieldbook", algs="ES256 Ed25519 EdDSA", error="${error}", error_description="${description}"`;

  it('accepts the token with a proof from its key (oauth4webapi protectedResourceRequest)', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { model: 'res.partner', method: 'search_count', args: [[]], kwargs: {} }, id: 1 });
    const response = await oauth.protectedResourceRequest(accessToken, 'POST', new URL(countUrl), new Headers({ 'Content-Type': 'application/json' }), body, { DPoP: oauth.DPoP({}, keyPair), ...insecure });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { result: number }).result).toBeGreaterThan(4000);
  });

  it('refuses a proof signed with another key', async () => {
    const response = await count(`DPoP ${accessToken}`, { DPoP: await proof(await oauth.generateKeyPair('ES256')) });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(dpopRefusal('the DPoP proof was not signed with the key the access token is bound to'));
    expect(response.body).toEqual({ error: 'invalid_dpop_proof', error_description: 'the DPoP proof was not signed with the key the access token is bound to' });
  });

  it('refuses a proof for another method or another URL, or for another token', async () => {
    for (const [claims, description] of [
      [{ htm: 'GET' }, 'the DPoP proof htm does not match the request method'],
      [{ htu: `${baseUrl}/web/dataset/call_kw/res.partner/unlink` }, 'the DPoP proof htu does not match the request URL'],
      [{ htu: countUrl.replace('127.0.0.1', 'localhost') }, 'the DPoP proof htu does not match the request URL'],
      [{ ath: await athOf('another token') }, 'the DPoP proof ath does not match the access token'],
      [{ iat: Math.floor(Date.now() / 1000) - 3600 }, 'the DPoP proof iat is not recent enough'],
    ] as const) {
      const response = await count(`DPoP ${accessToken}`, { DPoP: await proof(keyPair, claims) });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(dpopRefusal(description));
    }
  });

  it('refuses a replayed proof (same jti)', async () => {
    const once = await proof(keyPair);
    expect((await count(`DPoP ${accessToken}`, { DPoP: once })).status).toBe(200);
    const replay = await count(`DPoP ${accessToken}`, { DPoP: once });
    expect(replay.status).toBe(401);
    expect(replay.headers.get('www-authenticate')).toBe(dpopRefusal('the DPoP proof was already used (jti replay)'));
  });

  it('refuses the bound token without a proof, or sent as a Bearer token', async () => {
    const noProof = await count(`DPoP ${accessToken}`);
    expect(noProof.headers.get('www-authenticate')).toBe(dpopRefusal('the DPoP proof header is missing'));
    const asBearer = await count(`Bearer ${accessToken}`);
    expect(asBearer.status).toBe(401);
    expect(asBearer.headers.get('www-authenticate')).toBe(dpopRefusal('the access token is DPoP-bound: send it with the DPoP scheme and a proof', 'invalid_token'));
  });

  it('refuses a refresh with a proof from another key (the refresh token is bound too)', async () => {
    const as = await discover(baseUrl);
    const { tokens } = await codeFlow(baseUrl, { dpop: oauth.DPoP({}, keyPair) });
    const response = await oauth.refreshTokenGrantRequest(as, { client_id: PWA_CLIENT }, oauth.None(), tokens.refresh_token ?? '', { ...insecure, DPoP: oauth.DPoP({}, await oauth.generateKeyPair('ES256')) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid_grant', error_description: 'grant request is invalid' });
  });
});

describe('DPoP for client tokens, and htu against absolute-form request lines (issue 13 #7, #8)', () => {
  type KeyPair = Awaited<ReturnType<typeof oauth.generateKeyPair>>;
  const athOf = async (token: string) => Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))).toString('base64url');

  async function dpopProof(keys: KeyPair, htu: string, accessToken?: string): Promise<string> {
    const { kty = 'EC', crv = '', x = '', y = '' } = await exportJWK(keys.publicKey);
    return new SignJWT({ htm: 'POST', htu, jti: randomUUID(), iat: Math.floor(Date.now() / 1000), ...(accessToken === undefined ? {} : { ath: await athOf(accessToken) }) })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: { kty, crv, x, y } })
      .sign(keys.privateKey);
  }

  /** A request whose request line is in absolute form, naming `host` (not this server), sent to this server. */
  const absoluteForm = (host: string, path: string, headers: Record<string, string>, body: string) =>
    rawRequest(new URL(path, baseUrl), { method: 'POST', headers, body, requestTarget: `http://${host}${path}` });

  const CLIENT_FORM = { grant_type: 'client_credentials', client_id: 'fieldbook-server', client_secret: 'fieldbook-server-secret', scope: 'odoo.read' };

  it('a DPoP proof is accepted once with a client-credentials token too', async () => {
    const keys = await oauth.generateKeyPair('ES256');
    const issued = await tokenRequest(baseUrl, CLIENT_FORM, { DPoP: await dpopProof(keys, `${baseUrl}/oauth2/token`) });
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    expect(String(issued.body.token_type).toLowerCase()).toBe('dpop');
    const token = String(issued.body.access_token);
    const once = await dpopProof(keys, countUrl, token);
    expect((await count(`DPoP ${token}`, { DPoP: once })).status).toBe(200);
    const replay = await count(`DPoP ${token}`, { DPoP: once });
    expect(replay.status).toBe(401);
    expect(replay.headers.get('www-authenticate')).toContain('the DPoP proof was already used (jti replay)');
  });

  it('htu must name this server even when the request line names another host: call_kw and the token endpoint', async () => {
    const keys = await oauth.generateKeyPair('ES256');
    const issued = await tokenRequest(baseUrl, CLIENT_FORM, { DPoP: await dpopProof(keys, `${baseUrl}/oauth2/token`) });
    const token = String(issued.body.access_token);
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { model: 'res.partner', method: 'search_count', args: [[]], kwargs: {} }, id: 1 });
    const path = '/web/dataset/call_kw/res.partner/search_count';
    const other = await absoluteForm('other.example', path, { 'Content-Type': 'application/json', Authorization: `DPoP ${token}`, DPoP: await dpopProof(keys, `http://other.example${path}`, token) }, body);
    expect(other.status).toBe(401);
    expect(String(other.headers['www-authenticate'])).toContain('the DPoP proof htu does not match the request URL');
    // Control: the same absolute-form line with a proof for this server's own URL is accepted.
    const own = await absoluteForm('other.example', path, { 'Content-Type': 'application/json', Authorization: `DPoP ${token}`, DPoP: await dpopProof(keys, countUrl, token) }, body);
    expect(own.status).toBe(200);

    const form = new URLSearchParams(CLIENT_FORM).toString();
    const atToken = await absoluteForm('other.example', '/oauth2/token', { 'Content-Type': 'application/x-www-form-urlencoded', DPoP: await dpopProof(keys, 'http://other.example/oauth2/token') }, form);
    expect(atToken.status).toBe(400);
    expect(JSON.parse(atToken.text)).toMatchObject({ error: 'invalid_dpop_proof' });
  });
});
