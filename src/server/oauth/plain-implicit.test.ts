/**
 * The plain-implicit extension touches oidc-provider internals: these tests fail loudly when the
 * library changes under it (see also tests/integration/oauth-flows.test.ts for the full flow).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Provider, { type Adapter, type AdapterPayload, type ClientMetadata } from 'oidc-provider';
import { describe, expect, it } from 'vitest';
import { assertPinnedLibrary, installedLibraryVersion, libraryInternals, PINNED_OIDC_PROVIDER_VERSION, UnsupportedLibraryVersion } from './library-internals.ts';
import { enablePlainImplicit } from './plain-implicit.ts';

const ISSUER = 'http://127.0.0.1:8069';

/** A throwaway in-memory adapter (the library's own prints a development warning). */
function memoryAdapter(): (model: string) => Adapter {
  const rows = new Map<string, AdapterPayload>();
  return (model) => ({
    upsert: async (id, payload) => void rows.set(`${model}:${id}`, payload),
    find: async (id) => rows.get(`${model}:${id}`),
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
    consume: async () => undefined,
    destroy: async (id) => void rows.delete(`${model}:${id}`),
    revokeByGrantId: async () => undefined,
  });
}

const implicitClient = { client_id: 'legacy', token_endpoint_auth_method: 'none', redirect_uris: ['https://app.example/cb'], response_types: ['token'], grant_types: ['implicit'] } as unknown as ClientMetadata;

function provider(clients: ClientMetadata[] = [implicitClient]): Provider {
  return new Provider(ISSUER, { adapter: memoryAdapter(), clients, responseTypes: ['code', 'id_token token'], features: { devInteractions: { enabled: false } } });
}

describe('the pinned oidc-provider', () => {
  it('is the exact version the extension was written against, and package.json pins exactly it', () => {
    expect(installedLibraryVersion()).toBe(PINNED_OIDC_PROVIDER_VERSION);
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['oidc-provider']).toBe(PINNED_OIDC_PROVIDER_VERSION);
    expect(() => assertPinnedLibrary()).not.toThrow();
  });

  it('refuses to run the extension on any other version', () => {
    expect(() => assertPinnedLibrary('9.14.0')).toThrow(UnsupportedLibraryVersion);
  });

  it('still refuses plain `token` in its configuration (so the extension is still needed)', () => {
    const plain = ['token'] as unknown as ['code'];
    expect(() => new Provider(ISSUER, { adapter: memoryAdapter(), responseTypes: plain })).toThrow('unsupported response type: token');
  });

  it('still refuses a client registered for plain `token` without the extension', async () => {
    await expect(provider().Client.find('legacy')).rejects.toMatchObject({ error: 'invalid_client_metadata', error_description: expect.stringContaining('response_types') });
  });
});

describe('enablePlainImplicit', () => {
  it('adds `token` to the response types the library checks, once', () => {
    const p = provider();
    enablePlainImplicit(p);
    enablePlainImplicit(p);
    expect(libraryInternals(p).responseTypes.filter((type) => type === 'token')).toEqual(['token']);
  });

  it('lets a client register plain `token`, as an implicit client', async () => {
    const p = provider();
    enablePlainImplicit(p);
    const client = await p.Client.find('legacy');
    expect(client?.responseTypes).toEqual(['token']);
    expect(client?.grantTypes).toEqual(['implicit']);
    expect(client?.responseTypeAllowed('token' as 'code')).toBe(true);
  });

  it('makes a response type the client is not registered for unauthorized_client (RFC 6749 §4.2.2.1)', async () => {
    const p = provider([{ client_id: 'strict', token_endpoint_auth_method: 'none', redirect_uris: ['https://app.example/cb'] }]);
    enablePlainImplicit(p);
    const client = await p.Client.find('strict');
    expect(client?.responseTypeAllowed('code')).toBe(true);
    expect(() => client?.responseTypeAllowed('token' as 'code')).toThrow(expect.objectContaining({ error: 'unauthorized_client' }));
  });
});
