/**
 * The JSON-RPC transport to Odoo, as a request/process pair (oauth4webapi's style):
 * `jsonRpcRequest()` builds and sends the envelope; `processJsonRpcResponse()` validates the reply
 * once and returns the result or throws an `OdooError`. Only this module calls `fetch` for Odoo.
 * @see odoo-wire/README.md "Envelope"
 */
import { reportReached, reportSlow, reportUnreachable, SLOW_MS } from './connectivity.ts';
import { codeForOdooName, OdooError, reasonFor } from './errors.ts';
import { ACCOUNT_HEADER, NO_STORE_HEADER, STORED_AT_HEADER } from './offline-wire.ts';

/** One HTTP request as the gateway sends it (its own `fetch`: cookies, timeout, offline reporting). */
export type Transport = (url: string, init: { readonly method: string; readonly headers: Record<string, string>; readonly body: string }) => Promise<Response>;

/**
 * The active credential, as the gateway sees it: it sends each request through the gateway's
 * transport, adding what it needs (a bearer token, or a DPoP-bound one with its per-request proof,
 * sent again once when the server asks for a DPoP nonce), and renews itself when Odoo refuses it.
 */
export interface CredentialProvider {
  /** Sends one request; a session adds nothing (the HttpOnly cookie goes by itself). */
  send(url: string, init: Parameters<Transport>[1], transport: Transport): Promise<Response>;
  /** Called once when Odoo refuses the credential: true when it was renewed and the call may be retried. */
  renew(): Promise<boolean>;
}

/**
 * Who the calls are made as: the credential, and the signed-in account named on every call for the
 * service worker, which stores and serves answers only for the account the page and the `fieldbook`
 * database agree on (src/sw/response-store.ts). Connected once by src/app at start (tests connect
 * their own): the gateway never imports src/auth (DESIGN.md). Unconnected, calls go with the
 * session cookie alone.
 */
export interface Gateway {
  readonly credential: CredentialProvider;
  readonly account: () => string | undefined;
}

const cookieOnly: Gateway = { credential: { send: (url, init, transport) => transport(url, init), renew: async () => false }, account: () => undefined };
let gateway = cookieOnly;

export function connectGateway(next: Gateway | undefined): void {
  gateway = next ?? cookieOnly;
}

export interface RpcOptions {
  readonly signal?: AbortSignal;
  /** Milliseconds before the call is abandoned as a `network` error. */
  readonly timeoutMs?: number;
  /** For tests and the server-side bench: where Odoo is. Defaults to this origin. */
  readonly baseUrl?: string;
  /** The server's answer or a failure, never the service worker's stored one, and not kept either (the sync engine). */
  readonly noStore?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 20_000;

let nextId = 1;

/** Sends `params` to the JSON route `path` and returns the raw Response (or throws a `network` OdooError). */
export async function jsonRpcRequest(path: string, params: unknown, options: RpcOptions = {}): Promise<{ response: Response; id: number }> {
  const id = nextId++;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
  // Absolute, because a DPoP proof signs the exact URL (RFC 9449 §4.2 `htu`).
  const here = (globalThis as { location?: { href: string } }).location?.href;
  const url = new URL(path, options.baseUrl ?? here).toString();
  const transport: Transport = async (target, init) => {
    // Still waiting after SLOW_MS: Odoo is slow (the status line says so; slow is not offline).
    const slow = setTimeout(reportSlow, SLOW_MS);
    try {
      return await fetch(target, { ...init, credentials: 'same-origin', signal });
    } catch (error) {
      const failure = transportError(error, timeout);
      // A call the app cancelled says nothing about the network.
      if (!(options.signal?.aborted ?? false)) reportUnreachable();
      throw failure;
    } finally {
      clearTimeout(slow);
    }
  };
  const account = gateway.account();
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json', ...(account === undefined ? {} : { [ACCOUNT_HEADER]: account }), ...(options.noStore === true ? { [NO_STORE_HEADER]: '1' } : {}) };
  const response = await gateway.credential.send(url, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params, id }) }, transport);
  const storedAt = Number(response.headers.get(STORED_AT_HEADER) ?? NaN);
  if (Number.isFinite(storedAt)) reportUnreachable(storedAt);
  else if (response.status >= 502 && response.status <= 504) reportUnreachable();
  else reportReached();
  return { response, id };
}

function transportError(error: unknown, timeout: AbortSignal): OdooError {
  if (timeout.aborted) return new OdooError('network', 'Odoo did not answer in time.', { cause: error });
  if (error instanceof DOMException && error.name === 'AbortError') return new OdooError('network', 'The request was cancelled.', { cause: error });
  return new OdooError('network', 'Odoo cannot be reached. Check the connection.', { cause: error });
}

