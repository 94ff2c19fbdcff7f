/**
 * Odoo's JSON-RPC transport, byte-for-byte where the captures show it: what counts as a JSON
 * request, the envelope, and the error shapes. @see odoo-wire/README.md "Envelope" and "Errors"
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import getRawBody from 'raw-body';
import { escapeHtml } from '../shared/html.ts';
import { HTML_HEADERS } from '../shared/security-headers.ts';
import { OdooException } from './errors.ts';
import type { OdooValue } from './registry.ts';

const gzipAsync = promisify(gzip);

/** JSON bodies larger than this are refused (Odoo's own limit is for file uploads, not RPC). */
export const MAX_JSON_BODY_BYTES = 8 * 1024 * 1024;
/** Routes that run before or without a user (login, version, database list) need far less. */
export const MAX_ANONYMOUS_BODY_BYTES = 64 * 1024;

export interface RpcRequest {
  readonly id: OdooValue;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Thrown when a request is not a JSON request at all: Odoo answers 400 text/html (08g, 10a2, 11a). */
export class NotJsonRoute extends Error {}

export function isJsonRequest(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'application/json' || type === 'application/json-rpc';
}

/** The 400 page Odoo sends for GET/OPTIONS/non-JSON content types on a JSON route. */
export function sendNotJson(res: ServerResponse, route: string): void {
  const body =
    '<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n' +
    `<p>Request inferred type is compatible with [&#39;http&#39;] but &#39;${escapeHtml(route)}&#39; is type=&#39;json&#39;.</p>\n`;
  res.writeHead(400, { ...HTML_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Reads and parses the envelope; malformed input becomes the OdooException Odoo would raise. */
export async function readRpcRequest(req: IncomingMessage, limit = MAX_JSON_BODY_BYTES): Promise<RpcRequest> {
  let text: string;
  try {
    text = await getRawBody(req, { limit, encoding: 'utf8', length: req.headers['content-length'] ?? null });
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 413) {
      throw new OdooException('werkzeug.exceptions.RequestEntityTooLarge', `The request body is larger than ${limit} bytes.`, {
        code: 413,
        title: '413: Request Entity Too Large',
        beforeDispatch: true,
      });
    }
    throw new OdooException('json.decoder.JSONDecodeError', 'The request body could not be read.', { beforeDispatch: true });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    // @see odoo-wire/08f-call_kw-non-json-body.json (id null, JSONDecodeError)
    throw new OdooException('json.decoder.JSONDecodeError', error instanceof Error ? error.message : 'Expecting value', { beforeDispatch: true });
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new OdooException('builtins.ValueError', 'A JSON-RPC request must be an object {"jsonrpc": "2.0", "method": "call", "params": {…}, "id": …}', { beforeDispatch: true });
  }
  const envelope = body as Record<string, unknown>;
  const params = envelope.params ?? {};
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new OdooException('builtins.ValueError', 'JSON-RPC "params" must be an object', { beforeDispatch: true });
  }
  return { id: toId(envelope.id), params: params as Record<string, unknown> };
}

function toId(id: unknown): OdooValue {
  return typeof id === 'number' || typeof id === 'string' ? id : null;
}

/** Odoo's Python-side traceback, reduced to what is safe to show: the exception line itself. */
function debugText(error: OdooException): string {
  return `Traceback (most recent call last):\n  File "fieldbook-demo", in dispatch\n${error.odooName}: ${error.message}\n`;
}

export function errorEnvelope(id: OdooValue, error: OdooException): Record<string, OdooValue> {
  return {
    jsonrpc: '2.0',
    id: error.beforeDispatch ? null : id,
    error: {
      code: error.code,
      message: error.title,
      data: {
        name: error.odooName,
        debug: debugText(error),
        message: error.message,
        // NotFound carries no arguments (08b); everything else its message.
        arguments: error.odooName === 'werkzeug.exceptions.NotFound' ? [] : [...error.args],
        context: {},
      },
    },
  };
}

/** `{jsonrpc, id, result}`, with `result` left out when it is None (odoo-wire/09a). */
export function resultEnvelope(id: OdooValue, result: OdooValue | undefined): Record<string, OdooValue> {
  return result === undefined || result === null ? { jsonrpc: '2.0', id } : { jsonrpc: '2.0', id, result };
}

export async function sendJson(req: IncomingMessage, res: ServerResponse, payload: OdooValue, status = 200, extraHeaders: Record<string, string | string[]> = {}): Promise<void> {
  let body: Buffer = Buffer.from(JSON.stringify(payload), 'utf8');
  const headers: Record<string, string | string[] | number> = {
    'Content-Type': 'application/json; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    Vary: 'Accept-Encoding',
    ...extraHeaders,
  };
  if (body.length > 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    body = await gzipAsync(body);
    headers['Content-Encoding'] = 'gzip';
  }
  headers['Content-Length'] = body.length;
  res.writeHead(status, headers);
  res.end(body);
}
