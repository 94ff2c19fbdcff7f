/**
 * "Sign in with Odoo": the authorization code flow with PKCE (S256), state, nonce, RFC 9207 `iss`
 * and a DPoP-bound token (oauth4webapi does the protocol), and the legacy implicit grant (our
 * fragment parser). Both start by redirecting and end in `completeSignIn` on /oauth/callback.
 */
import { t } from '../../i18n/i18n.ts';
import * as oauth from 'oauth4webapi';
import { discoveryResponse, forgetDiscovery } from './availability.ts';
import { parseImplicitFragment } from './implicit-fragment.ts';
import { mayCallProvider, type OdooProvider } from './odoo-providers.ts';
import { dpopHandle, generateDpopKeyPair, withDPoPNonce } from './dpop.ts';
import { logStep, redact, startFlowLog } from './flow-log.ts';
import { SignInError, type SignInErrorCode } from './sign-in-error.ts';
import { safeReturnTo, savePending, takePending, type OAuthFlow, type PendingSignIn } from './pending.ts';
import { CLIENT_ID, issuerUrl, redirectUri, SCOPE } from './settings.ts';
import { META_KEYS, readMeta } from '../../storage/db.ts';

export const client: oauth.Client = { client_id: CLIENT_ID, token_endpoint_auth_method: 'none' };

// The demo runs on http://127.0.0.1 (loopback); oauth4webapi refuses plain http unless told.
const httpOptions = () => (location.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {});

let discovered: Promise<oauth.AuthorizationServer> | undefined;

export function discover(): Promise<oauth.AuthorizationServer> {
  discovered ??= (async () => {
    // The document the login screen already asked for (availability.ts): one request, checked here.
    return oauth.processDiscoveryResponse(issuerUrl(), await discoveryResponse());
  })().catch((error: unknown) => {
    // Refused (not this issuer's, not a document): asked again next time, not read again.
    discovered = undefined;
    forgetDiscovery();
    throw error;
  });
  return discovered;
}

/** A token set, as the app keeps it (in IndexedDB, with the account). */
export interface TokenSet {
  readonly accessToken: string;
  /** Epoch milliseconds; undefined when the server did not say. */
  readonly expiresAt: number | undefined;
  readonly refreshToken: string | undefined;
  readonly scope: string | undefined;
  /** Present when the token is DPoP-bound: the non-extractable key that proves possession. */
  readonly dpopKeys: CryptoKeyPair | undefined;
  readonly flow: OAuthFlow;
}

/** Starts a sign-in: stores the one-time facts, then leaves for the authorization server. */
export async function startSignIn(flow: OAuthFlow, returnTo: string): Promise<void> {
  const as = await discover();
  if (as.authorization_endpoint === undefined) throw new Error('The server has no authorization endpoint.');
  await startFlowLog(flow);
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('client_id', CLIENT_ID);
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('scope', SCOPE);
  url.searchParams.set('state', state);
  url.searchParams.set('nonce', nonce);
  // After a logout on this device, the server's own login session may still be alive (a logout
  // made offline could not end it): the next person signs in with a password, never as the last one.
  if ((await readMeta(META_KEYS.freshLogin).catch(() => undefined)) === true) url.searchParams.set('prompt', 'login');
  if (flow === 'code') {
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const dpopKeys = await generateDpopKeyPair();
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
    url.searchParams.set('dpop_jkt', await dpopHandle(dpopKeys).calculateThumbprint());
    await savePending({ flow, state, nonce, issuer: as.issuer, codeVerifier, dpopKeys, returnTo: safeReturnTo(returnTo), startedAt: Date.now() });
  } else {
    url.searchParams.set('response_type', flow === 'implicit' ? 'token' : 'id_token token');
    await savePending({ flow, state, nonce, issuer: as.issuer, returnTo: safeReturnTo(returnTo), startedAt: Date.now() });
  }
  await logStep(t('Authorization request'), `${url.origin}${url.pathname}?${url.searchParams.toString()}`);
  location.assign(url);
}

/** Python's `url_quote_plus`, as Odoo quotes the `r` of its state. */
const quotePlus = (text: string) => encodeURIComponent(text).replace(/%20/g, '+');

/** oauth4webapi refuses plain http unless told: only a loopback issuer (the demo) gets it. */
const loopbackHttp = (url: URL) => (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) ? { [oauth.allowInsecureRequests]: true } : {});

