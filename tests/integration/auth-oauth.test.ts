/**
 * The demo backend's auth_oauth over real HTTP (src/server/odoo/auth-oauth.ts), against Odoo 18's
 * behaviour (addons/auth_oauth/controllers/main.py): the login page lists the provider in Odoo's
 * markup, `/auth_oauth/signin` validates the token at the provider, signs the linked user in with a
 * session cookie and sends the browser to the state's `r`; a user linked to nobody →
 * `oauth_error=3`, a token the provider refuses → `oauth_error=2`; a bad state → 400.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { parseOdooProviders } from '../../src/auth/oauth/odoo-providers.ts';
import { CookieJar, signIn } from '../support/oauth.ts';
import { callKw, login, resultOf, rpc } from '../support/rpc.ts';
import { spawnServer, throwawayDataDir } from '../support/server.ts';

const baseUrl = inject('baseUrl');

async function loginPage(query = ''): Promise<string> {
  const response = await fetch(new URL(`/web/login${query}`, baseUrl));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  return response.text();
}

/** The provider's implicit answer for `user`, as Odoo's own link asks it (redirect URI /auth_oauth/signin). */
async function providerAnswer(user: string, state?: string): Promise<URLSearchParams> {
  const link = new URL(/o_auth_oauth_providers[\s\S]*?href="([^"]+)"/.exec(await loginPage())?.[1]?.replaceAll('&amp;', '&') ?? '');
  const params = Object.fromEntries(link.searchParams);
  const callback = await signIn(baseUrl, new CookieJar(), { ...params, ...(state === undefined ? {} : { state }) }, user);
  expect(callback.pathname).toBe('/auth_oauth/signin');
  return new URLSearchParams(callback.hash.slice(1));
}

const signin = (params: Record<string, string>) => fetch(new URL(`/auth_oauth/signin?${new URLSearchParams(params)}`, baseUrl), { redirect: 'manual' });

describe('GET /web/login', () => {
  it("lists the enabled provider in Odoo 18's markup: an implicit-grant link whose state names the database, the provider and where to land", async () => {
    const page = await loginPage();
    const [provider, ...others] = parseOdooProviders(page);
    expect(others).toEqual([]);
    expect(provider).toEqual({ id: 1, database: 'fieldbook', label: 'Log in with Fieldbook demo', authorizationEndpoint: `${baseUrl}/oauth2/auth`, clientId: 'odoo-auth-oauth', scope: 'openid profile email' });
    const href = new URL(/href="([^"]+)"/.exec(page.slice(page.indexOf('o_auth_oauth_providers')))?.[1]?.replaceAll('&amp;', '&') ?? '');
    expect(href.searchParams.get('response_type')).toBe('token');
    expect(href.searchParams.get('redirect_uri')).toBe(`${baseUrl}/auth_oauth/signin`);
    expect(JSON.parse(href.searchParams.get('state') ?? '')).toEqual({ d: 'fieldbook', p: 1, r: encodeURIComponent(`${baseUrl}/web`) });
  });

  it("says Odoo's words for oauth_error 1, 2 and 3", async () => {
    expect(await loginPage('?oauth_error=1')).toContain('<p class="alert alert-danger" role="alert">Sign up is not allowed on this database.</p>');
    expect(await loginPage('?oauth_error=2')).toContain('role="alert">Access Denied</p>');
    expect(await loginPage('?oauth_error=3')).toContain('You do not have access to this database or your invitation has expired.');
    expect(await loginPage('?oauth_error=9')).not.toContain('alert-danger');
  });
});

