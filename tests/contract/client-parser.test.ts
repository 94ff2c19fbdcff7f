/**
 * The browser's gateway parses every captured Odoo 18 response in ../shared/odoo-wire/ into the
 * right result or the right `OdooError` code — the same captures the demo server is held to.
 */
import { describe, expect, it } from 'vitest';
import { OdooError, type OdooErrorCode, type OdooErrorReason } from '../../src/odoo/errors.ts';
import { processJsonRpcResponse } from '../../src/odoo/rpc.ts';
import { loadWireExchanges, type WireExchange } from '../support/wire-fixtures.ts';

/** What each capture must become: a result, or an error code. Every capture must be listed. */
const expected: Record<string, { result: true } | { code: OdooErrorCode; reason?: OdooErrorReason }> = {
  '01': { result: true },
  '02': { code: 'access_denied' },
  '02b': { code: 'access_denied', reason: 'login_throttled' },
  '03': { code: 'access_error', reason: 'database_not_found' },
  '04a': { result: true },
  '04b': { code: 'session_expired' },
  '04c': { code: 'session_expired' },
  '05': { result: true },
  '05b': { result: true },
  '06': { result: true },
  '06b': { result: true },
  '07a': { result: true },
  '07b': { result: true },
  '07c': { result: true },
  '07d': { result: true },
  '08a': { code: 'session_expired' },
  '08b': { code: 'not_found' },
  '08c': { code: 'validation' },
  '08d': { code: 'validation' },
  '08e': { code: 'validation' },
  '08f': { code: 'validation' },
  '08g': { code: 'protocol' }, // 400 text/html: not a JSON request
  '08h': { code: 'access_error' },
  '08i': { code: 'access_error' },
  '08j': { code: 'access_error' },
  '09a': { result: true }, // no `result` key: null
  '09b': { code: 'session_expired' },
  '10a': { result: true },
  '10a2': { code: 'protocol' },
  '10b': { result: true },
  '11a': { code: 'protocol' },
  '11b': { code: 'protocol' },
  '11d': { code: 'protocol' }, // 204, empty body
  '12a': { result: true },
  '12b': { result: true },
};

const prefix = (file: string) => file.split('-')[0] ?? file;

/** Rebuilds the captured response as a fetch Response. */
function responseOf(exchange: WireExchange): Response {
  const { status, headers, body } = exchange.response;
  const text = body === null ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const flat = Object.entries(headers).flatMap(([name, value]) => (Array.isArray(value) ? value.map((v) => [name, v] as [string, string]) : [[name, value] as [string, string]]));
  return new Response(status === 204 ? null : text, { status, headers: flat.filter(([name]) => name.toLowerCase() !== 'content-length') });
}

// Captures whose body the capture itself trimmed to a note ("… omitted …") carry no envelope to parse.
const exchanges = loadWireExchanges().filter((e) => !(typeof e.response.body === 'string' && e.response.body.includes('omitted')));

describe('the gateway parses every captured Odoo 18 response', () => {
  it('has an expectation for every capture', () => {
    expect(exchanges.map((e) => prefix(e.file)).filter((p) => !(p in expected))).toEqual([]);
  });

  for (const exchange of exchanges) {
    const want = expected[prefix(exchange.file)];
    it(`${exchange.file} → ${want === undefined ? '?' : 'code' in want ? want.code : 'result'}`, async () => {
      const parsing = processJsonRpcResponse(responseOf(exchange));
      if (want === undefined) throw new Error('no expectation');
      if ('result' in want) {
        const body = exchange.response.body as { result?: unknown };
        await expect(parsing).resolves.toEqual(body.result ?? null);
        return;
      }
      const error = await parsing.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OdooError);
      expect((error as OdooError).code).toBe(want.code);
      expect((error as OdooError).reason).toBe(want.reason);
      const envelope = exchange.response.body as { error?: { data: { name: string; message: string } } };
      if (envelope.error !== undefined) {
        // Odoo's own name and message are kept.
        expect((error as OdooError).odooName).toBe(envelope.error.data.name);
        expect((error as OdooError).message).toBe(envelope.error.data.message);
      }
    });
  }
});

