/**
 * Odoo's external API on the demo backend (issue 16): `/jsonrpc` with the common, object and db
 * services, API keys in place of the password, and what a wrong URL gets. Driven with raw
 * JSON-RPC and with a real third-party client, OdooRPC (Debian's python3-odoorpc), on a private
 * server (it writes, and the API key command needs its data directory).
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callKw, errorOf, login, post, resultOf, rpc, type RpcResponse } from '../support/rpc.ts';
import { ROOT, spawnServer, throwawayDataDir, type TestServer } from '../support/server.ts';

const run = promisify(execFile);
const dataDir = throwawayDataDir(inject('templateDir'));
let server: TestServer;
let adminCookie: string;

beforeAll(async () => {
  server = await spawnServer({ dataDir });
  adminCookie = await login(server.url, 'admin');
});

afterAll(async () => {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const jsonrpc = (service: string, method: string, args: unknown[]): Promise<RpcResponse> => rpc(server.url, '/jsonrpc', { service, method, args });
const execKw = (uid: unknown, secret: string, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) =>
  jsonrpc('object', 'execute_kw', ['fieldbook', uid, secret, model, method, args, kwargs]);

/** A GET with exactly these headers (node:http: fetch() sets Sec-Fetch-Mode itself). */
function get(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(new URL(path, server.url), { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** `npm run apikey` on this file's first server's data directory. */
function apikey(...args: string[]): Promise<string> {
  return apikeyIn(dataDir, ...args);
}

/** `npm run apikey` on a server's data directory. */
async function apikeyIn(directory: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server/cli/apikey.ts'), ...args], { cwd: ROOT, env: { ...process.env, FIELDBOOK_DATA_DIR: directory } });
  const key = /^([0-9a-f]{40})$/m.exec(stdout)?.[1];
  if (key === undefined && args.includes('--user')) throw new Error(`no key printed: ${stdout}`);
  return key ?? stdout;
}

describe('/jsonrpc: the common service', () => {
  it('says its version, and logs in with a password: the uid, or false', async () => {
    expect(resultOf(await jsonrpc('common', 'version', []))).toEqual({ server_version: '18.0', server_version_info: [18, 0, 0, 'final', 0, ''], server_serie: '18.0', protocol_version: 1 });
    const uid = resultOf<number>(await jsonrpc('common', 'authenticate', ['fieldbook', 'admin', 'admin', {}]));
    expect(uid).toBeGreaterThan(0);
    expect(resultOf(await jsonrpc('common', 'login', ['fieldbook', 'admin', 'admin']))).toBe(uid);
    expect(resultOf(await jsonrpc('common', 'authenticate', ['fieldbook', 'admin', 'wrong', {}]))).toBe(false);
    expect(errorOf(await jsonrpc('common', 'login', ['nosuchdb', 'admin', 'admin'])).data.name).toBe('psycopg2.OperationalError');
    expect(errorOf(await jsonrpc('common', 'nosuchmethod', [])).data).toMatchObject({ name: 'builtins.Exception', message: 'Method not found: nosuchmethod' });
    expect(errorOf(await jsonrpc('nosuchservice', 'version', [])).data.name).toBe('builtins.KeyError');
  });

  it('saves no session: no cookie is set', async () => {
    const response = await jsonrpc('common', 'version', []);
    expect(response.setCookies).toEqual([]);
  });
});

describe('/jsonrpc: the object service', () => {
  it('answers as call_kw does, under the same access rules, and refuses wrong credentials and private methods', async () => {
    const uid = resultOf<number>(await jsonrpc('common', 'login', ['fieldbook', 'admin', 'admin']));
    const domain = [['is_company', '=', true]];
    const viaSession = resultOf<number>(await callKw(server.url, adminCookie, 'res.partner', 'search_count', [domain]));
    expect(resultOf(await execKw(uid, 'admin', 'res.partner', 'search_count', [domain]))).toBe(viaSession);
    expect(resultOf(await jsonrpc('object', 'execute', ['fieldbook', uid, 'admin', 'res.partner', 'search_count', domain]))).toBe(viaSession);
    const rows = resultOf<{ id: number; name: string }[]>(await execKw(uid, 'admin', 'res.partner', 'search_read', [domain], { fields: ['name'], limit: 3, order: 'id asc' }));
    expect(rows).toEqual(resultOf(await callKw(server.url, adminCookie, 'res.partner', 'search_read', [domain], { fields: ['name'], limit: 3, order: 'id asc' })));

    expect(errorOf(await execKw(uid, 'wrong', 'res.partner', 'search_count', [domain])).data).toMatchObject({ name: 'odoo.exceptions.AccessDenied', message: 'Access Denied' });
    expect(errorOf(await execKw(uid + 1000, 'admin', 'res.partner', 'search_count', [domain])).data.name).toBe('odoo.exceptions.AccessDenied');
    expect(errorOf(await execKw(uid, 'admin', 'res.partner', '_read', [[1]])).data).toMatchObject({
      name: 'odoo.exceptions.AccessError',
      message: 'Private methods (such as _read) cannot be called remotely.',
    });
    expect(errorOf(await execKw(uid, 'admin', 'no.such.model', 'search', [[]])).data).toMatchObject({ name: 'odoo.exceptions.UserError', message: "Object no.such.model doesn't exist" });
    expect(errorOf(await jsonrpc('object', 'run', ['fieldbook', uid, 'admin'])).data.name).toBe('builtins.NameError');

    // The demo user may read partners, not change the configuration: the same refusal as call_kw's.
    const demo = resultOf<number>(await jsonrpc('common', 'login', ['fieldbook', 'demo', 'demo']));
    const refused = errorOf(await execKw(demo, 'demo', 'ir.config_parameter', 'search_read', [[]]));
    const demoCookie = await login(server.url, 'demo');
    expect(refused.data).toMatchObject({ name: errorOf(await callKw(server.url, demoCookie, 'ir.config_parameter', 'search_read', [[]])).data.name });
  });

  it('takes an API key in place of the password, for that user only, until it is revoked; never for the web login', async () => {
    const key = await apikey('--user', 'demo', '--name', 'external api test');
    const demo = resultOf<number>(await jsonrpc('common', 'authenticate', ['fieldbook', 'demo', key, {}]));
    expect(demo).toBeGreaterThan(0);
    expect(resultOf<number>(await execKw(demo, key, 'res.partner', 'search_count', [[]]))).toBeGreaterThan(0);
    // Another user's key is not a password of this one.
    expect(resultOf(await jsonrpc('common', 'authenticate', ['fieldbook', 'admin', key, {}]))).toBe(false);
    const web = await rpc(server.url, '/web/session/authenticate', { db: 'fieldbook', login: 'demo', password: key });
    expect(errorOf(web).data.name).toBe('odoo.exceptions.AccessDenied');

    await apikey('--revoke', 'external api test');
    expect(errorOf(await execKw(demo, key, 'res.partner', 'search_count', [[]])).data.name).toBe('odoo.exceptions.AccessDenied');
    expect(resultOf(await jsonrpc('common', 'authenticate', ['fieldbook', 'demo', key, {}]))).toBe(false);
  });
});

describe("the web client's session routes that session clients call", () => {
  it('/web/session/check and /web/session/modules answer a signed-in session, and a session expiry otherwise', async () => {
    // None: Odoo's envelope then has no `result` (nor an error).
    const checked = await rpc(server.url, '/web/session/check', {}, adminCookie, 901);
    expect(checked.body).toEqual({ jsonrpc: '2.0', id: 901 });
    expect(resultOf<string[]>(await rpc(server.url, '/web/session/modules', {}, adminCookie))).toEqual(expect.arrayContaining(['base', 'web', 'contacts']));
    for (const path of ['/web/session/check', '/web/session/modules']) {
      expect(errorOf(await rpc(server.url, path, {})).data.name).toBe('odoo.http.SessionExpiredException');
    }
  });
});

describe('/jsonrpc: the db service', () => {
  it('lists its database and version; the management methods want a master password', async () => {
    expect(resultOf(await jsonrpc('db', 'list', []))).toEqual(['fieldbook']);
    expect(resultOf(await jsonrpc('db', 'server_version', []))).toBe('18.0');
    expect(resultOf(await jsonrpc('db', 'db_exist', ['fieldbook']))).toBe(true);
    for (const method of ['drop', 'dump', 'create_database', 'change_admin_password']) {
      expect(errorOf(await jsonrpc('db', method, ['admin', 'fieldbook'])).data.name).toBe('odoo.exceptions.AccessDenied');
    }
    expect(resultOf(await jsonrpc('db', 'db_exist', ['fieldbook']))).toBe(true);
  });
});

describe('a URL nobody serves', () => {
  it('answers a POST or a fetch with 404, not the app; a browser opening a client-side route still gets the app', async () => {
    for (const path of ['/xmlrpc/2/nothing/here', '/nope', '/partners/1']) {
      const response = await post(server.url, path, '{}');
      expect(response.status, path).toBe(404);
      expect(response.text).not.toContain('<div id="root">');
    }
    const fetched = await get('/no/such/file.json', { Accept: 'application/json', 'Sec-Fetch-Mode': 'cors' });
    expect(fetched.status).toBe(404);
    expect(fetched.body).not.toContain('<div id="root">');
    // A browser opening a page (fetch() cannot say so: it sends its own Sec-Fetch-Mode).
    const opened = await get('/partners/1?q=x', { Accept: 'text/html', 'Sec-Fetch-Mode': 'navigate' });
    expect(opened.status).toBe(200);
    expect(opened.body).toContain('<div id="root">');
    // An older client without Sec-Fetch headers that asks for HTML is a navigation too.
    expect((await get('/partners/2', { Accept: 'text/html,application/xhtml+xml' })).status).toBe(200);
  });
});

/** A revoked key, with xmlrpc.client: `authenticate` says false, `execute_kw` faults. argv: URL UID KEY. */
const REVOKED_KEY_CALL = `
import json, sys, xmlrpc.client
url, uid, key = sys.argv[1], int(sys.argv[2]), sys.argv[3]
seen = {"authenticate": xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common").authenticate("fieldbook", "admin", key, {})}
try:
    xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object").execute_kw("fieldbook", uid, key, "res.partner", "search", [[]])
except xmlrpc.client.Fault as error:
    seen.update(faultCode=error.faultCode, faultString=error.faultString)
print(json.dumps(seen))
`;

/**
 * The third-party clients on a server of their own: between them and the tests above, more wrong
 * passwords are tried than the login throttle lets one address try in a minute (10).
 */
describe('real clients', () => {
  const clientsDir = throwawayDataDir(inject('templateDir'));
  let clients: TestServer;
  let clientsAdmin: string;
  beforeAll(async () => {
    clients = await spawnServer({ dataDir: clientsDir });
    clientsAdmin = await login(clients.url, 'admin');
  });
  afterAll(async () => {
    await clients.stop();
    rmSync(clientsDir, { recursive: true, force: true });
  });
  const jsonrpc = (service: string, method: string, args: unknown[]): Promise<RpcResponse> => rpc(clients.url, '/jsonrpc', { service, method, args });

  describe("Odoo's documented XML-RPC examples, with Python's xmlrpc.client", () => {
    const docs = async (login: string, secret: string, write = false, quiet = false) => {
      const { stdout } = await run('/usr/bin/python3', [join(ROOT, 'tests/support/python/xmlrpc_docs.py'), clients.url, login, secret, ...(write ? ['write'] : []), ...(quiet ? ['quiet'] : [])]);
      return JSON.parse(stdout) as Record<string, unknown>;
    };

    it('run unchanged as admin: the answers match call_kw, and each refusal has Odoo\'s fault code', async () => {
      const seen = await docs('admin', 'admin', true);
      const companies = [['is_company', '=', true]];
      const call = async (method: string, args: unknown[], kwargs: Record<string, unknown> = {}) => resultOf(await callKw(clients.url, clientsAdmin, 'res.partner', method, args, kwargs));
      expect(seen).toMatchObject({
        version: resultOf(await jsonrpc('common', 'version', [])),
        can_read: true,
        search: await call('search', [companies]),
        search_page: await call('search', [companies], { offset: 10, limit: 5 }),
        count: await call('search_count', [companies]),
        search_read: await call('search_read', [companies], { fields: ['name', 'country_id', 'comment'], limit: 5 }),
        after_write: [{ display_name: 'Newer partner' }],
        after_unlink: [],
        db_list: ['fieldbook'],
      });
      expect(seen.read_keys).toBeGreaterThan(20);
      expect(seen.fields_name).toMatchObject({ type: 'char', string: 'Name' });
      // Faults: 3 AccessDenied, 4 AccessError, 2 a user error, 1 anything else (Odoo's rpc.py).
      expect(seen.wrong_password).toEqual({ faultCode: 3, faultString: 'Access Denied' });
      expect(seen.settings).toBeNull();
      expect(seen.no_model).toEqual({ faultCode: 2, faultString: "Object no.such.model doesn't exist" });
      expect(seen.private).toMatchObject({ faultCode: 4 });
      expect(seen.bad_domain).toMatchObject({ faultCode: 1 });
      expect(seen.legacy).toEqual({ faultCode: 'AccessDenied', faultString: 'Access Denied' });
      expect(seen.db_drop).toEqual({ faultCode: 3, faultString: 'Access Denied' });
    });

    it("run unchanged with admin's API key as the password, writes included; a revoked key is refused", async () => {
      const key = await apikeyIn(clientsDir, '--user', 'admin', '--name', 'xmlrpc docs admin');
      const seen = await docs('admin', key, true, true);
      expect(seen).toMatchObject({ can_read: true, count: resultOf(await callKw(clients.url, clientsAdmin, 'res.partner', 'search_count', [[['is_company', '=', true]]])), after_write: [{ display_name: 'Newer partner' }], after_unlink: [] });
      await apikeyIn(clientsDir, '--revoke', 'xmlrpc docs admin');
      const uid = resultOf<number>(await jsonrpc('common', 'login', ['fieldbook', 'admin', 'admin']));
      const { stdout } = await run('/usr/bin/python3', ['-c', REVOKED_KEY_CALL, clients.url, String(uid), key]);
      expect(JSON.parse(stdout)).toEqual({ authenticate: false, faultCode: 3, faultString: 'Access Denied' });
    });

    it('run with an API key as the demo user: its reads, and its refusals (4: an AccessError)', async () => {
      const key = await apikeyIn(clientsDir, '--user', 'demo', '--name', 'xmlrpc docs');
      const seen = await docs('demo', key, false, true);
      const demoCookie = await login(clients.url, 'demo');
      expect(seen.count).toBe(resultOf(await callKw(clients.url, demoCookie, 'res.partner', 'search_count', [[['is_company', '=', true]]])));
      const refused = errorOf(await callKw(clients.url, demoCookie, 'ir.config_parameter', 'search_read', [[]], { fields: ['key'] }));
      expect(seen.settings).toEqual({ faultCode: 4, faultString: refused.data.message });
    });

    it('answers a GET with 405, and XML that is not a call with a fault, not a crash', async () => {
      expect((await fetch(new URL('/xmlrpc/2/common', clients.url))).status).toBe(405);
      const bad = await fetch(new URL('/xmlrpc/2/common', clients.url), { method: 'POST', body: '<not-xml-rpc/>', headers: { 'Content-Type': 'text/xml' } });
      expect(bad.status).toBe(200);
      expect(await bad.text()).toContain('<fault>');
      // An entity defined in a DTD is not expanded (a billion laughs stays a few bytes).
      const laughs = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><methodCall><methodName>version</methodName><params><param><value><string>&b;</string></value></param></params></methodCall>';
      const answer = await fetch(new URL('/xmlrpc/2/common', clients.url), { method: 'POST', body: laughs, headers: { 'Content-Type': 'text/xml' } });
      expect(answer.status).toBe(200);
      expect((await answer.text()).length).toBeLessThan(2000);
    });
  });

  describe('OdooRPC, a real third-party client', () => {
    const python = '/usr/bin/python3';
    const script = join(ROOT, 'tests/support/python/odoorpc_journey.py');
    const journey = async (login: string, secret: string, readonly = false) => {
      const { port, hostname } = new URL(clients.url);
      const { stdout } = await run(python, [script, hostname, port, login, secret, ...(readonly ? ['readonly'] : [])]);
      return JSON.parse(stdout) as Record<string, unknown>;
    };

    it('logs in, searches, reads, browses relations, creates, writes and unlinks as admin', async () => {
      const seen = await journey('admin', 'admin');
      const domain = [['is_company', '=', true]];
      const first = resultOf<{ id: number; name: string; country_id: unknown; category_id: number[] }[]>(
        await callKw(clients.url, clientsAdmin, 'res.partner', 'search_read', [domain], { fields: ['name', 'country_id', 'category_id'], limit: 5, order: 'id asc' }),
      );
      expect(seen).toMatchObject({
        version: '18.0',
        databases: ['fieldbook'],
        count: resultOf(await callKw(clients.url, clientsAdmin, 'res.partner', 'search_count', [domain])),
        first: first.map((r) => ({ id: r.id, name: r.name, country: r.country_id })),
        browse_name: first[0]?.name,
        fields_has_name: true,
        written_city: 'Brugge',
        after_unlink: 0,
      });
      const country = first[0]?.country_id;
      expect(seen.browse_country).toBe(Array.isArray(country) ? country[1] : null);
      const tags = resultOf<{ name: string }[]>(await callKw(clients.url, clientsAdmin, 'res.partner.category', 'read', [first[0]?.category_id ?? [], ['name']]));
      expect(seen.browse_tags).toEqual(tags.map((t) => t.name));
    });

    it("the demo user's write to the settings is refused with the same AccessError text as call_kw's; a wrong password and an unknown database are refused", async () => {
      const seen = await journey('demo', 'demo', true);
      const demoCookie = await login(clients.url, 'demo');
      const viaCallKw = errorOf(await callKw(clients.url, demoCookie, 'ir.config_parameter', 'create', [{ key: 'odoorpc.test', value: '1' }]));
      expect(viaCallKw.data.name).toBe('odoo.exceptions.AccessError');
      expect(seen.refused).toEqual({ name: 'odoo.exceptions.AccessError', message: viaCallKw.data.message });
      expect(seen.wrong_password).toEqual({ name: 'odoo.exceptions.AccessDenied', message: 'Access Denied' });
      expect(seen.unknown_database).toEqual({ name: 'odoo.exceptions.AccessError', message: 'Database not found.' });
    });
  });
});
