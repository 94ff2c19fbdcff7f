/**
 * The "API OAuth2 Authentication" add-on style (`/<api>/oauth2/…`, src/server/oauth/addons/
 * client-users.ts) over real HTTP: the documented request shapes (a JSON body, with GET as with
 * POST), the authorization in a browser, the token information, refresh, revocation and the errors.
 * The tokens are the one authorization server's: they call call_kw, and revoking stops them.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { authorizeInBrowser, basicAuth, jsonRequest, rawRequest, SERVER_CLIENT, SERVER_SECRET } from '../support/addons.ts';
import { callKwWithToken } from '../support/oauth.ts';
import { spawnServer, throwawayDataDir, type TestServer } from '../support/server.ts';

const baseUrl = inject('baseUrl');
const api = (path: string, base = baseUrl) => new URL(`/api/oauth2/${path}`, base);
const withSecret = (identity: string) => ({ client_id: SERVER_CLIENT, client_secret: SERVER_SECRET, client_user_identity: identity });

const TOKEN_INFO_KEYS = ['access_token', 'db', 'expires_at', 'expires_in', 'id_token', 'login', 'refresh_token', 'scope', 'token_type'];

/** authorize → the browser signs in and allows → the callback's token information. */
async function authorizeClientUser(identity: string, user = 'demo', base = baseUrl, prefix = 'api'): Promise<Record<string, unknown>> {
  const start = await jsonRequest(new URL(`/${prefix}/oauth2/provider/authorize`, base), 'POST', withSecret(identity));
  expect(start.status).toBe(200);
  const callback = await authorizeInBrowser(base, String(start.json?.authorization_url), user);
  expect(callback.pathname).toBe(`/${prefix}/oauth2/provider/callback`);
  const info = await rawRequest(callback);
  expect(info.status, info.text).toBe(200);
  return info.json ?? {};
}

