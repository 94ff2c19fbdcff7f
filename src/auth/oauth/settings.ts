/**
 * Where the authorization server is and who the app is to it. The demo backend is the
 * authorization server on the app's own origin; a real Odoo's OAuth provider module sits behind the
 * same reverse proxy, so the issuer is this origin there too.
 */
export const CLIENT_ID = 'fieldbook';
export { SCOPE } from './scope.ts';

export const issuerUrl = (): URL => new URL(location.origin);
export const redirectUri = (): string => `${location.origin}/oauth/callback`;

/** A pending sign-in older than this is refused (the user took too long, or it is a replay). */
export const PENDING_MAX_AGE_MS = 10 * 60_000;
