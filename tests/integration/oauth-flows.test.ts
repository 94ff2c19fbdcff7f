/**
 * The authorization server's happy paths over real HTTP: discovery, code + PKCE (with oauth4webapi,
 * the PWA's library), refresh rotation, plain implicit and `id_token token`, consent, silent login,
 * revocation and introspection — and the tokens on call_kw with their user's access rights.
 */
import * as oauth from 'oauth4webapi';
import { describe, expect, inject, it } from 'vitest';
import { callKwWithToken, codeFlow, CookieJar, discover, fragmentOf, insecure, introspect, openInteraction, PWA_CLIENT, revoke, signIn, STRICT_CLIENT } from '../support/oauth.ts';

const baseUrl = inject('baseUrl');

describe('discovery', () => {
  it('publishes the issuer, the /oauth2/ endpoints and what is supported, at both well-known paths', async () => {
    for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
      const response = await fetch(new URL(path, baseUrl));
      expect(response.status).toBe(200);
      const metadata = (await response.json()) as Record<string, unknown>;
      expect(metadata).toMatchObject({
        issuer: baseUrl,
        authorization_endpoint: `${baseUrl}/oauth2/auth`,
        token_endpoint: `${baseUrl}/oauth2/token`,
        userinfo_endpoint: `${baseUrl}/oauth2/userinfo`,
        jwks_uri: `${baseUrl}/oauth2/jwks`,
        revocation_endpoint: `${baseUrl}/oauth2/revoke`,
        introspection_endpoint: `${baseUrl}/oauth2/introspect`,
        end_session_endpoint: `${baseUrl}/oauth2/logout`,
        code_challenge_methods_supported: ['S256'],
        authorization_response_iss_parameter_supported: true,
        dpop_signing_alg_values_supported: ['ES256', 'Ed25519', 'EdDSA'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access', 'odoo', 'odoo.read', 'odoo.write', 'restapi.read'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256', 'ES256'],
      });
      expect(metadata.response_types_supported).toEqual(expect.arrayContaining(['code', 'id_token token', 'token']));
      expect(metadata.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'implicit', 'refresh_token']));
      for (const value of Object.values(metadata)) {
        if (typeof value === 'string' && value.startsWith('http')) expect(value.startsWith(baseUrl)).toBe(true);
      }
    }
  });

  it('publishes an RS256 and an ES256 public key, without their private parts', async () => {
    const jwks = (await (await fetch(new URL('/oauth2/jwks', baseUrl))).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.map((key) => [key.kty, key.alg, key.use])).toEqual([
      ['RSA', 'RS256', 'sig'],
      ['EC', 'ES256', 'sig'],
    ]);
    for (const key of jwks.keys) {
      expect(key.kid).toMatch(/^[\w-]{43}$/);
      expect(key).not.toHaveProperty('d');
    }
  });
});

