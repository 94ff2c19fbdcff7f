/**
 * The adapters are clients of the one authorization server: they send the standard requests to
 * its own token and revocation endpoints (RFC 6749 §3.2, RFC 7009), with the calling client's own
 * credentials, and translate the answers. Codes, refresh rotation, replay detection, revocation and
 * expiry therefore stay the library's, with one token store. The requests are handed to the
 * library's request handler in this process, never sent over the network: nothing else sees them
 * (the client-authentication throttle counts the real caller, at the adapter).
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type Provider from 'oidc-provider';
import { ROUTES } from '../provider.ts';
import { AddonError, invalidClient } from './http.ts';

export interface EndpointDeps {
  readonly provider: Provider;
  /** The library's request handler, as the authorization server calls it (the request's origin pinned to the issuer). */
  readonly endpoints: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string | undefined;
}

export type EndpointAnswer = { readonly ok: true; readonly body: Record<string, unknown> } | { readonly ok: false; readonly error: AddonError };

/** Posts a form to one of the server's endpoints as `client`, authenticated its registered way. */
async function post(deps: EndpointDeps, path: string, client: ClientCredentials, form: Record<string, string>): Promise<EndpointAnswer> {
  const registered = await deps.provider.Client.find(client.clientId);
  if (registered === undefined) return { ok: false, error: invalidClient(`unknown client_id "${client.clientId}"`) };
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  const body = new URLSearchParams(form);
  if (registered.clientAuthMethod === 'client_secret_basic') {
    // RFC 6749 §2.3.1: each part form-encoded before base64.
    const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
    headers.authorization = `Basic ${Buffer.from(`${encode(client.clientId)}:${encode(client.clientSecret ?? '')}`).toString('base64')}`;
  } else {
    body.set('client_id', client.clientId);
    if (client.clientSecret !== undefined) body.set('client_secret', client.clientSecret);
  }
  const response = await inProcess(deps.endpoints, path, headers, body.toString());
  let json: unknown = {};
  try {
    json = response.body === '' ? {} : JSON.parse(response.body);
  } catch {
    // not JSON: reported below
  }
  const answer = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  if (response.status >= 200 && response.status < 300) return { ok: true, body: answer };
  const error = typeof answer.error === 'string' ? answer.error : 'server_error';
  const description = typeof answer.error_description === 'string' ? answer.error_description : `the authorization server answered ${response.status}`;
  return { ok: false, error: new AddonError(response.status, error, description) };
}

export function tokenRequest(deps: EndpointDeps, client: ClientCredentials, form: Record<string, string>): Promise<EndpointAnswer> {
  return post(deps, ROUTES.token, client, form);
}

export function revocationRequest(deps: EndpointDeps, client: ClientCredentials, token: string, hint: 'access_token' | 'refresh_token'): Promise<EndpointAnswer> {
  return post(deps, ROUTES.revocation, client, { token, token_type_hint: hint });
}

/**
 * A POST built in memory and handed to `handler`, its answer collected: what a request over
 * loopback would get, with no socket. Node gives incoming header names in lower case.
 */
async function inProcess(
  handler: EndpointDeps['endpoints'],
  path: string,
  headers: Readonly<Record<string, string>>,
  body: string,
): Promise<{ status: number; body: string }> {
  const req = new IncomingMessage(new Socket());
  req.method = 'POST';
  req.url = path;
  req.headers = { ...headers, 'content-length': String(Buffer.byteLength(body)) };
  req.push(body);
  req.push(null);
  const res = new ServerResponse(req);
  const chunks: Buffer[] = [];
  res.write = collecting(res.write, chunks);
  res.end = collecting(res.end, chunks);
  await handler(req, res);
  return { status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') };
}

/** `write` or `end` of a response, keeping each chunk written through it. */
function collecting<Method extends (...args: never[]) => unknown>(method: Method, chunks: Buffer[]): Method {
  return new Proxy(method, {
    apply(target, self, args: unknown[]) {
      const [chunk, encoding] = args;
      if (typeof chunk === 'string') chunks.push(Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
      else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
      return Reflect.apply(target, self, args) as unknown;
    },
  });
}
