/** The storage adapter against a real Postgres (PGlite, in memory) with the real migrations. */
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../store/db.ts';
import { migrations } from '../store/migrations.ts';
import { OidcModelStore, purgeExpired } from './store.ts';

let db: PGlite;

beforeAll(async () => {
  db = new PGlite({ extensions: { pg_trgm } });
  await migrate(db, migrations);
});

afterAll(async () => {
  await db.close();
});

describe('OidcModelStore', () => {
  it('stores, finds and replaces a payload by model and id', async () => {
    const tokens = new OidcModelStore(db, 'AccessToken');
    await tokens.upsert('t1', { jti: 't1', grantId: 'g1', accountId: '3' }, 600);
    expect(await tokens.find('t1')).toEqual({ jti: 't1', grantId: 'g1', accountId: '3' });
    expect(await new OidcModelStore(db, 'RefreshToken').find('t1')).toBeUndefined();
    await tokens.upsert('t1', { jti: 't1', grantId: 'g1', accountId: '4' }, 600);
    expect(await tokens.find('t1')).toMatchObject({ accountId: '4' });
  });

  it('reports consumption as an epoch time, which the library reads as "already used"', async () => {
    const codes = new OidcModelStore(db, 'AuthorizationCode');
    await codes.upsert('c1', { jti: 'c1', grantId: 'g2' }, 60);
    expect(await codes.find('c1')).not.toHaveProperty('consumed');
    const before = Date.now();
    await codes.consume('c1');
    const after = Date.now();
    const found = await codes.find('c1');
    // Whole epoch seconds (the database rounds), between the moments around the call.
    expect(found?.consumed).toBeGreaterThanOrEqual(Math.floor(before / 1000));
    expect(found?.consumed).toBeLessThanOrEqual(Math.ceil(after / 1000));
  });

  it('never returns an expired row, and purges it', async () => {
    const sessions = new OidcModelStore(db, 'Session');
    await sessions.upsert('s1', { jti: 's1', uid: 'u1' }, 1);
    expect(await sessions.findByUid('u1')).toMatchObject({ jti: 's1' });
    await db.query(`UPDATE oidc_model SET expires_at = now() - interval '1 second' WHERE id = 's1'`);
    expect(await sessions.find('s1')).toBeUndefined();
    expect(await sessions.findByUid('u1')).toBeUndefined();
    expect(await purgeExpired(db)).toBeGreaterThanOrEqual(1);
    expect((await db.query(`SELECT 1 FROM oidc_model WHERE id = 's1'`)).rows).toEqual([]);
  });

  it('keeps rows without an expiry', async () => {
    const clients = new OidcModelStore(db, 'Client');
    await clients.upsert('client', { client_id: 'client' });
    expect(await clients.find('client')).toEqual({ client_id: 'client' });
  });

  it('revokes by grant id within its model only', async () => {
    const access = new OidcModelStore(db, 'AccessToken');
    const refresh = new OidcModelStore(db, 'RefreshToken');
    await access.upsert('a', { jti: 'a', grantId: 'G' }, 600);
    await access.upsert('b', { jti: 'b', grantId: 'other' }, 600);
    await refresh.upsert('r', { jti: 'r', grantId: 'G' }, 600);
    await access.revokeByGrantId('G');
    expect(await access.find('a')).toBeUndefined();
    expect(await access.find('b')).toBeDefined();
    expect(await refresh.find('r')).toBeDefined();
  });

  it('finds by user code and destroys', async () => {
    const devices = new OidcModelStore(db, 'DeviceCode');
    await devices.upsert('d', { jti: 'd', userCode: 'ABCD-EFGH' }, 600);
    expect(await devices.findByUserCode('ABCD-EFGH')).toMatchObject({ jti: 'd' });
    await devices.destroy('d');
    expect(await devices.findByUserCode('ABCD-EFGH')).toBeUndefined();
  });
});
