/**
 * oidc-provider's configuration for the demo backend: what the authorization server supports and
 * how long things live. Everything it stores goes to the demo database (store.ts); its keys are
 * ours (secrets.ts); its pages are ours (views.ts) under our headers (page-headers.ts); what we
 * change in the library itself is in library-patches.ts.
 * @see https://github.com/panva/node-oidc-provider/blob/v9.13.3/docs/README.md#configuration-options
 */
import Provider, { errors, type Adapter, type ClientMetadata, type Configuration, type ErrorOut, type KoaContextWithOIDC } from 'oidc-provider';
import type { Database } from '../store/db.ts';
import { accountFinder, DATA_SCOPES, SCOPE_CLAIMS, SCOPES } from './account.ts';
import { AUTH_OAUTH_CLIENT_ID, ODOO_USER_METADATA, type ClientConfig } from './clients.ts';
import { DPOP_ALGORITHMS } from './dpop.ts';
import { loadExistingGrant } from './grants.ts';
import { INTERACTION_PATH } from './interactions.ts';
import { applyLibraryPatches, replaceLogoutAutoSubmit } from './library-patches.ts';
import { applyPageHeaders } from './page-headers.ts';
import type { OAuthSecrets } from './secrets.ts';
import { DATABASE_NAME } from '../odoo/credentials.ts';
import { errorPage, logoutPage, logoutSuccessPage } from './views.ts';

const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;

/** Every endpoint under /oauth2/; discovery stays at /.well-known/ (RFC 8414, OIDC Discovery). */
export const ROUTES = {
  authorization: '/oauth2/auth',
  token: '/oauth2/token',
  userinfo: '/oauth2/userinfo',
  jwks: '/oauth2/jwks',
  revocation: '/oauth2/revoke',
  introspection: '/oauth2/introspect',
  end_session: '/oauth2/logout',
  backchannel_authentication: '/oauth2/backchannel',
  code_verification: '/oauth2/device',
  device_authorization: '/oauth2/device/auth',
  pushed_authorization_request: '/oauth2/par',
  registration: '/oauth2/register',
  challenge: '/oauth2/challenge',
  credential: '/oauth2/credential',
} as const;