describe('code + PKCE', () => {
  it('signs the user in and returns tokens oauth4webapi validates, including the ID token', async () => {
    const { tokens, callback } = await codeFlow(baseUrl, { user: 'demo' });
    expect(callback.searchParams.get('iss')).toBe(baseUrl); // RFC 9207
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.expires_in).toBe(600);
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const claims = oauth.getValidatedIdTokenClaims(tokens);
    expect(claims?.iss).toBe(baseUrl);
    expect(claims?.aud).toBe(PWA_CLIENT);
  });

  it('the access token calls call_kw as its user, with that user’s rights', async () => {
    // Scopes to read and change: what is refused below is demo's rights, not the token's scope.
    const { tokens } = await codeFlow(baseUrl, { user: 'demo', scope: 'openid odoo.read odoo.write' });
    const auth = `Bearer ${tokens.access_token}`;
    const count = await callKwWithToken(baseUrl, auth, 'res.partner', 'search_count', [[]]);
    expect(count.status).toBe(200);
    expect((count.body as { result: number }).result).toBeGreaterThan(4000);
    const info = await fetch(new URL('/web/session/get_session_info', baseUrl), { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: auth }, body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: {}, id: 1 }) });
    expect(((await info.json()) as { result: { username: string } }).result.username).toBe('demo');
    // demo is an internal user without Contact Creation: it cannot write partners (ACLs, 08h).
    const write = await callKwWithToken(baseUrl, auth, 'res.partner', 'write', [[1], { name: 'x' }]);
    expect(write.status).toBe(200);
    expect((write.body as { error: { data: { name: string } } }).error.data.name).toBe('odoo.exceptions.AccessError');
  });

  it('the userinfo endpoint answers the profile and our odoo scope', async () => {
    const { tokens } = await codeFlow(baseUrl, { user: 'admin', scope: 'openid profile email odoo' });
    const response = await fetch(new URL('/oauth2/userinfo', baseUrl), { headers: { Authorization: `Bearer ${tokens.access_token}` } });
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ preferred_username: 'admin', odoo_db: 'fieldbook', sub: expect.stringMatching(/^\d+$/) });
    expect(body.odoo_uid).toBe(Number(body.sub));
  });

  it('rotates the refresh token at every use', async () => {
    const as = await discover(baseUrl);
    const client = { client_id: PWA_CLIENT };
    const { tokens } = await codeFlow(baseUrl);
    const first = tokens.refresh_token ?? '';
    const refreshed = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, oauth.None(), first, insecure));
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(first);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    const again = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, oauth.None(), refreshed.refresh_token ?? '', insecure));
    expect((await callKwWithToken(baseUrl, `Bearer ${again.access_token}`, 'res.partner', 'search_count', [[]])).status).toBe(200);
  });

  it('skips consent for the first-party PWA and then signs in silently with prompt=none', async () => {
    const jar = new CookieJar();
    await signIn(baseUrl, jar, { response_type: 'code', code_challenge: 'a'.repeat(43), code_challenge_method: 'S256', state: 's' });
    const silent = await fetch(new URL(`/oauth2/auth?${new URLSearchParams({ client_id: PWA_CLIENT, response_type: 'code', scope: 'openid profile', redirect_uri: `${baseUrl}/oauth/callback`, prompt: 'none', state: 'quiet', code_challenge: 'b'.repeat(43), code_challenge_method: 'S256' })}`, baseUrl), { redirect: 'manual', headers: { Cookie: jar.header(new URL('/oauth2/auth', baseUrl)) } });
    expect(silent.status).toBe(303);
    const callback = new URL(silent.headers.get('location') ?? '');
    expect(callback.searchParams.get('code')).toEqual(expect.any(String));
    expect(callback.searchParams.get('state')).toBe('quiet');
  });

  it('asks a client that is not first-party for consent, then remembers it', async () => {
    const jar = new CookieJar();
    const params = { client_id: STRICT_CLIENT, response_type: 'code', code_challenge: 'c'.repeat(43), code_challenge_method: 'S256', state: 'c1', scope: 'openid email' };
    const callback = await signIn(baseUrl, jar, params, 'portal');
    expect(callback.searchParams.get('code')).toEqual(expect.any(String));
    const second = await fetch(new URL(`/oauth2/auth?${new URLSearchParams({ ...params, redirect_uri: `${baseUrl}/oauth/callback`, prompt: 'none' })}`, baseUrl), { redirect: 'manual', headers: { Cookie: jar.header(new URL('/oauth2/auth', baseUrl)) } });
    expect(new URL(second.headers.get('location') ?? '').searchParams.get('code')).toEqual(expect.any(String));
  });

  it('shows the consent page with what the client asks for', async () => {
    const jar = new CookieJar();
    const { url, html } = await openInteraction(baseUrl, jar, { client_id: STRICT_CLIENT, response_type: 'code', code_challenge: 'd'.repeat(43), code_challenge_method: 'S256', scope: 'openid email' });
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const next = await fetch(new URL(`${url.pathname}/login`, baseUrl), { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: jar.header(new URL(`${url.pathname}/login`, baseUrl)) }, body: new URLSearchParams({ csrf_token: csrf, login: 'demo', password: 'demo' }) });
    jar.store(next);
    const resumed = await fetch(new URL(next.headers.get('location') ?? '', baseUrl), { redirect: 'manual', headers: { Cookie: jar.header(new URL(next.headers.get('location') ?? '', baseUrl)) } });
    jar.store(resumed);
    const consentUrl = new URL(resumed.headers.get('location') ?? '', baseUrl);
    const consent = await fetch(consentUrl, { headers: { Cookie: jar.header(consentUrl) } });
    const page = await consent.text();
    expect(consent.status).toBe(200);
    expect(page).toContain('<h1>Allow Fieldbook (code flow only) to use your account?</h1>');
    expect(page).toContain('See your email address');
    expect(page).toMatch(/<button type="submit">Allow<\/button>/);
  });
});

