/**
 * The "API OAuth2 Authentication" add-on style (`/<api>/oauth2/…`): the server keeps one token set
 * per (client, client_user_identity) — the client's name for one of its users — and hands it to
 * the client's backend only:
 *
 * - `provider/authorize` `{"client_id", "client_user_identity"}` (the backend, with its secret) →
 *   `{"authorization_url"}`: a link to `provider/link` here, for the user's browser;
 * - `provider/link` binds the flow to the browser that opens it (a one-time cookie), then sends it
 *   on to a standard code + PKCE request to this authorization server, redirect URI
 *   `provider/callback`;
 * - `provider/callback` (that same browser only) exchanges the code, keeps the tokens back, and
 *   asks the user to confirm, naming their Odoo account, the client and the identity being linked;
 *   never skipped, even when the user consented to the client before. `provider/confirm` links
 *   (or, on "Cancel", revokes the tokens). The browser sees no token at any step.
 * - `token` refreshes and returns the token set, `revoke` revokes it (RFC 7009) and deletes the
 *   record: the backend's calls, with its secret.
 *
 * Why: with the state tied only to an identity, any signed-in user who had consented completed
 * someone else's `authorization_url` silently, and their tokens landed under the other identity
 * (account-linking CSRF, issue 13 high #4). The server is the OAuth client here, a client of its own
 * authorization server: every token comes from its token endpoint (token-endpoint.ts). Unlike the
 * add-on's published examples, the backend's calls must carry its `client_secret` (JSON body or
 * HTTP Basic), and only confidential clients may use them.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type Provider from 'oidc-provider';
import type { OdooValue } from '../../odoo/registry.ts';
import { DATABASE_NAME } from '../../odoo/credentials.ts';
import type { Database } from '../../store/db.ts';
import { findUser, uidOf } from '../account.ts';
import { pageHeaders } from '../page-headers.ts';
import { ROUTES } from '../provider.ts';
import { html, page, scopeWords } from '../views.ts';
import { AddonError, basicCredentials, invalidClient, invalidRequest, readBodyParams, refuseSecretInUrl, sendAddonJson, stringParam } from './http.ts';
import { type ClientCredentials, type EndpointDeps, revocationRequest, tokenRequest } from './token-endpoint.ts';

export interface ClientUserDeps extends EndpointDeps {
  readonly db: Database;
  readonly issuer: string;
  /** `<api>` in `/<api>/oauth2/…`, e.g. `api`. */
  readonly apiPrefix: string;
}

/** The scopes these token sets carry: the ID token names the user (and `odoo` its database and user id); `odoo.read` lets them read Odoo's data as that user. */
const SCOPE = 'openid profile email odoo odoo.read';

export function clientUserCallbackPath(apiPrefix: string): string {
  return `/${apiPrefix}/oauth2/provider/callback`;
}

