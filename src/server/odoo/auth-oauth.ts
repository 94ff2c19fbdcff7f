/**
 * Odoo's `auth_oauth` module, as Odoo 18 has it (addons/auth_oauth: controllers/main.py,
 * models/res_users.py, views/auth_oauth_templates.xml), so that Fieldbook's "Log in with …" runs
 * and is tested on a fresh machine exactly as on a real Odoo:
 *
 * - `GET /web/login`: a login page carrying the enabled providers in Odoo's markup
 *   (`.o_auth_oauth_providers a[href]`, each link an implicit-grant authorization request whose
 *   `state` is JSON `{"d", "p", "r"}`), and `oauth_error` 1, 2 or 3 in Odoo's words;
 * - `GET /auth_oauth/signin?access_token=…&state=…`: the token is validated at the provider's
 *   validation endpoint (`Authorization: Bearer` when `auth_oauth.authorization_header` is set, else
 *   an `access_token` parameter), the subject taken from `sub`, `id` or `user_id`, the user linked to
 *   (provider, subject) signed in with a session cookie, and a 303 to the state's `r` (or `/odoo`).
 *   A token the provider refuses → `/web/login?oauth_error=2`; no linked user (sign-up is not
 *   allowed here) → `oauth_error=3`. Without parameters, Odoo's page that moves the fragment into
 *   the query (`fragment_to_query_string`);
 * - `GET /web/health`: `{"status": "pass"}`, as Odoo 16+.
 *
 * The providers are configuration here (Odoo keeps them as `auth.oauth.provider` records): the demo
 * has one, its own authorization server, with a public client that accepts Odoo's redirect URI and
 * Fieldbook's. The users' links are `res_users.oauth_provider_id` / `oauth_uid`, as in Odoo.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseCookies } from 'cookie';
import type { Database } from '../store/db.ts';
import { escapeHtml } from '../shared/html.ts';
import { HTML_HEADERS } from '../shared/security-headers.ts';
import { isInternal } from './access.ts';
import { loadCaller } from './session-info.ts';
import type { SessionStore } from './sessions.ts';
import { newSessionId } from './sessions.ts';

/** An `auth.oauth.provider` record: the fields Odoo's controller reads. */
export interface OAuthProviderRecord {
  readonly id: number;
  readonly name: string;
  /** The login button's label. */
  readonly body: string;
  readonly client_id: string;
  readonly auth_endpoint: string;
  readonly scope: string;
  /** "UserInfo URL": where the access token is validated. */
  readonly validation_endpoint: string;
  readonly data_endpoint?: string | undefined;
  readonly css_class: string;
  readonly enabled: boolean;
}

/** The demo's provider client at its own authorization server (oauth/clients.ts AUTH_OAUTH_CLIENT_ID). */
export const DEMO_PROVIDER_CLIENT_ID = 'odoo-auth-oauth';

/** The demo's one provider: its own authorization server (userinfo as the validation endpoint). */
export function demoProviders(issuer: string, internalUrl: string): OAuthProviderRecord[] {
  return [
    {
      id: 1,
      name: 'Fieldbook demo',
      body: 'Log in with Fieldbook demo',
      client_id: DEMO_PROVIDER_CLIENT_ID,
      auth_endpoint: `${issuer}/oauth2/auth`,
      scope: 'openid profile email',
      // Odoo calls it server to server: over loopback, whatever the public origin.
      validation_endpoint: `${internalUrl}/oauth2/userinfo`,
      css_class: 'fa fa-fw fa-sign-in text-primary',
      enabled: true,
    },
  ];
}

export interface AuthOAuthDeps {
  readonly db: Database;
  readonly sessions: SessionStore;
  readonly database: string;
  /** The public origin, Odoo's `request.httprequest.url_root` without its slash. */
  readonly origin: string;
  readonly providers: readonly OAuthProviderRecord[];
  /** For tests: how the validation endpoint is called. */
  readonly fetch?: typeof fetch;
  readonly secure: (req: IncomingMessage) => boolean;
  readonly sessionCookie: (sid: string, secure: boolean) => string;
}

export function isAuthOAuthPath(pathname: string): boolean {
  return pathname === '/web/login' || pathname === '/auth_oauth/signin' || pathname === '/web/health';
}

/** Odoo 18's words for `oauth_error` (controllers/main.py `web_login`). */
export const OAUTH_ERRORS: Readonly<Record<string, string>> = {
  '1': 'Sign up is not allowed on this database.',
  '2': 'Access Denied',
  '3': 'You do not have access to this database or your invitation has expired. Please ask for an invitation and be sure to follow the link in your invitation email.',
};

