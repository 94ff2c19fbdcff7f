/** OAuth clients from configuration: the demo defaults, or a JSON file. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../shared/config-error.ts';
import { ClientsFileError, demoClients, loadClients } from './clients.ts';

const dir = mkdtempSync(join(tmpdir(), 'fieldbook-clients-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('demoClients', () => {
  it('registers the PWA with its callback on the issuer origin, implicit on, and a strict client without it', () => {
    const [pwa, strict] = demoClients('http://127.0.0.1:8069');
    expect(pwa).toMatchObject({
      client_id: 'fieldbook',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://127.0.0.1:8069/oauth/callback'],
      response_types: ['code', 'id_token token', 'token'],
      grant_types: ['authorization_code', 'refresh_token', 'implicit'],
      response_modes: ['query', 'fragment'],
    });
    expect(strict).toMatchObject({ client_id: 'fieldbook-strict', response_types: ['code'], grant_types: ['authorization_code', 'refresh_token'] });
  });
});

describe('loadClients', () => {
  it('uses the demo clients when no file is named', () => {
    expect(loadClients('https://fieldbook.example', undefined)).toEqual(demoClients('https://fieldbook.example'));
  });

  it('replaces them with the file’s, with {issuer} standing for the public origin', () => {
    const path = file('ok.json', JSON.stringify([{ client_id: 'odoo-app', token_endpoint_auth_method: 'none', redirect_uris: ['{issuer}/oauth/callback'], response_types: ['token'] }]));
    expect(loadClients('https://fieldbook.example', path)).toEqual([{ client_id: 'odoo-app', token_endpoint_auth_method: 'none', redirect_uris: ['https://fieldbook.example/oauth/callback'], response_types: ['token'] }]);
  });

  it('refuses a file that is missing, not JSON, empty or without client ids — as a configuration error', () => {
    expect(() => loadClients('https://x.example', join(dir, 'missing.json'))).toThrow(ClientsFileError);
    expect(() => loadClients('https://x.example', file('bad.json', '{'))).toThrow(/cannot read/);
    expect(() => loadClients('https://x.example', file('empty.json', '[]'))).toThrow(/at least one client/);
    expect(() => loadClients('https://x.example', file('noid.json', '[{"redirect_uris": []}]'))).toThrow(/client_id/);
    expect(new ClientsFileError('x')).toBeInstanceOf(ConfigError);
  });
});