/**
 * The provider's discovery document, when it says a browser may use the code flow with PKCE: its
 * authorization endpoint the one the Odoo names, `code` and `S256` supported, a token endpoint a
 * public client may call (`none`). Undefined otherwise (no discovery, or a provider that wants a
 * client secret, as Google's for web clients): then the implicit grant, as Odoo does.
 */
async function providerServer(authorizationEndpoint: string, knownIssuer?: string): Promise<oauth.AuthorizationServer | undefined> {
  try {
    // The issuer the deployment file names (Keycloak's is a realm's path), else the endpoint's origin.
    const issuer = new URL(knownIssuer ?? new URL(authorizationEndpoint).origin);
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...loopbackHttp(issuer) }));
    const publicClients = as.token_endpoint_auth_methods_supported?.includes('none') === true;
    const ok = as.authorization_endpoint === authorizationEndpoint && as.token_endpoint !== undefined && as.response_types_supported?.includes('code') === true && as.code_challenge_methods_supported?.includes('S256') === true && publicClients;
    return ok ? as : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts "Log in with …" through the Odoo's own auth_oauth provider, with Fieldbook's redirect URI
 * (to register at the provider) and a state Odoo's `/auth_oauth/signin` accepts — `d` and `p` as
 * Odoo writes them, `r` the cheap page it lands on (`/web/health`) — plus Fieldbook's own one-time
 * value `fb`, checked on return. The code flow with PKCE when the provider's discovery allows it
 * from a browser (Odoo's own web client never does); else the implicit grant, as Odoo does.
 */
export async function startProviderSignIn(provider: OdooProvider, returnTo: string): Promise<void> {
  await startFlowLog('provider');
  const from = provider.from === 'deployment file' ? t('from the deployment file (/fieldbook.json)') : t("from the Odoo's login page (/web/login)");
  await logStep(t('Provider list read'), t('{provider}: {endpoint}, client {client}, {from}.', { provider: provider.label, endpoint: provider.authorizationEndpoint, client: provider.clientId, from }));
  const nonce = oauth.generateRandomState();
  const state = JSON.stringify({ d: provider.database, p: provider.id, r: quotePlus(`${location.origin}/web/health`), fb: nonce });
  // The app's CSP lets it connect to its own origin and the deployment file's `connect` origins
  // only: a provider elsewhere (Google, or another server's) cannot be asked for its discovery or
  // token from the browser, so the code flow is for a provider the browser may reach.
  const reachable = await mayCallProvider(provider, location.origin);
  const as = reachable ? await providerServer(provider.authorizationEndpoint, provider.issuer) : undefined;
  const url = new URL(provider.authorizationEndpoint);
  url.searchParams.set('client_id', provider.clientId);
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('scope', provider.scope);
  url.searchParams.set('state', state);
  const common = { flow: 'provider', state, nonce, issuer: as?.issuer ?? url.origin, returnTo: safeReturnTo(returnTo), startedAt: Date.now(), providerLabel: provider.label, providerClientId: provider.clientId, providerEndpoint: provider.authorizationEndpoint } as const;
  if (as !== undefined) {
    const codeVerifier = oauth.generateRandomCodeVerifier();
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
    await savePending({ ...common, codeVerifier, providerMode: 'code' });
    await logStep(t('Provider discovery'), t('{issuer} supports the code flow with PKCE (S256) for a public client: used instead of the implicit grant.', { issuer: as.issuer }));
  } else {
    url.searchParams.set('response_type', 'token');
    await savePending({ ...common, providerMode: 'implicit' });
    await logStep(
      t('Provider discovery'),
      reachable
        ? t('No discovery document allowing the code flow from a browser: the implicit grant, as Odoo uses it.')
        : t("The provider is on an origin this app may not call from the browser (not in the deployment file's connect list): the implicit grant, as Odoo uses it."),
    );
  }
  await logStep(t('Authorization request'), `${url.origin}${url.pathname}?${url.searchParams.toString()}`);
  location.assign(url);
}

/** The provider's answer, checked (state, `iss`), and its access token: from the fragment (implicit) or exchanged for the code in the browser. */
async function providerAccessToken(pending: PendingSignIn, callback: { readonly search: string; readonly hash: string }): Promise<string> {
  if (pending.providerMode !== 'code') {
    const fragment = parseImplicitFragment(callback.hash, { state: pending.state, issuer: pending.issuer });
    await logStep(t('State checked'), t("The fragment carries the state this browser stored before the redirect (Odoo's d, p, r and Fieldbook's one-time fb), used once."));
    return fragment.accessToken;
  }
  const as = pending.providerEndpoint === undefined ? undefined : await providerServer(pending.providerEndpoint, pending.issuer);
  if (as === undefined || as.issuer !== pending.issuer || pending.codeVerifier === undefined || pending.providerClientId === undefined) throw new Error('The provider can no longer be asked for the token.');
  const providerClient: oauth.Client = { client_id: pending.providerClientId, token_endpoint_auth_method: 'none' };
  const params = oauth.validateAuthResponse(as, providerClient, new URLSearchParams(callback.search), pending.state);
  await logStep(t('State and issuer checked'), t('state matches the one stored before the redirect; iss names the provider when it says so.'));
  const response = await oauth.authorizationCodeGrantRequest(as, providerClient, oauth.None(), params, redirectUri(), pending.codeVerifier, loopbackHttp(new URL(as.issuer)));
  const result = await oauth.processAuthorizationCodeResponse(as, providerClient, response);
  await logStep(t('Code exchanged'), t('PKCE verifier sent to the provider; access token {token} received, to hand to Odoo once.', { token: redact(result.access_token) }));
  return result.access_token;
}

/** Odoo's `oauth_error` after a refused provider sign-in (addons/auth_oauth/controllers/main.py). */
const PROVIDER_ERRORS: Readonly<Record<string, SignInErrorCode>> = { '1': 'provider_signup_disabled', '2': 'provider_access_denied', '3': 'provider_no_user' };

/** `/auth_oauth/signin` on this origin: Odoo validates the token at the provider and sets its session cookie. The token is not kept. */
async function signInAtOdoo(accessToken: string, state: string, label: string): Promise<void> {
  const response = await fetch(`/auth_oauth/signin?${new URLSearchParams({ access_token: accessToken, state })}`, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
  const landed = new URL(response.url, location.href);
  if (landed.pathname === '/web/login') {
    const code = PROVIDER_ERRORS[landed.searchParams.get('oauth_error') ?? '2'] ?? 'provider_access_denied';
    throw new SignInError(code, `Odoo refused the sign-in with ${label} (${code}).`, { detail: label });
  }
  if (!response.ok) throw new SignInError('provider_http', `Odoo did not finish the sign-in (HTTP ${response.status}).`, { status: response.status });
}

export type CompletedSignIn =
  | { readonly kind: 'tokens'; readonly tokens: TokenSet; readonly returnTo: string }
  /** The Odoo holds a session for the user (its cookie is set): a session account. */
  | { readonly kind: 'odoo_session'; readonly returnTo: string };

/**
 * Completes the sign-in from what the callback received: the query (code flow) or the fragment
 * (implicit, and the Odoo's providers), both already scrubbed from the address bar by the caller.
 */
export async function completeSignIn(callback: { readonly search: string; readonly hash: string }): Promise<CompletedSignIn> {
  const pending = await takePending();
  const inQuery = pending.flow === 'code' || pending.providerMode === 'code';
  await logStep(t('Redirect received'), inQuery ? `/oauth/callback${callback.search}` : `/oauth/callback${callback.hash}`);
  if (pending.flow === 'provider') {
    // The provider's answer, checked as the other flows' are, then its token handed to Odoo once.
    const accessToken = await providerAccessToken(pending, callback);
    const label = pending.providerLabel ?? 'the provider';
    await signInAtOdoo(accessToken, pending.state, label);
    await logStep(t('Exchanged at Odoo'), t("/auth_oauth/signin validated the token at the provider and set Odoo's session cookie; Fieldbook keeps no token."));
    return { kind: 'odoo_session', returnTo: pending.returnTo };
  }
  const as = await discover();
  if (pending.flow === 'code') return { kind: 'tokens', tokens: await exchangeCode(as, pending, callback.search), returnTo: pending.returnTo };
  const fragment = parseImplicitFragment(callback.hash, { state: pending.state, issuer: as.issuer, issRequired: as.authorization_response_iss_parameter_supported === true });
  await logStep(t('State checked'), t('The fragment carries the state this browser stored before the redirect, used once.'));
  if (pending.flow === 'implicit_id_token') {
    if (fragment.idToken === undefined) throw new Error('The server sent no ID token.');
    const jwks = await fetchJwks(as);
    // jose, for this flow only: loaded here, not with every refresh.
    const { verifyImplicitIdToken } = await import('./id-token.ts');
    await verifyImplicitIdToken(fragment.idToken, { issuer: as.issuer, clientId: CLIENT_ID, nonce: pending.nonce, accessToken: fragment.accessToken, jwks });
    await logStep(t('ID token verified'), t('Signature (JWKS), iss, aud, nonce, exp and at_hash match.'));
  }
  return {
    kind: 'tokens',
    tokens: {
      accessToken: fragment.accessToken,
      expiresAt: fragment.expiresIn === undefined ? undefined : Date.now() + fragment.expiresIn * 1000,
      refreshToken: undefined,
      scope: fragment.scope,
      dpopKeys: undefined,
      flow: pending.flow,
    },
    returnTo: pending.returnTo,
  };
}

async function exchangeCode(as: oauth.AuthorizationServer, pending: Awaited<ReturnType<typeof takePending>>, search: string): Promise<TokenSet> {
  // Checks state and, when the server advertises it, `iss` (RFC 9207); throws on an error response.
  const params = oauth.validateAuthResponse(as, client, new URLSearchParams(search), pending.state);
  await logStep(t('State and issuer checked'), t('state matches the one stored before the redirect; iss names this server.'));
  if (pending.codeVerifier === undefined || pending.dpopKeys === undefined) throw new Error('The stored sign-in lacks its PKCE verifier.');
  const DPoP = dpopHandle(pending.dpopKeys);
  const result = await withDPoPNonce(async () => {
    const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri(), pending.codeVerifier ?? '', { DPoP, ...httpOptions() });
    return oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: pending.nonce, requireIdToken: true });
  });
  await logStep(t('Code exchanged'), t('PKCE verifier sent; {type} access token {token} received, ID token verified.', { type: result.token_type, token: redact(result.access_token) }));
  return tokenSet(result, pending.dpopKeys, 'code');
}

