/**
 * The browser's DPoP against a server that demands nonces (RFC 9449 §8–9), over real HTTP: the
 * PWA's own credential (`tokenCredential`, oauth4webapi's DPoP handle) and gateway (`jsonRpc`),
 * and a small node:http server that answers 401 `use_dpop_nonce` with a `DPoP-Nonce` to an Odoo
 * call, and 400 `use_dpop_nonce` at its token endpoint, until the proof carries its nonce. Each
 * proof's signature is checked with `jose` (the demo server's own verifier, src/server/oauth/dpop.ts).
 * The demo server itself issues no nonces.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { calculateJwkThumbprint, decodeJwt, EmbeddedJWK, jwtVerify, type JWK } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TokenSet } from '../../src/auth/oauth/flows.ts';
import { generateDpopKeyPair } from '../../src/auth/oauth/dpop.ts';
import { tokenCredential, type TokenStore } from '../../src/auth/oauth/token-credential.ts';
import { OdooError } from '../../src/odoo/errors.ts';
import { connectGateway, jsonRpc } from '../../src/odoo/rpc.ts';
import { verifyDpopProof } from '../../src/server/oauth/dpop.ts';

const CALL = '/web/dataset/call_kw/res.partner/search_count';

interface Seen {
  readonly path: string;
  /** The proof's `nonce`, when it had one. */
  readonly nonce: unknown;
  readonly answered: number;
}

/** What the test server does; each test sets it. */
interface Policy {
  /** The nonce the server wants in every proof now, or undefined for none. */
  nonce: string | undefined;
  /** The key the access token is bound to (`cnf.jkt`). */
  jkt: string;
  accessToken: string;
  /** The tokens its token endpoint issues on a refresh. */
  refreshed?: { access_token: string; refresh_token: string };
}

let server: Server;
let origin: string;
let policy: Policy;
let seen: Seen[];

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
};

const bodyOf = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
};

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', origin);
  const body = await bodyOf(req);
  if (url.pathname === '/.well-known/openid-configuration') {
    json(res, 200, { issuer: `${origin}/`, authorization_endpoint: `${origin}/oauth2/auth`, token_endpoint: `${origin}/oauth2/token`, jwks_uri: `${origin}/oauth2/jwks`, dpop_signing_alg_values_supported: ['ES256'] });
    return;
  }
  const proof = typeof req.headers.dpop === 'string' ? req.headers.dpop : '';
  const nonce = proof === '' ? undefined : decodeJwt(proof).nonce;
  const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
    seen.push({ path: url.pathname, nonce, answered: status });
    json(res, status, payload, headers);
  };

  if (url.pathname === '/oauth2/token') {
    // The token endpoint's proof has no `ath`; its signature and claims, checked with jose.
    const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256'] });
    expect(payload).toMatchObject({ htm: 'POST', htu: `${origin}/oauth2/token` });
    expect(await calculateJwkThumbprint(protectedHeader.jwk as JWK)).toBe(policy.jkt);
    expect(new URLSearchParams(body).get('grant_type')).toBe('refresh_token');
    if (policy.nonce !== undefined && payload.nonce !== policy.nonce) {
      answer(400, { error: 'use_dpop_nonce', error_description: 'Authorization server requires nonce in DPoP proof' }, { 'DPoP-Nonce': policy.nonce });
      return;
    }
    const issued = policy.refreshed ?? { access_token: 'at-new', refresh_token: 'rt-new' };
    policy.accessToken = issued.access_token;
    answer(200, { ...issued, token_type: 'DPoP', expires_in: 3600, scope: 'openid odoo' });
    return;
  }

  if (url.pathname === CALL) {
    const [scheme, token = ''] = (req.headers.authorization ?? '').split(' ');
    expect(scheme).toBe('DPoP');
    // The demo server's own checks: signature with the embedded key (jose), htm, htu, iat, jti, ath.
    const verified = await verifyDpopProof(req.headers.dpop, { method: req.method ?? '', url, accessToken: token });
    expect(verified.thumbprint).toBe(policy.jkt);
    if (token !== policy.accessToken) {
      answer(401, { error: 'invalid_token', error_description: 'the access token is invalid, expired or revoked' }, { 'WWW-Authenticate': 'DPoP error="invalid_token", algs="ES256"' });
      return;
    }
    if (policy.nonce !== undefined && nonce !== policy.nonce) {
      const description = 'Resource server requires nonce in DPoP proof';
      answer(401, { error: 'use_dpop_nonce', error_description: description }, { 'WWW-Authenticate': `DPoP error="use_dpop_nonce", error_description="${description}", algs="ES256"`, 'DPoP-Nonce': policy.nonce });
      return;
    }
    const { id } = JSON.parse(body) as { id: number };
    answer(200, { jsonrpc: '2.0', id, result: 42 });
    return;
  }
  answer(404, { error: 'not_found' });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      seen.push({ path: req.url ?? '', nonce: undefined, answered: 500 });
      json(res, 500, { error: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // flows.ts finds the authorization server on the page's origin.
  vi.stubGlobal('location', { origin, protocol: 'http:', href: `${origin}/` });
});

