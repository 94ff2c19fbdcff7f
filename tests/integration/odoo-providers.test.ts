import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeEntities, parseOdooProviders } from '../../src/auth/oauth/odoo-providers.ts';

// Written from Odoo 18's web.login and auth_oauth.providers templates, with its data's Odoo.com and Google providers.
const odoo18 = readFileSync(new URL('../fixtures/odoo18-login-two-providers.html', import.meta.url), 'utf8');

describe('the providers on an Odoo login page', () => {
  it("reads Odoo 18's markup: each link's endpoint, client, scope, the state's database and provider, and its text", () => {
    expect(parseOdooProviders(odoo18)).toEqual([
      { id: 1, database: 'prod', label: 'Log in with Odoo.com', authorizationEndpoint: 'https://accounts.odoo.com/oauth2/auth', clientId: '5c2a9f1e-7b3d-11ef-9a0c-0242ac120002', scope: 'userinfo' },
      { id: 3, database: 'prod', label: 'Log in with Google & Co', authorizationEndpoint: 'https://accounts.google.com/o/oauth2/auth', clientId: '108279426301-q4l2d0f8v9s7r6.apps.googleusercontent.com', scope: 'openid profile email' },
    ]);
  });

  it('offers nothing when the page has no providers block, or an empty one', () => {
    expect(parseOdooProviders(odoo18.replace(/<div class="o_auth_oauth_providers[\s\S]*?<\/a>\s*<\/div>/, ''))).toEqual([]);
    expect(parseOdooProviders('<div class="o_auth_oauth_providers list-group"></div>')).toEqual([]);
    expect(parseOdooProviders('')).toEqual([]);
  });

  it('reads attributes and text only: markup in a label stays text, links outside the block are ignored', () => {
    const page = `<a href="https://evil.example/auth?client_id=x&state=%7B%22d%22%3A%22db%22%2C%22p%22%3A9%7D">outside</a>
      <div class='o_auth_oauth_providers'><a class="x" href='https://idp.example/auth?client_id=c&amp;state=%7B%22d%22%3A%22db%22%2C%22p%22%3A2%7D'><i></i>&lt;img src=x onerror=alert(1)&gt; Log in</a></div>`;
    expect(parseOdooProviders(page)).toEqual([{ id: 2, database: 'db', label: '<img src=x onerror=alert(1)> Log in', authorizationEndpoint: 'https://idp.example/auth', clientId: 'c', scope: 'openid profile email' }]);
  });

  it('leaves out a link that is not an authorization request as Odoo writes it', () => {
    const block = (href: string) => `<div class="o_auth_oauth_providers"><a href="${href}">P</a></div>`;
    for (const href of [
      'javascript:alert(1)',
      'https://idp.example/auth?state=%7B%22d%22%3A%22db%22%2C%22p%22%3A2%7D', // no client_id
      'https://idp.example/auth?client_id=c&state=not-json',
      'https://idp.example/auth?client_id=c&state=%7B%22d%22%3A%22db%22%7D', // no provider id
      'https://user:pass@idp.example/auth?client_id=c&state=%7B%22d%22%3A%22db%22%2C%22p%22%3A2%7D',
      '/relative?client_id=c&state=%7B%22d%22%3A%22db%22%2C%22p%22%3A2%7D',
    ]) {
      expect(parseOdooProviders(block(href)), href).toEqual([]);
    }
  });

  it('decodes the character references Odoo writes, and numeric ones', () => {
    expect(decodeEntities('a &amp; b &quot;c&quot; &#39;d&#39; &#x263A; &unknown;')).toBe('a & b "c" \'d\' ☺ &unknown;');
  });
});
