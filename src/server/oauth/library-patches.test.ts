/**
 * The oidc-provider patches (library-patches.ts) and their start-up check: these tests fail loudly
 * when the library changes under them (see also tests/integration/oauth-flows.test.ts for the full
 * flow, and loopback-redirects.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Provider, { type Adapter, type AdapterPayload, type ClientMetadata } from 'oidc-provider';
import { describe, expect, it } from 'vitest';
import { applyLibraryPatches, enablePlainImplicit, installedLibraryVersion, libraryHooks, UnsupportedLibraryVersion, WRITTEN_AGAINST_VERSION } from './library-patches.ts';

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

describe('the installed oidc-provider', () => {
  it('is a patch release of the one the patches were written against, and package.json lets in only those', () => {
    const minor = (version: string) => version.split('.').slice(0, 2).join('.');
    expect(minor(installedLibraryVersion())).toBe(minor(WRITTEN_AGAINST_VERSION));
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['oidc-provider']).toBe(`~${WRITTEN_AGAINST_VERSION}`);
  });

  it('has every hook the patches rely on', () => {
    expect(() => libraryHooks(provider())).not.toThrow();
  });

  it('refuses to start on a release that lost a hook, naming the installed version and each missing hook', () => {
    class Client {
      responseTypeAllowed(): boolean {
        return true;
      }
      redirectUriAllowed(): boolean {
        return true;
      }
    }
    const allowed = Client.prototype.responseTypeAllowed;
    const lost = { Client, pathFor: () => '/oauth2/logout/confirm' } as unknown as Provider;
    expect(() => libraryHooks(lost, '9.99.0')).toThrow(UnsupportedLibraryVersion);
    expect(() => libraryHooks(lost, '9.99.0')).toThrow(/^oidc-provider 9\.99\.0 is installed, but it no longer has what src\/server\/oauth\/library-patches\.ts relies on: /);
    expect(() => libraryHooks(lost)).toThrow(`oidc-provider ${installedLibraryVersion()} is installed`);
    for (const hook of ['configuration.responseTypes', 'the form_post response mode', 'Client.Schema.prototype.invalidate']) {
      expect(() => libraryHooks(lost)).toThrow(hook);
    }
    // Nothing is changed before every hook is found.
    expect(() => applyLibraryPatches(lost, { loopbackCallbackClients: new Set() })).toThrow(UnsupportedLibraryVersion);
    expect(Client.prototype.responseTypeAllowed).toBe(allowed);
  });

  it('names a lost route too', () => {
    const p = provider();
    const unknownRoute = () => {
      throw new Error('unknown route');
    };
    Object.defineProperty(p, 'pathFor', { value: unknownRoute });
    expect(() => libraryHooks(p, '10.0.0')).toThrow('oidc-provider 10.0.0 is installed, but it no longer has what src/server/oauth/library-patches.ts relies on: the end_session_confirm route.');
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
    expect(libraryHooks(p).responseTypes.filter((type) => type === 'token')).toEqual(['token']);
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
