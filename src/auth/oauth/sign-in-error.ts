/**
 * Why an OAuth sign-in could not be finished, as a code the UI turns into words
 * (src/ui/sign-in-error-text.ts); the message is English, for logs and tests.
 */
import type { ImplicitFragmentErrorCode } from './implicit-fragment.ts';

export type SignInErrorCode =
  /** /oauth/callback opened without an answer to process. */
  | 'no_answer'
  /** No sign-in was started in this browser, or its answer was already used. */
  | 'not_started'
  | 'pending_unreadable'
  /** The sign-in was started too long ago (settings.ts PENDING_MAX_AGE_MS). */
  | 'pending_expired'
  /** The authorization server answered with an error (`detail`: its description, else its code). */
  | 'authorization_error'
  /** The redirect's answer itself was refused (`detail`: why, in English). */
  | Exclude<ImplicitFragmentErrorCode, 'authorization_error'>
  /** The implicit grant's ID token failed a check (`detail`: which, in English). */
  | 'id_token_invalid'
  /** Odoo's auth_oauth refused the provider's token: its `oauth_error` 1, 2, 3 (`detail`: the provider's label). */
  | 'provider_signup_disabled'
  | 'provider_access_denied'
  | 'provider_no_user'
  /** Odoo's /auth_oauth/signin answered an HTTP error (`status`). */
  | 'provider_http'
  /** Odoo or the device failed meanwhile (network, storage): `cause` is the OdooError or StorageError. */
  | 'odoo'
  /** Anything else (a token endpoint that answered badly, a missing key): `detail` says what, in English. */
  | 'failed';

export class SignInError extends Error {
  override readonly name = 'SignInError';
  constructor(
    readonly code: SignInErrorCode,
    message: string,
    readonly extra: { readonly detail?: string; readonly status?: number; readonly cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
  }
}
