/**
 * The authorization server's secrets, generated on first start and kept in `oidc_secret`: the
 * signing keys (an ES256 and an RS256 key, published at the JWKS endpoint), the cookie-signing
 * keys and the CSRF key. The same ones are read back at every start, so ID tokens, cookies and
 * forms issued before a restart stay valid — and the library's development keys are never used.
 */
import { generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import type { JWK } from 'oidc-provider';
import * as v from 'valibot';
import type { Database } from '../store/db.ts';

export interface OAuthSecrets {
  /** Private signing keys, each with `kid` (RFC 7638 thumbprint), `alg` and `use: sig`. */
  readonly jwks: { keys: JWK[] };
  readonly cookieKeys: string[];
  readonly csrfKey: Buffer;
}

const JwkSchema = v.looseObject({ kty: v.picklist(['EC', 'RSA']), kid: v.string(), alg: v.string(), use: v.literal('sig') });
const StoredSchema = v.object({
  jwks: v.object({ keys: v.pipe(v.array(JwkSchema), v.minLength(1)) }),
  cookieKeys: v.pipe(v.array(v.pipe(v.string(), v.minLength(32))), v.minLength(1)),
  csrfKey: v.pipe(v.string(), v.minLength(32)),
});
type Stored = v.InferOutput<typeof StoredSchema>;

const NAME = 'authorization-server';

/** Reads the stored secrets, generating and storing them the first time. */
export async function loadSecrets(db: Database): Promise<OAuthSecrets> {
  let stored = await read(db);
  if (stored === undefined) {
    // Two processes never share a data directory (store/lock.ts); ON CONFLICT only guards a retry.
    await db.query('INSERT INTO oidc_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [NAME, JSON.stringify(await generate())]);
    stored = await read(db);
    if (stored === undefined) throw new Error('The authorization server secrets could not be stored.');
  }
  return {
    jwks: { keys: stored.jwks.keys.map((key) => ({ ...key }) as JWK) },
    cookieKeys: stored.cookieKeys,
    csrfKey: Buffer.from(stored.csrfKey, 'base64url'),
  };
}

async function read(db: Database): Promise<Stored | undefined> {
  const result = await db.query<{ value: unknown }>('SELECT value FROM oidc_secret WHERE name = $1', [NAME]);
  const row = result.rows[0];
  if (row === undefined) return undefined;
  const parsed = v.safeParse(StoredSchema, row.value);
  if (!parsed.success) throw new Error(`The stored authorization server secrets are malformed: ${parsed.issues[0]?.message ?? 'unknown'}`);
  return parsed.output;
}

async function generate(): Promise<Stored> {
  // RS256 first: it is the default `id_token_signed_response_alg` of clients (OIDC Core §15.1).
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  return {
    jwks: { keys: [await signingKey(rsa, 'RS256'), await signingKey(ec, 'ES256')] },
    cookieKeys: [randomBytes(32).toString('base64url')],
    csrfKey: randomBytes(32).toString('base64url'),
  };
}

async function signingKey(jwk: JsonWebKey, alg: string): Promise<Stored['jwks']['keys'][number]> {
  if (jwk.kty !== 'EC' && jwk.kty !== 'RSA') throw new Error(`unexpected key type ${String(jwk.kty)}`);
  const kid = await calculateJwkThumbprint({ ...jwk, kty: jwk.kty });
  return { ...jwk, kty: jwk.kty, kid, alg, use: 'sig' };
}
