/**
 * The restapi add-on style (`/restapi/1.0/…`, src/server/oauth/addons/restapi*.ts) over real HTTP,
 * on a private server (the API key command and the JWT checks need its data directory): the
 * documented requests — query parameters and the `Authorization: OAuth k='v', …` header, form and
 * JSON bodies — the code flow of a confidential client, client credentials (opaque and JWT),
 * refresh, the object endpoint with Python-literal domains, API keys, and every documented error.
 */
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createRemoteJWKSet, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadSecrets } from '../../src/server/oauth/secrets.ts';
import { openDatabase } from '../../src/server/store/db.ts';
import { authorizeInBrowser, EXAMPLE_REDIRECT, formRequest, jsonRequest, rawRequest, SERVER_CLIENT, SERVER_SECRET, type RawResponse } from '../support/addons.ts';
import { callKwWithToken, CookieJar } from '../support/oauth.ts';
import { rpc } from '../support/rpc.ts';
import { ROOT, spawnServer, throwawayDataDir, type TestServer } from '../support/server.ts';

const run = promisify(execFile);
const dataDir = throwawayDataDir(inject('templateDir'));
let server: TestServer;
let base: string;
let rsaKey: JWK & { kid: string };

beforeAll(async () => {
  // The signing keys are made on first open and kept: read them before the server starts.
  const db = await openDatabase(dataDir);
  const secrets = await loadSecrets(db);
  await db.close();
  const rsa = secrets.jwks.keys.find((key) => key.kty === 'RSA');
  if (rsa?.kid === undefined) throw new Error('no RSA signing key');
  rsaKey = { ...(rsa as JWK), kid: rsa.kid };
  server = await spawnServer({ dataDir });
  base = server.url;
});

