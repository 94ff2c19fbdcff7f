/**
 * The authorization server's configuration: the public URL as issuer, clients from a file, a bad
 * client refusing the start, and no authorization server in proxy mode.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { spawnServer, throwawayDataDir, type TestServer } from '../support/server.ts';

const dir = mkdtempSync(join(tmpdir(), 'fieldbook-oauth-config-'));
const servers: TestServer[] = [];

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  for (const server of servers) rmSync(server.dataDir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

function clientsFile(name: string, clients: unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(clients));
  return path;
}

describe('FIELDBOOK_PUBLIC_URL and FIELDBOOK_OAUTH_CLIENTS', () => {
  let server: TestServer;

  beforeAll(async () => {
    const clients = clientsFile('clients.json', [
      { client_id: 'legacy-odoo-app', client_name: 'Legacy', token_endpoint_auth_method: 'none', redirect_uris: ['{issuer}/legacy/callback'], response_types: ['token'], grant_types: ['implicit'] },
    ]);
    server = await spawnServer({ dataDir: throwawayDataDir(inject('templateDir')), env: { FIELDBOOK_PUBLIC_URL: 'https://fieldbook.example', FIELDBOOK_OAUTH_CLIENTS: clients } });
    servers.push(server);
  });

  it('uses the public URL as the issuer, and the proxy’s forwarded host for the endpoints', async () => {
    // As a TLS-terminating proxy in front of it would send it.
    const headers = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'fieldbook.example' };
    const metadata = (await (await fetch(new URL('/.well-known/openid-configuration', server.url), { headers })).json()) as Record<string, unknown>;
    expect(metadata.issuer).toBe('https://fieldbook.example');
    expect(metadata.token_endpoint).toBe('https://fieldbook.example/oauth2/token');
  });

  it('ignores a forwarded host or scheme that is not the public URL', async () => {
    const headers = { 'X-Forwarded-Proto': 'http', 'X-Forwarded-Host': 'evil.example' };
    const response = await fetch(new URL('/.well-known/openid-configuration', server.url), { headers });
    const text = await response.text();
    expect(text).not.toContain('evil.example');
    const metadata = JSON.parse(text) as Record<string, unknown>;
    expect(metadata.issuer).toBe('https://fieldbook.example');
    expect(metadata.token_endpoint).toBe('https://fieldbook.example/oauth2/token');
    expect(metadata.jwks_uri).toBe('https://fieldbook.example/oauth2/jwks');
  });

  it('knows the file’s clients, and only them', async () => {
    const query = (clientId: string, redirect: string) => new URLSearchParams({ client_id: clientId, response_type: 'token', scope: 'openid', redirect_uri: redirect, state: 's' });
    const legacy = await fetch(new URL(`/oauth2/auth?${query('legacy-odoo-app', 'https://fieldbook.example/legacy/callback')}`, server.url), { redirect: 'manual' });
    expect(legacy.status).toBe(303);
    expect(legacy.headers.get('location')).toMatch(/^\/oauth2\/interaction\//);
    const pwa = await fetch(new URL(`/oauth2/auth?${query('fieldbook', 'https://fieldbook.example/oauth/callback')}`, server.url), { redirect: 'manual' });
    expect(pwa.status).toBe(400);
    expect(await pwa.text()).toContain('invalid_client');
  });
});

describe('a client the library refuses', () => {
  it('stops the start with a configuration error naming the client', async () => {
    const clients = clientsFile('bad.json', [{ client_id: 'insecure', token_endpoint_auth_method: 'none', redirect_uris: ['http://app.example/cb'], response_types: ['token'], grant_types: ['implicit'] }]);
    const dataDir = throwawayDataDir(inject('templateDir'));
    try {
      await expect(spawnServer({ dataDir, env: { FIELDBOOK_OAUTH_CLIENTS: clients } })).rejects.toThrow(
        /exited with 2[\s\S]*Fieldbook cannot start: OAuth client insecure: redirect_uris for web clients using implicit flow MUST only register URLs using the https scheme/,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('proxy mode (ODOO_URL)', () => {
  it('runs no authorization server: discovery and /oauth2/ are not found', async () => {
    const proxy = await spawnServer({ dataDir: throwawayDataDir(), env: { ODOO_URL: 'http://127.0.0.1:9' } });
    servers.push(proxy);
    for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server', '/oauth2/auth']) {
      expect((await fetch(new URL(path, proxy.url))).status).toBe(404);
    }
  });
});