interface StoredTokens {
  readonly access_token: string;
  readonly refresh_token?: string;
  readonly id_token?: string;
  readonly scope?: string;
  readonly token_type: string;
  readonly expires_at: number;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/** How long the user has from `provider/authorize` to the confirmation (the link, the sign-in, the choice). */
const LINK_TTL_SECONDS = 600;

export async function handleClientUsers(deps: ClientUserDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const base = `/${deps.apiPrefix}/oauth2/`;
  const action = url.pathname.slice(base.length);
  if (!url.pathname.startsWith(base) || !['provider/authorize', 'provider/link', 'provider/callback', 'provider/confirm', 'token', 'revoke'].includes(action)) return false;
  // The user's browser: pages, never JSON, never a token.
  if (action === 'provider/link' || action === 'provider/callback') {
    if (req.method !== 'GET') throw new AddonError(405, 'invalid_request', `${action} answers GET`, { Allow: 'GET' });
    sendPage(res, action === 'provider/link' ? await link(deps, url) : await callback(deps, req, url));
    return true;
  }
  if (action === 'provider/confirm') {
    if (req.method !== 'POST') throw new AddonError(405, 'invalid_request', 'provider/confirm answers POST', { Allow: 'POST' });
    sendPage(res, await confirm(deps, req));
    return true;
  }
  // The client's backend: GET or POST, a JSON body either way (the add-on's examples send one with GET).
  if (req.method !== 'GET' && req.method !== 'POST') throw new AddonError(405, 'invalid_request', 'this endpoint answers GET and POST', { Allow: 'GET, POST' });
  refuseSecretInUrl(url);
  const params = { ...Object.fromEntries(url.searchParams), ...(await readBodyParams(req)) };
  const client = await authenticateClient(deps.provider, req, params);
  const identity = stringParam(params, 'client_user_identity');
  if (identity === undefined) throw invalidRequest('client_user_identity is missing');
  if (identity.length > 256) throw invalidRequest('client_user_identity is longer than 256 characters');
  const body = action === 'provider/authorize' ? await authorize(deps, client, identity) : action === 'token' ? await refresh(deps, client, identity) : await revoke(deps, client, identity);
  await sendAddonJson(req, res, 200, body);
  return true;
}

/** A page for the user's browser, with the authorization server's headers (strict CSP, no-store). */
interface BrowserPage {
  readonly status: number;
  readonly html: string;
  readonly headers?: Readonly<Record<string, string | string[]>>;
}

function sendPage(res: ServerResponse, answer: BrowserPage): void {
  res.writeHead(answer.status, { ...pageHeaders(), 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(answer.html), ...answer.headers });
  res.end(answer.html);
}

function messagePage(status: number, title: string, text: string, headers: BrowserPage['headers'] = {}): BrowserPage {
  const role = status >= 400 ? 'alert' : 'status';
  return { status, headers, html: page({ title, body: html`<h1>${title}</h1>\n<p role="${role}">${text}</p>` }) };
}

/** A confidential client and its secret, from the JSON body or HTTP Basic (RFC 6749 §2.3.1). */
async function authenticateClient(provider: Provider, req: IncomingMessage, params: Record<string, unknown>): Promise<ClientCredentials> {
  const basic = basicCredentials(req);
  const clientId = basic?.clientId ?? stringParam(params, 'client_id');
  const clientSecret = basic?.clientSecret ?? stringParam(params, 'client_secret');
  if (clientId === undefined) throw invalidClient('client_id is missing');
  const client = await provider.Client.find(clientId);
  if (client === undefined) throw invalidClient(`unknown client_id "${clientId}"`);
  const registered = client.clientSecret;
  if (client.clientAuthMethod === 'none' || registered === undefined) throw invalidClient(`client "${clientId}" is a public client: these endpoints are for confidential clients, called from their backend`);
  if (clientSecret === undefined) throw invalidClient('client_secret is missing (in the JSON body, or HTTP Basic)');
  const a = Buffer.from(sha256(clientSecret));
  const b = Buffer.from(sha256(registered));
  if (!timingSafeEqual(a, b)) throw invalidClient('wrong client_secret');
  return { clientId, clientSecret };
}

async function authorize(deps: ClientUserDeps, client: ClientCredentials, identity: string): Promise<OdooValue> {
  const redirectUri = callbackUri(deps);
  const registered = await deps.provider.Client.find(client.clientId);
  if (registered?.redirectUris?.includes(redirectUri) !== true) {
    throw invalidRequest(`client "${client.clientId}" must register the redirect URI ${redirectUri}`);
  }
  const state = randomBytes(32).toString('base64url');
  const verifier = randomBytes(32).toString('base64url');
  // A linking left unconfirmed before this one: its tokens are revoked, never handed out.
  const before = (await deps.db.query<Row>(`SELECT ${COLUMNS} FROM fb_oauth_client_user WHERE client_id = $1 AND identity = $2`, [client.clientId, identity])).rows[0];
  if (before?.pending !== null && before?.pending !== undefined) await revokeTokens(deps, client, before.pending.tokens);
  // Tokens already kept stay until the new linking is confirmed.
  await deps.db.query(
    `INSERT INTO fb_oauth_client_user (client_id, identity, state_hash, code_verifier) VALUES ($1, $2, $3, $4)
     ON CONFLICT (client_id, identity) DO UPDATE SET state_hash = EXCLUDED.state_hash, code_verifier = EXCLUDED.code_verifier,
       browser_hash = NULL, pending = NULL, confirm_hash = NULL, updated_at = now()`,
    [client.clientId, identity, sha256(state), verifier],
  );
  const url = new URL(`/${deps.apiPrefix}/oauth2/provider/link`, deps.issuer);
  url.searchParams.set('state', state);
  return { authorization_url: url.href };
}

const callbackUri = (deps: ClientUserDeps) => `${deps.issuer}${clientUserCallbackPath(deps.apiPrefix)}`;

/** The cookie that binds one linking to the browser that opened its link (one per client and identity). */
const cookieName = (row: Pick<Row, 'client_id' | 'identity'>) => `fb_link_${sha256(`${row.client_id}\u0000${row.identity}`).slice(0, 16)}`;

function bindingCookie(deps: ClientUserDeps, row: Row, value: string, maxAge: number): string {
  return serializeCookie(cookieName(row), value, { httpOnly: true, sameSite: 'lax', secure: deps.issuer.startsWith('https:'), path: `/${deps.apiPrefix}/oauth2/provider/`, maxAge });
}

/** The browser's binding cookie matches the one its link set. */
function sameBrowser(req: IncomingMessage, row: Row): boolean {
  const value = parseCookies(req.headers.cookie ?? '')[cookieName(row)];
  if (value === undefined || row.browser_hash === null) return false;
  return timingSafeEqual(Buffer.from(sha256(value)), Buffer.from(row.browser_hash));
}

const fresh = (row: Row) => Date.now() - new Date(row.updated_at).getTime() <= LINK_TTL_SECONDS * 1000;

const GONE = 'This link is unknown, expired or already used: nothing was linked. Start again from the app that sent you here.';

/** `GET provider/link?state=…`: binds the flow to this browser, once, and goes on to sign-in. */
async function link(deps: ClientUserDeps, url: URL): Promise<BrowserPage> {
  const state = url.searchParams.get('state') ?? '';
  const row = (await deps.db.query<Row>(`SELECT ${COLUMNS} FROM fb_oauth_client_user WHERE state_hash = $1`, [sha256(state)])).rows[0];
  if (row === undefined || row.code_verifier === null || !fresh(row)) return messagePage(400, 'Link expired', GONE);
  const binding = randomBytes(32).toString('base64url');
  // Once: a link opened in one browser cannot be finished in another (forwarded after opening).
  const bound = await deps.db.query('UPDATE fb_oauth_client_user SET browser_hash = $3 WHERE client_id = $1 AND identity = $2 AND browser_hash IS NULL', [row.client_id, row.identity, sha256(binding)]);
  if (bound.affectedRows !== 1) return messagePage(400, 'Link already used', 'This link was already opened in a browser: nothing was linked. Start again from the app that sent you here.');
  const authorization = new URL(ROUTES.authorization, deps.issuer);
  authorization.search = new URLSearchParams({
    client_id: row.client_id,
    response_type: 'code',
    redirect_uri: callbackUri(deps),
    scope: SCOPE,
    state,
    code_challenge: createHash('sha256').update(row.code_verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  return { status: 303, html: '', headers: { Location: authorization.href, 'Set-Cookie': bindingCookie(deps, row, binding, LINK_TTL_SECONDS) } };
}

interface Row {
  client_id: string;
  identity: string;
  code_verifier: string | null;
  uid: number | null;
  tokens: StoredTokens | null;
  browser_hash: string | null;
  pending: { tokens: Record<string, unknown>; uid: number } | null;
  updated_at: string | Date;
}

const COLUMNS = 'client_id, identity, code_verifier, uid, tokens, browser_hash, pending, updated_at';

/** `GET provider/callback`: in the browser that opened the link only; the tokens wait for the user's confirmation. */
async function callback(deps: ClientUserDeps, req: IncomingMessage, url: URL): Promise<BrowserPage> {
  const state = url.searchParams.get('state');
  const found = state === null ? undefined : (await deps.db.query<Row>(`SELECT ${COLUMNS} FROM fb_oauth_client_user WHERE state_hash = $1`, [sha256(state)])).rows[0];
  if (found === undefined || found.code_verifier === null) return messagePage(400, 'Link expired', GONE);
  // A state is used once, whatever the outcome.
  await deps.db.query('UPDATE fb_oauth_client_user SET state_hash = NULL, code_verifier = NULL WHERE client_id = $1 AND identity = $2', [found.client_id, found.identity]);
  if (!sameBrowser(req, found)) {
    return messagePage(403, 'Not linked', 'This sign-in was started from another browser. Accounts are linked only in the browser that opened the app’s link: nothing was linked.');
  }
  const error = url.searchParams.get('error');
  if (error !== null) return messagePage(error === 'access_denied' ? 403 : 400, 'Not linked', `The sign-in did not complete (${url.searchParams.get('error_description') ?? error}): nothing was linked.`);
  const code = url.searchParams.get('code');
  if (code === null || !fresh(found)) return messagePage(400, 'Not linked', GONE);
  const registered = await deps.provider.Client.find(found.client_id);
  const answer = await tokenRequest(deps, { clientId: found.client_id, clientSecret: registered?.clientSecret }, { grant_type: 'authorization_code', code, redirect_uri: callbackUri(deps), code_verifier: found.code_verifier });
  if (!answer.ok) throw answer.error;
  const uid = uidOf(String(subOf(String(answer.body.id_token ?? ''))));
  const user = uid === undefined ? undefined : await findUser(deps.db, uid);
  if (user === undefined) return messagePage(403, 'Not linked', 'The Odoo user who signed in is not active: nothing was linked.');
  const confirmToken = randomBytes(32).toString('base64url');
  await deps.db.query('UPDATE fb_oauth_client_user SET pending = $3, confirm_hash = $4 WHERE client_id = $1 AND identity = $2', [
    found.client_id,
    found.identity,
    JSON.stringify({ tokens: answer.body, uid: user.id }),
    sha256(confirmToken),
  ]);
  const clientName = nameOf(registered, found.client_id);
  const scopes = String(answer.body.scope ?? '').split(' ').filter((scope) => scope !== '');
  const action = `/${deps.apiPrefix}/oauth2/provider/confirm`;
  return {
    status: 200,
    html: page({
      title: 'Link your Odoo account',
      body: html`<h1>Link your Odoo account to ${clientName}?</h1>
<p class="lead">${clientName} will use your Odoo account <strong>${user.name ?? user.login}</strong> (${user.login}) for its user <strong>${found.identity}</strong>.</p>
<p>Link only if <strong>${found.identity}</strong> is you in ${clientName}. ${clientName} will be able to:</p>
<ul class="scopes">${scopes.map((scope) => html`<li>${scopeWords(scope)}</li>`)}</ul>
<form method="post" action="${action}">
  <input type="hidden" name="confirm" value="${confirmToken}">
  <button type="submit" name="decision" value="link">Link my account</button>
  <button type="submit" name="decision" value="cancel" class="secondary">Cancel</button>
</form>`,
    }),
  };
}

/** The name a client registered (what the user sees), else its id. */
const nameOf = (client: { clientName?: unknown } | undefined, clientId: string): string => (typeof client?.clientName === 'string' ? client.clientName : clientId);

/** `POST provider/confirm`: the user's choice, from the page above, in the same browser. */
async function confirm(deps: ClientUserDeps, req: IncomingMessage): Promise<BrowserPage> {
  const params = await readBodyParams(req);
  const token = stringParam(params, 'confirm') ?? '';
  const row = (await deps.db.query<Row>(`SELECT ${COLUMNS} FROM fb_oauth_client_user WHERE confirm_hash = $1`, [sha256(token)])).rows[0];
  if (row === undefined || row.pending === null || !fresh(row)) return messagePage(400, 'Not linked', GONE);
  if (!sameBrowser(req, row)) return messagePage(403, 'Not linked', 'This confirmation came from another browser: nothing was linked.');
  const clear = bindingCookie(deps, row, '', 0);
  await deps.db.query('UPDATE fb_oauth_client_user SET pending = NULL, confirm_hash = NULL, browser_hash = NULL WHERE client_id = $1 AND identity = $2', [row.client_id, row.identity]);
  const registered = await deps.provider.Client.find(row.client_id);
  const clientName = nameOf(registered, row.client_id);
  if (stringParam(params, 'decision') !== 'link') {
    await revokeTokens(deps, { clientId: row.client_id, clientSecret: registered?.clientSecret }, row.pending.tokens);
    return messagePage(200, 'Not linked', `Nothing was linked: ${clientName} cannot use your Odoo account.`, { 'Set-Cookie': clear });
  }
  await store(deps, { ...row, uid: row.pending.uid }, row.pending.tokens);
  return messagePage(200, 'Linked', `Your Odoo account is linked to ${clientName} for its user ${row.identity}. You can close this page.`, { 'Set-Cookie': clear });
}

/** Revokes a token set's grant (its refresh token), or its access token when it has none. */
async function revokeTokens(deps: ClientUserDeps, client: ClientCredentials, tokens: Record<string, unknown> | StoredTokens): Promise<void> {
  const refresh = typeof tokens.refresh_token === 'string' ? tokens.refresh_token : undefined;
  const access = typeof tokens.access_token === 'string' ? tokens.access_token : undefined;
  const first = refresh === undefined ? (access === undefined ? undefined : await revocationRequest(deps, client, access, 'access_token')) : await revocationRequest(deps, client, refresh, 'refresh_token');
  if (first !== undefined && !first.ok) throw first.error;
  if (refresh !== undefined && access !== undefined) await revocationRequest(deps, client, access, 'access_token');
}

async function refresh(deps: ClientUserDeps, client: ClientCredentials, identity: string): Promise<OdooValue> {
  const found = await find(deps, client, identity);
  if (found.tokens?.refresh_token === undefined) throw new AddonError(400, 'invalid_grant', `client user "${identity}" has no refresh token: authorize again`);
  const answer = await tokenRequest(deps, client, { grant_type: 'refresh_token', refresh_token: found.tokens.refresh_token });
  if (!answer.ok) throw answer.error;
  return store(deps, found, answer.body);
}

async function revoke(deps: ClientUserDeps, client: ClientCredentials, identity: string): Promise<OdooValue> {
  const found = await find(deps, client, identity);
  // Revoking the refresh token revokes its grant: every access token of it too (revokeGrantPolicy).
  if (found.tokens !== null) await revokeTokens(deps, client, found.tokens);
  await deps.db.query('DELETE FROM fb_oauth_client_user WHERE client_id = $1 AND identity = $2', [client.clientId, identity]);
  return { revoked: true, client_id: client.clientId, client_user_identity: identity };
}

async function find(deps: ClientUserDeps, client: ClientCredentials, identity: string): Promise<Row> {
  const result = await deps.db.query<Row>(`SELECT ${COLUMNS} FROM fb_oauth_client_user WHERE client_id = $1 AND identity = $2`, [client.clientId, identity]);
  const row = result.rows[0];
  if (row === undefined || row.tokens === null) throw new AddonError(404, 'unknown_client_user', `client "${client.clientId}" has no authorized user "${identity}": call provider/authorize first`);
  return row;
}

/** Keeps a token endpoint answer for the client user and returns the token information. */
async function store(deps: ClientUserDeps, row: Row, body: Record<string, unknown>): Promise<OdooValue> {
  const expiresIn = Number(body.expires_in);
  const previous = row.tokens;
  const tokens: StoredTokens = {
    access_token: String(body.access_token),
    token_type: typeof body.token_type === 'string' ? body.token_type : 'Bearer',
    expires_at: Math.floor(Date.now() / 1000) + expiresIn,
    ...(typeof body.refresh_token === 'string' ? { refresh_token: body.refresh_token } : {}),
    ...(typeof body.scope === 'string' ? { scope: body.scope } : previous?.scope === undefined ? {} : { scope: previous.scope }),
    // A refresh gives no new ID token: the one from the authorization still names the user.
    ...(typeof body.id_token === 'string' ? { id_token: body.id_token } : previous?.id_token === undefined ? {} : { id_token: previous.id_token }),
  };
  // The ID token came straight from our own token endpoint: its `sub` needs no signature check here.
  const uid = tokens.id_token === undefined ? (row.uid ?? undefined) : uidOf(String(subOf(tokens.id_token)));
  const user = uid === undefined ? undefined : await findUser(deps.db, uid);
  if (user === undefined) throw new AddonError(403, 'access_denied', 'the authorizing user is not active');
  await deps.db.query('UPDATE fb_oauth_client_user SET uid = $3, tokens = $4, updated_at = now() WHERE client_id = $1 AND identity = $2', [row.client_id, row.identity, user.id, JSON.stringify(tokens)]);
  return {
    access_token: tokens.access_token,
    refresh_token: tokens.refresh_token ?? false,
    expires_in: expiresIn,
    expires_at: tokens.expires_at,
    scope: tokens.scope ?? '',
    token_type: tokens.token_type,
    id_token: tokens.id_token ?? false,
    db: DATABASE_NAME,
    login: user.login,
  };
}

function subOf(idToken: string): unknown {
  const payload = idToken.split('.')[1];
  try {
    return (JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as { sub?: unknown }).sub;
  } catch {
    return undefined;
  }
}
