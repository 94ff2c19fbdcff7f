/** The pages' HTML: every interpolation escaped, the accessible structure in place. */
import { describe, expect, it } from 'vitest';
import { csrfTokenFor, isValidCsrfToken } from './csrf.ts';
import { errorPage, html, loginPage } from './views.ts';

describe('html', () => {
  it('escapes interpolated text, including quotes in attributes', () => {
    const evil = `"><script>alert('x')</script>&`;
    expect(html`<input value="${evil}">`.value).toBe('<input value="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">');
  });

  it('passes nested html through once, and drops undefined and false', () => {
    expect(html`<ul>${['a', '<b>'].map((item) => html`<li>${item}</li>`)}${undefined}${false}</ul>`.value).toBe('<ul><li>a</li><li>&lt;b&gt;</li></ul>');
  });
});

describe('pages', () => {
  it('the login page labels its fields and announces the error', () => {
    const page = loginPage({ action: '/oauth2/interaction/u/login', abortAction: '/oauth2/interaction/u/abort', csrfToken: 't', clientName: '<Evil>', login: 'demo', error: 'Wrong login/password' });
    expect(page).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(page).toContain('<main>');
    expect(page).toContain('<h1>Sign in</h1>');
    expect(page).toContain('&lt;Evil&gt; wants to use your Odoo account.');
    expect(page).toContain('<label for="login">Login</label>');
    expect(page).toContain('role="alert" id="login-error">Wrong login/password</p>');
    expect(page).not.toMatch(/<script|style=/);
  });

  it('the error page escapes the error it shows', () => {
    expect(errorPage('Oops', [['error_description', '<img src=x onerror=alert(1)>']])).toContain('<dd>&lt;img src=x onerror=alert(1)&gt;</dd>');
  });
});

describe('csrf tokens', () => {
  const key = Buffer.alloc(32, 7);

  it('are valid for their own interaction only', () => {
    const token = csrfTokenFor(key, 'uid-1');
    expect(isValidCsrfToken(key, 'uid-1', token)).toBe(true);
    expect(isValidCsrfToken(key, 'uid-2', token)).toBe(false);
    expect(isValidCsrfToken(Buffer.alloc(32, 8), 'uid-1', token)).toBe(false);
    expect(isValidCsrfToken(key, 'uid-1', undefined)).toBe(false);
    expect(isValidCsrfToken(key, 'uid-1', `${token}x`)).toBe(false);
  });
});
