/**
 * Who a request is, below the routes that ask: the one database this backend serves, the password
 * check on `res.users`, and what the Odoo routes and the authorization server (src/server/oauth/)
 * agree on for a token credential — the access a request asks of it, and its refusal.
 */
import type { Database } from '../store/db.ts';
import { verifyPassword } from '../store/passwords.ts';

export const DATABASE_NAME = 'fieldbook';

/**
 * What a request asks of an access token's scopes: `identity` (who the user is: the session
 * routes), `read` (read-only model methods), `write` (the others). A session cookie may do all.
 */
export type TokenAccess = 'identity' | 'read' | 'write';

/**
 * A credential came with the request but is refused: answered as is (RFC 6750 §3.1: 401 with
 * `WWW-Authenticate`), not as an Odoo error envelope — that stays for requests with no credential.
 */
export class CredentialRejected extends Error {
  override name = 'CredentialRejected';
  constructor(
    readonly status: number,
    readonly headers: Readonly<Record<string, string>>,
    readonly body: Readonly<{ error: string; error_description: string }>,
  ) {
    super(body.error_description);
  }
}

/** Same cost whether or not the login exists, so timing does not tell which logins are real. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export async function checkPassword(db: Database, login: string, password: string): Promise<number | undefined> {
  const result = await db.query<{ id: number; password_hash: string }>('SELECT id, password_hash FROM res_users WHERE login = $1 AND active', [login]);
  const user = result.rows[0];
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  return ok && user !== undefined ? user.id : undefined;
}
