/** Session login over real HTTP: authenticate, session info, destroy, cookies, bad input. */
import { rmSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { callKw, errorOf, login, post, resultOf, rpc, sessionCookieOf } from '../support/rpc.ts';
import { rawRequest } from '../support/raw-http.ts';
import { spawnServer, throwawayDataDir } from '../support/server.ts';

const baseUrl = inject('baseUrl');

describe('session login', () => {
  it('logs each demo user in and reports who they are', async () => {
    for (const [user, internal, system] of [
      ['admin', true, true],
      ['demo', true, false],
      ['portal', false, false],
    ] as const) {
      const response = await rpc(baseUrl, '/web/session/authenticate', { db: 'fieldbook', login: user, password: user });
      const info = resultOf<{ username: string; is_internal_user: boolean; is_system: boolean; db: string; uid: number }>(response);
      expect(info.username).toBe(user);
      expect(info.db).toBe('fieldbook');
      expect(info.is_internal_user).toBe(internal);
      expect(info.is_system).toBe(system);
      expect(sessionCookieOf(response)).toMatch(/^session_id=[\w-]{84}$/);
    }
  });

  it('refuses a wrong password, an unknown login and a missing password alike', async () => {
    for (const params of [
      { db: 'fieldbook', login: 'admin', password: 'nope' },
      { db: 'fieldbook', login: 'nobody', password: 'admin' },
      { db: 'fieldbook', login: 'admin', password: 42 },
    ]) {
      const response = await rpc(baseUrl, '/web/session/authenticate', params);
      expect(errorOf(response).data.name).toBe('odoo.exceptions.AccessDenied');
      expect(response.setCookies).toEqual([]);
    }
    const missing = await rpc(baseUrl, '/web/session/authenticate', { db: 'fieldbook', login: 'admin' });
    expect(errorOf(missing).data.name).toBe('builtins.TypeError');
    expect(errorOf(missing).data.message).toContain("'password'");
  });

  it('keeps the session alive across calls and renews the cookie on get_session_info', async () => {
    const cookie = await login(baseUrl, 'demo');
    const info = await rpc(baseUrl, '/web/session/get_session_info', {}, cookie);
    expect(resultOf<{ username: string }>(info).username).toBe('demo');
    expect(sessionCookieOf(info)).toBe(cookie);
    const count = await callKw(baseUrl, cookie, 'res.partner', 'search_count', [[]]);
    expect(resultOf<number>(count)).toBeGreaterThan(4000);
  });

  it('destroy ends the session server-side: the old cookie is expired afterwards', async () => {
    const cookie = await login(baseUrl, 'admin');
    const destroyed = await rpc(baseUrl, '/web/session/destroy', {}, cookie);
    expect((destroyed.body as Record<string, unknown>).result).toBeUndefined();
    expect(sessionCookieOf(destroyed)).not.toBe(cookie);
    const reused = await callKw(baseUrl, cookie, 'res.partner', 'search_count', [[]]);
    expect(errorOf(reused)).toMatchObject({ code: 100, message: 'Odoo Session Expired' });
    expect((reused.body as { id: unknown }).id).toBeNull();
  });

  it('two logins are two independent sessions', async () => {
    const a = await login(baseUrl, 'admin');
    const b = await login(baseUrl, 'admin');
    expect(a).not.toBe(b);
    await rpc(baseUrl, '/web/session/destroy', {}, a);
    expect(resultOf<number>(await callKw(baseUrl, b, 'res.partner', 'search_count', [[]]))).toBeGreaterThan(0);
  });
});

describe('the JSON-RPC transport refuses bad requests clearly and keeps serving', () => {
  it('answers a body that is not JSON with JSONDecodeError and id null', async () => {
    const response = await post(baseUrl, '/web/dataset/call_kw', '{"jsonrpc": "2.0", "params": ');
    expect(response.status).toBe(200);
    expect(errorOf(response).data.name).toBe('json.decoder.JSONDecodeError');
    expect((response.body as { id: unknown }).id).toBeNull();
  });

  it('answers JSON that is not an object, or params that are not an object, with a ValueError', async () => {
    for (const body of ['[]', '42', '"call"', '{"jsonrpc":"2.0","params":[1,2],"id":1}']) {
      const response = await post(baseUrl, '/web/webclient/version_info', body);
      expect(errorOf(response).data.name).toBe('builtins.ValueError');
    }
  });

  it('refuses a body over the size limit with 413 and a JSON-RPC error, and stays up', async () => {
    const huge = JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { pad: 'x'.repeat(9 * 1024 * 1024) }, id: 1 });
    const response = await post(baseUrl, '/web/webclient/version_info', huge);
    expect(response.status).toBe(413);
    expect(errorOf(response).data.name).toBe('werkzeug.exceptions.RequestEntityTooLarge');
    const after = await rpc(baseUrl, '/web/webclient/version_info', {});
    expect(resultOf<{ server_version: string }>(after).server_version).toBe('18.0');
  });

  it('caps call_kw bodies from nobody small, before reading them: 1 MB is 413 without a session, fine with one, 401 with a bad token', async () => {
    const big = (cookie?: string) =>
      post(baseUrl, '/web/dataset/call_kw', JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { model: 'res.partner', method: 'search_count', args: [[['name', 'not in', Array.from({ length: 40_000 }, (_, i) => `n${i}-padding`)]]], kwargs: {} }, id: 1 }), cookie === undefined ? {} : { Cookie: cookie });
    const anonymous = await big();
    expect(anonymous.status).toBe(413);
    expect(errorOf(anonymous).data.name).toBe('werkzeug.exceptions.RequestEntityTooLarge');
    const signedIn = await big(await login(baseUrl, 'demo'));
    expect(signedIn.status).toBe(200);
    expect(resultOf<number>(signedIn)).toBeGreaterThan(0);
    const forged = await post(baseUrl, '/web/dataset/call_kw', JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { pad: 'x'.repeat(1024 * 1024) }, id: 1 }), { Authorization: 'Bearer not-a-token' });
    expect(forged.status).toBe(401);
  });

  it("web.base.url is the server's own origin, whatever Host header the request came with", async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { db: 'fieldbook', login: 'demo', password: 'demo' }, id: 1 });
    const forged = (await rawRequest(new URL('/web/session/authenticate', baseUrl), { method: 'POST', headers: { 'Content-Type': 'application/json', Host: 'evil.example' }, body })).text;
    expect((JSON.parse(forged) as { result: Record<string, unknown> }).result['web.base.url']).toBe(baseUrl);
  });

  it('answers GET, OPTIONS and text/plain on a JSON route with Odoo 400 HTML page', async () => {
    for (const init of [{ method: 'GET' }, { method: 'OPTIONS' }, { method: 'POST', body: '{}', headers: { 'Content-Type': 'text/plain' } }]) {
      const response = await fetch(new URL('/web/session/authenticate', baseUrl), init);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(await response.text()).toContain('is type=&#39;json&#39;');
    }
  });

  it('answers an unknown /web/ route with a 404 page', async () => {
    const response = await fetch(new URL('/web/no/such/route', baseUrl), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(404);
  });

  it('sends no-store and nosniff on every JSON-RPC answer', async () => {
    const response = await rpc(baseUrl, '/web/database/list', {});
    expect(resultOf<string[]>(response)).toEqual(['fieldbook']);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('the login budget per user (issue 13 #14)', () => {
  /** A JSON-RPC login sent from `from` (another client: any 127.0.0.0/8 address reaches the server on Linux). */
  async function loginFrom(base: string, from: string, password: string): Promise<{ error?: { data: { name: string; message: string } }; result?: unknown }> {
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { db: 'fieldbook', login: 'demo', password }, id: 1 });
    const answer = await rawRequest(new URL('/web/session/authenticate', base), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, localAddress: from });
    return answer.json as { error?: { data: { name: string; message: string } }; result?: unknown };
  }

  it('a guesser with a new address for every try is stopped at 20 for that user; the user still signs in from where they did before', async () => {
    const server = await spawnServer({ dataDir: throwawayDataDir(inject('templateDir')) });
    try {
      expect((await loginFrom(server.url, '127.0.0.1', 'demo')).result).toBeDefined();
      for (let i = 0; i < 20; i += 1) expect((await loginFrom(server.url, `127.0.1.${i + 1}`, 'wrong')).error?.data.message).toBe('Access Denied');
      const fresh = await loginFrom(server.url, '127.0.2.1', 'demo');
      expect(fresh.error?.data.message).toMatch(/^Too many login failures, please wait a bit before trying again\.?$/);
      expect((await loginFrom(server.url, '127.0.0.1', 'demo')).result).toBeDefined();
    } finally {
      await server.stop();
      rmSync(server.dataDir, { recursive: true, force: true });
    }
  });
});
