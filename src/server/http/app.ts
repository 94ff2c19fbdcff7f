/**
 * One origin for everything: the PWA's static files and the Odoo routes — answered by the demo
 * backend, or proxied to a real Odoo (ODOO_URL) so the PWA and Odoo share an origin (Odoo sends no
 * CORS headers: odoo-wire/README.md "CORS").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sirv from 'sirv';
import { isAuthorizationServerPath, type AuthorizationServer } from '../oauth/authorization-server.ts';
import { handleOdooRoute, type OdooBackend } from '../odoo/routes.ts';
import { createOdooProxy, hasEncodedSeparator } from './proxy.ts';
import { DEPLOYMENT_PATH, type DeploymentFile } from './deployment.ts';
import { applySecurityHeaders, contentSecurityPolicy, HTML_HEADERS } from '../shared/security-headers.ts';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

export interface AppOptions {
  /** The demo backend; absent in proxy mode. */
  readonly backend?: OdooBackend;
  /** Proxy mode: where `/web/…` goes, and how long it may take to answer. */
  readonly odooUrl?: URL;
  /** FIELDBOOK_PUBLIC_URL: how clients reach this server (the proxy tells Odoo so). */
  readonly publicUrl?: URL;
  readonly upstreamTimeoutMs?: number;
  /** The built PWA (`dist/`); absent under the Vite dev server, which serves the app itself. */
  readonly distDir?: string;
  /** The OAuth authorization server (`/.well-known/…`, `/oauth2/…`, the add-on routes); absent in proxy mode. */
  readonly authorizationServer?: Pick<AuthorizationServer, 'handle' | 'owns'>;
  /** FIELDBOOK_DEPLOYMENT_FILE: served at /fieldbook.json; its `connect` origins join the pages' CSP. */
  readonly deployment?: DeploymentFile;
}

/** Paths that belong to Odoo: everything else is the PWA. */
export function isOdooPath(pathname: string): boolean {
  return pathname.startsWith('/web/') || pathname === '/web' || pathname.startsWith('/websocket') || pathname.startsWith('/auth_oauth/') || pathname === '/jsonrpc' || pathname.startsWith('/xmlrpc');
}

/**
 * In proxy mode only the routes the PWA uses reach the real Odoo. The rest of Odoo (its web client,
 * the database manager) would otherwise be served on the app's origin without the app's CSP.
 */
export function isProxiedOdooRoute(pathname: string): boolean {
  return (
    pathname.startsWith('/web/session/') ||
    pathname === '/web/dataset/call_kw' ||
    pathname.startsWith('/web/dataset/call_kw/') ||
    pathname === '/web/webclient/version_info' ||
    pathname === '/web/database/list' ||
    // auth_oauth: the login page (read for its providers), the sign-in, the health check it lands on.
    pathname === '/web/login' ||
    pathname === '/auth_oauth/signin' ||
    pathname === '/web/health'
  );
}

export function createApp(options: AppOptions): RequestHandler & { close(): void } {
  const proxy = options.odooUrl === undefined ? undefined : createOdooProxy(options.odooUrl, options.upstreamTimeoutMs ?? 30_000, options.publicUrl);
  const statics = options.distDir === undefined ? undefined : staticFiles(options.distDir);
  const pageHeaders = { ...HTML_HEADERS, 'Content-Security-Policy': contentSecurityPolicy(options.deployment?.connect) };

  const handler = (req: IncomingMessage, res: ServerResponse, next?: () => void): void => {
    const pathname = pathnameOf(req);
    applySecurityHeaders(res);
    if (pathname === undefined) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request URL');
      return;
    }
    if (isOdooPath(pathname)) {
      if (proxy !== undefined) {
        if (hasEncodedSeparator(req.url ?? '')) {
          res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Encoded separators are not allowed in this path');
          return;
        }
        if (isProxiedOdooRoute(pathname)) proxy(req, res);
        else notFoundPage(res);
        return;
      }
      if (options.backend !== undefined) {
        handleOdooRoute(options.backend, req, res, pathname)
          .then((handled) => {
            if (!handled) notFoundPage(res);
          })
          .catch((error: unknown) => failed(res, error));
        return;
      }
    }
    if (isAuthorizationServerPath(pathname) || options.authorizationServer?.owns(pathname) === true) {
      if (options.authorizationServer === undefined) {
        notFoundPage(res);
        return;
      }
      options.authorizationServer.handle(req, res, pathname).catch((error: unknown) => failed(res, error));
      return;
    }
    if (pathname === DEPLOYMENT_PATH && options.deployment !== undefined && (req.method === 'GET' || req.method === 'HEAD')) {
      const { body } = options.deployment;
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache', 'Content-Length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    // Source maps stay on the build machine (vite writes them 'hidden'): not served, however the
    // path spells them (`.m%61p`, a trailing slash: the static server decodes and normalizes too).
    if (statics !== undefined && isSourceMapPath(pathname)) {
      notFoundPage(res);
      return;
    }
    if (statics !== undefined) {
      // Every static response gets the page headers (the app shell is one of them).
      for (const [name, value] of Object.entries(pageHeaders)) res.setHeader(name, value);
      statics(req, res, () => {
        if (next) next();
        // A client-side route, opened in the browser: the app shell. Anything else nobody serves
        // (a script's POST to a wrong URL, a fetch) is told so, not handed the app's HTML with a 200.
        else if (isNavigation(req)) {
          req.url = '/index.html';
          statics(req, res, () => notFoundPage(res));
        } else notFoundText(res);
      });
      return;
    }
    if (next) next();
    else notFoundPage(res);
  };
  return Object.assign(handler, { close: () => proxy?.close() });
}

/** A path that names a source map once decoded, whatever its trailing slashes; a path that cannot be decoded counts as one (refused). */
export function isSourceMapPath(pathname: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return true;
  }
  return /\.map\/*$/i.test(decoded) || /\.map[\\/]/i.test(decoded);
}

function pathnameOf(req: IncomingMessage): string | undefined {
  try {
    return new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

function staticFiles(distDir: string): RequestHandler {
  const index = join(distDir, 'index.html');
  if (!existsSync(index)) throw new Error(`No build found at ${distDir} (run npm run build).`);
  return sirv(distDir, {
    // Hashed assets never change: cache them for a year. Everything else is revalidated.
    immutable: true,
    maxAge: 0,
    etag: true,
    gzip: true,
    brotli: true,
    // Client-side routes fall back to index.html for navigations only (the handler above).
    single: false,
    setHeaders(res, pathname) {
      if (pathname.startsWith('/assets/')) {
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      } else {
        res.setHeader('Cache-Control', 'no-cache');
      }
      if (pathname === '/sw.js') res.setHeader('Service-Worker-Allowed', '/');
    },
  });
}

/** A browser opening a page: `Sec-Fetch-Mode: navigate`, or (older clients) a GET that accepts HTML. */
export function isNavigation(req: IncomingMessage): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const mode = req.headers['sec-fetch-mode'];
  if (mode !== undefined) return mode === 'navigate';
  return /\btext\/html\b/.test(String(req.headers.accept ?? ''));
}

function notFoundText(res: ServerResponse): void {
  if (res.headersSent) return;
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end('404 Not Found: nothing is served at this address.\n');
}

function notFoundPage(res: ServerResponse): void {
  if (res.headersSent) return;
  res.writeHead(404, { ...HTML_HEADERS, 'Content-Type': 'text/html; charset=utf-8' });
  res.end('<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server.</p>\n');
}

function failed(res: ServerResponse, error: unknown): void {
  console.error('[http] request failed', error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Internal server error');
}