afterAll(async () => {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const url = (path: string) => new URL(path, base);
const object = (query: Record<string, string>, headers: Record<string, string>) => rawRequest(url(`/restapi/1.0/object/res.partner?${new URLSearchParams(query)}`), { headers });

function expectError(response: RawResponse, status: number, error: string): void {
  expect(response.status, response.text).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(response.json ?? {}).sort()).toEqual(['error', 'error_description']);
  expect(response.json?.error).toBe(error);
}

async function apikey(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server/cli/apikey.ts'), ...args], { cwd: ROOT, env: { ...process.env, FIELDBOOK_DATA_DIR: dataDir } });
  return stdout;
}

async function clientCredentials(extra: Record<string, string> = {}): Promise<string> {
  const response = await formRequest(url('/restapi/1.0/common/oauth2/token'), { grant_type: 'client_credentials', client_id: SERVER_CLIENT, client_secret: SERVER_SECRET, ...extra });
  expect(response.status, response.text).toBe(200);
  return String(response.json?.access_token);
}

describe('code flow: authorize, then access_token', () => {
  const state = 'Y1Ux1iNPvn6KYQK5Lj84WJ9VJrQw1L';

  it('authorize with query parameters: the user signs in, allows, and is sent back with code and state', async () => {
    const start = url(`/restapi/1.0/common/oauth2/authorize?${new URLSearchParams({ client_id: SERVER_CLIENT, state, redirect_uri: EXAMPLE_REDIRECT, response_type: 'code' })}`);
    const back = await authorizeInBrowser(base, start, 'demo');
    expect(back.origin + back.pathname).toBe(EXAMPLE_REDIRECT);
    expect(back.searchParams.get('state')).toBe(state);
    const code = back.searchParams.get('code') ?? '';
    // curl -X POST …/access_token -d client_id=… -d client_secret=… -d redirect_uri=… -d code=… -d grant_type=authorization_code
    const response = await formRequest(url('/restapi/1.0/common/oauth2/access_token'), { client_id: SERVER_CLIENT, client_secret: SERVER_SECRET, redirect_uri: EXAMPLE_REDIRECT, code, grant_type: 'authorization_code' });
    expect(response.status, response.text).toBe(200);
    expect(Object.keys(response.json ?? {}).sort()).toEqual(['access_token', 'access_token_validity', 'refresh_token', 'token_type']);
    expect(response.json?.token_type).toBe('bearer');
    // As documented: "7/20/2017 12:00:05".
    expect(response.json?.access_token_validity).toMatch(/^\d{1,2}\/\d{1,2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    const validity = String(response.json?.access_token_validity);
    const [date = '', time = ''] = validity.split(' ');
    const [month, day, year] = date.split('/').map(Number);
    const expires = Date.parse(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${time}Z`);
    expect(expires - Date.now()).toBeGreaterThan(590_000);
    expect(expires - Date.now()).toBeLessThan(610_000);
    // The token reads as demo, through the same ORM as call_kw.
    const read = await object({ domain: "[('id','=',3)]", fields: "['name']" }, { Authorization: `Bearer ${String(response.json?.access_token)}` });
    expect(read.status).toBe(200);
    expect(read.json).toEqual({ 'res.partner': [{ id: expect.any(Number), name: expect.any(String) }] });
    // A code is used once (RFC 6749 §4.1.2).
    const replay = await formRequest(url('/restapi/1.0/common/oauth2/access_token'), { client_id: SERVER_CLIENT, client_secret: SERVER_SECRET, redirect_uri: EXAMPLE_REDIRECT, code, grant_type: 'authorization_code' });
    expectError(replay, 400, 'invalid_grant');
  });

  it('authorize with the documented Authorization: OAuth header and Accept: application/json answers {code, state}; access_token takes the same header', async () => {
    // The documentation wraps it over lines for reading; on the wire it is one line.
    const header = `OAuth client_id='${SERVER_CLIENT}', state='${state}', redirect_uri='${encodeURIComponent(EXAMPLE_REDIRECT)}', response_type='code'`;
    // The user signs in and allows the client once (the replayed code above revoked that first
    // grant, as RFC 6749 §4.1.2 asks); after that the same browser gets no page to show.
    const browser = new CookieJar();
    await authorizeInBrowser(base, url(`/restapi/1.0/common/oauth2/authorize?${new URLSearchParams({ client_id: SERVER_CLIENT, state: 'first', redirect_uri: EXAMPLE_REDIRECT, response_type: 'code' })}`), 'demo', browser);
    const response = await rawRequest(url('/restapi/1.0/common/oauth2/authorize'), { headers: { Authorization: header, Accept: 'application/json', Cookie: browser.header(url('/oauth2/auth')) } });
    expect(response.status, response.text).toBe(200);
    expect(Object.keys(response.json ?? {})).toEqual(['code', 'state']);
    expect(response.json?.state).toBe(state);
    const tokenHeader = `OAuth client_id='${SERVER_CLIENT}', client_secret='${SERVER_SECRET}', redirect_uri='${encodeURIComponent(EXAMPLE_REDIRECT)}', code='${String(response.json?.code)}', grant_type='authorization_code'`;
    const token = await rawRequest(url('/restapi/1.0/common/oauth2/access_token'), { method: 'POST', headers: { Authorization: tokenHeader } });
    expect(token.status, token.text).toBe(200);
    expect(token.json?.token_type).toBe('bearer');
  });

  it('access_token also takes a JSON body (Python requests json=…), and refresh_token on /token rotates', async () => {
    const back = await authorizeInBrowser(base, url(`/restapi/1.0/common/oauth2/authorize?${new URLSearchParams({ client_id: SERVER_CLIENT, state: 's2', redirect_uri: EXAMPLE_REDIRECT, response_type: 'code' })}`), 'demo');
    const token = await jsonRequest(url('/restapi/1.0/common/oauth2/access_token'), 'POST', { client_id: SERVER_CLIENT, client_secret: SERVER_SECRET, redirect_uri: EXAMPLE_REDIRECT, code: back.searchParams.get('code'), grant_type: 'authorization_code' });
    expect(token.status, token.text).toBe(200);
    const refreshToken = String(token.json?.refresh_token);
    const refreshed = await formRequest(url('/restapi/1.0/common/oauth2/token'), { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: SERVER_CLIENT, client_secret: SERVER_SECRET });
    expect(refreshed.status, refreshed.text).toBe(200);
    expect(Object.keys(refreshed.json ?? {}).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'token_type']);
    expect(refreshed.json).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    expect(refreshed.json?.refresh_token).not.toBe(refreshToken);
    // The rotated one presented again is refused (and revokes the grant: the library's rule).
    expectError(await formRequest(url('/restapi/1.0/common/oauth2/token'), { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: SERVER_CLIENT, client_secret: SERVER_SECRET }), 400, 'invalid_grant');
  });

  it('with Accept: application/json but nobody signed in, still sends the user to the login page', async () => {
    const response = await rawRequest(url(`/restapi/1.0/common/oauth2/authorize?${new URLSearchParams({ client_id: SERVER_CLIENT, state, redirect_uri: EXAMPLE_REDIRECT, response_type: 'code' })}`), { headers: { Accept: 'application/json' } });
    expect(response.status).toBe(303);
    expect(response.headers.location).toMatch(/^\/oauth2\/interaction\//);
  });

  it('refuses an unknown or missing client with 401 invalid_client, on authorize and access_token', async () => {
    expectError(await rawRequest(url(`/restapi/1.0/common/oauth2/authorize?client_id=nobody&redirect_uri=${encodeURIComponent(EXAMPLE_REDIRECT)}&response_type=code`)), 401, 'invalid_client');
    expectError(await rawRequest(url('/restapi/1.0/common/oauth2/authorize'), { headers: { Authorization: `OAuth state='x', response_type='code'` } }), 401, 'invalid_client');
    expectError(await formRequest(url('/restapi/1.0/common/oauth2/access_token'), { client_id: SERVER_CLIENT, client_secret: 'wrong', redirect_uri: EXAMPLE_REDIRECT, code: 'x', grant_type: 'authorization_code' }), 401, 'invalid_client');
    expectError(await formRequest(url('/restapi/1.0/common/oauth2/access_token'), { client_id: 'nobody', client_secret: 'x', redirect_uri: EXAMPLE_REDIRECT, code: 'x', grant_type: 'authorization_code' }), 401, 'invalid_client');
  });
});

describe('client credentials', () => {
  it('answers {access_token, token_type: "Bearer", expires_in: 3600}', async () => {
    // curl -X POST …/restapi/1.0/common/oauth2/token -d grant_type=client_credentials -d client_id=… -d client_secret=…
    const response = await formRequest(url('/restapi/1.0/common/oauth2/token'), { grant_type: 'client_credentials', client_id: SERVER_CLIENT, client_secret: SERVER_SECRET });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600 });
    expectError(await formRequest(url('/restapi/1.0/common/oauth2/token'), { grant_type: 'client_credentials', client_id: SERVER_CLIENT, client_secret: 'wrong' }), 401, 'invalid_client');
    expectError(await formRequest(url('/restapi/1.0/common/oauth2/token'), { grant_type: 'password', client_id: SERVER_CLIENT, client_secret: SERVER_SECRET }), 400, 'unsupported_grant_type');
  });

  it('refuses a client secret in the URL, where logs and history keep it (RFC 6749 §2.3.1)', async () => {
    const query = new URLSearchParams({ client_id: SERVER_CLIENT, client_secret: SERVER_SECRET }).toString();
    for (const path of ['/restapi/1.0/common/oauth2/token', '/restapi/1.0/common/oauth2/access_token']) {
      const response = await formRequest(url(`${path}?${query}`), { grant_type: 'client_credentials' });
      expectError(response, 400, 'invalid_request');
      expect(String(response.json?.error_description)).toContain('client_secret must not be sent in the URL');
    }
    const linking = await formRequest(url(`/api/oauth2/token?${query}`), { client_user_identity: 'someone' });
    expectError(linking, 400, 'invalid_request');
  });

  it('acts as the user the client is registered on (demo), never as another one', async () => {
    // Scopes that reach call_kw too: what is refused below is demo's rights, not the token's scope.
    const token = await clientCredentials({ scope: 'restapi.read odoo.read odoo.write' });
    const auth = `Bearer ${token}`;
    const info = await fetch(url('/web/session/get_session_info'), { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: auth }, body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: {}, id: 1 }) });
    expect(((await info.json()) as { result: { username: string; uid: number } }).result).toMatchObject({ username: 'demo', uid: 3 });
    // demo cannot edit partners, read admin-only models, or become admin through a parameter.
    const write = await callKwWithToken(base, auth, 'res.partner', 'write', [[1], { name: 'x' }]);
    expect((write.body as { error: { data: { name: string } } }).error.data.name).toBe('odoo.exceptions.AccessError');
    const params = await rawRequest(url('/restapi/1.0/object/ir.config_parameter?uid=2&user=admin&login=admin'), { headers: { Authorization: auth, 'X-Odoo-User': 'admin' } });
    expectError(params, 403, 'access_denied');
  });

  it('token_format=jwt gives a JWT with sub, db, exp and iat, verifiable with the published JWKS', async () => {
    const token = await clientCredentials({ token_format: 'jwt' });
    const { payload, protectedHeader } = await jwtVerify(token, createRemoteJWKSet(url('/oauth2/jwks')), { issuer: base });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(payload).toMatchObject({ sub: SERVER_CLIENT, client_id: SERVER_CLIENT, db: 'fieldbook', aud: `${base}/restapi` });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(3600);
    const read = await object({ limit: '1', fields: "['name']" }, { Authorization: `Bearer ${token}` });
    expect(read.status).toBe(200);
    expectError(await formRequest(url('/restapi/1.0/common/oauth2/token'), { grant_type: 'refresh_token', refresh_token: 'x', token_format: 'jwt', client_id: SERVER_CLIENT, client_secret: SERVER_SECRET }), 400, 'invalid_request');
  });

  it('refuses a JWT with a bad signature, one signed by another key, and one past its exp: 401 invalid_token', async () => {
    const real = await clientCredentials({ token_format: 'jwt' });
    const [head = '', body = '', signature = ''] = real.split('.');
    const flipped = `${head}.${body}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    const claims = { db: 'fieldbook', client_id: SERVER_CLIENT, scope: 'restapi.read' };
    const sign = async (key: Parameters<SignJWT['sign']>[0], issuedAt: number, kid = rsaKey.kid) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid }).setJti(`jti-${issuedAt}-${kid ?? ''}`).setIssuer(base).setAudience(`${base}/restapi`).setSubject(SERVER_CLIENT).setIssuedAt(issuedAt).setExpirationTime(issuedAt + 3600).sign(key);
    const now = Math.floor(Date.now() / 1000);
    const serverKey = await importJWK(rsaKey, 'RS256');
    const valid = await sign(serverKey, now);
    const expired = await sign(serverKey, now - 7200);
    const foreign = await sign((await generateKeyPair('RS256')).privateKey, now);
    // Control: the server's own key and a live exp are accepted, so the refusals below are for the reason tested.
    expect((await object({ limit: '1' }, { Authorization: `Bearer ${valid}` })).status).toBe(200);
    for (const token of [flipped, expired, foreign, `${head}.${body}.`]) {
      expectError(await object({ limit: '1' }, { Authorization: `Bearer ${token}` }), 401, 'invalid_token');
    }
  });
});

describe('revoking a client-credentials JWT', () => {
  const revoke = (token: string, secret = SERVER_SECRET) => formRequest(url('/oauth2/revoke'), { token, client_id: SERVER_CLIENT, client_secret: secret });

  it('stops it at once when its client revokes it (RFC 7009), and not before', async () => {
    const token = await clientCredentials({ token_format: 'jwt' });
    const auth = { Authorization: `Bearer ${token}` };
    expect((await object({ limit: '1' }, auth)).status).toBe(200);
    // The wrong secret revokes nothing.
    expectError(await revoke(token, 'not-the-secret'), 401, 'invalid_client');
    expect((await object({ limit: '1' }, auth)).status).toBe(200);
    // The client itself: 200, and the token is refused from then on.
    const revoked = await revoke(token);
    expect(revoked.status).toBe(200);
    expectError(await object({ limit: '1' }, auth), 401, 'invalid_token');
    // Again, or a token that is not a JWT of ours: 200 (RFC 7009 §2.2), nothing else happens.
    expect((await revoke(token)).status).toBe(200);
    expect((await revoke('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.x')).status).toBe(200);
    // Another token of the same client is untouched.
    const other = await clientCredentials({ token_format: 'jwt' });
    expect((await object({ limit: '1' }, { Authorization: `Bearer ${other}` })).status).toBe(200);
  });
});

describe('GET /restapi/1.0/object/res.partner', () => {
  let token: string;
  beforeAll(async () => {
    token = await clientCredentials({ scope: 'restapi.read odoo.read' });
  });

  it('takes domain and fields as Python literals, with limit, offset and order', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const page = await object({ domain: "[('is_company','=',True)]", fields: "['name','email']", limit: '5', order: 'id asc' }, auth);
    expect(page.status).toBe(200);
    const records = (page.json?.['res.partner'] ?? []) as { id: number; name: string; email: unknown }[];
    expect(records).toHaveLength(5);
    for (const record of records) expect(Object.keys(record).sort()).toEqual(['email', 'id', 'name']);
    expect(records.map((r) => r.id)).toEqual([...records.map((r) => r.id)].sort((a, b) => a - b));
    const next = await object({ domain: "[('is_company','=',True)]", fields: "['name']", limit: '5', offset: '5', order: 'id asc' }, auth);
    const nextIds = ((next.json?.['res.partner'] ?? []) as { id: number }[]).map((r) => r.id);
    expect(Math.min(...nextIds)).toBeGreaterThan(Math.max(...records.map((r) => r.id)));
    const companies = await callKwWithToken(base, `Bearer ${token}`, 'res.partner', 'search_count', [[['is_company', '=', true], ['id', 'in', nextIds]]]);
    expect((companies.body as { result: number }).result).toBe(5);
  });

  it('never evaluates a domain: code in it is a 400 invalid_request, not run', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    for (const domain of ["[('name','=',__import__('os').system('id'))]", "[('name','=',1+1)]", '[(']) {
      expectError(await object({ domain }, auth), 400, 'invalid_request');
    }
    expectError(await object({ domain: "[('no_such_field','=',1)]" }, auth), 400, 'invalid_request');
    expectError(await object({ fields: "['name'", limit: '1' }, auth), 400, 'invalid_request');
    expectError(await object({ limit: '-1' }, auth), 400, 'invalid_request');
  });

  it('refuses no credential, an unknown token and an unknown API key with 401', async () => {
    expectError(await object({}, {}), 401, 'invalid_token');
    expectError(await object({}, { Authorization: 'Bearer not-a-real-token' }), 401, 'invalid_token');
    expectError(await object({}, { 'X-API-Key': 'f'.repeat(40) }), 401, 'invalid_api_key');
    expectError(await object({}, { Authorization: `Bearer ${'0'.repeat(40)}` }), 401, 'invalid_api_key');
  });
});