describe('GET /auth_oauth/signin', () => {
  it("signs the linked user in: a fresh session cookie and a 303 to the state's r", async () => {
    const answer = await providerAnswer('demo');
    const response = await signin({ access_token: answer.get('access_token') ?? '', state: answer.get('state') ?? '' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${baseUrl}/web`);
    const cookie = /^session_id=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
    expect(cookie).toBeDefined();
    const info = await rpc(baseUrl, '/web/session/get_session_info', {}, cookie);
    expect((info.body as { result: { username: string } }).result.username).toBe('demo');
  });

  it('a provider user no Odoo user is linked to: oauth_error=3, no session', async () => {
    const answer = await providerAnswer('portal');
    const response = await signin({ access_token: answer.get('access_token') ?? '', state: answer.get('state') ?? '' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/web/login?oauth_error=3');
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('a token the provider refuses, or an unknown provider: oauth_error=2', async () => {
    const state = JSON.stringify({ d: 'fieldbook', p: 1, r: '/web' });
    expect((await signin({ access_token: 'forged', state })).headers.get('location')).toBe('/web/login?oauth_error=2');
    const answer = await providerAnswer('demo');
    const unknown = await signin({ access_token: answer.get('access_token') ?? '', state: JSON.stringify({ d: 'fieldbook', p: 99 }) });
    expect(unknown.headers.get('location')).toBe('/web/login?oauth_error=2');
  });

  it('an unreadable state, or another database: 400', async () => {
    expect((await signin({ access_token: 'x', state: 'not json' })).status).toBe(400);
    expect((await signin({ access_token: 'x', state: JSON.stringify({ d: 'other', p: 1 }) })).status).toBe(400);
  });

  it("without parameters: Odoo's page that moves the fragment into the query, its script allowed by its hash only", async () => {
    const response = await fetch(new URL('/auth_oauth/signin', baseUrl));
    const html = await response.text();
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
    expect(script).toContain('window.location = r;');
    const hash = createHash('sha256').update(script).digest('base64');
    expect(response.headers.get('content-security-policy')).toContain(`script-src 'sha256-${hash}'`);
    expect(response.headers.get('content-security-policy')).not.toContain('unsafe-inline');
  });
});

describe('GET /web/health', () => {
  it('answers {"status": "pass"}, as Odoo 16+', async () => {
    const response = await fetch(new URL('/web/health', baseUrl));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'pass' });
  });
});

describe('auth_oauth.authorization_header unset', () => {
  it("the token goes to the validation endpoint as an access_token parameter, which an OpenID Connect userinfo endpoint refuses (RFC 6750 §2.3): oauth_error=2, as Odoo would — hence the README's advice to set it", async () => {
    const server = await spawnServer({ dataDir: throwawayDataDir(inject('templateDir')) });
    try {
      const admin = await login(server.url, 'admin');
      const [param] = resultOf<{ id: number }[]>(await callKw(server.url, admin, 'ir.config_parameter', 'search_read', [[['key', '=', 'auth_oauth.authorization_header']]], { fields: ['id'] }));
      if (param === undefined) throw new Error('the demo sets auth_oauth.authorization_header');
      resultOf(await callKw(server.url, admin, 'ir.config_parameter', 'write', [[param.id], { value: 'False' }]));
      const link = new URL(/o_auth_oauth_providers[\s\S]*?href="([^"]+)"/.exec(await (await fetch(new URL('/web/login', server.url))).text())?.[1]?.replaceAll('&amp;', '&') ?? '');
      const callback = await signIn(server.url, new CookieJar(), Object.fromEntries(link.searchParams), 'demo');
      const answer = new URLSearchParams(callback.hash.slice(1));
      const response = await fetch(new URL(`/auth_oauth/signin?${new URLSearchParams({ access_token: answer.get('access_token') ?? '', state: answer.get('state') ?? '' })}`, server.url), { redirect: 'manual' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/web/login?oauth_error=2');
      expect(response.headers.get('set-cookie')).toBeNull();
      // Set again, the same kind of token signs in: the parameter was the only difference.
      resultOf(await callKw(server.url, admin, 'ir.config_parameter', 'write', [[param.id], { value: 'True' }]));
      const again = await signIn(server.url, new CookieJar(), Object.fromEntries(link.searchParams), 'demo');
      const next = new URLSearchParams(again.hash.slice(1));
      const ok = await fetch(new URL(`/auth_oauth/signin?${new URLSearchParams({ access_token: next.get('access_token') ?? '', state: next.get('state') ?? '' })}`, server.url), { redirect: 'manual' });
      expect(ok.headers.get('location')).toBe(`${server.url}/web`);
    } finally {
      await server.stop();
      rmSync(server.dataDir, { recursive: true, force: true });
    }
  });
});
