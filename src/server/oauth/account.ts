/**
 * Accounts for oidc-provider: the demo's res_users, the same users and passwords as Odoo's session
 * login. `sub` is the user id as a string; claims by scope (OIDC Core §5.4), plus `odoo`:
 * which Odoo database and user id the tokens act on.
 */
import type { Account, AccountClaims, FindAccount } from 'oidc-provider';
import { DATABASE_NAME } from '../odoo/credentials.ts';
import type { Database } from '../store/db.ts';

/** Claims released per scope; the `odoo` scope is ours. */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'preferred_username', 'locale', 'zoneinfo'],
  email: ['email'],
  odoo: ['odoo_db', 'odoo_uid'],
} as const;

/**
 * What a token may do with Odoo's data, besides knowing who the user is (the identity scopes above
 * and `odoo`, which names the database and user, grant no data access):
 *  - `odoo.read`: read-only model methods on `call_kw` (search_read, read, search_count …) as the user;
 *  - `odoo.write`: the model methods that change data (create, write, unlink) as the user;
 *  - `restapi.read`: the REST add-on's read-only object API (`/restapi/1.0/object/…`) as the user.
 * Enforced on every resource route (resource-access.ts `scopeRefusal`).
 */
export const DATA_SCOPES = { read: 'odoo.read', write: 'odoo.write', restapi: 'restapi.read' } as const;

export const SCOPES = ['openid', 'profile', 'email', 'offline_access', 'odoo', DATA_SCOPES.read, DATA_SCOPES.write, DATA_SCOPES.restapi] as const;

/** The user id behind an account id, or undefined for anything that is not one. */
export function uidOf(accountId: string): number | undefined {
  if (!/^[1-9]\d{0,9}$/.test(accountId)) return undefined;
  const uid = Number(accountId);
  return uid <= 2_147_483_647 ? uid : undefined;
}

interface UserRow {
  id: number;
  login: string;
  name: string | null;
  email: string | null;
  lang: string | null;
  tz: string | null;
}

export async function findUser(db: Database, uid: number): Promise<UserRow | undefined> {
  const result = await db.query<UserRow>(
    `SELECT u.id, u.login, p.name, p.email, u.lang, u.tz
       FROM res_users u JOIN res_partner p ON p.id = u.partner_id WHERE u.id = $1 AND u.active`,
    [uid],
  );
  return result.rows[0];
}

export function accountFinder(db: Database): FindAccount {
  return async (_ctx, sub): Promise<Account | undefined> => {
    const uid = uidOf(sub);
    const user = uid === undefined ? undefined : await findUser(db, uid);
    if (user === undefined) return undefined;
    return {
      accountId: String(user.id),
      claims(): AccountClaims {
        // The library filters these by the granted scopes and claims.
        return {
          sub: String(user.id),
          name: user.name ?? user.login,
          preferred_username: user.login,
          ...(user.email ? { email: user.email } : {}),
          ...(user.lang ? { locale: user.lang.replace('_', '-') } : {}),
          ...(user.tz ? { zoneinfo: user.tz } : {}),
          odoo_db: DATABASE_NAME,
          odoo_uid: user.id,
        };
      },
    };
  };
}
