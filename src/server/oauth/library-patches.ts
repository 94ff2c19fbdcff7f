/**
 * Every change this server makes to oidc-provider beyond its configuration, and the only file that
 * reaches past the library's public API. `applyLibraryPatches` (provider.ts) first looks up every
 * hook below (`libraryHooks`): a release that lost one stops the start with the installed version
 * and the hook's name, before anything is changed. package.json lets patch releases in;
 * `npm run canary` runs the OAuth integration tests against the newest release.
 *
 * - **Plain implicit** (`response_type=token`, RFC 6749 §4.2), as oauthlib-based Odoo provider
 *   modules and Odoo's own `auth_oauth` use it: `#access_token=…&token_type=Bearer&expires_in=…&scope=…&state=…`
 *   (plus `iss`, RFC 9207), no refresh token; errors as `#error=…&error_description=…&state=…`.
 *   The library refuses `token` alone in its configuration check (lib/helpers/configuration.js
 *   `checkResponseTypes`), yet its authorization pipeline already handles it: `processResponseTypes`
 *   (lib/helpers/process_response_types.js) maps each space-separated response type to a handler,
 *   and `token` is the same `tokenHandler` that mints the library AccessToken for `id_token token`.
 *   The configuration check runs only in the constructor, and every later check (authorization
 *   endpoint `checkResponseType`, client metadata `response_types` enum, discovery
 *   `response_types_supported`) reads `configuration.responseTypes`: adding `token` there after
 *   construction (internal state, below) enables it with one login session, one client registry
 *   and one token model — introspection, revocation, expiry and bearer checks are the library's own.
 *   It also makes a response type the client is not registered for an `unauthorized_client` error
 *   (RFC 6749 §4.1.2.1, §4.2.2.1) instead of the library's `invalid_request`
 *   (`Client.prototype.responseTypeAllowed`), so a client without implicit asking for `token` hears
 *   exactly what the RFC says, in the fragment of its redirect URI.
 * - **Loopback `http:` redirect URIs for implicit web clients** (loopback-redirects.ts says why it
 *   is safe): the library refuses them (OIDC Registration §2) through
 *   `Client.Schema.prototype.invalidate(message, code)` with the codes `implicit-force-https` and
 *   `implicit-forbid-localhost` (lib/helpers/client_schema.js); its own recipe overrides that method
 *   and skips those codes (recipes/implicit_http_localhost.md), here only when every http: URI the
 *   client registers is on a loopback host.
 * - **Fieldbook's callback on a loopback origin of any port**, for the given clients only (RFC 8252
 *   §7.3; the library applies that to native clients only, lib/models/client.js), through the
 *   library's documented extension point `Client.prototype.redirectUriAllowed`
 *   (recipes/redirect_uri_wildcards.md).
 * - **`response_mode=form_post` without an inline script** (form-post.ts): `registerResponseMode`
 *   keeps the first handler of a name and the library registers form_post in its constructor, hence
 *   the replacement in the response-mode map (internal state). The logout endpoint without a
 *   signed-in session renders the library's page directly (lib/actions/end_session.js): a
 *   post-middleware renders it again with ours, from the session's `state.secret` and the
 *   `end_session_confirm` route.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type Provider from 'oidc-provider';
import { errors, type KoaContextWithOIDC, type UnknownObject } from 'oidc-provider';
import { formPost, renderFormPost } from './form-post.ts';
import { isLoopbackCallback, onlyLoopbackHttp } from './loopback-redirects.ts';

/** The oidc-provider release the patches were written and tested against. */
export const WRITTEN_AGAINST_VERSION = '9.13.3';

/** The deep import of the provider's internal state; it works while the package has no `exports` map. */
const INTERNAL_STATE_MODULE = 'oidc-provider/lib/helpers/weak_cache.js';

