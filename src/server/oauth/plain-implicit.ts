/**
 * Plain implicit (`response_type=token`, RFC 6749 §4.2), as oauthlib-based Odoo provider modules
 * and Odoo's own `auth_oauth` use it: `#access_token=…&token_type=Bearer&expires_in=…&scope=…&state=…`
 * (plus `iss`, RFC 9207), no refresh token; errors as `#error=…&error_description=…&state=…`.
 *
 * oidc-provider 9.13.3 refuses `token` alone in its configuration check
 * (lib/helpers/configuration.js `checkResponseTypes`), yet its authorization pipeline already handles
 * it: `processResponseTypes` (lib/helpers/process_response_types.js) maps each space-separated
 * response type to a handler, and `token` is the same `tokenHandler` that mints the library
 * AccessToken for `id_token token`. The configuration check runs only in the constructor, and
 * every later check (authorization endpoint `checkResponseType`, client metadata `response_types`
 * enum, discovery `response_types_supported`) reads `configuration.responseTypes`. Adding `token`
 * there after construction therefore enables it with one login session, one client registry and
 * one token model: introspection, revocation, expiry and bearer checks are the library's own.
 *
 * It also makes a response type the client is not registered for an `unauthorized_client` error
 * (RFC 6749 §4.1.2.1, §4.2.2.1) instead of the library's `invalid_request`, so a client without
 * implicit asking for `token` hears exactly what the RFC says, in the fragment of its redirect URI.
 */
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import { assertPinnedLibrary, libraryInternals } from './library-internals.ts';

export const PLAIN_IMPLICIT = 'token';

export function enablePlainImplicit(provider: Provider): void {
  assertPinnedLibrary();
  const { responseTypes } = libraryInternals(provider);
  if (!responseTypes.includes(PLAIN_IMPLICIT)) responseTypes.push(PLAIN_IMPLICIT);

  // Client.prototype.responseTypeAllowed is called only by the authorization endpoint's
  // checkResponseType (lib/actions/authorization/response_parameters.js), after the client is known.
  const prototype = provider.Client.prototype;
  const allowed = prototype.responseTypeAllowed;
  prototype.responseTypeAllowed = function responseTypeAllowed(this: typeof prototype, type) {
    if (allowed.call(this, type)) return true;
    throw new errors.UnauthorizedClient('the client is not authorized to use this response_type');
  };
}
