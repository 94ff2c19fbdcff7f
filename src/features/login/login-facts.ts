/**
 * What the login screen needs from the server — the database list, the OAuth offer and the Odoo's
 * own providers — asked for
 * as soon as the app knows nobody is signed in on this device, together with the session check
 * rather than after it (one round trip less before the form is whole on a slow network).
 */
import type { OAuthOffer } from '../../auth/oauth/availability.ts';
import type { OdooProvider } from '../../auth/oauth/odoo-providers.ts';
import { listDatabases } from '../../odoo/session.ts';

export interface LoginFacts {
  readonly databases: Promise<string[]>;
  readonly offer: Promise<OAuthOffer>;
  /** The Odoo's own "Log in with …" providers (auth_oauth), from its login page or the deployment file; none when neither has any. */
  readonly providers: Promise<OdooProvider[]>;
}

let prefetched: LoginFacts | undefined;

function ask(): LoginFacts {
  // The providers' code (reading Odoo's login page, the deployment file) loads with their answer, not with the first screen.
  const providers = import('../../auth/oauth/odoo-providers.ts').then(({ offeredProviders }) => offeredProviders(window.location.origin));
  // The offer's code too (it shares the discovery document with the sign-in's): the first screen is the signed-in one.
  const offer = import('../../auth/oauth/availability.ts').then(({ oauthOffer }) => oauthOffer(), () => ({ code: false, implicit: false, implicitIdToken: false }));
  const facts = { databases: listDatabases(), offer, providers };
  // Nobody may be waiting yet: a failure is the screen's to show, not an unhandled rejection.
  facts.databases.catch(() => undefined);
  return facts;
}

/** Starts asking now (idempotent until taken). */
export function prefetchLoginFacts(): void {
  prefetched ??= ask();
}

/** The facts asked for ahead, or asked now; each prefetch is taken once (a later login screen asks again). */
export function takeLoginFacts(): LoginFacts {
  const facts = prefetched ?? ask();
  prefetched = undefined;
  return facts;
}
