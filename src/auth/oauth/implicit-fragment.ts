/**
 * The implicit grant's redirect fragment (`#access_token=…&token_type=Bearer&…`), parsed and
 * checked. oauth4webapi has no implicit support, so this one is ours: small, pure, unit-tested.
 *
 * @see RFC 6749 §4.2.2 (access token response), §4.2.2.1 (error response), §3.1 (parameters
 *   must not be repeated; unrecognized ones are ignored)
 * @see RFC 9207 (the `iss` authorization response parameter)
 */

export type ImplicitFragmentErrorCode =
  /** The fragment is empty or not `application/x-www-form-urlencoded`. */
  | 'malformed'
  /** A parameter appears more than once (RFC 6749 §3.1): a sign of injection. */
  | 'duplicate_parameter'
  /** No `state`, or not the one this browser sent (CSRF, or a replayed / foreign response). */
  | 'state_mismatch'
  /** `iss` is not the expected issuer, or is missing from a server that said it sends it (RFC 9207: mix-up attack). */
  | 'issuer_mismatch'
  /** The server answered with `error` (RFC 6749 §4.2.2.1). */
  | 'authorization_error'
  /** Success, but no usable `access_token` / `token_type` / `expires_in`. */
  | 'invalid_response';

export class ImplicitFragmentError extends Error {
  override readonly name = 'ImplicitFragmentError';
  constructor(
    readonly code: ImplicitFragmentErrorCode,
    message: string,
    /** For `authorization_error`: the server's `error` and `error_description`. */
    readonly oauthError?: { readonly error: string; readonly description: string | undefined },
  ) {
    super(message);
  }
}

export interface ImplicitTokenResponse {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  /** Seconds, as sent; undefined when the server did not say (RFC 6749: RECOMMENDED). */
  readonly expiresIn: number | undefined;
  /** Space-separated scope when the server narrowed or stated it. */
  readonly scope: string | undefined;
  /** Present for `response_type=id_token token`; verified separately (id-token.ts). */
  readonly idToken: string | undefined;
}

export interface ImplicitExpectations {
  /** The one-time `state` stored before the redirect. */
  readonly state: string;
  /** The authorization server's issuer identifier, checked against `iss` when present. */
  readonly issuer: string;
  /**
   * The server advertises `authorization_response_iss_parameter_supported` (RFC 9207 §3): an
   * answer without `iss` then is refused, not only one with another issuer.
   */
  readonly issRequired?: boolean;
}

/** Parses `#a=b&c=d` (with or without the `#`) refusing repeated parameters. */
export function parseFragmentParameters(fragment: string): Map<string, string> {
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (text.trim() === '') throw new ImplicitFragmentError('malformed', 'The sign-in answer is empty.');
  const params = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(text)) {
    if (params.has(name)) throw new ImplicitFragmentError('duplicate_parameter', `The sign-in answer repeats "${name}", so it was refused.`);
    params.set(name, value);
  }
  return params;
}

/**
 * Checks an implicit-grant redirect fragment against what this browser sent. The order matters:
 * an answer that is not ours (state, issuer) is refused before its contents, even an `error`, are
 * believed.
 */
export function parseImplicitFragment(fragment: string, expected: ImplicitExpectations): ImplicitTokenResponse {
  const params = parseFragmentParameters(fragment);
  const state = params.get('state');
  if (state === undefined || state === '' || !constantTimeEqual(state, expected.state)) {
    throw new ImplicitFragmentError('state_mismatch', 'This sign-in answer does not belong to a sign-in started here.');
  }
  const iss = params.get('iss');
  // An ID token in the answer names its issuer itself, and is verified (RFC 9207 §2.4): the server may leave `iss` out then.
  if (iss === undefined && expected.issRequired === true && !params.has('id_token')) {
    throw new ImplicitFragmentError('issuer_mismatch', 'The sign-in answer does not say which server sent it, although that server always does.');
  }
  if (iss !== undefined && iss !== expected.issuer) {
    throw new ImplicitFragmentError('issuer_mismatch', 'The sign-in answer comes from another server than the one asked.');
  }
  const error = params.get('error');
  if (error !== undefined) {
    const description = params.get('error_description');
    throw new ImplicitFragmentError('authorization_error', description ?? error, { error, description });
  }
  const accessToken = params.get('access_token');
  if (accessToken === undefined || !/^[\x21-\x7E]+$/.test(accessToken)) {
    throw new ImplicitFragmentError('invalid_response', 'The sign-in answer carries no access token.');
  }
  const tokenType = params.get('token_type');
  if (tokenType === undefined || tokenType.toLowerCase() !== 'bearer') {
    throw new ImplicitFragmentError('invalid_response', `The sign-in answer has an unsupported token type (${tokenType ?? 'none'}).`);
  }
  const expiresText = params.get('expires_in');
  let expiresIn: number | undefined;
  if (expiresText !== undefined) {
    if (!/^\d{1,9}$/.test(expiresText) || Number(expiresText) <= 0) {
      throw new ImplicitFragmentError('invalid_response', 'The sign-in answer has an invalid expiry.');
    }
    expiresIn = Number(expiresText);
  }
  return { accessToken, tokenType: 'Bearer', expiresIn, scope: params.get('scope'), idToken: params.get('id_token') };
}

/** Compares without an early exit, so timing does not reveal how much of a guess was right. */
function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}
