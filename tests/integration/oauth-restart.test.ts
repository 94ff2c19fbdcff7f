/**
 * What the authorization server keeps across a restart (store.ts, secrets.ts): the signing keys
 * (same kid), login sessions, grants, access and refresh tokens — and that an expired access
 * token is refused on call_kw.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../src/server/store/db.ts';
import { callKwWithToken, codeFlow, CookieJar, PWA_CLIENT, signIn, tokenRequest } from '../support/oauth.ts';
import { spawnServer, throwawayDataDir, type TestServer } from '../support/server.ts';

const dataDir = throwawayDataDir(inject('templateDir'));
let server: TestServer | undefined;

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const kidsOf = async (baseUrl: string) => ((await (await fetch(new URL('/oauth2/jwks', baseUrl))).json()) as { keys: { kid: string }[] }).keys.map((key) => key.kid);
const count = (baseUrl: string, token: string) => callKwWithToken(baseUrl, `Bearer ${token}`, 'res.partner', 'search_count', [[]]);

describe('across a restart', () => {
  let before: { kids: string[]; accessToken: string; refreshToken: string; expiringToken: string; jar: CookieJar; baseUrl: string };

  beforeAll(async () => {
    const first = await spawnServer({ dataDir });
    const baseUrl = first.url;
    const { tokens, jar } = await codeFlow(baseUrl, { user: 'demo' });
    const implicit = await signIn(baseUrl, new CookieJar(), { response_type: 'token', state: 'x' });
    before = {
      kids: await kidsOf(baseUrl),
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token ?? '',
      expiringToken: new URLSearchParams(implicit.hash.slice(1)).get('access_token') ?? '',
      jar,
      baseUrl,
    };
    await first.stop();
    // Let one token's own expiry (its payload `exp`, which the library checks) pass while the server is down.
    const db = await openDatabase(dataDir);
    const updated = await db.query(`UPDATE oidc_model SET payload = jsonb_set(payload, '{exp}', to_jsonb(extract(epoch FROM now())::integer - 5)) WHERE model = 'AccessToken' AND id = $1`, [before.expiringToken]);
    expect(updated.affectedRows).toBe(1);
    await db.close();
    // Same port, so the issuer (and the PWA client's redirect URI) are the same as before.
    server = await spawnServer({ dataDir, env: { PORT: new URL(baseUrl).port } });
    expect(server.url).toBe(baseUrl);
  });

  it('publishes the same signing keys (same kid)', async () => {
    expect(await kidsOf(before.baseUrl)).toEqual(before.kids);
  });

  it('accepts the access token issued before the restart', async () => {
    expect((await count(before.baseUrl, before.accessToken)).status).toBe(200);
  });

  it('accepts the refresh token issued before the restart', async () => {
    const refreshed = await tokenRequest(before.baseUrl, { grant_type: 'refresh_token', client_id: PWA_CLIENT, refresh_token: before.refreshToken });
    expect(refreshed.status).toBe(200);
    expect((await count(before.baseUrl, String(refreshed.body.access_token))).status).toBe(200);
  });

  it('keeps the login session: prompt=none signs the same browser in without a page', async () => {
    const url = new URL('/oauth2/auth', before.baseUrl);
    url.search = new URLSearchParams({ client_id: PWA_CLIENT, response_type: 'code', scope: 'openid', redirect_uri: `${before.baseUrl}/oauth/callback`, prompt: 'none', state: 'r', code_challenge: 'z'.repeat(43), code_challenge_method: 'S256' }).toString();
    const response = await fetch(url, { redirect: 'manual', headers: { Cookie: before.jar.header(url) } });
    expect(new URL(response.headers.get('location') ?? '').searchParams.get('code')).toEqual(expect.any(String));
  });

  it('refuses an expired access token with 401 invalid_token', async () => {
    const response = await count(before.baseUrl, before.expiringToken);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="fieldbook", error="invalid_token", error_description="the access token is invalid, expired or revoked"');
    expect(response.body).toEqual({ error: 'invalid_token', error_description: 'the access token is invalid, expired or revoked' });
  });
});
