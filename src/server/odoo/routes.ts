/**
 * The demo backend's Odoo routes: session auth, database list, version info and call_kw, each a
 * JSON-RPC handler as in odoo-wire/. `handleOdooRoute` returns false for paths it does not own.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { Database } from '../store/db.ts';
import type { Caller } from './access.ts';
import { checkPassword, CredentialRejected, DATABASE_NAME, type TokenAccess } from './credentials.ts';
import { handleAuthOAuth, isAuthOAuthPath, type OAuthProviderRecord } from './auth-oauth.ts';
import { dispatchRpc, type ExternalApiContext } from './external-api.ts';
import { handleXmlRpc, xmlRpcEndpoint } from './xmlrpc.ts';
import { fromDatabaseError, notFound, OdooException, sessionExpired, typeError } from './errors.ts';
import { errorEnvelope, isJsonRequest, MAX_ANONYMOUS_BODY_BYTES, MAX_JSON_BODY_BYTES, readRpcRequest, resultEnvelope, sendJson, sendNotJson, type RpcRequest } from './jsonrpc.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { callMethod, isReadOnlyMethod } from './orm/methods.ts';
import type { OdooValue, Registry } from './registry.ts';
import { loadCaller, sessionInfo, SERVER_VERSION, SERVER_VERSION_INFO } from './session-info.ts';
import type { SessionStore } from './sessions.ts';
import { newSessionId, SESSION_MAX_AGE_SECONDS } from './sessions.ts';

/** The Odoo modules whose behaviour the demo backend has (`/web/session/modules`). */
export const INSTALLED_MODULES = ['base', 'web', 'contacts', 'auth_oauth', 'base_setup'] as const;

export interface OdooBackend {
  readonly db: Database;
  readonly registry: Registry;
  readonly sessions: SessionStore;
  readonly throttle: LoginThrottle;
  /**
   * Resolves the caller of a request from its `Authorization` header (OAuth access tokens,
   * src/server/oauth/): undefined when it carries none; throws `CredentialRejected` when it does
   * but it is not valid. Consulted before the session cookie.
   */
  readonly authenticateRequest?: (req: IncomingMessage, access: TokenAccess) => Promise<Caller | undefined>;
  /** This server's public origin (FIELDBOOK_PUBLIC_URL, or where it listens): `web.base.url`, never the Host header. */
  readonly publicOrigin?: string;
  /** auth_oauth's providers (auth-oauth.ts); none: no "Log in with …". */
  readonly oauthProviders?: readonly OAuthProviderRecord[];
}

interface RouteContext {
  readonly req: IncomingMessage;
  readonly backend: OdooBackend;
  readonly rpc: RpcRequest;
  readonly sid: string | undefined;
  readonly secure: boolean;
  readonly setCookies: string[];
}

type Handler = (ctx: RouteContext) => Promise<OdooValue | undefined>;

const routes = new Map<string, Handler>([
  ['/web/session/authenticate', authenticate],
  ['/web/session/get_session_info', getSessionInfo],
  ['/web/session/destroy', destroy],
  // auth='user' routes of Odoo's web client that OdooRPC and other session clients call.
  ['/web/session/check', async (ctx) => (await requireCaller(ctx), null)],
  ['/web/session/modules', async (ctx) => (await requireCaller(ctx), [...INSTALLED_MODULES])],
  ['/web/database/list', async () => [DATABASE_NAME]],
  ['/web/webclient/version_info', async () => ({ server_version: SERVER_VERSION, server_version_info: SERVER_VERSION_INFO, server_serie: SERVER_VERSION, protocol_version: 1 })],
  ['/web/dataset/call_kw', callKw],
  // Odoo's external API (external-api.ts): credentials in each call, no session.
  ['/jsonrpc', jsonrpc],
  // The demo has no bus: nothing to peek, but the route answers like Odoo's.
  ['/websocket/peek_notifications', async () => ({ channels: [], notifications: [] })],
]);

/** `/web/dataset/call_kw/<model>/<method>` is the same route; the suffix only shows in logs. */
function routeFor(pathname: string): [string, Handler] | undefined {
  const key = pathname.startsWith('/web/dataset/call_kw/') ? '/web/dataset/call_kw' : pathname;
  const handler = routes.get(key);
  return handler === undefined ? undefined : [key, handler];
}

/** One of the few Odoo routes declared `cors='*'`: its preflight answers 204 (odoo-wire/11d). */
const CORS_ROUTES = new Set(['/websocket/peek_notifications']);

