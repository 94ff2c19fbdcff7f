/**
 * DPoP in the browser, all of it oauth4webapi's (RFC 9449): one handle per key pair, used at the
 * token endpoint (flows.ts) and for each Odoo call (token-credential.ts), so a `DPoP-Nonce` the
 * server gives is cached by origin and put in the next proof (§8–9). Loaded with the first call that
 * needs a proof, or with the code flow: not part of the first screen.
 */
import * as oauth from 'oauth4webapi';
import type { Transport } from '../../odoo/rpc.ts';

/** A non-extractable ES256 key pair for DPoP (the public half stays exportable, as WebCrypto does). */
export function generateDpopKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
}

const handles = new WeakMap<CryptoKey, oauth.DPoPHandle>();

/** The handle of this key pair, with the nonces servers gave it (the client sets no clock skew). */
export function dpopHandle(keys: CryptoKeyPair): oauth.DPoPHandle {
  let handle = handles.get(keys.privateKey);
  if (handle === undefined) {
    handle = oauth.DPoP({}, keys);
    handles.set(keys.privateKey, handle);
  }
  return handle;
}

/**
 * A token request, sent once more when the server asks for a nonce (`use_dpop_nonce`, RFC 9449 §8):
 * the handle kept the nonce from the refusal, so the second attempt's proof carries it.
 */
export async function withDPoPNonce<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (!oauth.isDPoPNonceError(error)) throw error;
    return attempt();
  }
}

/**
 * One protected-resource request with a DPoP-bound token and a fresh proof, through the gateway's
 * transport; sent once more when the server asks for a nonce (401 `use_dpop_nonce`, RFC 9449 §9).
 * Every other answer, a refusal included, is the caller's to read.
 */
export async function dpopRequest(keys: CryptoKeyPair, accessToken: string, url: string, init: Parameters<Transport>[1], transport: Transport): Promise<Response> {
  const send = () =>
    oauth.protectedResourceRequest(accessToken, init.method, new URL(url), new Headers(init.headers), init.body, {
      DPoP: dpopHandle(keys),
      // The gateway sends it (its cookies, timeout and redirects); the library adds the proof and the Authorization header.
      [oauth.customFetch]: (target, { method, headers }) => transport(target, { method, headers, body: init.body }),
      // The gateway chose the URL: the app's own origin, plain http only on the loopback demo.
      [oauth.allowInsecureRequests]: true,
    });
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      // oauth4webapi rejects any answer with a WWW-Authenticate challenge; the gateway reads those itself.
      if (!(error instanceof oauth.WWWAuthenticateChallengeError)) throw error;
      if (attempt > 0 || !oauth.isDPoPNonceError(error)) return error.response;
      await error.response.body?.cancel();
    }
  }
}
