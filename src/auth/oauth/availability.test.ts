import { afterEach, describe, expect, it, vi } from 'vitest';

const document = { issuer: 'http://127.0.0.1:8069', response_types_supported: ['code', 'token', 'id_token token'] };

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

/** availability.ts afresh (its one request is per page), with `answers` served in turn by a counting fetch. */
async function withServer(answers: (() => Response)[]) {
  const asked: string[] = [];
  const redirects: (string | undefined)[] = [];
  vi.stubGlobal('location', { origin: 'http://127.0.0.1:8069' });
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    asked.push(url);
    redirects.push(init?.redirect);
    const answer = answers.shift();
    if (answer === undefined) throw new TypeError('Failed to fetch');
    return answer();
  });
  return { asked, redirects, module: await import('./availability.ts') };
}

const json = (body: unknown, status = 200) => () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('the discovery document', () => {
  it('is asked for once a page: the login screen\'s offer and the sign-in read the same answer', async () => {
    const { asked, module } = await withServer([json(document)]);
    expect(await module.oauthOffer()).toEqual({ code: true, implicit: true, implicitIdToken: true });
    const again = await module.discoveryResponse();
    expect(await again.json()).toEqual(document);
    expect(asked).toEqual(['http://127.0.0.1:8069/.well-known/openid-configuration']);
  });

  it('is asked for again after an error status, not kept', async () => {
    const { asked, module } = await withServer([json({ error: 'down' }, 503), json(document)]);
    expect(await module.oauthOffer()).toEqual({ code: false, implicit: false, implicitIdToken: false });
    expect(await module.oauthOffer()).toEqual({ code: true, implicit: true, implicitIdToken: true });
    expect(asked).toHaveLength(2);
  });

  it('is asked for again after a network failure', async () => {
    const offline = await withServer([]);
    expect(await offline.module.oauthOffer()).toEqual({ code: false, implicit: false, implicitIdToken: false });
    await expect(offline.module.discoveryResponse()).rejects.toThrow('Failed to fetch');
    expect(offline.asked).toHaveLength(2);
  });

  it('keeps only a JSON answer, never a redirect followed to a portal\'s page', async () => {
    const page = () => new Response('<html>Log in to the Wi-Fi</html>', { status: 200, headers: { 'Content-Type': 'text/html' } });
    const { asked, redirects, module } = await withServer([page, json(document)]);
    expect(await module.oauthOffer()).toEqual({ code: false, implicit: false, implicitIdToken: false });
    expect(await module.oauthOffer()).toEqual({ code: true, implicit: true, implicitIdToken: true });
    expect(asked).toHaveLength(2);
    // A redirect is not followed (a portal's 302 answers as an opaque redirect, not ok: not kept).
    expect(redirects).toEqual(['manual', 'manual']);
  });

  it('is asked for again once the sign-in\'s check refused it (forgetDiscovery)', async () => {
    const { asked, module } = await withServer([json({ issuer: 'https://someone-else.example' }), json(document)]);
    await module.discoveryResponse();
    module.forgetDiscovery();
    expect(await (await module.discoveryResponse()).json()).toEqual(document);
    expect(asked).toHaveLength(2);
  });
});
