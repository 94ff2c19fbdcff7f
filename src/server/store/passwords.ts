/**
 * Password hashing for res_users.password_hash: scrypt from node:crypto, stored self-describing as
 * `scrypt$N$r$p$<salt b64url>$<hash b64url>` so the cost can be raised later without a migration.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 16384;
const r = 8;
const p = 1;
const saltBytes = 16;
const keyBytes = 32;
/** Upper bounds on what a stored value may ask for, so a tampered row cannot make a login burn the CPU. */
const maxCost = 1 << 20;
const maxBlockSize = 32;
const maxParallelism = 16;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(saltBytes);
  const hash = await derive(password, salt, keyBytes, { N, r, p });
  return ['scrypt', N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** True when `password` matches `stored`; false for a wrong password or a malformed `stored`. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored);
  if (parsed === undefined) return false;
  try {
    const hash = await derive(password, parsed.salt, parsed.hash.length, parsed.options);
    return timingSafeEqual(hash, parsed.hash);
  } catch {
    return false;
  }
}

interface StoredHash {
  readonly options: { N: number; r: number; p: number };
  readonly salt: Buffer;
  readonly hash: Buffer;
}

const base64url = /^[A-Za-z0-9_-]+$/;

function parseStored(stored: string): StoredHash | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6) return undefined;
  const [scheme, costText, blockText, parallelText, saltText, hashText] = parts;
  if (scheme !== 'scrypt' || saltText === undefined || hashText === undefined) return undefined;
  const cost = positiveInteger(costText);
  const blockSize = positiveInteger(blockText);
  const parallelism = positiveInteger(parallelText);
  if (cost === undefined || blockSize === undefined || parallelism === undefined) return undefined;
  // N must be a power of two above 1 (scrypt's own rule).
  if (cost < 2 || cost > maxCost || (cost & (cost - 1)) !== 0) return undefined;
  if (blockSize > maxBlockSize || parallelism > maxParallelism) return undefined;
  if (!base64url.test(saltText) || !base64url.test(hashText)) return undefined;
  const salt = Buffer.from(saltText, 'base64url');
  const hash = Buffer.from(hashText, 'base64url');
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return undefined;
  return { options: { N: cost, r: blockSize, p: parallelism }, salt, hash };
}

function positiveInteger(text: string | undefined): number | undefined {
  if (text === undefined || !/^[1-9]\d{0,7}$/.test(text)) return undefined;
  return Number(text);
}

function derive(password: string, salt: Buffer, length: number, options: ScryptOptions & { N: number; r: number }): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; give it that plus headroom instead of the 32 MiB default.
  const maxmem = 256 * options.N * options.r;
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, { ...options, maxmem }, (error, key) => {
      if (error === null) resolve(key);
      else reject(error);
    });
  });
}
