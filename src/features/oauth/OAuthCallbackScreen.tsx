/**
 * /oauth/callback: finishes "Sign in with Odoo" with the answer main.tsx already lifted out of the
 * URL, then returns to the view the user started from. Lazy: not part of the first screen.
 */
import { t } from '../../i18n/i18n.ts';
import { useEffect, useRef, useState } from 'react';
import { signInWithOdooSession, signInWithTokens } from '../../auth/auth-store.ts';
import { logStep } from '../../auth/oauth/flow-log.ts';
import { authorizationErrorText, completeSignIn, ProviderSignInError } from '../../auth/oauth/flows.ts';
import { ImplicitFragmentError } from '../../auth/oauth/implicit-fragment.ts';
import { PendingSignInError } from '../../auth/oauth/pending.ts';
import { errorText } from '../../ui/error-text.ts';

interface Props {
  readonly callback: { readonly search: string; readonly hash: string } | undefined;
  readonly navigate: (to: string, options?: { replace?: boolean }) => void;
}

export default function OAuthCallbackScreen({ callback, navigate }: Props) {
  const [error, setError] = useState<string | undefined>(callback === undefined ? t('There is no sign-in answer to process here.') : undefined);
  const started = useRef(false);

  useEffect(() => {
    if (callback === undefined || started.current) return;
    started.current = true; // the answer is one-time: never processed twice (StrictMode runs effects twice)
    (async () => {
      await logStep(t('Address bar cleaned'), t('history.replaceState removed the answer from the URL and the history entry before anything rendered or any request left.'));
      const completed = await completeSignIn(callback);
      if (completed.kind === 'odoo_session') {
        await signInWithOdooSession();
        await logStep(t('Session confirmed'), t("get_session_info answered with Odoo's session cookie: a session sign-in from here on."));
      } else {
        const { tokens } = completed;
        await logStep(t('Token stored'), t('Kept in IndexedDB only ({binding}); never localStorage, never a URL.', { binding: tokens.dpopKeys ? t('DPoP-bound, key non-extractable') : t('bearer') }));
        await signInWithTokens(tokens);
        await logStep(t('First API call'), t('get_session_info answered with the token: Odoo knows the user.'));
      }
      navigate(completed.returnTo, { replace: true });
    })().catch(async (caught: unknown) => {
      const message = signInErrorText(caught);
      await logStep(t('Sign-in refused'), message, false).catch(() => undefined);
      setError(message);
    });
  }, [callback, navigate]);

  return (
    <main className="login">
      <div className="card login-form">
        <h1>{t('Signing you in')}</h1>
        {error === undefined ? (
          <p role="status">{t('Checking the answer from Odoo…')}</p>
        ) : (
          <>
            <p className="error" role="alert">
              {error}
            </p>
            <a href="/" onClick={(e) => (e.preventDefault(), navigate('/', { replace: true }))}>
              {t('Back to sign in')}
            </a>
          </>
        )}
      </div>
    </main>
  );
}

function signInErrorText(error: unknown): string {
  if (error instanceof ImplicitFragmentError) {
    if (error.code === 'authorization_error') return t('Odoo did not sign you in: {reason}', { reason: error.oauthError?.description ?? error.oauthError?.error ?? error.message });
    return t('The sign-in answer was refused: {reason}', { reason: error.message });
  }
  if (error instanceof PendingSignInError || error instanceof ProviderSignInError) return error.message;
  // An error answer from the authorization server: its own words, not the library's.
  const serverWords = authorizationErrorText(error);
  if (serverWords !== undefined) return t('Odoo did not sign you in: {reason}', { reason: serverWords });
  if (error instanceof Error && error.name !== 'OdooError' && error.name !== 'StorageError') return t('The sign-in could not be completed: {reason}', { reason: error.message });
  return errorText(error);
}
