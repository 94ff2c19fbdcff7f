/**
 * Why a "Sign in with Odoo" did not finish, in the user's words and language: every `SignInError`
 * code to its sentence, in one place (the callback screen shows it). Not on the first screen.
 */
import type { SignInError } from '../auth/oauth/sign-in-error.ts';
import { t } from '../i18n/i18n.ts';
import { errorText } from './error-text.ts';

export function signInErrorText(error: SignInError): string {
  const { detail = error.message, status } = error.extra;
  switch (error.code) {
    case 'no_answer':
      return t('There is no sign-in answer to process here.');
    case 'not_started':
      return t('No sign-in was started in this browser, or its answer was already used.');
    case 'pending_unreadable':
      return t('The stored sign-in is unreadable.');
    case 'pending_expired':
      return t('The sign-in took too long. Start again.');
    case 'authorization_error':
      return t('Odoo did not sign you in: {reason}', { reason: detail });
    case 'malformed':
    case 'duplicate_parameter':
    case 'state_mismatch':
    case 'issuer_mismatch':
    case 'invalid_response':
      return t('The sign-in answer was refused: {reason}', { reason: detail });
    case 'provider_signup_disabled':
      return t('This Odoo does not allow signing up: your account at the provider is not linked to one of its users.');
    case 'provider_access_denied':
      return t('Odoo could not confirm the sign-in ({provider}): the provider did not accept the token. Try again, or sign in with your password.', { provider: detail });
    case 'provider_no_user':
      return t('No user of this Odoo is linked to the account you used ({provider}). Ask your Odoo administrator to link it, or sign in with your password.', { provider: detail });
    case 'provider_http':
      return t('Odoo did not finish the sign-in (HTTP {status}).', { status: status ?? 0 });
    case 'odoo':
      return errorText(error.cause);
    case 'id_token_invalid':
    case 'failed':
      return t('The sign-in could not be completed: {reason}', { reason: detail });
  }
}
