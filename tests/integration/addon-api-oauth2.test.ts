/**
 * The "API OAuth2 Authentication" add-on style (`/<api>/oauth2/…`, src/server/oauth/addons/
 * client-users.ts) over real HTTP: the documented request shapes (a JSON body, with GET as with
 * POST), the linking in a browser — bound to the browser that opened the link, confirmed by the
 * user on a page naming the identity, no token shown to the browser —, the token information the
 * backend fetches, refresh, revocation and the errors. The tokens are the one authorization
 * server's: they call call_kw, and revoking stops them. The account-linking CSRF (issue 13 high #4)
 * has its own cases.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { authorizeInBrowser, basicAuth, jsonRequest, rawRequest, SERVER_CLIENT, SERVER_SECRET } from '../support/addons.ts';
import { browse, callKwWithToken, CookieJar } from '../support/oauth.ts';
import { spawnServer, throwawayDataDir, type TestServer } from '../support/server.ts';

const baseUrl = inject('baseUrl');
const api = (path: string, base = baseUrl) => new URL(`/api/oauth2/${path}`, base);
const withSecret = (identity: string) => ({ client_id: SERVER_CLIENT, client_secret: SERVER_SECRET, client_user_identity: identity });

const TOKEN_INFO_KEYS = ['access_token', 'db', 'expires_at', 'expires_in', 'id_token', 'login', 'refresh_token', 'scope', 'token_type'];

/** authorize → the user's browser opens the link, signs in, and is asked to confirm: that page, with its browser. */
async function linkInBrowser(identity: string, user = 'demo', base = baseUrl, prefix = 'api'): Promise<{ jar: CookieJar; page: Response; html: string }> {
  const start = await jsonRequest(new URL(`/${prefix}/oauth2/provider/authorize`, base), 'POST', withSecret(identity));
  expect(start.status).toBe(200);
  const jar = new CookieJar();
  const callback = await authorizeInBrowser(base, String(start.json?.authorization_url), user, jar);
  expect(callback.pathname).toBe(`/${prefix}/oauth2/provider/callback`);
  const page = await browse(jar, callback);
  return { jar, page, html: await page.text() };
}

const confirmTokenIn = (html: string) => /name="confirm" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** The user's choice on the confirmation page, from that browser. */
async function decide(jar: CookieJar, html: string, decision: 'link' | 'cancel', base = baseUrl, prefix = 'api'): Promise<{ status: number; text: string }> {
  const response = await browse(jar, new URL(`/${prefix}/oauth2/provider/confirm`, base), { form: { confirm: confirmTokenIn(html), decision } });
  return { status: response.status, text: await response.text() };
}

/** The whole linking, confirmed, then the token information as the client's backend fetches it (with its secret). */
async function authorizeClientUser(identity: string, user = 'demo', base = baseUrl, prefix = 'api'): Promise<Record<string, unknown>> {
  const { jar, page, html } = await linkInBrowser(identity, user, base, prefix);
  expect(page.status, html).toBe(200);
  expect((await decide(jar, html, 'link', base, prefix)).status).toBe(200);
  const info = await jsonRequest(new URL(`/${prefix}/oauth2/token`, base), 'POST', withSecret(identity));
  expect(info.status, info.text).toBe(200);
  return info.json ?? {};
}

