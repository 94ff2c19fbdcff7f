/**
 * Errors the demo backend raises, named as Odoo names them. The JSON-RPC layer turns each into the
 * envelope seen in odoo-wire/ (`error.code`, `error.message`, `error.data.name`, `data.message`).
 */
export type OdooExceptionName =
  | 'odoo.exceptions.AccessDenied'
  | 'odoo.exceptions.AccessError'
  | 'odoo.exceptions.MissingError'
  | 'odoo.exceptions.UserError'
  | 'odoo.exceptions.ValidationError'
  | 'odoo.http.SessionExpiredException'
  | 'werkzeug.exceptions.NotFound'
  | 'werkzeug.exceptions.RequestEntityTooLarge'
  | 'builtins.AssertionError'
  | 'builtins.AttributeError'
  | 'builtins.IndexError'
  | 'builtins.ValueError'
  | 'builtins.TypeError'
  | 'builtins.KeyError'
  | 'builtins.NameError'
  | 'builtins.Exception'
  | 'psycopg2.OperationalError'
  | 'psycopg2.errors.UndefinedFunction'
  | 'psycopg2.errors.InvalidTextRepresentation'
  | 'psycopg2.errors.InvalidRowCountInLimitClause'
  | 'psycopg2.errors.InvalidRowCountInResultOffsetClause'
  | 'psycopg2.errors.DatatypeMismatch'
  | 'psycopg2.errors.InvalidDatetimeFormat'
  | 'psycopg2.errors.DatetimeFieldOverflow'
  | 'psycopg2.errors.NumericValueOutOfRange'
  | 'psycopg2.ProgrammingError'
  | 'json.decoder.JSONDecodeError';

export class OdooException extends Error {
  /** JSON-RPC `error.code`: 100 session expired, 404 not found, 200 everything else (odoo-wire README). */
  readonly code: number;
  /** JSON-RPC `error.message`. */
  readonly title: string;
  /** Odoo answers some failures with `id: null` because they happen before dispatch (04b, 08b, 08f). */
  readonly beforeDispatch: boolean;

  /** `data.arguments`, Python's `exception.args`: the message alone unless told. */
  readonly args: readonly (string | null)[];

  constructor(
    readonly odooName: OdooExceptionName,
    message: string,
    options: { code?: number; title?: string; beforeDispatch?: boolean; args?: readonly (string | null)[] } = {},
  ) {
    super(message);
    this.name = 'OdooException';
    this.args = options.args ?? [message];
    this.code = options.code ?? 200;
    this.title = options.title ?? 'Odoo Server Error';
    this.beforeDispatch = options.beforeDispatch ?? false;
  }
}

export const valueError = (message: string) => new OdooException('builtins.ValueError', message);
export const typeError = (message: string) => new OdooException('builtins.TypeError', message);
/** A failed `assert` in Odoo's code: its message is the assertion's text. */
export const assertionError = (message: string) => new OdooException('builtins.AssertionError', message);
/**
 * Python's KeyError, as Odoo serializes it: `data.message` is `str()` of the missing key, without
 * quotes (odoo/loglevels.py exception_to_unicode joins `str(arg)` of the arguments).
 */
export const keyError = (key: string | null) => new OdooException('builtins.KeyError', key ?? 'None', { args: [key] });

/**
 * SQLSTATEs the database answers for values Odoo hands to PostgreSQL as they are (dates compared as
 * text, ids in a list), and the psycopg2 class Odoo's answer names (`psycopg2.errors.<Class>`).
 */
const databaseErrorNames: Readonly<Record<string, OdooExceptionName>> = {
  '22007': 'psycopg2.errors.InvalidDatetimeFormat',
  '22008': 'psycopg2.errors.DatetimeFieldOverflow',
  '22P02': 'psycopg2.errors.InvalidTextRepresentation',
  '22003': 'psycopg2.errors.NumericValueOutOfRange',
};

/**
 * The OdooException for a database error Odoo's server would pass on as psycopg2's (its message and
 * hint, as psycopg2 prints them), or undefined for any other error.
 */
export function fromDatabaseError(error: unknown): OdooException | undefined {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string') return undefined;
  const name = Object.hasOwn(databaseErrorNames, error.code) ? databaseErrorNames[error.code] : undefined;
  if (name === undefined) return undefined;
  const hint = 'hint' in error && typeof error.hint === 'string' ? `\nHINT:  ${error.hint}` : '';
  return new OdooException(name, `${error.message}${hint}`);
}

/** PostgreSQL's answer to an integer compared with a boolean (`id IN (true)`), as Odoo passes it on. */
export const integerEqualsBoolean = () =>
  new OdooException(
    'psycopg2.errors.UndefinedFunction',
    'operator does not exist: integer = boolean\nHINT:  No operator matches the given name and argument types. You might need to add explicit type casts.',
  );

export const sessionExpired = () =>
  new OdooException('odoo.http.SessionExpiredException', 'Session expired', {
    code: 100,
    title: 'Odoo Session Expired',
    beforeDispatch: true,
  });

export const notFound = () =>
  new OdooException(
    'werkzeug.exceptions.NotFound',
    '404 Not Found: The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
    { code: 404, title: '404: Not Found', beforeDispatch: true },
  );
