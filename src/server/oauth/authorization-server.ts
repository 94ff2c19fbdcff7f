/**
 * The authorization server of the demo backend, assembled: secrets and storage on the demo
 * database, the configured clients, the provider with our extensions, its HTTP routes
 * (`/.well-known/…`, `/oauth2/…`) and the access-token check the Odoo routes use.
 *
 * Not started in proxy mode (ODOO_URL): there the real Odoo is the one to ask for tokens, and its
 * own OAuth provider module, if it has one, is reached through the proxy like any Odoo route.
 */
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { createLocalJWKSet, type JWK } from 'jose';
import { errors } from 'oidc-provider';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Caller } from '../odoo/access.ts';
import { LoginThrottle } from '../odoo/login-throttle.ts';
import { CredentialRejected, type TokenAccess } from '../odoo/credentials.ts';
import type { Database } from '../store/db.ts';
import { DATA_SCOPES } from './account.ts';
import { ClientsFileError, loadClients, ODOO_USER_METADATA } from './clients.ts';
import { handleInteraction, INTERACTION_PATH } from './interactions.ts';
import { createProvider, restApiResource, ROUTES, type ProviderMiddleware } from './provider.ts';
import { challenge, checkAccessToken, refusalStatus, REVOKED_JWT_MODEL, scopeRefusal, verifyClientJwt, type TokenCheck } from './resource-access.ts';
import { loadSecrets, type OAuthSecrets } from './secrets.ts';
import { OidcModelStore, oidcStorage } from './store.ts';

/** The scope each kind of Odoo request needs of an access token (none: knowing who the user is). */
const ODOO_ACCESS_SCOPE: Readonly<Record<TokenAccess, string | undefined>> = { identity: undefined, read: DATA_SCOPES.read, write: DATA_SCOPES.write };

/** Each request's token check, for the routes that ask twice (the body limit, then the call). */
const checked = new WeakMap<IncomingMessage, TokenCheck>();

export interface AuthorizationServerOptions {
  readonly db: Database;
  readonly throttle: LoginThrottle;
  /** The public origin, e.g. `http://127.0.0.1:8069`: the issuer identifier. */
  readonly issuer: string;
  readonly clientsFile: string | undefined;
  readonly behindProxy: boolean;
  /** `<api>` of the `/<api>/oauth2/…` add-on routes. */
  readonly apiPrefix: string;
  /** The add-ons' endpoints (oauth/addons/, handed in by main.ts): the core knows no add-on. */
  readonly addons?: Addons;
}

/** What the authorization server gives the add-ons it mounts. */
export interface AddonCore {
  readonly provider: Provider;
  /** The library's request handler, and the path of its authorization endpoint. */
  readonly callback: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;
  readonly authorizationPath: string;
  /** The library's token and revocation endpoints, called in this process (the request's origin pinned to the issuer). */
  readonly endpoints: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  readonly db: Database;
  readonly issuer: string;
  readonly apiPrefix: string;
  readonly checkAccessToken: (req: IncomingMessage) => Promise<TokenCheck>;
}

/** Endpoints beside the authorization server's own, with the middleware they need inside the library. */
export interface Addons {
  readonly middleware: readonly ProviderMiddleware[];
  mount(core: AddonCore): MountedAddons;
}

