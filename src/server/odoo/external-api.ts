/**
 * Odoo's external API (issue 16): the `common`, `object` and `db` services every integration
 * calls — OdooRPC and scripts over `/jsonrpc`, Odoo's documented examples. Each call carries its
 * credentials (database, uid, password or API key); nothing is kept in a session.
 *
 * As Odoo 18 (odoo/service/common.py, model.py, db.py; base/controllers/rpc.py):
 *  - common: `version`, `about`, `login` and `authenticate` (the uid, or `false` for wrong credentials);
 *  - object: `execute(db, uid, password, model, method, *args)` and `execute_kw(…, args, kwargs)`,
 *    after `res.users.check` (AccessDenied "Access Denied"); private methods refused;
 *  - db: `list`, `db_exist`, `server_version`, `list_lang`, `list_countries` without a password;
 *    every other method needs the master password, which this demo has none of: AccessDenied.
 * An API key works in place of the password here, never for the interactive login (as in Odoo).
 * The same ORM, access rules and record rules as call_kw answer; failed credentials count toward
 * the same login throttle.
 */
import { userOfApiKey } from '../store/api-keys.ts';
import type { Database } from '../store/db.ts';
import type { Caller } from './access.ts';
import { OdooException } from './errors.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { callMethod } from './orm/methods.ts';
import type { OdooValue, Registry } from './registry.ts';
import { loadCaller, SERVER_VERSION, SERVER_VERSION_INFO } from './session-info.ts';

export interface ExternalApiContext {
  /** The caller's address: the login throttle's key, as for the web login. */
  readonly address: string;
  readonly db: Database;
  readonly registry: Registry;
  readonly throttle: LoginThrottle;
  readonly databaseName: string;
  /** The password check of the interactive login (routes.ts). */
  readonly checkPassword: (db: Database, login: string, password: string) => Promise<number | undefined>;
  /** Odoo's cooldown message. */
  readonly tooManyFailures: string;
}

const accessDenied = () => new OdooException('odoo.exceptions.AccessDenied', 'Access Denied');

/** A database that is not this server's: what psycopg2 says when Odoo's registry tries to open it. */
function unknownDatabase(name: unknown): OdooException {
  return new OdooException('psycopg2.OperationalError', `connection to server failed: FATAL:  database "${String(name)}" does not exist\n`);
}

/** `/jsonrpc`'s `{service, method, args}`: Odoo's `dispatch_rpc`. */
export async function dispatchRpc(ctx: ExternalApiContext, service: unknown, method: unknown, args: unknown): Promise<OdooValue> {
  if (!Array.isArray(args)) throw new OdooException('builtins.TypeError', "jsonrpc() missing 1 required positional argument: 'args'");
  const params = args as unknown[];
  switch (service) {
    case 'common':
      return common(ctx, method, params);
    case 'object':
      return object(ctx, method, params);
    case 'db':
      return dbService(ctx, method, params);
    default:
      throw new OdooException('builtins.KeyError', `'${String(service)}'`);
  }
}

/** The uid for a login and a password or an API key of that user, or undefined; throttled as the web login is. */
async function credentialsOf(ctx: ExternalApiContext, login: unknown, secret: unknown): Promise<number | undefined> {
  if (typeof login !== 'string' || typeof secret !== 'string') return undefined;
  const outcome = await ctx.throttle.attempt(
    ctx.address,
    async () => {
      const byPassword = await ctx.checkPassword(ctx.db, login, secret);
      if (byPassword !== undefined) return byPassword;
      const byKey = await userOfApiKey(ctx.db, secret);
      if (byKey === undefined) return undefined;
      const owner = await ctx.db.query<{ login: string }>('SELECT login FROM res_users WHERE id = $1 AND active', [byKey]);
      return owner.rows[0]?.login === login ? byKey : undefined;
    },
    login,
  );
  if (outcome.status === 'blocked' || outcome.status === 'busy') throw new OdooException('odoo.exceptions.AccessDenied', ctx.tooManyFailures);
  return outcome.status === 'failed' ? undefined : outcome.uid;
}

