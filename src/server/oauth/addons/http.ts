/**
 * What the add-on adapters share: reading parameters the ways the add-ons document them (query
 * string, form or JSON body — a JSON body even on GET — and the `Authorization: OAuth k='v', …`
 * header), and their error body `{"error", "error_description"}`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import getRawBody from 'raw-body';
import { sendJson } from '../../odoo/jsonrpc.ts';
import type { OdooValue } from '../../odoo/registry.ts';

const MAX_BODY_BYTES = 64 * 1024;

/** An answer that is the add-on's error body, thrown by a handler and sent by the router. */
export class AddonError extends Error {
  override name = 'AddonError';
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(description);
  }
}

export const invalidClient = (description = 'client authentication failed (unknown client, or wrong or missing client secret)') => new AddonError(401, 'invalid_client', description);
export const invalidRequest = (description: string) => new AddonError(400, 'invalid_request', description);

/** The body's parameters: a JSON object or a form; anything else is refused. Empty: none. */
export async function readBodyParams(req: IncomingMessage): Promise<Record<string, unknown>> {
  const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return {};
  let text: string;
  try {
    text = await getRawBody(req, { limit: MAX_BODY_BYTES, encoding: 'utf8' });
  } catch {
    throw invalidRequest(`the request body could not be read (at most ${MAX_BODY_BYTES} bytes)`);
  }
  if (text.trim() === '') return {};
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
  // JSON is what the add-ons send, with or without a content type (curl -d '{…}' on a GET).
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidRequest('the request body is neither JSON nor a form');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw invalidRequest('the JSON body must be an object');
  return json as Record<string, unknown>;
}

/**
 * `Authorization: OAuth client_id='…', state='…', redirect_uri='https%3A%2F%2F…'` as the restapi
 * add-on documents it: comma-separated `name='value'` (or double quotes), values URL-encoded.
 */
export function parseOAuthHeader(header: string | undefined): Record<string, string> | undefined {
  const match = /^\s*OAuth\s+(.*)$/is.exec(header ?? '');
  if (match?.[1] === undefined) return undefined;
  const params: Record<string, string> = {};
  const pair = /\s*([A-Za-z_][\w.-]*)\s*=\s*(?:'([^']*)'|"([^"]*)"|([^,\s]*))\s*(?:,|$)/gy;
  const text = match[1].trim();
  let found: RegExpExecArray | null;
  while (pair.lastIndex < text.length && (found = pair.exec(text)) !== null) {
    const [, name = '', single, double, bare] = found;
    try {
      params[name] = decodeURIComponent(single ?? double ?? bare ?? '');
    } catch {
      throw invalidRequest(`the Authorization header's ${name} is not URL-encoded correctly`);
    }
  }
  if (pair.lastIndex < text.length) throw invalidRequest("the Authorization header is not of the form OAuth name='value', …");
  return params;
}

/** Every parameter of a request: query, then body, then the OAuth header (later wins). */
export async function requestParams(req: IncomingMessage, url: URL): Promise<Record<string, unknown>> {
  return { ...Object.fromEntries(url.searchParams), ...(await readBodyParams(req)), ...parseOAuthHeader(req.headers.authorization) };
}

/** HTTP Basic client credentials (RFC 6749 §2.3.1: each part form-encoded), or undefined. */
export function basicCredentials(req: IncomingMessage): { clientId: string; clientSecret: string } | undefined {
  const basic = /^\s*Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  if (basic === undefined) return undefined;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw invalidClient('malformed HTTP Basic credentials');
  const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
  try {
    return { clientId: decode(decoded.slice(0, colon)), clientSecret: decode(decoded.slice(colon + 1)) };
  } catch {
    throw invalidClient('malformed HTTP Basic credentials');
  }
}

/**
 * A client secret in the URL ends up in access logs, proxies' logs and browser history: refused
 * wherever a client authenticates (RFC 6749 §2.3.1: "MUST NOT be included in the request URI").
 */
export function refuseSecretInUrl(url: URL): void {
  if (url.searchParams.has('client_secret')) {
    throw invalidRequest('client_secret must not be sent in the URL: send it in the request body, or with HTTP Basic');
  }
}

export function stringParam(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalidRequest(`${name} must be a string`);
  return value;
}

export function sendAddonJson(req: IncomingMessage, res: ServerResponse, status: number, body: OdooValue, headers: Record<string, string> = {}): Promise<void> {
  return sendJson(req, res, body, status, { Pragma: 'no-cache', ...headers });
}

export function sendAddonError(req: IncomingMessage, res: ServerResponse, error: AddonError): Promise<void> {
  return sendAddonJson(req, res, error.status, { error: error.error, error_description: error.description }, { ...error.headers });
}