describe('provider/authorize', () => {
  it('answers the link for a GET with a JSON body, as the documented examples send it; the link goes on to a code + PKCE request', async () => {
    const response = await jsonRequest(api('provider/authorize'), 'GET', withSecret('alice@client.example'));
    expect(response.status).toBe(200);
    expect(Object.keys(response.json ?? {})).toEqual(['authorization_url']);
    const link = new URL(String(response.json?.authorization_url));
    expect(link.origin + link.pathname).toBe(`${baseUrl}/api/oauth2/provider/link`);
    expect(link.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    const opened = await rawRequest(link);
    expect(opened.status).toBe(303);
    expect(String(opened.headers['set-cookie'])).toMatch(/^fb_link_[\w-]+=[\w-]+; Max-Age=600; Path=\/api\/oauth2\/provider\/; HttpOnly; SameSite=Lax/);
    const url = new URL(String(opened.headers.location));
    expect(url.origin + url.pathname).toBe(`${baseUrl}/oauth2/auth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: SERVER_CLIENT,
      response_type: 'code',
      redirect_uri: `${baseUrl}/api/oauth2/provider/callback`,
      code_challenge_method: 'S256',
      state: link.searchParams.get('state'),
    });
    expect(url.searchParams.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'odoo', 'odoo.read']));
  });

  it('answers a POST the same way, with the client secret in HTTP Basic instead of the body', async () => {
    const response = await jsonRequest(api('provider/authorize'), 'POST', { client_id: SERVER_CLIENT, client_user_identity: 'bob' }, { Authorization: basicAuth(SERVER_CLIENT, SERVER_SECRET) });
    expect(response.status).toBe(200);
    expect(response.json?.authorization_url).toMatch(/^http:\/\/.+\/api\/oauth2\/provider\/link\?state=[\w-]{43}$/);
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

describe('after the user links', () => {
  let info: Record<string, unknown>;
  beforeAll(async () => {
    info = await authorizeClientUser('carol@client.example', 'demo');
  });

  it('the backend fetches the token information, with db and login', () => {
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

  it('the browser is asked to confirm, named identity and all, and is never shown a token', async () => {
    const { jar, page, html } = await linkInBrowser('dave', 'demo');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(html).toContain('<h1>Link your Odoo account to Fieldbook demo server app?</h1>');
    expect(html).toMatch(/your Odoo account <strong>[^<]+<\/strong> \(demo\) for its user <strong>dave<\/strong>/);
    expect(html).toContain('Read your Odoo data');
    expect(html).not.toMatch(/access_token|refresh_token|id_token|eyJ/);
    const linked = await decide(jar, html, 'link');
    expect(linked.text).toContain('Your Odoo account is linked to Fieldbook demo server app for its user dave.');
    expect(linked.text).not.toMatch(/access_token|eyJ/);
    // The confirmation is used once.
    expect((await decide(jar, html, 'link')).status).toBe(400);
  });

  it('a callback URL used twice is refused', async () => {
    const start = await jsonRequest(api('provider/authorize'), 'POST', withSecret('dave2'));
    const jar = new CookieJar();
    const callback = await authorizeInBrowser(baseUrl, String(start.json?.authorization_url), 'demo', jar);
    expect((await browse(jar, callback)).status).toBe(200);
    const again = await browse(jar, callback);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('This link is unknown, expired or already used: nothing was linked.');
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
  it('at the authorization server: nothing is linked', async () => {
    const start = await jsonRequest(api('provider/authorize'), 'POST', withSecret('gina'));
    const jar = new CookieJar();
    const link = await browse(jar, String(start.json?.authorization_url));
    const state = new URL(String(link.headers.get('location'))).searchParams.get('state') ?? '';
    const response = await browse(jar, api(`provider/callback?error=access_denied&error_description=The+user+cancelled&state=${state}`));
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('The sign-in did not complete (The user cancelled): nothing was linked.');
    expect((await jsonRequest(api('token'), 'POST', withSecret('gina'))).status).toBe(404);
  });

  it('on the confirmation page: nothing is linked, and the tokens made for it are revoked', async () => {
    const { jar, html } = await linkInBrowser('gina2', 'demo');
    const cancelled = await decide(jar, html, 'cancel');
    expect(cancelled.text).toContain('Nothing was linked');
    expect((await jsonRequest(api('token'), 'POST', withSecret('gina2'))).status).toBe(404);
  });
});

describe('account-linking CSRF (issue 13 high #4)', () => {
  it("a link finished in another browser links nothing: the victim's tokens never land under the attacker's identity", async () => {
    // The attacker asks the client app to link their identity, opens the link, and sends the
    // authorization server's URL it led to, to a victim who is signed in there and has consented before.
    const start = await jsonRequest(api('provider/authorize'), 'POST', withSecret('mallory'));
    const attacker = new CookieJar();
    const opened = await browse(attacker, String(start.json?.authorization_url));
    const lure = String(opened.headers.get('location'));
    const victim = new CookieJar();
    await authorizeClientUser('victim-before', 'admin'); // admin consented to the client before
    const callback = await authorizeInBrowser(baseUrl, lure, 'admin', victim);
    const page = await browse(victim, callback);
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('This sign-in was started from another browser');
    expect((await jsonRequest(api('token'), 'POST', withSecret('mallory'))).status).toBe(404);
  });

  it('a link sent unopened makes the victim confirm, naming the identity; the link works once', async () => {
    const start = await jsonRequest(api('provider/authorize'), 'POST', withSecret('mallory2'));
    const link = String(start.json?.authorization_url);
    const victim = new CookieJar();
    const callback = await authorizeInBrowser(baseUrl, link, 'admin', victim);
    const page = await browse(victim, callback);
    const html = await page.text();
    // No silent 303 with tokens: a page that names who would get the account.
    expect(page.status).toBe(200);
    expect(html).toContain('for its user <strong>mallory2</strong>');
    expect((await jsonRequest(api('token'), 'POST', withSecret('mallory2'))).status).toBe(404);
    // Opened again (by the attacker, after the victim): refused.
    const again = await browse(new CookieJar(), link);
    expect(again.status).toBe(400);
  });

  it('a confirmation posted from another browser (no binding cookie) links nothing', async () => {
    const { html } = await linkInBrowser('mallory3', 'demo');
    const forged = await decide(new CookieJar(), html, 'link');
    expect(forged.status).toBe(403);
    expect((await jsonRequest(api('token'), 'POST', withSecret('mallory3'))).status).toBe(404);
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