export function tokenSet(result: oauth.TokenEndpointResponse, dpopKeys: CryptoKeyPair | undefined, flow: OAuthFlow): TokenSet {
  return {
    accessToken: result.access_token,
    expiresAt: result.expires_in === undefined ? undefined : Date.now() + result.expires_in * 1000,
    refreshToken: result.refresh_token,
    scope: result.scope,
    dpopKeys: result.token_type.toLowerCase() === 'dpop' ? dpopKeys : undefined,
    flow,
  };
}

async function fetchJwks(as: oauth.AuthorizationServer): Promise<JsonWebKey[]> {
  if (as.jwks_uri === undefined) throw new Error('The server publishes no keys (jwks_uri).');
  const response = await fetch(as.jwks_uri, { headers: { Accept: 'application/json' } });
  const body: unknown = await response.json();
  const keys = body !== null && typeof body === 'object' ? (body as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(keys)) throw new Error('The server keys (JWKS) are unreadable.');
  return keys as JsonWebKey[];
}

/** Refreshes a code-flow token set (rotated refresh token; DPoP-bound again). */
export async function refreshTokens(tokens: TokenSet): Promise<TokenSet> {
  if (tokens.refreshToken === undefined) throw new Error('This sign-in cannot be refreshed.');
  const as = await discover();
  const DPoP = tokens.dpopKeys === undefined ? undefined : dpopHandle(tokens.dpopKeys);
  const result = await withDPoPNonce(async () => {
    const response = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refreshToken ?? '', { ...(DPoP === undefined ? {} : { DPoP }), ...httpOptions() });
    return oauth.processRefreshTokenResponse(as, client, response);
  });
  return { ...tokenSet(result, tokens.dpopKeys, tokens.flow), refreshToken: result.refresh_token ?? tokens.refreshToken };
}

/** Revokes the refresh token (which ends the grant) and the access token; failures are not fatal. */
export async function revokeTokens(tokens: TokenSet): Promise<void> {
  const as = await discover();
  for (const token of [tokens.refreshToken, tokens.accessToken]) {
    if (token === undefined) continue;
    try {
      await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, oauth.None(), token, httpOptions()));
    } catch {
      // Offline or already revoked: the local wipe still happens.
    }
  }
}
