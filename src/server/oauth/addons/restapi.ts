/**
 * The restapi add-on's endpoints (`/restapi/1.0/…`) as thin adapters over the one authorization
 * server: the token requests go to its token endpoint (token-endpoint.ts), the object reads to the
 * same `search_read` as call_kw, as the caller the token or API key names, under their ACLs and
 * record rules. Errors: `{"error", "error_description"}` with 401 `invalid_client`,
 * `invalid_token`, `invalid_api_key` or 403 `access_denied`.
 * @see https://odoo-restapi.readthedocs.io/en/latest/ (restapi 1.0: authorize, access_token, object)
 * @see https://docs.austinjdx.com/modules/rest-api (oauth2/token: client_credentials, token_format=jwt, API keys)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Caller } from '../../odoo/access.ts';
import { OdooException } from '../../odoo/errors.ts';
import { callMethod } from '../../odoo/orm/methods.ts';
import { parsePythonLiteral, PythonLiteralError } from '../../odoo/python-literal.ts';
import type { OdooValue, Registry } from '../../odoo/registry.ts';
import { DATABASE_NAME } from '../../odoo/credentials.ts';
import { loadCaller } from '../../odoo/session-info.ts';
import type { Database } from '../../store/db.ts';
import { restApiResource } from '../provider.ts';
import { DATA_SCOPES } from '../account.ts';
import { challenge, refusalStatus, scopeRefusal, type TokenCheck } from '../resource-access.ts';
import { looksLikeApiKey, userOfApiKey } from '../../store/api-keys.ts';
import { AddonError, basicCredentials, invalidClient, invalidRequest, refuseSecretInUrl, requestParams, sendAddonJson, stringParam } from './http.ts';
import { type EndpointDeps, tokenRequest } from './token-endpoint.ts';

export const RESTAPI_PREFIX = '/restapi/1.0/';
const OBJECT_PREFIX = '/restapi/1.0/object/';

export interface RestapiDeps extends EndpointDeps {
  readonly db: Database;
  readonly registry: Registry;
  readonly issuer: string;
  readonly checkAccessToken: (req: IncomingMessage) => Promise<TokenCheck>;
}

/** Routes `/restapi/1.0/common/oauth2/{access_token,token}` and `/restapi/1.0/object/<model>`. */
export async function handleRestapi(deps: RestapiDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const path = url.pathname;
  if (path === '/restapi/1.0/common/oauth2/access_token' || path === '/restapi/1.0/common/oauth2/token') {
    if (req.method !== 'POST') throw new AddonError(405, 'invalid_request', 'this endpoint answers POST', { Allow: 'POST' });
    refuseSecretInUrl(url);
    const basic = basicCredentials(req);
    const params = { ...(await requestParams(req, url)), ...(basic === undefined ? {} : { client_id: basic.clientId, client_secret: basic.clientSecret }) };
    const body = path.endsWith('/access_token') ? await accessToken(deps, params) : await token(deps, params);
    await sendAddonJson(req, res, 200, body);
    return true;
  }
  if (path.startsWith(OBJECT_PREFIX)) {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new AddonError(405, 'invalid_request', 'the demo serves reads only: GET', { Allow: 'GET' });
    let model: string;
    try {
      model = decodeURIComponent(path.slice(OBJECT_PREFIX.length));
    } catch {
      throw invalidRequest('the model in the path is not URL-encoded correctly');
    }
    await sendAddonJson(req, res, 200, await searchObjects(deps, req, url, model));
    return true;
  }
  return false;
}

function clientOf(params: Record<string, unknown>): { clientId: string; clientSecret: string | undefined } {
  const clientId = stringParam(params, 'client_id');
  if (clientId === undefined) throw invalidClient('client_id is missing');
  return { clientId, clientSecret: stringParam(params, 'client_secret') };
}

/** restapi 1.0 "Token Credentials Request": the code, for `{access_token, token_type, access_token_validity, refresh_token}`. */
async function accessToken(deps: RestapiDeps, params: Record<string, unknown>): Promise<OdooValue> {
  const client = clientOf(params);
  const grantType = stringParam(params, 'grant_type') ?? 'authorization_code';
  if (grantType !== 'authorization_code') throw new AddonError(400, 'unsupported_grant_type', 'grant_type must be authorization_code');
  const code = stringParam(params, 'code');
  const redirectUri = stringParam(params, 'redirect_uri');
  if (code === undefined || redirectUri === undefined) throw invalidRequest('code and redirect_uri are required');
  const answer = await tokenRequest(deps, client, { grant_type: 'authorization_code', code, redirect_uri: redirectUri });
  if (!answer.ok) throw answer.error;
  const expiresIn = Number(answer.body.expires_in);
  return {
    access_token: String(answer.body.access_token),
    token_type: 'bearer',
    // As documented: "7/20/2017 12:00:05" (UTC here).
    access_token_validity: validityDate(new Date(Date.now() + expiresIn * 1000)),
    refresh_token: typeof answer.body.refresh_token === 'string' ? answer.body.refresh_token : false,
  };
}

export function validityDate(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
}

