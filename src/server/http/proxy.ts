/**
 * Proxy mode: `/web/…` goes to a real Odoo (ODOO_URL) so that the PWA and Odoo share one origin
 * and Odoo's HttpOnly `session_id` cookie just works. A dead or slow upstream becomes a
 * JSON-RPC-shaped error at once, never a hang.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createProxyServer } from 'http-proxy-3';

/**
 * @param timeoutMs how long an Odoo call may take before the proxy gives up (a 2,000-row
 * search_read takes well under a second on Odoo 18: odoo-wire/12c).
 */
export function createOdooProxy(target: URL, timeoutMs: number): ((req: IncomingMessage, res: ServerResponse) => void) & { close(): void } {
  const proxy = createProxyServer({
    target: target.origin,
    changeOrigin: true,
    xfwd: true,
    // Only the upstream's time is bounded: the error handler below then answers the client.
    proxyTimeout: timeoutMs,
    // Odoo's cookies must belong to this origin, whatever domain the upstream names.
    cookieDomainRewrite: '',
  });
  proxy.on('error', (error, _req, res) => {
    if (!('writeHead' in res)) return; // a socket (websocket upgrade): nothing to answer
    upstreamFailed(res, target, error);
  });
  return Object.assign((req: IncomingMessage, res: ServerResponse) => proxy.web(req, res), { close: () => proxy.close() });
}

function upstreamFailed(res: ServerResponse, target: URL, error: Error): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const code = (error as { code?: string }).code ?? 'EPROXY';
  const timedOut = code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT';
  const message = timedOut
    ? `Odoo at ${target.origin} did not answer in time (${code}).`
    : `Odoo at ${target.origin} cannot be reached (${code}).`;
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: null,
    error: {
      code: 502,
      message: '502: Bad Gateway',
      data: { name: 'fieldbook.proxy.UpstreamUnavailable', debug: '', message, arguments: [message], context: {} },
    },
  });
  res.writeHead(502, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}
