/**
 * Proxy mode: `/web/…` goes to a real Odoo (ODOO_URL) so that the PWA and Odoo share one origin
 * and Odoo's HttpOnly `session_id` cookie just works. A dead or slow upstream becomes a
 * JSON-RPC-shaped error at once, never a hang. Odoo's uncompressed answers are compressed here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import compression from 'compression';
import { createProxyServer } from 'http-proxy-3';

/**
 * Odoo sends its JSON uncompressed (werkzeug does not compress): 500 partners are ~290 KB as sent
 * and ~21 KB gzipped. Answers above 1 KB go out brotli- or gzip-compressed when the browser
 * accepts it; an upstream that compresses already is passed through as it is.
 */
const compress = compression({ threshold: 1024 });

/** For HTML the upstream sends: no script, no form, no frame, no subresource (it is read as data, not shown). */
export const UPSTREAM_HTML_CSP = "sandbox; default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

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
  // Odoo's own pages that pass here (its login page, read by the PWA for its providers; auth_oauth's
  // fragment page) run nothing on the app's origin: HTML from upstream is sandboxed.
  proxy.on('proxyRes', (proxyRes) => {
    if (/^\s*text\/html/i.test(String(proxyRes.headers['content-type'] ?? ''))) proxyRes.headers['content-security-policy'] = UPSTREAM_HTML_CSP;
  });
  proxy.on('error', (error, _req, res) => {
    if (!('writeHead' in res)) return; // a socket (websocket upgrade): nothing to answer
    upstreamFailed(res, target, error);
  });
  const forward = (req: IncomingMessage, res: ServerResponse) => compress(req as Parameters<typeof compress>[0], res as Parameters<typeof compress>[1], () => proxy.web(req, res));
  return Object.assign(forward, { close: () => proxy.close() });
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
