import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TokenSet } from './flows.ts';
import { decodeJwt } from 'jose';
import type { Transport } from '../../odoo/rpc.ts';
import { generateDpopKeyPair } from './dpop.ts';
import { tokenCredential, type TokenStore } from './token-credential.ts';

const refreshTokens = vi.fn<(tokens: TokenSet) => Promise<TokenSet>>();
const options = (now: number) => ({ refresh: refreshTokens, now: () => now });

const base: TokenSet = { accessToken: 'at-1', expiresAt: 10_000_000, refreshToken: 'rt-1', scope: 'openid', dpopKeys: undefined, flow: 'code' };

function memoryStore(initial: TokenSet | undefined): TokenStore & { saved: TokenSet[] } {
  let value = initial;
  const saved: TokenSet[] = [];
  return {
    saved,
    load: async () => value,
    save: async (tokens) => {
      value = tokens;
      saved.push(tokens);
    },
  };
}

beforeEach(() => refreshTokens.mockReset());

/** Sends one request through a transport that answers 200 and keeps the headers it was given. */
async function headersSent(credential: ReturnType<typeof tokenCredential>, url = 'http://x/'): Promise<Record<string, string>> {
  let sent: Record<string, string> = {};
  const transport: Transport = async (_url, init) => {
    sent = init.headers;
    return new Response('{}');
  };
  await credential.send(url, { method: 'POST', headers: {}, body: '{}' }, transport);
  return sent;
}

describe('tokenCredential', () => {
  it('sends a bearer token', async () => {
    const credential = tokenCredential(base, memoryStore(base), options(0));
    expect(await headersSent(credential, 'http://x/web/dataset/call_kw')).toEqual({ Authorization: 'Bearer at-1' });
  });

  it('sends a DPoP-bound token with a proof for the exact request', async () => {
    const tokens = { ...base, dpopKeys: await generateDpopKeyPair() };
    const headers = await headersSent(tokenCredential(tokens, memoryStore(tokens), options(0)), 'http://x/web/dataset/call_kw/res.partner/search_read');
    // oauth4webapi writes header names in lower case.
    expect(headers.authorization).toBe('DPoP at-1');
    expect(decodeJwt(headers.dpop ?? '')).toMatchObject({ htm: 'POST', htu: 'http://x/web/dataset/call_kw/res.partner/search_read' });
  });

  it('refreshes shortly before expiry, once, and stores the rotated tokens', async () => {
    const store = memoryStore(base);
    refreshTokens.mockResolvedValue({ ...base, accessToken: 'at-2', refreshToken: 'rt-2', expiresAt: 20_000_000 });
    const credential = tokenCredential(base, store, options((base.expiresAt ?? 0) - 30_000));
    expect(await headersSent(credential)).toEqual({ Authorization: 'Bearer at-2' });
    expect(refreshTokens).toHaveBeenCalledTimes(1);
    expect(store.saved.map((t) => t.refreshToken)).toEqual(['rt-2']);
  });

  it('spends the refresh token once when calls of one tab start together with a token about to expire', async () => {
    // Web Locks as the browser gives them: one holder at a time, in order.
    let queue: Promise<unknown> = Promise.resolve();
    vi.stubGlobal('navigator', {
      locks: { request: (_name: string, run: () => Promise<unknown>) => (queue = queue.then(run, run)) },
    });
    try {
      const store = memoryStore(base);
      refreshTokens.mockResolvedValue({ ...base, accessToken: 'at-2', refreshToken: 'rt-2', expiresAt: 20_000_000 });
      const credential = tokenCredential(base, store, options((base.expiresAt ?? 0) - 30_000));
      const headers = await Promise.all([1, 2, 3].map(() => headersSent(credential)));
      expect(headers).toEqual([1, 2, 3].map(() => ({ Authorization: 'Bearer at-2' })));
      expect(refreshTokens).toHaveBeenCalledTimes(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('uses the tokens another tab already refreshed instead of spending the refresh token again', async () => {
    const store = memoryStore({ ...base, accessToken: 'at-from-other-tab', refreshToken: 'rt-2' });
    const credential = tokenCredential(base, store, options(0));
    expect(await credential.renew()).toBe(true);
    expect(refreshTokens).not.toHaveBeenCalled();
    expect(credential.current().accessToken).toBe('at-from-other-tab');
  });

  it('cannot renew an implicit token (no refresh token)', async () => {
    const implicit = { ...base, refreshToken: undefined, flow: 'implicit' as const };
    await expect(tokenCredential(implicit, memoryStore(implicit), options(0)).renew()).resolves.toBe(false);
    expect(refreshTokens).not.toHaveBeenCalled();
  });

  it('reports false, without throwing, when the server refuses the refresh', async () => {
    let calls = 0;
    const refused = async (): Promise<TokenSet> => {
      calls += 1;
      throw new Error('invalid_grant');
    };
    const credential = tokenCredential(base, memoryStore(base), { refresh: refused, now: () => 0 });
    await expect(credential.renew()).resolves.toBe(false);
    // Calls that were waiting behind the lock do not spend the dead refresh token again.
    await expect(Promise.all([credential.renew(), credential.renew()])).resolves.toEqual([false, false]);
    expect(calls).toBe(1);
  });
});
