/**
 * Whether this server offers "Sign in with Odoo", and which flows: read from its discovery
 * document (RFC 8414). A real Odoo without an OAuth provider module has none: the login screen
 * then offers only the password.
 */
export interface OAuthOffer {
  readonly code: boolean;
  readonly implicit: boolean;
  readonly implicitIdToken: boolean;
}

const NONE: OAuthOffer = { code: false, implicit: false, implicitIdToken: false };

let discovery: Promise<Response> | undefined;

/**
 * The discovery document's answer, asked for once a page: the login screen's offer reads it, and the
 * sign-in (flows.ts, oauth4webapi) checks it. Each caller gets its own copy. Only a JSON answer is
 * kept; a failure, an error status, a redirect (a captive portal's, as oauth4webapi refuses one) or
 * a page that is not JSON is asked again next time, and so is one the sign-in's check refused
 * (`forgetDiscovery`).
 */
export function discoveryResponse(): Promise<Response> {
  const asked = (discovery ??= fetch(`${location.origin}/.well-known/openid-configuration`, { headers: { Accept: 'application/json' }, redirect: 'manual' }).then((response) => {
    if (!response.ok || !/\bjson\b/i.test(response.headers.get('content-type') ?? '')) forgetDiscovery();
    return response;
  }));
  asked.catch(forgetDiscovery);
  return asked.then((response) => response.clone());
}

export function forgetDiscovery(): void {
  discovery = undefined;
}

export async function oauthOffer(): Promise<OAuthOffer> {
  try {
    const response = await discoveryResponse();
    if (!response.ok) return NONE;
    const metadata: unknown = await response.json();
    const types = metadata !== null && typeof metadata === 'object' ? (metadata as { response_types_supported?: unknown }).response_types_supported : undefined;
    if (!Array.isArray(types)) return NONE;
    return { code: types.includes('code'), implicit: types.includes('token'), implicitIdToken: types.includes('id_token token') };
  } catch {
    return NONE;
  }
}
