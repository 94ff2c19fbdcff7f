/**
 * The authorization server's own pages on a server of their own (the login throttle is per
 * address, and these tests trip it): accessible markup, strict headers, CSRF, wrong passwords and
 * the cooldown shared with Odoo's session login.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { errorOf, rpc } from '../support/rpc.ts';
import { authorizeUrl, browse, CookieJar, csrfTokenIn, locationOf, openInteraction, signIn, STRICT_CLIENT } from '../support/oauth.ts';
import { spawnServer, throwawayDataDir, type TestServer } from '../support/server.ts';

let server: TestServer;
let baseUrl: string;

beforeAll(async () => {
  server = await spawnServer({ dataDir: throwawayDataDir(inject('templateDir')) });
  baseUrl = server.url;
});

afterAll(async () => {
  await server.stop();
  rmSync(server.dataDir, { recursive: true, force: true });
});

const codeParams = { response_type: 'code', state: 'st', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' } as const;

/** The app's headers (src/server/shared/security-headers.ts), on every page of the authorization server. */
function expectStrictPageHeaders(response: Response): void {
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|'sha256-|'nonce-/);
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
}

/** No inline script, no inline style, nothing from another origin. */
function expectSelfContained(html: string): void {
  expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
  expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
  expect(html).toContain('<main>');
  expect(html).toMatch(/<h1>[^<]+/);
}

describe('login page', () => {
  it('is accessible, self-contained and served with the strict headers', async () => {
    const { html, response } = await openInteraction(baseUrl, new CookieJar(), { ...codeParams, login_hint: 'demo' });
    expect(response.status).toBe(200);
    expectStrictPageHeaders(response);
    expectSelfContained(html);
    expect(html).toContain('<label for="login">Login</label>');
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toMatch(/<input id="password" name="password" type="password" autocomplete="current-password" required>/);
    expect(html).toMatch(/<input id="login"[^>]*value="demo"/);
    expect(html).toContain('<link rel="stylesheet" href="/oauth2/assets/oauth.css">');
    const css = await fetch(new URL('/oauth2/assets/oauth.css', baseUrl));
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).not.toMatch(/@import|url\(/);
  });

  it('refuses the form without its CSRF token, or with another interaction’s', async () => {
    const jar = new CookieJar();
    const { url } = await openInteraction(baseUrl, jar, codeParams);
    const other = await openInteraction(baseUrl, new CookieJar(), codeParams);
    for (const form of [{ login: 'demo', password: 'demo' }, { login: 'demo', password: 'demo', csrf_token: csrfTokenIn(other.html) }, { login: 'demo', password: 'demo', csrf_token: 'x' }]) {
      const response = await browse(jar, `${url.href}/login`, { form });
      expect(response.status).toBe(403);
      expect(response.headers.get('location')).toBeNull();
      expectStrictPageHeaders(response);
      expect(await response.text()).toMatch(/<div role="alert">[\s\S]*missing or wrong CSRF token/);
    }
  });

  it('says a wrong password on the page, with role=alert, keeping the login typed', async () => {
    const jar = new CookieJar();
    const { url, html } = await openInteraction(baseUrl, jar, codeParams);
    const response = await browse(jar, `${url.href}/login`, { form: { csrf_token: csrfTokenIn(html), login: 'demo', password: 'wrong' } });
    expect(response.status).toBe(400);
    expectStrictPageHeaders(response);
    const page = await response.text();
    expect(page).toContain('<p class="error" role="alert" id="login-error">Wrong login/password</p>');
    expect(page).toMatch(/<input id="login"[^>]*value="demo" aria-invalid="true" aria-describedby="login-error">/);
    // The same page still works: the right password goes on.
    const ok = await browse(jar, `${url.href}/login`, { form: { csrf_token: csrfTokenIn(page), login: 'demo', password: 'demo' } });
    expect(ok.status).toBe(303);
  });

  it('refuses an interaction page opened without its cookie', async () => {
    const { url } = await openInteraction(baseUrl, new CookieJar(), codeParams);
    const response = await fetch(url);
    expect(response.status).toBe(400);
    expectStrictPageHeaders(response);
    expect(await response.text()).toContain('Sign-in expired');
  });
});

