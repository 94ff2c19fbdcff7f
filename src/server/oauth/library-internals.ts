/**
 * The only place that touches oidc-provider internals, for plain-implicit.ts and form-post.ts.
 * The library is pinned to an exact version (package.json) and `assertPinnedLibrary` refuses to
 * start on another one, so an upgrade is a deliberate change that reruns the tests in
 * plain-implicit.test.ts and tests/integration/oauth-*.test.ts, not a silent break.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type Provider from 'oidc-provider';
import instance from 'oidc-provider/lib/helpers/weak_cache.js';
import type { KoaContextWithOIDC, UnknownObject } from 'oidc-provider';

/** The oidc-provider release the extensions were written and tested against. */
export const PINNED_OIDC_PROVIDER_VERSION = '9.13.3';

export function installedLibraryVersion(): string {
  const path = createRequire(import.meta.url).resolve('oidc-provider/package.json');
  const { version } = JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown };
  return typeof version === 'string' ? version : 'unknown';
}

export class UnsupportedLibraryVersion extends Error {
  override name = 'UnsupportedLibraryVersion';
}

export function assertPinnedLibrary(version = installedLibraryVersion()): void {
  if (version !== PINNED_OIDC_PROVIDER_VERSION) {
    throw new UnsupportedLibraryVersion(
      `oidc-provider ${version} is installed, but the plain-implicit and form_post extensions (src/server/oauth/) ` +
        `were written against ${PINNED_OIDC_PROVIDER_VERSION}: check them against the new release, then update PINNED_OIDC_PROVIDER_VERSION.`,
    );
  }
}

export type ResponseModeHandler = (this: Provider, ctx: KoaContextWithOIDC, redirectUri: string, payload: UnknownObject) => void | Promise<void>;

export interface LibraryInternals {
  /** `configuration.responseTypes`: what the authorization endpoint and client validation accept. */
  readonly responseTypes: string[];
  /** The registered response modes (`query`, `fragment`, `form_post`, …) by name. */
  readonly responseModes: Map<string, ResponseModeHandler>;
}

/** The provider's internal state, shape-checked so a changed internal fails at start, loudly. */
export function libraryInternals(provider: Provider): LibraryInternals {
  const state = instance(provider);
  const configuration = isObject(state) ? state.configuration : undefined;
  const responseTypes = isObject(configuration) ? configuration.responseTypes : undefined;
  const responseModes = isObject(state) ? state.responseModes : undefined;
  if (!Array.isArray(responseTypes) || !responseTypes.every((type) => typeof type === 'string') || !(responseModes instanceof Map)) {
    throw new UnsupportedLibraryVersion('oidc-provider internals changed: configuration.responseTypes or responseModes not found.');
  }
  return { responseTypes: responseTypes as string[], responseModes: responseModes as Map<string, ResponseModeHandler> };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}
