/**
 * Proxy mode compresses what a real Odoo sends uncompressed (werkzeug does not compress: the sync's
 * pages would cross a phone's network at ~290 KB per 500 partners instead of ~21 KB), and leaves
 * small answers and already-compressed ones as they are.
 */
import { rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, throwawayDataDir, type TestServer } from '../support/server.ts';

/** 500 partner-like records, as Odoo would send a sync page: well above the 1 KB threshold. */
const BIG = JSON.stringify({ jsonrpc: '2.0', id: 1, result: Array.from({ length: 500 }, (_, i) => ({ id: i + 1, name: `Partner ${i + 1}`, email: `p${i + 1}@example.com`, city: 'Bruxelles' })) });
const SMALL = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { server_version: '18.0' } });

let upstream: Server;
let proxy: TestServer;

beforeAll(async () => {
  // An Odoo that never compresses, except the one route that already does.
  upstream = createServer((req, res) => {
    req.resume();
    if (req.url === '/web/session/echo') {
      // What reached "Odoo": the request's headers.
      const echo = JSON.stringify(req.headers);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(echo) }).end(echo);
    } else if (req.url === '/web/login') {
      const page = '<!doctype html><script>alert(document.cookie)</script><div class="o_auth_oauth_providers"></div>';
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(page) }).end(page);
    } else if (req.url === '/web/webclient/version_info') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(SMALL) }).end(SMALL);
    } else if (req.url === '/web/database/list') {
      const gz = gzipSync(BIG);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': gz.length }).end(gz);
    } else {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(BIG) }).end(BIG);
    }
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  proxy = await spawnServer({ dataDir: throwawayDataDir(), env: { ODOO_URL: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` } });
});

afterAll(async () => {
  await proxy?.stop();
  upstream?.close();
  if (proxy) rmSync(proxy.dataDir, { recursive: true, force: true });
});

/** POSTs through the proxy and returns the raw bytes as they crossed the wire, with the headers. */
function post(path: string, acceptEncoding: string | undefined): Promise<{ encoding: string | undefined; raw: Buffer; vary: string | undefined }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, proxy.url);
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'Content-Type': 'application/json', ...(acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding }) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], raw: Buffer.concat(chunks), vary: res.headers.vary }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ jsonrpc: '2.0', method: 'call', params: {}, id: 1 }));
  });
}

describe('proxy mode compression', () => {
  it('sends brotli to a browser that accepts it, a fraction of the size', async () => {
    const answer = await post('/web/dataset/call_kw/res.partner/search_read', 'gzip, deflate, br');
    expect(answer.encoding).toBe('br');
    expect(brotliDecompressSync(answer.raw).toString()).toBe(BIG);
    expect(answer.raw.length).toBeLessThan(Buffer.byteLength(BIG) / 5);
    expect(answer.vary).toMatch(/accept-encoding/i);
  });

  it('sends gzip when that is all the client takes, and plain JSON to one that takes nothing', async () => {
    const gz = await post('/web/dataset/call_kw/res.partner/search_read', 'gzip');
    expect(gz.encoding).toBe('gzip');
    expect(gunzipSync(gz.raw).toString()).toBe(BIG);
    const plain = await post('/web/dataset/call_kw/res.partner/search_read', undefined);
    expect(plain.encoding).toBeUndefined();
    expect(plain.raw.toString()).toBe(BIG);
  });

  it('leaves small answers, and answers the upstream compressed already, as they are', async () => {
    const small = await post('/web/webclient/version_info', 'gzip, br');
    expect(small.encoding).toBeUndefined();
    expect(small.raw.toString()).toBe(SMALL);
    const already = await post('/web/database/list', 'gzip, br');
    expect(already.encoding).toBe('gzip');
    expect(gunzipSync(already.raw).toString()).toBe(BIG);
  });
});

describe("the Odoo's HTML through the proxy (its login page, read for its providers)", () => {
  it('is forwarded, sandboxed: it can run nothing on the app origin', async () => {
    const response = await fetch(new URL('/web/login', proxy.url));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('o_auth_oauth_providers');
    expect(response.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  });
});

describe('forwarding hygiene (issue 13 #13)', () => {
  it("drops what a client says about itself and the route, and tells Odoo what the proxy knows", async () => {
    const response = await fetch(new URL('/web/session/echo', proxy.url), {
      headers: {
        Forwarded: 'for=1.2.3.4;host=evil.example;proto=https',
        'X-Forwarded-For': '1.2.3.4',
        'X-Forwarded-Proto': 'https',
        'X-Forwarded-Host': 'evil.example',
        'X-Real-IP': '1.2.3.4',
        'X-Original-URL': '/web/database/manager',
        'X-Rewrite-URL': '/web/database/manager',
      },
    });
    const seen = (await response.json()) as Record<string, string | undefined>;
    for (const name of ['forwarded', 'x-real-ip', 'x-original-url', 'x-rewrite-url']) expect(seen[name], name).toBeUndefined();
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(seen['x-forwarded-host']).toBe(new URL(proxy.url).host);
  });

  it('refuses encoded separators and dots inside an allowed prefix, plain or double-encoded', async () => {
    for (const path of ['/web/session/..%2fdatabase/manager', '/web/session/%2e%2e%2fdatabase', '/web/session/..%5cdatabase', '/web/session/%252e%252e/database/manager', '/web/dataset/call_kw%2f..%2f..%2fdatabase']) {
      const response = await fetch(new URL(path, proxy.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      expect(response.status, path).toBe(400);
    }
  });
});
