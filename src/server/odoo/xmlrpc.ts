/**
 * Odoo's XML-RPC endpoints (issue 16): `/xmlrpc/2/<service>` (integer fault codes: what Odoo's
 * documentation and every current client use) and the historical `/xmlrpc/<service>` (string fault
 * codes), for the same services as `/jsonrpc` (external-api.ts). As Odoo 18's
 * base/controllers/rpc.py: POST only, no session, dates and binaries sent back as strings, control
 * characters taken out of strings, no `nil` in answers (Odoo marshals with allow_none=False).
 *
 * XML is parsed by @foxglove/xmlrpc's deserializer (sax: no DTD, no entity expansion), after a
 * size limit; answers are built by its serializer (xmlbuilder2 escapes every string).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Deserializer, serializeFault, serializeMethodResponse, XmlRpcFault, type XmlRpcValue } from '@foxglove/xmlrpc';
import getRawBody from 'raw-body';
import { dispatchRpc, type ExternalApiContext } from './external-api.ts';
import { fromDatabaseError, OdooException } from './errors.ts';
import type { OdooValue } from './registry.ts';

/** What an XML-RPC call may send: as `/jsonrpc`'s. */
export const MAX_XMLRPC_BODY_BYTES = 1024 * 1024;

// Odoo's fault codes (rpc.py).
const APPLICATION_ERROR = 1;
const WARNING = 2;
const ACCESS_DENIED = 3;
const ACCESS_ERROR = 4;

/** `/xmlrpc/2/common` → { service: 'common', intFaults: true }; `/xmlrpc/object` → string faults. */
export function xmlRpcEndpoint(pathname: string): { service: string; intFaults: boolean } | undefined {
  const match = /^\/xmlrpc\/(?:(2)\/)?([A-Za-z_]+)\/?$/.exec(pathname);
  return match?.[2] === undefined ? undefined : { service: match[2], intFaults: match[1] === '2' };
}

/** Python's datetime from the client becomes Odoo's string; binaries, base64 (what Odoo's ORM takes); `nil`, None. */
function fromXmlRpc(value: XmlRpcValue | undefined): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 19).replace('T', ' ');
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(fromXmlRpc);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromXmlRpc(item)]));
  return value;
}

// XML 1.0 disallows control characters but tab, newline and carriage return (rpc.py CONTROL_CHARACTERS).
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

/** An answer as Odoo's marshaller writes it; a None anywhere fails as it does there. */
function toXmlRpc(value: OdooValue | undefined): XmlRpcValue {
  if (value === null || value === undefined) throw new OdooException('builtins.TypeError', 'cannot marshal None unless allow_none is enabled');
  if (typeof value === 'string') return value.replace(CONTROL_CHARACTERS, '');
  if (Array.isArray(value)) return value.map(toXmlRpc);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toXmlRpc(item)]));
  return value;
}

/** Odoo's xmlrpc_handle_exception_int / _string. */
function faultOf(error: unknown, intFaults: boolean): XmlRpcFault {
  const odoo = error instanceof OdooException ? error : fromDatabaseError(error);
  const name = odoo?.odooName ?? 'builtins.Exception';
  const message = odoo?.message ?? (error instanceof Error ? error.message : String(error));
  const short = name.replace(/^builtins\./, '');
  if (intFaults) {
    if (name === 'odoo.exceptions.AccessError') return new XmlRpcFault(message, ACCESS_ERROR);
    if (name === 'odoo.exceptions.AccessDenied') return new XmlRpcFault(message, ACCESS_DENIED);
    if (name === 'odoo.exceptions.UserError' || name === 'odoo.exceptions.ValidationError' || name === 'odoo.exceptions.MissingError') return new XmlRpcFault(message, WARNING);
    return new XmlRpcFault(`${short}: ${message}`, APPLICATION_ERROR);
  }
  // The historical endpoint puts the kind in faultCode (a string) and leaves faultString empty.
  const kind = name.split('.').pop() ?? 'Exception';
  if (name === 'odoo.exceptions.AccessDenied') return stringFault('AccessDenied', message);
  if (name.startsWith('odoo.exceptions.')) return stringFault(`warning -- ${kind}\n\n${message}`, '');
  return stringFault(message, `${short}: ${message}`);
}

/** A fault whose faultCode is a string (the serializer takes whatever the fault carries). */
function stringFault(code: string, text: string): XmlRpcFault {
  const fault = new XmlRpcFault(text);
  (fault as { faultCode?: unknown }).faultCode = code;
  return fault;
}

export async function handleXmlRpc(ctx: ExternalApiContext, req: IncomingMessage, res: ServerResponse, endpoint: { service: string; intFaults: boolean }): Promise<void> {
  if (req.method !== 'POST') {
    res.writeHead(405, { 'Content-Type': 'text/html; charset=utf-8', Allow: 'POST' });
    res.end('<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n');
    return;
  }
  let xml: string;
  try {
    xml = serializeMethodResponse(toXmlRpc(await call(ctx, req, endpoint.service)));
  } catch (error) {
    xml = serializeFault(faultOf(error, endpoint.intFaults));
  }
  const body = Buffer.from(xml, 'utf8');
  res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-store' });
  res.end(body);
}

async function call(ctx: ExternalApiContext, req: IncomingMessage, service: string): Promise<OdooValue> {
  let text: string;
  try {
    text = await getRawBody(req, { limit: MAX_XMLRPC_BODY_BYTES, encoding: 'utf8' });
  } catch (error) {
    const type = (error as { type?: unknown }).type;
    throw new OdooException('builtins.ValueError', type === 'entity.too.large' ? `The request is larger than ${MAX_XMLRPC_BODY_BYTES} bytes.` : 'The request body could not be read.');
  }
  let parsed: [string, XmlRpcValue[]];
  try {
    parsed = await new Deserializer().deserializeMethodCall(text);
  } catch (error) {
    throw new OdooException('builtins.ValueError', `Not an XML-RPC call: ${error instanceof Error ? error.message.split('\n')[0] : 'unreadable XML'}`);
  }
  const [method, params] = parsed;
  return dispatchRpc(ctx, service, method, params.map(fromXmlRpc));
}
