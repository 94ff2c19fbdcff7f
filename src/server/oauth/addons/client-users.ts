/**
 * The "API OAuth2 Authentication" add-on style (`/<api>/oauth2/…`): the server keeps one token set
 * per (client, client_user_identity) — the client's name for one of its users — and hands it out:
 *
 * - `provider/authorize` `{"client_id", "client_user_identity"}` → `{"authorization_url"}`: a
 *   standard code + PKCE request to this authorization server, whose redirect URI is
 *   `provider/callback` here;
 * - `provider/callback` (the user's browser, after login and consent) exchanges the code and
 *   answers the token information; `token` refreshes it; `revoke` revokes it (RFC 7009) and
 *   deletes the record.
 *
 * The server is the OAuth client here, a client of its own authorization server: every token comes
 * from its token endpoint (token-endpoint.ts). Unlike the add-on's published examples, the calls
 * from the client's backend must carry its `client_secret` (JSON body or HTTP Basic), and only
 * confidential clients may use them: with a client id (public) and a user's identity (guessable)
 * anyone could otherwise fetch that user's tokens.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { OdooValue } from '../../odoo/registry.ts';
import { DATABASE_NAME } from '../../odoo/routes.ts';
import type { Database } from '../../store/db.ts';
import { findUser, uidOf } from '../account.ts';
import { ROUTES } from '../provider.ts';
import { AddonError, basicCredentials, invalidClient, invalidRequest, readBodyParams, sendAddonJson, stringParam } from './http.ts';
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

export async function handleClientUsers(deps: ClientUserDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const base = `/${deps.apiPrefix}/oauth2/`;
  const action = url.pathname.slice(base.length);
  if (!url.pathname.startsWith(base) || !['provider/authorize', 'provider/callback', 'token', 'revoke'].includes(action)) return false;
  if (action === 'provider/callback') {
    if (req.method !== 'GET') throw new AddonError(405, 'invalid_request', 'the callback answers GET', { Allow: 'GET' });
    await sendAddonJson(req, res, 200, await callback(deps, url));
    return true;
  }
  // GET or POST, a JSON body either way (the add-on's examples send one with GET).
  if (req.method !== 'GET' && req.method !== 'POST') throw new AddonError(405, 'invalid_request', 'this endpoint answers GET and POST', { Allow: 'GET, POST' });
  const params = { ...Object.fromEntries(url.searchParams), ...(await readBodyParams(req)) };
  const client = await authenticateClient(deps.provider, req, params);
  const identity = stringParam(params, 'client_user_identity');
  if (identity === undefined) throw invalidRequest('client_user_identity is missing');
  if (identity.length > 256) throw invalidRequest('client_user_identity is longer than 256 characters');
  const body = action === 'provider/authorize' ? await authorize(deps, client, identity) : action === 'token' ? await refresh(deps, client, identity) : await revoke(deps, client, identity);
  await sendAddonJson(req, res, 200, body);
  return true;
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
  const redirectUri = `${deps.issuer}${clientUserCallbackPath(deps.apiPrefix)}`;
  const registered = await deps.provider.Client.find(client.clientId);
  if (registered?.redirectUris?.includes(redirectUri) !== true) {
    throw invalidRequest(`client "${client.clientId}" must register the redirect URI ${redirectUri}`);
  }
  const state = randomBytes(32).toString('base64url');
  const verifier = randomBytes(32).toString('base64url');
  // Tokens already kept stay until the new authorization completes.
  await deps.db.query(
    `INSERT INTO fb_oauth_client_user (client_id, identity, state_hash, code_verifier) VALUES ($1, $2, $3, $4)
     ON CONFLICT (client_id, identity) DO UPDATE SET state_hash = EXCLUDED.state_hash, code_verifier = EXCLUDED.code_verifier, updated_at = now()`,
    [client.clientId, identity, sha256(state), verifier],
  );
  const url = new URL(ROUTES.authorization, deps.issuer);
  url.search = new URLSearchParams({
    client_id: client.clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: SCOPE,
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  return { authorization_url: url.href };
}

interface Row {
  client_id: string;
  identity: string;
  code_verifier: string | null;
  uid: number | null;
  tokens: StoredTokens | null;
}

async function callback(deps: ClientUserDeps, url: URL): Promise<OdooValue> {
  const state = url.searchParams.get('state');
  const found = state === null ? undefined : (await deps.db.query<Row>('SELECT client_id, identity, code_verifier, uid, tokens FROM fb_oauth_client_user WHERE state_hash = $1', [sha256(state)])).rows[0];
  if (found === undefined || found.code_verifier === null) throw invalidRequest('unknown or already used state: start again from provider/authorize');
  // A state is used once, whatever the outcome.
  await deps.db.query('UPDATE fb_oauth_client_user SET state_hash = NULL, code_verifier = NULL WHERE client_id = $1 AND identity = $2', [found.client_id, found.identity]);
  const error = url.searchParams.get('error');
  if (error !== null) throw new AddonError(error === 'access_denied' ? 403 : 400, error, url.searchParams.get('error_description') ?? error);
  const code = url.searchParams.get('code');
  if (code === null) throw invalidRequest('code is missing');
  const secret = (await deps.provider.Client.find(found.client_id))?.clientSecret;
  const answer = await tokenRequest(deps, { clientId: found.client_id, clientSecret: secret }, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: `${deps.issuer}${clientUserCallbackPath(deps.apiPrefix)}`,
    code_verifier: found.code_verifier,
  });
  if (!answer.ok) throw answer.error;
  return store(deps, found, answer.body);
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
  const tokens = found.tokens;
  if (tokens !== null) {
    const answer = tokens.refresh_token === undefined ? await revocationRequest(deps, client, tokens.access_token, 'access_token') : await revocationRequest(deps, client, tokens.refresh_token, 'refresh_token');
    if (!answer.ok) throw answer.error;
    if (tokens.refresh_token !== undefined) await revocationRequest(deps, client, tokens.access_token, 'access_token');
  }
  await deps.db.query('DELETE FROM fb_oauth_client_user WHERE client_id = $1 AND identity = $2', [client.clientId, identity]);
  return { revoked: true, client_id: client.clientId, client_user_identity: identity };
}

async function find(deps: ClientUserDeps, client: ClientCredentials, identity: string): Promise<Row> {
  const result = await deps.db.query<Row>('SELECT client_id, identity, code_verifier, uid, tokens FROM fb_oauth_client_user WHERE client_id = $1 AND identity = $2', [client.clientId, identity]);
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
