/**
 * Every way an Odoo call can fail, as one error class with a stable `code` the UI maps to words.
 * Odoo's own `data.name` and `message` are kept for logs and for the rare screen that shows them.
 * @see odoo-wire/README.md "Errors"
 */
export type OdooErrorCode =
  /** No, expired or destroyed session (error.code 100, SessionExpiredException): log in again. */
  | 'session_expired'
  /** Wrong login or password, or the login cooldown (AccessDenied). */
  | 'access_denied'
  /** An ACL or record rule refused the operation, or the database does not exist (AccessError). */
  | 'access_error'
  /** Unknown model/route (404) or a record that no longer exists (MissingError). */
  | 'not_found'
  /** Odoo refused the input: a bad domain, field, value or argument (ValueError, ValidationError, UserError…). */
  | 'validation'
  /** Any other server-side failure. */
  | 'server'
  /** The request did not get an answer: offline, DNS, refused, timed out, aborted, or a gateway said so. */
  | 'network'
  /** An answer came, but not an Odoo JSON-RPC one: an HTML page from a proxy, a truncated body, a wrong envelope. */
  | 'protocol';

/**
 * Finer reasons the gateway reads off Odoo's wire (the one place that knows it), so that the UI
 * never string-matches a message: both are AccessDenied / AccessError by name.
 */
export type OdooErrorReason =
  /** odoo-wire/02b: the login cooldown after too many failures. */
  | 'login_throttled'
  /** odoo-wire/03: the database does not exist or is filtered out. */
  | 'database_not_found'
  /** HTTP 401 `invalid_token` (RFC 6750): the bearer/DPoP token expired or was revoked. */
  | 'token_rejected'
  /** HTTP 403 `insufficient_scope` (RFC 6750): a token granted too little (one from before scopes meant something); a new sign-in asks again. */
  | 'insufficient_scope'
  /** Not found on the device, and Odoo could not be asked (src/offline's partner reader). */
  | 'not_on_device';

export interface OdooErrorDetails {
  readonly reason?: OdooErrorReason;
  /** Odoo's exception name (`error.data.name`), e.g. `odoo.exceptions.AccessDenied`. */
  readonly odooName?: string;
  /** JSON-RPC `error.code` (100, 200, 404…) or the HTTP status for non-RPC failures. */
  readonly status?: number;
  readonly cause?: unknown;
}

export class OdooError extends Error {
  override readonly name = 'OdooError';
  readonly odooName: string | undefined;
  readonly status: number | undefined;
  readonly reason: OdooErrorReason | undefined;

  constructor(
    readonly code: OdooErrorCode,
    message: string,
    details: OdooErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.odooName = details.odooName;
    this.status = details.status;
    this.reason = details.reason;
  }
}

export function isOdooError(error: unknown, code?: OdooErrorCode): error is OdooError {
  return error instanceof OdooError && (code === undefined || error.code === code);
}

/** Maps Odoo's exception name (and JSON-RPC code) to our code. */
export function codeForOdooName(name: string, rpcCode: number): OdooErrorCode {
  if (rpcCode === 100 || name === 'odoo.http.SessionExpiredException') return 'session_expired';
  if (name === 'odoo.exceptions.AccessDenied') return 'access_denied';
  if (name === 'odoo.exceptions.AccessError') return 'access_error';
  if (rpcCode === 404 || name === 'werkzeug.exceptions.NotFound' || name === 'odoo.exceptions.MissingError') return 'not_found';
  if (name === 'fieldbook.proxy.UpstreamUnavailable') return 'network';
  if (
    name === 'odoo.exceptions.ValidationError' ||
    name === 'odoo.exceptions.UserError' ||
    name === 'builtins.ValueError' ||
    name === 'builtins.TypeError' ||
    name === 'builtins.AttributeError' ||
    name === 'builtins.KeyError' ||
    name === 'json.decoder.JSONDecodeError' ||
    name === 'werkzeug.exceptions.RequestEntityTooLarge'
  ) {
    return 'validation';
  }
  return 'server';
}

/** The reason behind an Odoo error name and message, where the captures show one. */
export function reasonFor(name: string, message: string): OdooErrorReason | undefined {
  if (name === 'odoo.exceptions.AccessDenied' && message.startsWith('Too many login failures')) return 'login_throttled';
  if (name === 'odoo.exceptions.AccessError' && message === 'Database not found.') return 'database_not_found';
  return undefined;
}