export interface MountedAddons {
  owns(pathname: string): boolean;
  /** The paths where a client authenticates (failed attempts are throttled as the token endpoint's are). */
  authenticatesClients(pathname: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

const NO_ADDONS: MountedAddons = { owns: () => false, authenticatesClients: () => false, handle: async () => undefined };

export interface AuthorizationServer {
  readonly issuer: string;
  readonly provider: Provider;
  handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void>;
  /** The add-on routes (`/restapi/1.0/…`, `/<api>/oauth2/…`), also answered by `handle`. */
  owns(pathname: string): boolean;
  /** For `OdooBackend.authenticateRequest`. */
  authenticateRequest(req: IncomingMessage, access: TokenAccess): Promise<Caller | undefined>;
  close(): void;
}

/** Paths the authorization server answers; `/oauth/callback` (no 2) is the PWA's own route. */
export function isAuthorizationServerPath(pathname: string): boolean {
  return pathname === '/.well-known/openid-configuration' || pathname === '/.well-known/oauth-authorization-server' || pathname.startsWith('/oauth2/');
}

const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  '/oauth2/assets/oauth.css': { file: 'oauth.css', type: 'text/css; charset=utf-8' },
  '/oauth2/assets/form-post.js': { file: 'form-post.js', type: 'text/javascript; charset=utf-8' },
};

/**
 * oidc-provider builds every absolute URL it answers with (discovery's endpoints, `check_session`,
 * redirects) from the request: Koa's `ctx.host` / `ctx.protocol`, that is the Host header, or
 * X-Forwarded-Host/-Proto when `provider.proxy` trusts them. The issuer is fixed by configuration,
 * so the request is made to name it before the library sees it: a spoofed Host (or forwarded host)
 * cannot point a client's token endpoint at another server.
 */
export function pinRequestOrigin(req: IncomingMessage, issuer: URL, behindProxy: boolean): void {
  req.headers.host = issuer.host;
  if (behindProxy) {
    req.headers['x-forwarded-host'] = issuer.host;
    req.headers['x-forwarded-proto'] = issuer.protocol.slice(0, -1);
  } else {
    delete req.headers['x-forwarded-host'];
    delete req.headers['x-forwarded-proto'];
  }
}

export async function createAuthorizationServer(options: AuthorizationServerOptions): Promise<AuthorizationServer> {
  const issuerUrl = new URL(options.issuer);
  const issuer = issuerUrl.origin;
  const storage = oidcStorage(options.db);
  await storage.start();
  const secrets = await loadSecrets(options.db);
  const clients = loadClients(issuer, options.clientsFile, options.apiPrefix);
  const provider = createProvider({ db: options.db, issuer, secrets, clients, adapter: storage.adapter, behindProxy: options.behindProxy, addonMiddleware: options.addons?.middleware ?? [] });
  endLoginSessionsAtRevocation(provider, options.db);
  const jwt = { keys: createLocalJWKSet({ keys: publicKeys(secrets) }), audience: restApiResource(issuer) };
  revocableJwtAccessTokens(provider, options.db, { jwt, origin: issuer });
  // Static clients are validated on first use: do it now, so a bad configuration stops the start.
  for (const client of clients) {
    try {
      await provider.Client.find(client.client_id);
    } catch (error) {
      const description = error instanceof errors.OIDCProviderError ? (error.error_description ?? error.message) : String(error);
      throw new ClientsFileError(`OAuth client ${client.client_id}: ${description}`);
    }
  }

  const callback = provider.callback();
  const assets = new Map(Object.entries(ASSETS).map(([path, { file, type }]) => [path, { type, body: readFileSync(join(import.meta.dirname, file)) }]));
  const interactionDeps = { provider, db: options.db, throttle: options.throttle, csrfKey: secrets.csrfKey };
  const serviceUsers = new Map(clients.flatMap((client) => (typeof client[ODOO_USER_METADATA] === 'string' ? [[client.client_id, client[ODOO_USER_METADATA]] as const] : [])));
  const resourceDeps = { provider, db: options.db, origin: issuer, serviceUsers, jwt };
  // The add-ons' own token and revocation requests, handed to the library in this process.
  const endpoints = async (req: IncomingMessage, res: ServerResponse) => {
    pinRequestOrigin(req, issuerUrl, options.behindProxy);
    await callback(req, res);
  };
  const addons =
    options.addons?.mount({ provider, callback, authorizationPath: ROUTES.authorization, endpoints, db: options.db, issuer, apiPrefix: options.apiPrefix, checkAccessToken: (req) => checkAccessToken(resourceDeps, req) }) ??
    NO_ADDONS;
  // Failed client authentications, per caller address, as failed logins are (10 a minute).
  const clientThrottle = new LoginThrottle();
  const authenticatesClients = (pathname: string) => pathname === ROUTES.token || pathname === ROUTES.revocation || pathname === ROUTES.introspection || addons.authenticatesClients(pathname);

  /** Runs `handle` under the client-authentication throttle: refused while the address is blocked; a 401 counts. */
  async function throttled(req: IncomingMessage, res: ServerResponse, pathname: string, handle: () => Promise<void>): Promise<void> {
    if (!authenticatesClients(pathname)) {
      await handle();
      return;
    }
    const address = req.socket.remoteAddress ?? 'unknown';
    if (clientThrottle.isBlocked(address)) {
      const body = JSON.stringify({ error: 'invalid_client', error_description: 'too many failed client authentications from this address: wait a minute' });
      res.writeHead(429, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Retry-After': '60', 'Cache-Control': 'no-store' }).end(body);
      return;
    }
    await handle();
    if (res.statusCode === 401) clientThrottle.recordFailure(address);
  }
  return {
    issuer,
    provider,
    owns: (pathname) => addons.owns(pathname),
    async handle(req, res, pathname) {
      pinRequestOrigin(req, issuerUrl, options.behindProxy);
      if (addons.owns(pathname)) {
        await throttled(req, res, pathname, () => addons.handle(req, res));
        return;
      }
      const asset = assets.get(pathname);
      if (asset !== undefined && (req.method === 'GET' || req.method === 'HEAD')) {
        res.writeHead(200, { 'Content-Type': asset.type, 'Content-Length': asset.body.length, 'Cache-Control': 'no-cache' });
        res.end(req.method === 'HEAD' ? undefined : asset.body);
        return;
      }
      if (pathname.startsWith(INTERACTION_PATH)) {
        await handleInteraction(interactionDeps, req, res, pathname);
        return;
      }
      await throttled(req, res, pathname, async () => {
        await callback(req, res);
      });
    },
    async authenticateRequest(req, access) {
      // Checked once per request (a DPoP proof is spent at its first check), then per access asked.
      const result = checked.get(req) ?? (await checkAccessToken(resourceDeps, req));
      checked.set(req, result);
      if (result.status === 'absent') return undefined;
      const refusal = result.status === 'refused' ? result.refusal : scopeRefusal(result, 'odoo', ODOO_ACCESS_SCOPE[access]);
      if (refusal === undefined) return result.status === 'valid' ? result.caller : undefined;
      throw new CredentialRejected(refusalStatus(refusal), { 'WWW-Authenticate': challenge(refusal) }, { error: refusal.error, error_description: refusal.description });
    },
    close() {
      storage.stop();
    },
  };
}

/** The public halves of the signing keys: what `/oauth2/jwks` publishes, to verify our JWTs. */
function publicKeys(secrets: OAuthSecrets): JWK[] {
  return secrets.jwks.keys.map((key) => {
    const { kid, alg, use } = key;
    const exported = createPublicKey({ key: key as JsonWebKey, format: 'jwk' }).export({ format: 'jwk' });
    return { ...exported, kid, alg, use } as JWK;
  });
}

/**
 * Client-credentials JWT access tokens (the REST add-on's, RFC 9068) are revocable until they
 * expire. The library authenticates the client at its revocation endpoint, then refuses a
 * structured token (`unsupported_token_type`); a JWT we signed is then remembered as revoked by its
 * `jti` until its `exp` (resource-access.ts refuses it), when it is the authenticated client's own,
 * and the answer is RFC 7009's 200 — also for one that is not ours or not the client's (§2.2: an
 * invalid token is not an error; nothing is revoked).
 */
function revocableJwtAccessTokens(provider: Provider, db: Database, deps: Parameters<typeof verifyClientJwt>[0]): void {
  provider.use(async (ctx, next) => {
    await next();
    const oidc = ctx.oidc as KoaContextWithOIDC['oidc'] | undefined;
    const body = ctx.body as { error?: unknown } | undefined;
    if (oidc?.route !== 'revocation' || ctx.status !== 400 || body?.error !== 'unsupported_token_type' || oidc.client === undefined) return;
    const token = oidc.params?.token;
    const payload = typeof token === 'string' ? await verifyClientJwt(deps, token) : undefined;
    if (payload !== undefined && payload.client_id === oidc.client.clientId && typeof payload.exp === 'number') {
      const left = Math.max(1, payload.exp - Math.floor(Date.now() / 1000));
      await new OidcModelStore(db, REVOKED_JWT_MODEL).upsert(String(payload.jti), { revokedAt: Math.floor(Date.now() / 1000) }, left);
    }
    ctx.status = 200;
    ctx.body = '';
  });
}

/**
 * A client revoking a user's token (the PWA's "Log out") ends that user's login sessions at this
 * server that signed in to the client: otherwise the next "Sign in with Odoo" on the same browser
 * — a shared device — would enter as the previous user with no password (the session cookie lives
 * 14 days). The revocation request is the client's own, authenticated as that client
 * (`allowedPolicy`): the server trusts it as much as an RP-initiated logout. Done before the answer
 * goes out, so a sign-in that follows the logout meets no session.
 */
function endLoginSessionsAtRevocation(provider: Provider, db: Database): void {
  provider.use(async (ctx, next) => {
    await next();
    const oidc = ctx.oidc as KoaContextWithOIDC['oidc'] | undefined;
    if (oidc?.route !== 'revocation' || ctx.status !== 200) return;
    const token = oidc.entities.AccessToken ?? oidc.entities.RefreshToken;
    if (token === undefined || typeof token.accountId !== 'string') return;
    await db.query(`DELETE FROM oidc_model WHERE model = 'Session' AND payload->>'accountId' = $1 AND payload->'authorizations' ? $2`, [token.accountId, token.clientId]);
  });
}
