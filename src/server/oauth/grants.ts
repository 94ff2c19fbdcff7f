/**
 * Consent: first-party clients (clients.ts FIRST_PARTY_CLIENTS, the PWA) are granted what they ask
 * for once the user has signed in — they are this deployment's own front end, like Odoo's web client —
 * so their users never see a consent page and `prompt=none` works. Other clients get the consent page.
 *
 * This is the library's supported policy hook, `loadExistingGrant` (docs: configuration
 * `loadExistingGrant`; recipe recipes/skip_consent.md): the consent prompt is skipped when the grant
 * it returns already covers the request.
 */
import type { Grant, KoaContextWithOIDC } from 'oidc-provider';
import { FIRST_PARTY_CLIENTS } from './clients.ts';

export async function loadExistingGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
  const { client, session, provider } = ctx.oidc;
  const accountId = session?.accountId;
  if (client === undefined || session === undefined || accountId === undefined) return undefined;
  const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
  const found = grantId === undefined ? undefined : await provider.Grant.find(grantId);
  // A grant belongs to one user and one client; anything else is treated as no grant at all.
  const existing = found?.accountId === accountId && found.clientId === client.clientId ? found : undefined;
  if (!FIRST_PARTY_CLIENTS.has(client.clientId)) return existing;

  const grant = existing ?? new provider.Grant({ clientId: client.clientId, accountId });
  const scopes = [...ctx.oidc.requestParamOIDCScopes];
  const claims = [...ctx.oidc.requestParamClaims];
  const missingScope = scopes.some((scope) => !grant.getOIDCScope().split(' ').includes(scope));
  const missingClaims = claims.some((claim) => !grant.getOIDCClaims().includes(claim));
  if (existing === undefined || missingScope || missingClaims) {
    if (scopes.length > 0) grant.addOIDCScope(scopes);
    if (claims.length > 0) grant.addOIDCClaims(claims);
    await grant.save();
  }
  return grant;
}
