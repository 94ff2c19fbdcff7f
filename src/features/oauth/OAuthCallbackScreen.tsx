/**
 * /oauth/callback: shows "Signing you in" while src/auth finishes "Sign in with Odoo" with the
 * answer main.tsx already lifted out of the URL, then returns to the view the user started from,
 * or shows why it could not. Lazy: not part of the first screen.
 */
import { t } from '../../i18n/i18n.ts';
import { useEffect, useRef, useState } from 'react';
import { asSignInError, finishSignIn } from '../../auth/finish-sign-in.ts';
import { signInErrorText } from '../../ui/sign-in-error-text.ts';
import { followInApp } from '../../ui/in-app-link.ts';

interface Props {
  readonly callback: { readonly search: string; readonly hash: string } | undefined;
  readonly navigate: (to: string, options?: { replace?: boolean }) => void;
}

export default function OAuthCallbackScreen({ callback, navigate }: Props) {
  const [error, setError] = useState<string | undefined>();
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true; // the answer is one-time: never processed twice (StrictMode runs effects twice)
    finishSignIn(callback, { describe: signInErrorText }).then(
      ({ returnTo }) => navigate(returnTo, { replace: true }),
      (caught: unknown) => setError(signInErrorText(asSignInError(caught))),
    );
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
            <a href="/" onClick={(e) => followInApp(e, () => navigate('/', { replace: true }))}>
              {t('Back to sign in')}
            </a>
          </>
        )}
      </div>
    </main>
  );
}
