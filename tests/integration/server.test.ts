/**
 * The one-origin server as a whole: the PWA's static files and their headers, restart persistence,
 * and proxy mode in front of a second demo backend standing in for a real Odoo.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseOdooProviders } from '../../src/auth/oauth/odoo-providers.ts';
import { callKw, errorOf, login, resultOf, rpc, sessionCookieOf } from '../support/rpc.ts';
import { spawnServer, throwawayDataDir, type TestServer } from '../support/server.ts';

const baseUrl = inject('baseUrl');
const templateDir = inject('templateDir');

describe('static files', () => {
  it('serves the app shell with a strict CSP and the other security headers', async () => {
    const response = await fetch(new URL('/', baseUrl));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('falls back to the app shell for client-side routes a browser opens (not for fetches: external-api.test.ts)', async () => {
    // node:http, not fetch(): fetch sends its own Sec-Fetch-Mode (cors), and only a navigation gets the app.
    const response = await new Promise<{ status: number; body: string; csp: string }>((resolve, reject) => {
      const request = httpRequest(new URL('/partners/42?q=acme', baseUrl), { headers: { 'Sec-Fetch-Mode': 'navigate', Accept: 'text/html' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, csp: String(res.headers['content-security-policy'] ?? '') }));
      });
      request.on('error', reject);
      request.end();
    });
    expect(response.status).toBe(200);
    expect(response.body).toContain('<div id="root">');
    expect(response.csp).toContain("default-src 'self'");
  });

  it('serves hashed assets compressed with long-lived immutable caching', async () => {
    const html = await (await fetch(new URL('/', baseUrl))).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const response = await fetch(new URL(script ?? '/', baseUrl), { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(['br', 'gzip']).toContain(response.headers.get('content-encoding'));
  });

  it('serves the service worker revalidated on every update check, allowed the whole origin', async () => {
    const response = await fetch(new URL('/sw.js', baseUrl));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('service-worker-allowed')).toBe('/');
    expect(await response.text()).toContain('index.html');
  });

  it('serves the web app manifest as application/manifest+json, linked from the shell', async () => {
    const html = await (await fetch(new URL('/', baseUrl))).text();
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest">');
    const response = await fetch(new URL('/manifest.webmanifest', baseUrl));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    expect(await response.json()).toMatchObject({ name: 'Fieldbook', start_url: '/', display: 'standalone' });
  });

  it('allows exactly one Trusted Types policy: the one that vouches for the service worker URL', async () => {
    const csp = (await fetch(new URL('/', baseUrl))).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).toMatch(/(^|; )trusted-types fieldbook-sw(;|$)/);
  });
});

describe('restart persistence', () => {
  let server: TestServer;
  const dataDir = throwawayDataDir(templateDir);

  beforeAll(async () => {
    server = await spawnServer({ dataDir });
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps sessions and written data across a restart, and a second server cannot open the same data', async () => {
    const cookie = await login(server.url, 'admin');
    const id = resultOf<number>(await callKw(server.url, cookie, 'res.partner', 'create', [{ name: 'Persisted Partner BV', is_company: true }]));
    await expect(spawnServer({ dataDir })).rejects.toThrow(/in use by process/);

    await server.stop();
    server = await spawnServer({ dataDir });

    const info = await rpc(server.url, '/web/session/get_session_info', {}, cookie);
    expect(resultOf<{ username: string }>(info).username).toBe('admin');
    const read = await callKw(server.url, cookie, 'res.partner', 'read', [[id], ['name']]);
    expect(resultOf<{ name: string }[]>(read)).toEqual([{ id, name: 'Persisted Partner BV' }]);
  });

  it('survives being killed: committed data is there after a hard stop', async () => {
    const cookie = await login(server.url, 'admin');
    const id = resultOf<number>(await callKw(server.url, cookie, 'res.partner', 'create', [{ name: 'Written Before The Crash' }]));
    await server.stop('SIGKILL');
    server = await spawnServer({ dataDir });
    const read = await callKw(server.url, await login(server.url, 'admin'), 'res.partner', 'read', [[id], ['name']]);
    expect(resultOf<{ name: string }[]>(read)).toEqual([{ id, name: 'Written Before The Crash' }]);
  });
});

describe('proxy mode (ODOO_URL) in front of another demo backend', () => {
  let upstream: TestServer;
  let proxy: TestServer;
  let dead: TestServer;
  let slow: Server;
  let slowProxy: TestServer;

  beforeAll(async () => {
    upstream = await spawnServer({ dataDir: throwawayDataDir(templateDir) });
    proxy = await spawnServer({ dataDir: throwawayDataDir(), env: { ODOO_URL: upstream.url } });
    // A port with nothing listening: an Odoo that is down.
    dead = await spawnServer({ dataDir: throwawayDataDir(), env: { ODOO_URL: 'http://127.0.0.1:9' } });
    // An Odoo that accepts the request and never answers.
    slow = createServer(() => undefined);
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const port = (slow.address() as AddressInfo).port;
    slowProxy = await spawnServer({ dataDir: throwawayDataDir(), env: { ODOO_URL: `http://127.0.0.1:${port}`, FIELDBOOK_UPSTREAM_TIMEOUT_MS: '1500' } });
  });
  afterAll(async () => {
    await Promise.all([upstream, proxy, dead, slowProxy].map((s) => s?.stop()));
    slow?.closeAllConnections();
    slow?.close();
    for (const s of [upstream, proxy, dead, slowProxy]) if (s) rmSync(s.dataDir, { recursive: true, force: true });
  });

  it('logs in through the proxy, with the session cookie on the proxy origin', async () => {
    const response = await rpc(proxy.url, '/web/session/authenticate', { db: 'fieldbook', login: 'demo', password: 'demo' });
    expect(resultOf<{ username: string }>(response).username).toBe('demo');
    const cookie = sessionCookieOf(response);
    expect(cookie).toBeDefined();
    const setCookie = response.setCookies.find((c) => c.startsWith('session_id=')) ?? '';
    expect(setCookie).not.toMatch(/Domain=/i);
    const count = await callKw(proxy.url, cookie ?? '', 'res.partner', 'search_count', [[['is_company', '=', true]]]);
    expect(resultOf<number>(count)).toBeGreaterThan(100);
    // The same session works at the upstream directly: it is the upstream's session.
    const direct = await callKw(upstream.url, cookie ?? '', 'res.partner', 'search_count', [[['is_company', '=', true]]]);
    expect(resultOf<number>(direct)).toBe(resultOf<number>(count));
  });

  it('forwards only the routes the app uses: the rest of Odoo is not served on the app origin', async () => {
    for (const path of ['/web/database/manager', '/web/assets/debug/web.assets_web.js', '/websocket', '/auth_oauth/oea']) {
      expect((await fetch(new URL(path, proxy.url))).status, path).toBe(404);
    }
    // auth_oauth's login page (read by the app for the Odoo's providers) passes, sandboxed.
    const login = await fetch(new URL('/web/login', proxy.url));
    expect(login.status).toBe(200);
    expect(parseOdooProviders(await login.text()).map((provider) => provider.label)).toEqual(['Log in with Fieldbook demo']);
    expect(login.headers.get('content-security-policy')).toMatch(/^sandbox;/);
    const version = await rpc(proxy.url, '/web/webclient/version_info', {});
    expect(resultOf<{ server_version: string }>(version).server_version).toBe('18.0');
  });

  it('passes Odoo errors through untouched', async () => {
    const response = await callKw(proxy.url, 'session_id=nope', 'res.partner', 'search_read', [], { limit: 1 });
    expect(errorOf(response).data.name).toBe('odoo.http.SessionExpiredException');
  });

  it('still serves the PWA itself, not the upstream, for non-Odoo paths', async () => {
    const response = await fetch(new URL('/', proxy.url));
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('answers at once with a JSON-RPC-shaped 502 when Odoo is down', async () => {
    const started = Date.now();
    const response = await rpc(dead.url, '/web/session/authenticate', { db: 'fieldbook', login: 'admin', password: 'admin' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(errorOf(response)).toMatchObject({ code: 502, data: { name: 'fieldbook.proxy.UpstreamUnavailable' } });
    expect(errorOf(response).data.message).toMatch(/cannot be reached/);
  });

  it('gives up on an Odoo that never answers after the upstream timeout, with a clear error', async () => {
    const response = await rpc(slowProxy.url, '/web/webclient/version_info', {});
    expect(response.status).toBe(502);
    expect(errorOf(response).data.message).toMatch(/did not answer in time|cannot be reached/);
  });
});

describe('hardening', () => {
  it('does not serve source maps', async () => {
    const html = await (await fetch(new URL('/', baseUrl))).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? '/assets/missing.js';
    const js = await (await fetch(new URL(script, baseUrl))).text();
    expect(js).not.toMatch(/sourceMappingURL/);
    expect((await fetch(new URL(`${script}.map`, baseUrl))).status).toBe(404);
    // Nor under another spelling of the same file: percent-encoded, with a trailing slash, upper case.
    const mapPath = `${script}.map`;
    for (const spelling of [`${script}.m%61p`, `${script}%2Emap`, `${mapPath}/`, `${script}.MAP`, `${script}.m%ZZp`]) {
      const response = await fetch(new URL(spelling, baseUrl));
      expect([spelling, response.status]).toEqual([spelling, 404]);
      expect(await response.text()).not.toMatch(/"mappings"/);
    }
  });

  it('keeps its data directory to its owner', async () => {
    const server = await spawnServer({ dataDir: throwawayDataDir(templateDir) });
    try {
      expect(statSync(server.dataDir).mode & 0o077).toBe(0);
    } finally {
      await server.stop();
      rmSync(server.dataDir, { recursive: true, force: true });
    }
  });

  it('sends the strict page headers on its own 400 and 404 pages too', async () => {
    for (const response of [await fetch(new URL('/web/session/authenticate', baseUrl)), await fetch(new URL('/web/nope', baseUrl), { method: 'POST' })]) {
      expect([400, 404]).toContain(response.status);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it('refuses a large body on the anonymous routes (login, version) long before the call_kw limit', async () => {
    const padded = JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { db: 'fieldbook', login: 'admin', password: 'x'.repeat(100 * 1024) }, id: 1 });
    const response = await fetch(new URL('/web/session/authenticate', baseUrl), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: padded });
    expect(response.status).toBe(413);
  });
});
