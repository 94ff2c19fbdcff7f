/**
 * The adapters are clients of the one authorization server: they send the standard requests to
 * its own token and revocation endpoints (RFC 6749 §3.2, RFC 7009) over loopback, with the
 * calling client's own credentials, and translate the answers. Codes, refresh rotation, replay
 * detection, revocation and expiry therefore stay the library's, with one token store.
 */
import type Provider from 'oidc-provider';
import { ROUTES } from '../provider.ts';
import { AddonError, invalidClient } from './http.ts';

export interface EndpointDeps {
  readonly provider: Provider;
  /** Where this server is reachable from itself (loopback), e.g. `http://127.0.0.1:8069`. */
  readonly internalUrl: string;
  /**
   * A per-process secret the adapters' own loopback calls carry (`INTERNAL_HEADER`): the client
   * authentication throttle counts the real caller at the adapter, not the loopback call too.
   */
  readonly internalMark?: string;
}

export const INTERNAL_HEADER = 'X-Fieldbook-Internal';

export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string | undefined;
}

export type EndpointAnswer = { readonly ok: true; readonly body: Record<string, unknown> } | { readonly ok: false; readonly error: AddonError };

/** Posts a form to one of the server's endpoints as `client`, authenticated its registered way. */
async function post(deps: EndpointDeps, path: string, client: ClientCredentials, form: Record<string, string>): Promise<EndpointAnswer> {
  const registered = await deps.provider.Client.find(client.clientId);
  if (registered === undefined) return { ok: false, error: invalidClient(`unknown client_id "${client.clientId}"`) };
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', ...(deps.internalMark === undefined ? {} : { [INTERNAL_HEADER]: deps.internalMark }) };
  const body = new URLSearchParams(form);
  if (registered.clientAuthMethod === 'client_secret_basic') {
    // RFC 6749 §2.3.1: each part form-encoded before base64.
    const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
    headers.Authorization = `Basic ${Buffer.from(`${encode(client.clientId)}:${encode(client.clientSecret ?? '')}`).toString('base64')}`;
  } else {
    body.set('client_id', client.clientId);
    if (client.clientSecret !== undefined) body.set('client_secret', client.clientSecret);
  }
  const response = await fetch(new URL(path, deps.internalUrl), { method: 'POST', headers, body, redirect: 'manual' });
  const text = await response.text();
  let json: unknown = {};
  try {
    json = text === '' ? {} : JSON.parse(text);
  } catch {
    // not JSON: reported below
  }
  const answer = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  if (response.ok) return { ok: true, body: answer };
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