describe('API keys (npm run apikey)', () => {
  it('a key is printed once, works as Bearer or X-API-Key with its user’s record rules, and stops at once when revoked', async () => {
    const created = await apikey('--user', 'portal', '--name', 'integration portal key');
    const key = /^([0-9a-f]{40})$/m.exec(created)?.[1];
    expect(key, created).toBeDefined();
    const listed = await apikey('--list');
    expect(listed).toContain('portal  "integration portal key"');
    expect(listed).not.toContain(key);
    for (const headers of [{ 'X-API-Key': key ?? '' }, { Authorization: `Bearer ${key ?? ''}` }]) {
      const read = await object({ fields: "['name','commercial_partner_id']", limit: '500' }, headers);
      expect(read.status).toBe(200);
      const records = (read.json?.['res.partner'] ?? []) as { commercial_partner_id: [number, string] | false }[];
      // portal's record rule: its own company's contacts only (a handful, not thousands).
      expect(records.length).toBeGreaterThan(0);
      expect(records.length).toBeLessThan(50);
    }
    expectError(await rawRequest(url('/restapi/1.0/object/ir.config_parameter'), { headers: { 'X-API-Key': key ?? '' } }), 403, 'access_denied');
    await apikey('--revoke', 'integration portal key');
    expectError(await object({ limit: '1' }, { 'X-API-Key': key ?? '' }), 401, 'invalid_api_key');
  });

  it('is never accepted by the PWA’s login (/web/session/authenticate)', async () => {
    const key = /^([0-9a-f]{40})$/m.exec(await apikey('--user', 'demo'))?.[1] ?? '';
    expect((await object({ limit: '1' }, { 'X-API-Key': key })).status).toBe(200);
    const login = await rpc(base, '/web/session/authenticate', { db: 'fieldbook', login: 'demo', password: key });
    expect((login.body as { error?: { data: { name: string } } }).error?.data.name).toBe('odoo.exceptions.AccessDenied');
    const cookie = login.setCookies.find((c) => c.startsWith('session_id='))?.split(';')[0];
    if (cookie !== undefined) {
      const info = await rpc(base, '/web/session/get_session_info', {}, cookie);
      expect((info.body as { error?: { data: { name: string } } }).error?.data.name).toBe('odoo.http.SessionExpiredException');
    }
  });

  it('the command refuses an unknown user and an unknown key, saying why', async () => {
    await expect(apikey('--user', 'nobody')).rejects.toThrow(/no active user with the login "nobody"/);
    await expect(apikey('--revoke', '999999')).rejects.toThrow(/No API key has the id "999999"/);
  });
});