describe('the gateway turns what proxies and networks do into clear errors', () => {
  it('a 502 HTML page from nginx is a network error', async () => {
    const response = new Response('<html><body><h1>502 Bad Gateway</h1></body></html>', { status: 502, headers: { 'Content-Type': 'text/html' } });
    await expect(processJsonRpcResponse(response)).rejects.toMatchObject({ code: 'network', status: 502 });
  });

  it('a 200 HTML login page from a captive portal is a protocol error naming the HTML', async () => {
    const response = new Response('<!doctype html><title>Wi-Fi login</title>', { status: 200, headers: { 'Content-Type': 'text/html' } });
    await expect(processJsonRpcResponse(response)).rejects.toMatchObject({ code: 'protocol', message: expect.stringContaining('HTML') });
  });

  it('a truncated JSON body is a protocol error', async () => {
    const response = new Response('{"jsonrpc":"2.0","id":1,"result":[{"id":1,', { status: 200, headers: { 'Content-Type': 'application/json' } });
    await expect(processJsonRpcResponse(response)).rejects.toMatchObject({ code: 'protocol' });
  });

  it('JSON that is not a JSON-RPC envelope is a protocol error', async () => {
    for (const text of ['[]', '{"result": 1}', '{"jsonrpc":"2.0","id":1,"error":"boom"}', 'null']) {
      await expect(processJsonRpcResponse(new Response(text, { status: 200 }))).rejects.toMatchObject({ code: 'protocol' });
    }
  });

  it('an answer to another request id is a protocol error', async () => {
    const response = new Response('{"jsonrpc":"2.0","id":7,"result":1}', { status: 200 });
    await expect(processJsonRpcResponse(response, 8)).rejects.toMatchObject({ code: 'protocol' });
  });

  it('the demo proxy 502 envelope (Odoo unreachable) is a network error', async () => {
    const body = { jsonrpc: '2.0', id: null, error: { code: 502, message: '502: Bad Gateway', data: { name: 'fieldbook.proxy.UpstreamUnavailable', message: 'Odoo at http://x cannot be reached (ECONNREFUSED).' } } };
    await expect(processJsonRpcResponse(new Response(JSON.stringify(body), { status: 502 }))).rejects.toMatchObject({ code: 'network' });
  });

  it('a 401 invalid_token from a bearer/DPoP call (RFC 6750 §3.1) is a session that ended, marked for renewal', async () => {
    const response = new Response('{"error":"invalid_token","error_description":"the token has expired"}', {
      status: 401,
      headers: { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    });
    await expect(processJsonRpcResponse(response)).rejects.toMatchObject({ code: 'session_expired', reason: 'token_rejected', message: 'the token has expired' });
  });

  it('a 403 insufficient_scope (a token granted too little) is a session that ended, not renewed: the user signs in again', async () => {
    const response = new Response('{"error":"insufficient_scope","error_description":"this request needs the odoo.read scope"}', {
      status: 403,
      headers: { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer realm="fieldbook", error="insufficient_scope", error_description="this request needs the odoo.read scope", scope="odoo.read"' },
    });
    await expect(processJsonRpcResponse(response)).rejects.toMatchObject({ code: 'session_expired', reason: 'insufficient_scope' });
  });

  it('an unknown Odoo exception is a server error that keeps its name', async () => {
    const body = { jsonrpc: '2.0', id: 1, error: { code: 200, message: 'Odoo Server Error', data: { name: 'psycopg2.OperationalError', message: 'could not serialize access' } } };
    await expect(processJsonRpcResponse(new Response(JSON.stringify(body), { status: 200 }))).rejects.toMatchObject({ code: 'server', odooName: 'psycopg2.OperationalError' });
  });
});
