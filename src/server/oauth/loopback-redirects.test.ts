/** The loopback exception for implicit web clients' http: redirect URIs, and nothing wider. */
import Provider, { type Adapter, type ClientMetadata } from 'oidc-provider';
import { describe, expect, it } from 'vitest';
import { allowLoopbackCallbackOnAnyPort, allowLoopbackHttpForImplicit } from './library-patches.ts';
import { onlyLoopbackHttp } from './loopback-redirects.ts';

const noStorage = (): Adapter => ({
  upsert: async () => undefined,
  find: async () => undefined,
  findByUid: async () => undefined,
  findByUserCode: async () => undefined,
  consume: async () => undefined,
  destroy: async () => undefined,
  revokeByGrantId: async () => undefined,
});

function implicitClient(id: string, redirect: string): ClientMetadata {
  return { client_id: id, token_endpoint_auth_method: 'none', redirect_uris: [redirect], response_types: ['id_token token'], grant_types: ['implicit'] };
}

function provider(redirect: string, withException: boolean): Provider {
  const p = new Provider('http://127.0.0.1:8069', { adapter: noStorage, clients: [implicitClient('c', redirect)], responseTypes: ['id_token token'], features: { devInteractions: { enabled: false } } });
  if (withException) allowLoopbackHttpForImplicit(p);
  return p;
}

describe('onlyLoopbackHttp', () => {
  it('accepts http on 127.0.0.1, [::1] and localhost, and https anywhere', () => {
    expect(onlyLoopbackHttp(['http://127.0.0.1:8069/oauth/callback', 'http://[::1]:5173/cb', 'http://localhost/cb', 'https://app.example/cb'])).toBe(true);
  });

  it('refuses http on any other host, and anything that is not a URL', () => {
    expect(onlyLoopbackHttp(['http://127.0.0.1/cb', 'http://app.example/cb'])).toBe(false);
    expect(onlyLoopbackHttp(['http://127.0.0.2/cb'])).toBe(false);
    expect(onlyLoopbackHttp(['http://localhost.attacker.example/cb'])).toBe(false);
    expect(onlyLoopbackHttp(['not a url'])).toBe(false);
  });
});

describe('allowLoopbackHttpForImplicit', () => {
  it('is needed: the library refuses an http loopback redirect URI for an implicit web client', async () => {
    await expect(provider('http://127.0.0.1:8069/oauth/callback', false).Client.find('c')).rejects.toMatchObject({ error: 'invalid_redirect_uri', error_description: 'redirect_uris for web clients using implicit flow MUST only register URLs using the https scheme' });
  });

  it.each(['http://127.0.0.1:8069/oauth/callback', 'http://[::1]:8069/oauth/callback', 'http://localhost:8069/oauth/callback'])('accepts %s', async (uri) => {
    expect((await provider(uri, true).Client.find('c'))?.redirectUris).toEqual([uri]);
  });

  it('still refuses http on any other host', async () => {
    await expect(provider('http://fieldbook.example/oauth/callback', true).Client.find('c')).rejects.toMatchObject({ error: 'invalid_redirect_uri', error_description: 'redirect_uris for web clients using implicit flow MUST only register URLs using the https scheme' });
  });

  it('leaves every other check alone', async () => {
    await expect(provider('http://127.0.0.1:8069/cb#fragment', true).Client.find('c')).rejects.toMatchObject({ error: 'invalid_redirect_uri', error_description: 'redirect_uris must not contain fragments' });
  });
});

describe('allowLoopbackCallbackOnAnyPort', () => {
  it("lets the named clients' Fieldbook callback come from a loopback origin of any port, and nothing else", async () => {
    const clients = ['provider-client', 'other'].map((id) => implicitClient(id, 'http://127.0.0.1:8069/oauth/callback'));
    const p = new Provider('http://127.0.0.1:8069', { adapter: noStorage, clients, responseTypes: ['id_token token'], features: { devInteractions: { enabled: false } } });
    allowLoopbackHttpForImplicit(p);
    allowLoopbackCallbackOnAnyPort(p, new Set(['provider-client']));
    const named = await p.Client.find('provider-client');
    const other = await p.Client.find('other');
    if (named === undefined || other === undefined) throw new Error('clients not found');
    for (const uri of ['http://127.0.0.1:8069/oauth/callback', 'http://127.0.0.1:8170/oauth/callback', 'http://localhost:3000/oauth/callback', 'http://[::1]:9/oauth/callback']) {
      expect(named.redirectUriAllowed(uri), uri).toBe(true);
    }
    for (const uri of [
      'http://127.0.0.1:8170/oauth/callback?x=1',
      'http://127.0.0.1:8170/oauth/callback#x',
      'http://127.0.0.1:8170/other',
      'http://app.example:8170/oauth/callback',
      'https://127.0.0.1:8170/oauth/callback',
      'http://user@127.0.0.1:8170/oauth/callback',
      'http://127.0.0.2:8170/oauth/callback',
    ]) {
      expect(named.redirectUriAllowed(uri), uri).toBe(false);
    }
    expect(other.redirectUriAllowed('http://127.0.0.1:8069/oauth/callback')).toBe(true);
    expect(other.redirectUriAllowed('http://127.0.0.1:8170/oauth/callback')).toBe(false);
  });
});
