/**
 * What counts as a loopback redirect URI, for the two exceptions library-patches.ts makes to exact
 * redirect URI rules: web clients that use implicit may register `http:` redirect URIs on a
 * loopback host (127.0.0.1, [::1], localhost) — the demo server itself runs there — and nowhere
 * else; and the demo's auth_oauth provider client accepts Fieldbook's callback on a loopback origin
 * of any port, so that a second Fieldbook on this machine — in proxy mode in front of this demo
 * backend, on another port — signs in through it out of the box.
 *
 * Why this is safe: a response sent to a loopback address never leaves the user's machine, so no
 * network attacker can read the fragment (the reason RFC 8252 §7.3 allows loopback http for native
 * apps); the server and the PWA are on that same loopback origin. `application_type: native` would
 * lift the check too, but then every login asks consent and `prompt=none` always fails.
 * Any deployment reachable from elsewhere sets FIELDBOOK_PUBLIC_URL to an https origin, where
 * no exception is needed.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** True when every http: URI in the lists is on a loopback host (https: URIs are not concerned). */
export function onlyLoopbackHttp(uris: readonly unknown[]): boolean {
  return uris.every((uri) => {
    if (typeof uri !== 'string') return false;
    const parsed = URL.parse(uri);
    if (parsed === null) return false;
    return LOOPBACK_HOSTS.has(parsed.hostname) || parsed.protocol === 'https:';
  });
}

/** `http://<loopback>:<port><path>`, with no query, fragment or credentials. */
export function isLoopbackCallback(url: URL, path: string): boolean {
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) && url.pathname === path && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
}
