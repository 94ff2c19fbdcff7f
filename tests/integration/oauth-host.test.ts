/**
 * The authorization server's URLs come from its configured issuer, never from the request: a
 * spoofed Host (or X-Forwarded-Host) must not turn discovery's token endpoint into an attacker's.
 */
import { request } from 'node:http';
import { describe, expect, inject, it } from 'vitest';

const baseUrl = inject('baseUrl');

/** A GET with headers of our choosing (fetch would not let the Host header be set). */
function get(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, baseUrl), { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every absolute URL in a JSON document. */
function urlsIn(value: unknown): string[] {
  if (typeof value === 'string') return /^https?:\/\//.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(urlsIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(urlsIn);
  return [];
}

describe('discovery under a spoofed Host', () => {
  it.each(['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server'])('%s names the issuer in every endpoint', async (path) => {
    const honest = await get(path, {});
    expect(honest.status).toBe(200);
    const expected = JSON.parse(honest.body) as Record<string, unknown>;
    const issuer = String(expected.issuer);
    expect(expected.token_endpoint).toBe(`${issuer}/oauth2/token`);

    for (const headers of [{ Host: 'evil.example' }, { Host: 'evil.example:8443', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' }]) {
      const spoofed = await get(path, headers);
      expect(spoofed.status).toBe(200);
      const metadata = JSON.parse(spoofed.body) as Record<string, unknown>;
      expect(metadata).toEqual(expected);
      expect(spoofed.body).not.toContain('evil.example');
      const urls = urlsIn(metadata);
      expect(urls.length).toBeGreaterThan(5);
      for (const url of urls) expect(new URL(url).origin).toBe(issuer);
    }
  });

  it('sends the browser to its interaction page on the issuer, not on the spoofed host', async () => {
    const { issuer } = JSON.parse((await get('/.well-known/openid-configuration', {})).body) as { issuer: string };
    const query = new URLSearchParams({
      client_id: 'fieldbook',
      response_type: 'code',
      scope: 'openid',
      redirect_uri: `${issuer}/oauth/callback`,
      state: 's',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const response = await get(`/oauth2/auth?${query}`, { Host: 'evil.example' });
    expect(response.status).toBe(303);
    const location = new URL(String(response.headers.location), issuer);
    expect(location.origin).toBe(issuer);
    expect(location.pathname).toMatch(/^\/oauth2\/interaction\//);
  });
});
