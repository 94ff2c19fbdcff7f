/**
 * oidc-provider's storage adapter on the demo's own database: one `oidc_model` row per stored
 * artifact (Session, Interaction, Grant, AuthorizationCode, AccessToken, RefreshToken,
 * ReplayDetection, …), so logins, grants and refresh tokens survive a restart.
 * Expired rows are never returned and are purged at start and then hourly.
 * @see https://github.com/panva/node-oidc-provider/blob/v9.13.3/lib/adapters/memory_adapter.js (the contract)
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Database } from '../store/db.ts';

/** Models whose rows carry a grant id, so one revocation removes them all (RFC 7009 §2.1). */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest', 'PreAuthorizedCode']);

const PURGE_EVERY_MS = 60 * 60 * 1000;

interface Row {
  payload: AdapterPayload;
  consumed: number | null;
}

export class OidcModelStore implements Adapter {
  constructor(
    private readonly db: Database,
    private readonly model: string,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const grantId = GRANTABLE.has(this.model) && typeof payload.grantId === 'string' ? payload.grantId : null;
    await this.db.query(
      `INSERT INTO oidc_model (model, id, payload, grant_id, user_code, uid, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::integer IS NULL THEN NULL ELSE now() + make_interval(secs => $7::integer) END)
       ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id,
         user_code = EXCLUDED.user_code, uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at`,
      [this.model, id, JSON.stringify(payload), grantId, payload.userCode ?? null, payload.uid ?? null, expiresIn ?? null],
    );
  }

  find(id: string): Promise<AdapterPayload | undefined> {
    return this.#findWhere('id = $2', id);
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.#findWhere('user_code = $2', userCode);
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.#findWhere('uid = $2', uid);
  }

  /** Marks a code or refresh token used; a second use is then detected by the library. */
  async consume(id: string): Promise<void> {
    await this.db.query('UPDATE oidc_model SET consumed_at = now() WHERE model = $1 AND id = $2', [this.model, id]);
  }

  async destroy(id: string): Promise<void> {
    await this.db.query('DELETE FROM oidc_model WHERE model = $1 AND id = $2', [this.model, id]);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db.query('DELETE FROM oidc_model WHERE model = $1 AND grant_id = $2', [this.model, grantId]);
  }

  async #findWhere(condition: string, value: string): Promise<AdapterPayload | undefined> {
    const result = await this.db.query<Row>(
      `SELECT payload, extract(epoch FROM consumed_at)::integer AS consumed FROM oidc_model
        WHERE model = $1 AND ${condition} AND (expires_at IS NULL OR expires_at > now())`,
      [this.model, value],
    );
    const row = result.rows[0];
    if (row === undefined) return undefined;
    return row.consumed === null ? row.payload : { ...row.payload, consumed: row.consumed };
  }
}

export async function purgeExpired(db: Database): Promise<number> {
  const result = await db.query('DELETE FROM oidc_model WHERE expires_at <= now()');
  return result.affectedRows ?? 0;
}

/** The adapter factory oidc-provider calls once per model name, and the hourly purge it needs. */
export function oidcStorage(db: Database): { adapter: (model: string) => Adapter; start(): Promise<void>; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  return {
    adapter: (model) => new OidcModelStore(db, model),
    async start() {
      await purgeExpired(db);
      timer = setInterval(() => {
        purgeExpired(db).catch((error: unknown) => console.error('[oauth] purge failed', error));
      }, PURGE_EVERY_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
