/**
 * The deployment file (FIELDBOOK_DEPLOYMENT_FILE): served at /fieldbook.json as written, its
 * `connect` origins in the pages' CSP; a file that is not right stops the start, saying why.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { spawnServer, throwawayDataDir } from '../support/server.ts';

const dir = mkdtempSync(join(tmpdir(), 'fieldbook-deployment-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const deployment = {
  providers: [{ id: 3, database: 'odoo', label: 'Log in with Keycloak', authorizationEndpoint: 'https://sso.example.com/auth', clientId: 'fieldbook' }],
  connect: ['https://sso.example.com'],
};

describe('the deployment file', () => {
  it('is served at /fieldbook.json, and its connect origins join the pages’ CSP connect-src', async () => {
    const server = await spawnServer({ dataDir: throwawayDataDir(inject('templateDir')), env: { FIELDBOOK_DEPLOYMENT_FILE: file('fieldbook.json', deployment) } });
    try {
      const served = await fetch(new URL('/fieldbook.json', server.url));
      expect(served.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await served.json()).toEqual(deployment);
      const page = await fetch(new URL('/', server.url));
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("connect-src 'self' https://sso.example.com;");
      // Nothing else of the policy moved.
      expect(csp).toContain("script-src 'self';");
    } finally {
      await server.stop();
      rmSync(server.dataDir, { recursive: true, force: true });
    }
  });

  it("without one, the build's own empty file is served, and the CSP connects to this origin only", async () => {
    const baseUrl = inject('baseUrl');
    const served = await fetch(new URL('/fieldbook.json', baseUrl));
    expect(served.headers.get('content-type') ?? '').toMatch(/json/);
    expect(await served.json()).toEqual({ providers: [], connect: [] });
    expect((await fetch(new URL('/', baseUrl))).headers.get('content-security-policy')).toContain("connect-src 'self';");
  });

  it('stops the start with a clear message when it is not JSON, or connect names something that is not an origin', async () => {
    for (const [name, content, message] of [
      ['broken.json', '{ "connect": [', /FIELDBOOK_DEPLOYMENT_FILE: cannot read .*broken\.json as JSON/],
      ['path.json', { connect: ['https://sso.example.com/realms/x'] }, /"connect" lists "https:\/\/sso\.example\.com\/realms\/x", which is not an origin/],
    ] as const) {
      const dataDir = throwawayDataDir(inject('templateDir'));
      try {
        await expect(spawnServer({ dataDir, env: { FIELDBOOK_DEPLOYMENT_FILE: file(name, content) } })).rejects.toThrow(message);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  });
});
