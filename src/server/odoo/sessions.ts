/**
 * Server-side sessions, like Odoo's: the browser holds only an opaque 84-character `session_id`
 * cookie (HttpOnly); the server keeps a SHA-256 of it, so a copy of the database cannot be replayed.
 * @see odoo-wire/README.md "Session cookie"
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../store/db.ts';

/** Odoo: `Max-Age=604800` (7 days); renewed by `get_session_info`. */
export const SESSION_MAX_AGE_SECONDS = 604_800;

export interface SessionRecord {
  readonly uid: number;
  readonly db: string;
  readonly login: string;
}

export function newSessionId(): string {
  return randomBytes(63).toString('base64url'); // 84 URL-safe characters, as Odoo's
}

const hash = (sid: string) => createHash('sha256').update(sid).digest('base64url');

export class SessionStore {
  constructor(private readonly db: Database) {}

  async create(sid: string, record: SessionRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO fb_session (sid_hash, uid, db, login, expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
      [hash(sid), record.uid, record.db, record.login, SESSION_MAX_AGE_SECONDS],
    );
  }

  /** The live session for a cookie value, or undefined (unknown, destroyed, expired, or user archived). */
  async get(sid: string | undefined): Promise<SessionRecord | undefined> {
    if (sid === undefined || sid.length < 32 || sid.length > 128) return undefined;
    const result = await this.db.query<{ uid: number; db: string; login: string }>(
      `SELECT s.uid, s.db, u.login FROM fb_session s JOIN res_users u ON u.id = s.uid AND u.active
        WHERE s.sid_hash = $1 AND s.expires_at > now()`,
      [hash(sid)],
    );
    return result.rows[0];
  }

  /** Rolling expiry: a session in use stays alive for another full period. */
  async touch(sid: string): Promise<void> {
    await this.db.query(`UPDATE fb_session SET expires_at = now() + make_interval(secs => $2) WHERE sid_hash = $1`, [hash(sid), SESSION_MAX_AGE_SECONDS]);
  }

  async destroy(sid: string | undefined): Promise<void> {
    if (sid === undefined) return;
    await this.db.query('DELETE FROM fb_session WHERE sid_hash = $1', [hash(sid)]);
  }

  /** Ends every session of a user (password change, account archived, OAuth revocation). */
  async destroyForUser(uid: number): Promise<void> {
    await this.db.query('DELETE FROM fb_session WHERE uid = $1', [uid]);
  }

  async purgeExpired(): Promise<number> {
    const result = await this.db.query('DELETE FROM fb_session WHERE expires_at <= now()');
    return result.affectedRows ?? 0;
  }
}
