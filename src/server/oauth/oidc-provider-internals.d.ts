/**
 * The one oidc-provider internal the extensions reach (library-internals.ts): the per-provider
 * state behind its weak cache. Typed `unknown`: library-internals.ts checks its shape at start.
 * @see https://github.com/panva/node-oidc-provider/blob/v9.13.3/lib/helpers/weak_cache.js
 */
declare module 'oidc-provider/lib/helpers/weak_cache.js' {
  const instance: (provider: object) => unknown;
  export default instance;
}
