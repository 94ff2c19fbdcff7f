/**
 * Lets web clients that use implicit register `http:` redirect URIs on a loopback host
 * (127.0.0.1, [::1], localhost) — the demo server itself runs there — and nowhere else.
 *
 * oidc-provider refuses them (OIDC Registration §2: implicit web clients MUST use https and not
 * localhost) through `Client.Schema.prototype.invalidate(message, code)` with the codes
 * `implicit-force-https` and `implicit-forbid-localhost` (lib/helpers/client_schema.js). The
 * library's own recipe for this case is to override that method and skip those two codes
 * (recipes/implicit_http_localhost.md); we skip them only when every http: URI the client
 * registers is on a loopback host, so a plain-http URI on any other host is still refused.
 *
 * Why this is safe: a response sent to a loopback address never leaves the user's machine, so no
 * network attacker can read the fragment (the reason RFC 8252 §7.3 allows loopback http for native
 * apps); the server and the PWA are on that same loopback origin. `application_type: native` would
 * lift the check too, but then every login asks consent and `prompt=none` always fails.
 * Any deployment reachable from elsewhere sets FIELDBOOK_PUBLIC_URL to an https origin, where
 * no exception is needed.
 */
import type Provider from 'oidc-provider';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
const IMPLICIT_HTTPS_CODES = new Set(['implicit-force-https', 'implicit-forbid-localhost']);

/** True when every http: URI in the lists is on a loopback host (https: URIs are not concerned). */
export function onlyLoopbackHttp(uris: readonly unknown[]): boolean {
  return uris.every((uri) => {
    if (typeof uri !== 'string') return false;
    const parsed = URL.parse(uri);
    if (parsed === null) return false;
    return LOOPBACK_HOSTS.has(parsed.hostname) || parsed.protocol === 'https:';
  });
}

interface SchemaPrototype {
  invalidate(this: Record<string, unknown>, message: string, code?: string): void;
}

function schemaPrototype(provider: Provider): SchemaPrototype {
  const schema: unknown = Reflect.get(provider.Client, 'Schema');
  const prototype: unknown = typeof schema === 'function' ? schema.prototype : undefined;
  if (prototype === null || typeof prototype !== 'object' || typeof Reflect.get(prototype, 'invalidate') !== 'function') {
    throw new Error('oidc-provider: Client.Schema.prototype.invalidate not found (see src/server/oauth/loopback-redirects.ts)');
  }
  return prototype as SchemaPrototype;
}

export function allowLoopbackHttpForImplicit(provider: Provider): void {
  const prototype = schemaPrototype(provider);
  const invalidate = prototype.invalidate;
  prototype.invalidate = function invalidateUnlessLoopback(message, code) {
    if (code !== undefined && IMPLICIT_HTTPS_CODES.has(code)) {
      const registered = [this.redirect_uris, this.post_logout_redirect_uris].flatMap((list) => (Array.isArray(list) ? (list as unknown[]) : []));
      if (onlyLoopbackHttp(registered)) return;
    }
    invalidate.call(this, message, code);
  };
}

/**
 * Fieldbook's callback on a loopback origin of any port, for the given clients only (RFC 8252 §7.3
 * lets native apps' loopback redirect URIs differ in port; the library applies that to native
 * clients only, lib/models/client.js). The demo's auth_oauth provider client uses it so that a
 * second Fieldbook on this machine — in proxy mode in front of this demo backend, on another port —
 * signs in through it out of the box. Only `http://<loopback>:<any port>/oauth/callback` (no query,
 * no fragment, no credentials) when the client registered that path on a loopback host; anything
 * else stays exact matching. Through the library's documented extension point
 * (`Client.prototype.redirectUriAllowed`, recipes/redirect_uri_wildcards.md).
 */
export function allowLoopbackCallbackOnAnyPort(provider: Provider, clientIds: ReadonlySet<string>, path = '/oauth/callback'): void {
  const prototype = provider.Client.prototype as { redirectUriAllowed(this: { clientId: string; redirectUris?: string[] }, value: string): boolean };
  const exact = prototype.redirectUriAllowed;
  prototype.redirectUriAllowed = function redirectUriAllowedOnLoopback(value) {
    if (exact.call(this, value)) return true;
    if (!clientIds.has(this.clientId)) return false;
    const asked = URL.parse(value);
    if (asked === null || !isLoopbackCallback(asked, path)) return false;
    return (this.redirectUris ?? []).some((uri) => {
      const registered = URL.parse(uri);
      return registered !== null && isLoopbackCallback(registered, path);
    });
  };
}

function isLoopbackCallback(url: URL, path: string): boolean {
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) && url.pathname === path && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
}
