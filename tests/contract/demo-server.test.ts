/**
 * The demo server answers every captured Odoo 18 request (../shared/odoo-wire/) with the same
 * shape: status, content type, envelope keys, error code / message / data.name, cookies and field
 * encodings. Ids, session ids, tracebacks, dates and record contents that differ by data are ignored.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { login, post, rpc, sessionCookieOf, type RpcResponse } from '../support/rpc.ts';
import { spawnServer, throwawayDataDir, type TestServer } from '../support/server.ts';
import { header, loadWireExchanges, type WireExchange } from '../support/wire-fixtures.ts';
import { shapeMismatches } from './shape.ts';

const baseUrl = inject('baseUrl');
const exchanges = loadWireExchanges();

/** The capture's users and database, mapped to the demo's (admin/admin, demo/demo, portal/portal on `fieldbook`). */
const userFor = (file: string) => (file.startsWith('08h') ? 'portal' : file.startsWith('08i') || file.startsWith('08j') ? 'demo' : 'admin');
const logins: Record<string, string> = { wire_portal: 'portal', wire_basic: 'demo' };

function translate(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(translate);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => {
        if (key === 'db' && v === 'odoo') return [key, 'fieldbook'];
        if ((key === 'login' || key === 'password') && typeof v === 'string' && v in logins) return [key, logins[v]];
        return [key, translate(v)];
      }),
    );
  }
  return value;
}

/** The cookie to send in place of the captured one. */
async function cookieFor(exchange: WireExchange, target: string, cookies: Map<string, string>): Promise<string | undefined> {
  const sent = header(exchange.request.headers, 'cookie')[0];
  if (sent === undefined) return undefined;
  const file = exchange.file;
  // Bogus (04c) and destroyed (09b) sessions: the captured value means nothing here, as intended.
  if (file.startsWith('04c') || file.startsWith('09b')) return sent;
  // An anonymous session (01b): get one the way a browser would.
  if (file.startsWith('01b')) return sessionCookieOf(await rpc(target, '/web/webclient/version_info', {}));
  // 09a destroys its session: never the shared one.
  if (file.startsWith('09a')) return login(target, 'admin');
  const user = userFor(file);
  let cookie = cookies.get(user);
  if (cookie === undefined) {
    cookie = await login(target, user);
    cookies.set(user, cookie);
  }
  return cookie;
}

