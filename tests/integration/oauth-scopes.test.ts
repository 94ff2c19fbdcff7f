/**
 * Scopes that mean something (issue 13, high #2): identity scopes give no data access; `odoo.read`
 * reads and `odoo.write` changes Odoo's data as the user on `call_kw`; `restapi.read` is the REST
 * add-on's object API; a JWT access token works only on the API it was issued for (its audience).
 * Refusals are RFC 6750 §3.1's: 403 `insufficient_scope` naming the scope, 401 `invalid_token`.
 * Each case failed before scopes were enforced (an `openid` token acted as the user everywhere).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { SCOPE as PWA_SCOPE } from '../../src/auth/oauth/scope.ts';
import { formRequest, SERVER_CLIENT, SERVER_SECRET } from '../support/addons.ts';
import { callKwWithToken, CookieJar, codeFlow, csrfTokenIn, locationOf, browse, openInteraction, STRICT_CLIENT, tokenRequest } from '../support/oauth.ts';
import { callKw, login, resultOf } from '../support/rpc.ts';

const baseUrl = inject('baseUrl');
const bearer = (token: string) => `Bearer ${token}`;
const object = (token: string, model = 'res.partner') => fetch(new URL(`/restapi/1.0/object/${model}?limit=1`, baseUrl), { headers: { Authorization: bearer(token) } });

async function userToken(scope: string, user = 'demo'): Promise<string> {
  return (await codeFlow(baseUrl, { scope, user })).tokens.access_token;
}

async function clientCredentials(extra: Record<string, string>): Promise<string> {
  const { status, body } = await tokenRequest(baseUrl, { grant_type: 'client_credentials', client_id: SERVER_CLIENT, client_secret: SERVER_SECRET, ...extra });
  expect(status, JSON.stringify(body)).toBe(200);
  return String(body.access_token);
}

function expectInsufficient(response: { status: number; headers: Headers }, scope: string): void {
  expect(response.status).toBe(403);
  expect(response.headers.get('www-authenticate')).toMatch(new RegExp(`error="insufficient_scope".*scope="${scope.replace('.', '\\.')}"`));
}

describe('user tokens on call_kw', () => {
  let identityOnly: string;
  let reader: string;
  let writer: string;

  beforeAll(async () => {
    [identityOnly, reader, writer] = await Promise.all([userToken('openid profile email'), userToken('openid odoo.read', 'admin'), userToken('openid odoo.read odoo.write', 'admin')]);
  });

  it('an identity-only token knows who the user is, and reads and changes nothing', async () => {
    const info = await fetch(new URL('/web/session/get_session_info', baseUrl), { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: bearer(identityOnly) }, body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: {}, id: 1 }) });
    expect(((await info.json()) as { result: { username: string } }).result.username).toBe('demo');
    expectInsufficient(await callKwWithToken(baseUrl, bearer(identityOnly), 'res.partner', 'search_read', [[]], { fields: ['name'], limit: 1 }), 'odoo.read');
    expectInsufficient(await callKwWithToken(baseUrl, bearer(identityOnly), 'res.partner', 'create', [{ name: 'Made with openid' }]), 'odoo.write');
  });

  it('odoo.read reads as the user and may not write', async () => {
    const read = await callKwWithToken(baseUrl, bearer(reader), 'ir.config_parameter', 'search_count', [[]]);
    expect(read.status).toBe(200);
    expect(typeof (read.body as { result: unknown }).result).toBe('number');
    expectInsufficient(await callKwWithToken(baseUrl, bearer(reader), 'res.partner', 'write', [[1], { comment: 'changed with a read token' }]), 'odoo.write');
    expectInsufficient(await callKwWithToken(baseUrl, bearer(reader), 'res.partner', 'create', [{ name: 'Made with a read token' }]), 'odoo.write');
    expectInsufficient(await callKwWithToken(baseUrl, bearer(reader), 'res.partner', 'unlink', [[999_999]]), 'odoo.write');
  });

  it('odoo.write changes data as the user', async () => {
    const created = await callKwWithToken(baseUrl, bearer(writer), 'res.partner', 'create', [{ name: 'Made with a write token' }]);
    expect(created.status).toBe(200);
    const id = (created.body as { result: number[] | number }).result;
    expect(Array.isArray(id) ? id[0] : id).toEqual(expect.any(Number));
  });

  it('the PWA asks for reading only', () => {
    expect(PWA_SCOPE.split(' ')).toContain('odoo.read');
    expect(PWA_SCOPE.split(' ')).not.toContain('odoo.write');
  });

  it('a user token without restapi.read is refused by the REST object API', async () => {
    expectInsufficient(await object(reader), 'restapi.read');
    const restapi = await userToken('openid restapi.read', 'admin');
    expect((await object(restapi)).status).toBe(200);
    // …and that one is no call_kw token.
    expectInsufficient(await callKwWithToken(baseUrl, bearer(restapi), 'res.partner', 'search_count', [[]]), 'odoo.read');
  });

  it('a session cookie is not a token: it keeps all of the user\'s rights', async () => {
    const cookie = await login(baseUrl, 'admin');
    const created = resultOf<number | number[]>(await callKw(baseUrl, cookie, 'res.partner', 'create', [{ name: 'Made with a session' }]));
    expect(Array.isArray(created) ? created[0] : created).toEqual(expect.any(Number));
  });
});

describe('client-credentials tokens', () => {
  it('scope=openid reads nobody: not call_kw, not the REST object API', async () => {
    const token = await clientCredentials({ scope: 'openid' });
    expectInsufficient(await callKwWithToken(baseUrl, bearer(token), 'res.users', 'search_read', [[]], { fields: ['login', 'email'] }), 'odoo.read');
    expectInsufficient(await object(token, 'res.users'), 'restapi.read');
  });

  it('a JWT for the REST add-on works there, and on call_kw is refused for its audience', async () => {
    const jwt = await clientCredentials({ scope: 'restapi.read odoo.read', resource: `${baseUrl}/restapi` });
    expect(jwt.split('.')).toHaveLength(3);
    expect((await object(jwt)).status).toBe(200);
    const onCallKw = await callKwWithToken(baseUrl, bearer(jwt), 'res.partner', 'search_count', [[]]);
    expect(onCallKw.status).toBe(401);
    expect(onCallKw.headers.get('www-authenticate')).toMatch(/error="invalid_token".*another API/);
  });

  it("the REST add-on's own token endpoint gives tokens for its object API by default", async () => {
    const response = await formRequest(new URL('/restapi/1.0/common/oauth2/token', baseUrl), { grant_type: 'client_credentials', client_id: SERVER_CLIENT, client_secret: SERVER_SECRET });
    const token = String(response.json?.access_token);
    expect((await object(token)).status).toBe(200);
  });
});

describe('the consent page says what the client will be able to do', () => {
  it('in plain words, per scope', async () => {
    const jar = new CookieJar();
    const { url, html } = await openInteraction(baseUrl, jar, { client_id: STRICT_CLIENT, response_type: 'code', code_challenge: 'e'.repeat(43), code_challenge_method: 'S256', scope: 'openid odoo.read odoo.write' });
    let next = locationOf(await browse(jar, `${url.href}/login`, { form: { csrf_token: csrfTokenIn(html), login: 'demo', password: 'demo' } }), baseUrl);
    let page = '';
    for (let hops = 0; hops < 4 && page === ''; hops += 1) {
      const response = await browse(jar, next);
      if (response.status === 200) page = await response.text();
      else next = locationOf(response, baseUrl);
    }
    expect(page).toContain('Read your Odoo data: contacts and every other record your Odoo user can see');
    expect(page).toContain('Change your Odoo data: create, edit and delete records as your Odoo user');
  });
});