describe('consent, error, logout and form_post pages', () => {
  it('the consent page carries the same headers', async () => {
    const jar = new CookieJar();
    const { url, html } = await openInteraction(baseUrl, jar, { ...codeParams, client_id: STRICT_CLIENT });
    const resume = locationOf(await browse(jar, `${url.href}/login`, { form: { csrf_token: csrfTokenIn(html), login: 'admin', password: 'admin' } }), baseUrl);
    const consentUrl = locationOf(await browse(jar, resume), baseUrl);
    const consent = await browse(jar, consentUrl);
    expect(consent.status).toBe(200);
    expectStrictPageHeaders(consent);
    const page = await consent.text();
    expectSelfContained(page);
    expect(page).toContain('Allow Fieldbook (code flow only) to use your account?');
    // Deny ends the request with access_denied at the client.
    const denied = locationOf(await browse(jar, `${consentUrl.href}/abort`, { form: { csrf_token: csrfTokenIn(page) } }), baseUrl);
    const back = locationOf(await browse(jar, denied), baseUrl);
    expect(back.searchParams.get('error')).toBe('access_denied');
  });

  it('the library’s error page is ours: strict headers, the error as text', async () => {
    const response = await fetch(new URL('/oauth2/auth?client_id=nobody&response_type=code', baseUrl));
    expect(response.status).toBe(400);
    expectStrictPageHeaders(response);
    const page = await response.text();
    expectSelfContained(page);
    expect(page).toContain('<dt>error</dt><dd>invalid_client</dd>');
  });

  it('escapes what the request puts on the error page', async () => {
    const response = await fetch(authorizeUrl(baseUrl, { response_type: 'code', redirect_uri: 'https://x.example/<script>alert(1)</script>', state: '"><img src=x onerror=alert(1)>' }));
    const page = await response.text();
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img');
  });

  it('form_post is not registered for our clients; its error page has no inline script', async () => {
    const response = await fetch(authorizeUrl(baseUrl, { ...codeParams, response_mode: 'form_post' }), { redirect: 'manual' });
    expect(response.status).toBe(400);
    expectStrictPageHeaders(response);
    const page = await response.text();
    expectSelfContained(page);
    expect(page).toContain('<script src="/oauth2/assets/form-post.js" defer></script>');
    expect(page).toContain(`action="${baseUrl}/oauth/callback"`);
    expect(page).toContain('name="error" value="invalid_request"');
  });

  it('the logout pages are ours too: the confirmation when signed in, an external-script form when not', async () => {
    const jar = new CookieJar();
    await signIn(baseUrl, jar, codeParams);
    const signedIn = await browse(jar, new URL('/oauth2/logout', baseUrl));
    expect(signedIn.status).toBe(200);
    expectStrictPageHeaders(signedIn);
    const confirm = await signedIn.text();
    expectSelfContained(confirm);
    expect(confirm).toContain('<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Yes, sign me out</button>');

    const anonymous = await fetch(new URL('/oauth2/logout', baseUrl));
    expect(anonymous.status).toBe(200);
    expectStrictPageHeaders(anonymous);
    const page = await anonymous.text();
    expectSelfContained(page);
    expect(page).toContain('<script src="/oauth2/assets/form-post.js" defer></script>');
    expect(page).toContain(`action="${baseUrl}/oauth2/logout/confirm"`);
  });
});

describe('login throttle, shared with Odoo’s session login', () => {
  it('after 10 failures from one address, both logins refuse for a while', async () => {
    const jar = new CookieJar();
    const { url, html } = await openInteraction(baseUrl, jar, codeParams);
    const csrf = csrfTokenIn(html);
    // Earlier tests on this server failed a login too: a success no longer wipes those (a guesser
    // could otherwise reset the count with their own account), so the cooldown may start sooner.
    let refused = 0;
    for (let i = 0; i < 10; i++) {
      const response = await browse(jar, `${url.href}/login`, { form: { csrf_token: csrf, login: 'admin', password: `wrong-${i}` } });
      expect([400, 429]).toContain(response.status);
      if (response.status === 400) refused += 1;
    }
    expect(refused).toBeGreaterThan(5);
    const blocked = await browse(jar, `${url.href}/login`, { form: { csrf_token: csrf, login: 'admin', password: 'admin' } });
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain('role="alert" id="login-error">Too many login failures, please wait a bit before trying again.</p>');
    const odoo = await rpc(baseUrl, '/web/session/authenticate', { db: 'fieldbook', login: 'admin', password: 'admin' });
    expect(errorOf(odoo).data).toMatchObject({ name: 'odoo.exceptions.AccessDenied', message: 'Too many login failures, please wait a bit before trying again.' });
    expect((await fetch(authorizeUrl(baseUrl, codeParams), { redirect: 'manual' })).status).toBe(303); // the rest of the server is unaffected
  });
});