/** A middleware of the library's Koa app (`provider.use`). */
export type ProviderMiddleware = (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>;

export interface ProviderOptions {
  readonly db: Database;
  readonly issuer: string;
  readonly secrets: OAuthSecrets;
  readonly clients: readonly ClientConfig[];
  readonly adapter: (model: string) => Adapter;
  /** Behind a TLS-terminating proxy: trust X-Forwarded-Proto/Host (set with FIELDBOOK_PUBLIC_URL). */
  readonly behindProxy: boolean;
  /**
   * The add-ons' middleware (oauth/addons/, handed in by main.ts through authorization-server.ts), run inside our
   * page headers' and outside the logout page's: the core knows no add-on.
   */
  readonly addonMiddleware?: readonly ProviderMiddleware[];
}

/**
 * The resource indicator (RFC 8707) of the REST add-on endpoints: tokens issued for it are JWT
 * access tokens (RFC 9068), what `/restapi/1.0/common/oauth2/token` with `token_format=jwt` asks for.
 */
export function restApiResource(issuer: string): string {
  return `${issuer}/restapi`;
}

/** Client-credentials tokens live an hour (`expires_in: 3600`, as the REST add-ons document). */
export const CLIENT_CREDENTIALS_TTL = 60 * MINUTE;

export function createProvider(options: ProviderOptions): Provider {
  const configuration: Configuration = {
    adapter: options.adapter,
    // `token` in response_types is enabled by library-patches.ts after construction.
    clients: options.clients as ClientMetadata[],
    jwks: options.secrets.jwks,
    cookies: {
      keys: options.secrets.cookieKeys,
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    findAccount: accountFinder(options.db),
    scopes: [...SCOPES],
    claims: Object.fromEntries(Object.entries(SCOPE_CLAIMS).map(([scope, claims]) => [scope, [...claims]])),
    conformIdTokenClaims: true,
    // Exact redirect URI matching always: the parameter is required even for a one-URI client.
    allowOmittingSingleRegisteredRedirectUri: false,
    responseTypes: ['code', 'id_token token', 'id_token'],
    // PKCE for every public client (RFC 9700 §2.1.1); a confidential client, which authenticates at
    // the token endpoint, may use it — the REST add-ons' code flow (restapi 1.0) does not.
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
    extraClientMetadata: {
      properties: [ODOO_USER_METADATA],
      validator(_ctx, key, value) {
        if (key === ODOO_USER_METADATA && value !== undefined && (typeof value !== 'string' || value === '')) {
          throw new errors.InvalidClientMetadata(`${ODOO_USER_METADATA} must be a user's login`);
        }
      },
    },
    // Which Odoo database a token acts on, in JWT access tokens (the REST add-ons' `db` claim).
    extraTokenClaims: () => ({ db: DATABASE_NAME }),
    features: {
      devInteractions: { enabled: false },
      // A client introspects and revokes its own tokens only (RFC 7662 §4, RFC 7009 §2.1).
      revocation: { enabled: true, allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId },
      introspection: { enabled: true, allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId },
      userinfo: { enabled: true },
      dPoP: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      clientCredentials: { enabled: true },
      // One resource server besides userinfo: the REST add-on endpoints, with JWT access tokens.
      // No `resource` parameter, no change: the PWA's tokens stay opaque (defaultResource).
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, _client, oneOf) => oneOf,
        useGrantedResource: () => false,
        getResourceServerInfo(_ctx, indicator) {
          if (indicator !== restApiResource(options.issuer)) throw new errors.InvalidTarget();
          return { scope: DATA_SCOPES.restapi, audience: indicator, accessTokenFormat: 'jwt', accessTokenTTL: CLIENT_CREDENTIALS_TTL, jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    enabledJWA: { dPoPSigningAlgValues: [...DPOP_ALGORITHMS] },
    routes: ROUTES,
    interactions: { url: (_ctx, interaction) => `${INTERACTION_PATH}${interaction.uid}` },
    loadExistingGrant,
    // Refresh tokens for every client registered for the refresh_token grant, without asking for
    // offline_access (which OIDC Core §11 ties to prompt=consent); rotated at every use, and a
    // rotated one presented again revokes the whole grant (lib/actions/grants/refresh_token.js).
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    // Tokens outlive the browser's login session at the authorization server; logout revokes them.
    expiresWithSession: () => false,
    ttl: {
      AccessToken: 10 * MINUTE,
      AuthorizationCode: MINUTE,
      IdToken: 60 * MINUTE,
      Interaction: 60 * MINUTE,
      RefreshToken: 14 * DAY,
      ClientCredentials: CLIENT_CREDENTIALS_TTL,
      Session: 14 * DAY,
      Grant: 30 * DAY,
    },
    // CORS (a browser exchanging its code, reading userinfo): a client's own redirect origins, and
    // those whose callback it accepts — for the auth_oauth provider's client, a Fieldbook on any
    // loopback port (allowLoopbackCallbackOnAnyPort) whose deployment file lets it call this server.
    clientBasedCORS: (_ctx, origin, client) =>
      origin !== 'null' && ((client.redirectUris ?? []).some((uri) => URL.parse(uri)?.origin === origin) || client.redirectUriAllowed(`${origin}/oauth/callback`)),
    renderError,
  };
  const provider = new Provider(options.issuer, configuration);
  provider.proxy = options.behindProxy;
  // Throws at start, naming the installed version, if a hook the patches need is gone.
  applyLibraryPatches(provider, { loopbackCallbackClients: new Set([AUTH_OAUTH_CLIENT_ID]) });
  provider.use(enforcePageHeaders);
  for (const middleware of options.addonMiddleware ?? []) provider.use(middleware);
  provider.use(replaceLogoutAutoSubmit);
  provider.on('server_error', (_ctx, error) => console.error('[oauth] server error', error));
  return provider;
}

async function renderError(ctx: KoaContextWithOIDC, out: ErrorOut): Promise<void> {
  ctx.type = 'html';
  applyPageHeaders((name, value) => ctx.set(name, value));
  ctx.body = errorPage(
    'Sign-in could not continue',
    Object.entries(out).map(([term, text]) => [term, String(text)] as const),
  );
}

function logoutSource(ctx: KoaContextWithOIDC, form: string): void {
  ctx.type = 'html';
  applyPageHeaders((name, value) => ctx.set(name, value));
  ctx.body = logoutPage(form, ctx.host);
}

function postLogoutSuccessSource(ctx: KoaContextWithOIDC): void {
  ctx.type = 'html';
  applyPageHeaders((name, value) => ctx.set(name, value));
  ctx.body = logoutSuccessPage(ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId);
}

/**
 * Post-middleware (`provider.use`): whatever HTML the library answers with carries our headers,
 * and a policy it widened (an inline script's hash, for one) is put back to ours.
 */
async function enforcePageHeaders(ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
  await next();
  if (!ctx.response.is('html')) return;
  const policy: unknown = ctx.response.get('Content-Security-Policy');
  if (typeof policy !== 'string' || policy === '' || /'(sha256-|sha384-|sha512-|nonce-|unsafe-)/.test(policy)) {
    applyPageHeaders((name, value) => ctx.set(name, value));
  }
}
