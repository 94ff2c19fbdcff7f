/**
 * Headers of the authorization server's HTML pages (login, consent, errors, logout, form_post):
 * the app's own strict set (shared/security-headers.ts) — scripts and styles only from this origin,
 * no inline script, no framing, no referrer, nosniff — and never cached.
 */
import { CONTENT_SECURITY_POLICY, HTML_HEADERS } from '../shared/security-headers.ts';

/**
 * The app's CSP, with `form-action` widened to the given origins: a form whose submission ends in
 * a redirect to a client's redirect URI on another origin is checked against form-action too.
 */
export function pageContentSecurityPolicy(formActionOrigins: readonly string[] = []): string {
  const extra = formActionOrigins.filter((origin) => /^https?:\/\/[^\s;,']+$/.test(origin));
  if (extra.length === 0) return CONTENT_SECURITY_POLICY;
  return CONTENT_SECURITY_POLICY.replace("form-action 'self'", `form-action 'self' ${[...new Set(extra)].join(' ')}`);
}

export function pageHeaders(formActionOrigins: readonly string[] = []): Record<string, string> {
  return {
    ...HTML_HEADERS,
    'Content-Security-Policy': pageContentSecurityPolicy(formActionOrigins),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

export function applyPageHeaders(set: (name: string, value: string) => void, formActionOrigins: readonly string[] = []): void {
  for (const [name, value] of Object.entries(pageHeaders(formActionOrigins))) set(name, value);
}
