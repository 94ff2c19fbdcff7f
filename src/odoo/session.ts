/**
 * Odoo's session routes, with the one validation of `session_info` the app relies on.
 * @see odoo-wire/01-authenticate-ok.json, 04a, 09a, 10a
 */
import { OdooError } from './errors.ts';
import { jsonRpc, type RpcOptions } from './rpc.ts';

/** The session facts Fieldbook keeps (never the cookie: it is HttpOnly). */
export interface SessionInfo {
  readonly uid: number;
  readonly db: string;
  readonly name: string;
  readonly username: string;
  readonly partnerId: number;
  readonly isInternalUser: boolean;
  readonly serverVersion: string;
  readonly context: { readonly lang: string; readonly tz: string; readonly uid: number };
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Validates `session_info` at the trust boundary; anything off is a `protocol` error. */
export function parseSessionInfo(value: unknown): SessionInfo {
  if (!isRecord(value)) throw new OdooError('protocol', 'Odoo sent no session information.');
  const { uid, db, name, username, partner_id, is_internal_user, server_version, user_context } = value;
  if (typeof uid !== 'number' || typeof db !== 'string' || typeof partner_id !== 'number') {
    throw new OdooError('protocol', 'Odoo sent session information without uid, db or partner_id.');
  }
  const context = isRecord(user_context) ? user_context : {};
  return {
    uid,
    db,
    name: typeof name === 'string' ? name : String(username ?? uid),
    username: typeof username === 'string' ? username : '',
    partnerId: partner_id,
    isInternalUser: is_internal_user === true,
    serverVersion: typeof server_version === 'string' ? server_version : 'unknown',
    context: {
      lang: typeof context.lang === 'string' ? context.lang : 'en_US',
      tz: typeof context.tz === 'string' ? context.tz : 'UTC',
      uid,
    },
  };
}

export async function authenticate(credentials: { db: string; login: string; password: string }, options?: RpcOptions): Promise<SessionInfo> {
  return parseSessionInfo(await jsonRpc('/web/session/authenticate', credentials, options));
}

/** The live session behind the browser's cookie; throws `session_expired` when there is none. */
export async function getSessionInfo(options?: RpcOptions): Promise<SessionInfo> {
  return parseSessionInfo(await jsonRpc('/web/session/get_session_info', {}, options));
}

export async function destroySession(options?: RpcOptions): Promise<void> {
  await jsonRpc('/web/session/destroy', {}, options);
}

export async function listDatabases(options?: RpcOptions): Promise<string[]> {
  const result = await jsonRpc('/web/database/list', {}, options);
  if (!Array.isArray(result) || result.some((db) => typeof db !== 'string')) {
    throw new OdooError('protocol', 'Odoo sent a database list that is not a list of names.');
  }
  return result as string[];
}
