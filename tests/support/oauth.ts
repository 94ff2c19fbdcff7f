/**
 * OAuth over real HTTP for the tests: a small cookie jar, the browser's side of the authorization
 * endpoint and the login/consent pages, and `oauth4webapi` (the PWA's own library) for the rest.
 */
import * as oauth from 'oauth4webapi';
import { SCOPE } from '../../src/auth/oauth/scope.ts';

export const PWA_CLIENT = 'fieldbook';
export const STRICT_CLIENT = 'fieldbook-strict';

/** A browser's cookies, with paths (the interaction cookies are path-bound). */
export class CookieJar {
  readonly #cookies = new Map<string, { value: string; path: string }>();

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
      const expired = attributes.some((a) => /^max-age=0$/i.test(a)) || attributes.some((a) => /^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now());
      const key = `${name};${path}`;
      if (expired || value === '') this.#cookies.delete(key);
      else this.#cookies.set(key, { value, path });
    }
  }

  header(url: URL): string {
    return [...this.#cookies.entries()]
      .filter(([, { path }]) => url.pathname === path || url.pathname.startsWith(path.endsWith('/') ? path : `${path}/`))
      .map(([key, { value }]) => `${key.slice(0, key.indexOf(';'))}=${value}`)
      .join('; ');
  }
}

/** One request as a browser would send it (no redirects followed), keeping the jar current. */
export async function browse(jar: CookieJar, url: string | URL, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Response> {
  const target = new URL(url);
  const headers: Record<string, string> = { ...init.headers };
  const cookie = jar.header(target);
  if (cookie !== '') headers.Cookie = cookie;
  let body: string | undefined;
  if (init.form !== undefined) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const response = await fetch(target, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, redirect: 'manual', ...(body === undefined ? {} : { body }) });
  jar.store(response);
  return response;
}

export function locationOf(response: Response, base: string): URL {
  const location = response.headers.get('location');
  if (location === null) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(location, base);
}

export function csrfTokenIn(html: string): string {
  const match = /name="csrf_token" value="([^"]+)"/.exec(html);
  if (match?.[1] === undefined) throw new Error(`no csrf_token in page:\n${html.slice(0, 500)}`);
  return match[1];
}

export interface AuthorizeParams {
  readonly client_id?: string;
  readonly response_type?: string;
  readonly scope?: string;
  readonly redirect_uri?: string;
  readonly state?: string;
  readonly nonce?: string;
  readonly code_challenge?: string;
  readonly code_challenge_method?: string;
  readonly prompt?: string;
  readonly [name: string]: string | undefined;
}

export function authorizeUrl(baseUrl: string, params: AuthorizeParams): URL {
  const url = new URL('/oauth2/auth', baseUrl);
  const all: Record<string, string | undefined> = { client_id: PWA_CLIENT, redirect_uri: `${baseUrl}/oauth/callback`, scope: 'openid profile odoo.read', ...params };
  for (const [name, value] of Object.entries(all)) if (value !== undefined) url.searchParams.set(name, value);
  return url;
}

/** From the authorization request to the interaction page: its URL and HTML. */
export async function openInteraction(baseUrl: string, jar: CookieJar, params: AuthorizeParams): Promise<{ url: URL; html: string; response: Response }> {
  const start = await browse(jar, authorizeUrl(baseUrl, params));
  const url = locationOf(start, baseUrl);
  if (!url.pathname.startsWith('/oauth2/interaction/')) throw new Error(`expected the interaction page, went to ${url.href}`);
  const response = await browse(jar, url);
  return { url, html: await response.text(), response };
}

/**
 * Signs in on the login page (and allows on the consent page when one comes), following the
 * redirects until the authorization server sends the browser back to the client: that URL.
 */
export async function signIn(baseUrl: string, jar: CookieJar, params: AuthorizeParams, user = 'demo', password = user): Promise<URL> {
  const { url, html } = await openInteraction(baseUrl, jar, params);
  let next = locationOf(await browse(jar, `${url.href}/login`, { form: { csrf_token: csrfTokenIn(html), login: user, password } }), baseUrl);
  for (let hops = 0; hops < 6; hops++) {
    if (!next.pathname.startsWith('/oauth2/')) return next;
    const response = await browse(jar, next);
    if (next.pathname.startsWith('/oauth2/interaction/') && response.status === 200) {
      const page = await response.text();
      next = locationOf(await browse(jar, `${next.href}/consent`, { form: { csrf_token: csrfTokenIn(page) } }), baseUrl);
    } else {
      next = locationOf(response, baseUrl);
    }
  }
  throw new Error('too many redirects');
}

/** The fragment of a callback URL as ordered pairs (duplicates kept). */
export function fragmentOf(url: URL): [string, string][] {
  return [...new URLSearchParams(url.hash.slice(1)).entries()];
}

export const insecure = { [oauth.allowInsecureRequests]: true } as const;

export async function discover(baseUrl: string): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(baseUrl);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure }));
}

export interface CodeFlowResult {
  readonly tokens: oauth.TokenEndpointResponse;
  readonly callback: URL;
  readonly jar: CookieJar;
}

/** Code + PKCE end to end, as the PWA does it (its scopes unless `scope`); `dpop` binds the tokens to a key pair. */
export async function codeFlow(baseUrl: string, options: { user?: string; client?: string; scope?: string; dpop?: oauth.DPoPHandle; jar?: CookieJar } = {}): Promise<CodeFlowResult> {
  const as = await discover(baseUrl);
  const client: oauth.Client = { client_id: options.client ?? PWA_CLIENT };
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const jar = options.jar ?? new CookieJar();
  const redirectUri = `${baseUrl}/oauth/callback`;
  const callback = await signIn(
    baseUrl,
    jar,
    { client_id: client.client_id, response_type: 'code', scope: options.scope ?? SCOPE, state, nonce, code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' },
    options.user ?? 'demo',
  );
  const params = oauth.validateAuthResponse(as, client, callback, state);
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri, verifier, { ...insecure, ...(options.dpop === undefined ? {} : { DPoP: options.dpop }) });
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce, requireIdToken: true });
  return { tokens, callback, jar };
}

/** A token request by hand, to see the refusals as the server sends them. */
export async function tokenRequest(baseUrl: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL('/oauth2/token', baseUrl), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function introspect(baseUrl: string, token: string, client = PWA_CLIENT): Promise<Record<string, unknown>> {
  const response = await fetch(new URL('/oauth2/introspect', baseUrl), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token, client_id: client }) });
  return (await response.json()) as Record<string, unknown>;
}

export async function revoke(baseUrl: string, token: string, client = PWA_CLIENT): Promise<number> {
  const response = await fetch(new URL('/oauth2/revoke', baseUrl), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token, client_id: client }) });
  return response.status;
}

/** A JSON-RPC call with an Authorization header (and a DPoP proof) instead of a cookie. */
export async function callKwWithToken(baseUrl: string, authorization: string, model: string, method: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}, extraHeaders: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(new URL(`/web/dataset/call_kw/${model}/${method}`, baseUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: authorization, ...extraHeaders },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { model, method, args, kwargs }, id: 1 }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: response.status, headers: response.headers, body };
}
