/**
 * Helpers for the Odoo REST add-on suites (tests/integration/addon-*.test.ts): requests shaped as
 * the add-ons' documented examples send them (curl, Python requests, JS), including a GET with a
 * JSON body, which fetch cannot send; and a browser signing in and allowing a client.
 */
import { browse, CookieJar, csrfTokenIn, locationOf } from './oauth.ts';
import { rawRequest, type RawResponse } from './raw-http.ts';

export { rawRequest, type RawResponse };

export const SERVER_CLIENT = 'fieldbook-server';
export const SERVER_SECRET = 'fieldbook-server-secret';
export const EXAMPLE_REDIRECT = 'https://127.0.0.1/callback';

/** `requests.get(url, json=body)` / `curl -X GET -H 'Content-Type: application/json' -d '{…}'`. */
export function jsonRequest(url: string | URL, method: 'GET' | 'POST', body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawRequest(url, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** `curl -X POST url -d a=b -d c=d`: a form body. */
export function formRequest(url: string | URL, form: Record<string, string>, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawRequest(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form).toString() });
}

export function basicAuth(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
}

/**
 * A browser opening `start` (an authorization URL), signing in as `user` and allowing the client
 * on the consent page, following redirects until one leaves `/oauth2/`: that URL.
 */
export async function authorizeInBrowser(baseUrl: string, start: string | URL, user = 'demo', jar = new CookieJar(), headers: Record<string, string> = {}): Promise<URL> {
  let next = locationOf(await browse(jar, start, { headers }), baseUrl);
  for (let hops = 0; hops < 8; hops++) {
    if (!next.pathname.startsWith('/oauth2/') || next.origin !== new URL(baseUrl).origin) return next;
    const response = await browse(jar, next);
    if (next.pathname.startsWith('/oauth2/interaction/') && response.status === 200) {
      const page = await response.text();
      const form = page.includes('name="password"') ? { csrf_token: csrfTokenIn(page), login: user, password: user } : { csrf_token: csrfTokenIn(page) };
      next = locationOf(await browse(jar, `${next.href}/${'login' in form ? 'login' : 'consent'}`, { form }), baseUrl);
    } else {
      next = locationOf(response, baseUrl);
    }
  }
  throw new Error('too many redirects');
}