/** `instance(provider)` of lib/helpers/weak_cache.js; undefined when the module cannot be imported (checked by `libraryHooks`). */
const internalState: unknown = await import(INTERNAL_STATE_MODULE).then(
  (module: { default?: unknown }) => module.default,
  () => undefined,
);

export function installedLibraryVersion(): string {
  try {
    const path = createRequire(import.meta.url).resolve('oidc-provider/package.json');
    const { version } = JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export class UnsupportedLibraryVersion extends Error {
  override name = 'UnsupportedLibraryVersion';
}

export type ResponseModeHandler = (this: Provider, ctx: KoaContextWithOIDC, redirectUri: string, payload: UnknownObject) => void | Promise<void>;

interface ClientPrototype {
  responseTypeAllowed(this: unknown, type: string): boolean;
  redirectUriAllowed(this: { clientId: string; redirectUris?: string[] }, value: string): boolean;
}

interface SchemaPrototype {
  invalidate(this: Record<string, unknown>, message: string, code?: string): void;
}

/** What the patches change, each found where the release they were written against keeps it. */
export interface LibraryHooks {
  /** `configuration.responseTypes`: what the authorization endpoint and client validation accept. */
  readonly responseTypes: string[];
  /** The registered response modes (`query`, `fragment`, `form_post`, …) by name. */
  readonly responseModes: Map<string, ResponseModeHandler>;
  readonly clientPrototype: ClientPrototype;
  readonly schemaPrototype: SchemaPrototype;
}

/**
 * Every hook the patches rely on, looked up: throws `UnsupportedLibraryVersion` naming the
 * installed version and each hook it no longer has.
 */
export function libraryHooks(provider: Provider, version: string = installedLibraryVersion()): LibraryHooks {
  const missing: string[] = [];
  const state = typeof internalState === 'function' ? (internalState as (provider: object) => unknown)(provider) : undefined;
  if (typeof internalState !== 'function') missing.push(`the provider's internal state (${INTERNAL_STATE_MODULE} cannot be imported)`);
  const configuration = isObject(state) ? state.configuration : undefined;
  const responseTypes = isObject(configuration) ? configuration.responseTypes : undefined;
  if (!Array.isArray(responseTypes) || !responseTypes.every((type) => typeof type === 'string')) missing.push('configuration.responseTypes in its internal state');
  const responseModes = isObject(state) ? state.responseModes : undefined;
  if (!(responseModes instanceof Map) || !responseModes.has('form_post')) missing.push('the form_post response mode in its internal responseModes map');
  const client: unknown = Reflect.get(provider, 'Client');
  const clientPrototype = prototypeWith(client, ['responseTypeAllowed', 'redirectUriAllowed']);
  if (clientPrototype === undefined) missing.push('Client.prototype.responseTypeAllowed and Client.prototype.redirectUriAllowed');
  const schemaPrototype = prototypeWith(isObject(client) || typeof client === 'function' ? Reflect.get(client, 'Schema') : undefined, ['invalidate']);
  if (schemaPrototype === undefined) missing.push('Client.Schema.prototype.invalidate');
  if (!hasRoute(provider, 'end_session_confirm')) missing.push('the end_session_confirm route');
  if (missing.length > 0 || clientPrototype === undefined || schemaPrototype === undefined) {
    throw new UnsupportedLibraryVersion(
      `oidc-provider ${version} is installed, but it no longer has what src/server/oauth/library-patches.ts relies on: ${missing.join('; ')}. ` +
        `The patches were written against ${WRITTEN_AGAINST_VERSION}: check them against this release.`,
    );
  }
  return {
    responseTypes: responseTypes as string[],
    responseModes: responseModes as Map<string, ResponseModeHandler>,
    clientPrototype: clientPrototype as unknown as ClientPrototype,
    schemaPrototype: schemaPrototype as unknown as SchemaPrototype,
  };
}

export interface LibraryPatchOptions {
  /** Clients whose Fieldbook callback may come from a loopback origin of any port. */
  readonly loopbackCallbackClients: ReadonlySet<string>;
}

/** All the patches, once every hook is known to be there. The logout page's is a middleware: `replaceLogoutAutoSubmit`. */
export function applyLibraryPatches(provider: Provider, options: LibraryPatchOptions): void {
  libraryHooks(provider);
  enablePlainImplicit(provider);
  allowLoopbackHttpForImplicit(provider);
  allowLoopbackCallbackOnAnyPort(provider, options.loopbackCallbackClients);
  replaceFormPost(provider);
}

export const PLAIN_IMPLICIT = 'token';

export function enablePlainImplicit(provider: Provider): void {
  const { responseTypes, clientPrototype } = libraryHooks(provider);
  if (!responseTypes.includes(PLAIN_IMPLICIT)) responseTypes.push(PLAIN_IMPLICIT);
  // Client.prototype.responseTypeAllowed is called only by the authorization endpoint's
  // checkResponseType (lib/actions/authorization/response_parameters.js), after the client is known.
  const allowed = clientPrototype.responseTypeAllowed;
  clientPrototype.responseTypeAllowed = function responseTypeAllowed(type) {
    if (allowed.call(this, type)) return true;
    throw new errors.UnauthorizedClient('the client is not authorized to use this response_type');
  };
}

const IMPLICIT_HTTPS_CODES = new Set(['implicit-force-https', 'implicit-forbid-localhost']);

export function allowLoopbackHttpForImplicit(provider: Provider): void {
  const { schemaPrototype } = libraryHooks(provider);
  const invalidate = schemaPrototype.invalidate;
  schemaPrototype.invalidate = function invalidateUnlessLoopback(message, code) {
    if (code !== undefined && IMPLICIT_HTTPS_CODES.has(code)) {
      const registered = [this.redirect_uris, this.post_logout_redirect_uris].flatMap((list) => (Array.isArray(list) ? (list as unknown[]) : []));
      if (onlyLoopbackHttp(registered)) return;
    }
    invalidate.call(this, message, code);
  };
}

/**
 * Only `http://<loopback>:<any port>/oauth/callback` (no query, no fragment, no credentials) when
 * the client registered that path on a loopback host; anything else stays exact matching.
 */
export function allowLoopbackCallbackOnAnyPort(provider: Provider, clientIds: ReadonlySet<string>, path = '/oauth/callback'): void {
  const { clientPrototype } = libraryHooks(provider);
  const exact = clientPrototype.redirectUriAllowed;
  clientPrototype.redirectUriAllowed = function redirectUriAllowedOnLoopback(value) {
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

export function replaceFormPost(provider: Provider): void {
  libraryHooks(provider).responseModes.set('form_post', formPost);
}

/**
 * Post-middleware (`provider.use`) for the one other user of the library's form_post page: the
 * logout endpoint without a signed-in session confirms itself through it. Its response is rendered
 * again with our page, same action and fields.
 */
export async function replaceLogoutAutoSubmit(ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
  await next();
  const oidc = ctx.oidc as KoaContextWithOIDC['oidc'] | undefined;
  if (oidc?.route !== 'end_session' || ctx.status !== 200 || oidc.session === undefined || oidc.session.accountId !== undefined) return;
  const secret = oidc.session.state?.secret;
  if (typeof secret !== 'string') return;
  renderFormPost(ctx, oidc.urlFor('end_session_confirm'), { xsrf: secret, logout: 'yes' });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

/** The prototype of a class whose instances have every named method, or undefined. */
function prototypeWith(constructor: unknown, methods: readonly string[]): object | undefined {
  const prototype: unknown = typeof constructor === 'function' ? constructor.prototype : undefined;
  if (!isObject(prototype) || !methods.every((name) => typeof Reflect.get(prototype, name) === 'function')) return undefined;
  return prototype;
}

function hasRoute(provider: Provider, name: string): boolean {
  try {
    return typeof provider.pathFor(name) === 'string';
  } catch {
    return false;
  }
}
