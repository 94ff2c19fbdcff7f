/** The server's configuration, parsed once from the environment (STYLE.md: env parsed once, with a schema). */
import { resolve } from 'node:path';
import * as v from 'valibot';
import { ConfigError } from './shared/config-error.ts';

const port = v.pipe(v.string(), v.regex(/^\d{1,5}$/, 'PORT must be a number from 0 to 65535'), v.transform(Number), v.maxValue(65535, 'PORT must be a number from 0 to 65535'));

const EnvSchema = v.object({
  PORT: v.optional(port, '8069'),
  HOST: v.optional(v.pipe(v.string(), v.minLength(1)), '127.0.0.1'),
  FIELDBOOK_DATA_DIR: v.optional(v.pipe(v.string(), v.minLength(1)), '.data'),
  ODOO_URL: v.optional(v.pipe(v.string(), v.url('ODOO_URL must be an absolute http(s) URL such as http://localhost:8069'), v.regex(/^https?:\/\//i, 'ODOO_URL must start with http:// or https://'))),
  FIELDBOOK_UPSTREAM_TIMEOUT_MS: v.optional(v.pipe(v.string(), v.regex(/^\d+$/, 'FIELDBOOK_UPSTREAM_TIMEOUT_MS must be a whole number of milliseconds'), v.transform(Number), v.minValue(100)), '30000'),
  FIELDBOOK_SEED_PARTNERS: v.optional(v.pipe(v.string(), v.regex(/^\d+$/, 'FIELDBOOK_SEED_PARTNERS must be a whole number'), v.transform(Number)), '5000'),
  // The origin people and OAuth clients reach the server at (behind a TLS proxy, say): the issuer.
  FIELDBOOK_PUBLIC_URL: v.optional(
    v.pipe(
      v.string(),
      v.url('FIELDBOOK_PUBLIC_URL must be an absolute http(s) URL such as https://fieldbook.example.com'),
      v.regex(/^https?:\/\/[^/?#]+\/?$/i, 'FIELDBOOK_PUBLIC_URL must be an origin (scheme, host and port), without a path, query or fragment'),
    ),
  ),
  FIELDBOOK_OAUTH_CLIENTS: v.optional(v.pipe(v.string(), v.minLength(1))),
  // The deployment file the app reads at /fieldbook.json (src/server/http/deployment.ts).
  FIELDBOOK_DEPLOYMENT_FILE: v.optional(v.pipe(v.string(), v.minLength(1))),
  // `<api>` in the "API OAuth2 Authentication" add-on's `/<api>/oauth2/…` routes.
  FIELDBOOK_API_PREFIX: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[a-z0-9][a-z0-9_-]{0,31}$/i, 'FIELDBOOK_API_PREFIX must be one path segment of letters, digits, - and _'),
      v.check((value) => !['web', 'oauth', 'oauth2', 'restapi', 'assets', 'websocket'].includes(value.toLowerCase()), 'FIELDBOOK_API_PREFIX names a route the server already has'),
    ),
    'api',
  ),
});

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Set in proxy mode: `/web/…` goes to this Odoo instead of the demo backend. */
  readonly odooUrl: URL | undefined;
  /** Proxy mode: how long Odoo may take to answer before the proxy gives up. */
  readonly upstreamTimeoutMs: number;
  /** How many partners a new data directory is seeded with. */
  readonly seedPartners: number;
  /** The public origin (the OAuth issuer); undefined: the URL the server listens on. */
  readonly publicUrl: URL | undefined;
  /** A JSON file of OAuth client metadata replacing the demo clients (src/server/oauth/clients.ts). */
  readonly oauthClientsFile: string | undefined;
  /** `<api>` of the `/<api>/oauth2/…` add-on routes (src/server/oauth/addons/client-users.ts). */
  readonly apiPrefix: string;
  /** The app's deployment file, served at /fieldbook.json (src/server/http/deployment.ts). */
  readonly deploymentFile: string | undefined;
}

export { ConfigError };

export function parseConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): ServerConfig {
  const picked = Object.fromEntries(Object.keys(EnvSchema.entries).flatMap((key) => (env[key] === undefined || env[key] === '' ? [] : [[key, env[key]]])));
  const result = v.safeParse(EnvSchema, picked);
  if (!result.success) {
    throw new ConfigError(result.issues.map((issue) => `${v.getDotPath(issue) ?? 'environment'}: ${issue.message}`).join('\n'));
  }
  const out = result.output;
  return {
    port: out.PORT,
    host: out.HOST,
    dataDir: resolve(cwd, out.FIELDBOOK_DATA_DIR),
    odooUrl: out.ODOO_URL === undefined ? undefined : new URL(out.ODOO_URL),
    upstreamTimeoutMs: out.FIELDBOOK_UPSTREAM_TIMEOUT_MS,
    seedPartners: out.FIELDBOOK_SEED_PARTNERS,
    publicUrl: out.FIELDBOOK_PUBLIC_URL === undefined ? undefined : new URL(out.FIELDBOOK_PUBLIC_URL),
    oauthClientsFile: out.FIELDBOOK_OAUTH_CLIENTS === undefined ? undefined : resolve(cwd, out.FIELDBOOK_OAUTH_CLIENTS),
    apiPrefix: out.FIELDBOOK_API_PREFIX,
    deploymentFile: out.FIELDBOOK_DEPLOYMENT_FILE === undefined ? undefined : resolve(cwd, out.FIELDBOOK_DEPLOYMENT_FILE),
  };
}
