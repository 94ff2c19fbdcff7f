/**
 * The deployment file, `/fieldbook.json`: what the people who install Fieldbook beside their Odoo
 * may tell it, when the Odoo itself cannot (the build ships an empty one, public/fieldbook.json):
 *
 *   {
 *     "providers": [{ "id": 3, "database": "odoo", "label": "Log in with Keycloak",
 *                     "authorizationEndpoint": "https://sso.example.com/realms/field/…/auth",
 *                     "issuer": "https://sso.example.com/realms/field",
 *                     "clientId": "fieldbook", "scope": "openid profile email" }],
 *     "connect": ["https://sso.example.com"]
 *   }
 *
 * - `providers`: the "Log in with …" choices when the Odoo's login page shows none or cannot be
 *   read (a reverse proxy that hides it, a customised page): the same fields the login page's links
 *   carry (odoo-providers.ts), the `id` and `database` being the Odoo's `auth.oauth.provider` id and
 *   database, as `/auth_oauth/signin` needs them; `issuer` (optional, on the endpoint's origin) is
 *   where its discovery document is, when not at the origin's root.
 * - `connect`: the origins the app may call from the browser — the same list must be in the page's
 *   CSP `connect-src` (the server adds it; an nginx recipe must too). A provider on one of them gets
 *   the code flow with PKCE when its discovery allows it; anywhere else, the implicit grant.
 *
 * Entries that are not what they should be are left out, each on its own; a file that is not JSON
 * is as if absent.
 */
import type { OdooProvider } from './odoo-providers.ts';

export interface Deployment {
  readonly providers: readonly OdooProvider[];
  readonly connect: readonly string[];
}

export const DEPLOYMENT_PATH = '/fieldbook.json';

const NONE: Deployment = { providers: [], connect: [] };
const text = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** An http(s) URL's origin when `value` is exactly an origin; undefined otherwise. */
function origin(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const url = URL.parse(value);
  return url !== null && (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value.replace(/\/$/, '') ? url.origin : undefined;
}

function provider(value: unknown): OdooProvider | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const entry = value as Record<string, unknown>;
  const endpoint = typeof entry.authorizationEndpoint === 'string' ? URL.parse(entry.authorizationEndpoint) : null;
  if (endpoint === null || (endpoint.protocol !== 'https:' && endpoint.protocol !== 'http:') || endpoint.username !== '' || endpoint.password !== '') return undefined;
  if (typeof entry.id !== 'number' || !Number.isSafeInteger(entry.id) || !text(entry.database) || !text(entry.clientId)) return undefined;
  // An issuer on the endpoint's own origin only (the origin the CSP lets the app call).
  const issuer = typeof entry.issuer === 'string' ? URL.parse(entry.issuer) : null;
  if (entry.issuer !== undefined && (issuer === null || issuer.origin !== endpoint.origin || issuer.search !== '' || issuer.hash !== '')) return undefined;
  return {
    ...(issuer === null ? {} : { issuer: issuer.href.replace(/\/$/, '') }),
    id: entry.id,
    database: entry.database,
    label: text(entry.label) ? entry.label.trim() : `Provider ${entry.id}`,
    authorizationEndpoint: `${endpoint.origin}${endpoint.pathname}`,
    clientId: entry.clientId,
    scope: text(entry.scope) ? entry.scope : 'openid profile email',
  };
}

/** The deployment file's content, checked. */
export function parseDeployment(value: unknown): Deployment {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return NONE;
  const { providers, connect } = value as { providers?: unknown; connect?: unknown };
  return {
    providers: Array.isArray(providers) ? providers.flatMap((entry) => provider(entry) ?? []) : [],
    connect: Array.isArray(connect) ? connect.flatMap((entry) => origin(entry) ?? []) : [],
  };
}

/** Reads `/fieldbook.json` from this origin; none (not an error) when there is none or it cannot be read. */
export async function fetchDeployment(signal?: AbortSignal): Promise<Deployment> {
  try {
    const response = await fetch(DEPLOYMENT_PATH, { headers: { Accept: 'application/json' }, credentials: 'same-origin', ...(signal ? { signal } : {}) });
    if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return NONE;
    return parseDeployment(await response.json());
  } catch {
    return NONE;
  }
}