/** `POST /restapi/1.0/common/oauth2/token`: client_credentials (opaque or JWT) and refresh_token. */
async function token(deps: RestapiDeps, params: Record<string, unknown>): Promise<OdooValue> {
  const client = clientOf(params);
  const grantType = stringParam(params, 'grant_type');
  const format = stringParam(params, 'token_format') ?? 'opaque';
  if (format !== 'opaque' && format !== 'jwt') throw invalidRequest('token_format must be jwt or opaque');
  const scope = stringParam(params, 'scope');
  if (grantType === 'client_credentials') {
    // The add-on's client-credentials tokens are for its object API: that scope unless others are asked.
    const form: Record<string, string> = { grant_type: 'client_credentials', scope: scope ?? DATA_SCOPES.restapi };
    if (format === 'jwt') form.resource = restApiResource(deps.issuer);
    const answer = await tokenRequest(deps, client, form);
    if (!answer.ok) throw answer.error;
    return { access_token: String(answer.body.access_token), token_type: 'Bearer', expires_in: Number(answer.body.expires_in) };
  }
  if (grantType === 'refresh_token') {
    // A user's JWT access token could not be revoked with its grant: refresh gives opaque ones.
    if (format === 'jwt') throw invalidRequest('token_format=jwt is offered for client_credentials only');
    const refreshToken = stringParam(params, 'refresh_token');
    if (refreshToken === undefined) throw invalidRequest('refresh_token is missing');
    const answer = await tokenRequest(deps, client, { grant_type: 'refresh_token', refresh_token: refreshToken, ...(scope === undefined ? {} : { scope }) });
    if (!answer.ok) throw answer.error;
    return {
      access_token: String(answer.body.access_token),
      token_type: 'Bearer',
      expires_in: Number(answer.body.expires_in),
      ...(typeof answer.body.refresh_token === 'string' ? { refresh_token: answer.body.refresh_token } : {}),
    };
  }
  throw new AddonError(400, 'unsupported_grant_type', 'grant_type must be client_credentials or refresh_token');
}

/** The caller of an object request: an API key (Bearer or X-API-Key) or an access token. */
async function callerOf(deps: RestapiDeps, req: IncomingMessage): Promise<Caller> {
  const apiKeyHeader = req.headers['x-api-key'];
  const bearer = /^\s*Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  const apiKey = typeof apiKeyHeader === 'string' ? apiKeyHeader.trim() : bearer !== undefined && looksLikeApiKey(bearer) ? bearer : undefined;
  if (apiKey !== undefined) {
    const uid = await userOfApiKey(deps.db, apiKey);
    const caller = uid === undefined ? undefined : await loadCaller(deps.db, uid, DATABASE_NAME);
    if (caller === undefined) throw new AddonError(401, 'invalid_api_key', 'the API key is invalid or revoked', { 'WWW-Authenticate': 'Bearer realm="fieldbook", error="invalid_token"' });
    return caller;
  }
  const check = await deps.checkAccessToken(req);
  if (check.status === 'valid') {
    // Tokens for this API: ours (JWT, its audience) or the library's opaque ones, granted `restapi.read`.
    const refusal = scopeRefusal(check, check.api === 'restapi' ? 'restapi' : 'odoo', DATA_SCOPES.restapi);
    if (refusal === undefined) return check.caller;
    throw new AddonError(refusalStatus(refusal), refusal.error, refusal.description, { 'WWW-Authenticate': challenge(refusal) });
  }
  if (check.status === 'absent') {
    throw new AddonError(401, 'invalid_token', 'an access token (Authorization: Bearer …) or an API key (X-API-Key) is required', { 'WWW-Authenticate': 'Bearer realm="fieldbook"' });
  }
  throw new AddonError(refusalStatus(check.refusal), check.refusal.error, check.refusal.description, { 'WWW-Authenticate': challenge(check.refusal) });
}

function literalParam(url: URL, name: string): unknown {
  const text = url.searchParams.get(name);
  if (text === null || text.trim() === '') return undefined;
  try {
    return parsePythonLiteral(text);
  } catch (error) {
    if (error instanceof PythonLiteralError) throw invalidRequest(`${name}: ${error.message}`);
    throw error;
  }
}

function countParam(url: URL, name: string, fallback: number | undefined): number | undefined {
  const text = url.searchParams.get(name);
  if (text === null || text === '') return fallback;
  if (!/^\d{1,9}$/.test(text)) throw invalidRequest(`${name} must be a whole number`);
  return Number(text);
}

/** The web client's page size: a request without `limit` does not read thousands of records. */
const DEFAULT_LIMIT = 80;

/** `GET /restapi/1.0/object/<model>?domain=…&fields=…&limit=…&offset=…&order=…` → `{"<model>": [records]}`. */
async function searchObjects(deps: RestapiDeps, req: IncomingMessage, url: URL, modelName: string): Promise<OdooValue> {
  const caller = await callerOf(deps, req);
  const model = deps.registry.get(modelName);
  if (model === undefined) throw new AddonError(404, 'not_found', `there is no model "${modelName}"`);
  const domain = literalParam(url, 'domain') ?? [];
  const fields = literalParam(url, 'fields');
  const order = url.searchParams.get('order') ?? undefined;
  const kwargs = {
    domain,
    ...(fields === undefined ? {} : { fields }),
    limit: countParam(url, 'limit', DEFAULT_LIMIT),
    offset: countParam(url, 'offset', 0),
    ...(order === undefined || order === '' ? {} : { order }),
  };
  try {
    const records = await callMethod({ db: deps.db, registry: deps.registry, caller, binSize: true, context: {} }, model, 'search_read', [], kwargs);
    return { [model.name]: records };
  } catch (error) {
    if (!(error instanceof OdooException)) throw error;
    if (error.odooName === 'odoo.exceptions.AccessError') throw new AddonError(403, 'access_denied', error.message);
    throw invalidRequest(error.message);
  }
}