describe('provider/authorize', () => {
  it('answers the authorization URL for a GET with a JSON body, as the documented examples send it', async () => {
    const response = await jsonRequest(api('provider/authorize'), 'GET', withSecret('alice@client.example'));
    expect(response.status).toBe(200);
    expect(Object.keys(response.json ?? {})).toEqual(['authorization_url']);
    const url = new URL(String(response.json?.authorization_url));
    expect(url.origin + url.pathname).toBe(`${baseUrl}/oauth2/auth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: SERVER_CLIENT,
      response_type: 'code',
      redirect_uri: `${baseUrl}/api/oauth2/provider/callback`,
      code_challenge_method: 'S256',
    });
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'odoo']));
  });

  it('answers a POST the same way, with the client secret in HTTP Basic instead of the body', async () => {
    const response = await jsonRequest(api('provider/authorize'), 'POST', { client_id: SERVER_CLIENT, client_user_identity: 'bob' }, { Authorization: basicAuth(SERVER_CLIENT, SERVER_SECRET) });
    expect(response.status).toBe(200);
    expect(response.json?.authorization_url).toMatch(/^http:\/\/.+\/oauth2\/auth\?/);
  });

  it('refuses the documented body without the client secret, an unknown client and a public client, as JSON', async () => {
    const cases: [unknown, string][] = [
      [{ client_id: SERVER_CLIENT, client_user_identity: 'alice' }, 'client_secret is missing'],
      [{ client_id: SERVER_CLIENT, client_secret: 'wrong', client_user_identity: 'alice' }, 'wrong client_secret'],
      [{ client_id: 'no-such-client', client_secret: 'x', client_user_identity: 'alice' }, 'unknown client_id "no-such-client"'],
      [{ client_id: 'fieldbook', client_user_identity: 'alice' }, 'public client'],
      [{ client_user_identity: 'alice' }, 'client_id is missing'],
    ];
    for (const [body, description] of cases) {
      const response = await jsonRequest(api('provider/authorize'), 'GET', body);
      expect(response.status, JSON.stringify(body)).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json?.error).toBe('invalid_client');
      expect(String(response.json?.error_description)).toContain(description);
    }
    const noIdentity = await jsonRequest(api('provider/authorize'), 'POST', { client_id: SERVER_CLIENT, client_secret: SERVER_SECRET });
    expect(noIdentity.status).toBe(400);
    expect(noIdentity.json).toEqual({ error: 'invalid_request', error_description: 'client_user_identity is missing' });
  });
});

describe('after the user authorizes', () => {
  let info: Record<string, unknown>;
  beforeAll(async () => {
    info = await authorizeClientUser('carol@client.example', 'demo');
  });

  it('the callback returns the token information, with db and login', () => {
    expect(Object.keys(info).sort()).toEqual(TOKEN_INFO_KEYS);
    expect(info).toMatchObject({ db: 'fieldbook', login: 'demo', token_type: 'Bearer', expires_in: 600 });
    expect(info.access_token).toEqual(expect.any(String));
    expect(info.refresh_token).toEqual(expect.any(String));
    expect(info.id_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(Number(info.expires_at)).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 590);
    expect(String(info.scope).split(' ')).toEqual(expect.arrayContaining(['openid', 'odoo']));
  });

  it('the access token is the authorization server’s own: call_kw runs as the user who authorized', async () => {
    const me = await callKwWithToken(baseUrl, `Bearer ${String(info.access_token)}`, 'res.users', 'search_read', [[['id', '=', 3]], ['login']]);
    expect(me.status).toBe(200);
    expect((me.body as { result: { login: string }[] }).result).toEqual([{ id: 3, login: 'demo' }]);
  });

  it('a callback URL used twice is refused', async () => {
    const start = await jsonRequest(api('provider/authorize'), 'POST', withSecret('dave'));
    const callback = await authorizeInBrowser(baseUrl, String(start.json?.authorization_url), 'demo');
    expect((await rawRequest(callback)).status).toBe(200);
    const again = await rawRequest(callback);
    expect(again.status).toBe(400);
    expect(again.json).toEqual({ error: 'invalid_request', error_description: 'unknown or already used state: start again from provider/authorize' });
  });

  it('token (GET with a JSON body) returns fresh token information, for the same user', async () => {
    const fresh = await jsonRequest(api('token'), 'GET', withSecret('carol@client.example'));
    expect(fresh.status, fresh.text).toBe(200);
    expect(Object.keys(fresh.json ?? {}).sort()).toEqual(TOKEN_INFO_KEYS);
    expect(fresh.json).toMatchObject({ login: 'demo', db: 'fieldbook' });
    expect(fresh.json?.access_token).not.toBe(info.access_token);
    expect(fresh.json?.refresh_token).not.toBe(info.refresh_token); // rotated
    const count = await callKwWithToken(baseUrl, `Bearer ${String(fresh.json?.access_token)}`, 'res.partner', 'search_count', [[]]);
    expect((count.body as { result: number }).result).toBeGreaterThan(4000);
    info = fresh.json ?? {};
  });

  it('token from JavaScript (fetch, POST, JSON) gives the same shape', async () => {
    const response = await fetch(api('token'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(withSecret('carol@client.example')) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(TOKEN_INFO_KEYS);
    expect(body.login).toBe('demo');
    info = body;
  });

  it('revoke revokes the tokens at once and forgets the client user', async () => {
    const revoked = await jsonRequest(api('revoke'), 'POST', withSecret('carol@client.example'));
    expect(revoked.status).toBe(200);
    expect(revoked.json).toEqual({ revoked: true, client_id: SERVER_CLIENT, client_user_identity: 'carol@client.example' });
    const call = await callKwWithToken(baseUrl, `Bearer ${String(info.access_token)}`, 'res.partner', 'search_count', [[]]);
    expect(call.status).toBe(401);
    expect(call.body).toMatchObject({ error: 'invalid_token' });
    const again = await jsonRequest(api('token'), 'POST', withSecret('carol@client.example'));
    expect(again.status).toBe(404);
    expect(again.json?.error).toBe('unknown_client_user');
  });

  it('token and revoke for an identity never authorized: a clear JSON error', async () => {
    for (const path of ['token', 'revoke']) {
      const response = await jsonRequest(api(path), 'POST', withSecret('nobody@client.example'));
      expect(response.status).toBe(404);
      expect(response.json).toEqual({ error: 'unknown_client_user', error_description: `client "${SERVER_CLIENT}" has no authorized user "nobody@client.example": call provider/authorize first` });
    }
  });

  it('one identity’s token set is not another’s: each identity keeps its own user', async () => {
    const portal = await authorizeClientUser('erin', 'portal');
    expect(portal.login).toBe('portal');
    const admin = await authorizeClientUser('frank', 'admin');
    expect(admin.login).toBe('admin');
    const erin = await jsonRequest(api('token'), 'POST', withSecret('erin'));
    expect(erin.json?.login).toBe('portal');
  });
});

describe('the user cancels', () => {
  it('the callback answers the error as JSON', async () => {
    const start = await jsonRequest(api('provider/authorize'), 'POST', withSecret('gina'));
    const state = new URL(String(start.json?.authorization_url)).searchParams.get('state') ?? '';
    const response = await rawRequest(api(`provider/callback?error=access_denied&error_description=The+user+cancelled&state=${state}`));
    expect(response.status).toBe(403);
    expect(response.json).toEqual({ error: 'access_denied', error_description: 'The user cancelled' });
  });
});

describe('FIELDBOOK_API_PREFIX', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await spawnServer({ dataDir: throwawayDataDir(inject('templateDir')), env: { FIELDBOOK_API_PREFIX: 'odoo-api' } });
  });
  afterAll(async () => {
    await server.stop();
    rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('serves the routes under the configured prefix, with its callback', async () => {
    const info = await authorizeClientUser('hank', 'demo', server.url, 'odoo-api');
    expect(info).toMatchObject({ login: 'demo', db: 'fieldbook' });
    const old = await jsonRequest(api('provider/authorize', server.url), 'POST', withSecret('hank'));
    expect(old.json).toBeUndefined(); // not an add-on route there
  });
});