async function replay(exchange: WireExchange, target: string, cookies: Map<string, string>): Promise<RpcResponse> {
  const { request } = exchange;
  const headers: Record<string, string> = {};
  const contentType = header(request.headers, 'content-type')[0];
  if (contentType !== undefined) headers['Content-Type'] = contentType;
  const origin = header(request.headers, 'origin')[0];
  if (origin !== undefined) headers.Origin = origin;
  for (const name of ['access-control-request-method', 'access-control-request-headers']) {
    const value = header(request.headers, name)[0];
    if (value !== undefined) headers[name] = value;
  }
  const cookie = await cookieFor(exchange, target, cookies);
  if (cookie !== undefined) headers.Cookie = cookie;
  const body = request.body === null ? undefined : typeof request.body === 'string' ? request.body : JSON.stringify(translate(request.body));
  if (request.method === 'POST') return post(target, request.path, body ?? '', headers);
  const response = await fetch(new URL(request.path, target), { method: request.method, headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text, text, setCookies: response.headers.getSetCookie() };
}

function cookieNames(setCookies: readonly string[]): string[] {
  return setCookies.map((c) => c.split('=')[0] ?? '').sort();
}

function expectSameShape(exchange: WireExchange, actual: RpcResponse): void {
  const expected = exchange.response;
  expect(actual.status, 'HTTP status').toBe(expected.status);
  const expectedType = header(expected.headers, 'content-type')[0];
  if (expectedType !== undefined && expected.status !== 204) expect(actual.headers.get('content-type'), 'content type').toBe(expectedType);

  // Cookies: the same ones set (or none), and session_id with Odoo's attributes.
  const expectedCookies = header(expected.headers, 'set-cookie');
  expect(cookieNames(actual.setCookies), 'Set-Cookie names').toEqual(cookieNames(expectedCookies));
  const session = actual.setCookies.find((c) => c.startsWith('session_id='));
  if (session !== undefined) {
    expect(session).toMatch(/^session_id=[A-Za-z0-9_-]{84};/);
    expect(session).toContain('Max-Age=604800');
    expect(session).toContain('HttpOnly');
    expect(session).toContain('Path=/');
    expect(session).toContain('SameSite=Lax');
  }
  for (const name of ['access-control-allow-origin', 'access-control-allow-methods']) {
    expect(actual.headers.get(name) ?? undefined, name).toBe(header(expected.headers, name)[0]);
  }

  if (typeof expected.body !== 'object' || expected.body === null) {
    if (typeof expected.body === 'string' && expected.body.startsWith('<!doctype')) {
      // Odoo's 400 page for a non-JSON request names the route (08g, 10a2, 11a, 11b).
      expect(actual.text).toContain('Request inferred type is compatible with');
    }
    return; // trimmed in the capture ("… omitted …") or empty: status, type and cookies are the contract
  }
  const body = actual.body as Record<string, unknown>;
  const want = expected.body as Record<string, unknown>;
  expect(Object.keys(body).sort(), 'envelope keys').toEqual(Object.keys(want).sort());
  expect(body.id === null, 'id is null exactly when Odoo answers before dispatch').toBe(want.id === null);
  if ('error' in want) {
    const error = body.error as { code: number; message: string; data: Record<string, unknown> };
    const wantError = want.error as { code: number; message: string; data: Record<string, unknown> };
    expect(error.code).toBe(wantError.code);
    expect(error.message).toBe(wantError.message);
    expect(error.data.name).toBe(wantError.data.name);
    expect(Object.keys(error.data).sort()).toEqual(Object.keys(wantError.data).sort());
    // Python's JSON decoder words its errors differently from any other: only that message may differ.
    if (!exchange.file.startsWith('08f')) expect(error.data.message).toBe(wantError.data.message);
    return;
  }
  const mismatches = shapeMismatches(want.result, body.result);
  expect(mismatches, `result shape:\n${mismatches.join('\n')}`).toEqual([]);
}

describe('the demo server answers every captured Odoo 18 exchange with the same shape', () => {
  const cookies = new Map<string, string>();
  for (const exchange of exchanges.filter((e) => !e.file.startsWith('02b'))) {
    it(`${exchange.file}: ${exchange.description.split('.')[0]}`, async () => {
      const actual = await replay(exchange, baseUrl, cookies);
      expectSameShape(exchange, actual);
    });
  }

  it('01b: logging in with an anonymous session id rotates it', async () => {
    const anonymous = sessionCookieOf(await rpc(baseUrl, '/web/webclient/version_info', {}));
    expect(anonymous).toBeDefined();
    const response = await rpc(baseUrl, '/web/session/authenticate', { db: 'fieldbook', login: 'admin', password: 'admin' }, anonymous);
    const rotated = sessionCookieOf(response);
    expect(rotated).toBeDefined();
    expect(rotated).not.toBe(anonymous);
  });
});

describe('login throttling (02b), on a server of its own so other tests can still log in', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await spawnServer({ dataDir: throwawayDataDir(inject('templateDir')) });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('02b: the eleventh failed login in a minute is refused with the cooldown message', async () => {
    const exchange = exchanges.find((e) => e.file.startsWith('02b'));
    if (exchange === undefined) throw new Error('fixture 02b is missing');
    for (let i = 0; i < 10; i += 1) {
      const failed = await rpc(server.url, '/web/session/authenticate', { db: 'fieldbook', login: 'admin', password: 'wrong-password' });
      expect((failed.body as { error: { data: { message: string } } }).error.data.message).toBe('Access Denied');
    }
    expectSameShape(exchange, await replay(exchange, server.url, new Map()));
    // Even the right password is refused during the cooldown.
    const right = await rpc(server.url, '/web/session/authenticate', { db: 'fieldbook', login: 'admin', password: 'admin' });
    expect((right.body as { error: { data: { message: string } } }).error.data.message).toMatch(/Too many login failures/);
  });
});
