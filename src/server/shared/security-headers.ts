/**
 * Security headers. Every response gets nosniff and no-referrer; HTML pages also get a strict CSP:
 * scripts only from this origin (no inline, no eval), no framing, no plugins, and Trusted Types so
 * that no string can ever reach an HTML sink (partner data is rendered as text).
 * Below every server layer: the one-origin app (http/), the Odoo routes' HTML answers (odoo/) and the
 * authorization server's pages (oauth/page-headers.ts) all send them.
 */
import type { ServerResponse } from 'node:http';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  // Partner avatars arrive as base64 and are shown through data:/blob: URLs.
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  // The only Trusted Types policy: it vouches for the service worker's URL (src/app/sw-bridge.ts).
  'trusted-types fieldbook-sw',
].join('; ');

/** The page CSP with more origins the app may call: the deployment file's `connect` (deployment.ts). */
export function contentSecurityPolicy(connect: readonly string[] = []): string {
  if (connect.length === 0) return CONTENT_SECURITY_POLICY;
  return CONTENT_SECURITY_POLICY.replace("connect-src 'self'", `connect-src 'self' ${[...new Set(connect)].join(' ')}`);
}

export const HTML_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

export function applySecurityHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
}