export async function handleAuthOAuth(deps: AuthOAuthDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method Not Allowed');
    return true;
  }
  if (url.pathname === '/web/health') {
    const body = JSON.stringify({ status: 'pass' });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body) }).end(body);
    return true;
  }
  if (url.pathname === '/web/login') {
    sendHtml(res, 200, loginPage(deps, url));
    return true;
  }
  await signin(deps, req, res, url);
  return true;
}

function sendHtml(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...HTML_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Python's `werkzeug.urls.url_quote_plus` for the `r` of a state (safe characters kept). */
const quotePlus = (text: string) => encodeURIComponent(text).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `list_providers`: each enabled provider with its implicit-grant link, as Odoo builds it. */
function providerLinks(deps: AuthOAuthDeps, url: URL): { provider: OAuthProviderRecord; href: string }[] {
  const redirect = url.searchParams.get('redirect') || 'web';
  const absolute = /^(\/\/|https?:\/\/)/.test(redirect) ? redirect : `${deps.origin}/${redirect.startsWith('/') ? redirect.slice(1) : redirect}`;
  return deps.providers
    .filter((provider) => provider.enabled)
    .map((provider) => {
      const state = JSON.stringify({ d: deps.database, p: provider.id, r: quotePlus(absolute) });
      const params = new URLSearchParams({ response_type: 'token', client_id: provider.client_id, redirect_uri: `${deps.origin}/auth_oauth/signin`, scope: provider.scope, state });
      return { provider, href: `${provider.auth_endpoint}?${params}` };
    });
}

/** Odoo 18's login page, its parts that matter here: the form, the error, the providers (auth_oauth.providers). */
function loginPage(deps: AuthOAuthDeps, url: URL): string {
  const error = OAUTH_ERRORS[url.searchParams.get('oauth_error') ?? ''];
  const links = providerLinks(deps, url);
  const providers =
    links.length === 0
      ? ''
      : `<em class="d-block text-center text-muted small my-${Math.min(links.length, 3)}">- or -</em>
                <div class="o_auth_oauth_providers list-group mt-1 mb-1 text-start">
${links.map(({ provider, href }) => `                    <a class="list-group-item list-group-item-action py-2" href="${escapeHtml(href)}">
                        <i class="${escapeHtml(provider.css_class)}"></i>
                        ${escapeHtml(provider.body)}
                    </a>`).join('\n')}
                </div>`;
  return `<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="utf-8"/>
<title>Odoo</title>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
</head>
<body>
<main>
<form class="oe_login_form" role="form" action="/web/login" method="post">
    <div class="mb-3 field-login"><label for="login" class="form-label">Email</label><input type="text" name="login" id="login" class="form-control" required="required" autocapitalize="off"/></div>
    <div class="mb-3"><label for="password" class="form-label">Password</label><input type="password" name="password" id="password" class="form-control" required="required"/></div>
${error === undefined ? '' : `    <p class="alert alert-danger" role="alert">${escapeHtml(error)}</p>\n`}    <div class="clearfix oe_login_buttons text-center gap-1 d-grid mb-1 pt-3">
        <button type="submit" class="btn btn-primary">Log in</button>
    </div>
    <div class="o_login_auth">
                ${providers}
    </div>
</form>
</main>
</body>
</html>
`;
}

/** Odoo's `fragment_to_query_string` page, its script allowed by hash (no 'unsafe-inline'). */
const FRAGMENT_SCRIPT = `
                var l = window.location;
                var q = l.hash.substring(1);
                var r = l.pathname + l.search;
                if(q.length !== 0) {
                    var s = l.search ? (l.search === '?' ? '' : '&') : '?';
                    r = l.pathname + l.search + s + q;
                }
                if (r == l.pathname) {
                    r = '/';
                }
                window.location = r;
            `;
const FRAGMENT_PAGE = `<html><head><script>${FRAGMENT_SCRIPT}</script></head><body></body></html>`;
const FRAGMENT_SCRIPT_HASH = `'sha256-${createHash('sha256').update(FRAGMENT_SCRIPT).digest('base64')}'`;

function redirect(res: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(303, { Location: location, 'Content-Length': 0, 'Cache-Control': 'no-store', ...headers }).end();
}

class AccessDenied extends Error {}

interface State {
  readonly d?: unknown;
  readonly p?: unknown;
  readonly r?: unknown;
}

async function signin(deps: AuthOAuthDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const kw = new URLSearchParams(url.search);
  kw.delete('debug');
  if ([...kw.keys()].length === 0) {
    sendHtml(res, 200, FRAGMENT_PAGE, { 'Content-Security-Policy': `default-src 'none'; script-src ${FRAGMENT_SCRIPT_HASH}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'` });
    return;
  }
  let state: State;
  try {
    const parsed: unknown = JSON.parse(kw.get('state') ?? '');
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('state');
    state = parsed as State;
  } catch {
    sendHtml(res, 400, '<!doctype html><title>400 Bad Request</title><h1>Bad Request</h1><p>The state is not readable.</p>');
    return;
  }
  // http.db_filter: this server has one database.
  if (state.d !== deps.database) {
    sendHtml(res, 400, '<!doctype html><title>400 Bad Request</title><h1>Bad Request</h1><p>Unknown database.</p>');
    return;
  }
  let failure: string;
  try {
    const provider = deps.providers.find((candidate) => candidate.id === state.p);
    if (provider === undefined) throw new Error('unknown provider');
    const accessToken = kw.get('access_token') ?? '';
    const validation = await validate(deps, provider, accessToken);
    const uid = await linkedUser(deps.db, provider.id, validation.subject);
    await deps.db.query('UPDATE res_users SET oauth_access_token = $2 WHERE id = $1', [uid, accessToken]);
    const caller = await loadCaller(deps.db, uid, deps.database);
    if (caller === undefined) throw new AccessDenied();
    // A sign-in never keeps the session id the browser came with.
    await deps.sessions.destroy(parseCookies(req.headers.cookie ?? '').session_id);
    const sid = newSessionId();
    await deps.sessions.create(sid, { uid, db: deps.database, login: caller.login });
    const target = typeof state.r === 'string' && state.r !== '' ? decodeURIComponent(state.r.replace(/\+/g, ' ')) : '/odoo';
    // "Since /web is hardcoded, verify user has right to land on it".
    const location = new URL(target, deps.origin).pathname === '/web' && !isInternal(caller) ? '/' : target;
    redirect(res, location, { 'Set-Cookie': deps.sessionCookie(sid, deps.secure(req)) });
    return;
  } catch (error) {
    failure = error instanceof AccessDenied ? '3' : '2';
  }
  redirect(res, `/web/login?oauth_error=${failure}`);
}

/** `_auth_oauth_validate`: the provider's answer for the token, and the subject it names. */
async function validate(deps: AuthOAuthDeps, provider: OAuthProviderRecord, accessToken: string): Promise<{ subject: string }> {
  let validation = await rpc(deps, provider.validation_endpoint, accessToken);
  if (typeof validation.error === 'string' || validation.error === true) throw new Error(String(validation.error));
  if (provider.data_endpoint !== undefined && provider.data_endpoint !== '') validation = { ...validation, ...(await rpc(deps, provider.data_endpoint, accessToken)) };
  const subject = [validation.sub, validation.id, validation.user_id].find((value) => value !== undefined && value !== null && value !== '' && value !== false);
  if (subject === undefined) throw new AccessDenied('Missing subject identity');
  return { subject: String(subject) };
}

/** `_auth_oauth_rpc`: a GET with the token; a failed answer's Bearer challenge, or `invalid_request`. */
async function rpc(deps: AuthOAuthDeps, endpoint: string, accessToken: string): Promise<Record<string, unknown>> {
  const header = await authorizationHeaderSetting(deps.db);
  const target = new URL(endpoint);
  if (!header) target.searchParams.set('access_token', accessToken);
  const response = await (deps.fetch ?? fetch)(target, {
    headers: header ? { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' } : { Accept: 'application/json' },
    signal: AbortSignal.timeout(10_000),
    redirect: 'manual',
  });
  if (response.ok) {
    const body: unknown = await response.json();
    return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  }
  const challenge = response.headers.get('www-authenticate') ?? '';
  const error = /^\s*bearer\b.*\berror="([^"]*)"/i.exec(challenge)?.[1];
  return { error: error ?? 'invalid_request' };
}

async function authorizationHeaderSetting(db: Database): Promise<boolean> {
  const row = (await db.query<{ value: string }>("SELECT value FROM ir_config_parameter WHERE key = 'auth_oauth.authorization_header'")).rows[0];
  // get_param: any non-empty value is truthy (Odoo stores booleans as 'True').
  return row !== undefined && row.value !== '' && row.value !== 'False';
}

/** `_auth_oauth_signin`: the one active user linked to (provider, subject); none → AccessDenied (sign-up is not allowed here). */
async function linkedUser(db: Database, providerId: number, subject: string): Promise<number> {
  const found = await db.query<{ id: number }>('SELECT id FROM res_users WHERE oauth_provider_id = $1 AND oauth_uid = $2 AND active', [providerId, subject]);
  const user = found.rows[0];
  if (user === undefined || found.rows.length !== 1) throw new AccessDenied();
  return user.id;
}