afterAll(async () => {
  vi.unstubAllGlobals();
  await new Promise((resolve) => server.close(resolve));
});

let keys: CryptoKeyPair;

beforeEach(async () => {
  seen = [];
  keys = await generateDpopKeyPair();
  const jwk = await crypto.subtle.exportKey('jwk', keys.publicKey);
  policy = { nonce: 'nonce-1', jkt: await calculateJwkThumbprint(jwk as JWK), accessToken: 'at-1' };
});

afterEach(() => connectGateway(undefined));

/** Where the app keeps the tokens (IndexedDB there): a box here. */
const keptIn = (box: { tokens: TokenSet }): TokenStore => ({ load: async () => box.tokens, save: async (tokens) => void (box.tokens = tokens) });

const tokens = (overrides: Partial<TokenSet> = {}): TokenSet => ({ accessToken: 'at-1', expiresAt: Date.now() + 3_600_000, refreshToken: 'rt-1', scope: 'openid odoo', dpopKeys: keys, flow: 'code', ...overrides });
const call = () => jsonRpc<number>(CALL, { model: 'res.partner', method: 'search_count', args: [[]], kwargs: {} }, { baseUrl: origin });

describe('a DPoP-bound Odoo call to a server that demands a nonce', () => {
  it('is sent once more with the nonce, then every next call carries it from the start', async () => {
    const initial = tokens();
    connectGateway({ credential: tokenCredential(initial, keptIn({ tokens: initial })), account: () => undefined });
    expect(await call()).toBe(42);
    expect(seen).toEqual([
      { path: CALL, nonce: undefined, answered: 401 },
      { path: CALL, nonce: 'nonce-1', answered: 200 },
    ]);
    expect(await call()).toBe(42);
    expect(seen.slice(2)).toEqual([{ path: CALL, nonce: 'nonce-1', answered: 200 }]);
  });

  it('follows a nonce the server rotates', async () => {
    const initial = tokens();
    connectGateway({ credential: tokenCredential(initial, keptIn({ tokens: initial })), account: () => undefined });
    expect(await call()).toBe(42);
    policy.nonce = 'nonce-2';
    expect(await call()).toBe(42);
    expect(seen.slice(2)).toEqual([
      { path: CALL, nonce: 'nonce-1', answered: 401 },
      { path: CALL, nonce: 'nonce-2', answered: 200 },
    ]);
  });

  it('asks only once per call: a server that refuses the nonce it gave ends the sign-in, as a refused token does', async () => {
    const initial = tokens({ refreshToken: undefined });
    connectGateway({ credential: tokenCredential(initial, keptIn({ tokens: initial })), account: () => undefined });
    let rotation = 0;
    // A new nonce at every answer, so the retried proof never carries the current one.
    Object.defineProperty(policy, 'nonce', { get: () => `rotating-${rotation++}` });
    const failure = await call().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OdooError);
    expect(failure).toMatchObject({ code: 'session_expired', reason: 'token_rejected' });
    expect(seen.map((s) => s.answered)).toEqual([401, 401]);
  });
});

describe('the token endpoint and the Odoo calls share one DPoP handle per key', () => {
  it('refreshes with the nonce the token endpoint asks for, and the next Odoo call carries it at once', async () => {
    const initial = tokens({ expiresAt: Date.now() + 10_000 }); // within the refresh margin
    const box = { tokens: initial };
    connectGateway({ credential: tokenCredential(initial, keptIn(box)), account: () => undefined });
    expect(await call()).toBe(42);
    expect(seen).toEqual([
      { path: '/oauth2/token', nonce: undefined, answered: 400 },
      { path: '/oauth2/token', nonce: 'nonce-1', answered: 200 },
      // One server, one origin: the nonce cached at the token endpoint goes in the first proof.
      { path: CALL, nonce: 'nonce-1', answered: 200 },
    ]);
    expect([box.tokens.accessToken, box.tokens.refreshToken, box.tokens.dpopKeys === keys]).toEqual(['at-new', 'rt-new', true]);
  });
});
