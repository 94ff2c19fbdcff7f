/**
 * `GET /restapi/1.0/common/oauth2/authorize` (the restapi 1.0 add-on's "Resource Owner
 * Authorization"): its parameters — from the query or from `Authorization: OAuth client_id='…', …`
 * — become a standard authorization request that the library's authorization endpoint answers
 * itself: the same login and consent pages, the same codes. On approval the user agent is
 * redirected to `redirect_uri?code=…&state=…`; a request that asks `Accept: application/json`
 * (and needs no login page) gets `{"code", "state"}` instead, as the add-on documents.
 * @see https://odoo-restapi.readthedocs.io/en/latest/connection/logging_in/oauth2_authentication.html
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type Provider from 'oidc-provider';
import { AddonError, invalidClient, invalidRequest, parseOAuthHeader, stringParam } from './http.ts';

/** Authorization requests whose outcome is answered as JSON rather than as a redirect. */
const answerAsJson = new WeakSet<IncomingMessage>();

/** The scopes an add-on client's tokens carry when it asks none: who the user is, and the add-on's read-only object API (account.ts DATA_SCOPES). */
export const ADDON_SCOPE = 'openid odoo restapi.read';

export interface AuthorizeDeps {
  readonly provider: Provider;
  /** The library's request handler, and the path of its authorization endpoint. */
  readonly callback: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;
  readonly authorizationPath: string;
}

export async function restapiAuthorize(
  { provider, callback, authorizationPath }: AuthorizeDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new AddonError(405, 'invalid_request', 'this endpoint answers GET', { Allow: 'GET' });
  const params: Record<string, unknown> = { ...Object.fromEntries(url.searchParams), ...parseOAuthHeader(req.headers.authorization) };
  const clientId = stringParam(params, 'client_id');
  if (clientId === undefined) throw invalidClient('client_id is missing');
  if ((await provider.Client.find(clientId)) === undefined) throw invalidClient(`unknown client_id "${clientId}"`);
  const responseType = stringParam(params, 'response_type') ?? 'code';
  if (responseType !== 'code') throw new AddonError(400, 'unsupported_response_type', 'response_type must be code');
  const redirectUri = stringParam(params, 'redirect_uri');
  if (redirectUri === undefined) throw invalidRequest('redirect_uri is missing');
  const state = stringParam(params, 'state');
  const standard = new URLSearchParams({ client_id: clientId, response_type: 'code', redirect_uri: redirectUri, scope: stringParam(params, 'scope') ?? ADDON_SCOPE });
  if (state !== undefined) standard.set('state', state);
  for (const name of ['code_challenge', 'code_challenge_method', 'nonce', 'prompt', 'login_hint']) {
    const value = stringParam(params, name);
    if (value !== undefined) standard.set(name, value);
  }
  req.url = `${authorizationPath}?${standard}`;
  delete req.headers.authorization; // the library would read it as client authentication
  if (prefersJson(req.headers.accept)) answerAsJson.add(req);
  await callback(req, res);
}

function prefersJson(accept: string | undefined): boolean {
  return accept !== undefined && /^\s*application\/json\b/i.test(accept);
}

/**
 * Post-middleware (`provider.use`): the authorization endpoint's redirect back to the client,
 * for a request marked above, becomes `{"code", "state"}` (or the error) as JSON. A redirect to
 * the login page stays a redirect: a user has to sign in first.
 */
export async function answerCodeAsJson(ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
  await next();
  if (!answerAsJson.has(ctx.req) || (ctx.status !== 302 && ctx.status !== 303)) return;
  const location = URL.parse(ctx.response.get('Location'));
  if (location === null || location.pathname.startsWith('/oauth2/')) return;
  const answer = new URLSearchParams(location.search);
  const code = answer.get('code');
  const error = answer.get('error');
  if (code === null && error === null) return;
  ctx.remove('Location');
  ctx.set('Cache-Control', 'no-store');
  ctx.status = error === null ? 200 : error === 'access_denied' ? 403 : 400;
  ctx.type = 'json';
  ctx.body = error === null ? { code, state: answer.get('state') } : { error, error_description: answer.get('error_description') ?? error, state: answer.get('state') };
}