export async function handleOdooRoute(backend: OdooBackend, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
  // auth_oauth's pages (not JSON-RPC): the login page with its providers, the sign-in, the health check.
  if (isAuthOAuthPath(pathname)) {
    const origin = backend.publicOrigin ?? 'http://localhost';
    return handleAuthOAuth(
      { db: backend.db, sessions: backend.sessions, database: DATABASE_NAME, origin, providers: backend.oauthProviders ?? [], secure: isSecure, sessionCookie },
      req,
      res,
      new URL(req.url ?? '/', origin),
    );
  }
  if (CORS_ROUTES.has(pathname) && req.method === 'OPTIONS') {
    const anonymous = parseCookies(req.headers.cookie ?? '').session_id === undefined ? { 'Set-Cookie': sessionCookie(newSessionId(), isSecure(req)) } : {};
    res.writeHead(204, {
      'Content-Type': 'text/html; charset=utf-8',
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'POST',
      'Access-Control-Max-Age': '86400',
      'Access-Control-Allow-Headers': 'Origin, X-Requested-With, Content-Type, Accept, Authorization',
      ...anonymous,
    });
    res.end();
    return true;
  }
  // Odoo's XML-RPC endpoints (xmlrpc.ts): the external API's services, in XML.
  const xmlrpc = xmlRpcEndpoint(pathname);
  if (xmlrpc !== undefined) {
    await handleXmlRpc(externalApi(backend, req), req, res, xmlrpc);
    return true;
  }
  const route = routeFor(pathname);
  if (route === undefined) return false;
  const [name, handler] = route;
  if (!isJsonRequest(req)) {
    sendNotJson(res, name);
    return true;
  }
  const cookies = parseCookies(req.headers.cookie ?? '');
  const secure = isSecure(req);
  const setCookies: string[] = [];
  let id: OdooValue = null;
  try {
    // Only call_kw carries record data, and only from someone: the session and anonymous routes,
    // and a call_kw with no valid session or token, get a small body limit. The caller is checked
    // before the body is read: nobody can make the server read and parse megabytes.
    const big = name === '/web/dataset/call_kw' && (await identified(backend, req, cookies.session_id));
    // The external API's credentials are inside the body: a limit of its own, between the two.
    const limit = name === '/jsonrpc' ? MAX_EXTERNAL_API_BODY_BYTES : big ? MAX_JSON_BODY_BYTES : MAX_ANONYMOUS_BODY_BYTES;
    const rpc = await readRpcRequest(req, limit);
    id = rpc.id;
    const result = await handler({ req, backend, rpc, sid: cookies.session_id, secure, setCookies });
    // Anonymous routes hand out an anonymous session cookie when none came (10a, 10b); /jsonrpc saves no session (save_session=False).
    if (cookies.session_id === undefined && setCookies.length === 0 && name !== '/web/dataset/call_kw' && name !== '/jsonrpc') {
      setCookies.push(sessionCookie(newSessionId(), secure));
    }
    await sendJson(req, res, resultEnvelope(id, result), 200, setCookies.length > 0 ? { 'Set-Cookie': setCookies } : {});
  } catch (error) {
    if (error instanceof CredentialRejected) {
      await sendJson(req, res, { ...error.body }, error.status, { ...error.headers });
      return true;
    }
    const odooError = error instanceof OdooException ? error : (fromDatabaseError(error) ?? unexpected(error));
    const status = odooError.code === 413 ? 413 : 200;
    await sendJson(req, res, errorEnvelope(id, odooError), status);
  }
  return true;
}

/** The request comes from someone: a valid access token (a bad one is refused here: CredentialRejected), or a live session. */
async function identified(backend: OdooBackend, req: IncomingMessage, sid: string | undefined): Promise<boolean> {
  const viaToken = await backend.authenticateRequest?.(req, 'identity');
  if (viaToken !== undefined) return true;
  return sid !== undefined && (await backend.sessions.get(sid)) !== undefined;
}

function unexpected(error: unknown): OdooException {
  // What failed, never with what: a driver error carries the statement and its parameters (the request's data).
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? ` ${error.code}` : '';
  const what = error instanceof Error ? `${error.name}${code}: ${error.message}\n${error.stack?.split('\n').slice(1).join('\n') ?? ''}` : String(error);
  console.error(`[odoo] unexpected error: ${what}`);
  return new OdooException('builtins.ValueError', 'The server could not process this request.');
}

function isSecure(req: IncomingMessage): boolean {
  return 'encrypted' in req.socket || req.headers['x-forwarded-proto'] === 'https';
}

/** Odoo's session cookie, plus SameSite=Lax, and Secure over HTTPS. @see odoo-wire/01 */
export function sessionCookie(sid: string, secure: boolean): string {
  return serializeCookie('session_id', sid, {
    expires: new Date(Date.now() + 365 * 24 * 3600 * 1000),
    maxAge: SESSION_MAX_AGE_SECONDS,
    httpOnly: true,
    path: '/',
    sameSite: 'lax',
    secure,
  });
}

function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

