/**
 * Finishes "Sign in with Odoo" from the answer the start lifted out of the URL
 * (src/app/oauth-callback-capture.ts): the protocol's checks and exchanges (oauth/flows.ts), then
 * the account made the signed-in one. Returns where the user started from, or throws a
 * `SignInError` whose code the UI turns into words; each step goes to the flow inspector's log.
 */
import * as oauth from 'oauth4webapi';
import { t } from '../i18n/i18n.ts';
import { isOdooError } from '../odoo/errors.ts';
import { StorageError } from '../storage/db.ts';
import { signInWithOdooSession, signInWithTokens, type Account } from './auth-store.ts';
import { logStep } from './oauth/flow-log.ts';
import { completeSignIn } from './oauth/flows.ts';
import { IdTokenError } from './oauth/id-token.ts';
import { ImplicitFragmentError } from './oauth/implicit-fragment.ts';
import { SignInError } from './oauth/sign-in-error.ts';

export interface SignedIn {
  readonly account: Account;
  /** The app URL (path + query) the sign-in started from. */
  readonly returnTo: string;
}

export interface FinishOptions {
  /** The words the flow inspector shows for a refusal (the UI's, in the user's language). */
  readonly describe?: (error: SignInError) => string;
}

export async function finishSignIn(callback: { readonly search: string; readonly hash: string } | undefined, options: FinishOptions = {}): Promise<SignedIn> {
  // Nothing to finish: nothing is logged either (the last sign-in's steps stay as they were).
  if (callback === undefined) throw new SignInError('no_answer', 'There is no sign-in answer to process here.');
  try {
    await logStep(t('Address bar cleaned'), t('history.replaceState removed the answer from the URL and the history entry before anything rendered or any request left.'));
    const completed = await completeSignIn(callback);
    if (completed.kind === 'odoo_session') {
      const account = await signInWithOdooSession();
      await logStep(t('Session confirmed'), t("get_session_info answered with Odoo's session cookie: a session sign-in from here on."));
      return { account, returnTo: completed.returnTo };
    }
    const { tokens } = completed;
    const account = await signInWithTokens(tokens);
    await logStep(t('First API call'), t('get_session_info answered with the token: Odoo knows the user.'));
    await logStep(t('Token stored'), t('Kept in IndexedDB only ({binding}); never localStorage, never a URL.', { binding: tokens.dpopKeys ? t('DPoP-bound, key non-extractable') : t('bearer') }));
    return { account, returnTo: completed.returnTo };
  } catch (caught) {
    const error = asSignInError(caught);
    await logStep(t('Sign-in refused'), options.describe?.(error) ?? `${error.code}: ${error.message}`, false).catch(() => undefined);
    throw error;
  }
}

/** Whatever stopped the sign-in, as a coded SignInError (the original kept as its cause). */
export function asSignInError(error: unknown): SignInError {
  if (error instanceof SignInError) return error;
  if (error instanceof ImplicitFragmentError) {
    if (error.code === 'authorization_error') return new SignInError('authorization_error', error.message, { detail: error.oauthError?.description ?? error.oauthError?.error ?? error.message, cause: error });
    return new SignInError(error.code, error.message, { detail: error.message, cause: error });
  }
  // An error answer from the authorization server: its own words, not the library's. By class, not
  // by `name`: a production build renames classes.
  if (error instanceof oauth.AuthorizationResponseError) {
    return new SignInError('authorization_error', error.message, { detail: error.error_description ?? error.error, cause: error });
  }
  if (error instanceof IdTokenError) return new SignInError('id_token_invalid', error.message, { detail: error.message, cause: error });
  if (isOdooError(error) || error instanceof StorageError) return new SignInError('odoo', error.message, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new SignInError('failed', message, { detail: message, cause: error });
}
