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
 * sign-in (flows.ts, oauth4webapi) checks it. Each caller gets its own copy; a failure is asked again.
 */
export function discoveryResponse(): Promise<Response> {
  const asked = (discovery ??= fetch(`${location.origin}/.well-known/openid-configuration`, { headers: { Accept: 'application/json' } }).then((response) => {
    if (!response.ok) discovery = undefined;
    return response;
  }));
  asked.catch(() => (discovery = undefined));
  return asked.then((response) => response.clone());
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
