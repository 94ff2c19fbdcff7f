/**
 * CSRF tokens for the login and consent forms: one per interaction, an HMAC of the interaction's
 * id under a server secret (secrets.ts), sent in a hidden field and checked on every POST. A page
 * of another site cannot read it, so it cannot forge the form; the interaction cookie it would
 * also need is SameSite=Lax and bound to that interaction's path.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function csrfTokenFor(key: Buffer, interactionUid: string): string {
  return createHmac('sha256', key).update(`fieldbook-interaction:${interactionUid}`).digest('base64url');
}

export function isValidCsrfToken(key: Buffer, interactionUid: string, token: unknown): boolean {
  if (typeof token !== 'string' || token.length === 0 || token.length > 128) return false;
  const expected = Buffer.from(csrfTokenFor(key, interactionUid));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
