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