interface Envelope {
  jsonrpc?: unknown;
  id?: unknown;
  result?: unknown;
  error?: { code?: unknown; message?: unknown; data?: { name?: unknown; message?: unknown } };
}

/**
 * Validates the reply: an Odoo JSON-RPC envelope with a result (a missing `result` is null, 09a)
 * or an error (mapped to its code). Anything else — an HTML page from a proxy, a truncated body —
 * is a `protocol` error; a gateway status (502–504) without an envelope is a `network` one.
 */
export async function processJsonRpcResponse<T = unknown>(response: Response, id?: number): Promise<T> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new OdooError('network', 'The connection broke while Odoo was answering.', { cause: error, status: response.status });
  }
  const body = parseEnvelope(text);
  if (body === undefined && response.status === 401) throw tokenRefused(response, text);
  if (body === undefined && response.status === 403 && /\berror="insufficient_scope"/.test(response.headers.get('www-authenticate') ?? '')) {
    // A refresh would carry the same scopes: not renewed, the user signs in again (and is asked for what the app needs).
    throw new OdooError('session_expired', 'This sign-in does not allow reading Odoo data. Sign in again.', { status: 403, reason: 'insufficient_scope', odooName: 'insufficient_scope' });
  }
  if (body === undefined) {
    if (response.status >= 502 && response.status <= 504) {
      throw new OdooError('network', `Odoo cannot be reached (the server answered ${response.status}).`, { status: response.status });
    }
    throw new OdooError('protocol', `The server did not answer like Odoo (HTTP ${response.status}, ${describeBody(response, text)}).`, { status: response.status });
  }
  if (body.error !== undefined) throw errorFromEnvelope(body.error);
  if (id !== undefined && body.id !== null && body.id !== undefined && body.id !== id) {
    throw new OdooError('protocol', 'Odoo answered another request than the one sent.', { status: response.status });
  }
  if (!response.ok) throw new OdooError('protocol', `Odoo answered HTTP ${response.status} without an error.`, { status: response.status });
  return (body.result ?? null) as T;
}

/**
 * A bearer or DPoP token Odoo refused: HTTP 401 with `WWW-Authenticate` and an OAuth error body
 * (RFC 6750 §3.1, RFC 9449 §7.1). To the app it is a session that ended.
 */
function tokenRefused(response: Response, text: string): OdooError {
  let description = 'The sign-in has expired or was revoked.';
  try {
    const body: unknown = JSON.parse(text);
    const value = body !== null && typeof body === 'object' ? (body as { error_description?: unknown }).error_description : undefined;
    if (typeof value === 'string' && value !== '') description = value;
  } catch {
    // a 401 without a JSON body: the generic sentence
  }
  return new OdooError('session_expired', description, { status: 401, reason: 'token_rejected', odooName: response.headers.get('www-authenticate') ?? 'invalid_token' });
}

function parseEnvelope(text: string): Envelope | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const envelope = value as Envelope;
  if (envelope.jsonrpc !== '2.0' || !('id' in envelope)) return undefined;
  if (envelope.error !== undefined && (envelope.error === null || typeof envelope.error !== 'object')) return undefined;
  return envelope;
}

function errorFromEnvelope(error: NonNullable<Envelope['error']>): OdooError {
  const rpcCode = typeof error.code === 'number' ? error.code : 200;
  const name = typeof error.data?.name === 'string' ? error.data.name : 'unknown';
  const message =
    typeof error.data?.message === 'string' && error.data.message !== ''
      ? error.data.message
      : typeof error.message === 'string'
        ? error.message
        : 'Odoo reported an error.';
  const reason = reasonFor(name, message);
  return new OdooError(codeForOdooName(name, rpcCode), message, { odooName: name, status: rpcCode, ...(reason === undefined ? {} : { reason }) });
}

function describeBody(response: Response, text: string): string {
  const type = response.headers.get('content-type') ?? 'no content type';
  if (text.trim() === '') return 'an empty body';
  return /html/i.test(type) || /^\s*</.test(text) ? 'an HTML page' : type;
}

/**
 * Both halves in one call: what every Odoo call in the app uses. A refused token is renewed once
 * (a refresh, when the sign-in has a refresh token) and the call retried.
 */
export async function jsonRpc<T = unknown>(path: string, params: unknown, options: RpcOptions = {}): Promise<T> {
  const { response, id } = await jsonRpcRequest(path, params, options);
  try {
    return await processJsonRpcResponse<T>(response, id);
  } catch (error) {
    if (!(error instanceof OdooError && error.reason === 'token_rejected') || !(await gateway.credential.renew())) throw error;
    const retry = await jsonRpcRequest(path, params, options);
    return processJsonRpcResponse<T>(retry.response, retry.id);
  }
}