async function common(ctx: ExternalApiContext, method: unknown, params: unknown[]): Promise<OdooValue> {
  switch (method) {
    case 'version':
      return { server_version: SERVER_VERSION, server_version_info: SERVER_VERSION_INFO, server_serie: SERVER_VERSION, protocol_version: 1 };
    case 'about':
      return params[0] === true ? ['See http://openerp.com', SERVER_VERSION] : 'See http://openerp.com';
    case 'login':
    case 'authenticate': {
      const needed = method === 'login' ? 3 : 4;
      if (params.length < needed) throw new OdooException('builtins.TypeError', `exp_${method}() missing ${needed - params.length} required positional argument(s)`);
      const [db, login, password] = params;
      if (db !== ctx.databaseName) throw unknownDatabase(db);
      return (await credentialsOf(ctx, login, password)) ?? false;
    }
    default:
      throw new OdooException('builtins.Exception', `Method not found: ${String(method)}`);
  }
}

/** `res.users.check(db, uid, password)`: the password or an API key of that very user. */
async function checkedCaller(ctx: ExternalApiContext, db: unknown, uid: unknown, password: unknown): Promise<Caller> {
  if (db !== ctx.databaseName) throw unknownDatabase(db);
  const id = typeof uid === 'number' ? uid : typeof uid === 'string' && /^\d{1,9}$/.test(uid) ? Number(uid) : undefined;
  if (id === undefined) throw new OdooException('builtins.ValueError', `invalid literal for int() with base 10: '${String(uid)}'`);
  const user = await ctx.db.query<{ login: string }>('SELECT login FROM res_users WHERE id = $1 AND active', [id]);
  const login = user.rows[0]?.login;
  // An unknown uid costs the same as a wrong password (credentialsOf hashes a dummy).
  const checked = await credentialsOf(ctx, login ?? '', password);
  if (checked === undefined || checked !== id) throw accessDenied();
  const caller = await loadCaller(ctx.db, id, ctx.databaseName);
  if (caller === undefined) throw accessDenied();
  return caller;
}

async function object(ctx: ExternalApiContext, method: unknown, params: unknown[]): Promise<OdooValue> {
  if (method !== 'execute' && method !== 'execute_kw') throw new OdooException('builtins.NameError', `Method not available ${String(method)}`);
  const [db, uid, password, modelName, modelMethod, ...rest] = params;
  const caller = await checkedCaller(ctx, db, uid, password);
  if (typeof modelMethod !== 'string') throw new OdooException('builtins.TypeError', 'The method name must be a string');
  const model = typeof modelName === 'string' ? ctx.registry.get(modelName) : undefined;
  if (model === undefined) throw new OdooException('odoo.exceptions.UserError', `Object ${String(modelName)} doesn't exist`);
  // execute: positional arguments after the method; execute_kw: one list of them, then a dict.
  const args = method === 'execute' ? rest : Array.isArray(rest[0]) ? rest[0] : [];
  const kwargs = method === 'execute_kw' && rest[1] !== null && typeof rest[1] === 'object' && !Array.isArray(rest[1]) ? (rest[1] as Record<string, unknown>) : {};
  const context = kwargs.context !== null && typeof kwargs.context === 'object' && !Array.isArray(kwargs.context) ? (kwargs.context as Record<string, unknown>) : {};
  return callMethod({ db: ctx.db, registry: ctx.registry, caller, binSize: context.bin_size === true, context }, model, modelMethod, args, kwargs);
}

async function dbService(ctx: ExternalApiContext, method: unknown, params: unknown[]): Promise<OdooValue> {
  switch (method) {
    case 'list':
      return [ctx.databaseName];
    case 'db_exist':
      return params[0] === ctx.databaseName;
    case 'server_version':
      return SERVER_VERSION;
    case 'list_lang':
      return [['en_US', 'English (US)']];
    case 'list_countries': {
      const rows = await ctx.db.query<{ code: string; name: string }>('SELECT lower(code) AS code, name FROM res_country ORDER BY name');
      return rows.rows.map((row) => [row.code, row.name]);
    }
    case 'create_database':
    case 'duplicate_database':
    case 'drop':
    case 'dump':
    case 'restore':
    case 'rename':
    case 'change_admin_password':
    case 'migrate_databases':
      // check_super: this demo has no master password, so none is right.
      throw accessDenied();
    default:
      throw new OdooException('builtins.KeyError', `'Method not found: ${String(method)}'`);
  }
}
