import { describe, expect, it } from 'vitest';
import { parseDeployment } from './deployment.ts';

const keycloak = {
  id: 3,
  database: 'odoo',
  label: '  Log in with Keycloak ',
  authorizationEndpoint: 'https://sso.example.com/realms/field/protocol/openid-connect/auth?kc_idp_hint=x#frag',
  clientId: 'fieldbook',
  scope: 'openid profile email',
};

describe('the deployment file', () => {
  it('gives its providers as the login page would, and its connect origins', () => {
    const deployment = parseDeployment({ providers: [keycloak], connect: ['https://sso.example.com', 'https://other.example.com/'] });
    expect(deployment.providers).toEqual([
      { id: 3, database: 'odoo', label: 'Log in with Keycloak', authorizationEndpoint: 'https://sso.example.com/realms/field/protocol/openid-connect/auth', clientId: 'fieldbook', scope: 'openid profile email' },
    ]);
    expect(deployment.connect).toEqual(['https://sso.example.com', 'https://other.example.com']);
  });

  it('leaves out, one by one, entries that are not what they should be', () => {
    const deployment = parseDeployment({
      providers: [
        keycloak,
        { ...keycloak, id: '3' },
        { ...keycloak, database: '' },
        { ...keycloak, clientId: undefined },
        { ...keycloak, authorizationEndpoint: 'javascript:alert(1)' },
        { ...keycloak, authorizationEndpoint: 'https://user:pass@sso.example.com/auth' },
        { ...keycloak, id: 4, label: '', scope: 7 },
        { ...keycloak, id: 5, issuer: 'https://elsewhere.example.com/realms/field' },
        { ...keycloak, id: 6, issuer: 'https://sso.example.com/realms/field/' },
        'nonsense',
      ],
      connect: ['https://sso.example.com/path', 'sso.example.com', 'ftp://sso.example.com', 42, 'http://127.0.0.1:8069'],
    });
    expect(deployment.providers.map((provider) => [provider.id, provider.label, provider.scope])).toEqual([
      [3, 'Log in with Keycloak', 'openid profile email'],
      [4, 'Provider 4', 'openid profile email'],
      [6, 'Log in with Keycloak', 'openid profile email'],
    ]);
    expect(deployment.providers.map((provider) => provider.issuer)).toEqual([undefined, undefined, 'https://sso.example.com/realms/field']);
    expect(deployment.connect).toEqual(['http://127.0.0.1:8069']);
  });

  it('is as if absent when it is not an object', () => {
    for (const value of [null, [], 'text', 3]) expect(parseDeployment(value)).toEqual({ providers: [], connect: [] });
  });
});