describe('plain implicit (response_type=token)', () => {
  it('returns exactly access_token, token_type, expires_in, scope, state and iss in the fragment, no refresh token', async () => {
    const callback = await signIn(baseUrl, new CookieJar(), { response_type: 'token', state: 'st-1', scope: 'openid profile offline_access' });
    expect(callback.origin + callback.pathname).toBe(`${baseUrl}/oauth/callback`);
    expect(callback.search).toBe('');
    const fragment = fragmentOf(callback);
    expect(fragment.map(([name]) => name).sort()).toEqual(['access_token', 'expires_in', 'iss', 'scope', 'state', 'token_type']);
    const params = new Map(fragment);
    expect(params.get('token_type')).toBe('Bearer');
    expect(params.get('expires_in')).toBe('600');
    expect(params.get('scope')).toBe('openid profile'); // offline_access is never granted to implicit
    expect(params.get('state')).toBe('st-1');
    expect(params.get('iss')).toBe(baseUrl);
  });

  it('the token works on call_kw as that user with that user’s rights, and is the library’s own token', async () => {
    const callback = await signIn(baseUrl, new CookieJar(), { response_type: 'token', state: 'st-2', scope: 'openid profile odoo.read odoo.write' }, 'demo');
    const token = new URLSearchParams(callback.hash.slice(1)).get('access_token') ?? '';
    const read = await callKwWithToken(baseUrl, `Bearer ${token}`, 'res.users', 'search_read', [[['login', '=', 'demo']], ['login']]);
    expect((read.body as { result: { login: string }[] }).result).toEqual([expect.objectContaining({ login: 'demo' })]);
    const write = await callKwWithToken(baseUrl, `Bearer ${token}`, 'res.partner', 'write', [[1], { name: 'x' }]);
    expect((write.body as { error: { data: { name: string } } }).error.data.name).toBe('odoo.exceptions.AccessError');
    expect(await introspect(baseUrl, token)).toMatchObject({ active: true, client_id: PWA_CLIENT, token_type: 'Bearer', scope: 'openid profile odoo.read odoo.write' });
  });

  it('id_token token returns an ID token with nonce and at_hash next to the access token', async () => {
    const callback = await signIn(baseUrl, new CookieJar(), { response_type: 'id_token token', state: 'st-3', nonce: 'n-3' });
    const params = new URLSearchParams(callback.hash.slice(1));
    const [, payload = ''] = (params.get('id_token') ?? '').split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ nonce: 'n-3', aud: PWA_CLIENT, iss: baseUrl, at_hash: expect.any(String) });
    expect(params.get('access_token')).toEqual(expect.any(String));
  });
});

describe('revocation and introspection', () => {
  it('a revoked access token is inactive and refused on call_kw', async () => {
    const { tokens } = await codeFlow(baseUrl);
    expect(await introspect(baseUrl, tokens.access_token)).toMatchObject({ active: true, sub: expect.any(String) });
    expect(await revoke(baseUrl, tokens.access_token)).toBe(200);
    expect(await introspect(baseUrl, tokens.access_token)).toEqual({ active: false });
    const refused = await callKwWithToken(baseUrl, `Bearer ${tokens.access_token}`, 'res.partner', 'search_count', [[]]);
    expect(refused.status).toBe(401);
  });

  it('revoking the refresh token revokes the grant: its access tokens die too', async () => {
    const { tokens } = await codeFlow(baseUrl);
    expect(await revoke(baseUrl, tokens.refresh_token ?? '')).toBe(200);
    expect(await introspect(baseUrl, tokens.refresh_token ?? '')).toEqual({ active: false });
    expect(await introspect(baseUrl, tokens.access_token)).toEqual({ active: false });
  });
});