async function authenticate(ctx: RouteContext): Promise<OdooValue> {
  const { db: dbName, login, password } = ctx.rpc.params;
  const missing = ['db', 'login', 'password'].filter((key) => ctx.rpc.params[key] === undefined);
  if (missing.length > 0) {
    throw typeError(`authenticate() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${missing.map((m) => `'${m}'`).join(' and ')}`);
  }
  if (dbName !== DATABASE_NAME) {
    throw new OdooException('odoo.exceptions.AccessError', 'Database not found.'); // 03
  }
  const outcome = await ctx.backend.throttle.attempt(
    clientAddress(ctx.req),
    async () => (typeof login === 'string' && typeof password === 'string' ? checkPassword(ctx.backend.db, login, password) : undefined),
    typeof login === 'string' ? login : '',
  );
  if (outcome.status === 'blocked' || outcome.status === 'busy') {
    throw new OdooException('odoo.exceptions.AccessDenied', TOO_MANY_LOGIN_FAILURES); // 02b
  }
  if (outcome.status === 'failed') throw new OdooException('odoo.exceptions.AccessDenied', 'Access Denied'); // 02
  const uid = outcome.uid;
  const caller = await loadCaller(ctx.backend.db, uid, DATABASE_NAME);
  if (caller === undefined) throw new OdooException('odoo.exceptions.AccessDenied', 'Access Denied');
  // Rotate: a login never keeps the session id the browser came with (01b).
  await ctx.backend.sessions.destroy(ctx.sid);
  const sid = newSessionId();
  await ctx.backend.sessions.create(sid, { uid, db: DATABASE_NAME, login: caller.login });
  ctx.setCookies.push(sessionCookie(sid, ctx.secure));
  return sessionInfo(ctx.backend.db, caller, baseUrl(ctx));
}

/** Odoo's cooldown message (02b); also what a flood of parallel logins gets. */
export const TOO_MANY_LOGIN_FAILURES = 'Too many login failures, please wait a bit before trying again.';

function baseUrl(ctx: RouteContext): string {
  return ctx.backend.publicOrigin ?? `${ctx.secure ? 'https' : 'http'}://localhost`;
}

/** The caller of a request: its access token when it sends one, else its session; else SessionExpired. */
async function requireCaller(ctx: RouteContext, access: TokenAccess = 'identity'): Promise<Caller> {
  const viaToken = await ctx.backend.authenticateRequest?.(ctx.req, access);
  if (viaToken !== undefined) return viaToken;
  const session = await ctx.backend.sessions.get(ctx.sid);
  if (session !== undefined) {
    const caller = await loadCaller(ctx.backend.db, session.uid, session.db);
    if (caller !== undefined) return caller;
  }
  throw sessionExpired(); // 04b, 04c, 08a, 09b
}

async function getSessionInfo(ctx: RouteContext): Promise<OdooValue> {
  const caller = await requireCaller(ctx);
  if (ctx.sid !== undefined) {
    await ctx.backend.sessions.touch(ctx.sid);
    ctx.setCookies.push(sessionCookie(ctx.sid, ctx.secure)); // renewed expiry, as 04a
  }
  return sessionInfo(ctx.backend.db, caller, baseUrl(ctx));
}

async function destroy(ctx: RouteContext): Promise<undefined> {
  await requireCaller(ctx);
  await ctx.backend.sessions.destroy(ctx.sid);
  // 09a: clear `cids`, hand out a fresh anonymous session id.
  ctx.setCookies.push(serializeCookie('cids', '', { maxAge: 0, path: '/' }), sessionCookie(newSessionId(), ctx.secure));
  return undefined;
}

/** The body a `/jsonrpc` call may send: enough for a batch of creates, not for a flood. */
export const MAX_EXTERNAL_API_BODY_BYTES = 1024 * 1024;

/** What the external API's services need (external-api.ts), for one request. */
function externalApi(backend: OdooBackend, req: IncomingMessage): ExternalApiContext {
  const { db, registry, throttle } = backend;
  return { address: clientAddress(req), db, registry, throttle, databaseName: DATABASE_NAME, checkPassword, tooManyFailures: TOO_MANY_LOGIN_FAILURES };
}

async function jsonrpc(ctx: RouteContext): Promise<OdooValue> {
  const { service, method, args } = ctx.rpc.params;
  return dispatchRpc(externalApi(ctx.backend, ctx.req), service, method, args);
}

async function callKw(ctx: RouteContext): Promise<OdooValue> {
  const { model: modelName, method, args, kwargs } = ctx.rpc.params;
  const caller = await requireCaller(ctx, typeof method === 'string' && isReadOnlyMethod(method) ? 'read' : 'write');
  const model = typeof modelName === 'string' ? ctx.backend.registry.get(modelName) : undefined;
  if (model === undefined) throw notFound(); // 08b
  if (typeof method !== 'string' || method === '') throw typeError('call_kw() needs a method name');
  const context = kwargs !== null && typeof kwargs === 'object' && !Array.isArray(kwargs) ? (kwargs as Record<string, unknown>).context : undefined;
  const ctxDict = context !== null && typeof context === 'object' && !Array.isArray(context) ? (context as Record<string, unknown>) : {};
  return callMethod(
    { db: ctx.backend.db, registry: ctx.backend.registry, caller, binSize: ctxDict.bin_size === true, context: ctxDict },
    model,
    method,
    args,
    kwargs,
  );
}
