/**
 * What an account's database stores about Odoo's data is sealed: AES-GCM (256-bit key, a fresh
 * 96-bit IV per value) with a per-account key that cannot be exported (WebCrypto's
 * `extractable: false`) and lives in the `fieldbook` database, not beside the data (db.ts
 * `accountSealKey`). Logout deletes the key with the account: whatever pages of the deleted
 * database the disk still holds are ciphertext nobody can read (crypto-shredding).
 *
 * Values are sealed in batches (a page of partners, the list's first rows, one stored answer), not
 * per record: a sync of 200,000 partners seals a few thousand values. The label says what a value
 * is and goes in as additional authenticated data: a value moved to another place does not open.
 * Worker-safe: no DOM.
 */

/** A sealed value as it is stored: the IV and the ciphertext (with its 128-bit tag). */
export interface Sealed {
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly data: ArrayBuffer;
}

/** A stored value that does not open with this key: damaged, from another key, or moved. */
export class SealError extends Error {
  override readonly name = 'SealError';
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A new key for one account: AES-GCM 256, usable only to seal and open, never exported. */
export function newSealKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** `value` as JSON, sealed under `label`. */
export async function seal(key: CryptoKey, label: string, value: unknown): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(label) }, key, encoder.encode(JSON.stringify(value)));
  return { iv, data };
}

/** The value sealed under `label`; a SealError when it does not open (or is not a sealed value). */
export async function unseal(key: CryptoKey, label: string, sealed: unknown): Promise<unknown> {
  let plain: ArrayBuffer;
  try {
    const { iv, data } = sealed as Sealed;
    plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(label) }, key, data);
  } catch (error) {
    throw new SealError(`The stored ${label} does not open with this device's key.`, { cause: error });
  }
  return JSON.parse(decoder.decode(plain)) as unknown;
}
