/**
 * The OAuth clients, from configuration: the demo's two public clients by default, or the client
 * metadata (RFC 7591 / OIDC Registration names) in the JSON file named by FIELDBOOK_OAUTH_CLIENTS.
 * In that file, `{issuer}` in a string stands for the server's public origin.
 *
 * Implicit is per client and off unless configured: a client may use `response_type=token` or
 * `id_token token` only when its `response_types` list them (RFC 6749 §4.2.2.1 `unauthorized_client`
 * otherwise).
 */
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { ConfigError } from '../shared/config-error.ts';

/** The PWA's client id; its redirect URI is the PWA's `/oauth/callback` route on the same origin. */
export const PWA_CLIENT_ID = 'fieldbook';
/** A second public client without implicit, for demos and tests of `unauthorized_client`. */
export const STRICT_CLIENT_ID = 'fieldbook-strict';
/**
 * A confidential demo client for the Odoo REST add-on endpoints (oauth/addons/): code flow (with
 * its secret), refresh and client credentials; its client-credentials tokens act as `demo`.
 * Its secret is a demo value, documented like the demo passwords.
 */
export const SERVER_CLIENT_ID = 'fieldbook-server';
export const SERVER_CLIENT_SECRET = 'fieldbook-server-secret';
/** The documented restapi example's redirect URI (odoo-restapi docs: `https://127.0.0.1/callback`). */
export const SERVER_CLIENT_EXAMPLE_REDIRECT = 'https://127.0.0.1/callback';
/**
 * Client metadata: the login of the user a client is registered on, as the REST add-ons register
 * an application on a user. Its client-credentials tokens act as that user; without it, as nobody.
 */
export const ODOO_USER_METADATA = 'odoo_user';
/**
 * The client of the demo Odoo's own `auth_oauth` provider (odoo/auth-oauth.ts): the implicit grant
 * as Odoo's login page uses it (redirect URI `/auth_oauth/signin`), and Fieldbook's "Log in with …"
 * (redirect URI `/oauth/callback`), implicit or code + PKCE.
 */
export const AUTH_OAUTH_CLIENT_ID = 'odoo-auth-oauth';
/** Clients that are part of this deployment: their users are not asked for consent (see grants.ts). */
export const FIRST_PARTY_CLIENTS: ReadonlySet<string> = new Set([PWA_CLIENT_ID, AUTH_OAUTH_CLIENT_ID]);

/**
 * Client metadata as configured (oidc-provider's `ClientMetadata`, checked by the library at start),
 * except that `response_types` may list plain `token` (library-patches.ts).
 */
export interface ClientConfig {
  readonly client_id: string;
  readonly response_types?: readonly string[] | undefined;
  readonly [name: string]: unknown;
}

export function demoClients(issuer: string, apiPrefix = 'api'): ClientConfig[] {
  const origin = new URL(issuer).origin;
  const publicWebClient = () => ({
    application_type: 'web',
    token_endpoint_auth_method: 'none',
    redirect_uris: [`${origin}/oauth/callback`],
    post_logout_redirect_uris: [`${origin}/`],
    // No form_post: every response goes to the redirect URI in its query or fragment.
    response_modes: ['query', 'fragment'],
  });
  return [
    {
      ...publicWebClient(),
      client_id: PWA_CLIENT_ID,
      client_name: 'Fieldbook',
      response_types: ['code', 'id_token token', 'token'],
      grant_types: ['authorization_code', 'refresh_token', 'implicit'],
    },
    {
      ...publicWebClient(),
      client_id: STRICT_CLIENT_ID,
      client_name: 'Fieldbook (code flow only)',
      response_types: ['code'],
      grant_types: ['authorization_code', 'refresh_token'],
    },
    {
      ...publicWebClient(),
      client_id: AUTH_OAUTH_CLIENT_ID,
      client_name: 'Odoo (auth_oauth)',
      redirect_uris: [`${origin}/auth_oauth/signin`, `${origin}/oauth/callback`],
      response_types: ['token', 'code'],
      grant_types: ['implicit', 'authorization_code'],
    },
    {
      client_id: SERVER_CLIENT_ID,
      client_name: 'Fieldbook demo server app',
      client_secret: SERVER_CLIENT_SECRET,
      application_type: 'web',
      token_endpoint_auth_method: 'client_secret_post',
      redirect_uris: [`${origin}/${apiPrefix}/oauth2/provider/callback`, SERVER_CLIENT_EXAMPLE_REDIRECT],
      response_modes: ['query'],
      response_types: ['code'],
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
      [ODOO_USER_METADATA]: 'demo',
    },
  ];
}

const ClientsFileSchema = v.pipe(
  v.array(
    v.looseObject({
      client_id: v.pipe(v.string(), v.minLength(1)),
      redirect_uris: v.optional(v.array(v.string())),
      response_types: v.optional(v.array(v.string())),
      grant_types: v.optional(v.array(v.string())),
    }),
  ),
  v.minLength(1, 'the file must list at least one client'),
);

/** A ConfigError: the server refuses to start with it, saying why (src/server/cli/start.ts). */
export class ClientsFileError extends ConfigError {
  override name = 'ClientsFileError';
}

/** The configured clients: the file's, when one is named, else the demo defaults. */
export function loadClients(issuer: string, file: string | undefined, apiPrefix = 'api'): ClientConfig[] {
  if (file === undefined) return demoClients(issuer, apiPrefix);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ClientsFileError(`FIELDBOOK_OAUTH_CLIENTS: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = v.safeParse(ClientsFileSchema, substituteIssuer(json, new URL(issuer).origin));
  if (!parsed.success) {
    throw new ClientsFileError(`FIELDBOOK_OAUTH_CLIENTS: ${parsed.issues.map((issue) => `${v.getDotPath(issue) ?? 'file'}: ${issue.message}`).join('; ')}`);
  }
  return parsed.output;
}

function substituteIssuer(value: unknown, origin: string): unknown {
  if (typeof value === 'string') return value.replaceAll('{issuer}', origin);
  if (Array.isArray(value)) return value.map((item) => substituteIssuer(item, origin));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituteIssuer(item, origin)]));
  }
  return value;
}
