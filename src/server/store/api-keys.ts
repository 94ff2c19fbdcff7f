/**
 * Per-user API keys, one model for both: the REST add-on endpoints (`Authorization: Bearer <key>` or
 * `X-API-Key`) and the external API (`/jsonrpc`: in place of the password, odoo/external-api.ts),
 * as Odoo's `res.users.apikeys`: 40 hex characters (160 random bits), shown once at creation, kept
 * only as a SHA-256 — a key that random needs no slow hash, and a hash can be looked up directly.
 * They are server-to-server secrets: no login route ever checks them (`/web/session/authenticate`
 * checks passwords only, `checkPassword`).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from './db.ts';

export interface ApiKeyInfo {
  readonly id: number;
  readonly login: string;
  readonly name: string;
  readonly created: string;
}

export class ApiKeyError extends Error {
  override name = 'ApiKeyError';
}

const API_KEY = /^[0-9a-f]{40}$/;

const hashOf = (key: string): string => createHash('sha256').update(key).digest('base64url');

/** True for a string shaped like an API key (an OAuth access token never is: they are base64url). */
export function looksLikeApiKey(value: string): boolean {
  return API_KEY.test(value);
}

/** Creates a key for an active user; the key itself is returned here and never again. */
export async function createApiKey(db: Queryable, login: string, name: string): Promise<{ id: number; key: string }> {
  const user = await db.query<{ id: number }>('SELECT id FROM res_users WHERE login = $1 AND active', [login]);
  const uid = user.rows[0]?.id;
  if (uid === undefined) throw new ApiKeyError(`There is no active user with the login "${login}".`);
  const key = randomBytes(20).toString('hex');
  const inserted = await db.query<{ id: number }>('INSERT INTO fb_api_key (uid, name, key_hash) VALUES ($1, $2, $3) RETURNING id', [uid, name, hashOf(key)]);
  const id = inserted.rows[0]?.id;
  if (id === undefined) throw new Error('The API key could not be stored.');
  return { id, key };
}

/** Revokes by id (digits) or by name; returns the keys removed (none: an ApiKeyError). */
export async function revokeApiKey(db: Queryable, reference: string): Promise<ApiKeyInfo[]> {
  const byId = /^\d{1,9}$/.test(reference);
  const result = await db.query<ApiKeyInfo>(
    `DELETE FROM fb_api_key k USING res_users u WHERE u.id = k.uid AND ${byId ? 'k.id = $1::integer' : 'k.name = $1'}
     RETURNING k.id, u.login, k.name, to_char(k.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS created`,
    [reference],
  );
  if (result.rows.length === 0) throw new ApiKeyError(`No API key has the ${byId ? 'id' : 'name'} "${reference}".`);
  return result.rows;
}

export async function listApiKeys(db: Queryable): Promise<ApiKeyInfo[]> {
  const result = await db.query<ApiKeyInfo>(
    `SELECT k.id, u.login, k.name, to_char(k.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS created
       FROM fb_api_key k JOIN res_users u ON u.id = k.uid ORDER BY k.id`,
  );
  return result.rows;
}

/** The user id behind a presented key, or undefined (unknown, revoked, or its user archived). */
export async function userOfApiKey(db: Queryable, key: string): Promise<number | undefined> {
  if (!looksLikeApiKey(key)) return undefined;
  const result = await db.query<{ uid: number }>('SELECT k.uid FROM fb_api_key k JOIN res_users u ON u.id = k.uid AND u.active WHERE k.key_hash = $1', [hashOf(key)]);
  return result.rows[0]?.uid;
}