describe('clients from FIELDBOOK_OAUTH_CLIENTS, with and without odoo_user', () => {
  let configured: TestServer;
  const dir = throwawayDataDir();
  beforeAll(async () => {
    const clients = join(dir, 'clients.json');
    const serviceClient = (id: string, method: string, extra: Record<string, unknown>) => ({ client_id: id, client_secret: `${id}-secret-0123456789`, token_endpoint_auth_method: method, grant_types: ['client_credentials'], response_types: [], redirect_uris: [], ...extra });
    writeFileSync(clients, JSON.stringify([serviceClient('reporting', 'client_secret_basic', { odoo_user: 'portal' }), serviceClient('unbound', 'client_secret_post', {})]));
    configured = await spawnServer({ dataDir: throwawayDataDir(inject('templateDir')), env: { FIELDBOOK_OAUTH_CLIENTS: clients } });
  });
  afterAll(async () => {
    await configured.stop();
    rmSync(configured.dataDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('a client registered on portal (HTTP Basic, curl -u) reads as portal, under portal’s record rules', async () => {
    const token = await formRequest(new URL('/restapi/1.0/common/oauth2/token', configured.url), { grant_type: 'client_credentials' }, { Authorization: `Basic ${Buffer.from('reporting:reporting-secret-0123456789').toString('base64')}` });
    expect(token.status, token.text).toBe(200);
    const read = await rawRequest(new URL("/restapi/1.0/object/res.partner?limit=500&fields=['name']", configured.url), { headers: { Authorization: `Bearer ${String(token.json?.access_token)}` } });
    expect(read.status).toBe(200);
    const records = (read.json?.['res.partner'] ?? []) as unknown[];
    expect(records.length).toBeGreaterThan(0);
    expect(records.length).toBeLessThan(50);
  });

  it('a client registered on no user gets tokens that act for nobody: 403 access_denied', async () => {
    const token = await formRequest(new URL('/restapi/1.0/common/oauth2/token', configured.url), { grant_type: 'client_credentials', client_id: 'unbound', client_secret: 'unbound-secret-0123456789' });
    expect(token.status, token.text).toBe(200);
    const auth = `Bearer ${String(token.json?.access_token)}`;
    expectError(await rawRequest(new URL('/restapi/1.0/object/res.partner', configured.url), { headers: { Authorization: auth } }), 403, 'access_denied');
    const call = await callKwWithToken(configured.url, auth, 'res.partner', 'search_count', [[]]);
    expect(call.status).toBe(403);
    expect(call.body).toMatchObject({ error: 'access_denied' });
  });
});

describe('malformed paths', () => {
  it('answers a model that is not URL-encoded correctly with a 400, not a server error', async () => {
    const response = await fetch(url('/restapi/1.0/object/%'));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });
});
