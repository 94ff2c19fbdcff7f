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

/**
 * What a client may not tell Odoo about itself or the request (Odoo in proxy_mode believes
 * X-Forwarded-*; some servers route on X-Original-URL / X-Rewrite-URL): dropped, then the proxy
 * sets X-Forwarded-For, -Proto and -Host from what it knows.
 */
export const CLIENT_FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'x-forwarded-prefix', 'x-real-ip', 'x-original-url', 'x-rewrite-url', 'x-client-ip', 'true-client-ip'] as const;

/**
 * A proxied path with an encoded separator or dot (`%2f`, `%5c`, `%2e`), or a double-encoded one
 * (`%25…`): refused, so what the app allows (`/web/session/…`) is what Odoo routes.
 */
export function hasEncodedSeparator(rawPath: string): boolean {
  return /%(?:2f|5c|2e|25)/i.test(rawPath.split('?')[0] ?? '');
}

/** For HTML the upstream sends: no script, no form, no frame, no subresource (it is read as data, not shown). */
export const UPSTREAM_HTML_CSP = "sandbox; default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * @param timeoutMs how long an Odoo call may take before the proxy gives up (a 2,000-row
 * search_read takes well under a second on Odoo 18: odoo-wire/12c).
 */
export function createOdooProxy(target: URL, timeoutMs: number, publicUrl?: URL): ((req: IncomingMessage, res: ServerResponse) => void) & { close(): void } {
  const proxy = createProxyServer({
    target: target.origin,
    changeOrigin: true,
    // The forwarding headers are ours alone (below), never the client's.
    xfwd: false,
    // Only the upstream's time is bounded: the error handler below then answers the client.
    proxyTimeout: timeoutMs,
    // Odoo's cookies must belong to this origin, whatever domain the upstream names.
    cookieDomainRewrite: '',
  });
  proxy.on('proxyReq', (proxyReq, req) => {
    for (const name of CLIENT_FORWARDING_HEADERS) proxyReq.removeHeader(name);
    const secure = publicUrl !== undefined ? publicUrl.protocol === 'https:' : 'encrypted' in req.socket;
    proxyReq.setHeader('X-Forwarded-For', req.socket.remoteAddress ?? 'unknown');
    proxyReq.setHeader('X-Forwarded-Proto', secure ? 'https' : 'http');
    proxyReq.setHeader('X-Forwarded-Host', publicUrl?.host ?? req.headers.host ?? target.host);
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
