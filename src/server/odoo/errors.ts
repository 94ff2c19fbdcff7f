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
  | 'builtins.AttributeError'
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
  | 'psycopg2.ProgrammingError'
  | 'json.decoder.JSONDecodeError';

export class OdooException extends Error {
  /** JSON-RPC `error.code`: 100 session expired, 404 not found, 200 everything else (odoo-wire README). */
  readonly code: number;
  /** JSON-RPC `error.message`. */
  readonly title: string;
  /** Odoo answers some failures with `id: null` because they happen before dispatch (04b, 08b, 08f). */
  readonly beforeDispatch: boolean;

  constructor(
    readonly odooName: OdooExceptionName,
    message: string,
    options: { code?: number; title?: string; beforeDispatch?: boolean } = {},
  ) {
    super(message);
    this.name = 'OdooException';
    this.code = options.code ?? 200;
    this.title = options.title ?? 'Odoo Server Error';
    this.beforeDispatch = options.beforeDispatch ?? false;
  }
}

export const valueError = (message: string) => new OdooException('builtins.ValueError', message);
export const typeError = (message: string) => new OdooException('builtins.TypeError', message);

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
