// The node project compiles src/offline and src/storage for the integration tests: the browser's
// `CryptoKey` global there is Node's WebCrypto one (a global in Node 20 at run time, not in @types/node).
import type { webcrypto } from 'node:crypto';

declare global {
  type CryptoKey = webcrypto.CryptoKey;
  var CryptoKey: { prototype: webcrypto.CryptoKey; new (): webcrypto.CryptoKey };
}
