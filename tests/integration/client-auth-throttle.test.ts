/**
 * Failed client authentications are rate-limited like logins (issue 13, "Also"): ten failures from
 * one address within a minute, and that address is refused (429) at every endpoint where clients
 * authenticate — the token endpoint and the add-ons' — while others go on. The add-ons' own
 * loopback calls to the token endpoint are not counted as the loopback's failures: the real caller is.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SERVER_CLIENT, SERVER_SECRET } from '../support/addons.ts';
import { rawRequest } from '../support/raw-http.ts';
import { spawnServer, throwawayDataDir, type TestServer } from '../support/server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await spawnServer({ dataDir: throwawayDataDir(inject('templateDir')) });
});

afterAll(async () => {
  await server.stop();
  rmSync(server.dataDir, { recursive: true, force: true });
});

/** A form POST sent from `from` (another client: any 127.0.0.0/8 address reaches the server on Linux). */
async function postFrom(from: string, path: string, form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const answer = await rawRequest(new URL(path, server.url), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString(), localAddress: from });
  return { status: answer.status, body: answer.json ?? {} };
}

const clientCredentials = (secret: string) => ({ grant_type: 'client_credentials', client_id: SERVER_CLIENT, client_secret: secret, scope: 'odoo.read' });

describe('failed client authentications', () => {
  it('block the address after ten in a minute, at the token endpoint, whatever the next secret; other addresses go on', async () => {
    for (let i = 0; i < 10; i += 1) expect((await postFrom('127.0.4.1', '/oauth2/token', clientCredentials('wrong'))).status).toBe(401);
    const blocked = await postFrom('127.0.4.1', '/oauth2/token', clientCredentials(SERVER_SECRET));
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual({ error: 'invalid_client', error_description: 'too many failed client authentications from this address: wait a minute' });
    // The same address is refused at the add-ons' endpoints too.
    expect((await postFrom('127.0.4.1', '/restapi/1.0/common/oauth2/token', clientCredentials(SERVER_SECRET))).status).toBe(429);
    expect((await postFrom('127.0.4.2', '/oauth2/token', clientCredentials(SERVER_SECRET))).status).toBe(200);
  });

  it("count the add-on's caller, not the add-on's own loopback call to the token endpoint", async () => {
    for (let i = 0; i < 10; i += 1) expect((await postFrom('127.0.4.3', '/restapi/1.0/common/oauth2/token', clientCredentials('wrong'))).status).toBe(401);
    expect((await postFrom('127.0.4.3', '/restapi/1.0/common/oauth2/token', clientCredentials(SERVER_SECRET))).status).toBe(429);
    // The adapter still reaches the token endpoint over loopback for everyone else.
    expect((await postFrom('127.0.4.4', '/restapi/1.0/common/oauth2/token', clientCredentials(SERVER_SECRET))).status).toBe(200);
  });
});
