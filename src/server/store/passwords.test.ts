import { scryptSync } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.ts';

describe('hashPassword', () => {
  it('writes scrypt with N=16384, r=8, p=1, a 16-byte salt and a base64url hash', async () => {
    const stored = await hashPassword('admin');
    const [scheme, n, r, p, salt, hash, ...rest] = stored.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '16384', '8', '1']);
    expect(rest).toEqual([]);
    expect(salt).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(salt ?? '', 'base64url')).toHaveLength(16);
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('salts each hash, so the same password never gives the same value twice', async () => {
    const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')]);
    expect(a).not.toBe(b);
  });
});

describe('verifyPassword', () => {
  it('accepts the password that was hashed, unicode included', async () => {
    const stored = await hashPassword('pässwörd 🔑');
    expect(await verifyPassword('pässwörd 🔑', stored)).toBe(true);
  });

  it('rejects a wrong, empty or differently cased password', async () => {
    const stored = await hashPassword('admin');
    expect(await verifyPassword('admin ', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
    expect(await verifyPassword('Admin', stored)).toBe(false);
  });

  it('rejects a hash whose bytes were changed', async () => {
    const stored = await hashPassword('admin');
    const parts = stored.split('$');
    const hash = Buffer.from(parts[5] ?? '', 'base64url');
    hash[0] = (hash[0] ?? 0) ^ 1;
    parts[5] = hash.toString('base64url');
    expect(await verifyPassword('admin', parts.join('$'))).toBe(false);
  });

  it('returns false, without throwing, for malformed stored values', async () => {
    const good = await hashPassword('admin');
    const [, , , , salt, hash] = good.split('$');
    const malformed = [
      '',
      'admin',
      '$$$$$',
      `bcrypt$16384$8$1$${salt}$${hash}`,
      `scrypt$16384$8$1$${salt}`,
      `scrypt$16384$8$1$${salt}$${hash}$extra`,
      `scrypt$16383$8$1$${salt}$${hash}`, // N not a power of two
      `scrypt$1$8$1$${salt}$${hash}`,
      `scrypt$4294967296$8$1$${salt}$${hash}`, // asks for absurd memory
      `scrypt$16384$0$1$${salt}$${hash}`,
      `scrypt$16384$8$-1$${salt}$${hash}`,
      `scrypt$16384$8$1$${salt}$`,
      `scrypt$16384$8$1$$${hash}`,
      `scrypt$16384$8$1$not base64!$${hash}`,
      `scrypt$16384$8$1$${salt}$${hash}==`,
      `scrypt$1e4$8$1$${salt}$${hash}`,
    ];
    for (const stored of malformed) {
      await expect(verifyPassword('admin', stored), stored).resolves.toBe(false);
    }
  });

  it('still verifies a hash stored with other valid parameters', async () => {
    // A hash written with N=1024, r=8, p=1 (for example by an older, cheaper setting) stays valid.
    const salt = Buffer.alloc(16, 7);
    const hash = scryptSync('demo', salt, 32, { N: 1024, r: 8, p: 1 });
    const stored = `scrypt$1024$8$1$${salt.toString('base64url')}$${hash.toString('base64url')}`;
    expect(await verifyPassword('demo', stored)).toBe(true);
    expect(await verifyPassword('demo2', stored)).toBe(false);
  });
});
