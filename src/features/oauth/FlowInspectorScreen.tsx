/**
 * The flow inspector, for people demoing "Sign in with Odoo": each step of the last sign-in as it
 * happened (tokens redacted), beside a short, sourced account of the implicit grant's risks and how
 * code + PKCE avoids them. Lazy-loaded.
 */
import { Fragment, useEffect, useState, type ReactNode } from 'react';
import { currentLocale, t } from '../../i18n/i18n.ts';
import { readFlowLog, type FlowLog } from '../../auth/oauth/flow-log.ts';
import { followInApp } from '../../ui/in-app-link.ts';

/** The flows' names (read at render: in the language in force). */
const FLOW_NAMES = {
  code: () => t('Authorization code + PKCE (DPoP-bound)'),
  implicit: () => t('Implicit grant (response_type=token)'),
  implicit_id_token: () => t('Implicit grant (id_token token)'),
  provider: () => t("The Odoo's own provider (auth_oauth, implicit grant)"),
} as const;

/** A translated sentence whose `{name}`s are code: the words move with the language, the code stays code. */
function WithCode({ text, code }: { readonly text: string; readonly code: Readonly<Record<string, string>> }): ReactNode {
  return text.split(/\{(\w+)\}/).map((part, i) => (i % 2 === 1 && Object.hasOwn(code, part) ? <code key={i}>{code[part]}</code> : <Fragment key={i}>{part}</Fragment>));
}

export default function FlowInspectorScreen({ navigate }: { readonly navigate: (to: string) => void }) {
  const [log, setLog] = useState<FlowLog | undefined | 'loading'>('loading');

  useEffect(() => {
    let live = true;
    readFlowLog().then(
      (value) => live && setLog(value),
      () => live && setLog(undefined),
    );
    return () => {
      live = false;
    };
  }, []);

  return (
    <main className="detail inspector">
      <a className="back" href="/" onClick={(e) => followInApp(e, () => navigate('/'))}>
        {t('← Back to contacts')}
      </a>
      <h1>{t('Sign-in flow inspector')}</h1>
      <section aria-labelledby="steps-heading" className="card">
        <h2 id="steps-heading">{t('The last sign-in, step by step')}</h2>
        {log === 'loading' && <p role="status">{t('Loading…')}</p>}
        {log === undefined && <p>{t('No "Sign in with Odoo" has happened on this device yet (password sign-ins have no steps to show).')}</p>}
        {log !== undefined && log !== 'loading' && (
          <>
            <p>
              {t('Flow:')} <strong>{FLOW_NAMES[log.flow]()}</strong>
            </p>
            <ol className="steps">
              {log.steps.map((step) => (
                <li key={`${step.at}-${step.step}`} className={step.ok ? undefined : 'error'}>
                  <strong>{step.step}</strong> <span className="muted">{new Date(step.at).toLocaleTimeString(currentLocale())}</span>
                  <code>{step.detail}</code>
                </li>
              ))}
            </ol>
          </>
        )}
      </section>
      <section aria-labelledby="risks-heading" className="card">
        <h2 id="risks-heading">{t('Why the implicit grant is legacy')}</h2>
        <ul>
          <li>
            <WithCode
              text={t("The access token travels in the URL fragment. Anything that can read the page's URL before it is cleaned — browser history, extensions, an injected script — can read the token. Fieldbook removes it with {replaceState} before rendering, but it has already passed through the browser.")}
              code={{ replaceState: 'history.replaceState' }}
            />
          </li>
          <li>
            {t("Cleaning the address bar does not clean the disk: the browser has already written the full URL, token included, into its own history, session and favicon files, where anyone with access to this device's profile can read it later. Only a short life limits the harm: the demo server's implicit tokens live 10 minutes, and logging out revokes them at once.")}
          </li>
          <li>
            <WithCode
              text={t("A token issued to another application is accepted here too (token substitution): a plain {token} answer does not say whom it was issued for. With {idTokenToken}, Fieldbook checks the ID token's audience and {atHash}.")}
              code={{ token: 'token', idTokenToken: 'id_token token', atHash: 'at_hash' }}
            />
          </li>
          <li>
            <WithCode
              text={t("There is no proof of who redeems the token: it is handed over directly, so a token injected into the redirect (token injection) or leaked through an open redirector is accepted. The one-time {state} check and the ID token's {atHash} narrow this; they do not close it.")}
              code={{ state: 'state', atHash: 'at_hash' }}
            />
          </li>
          <li>{t('No refresh token: when the token expires the user must go through the redirect again.')}</li>
        </ul>
        <p>
          {t('OAuth 2.0 Security Best Current Practice (RFC 9700, §2.1.2) says clients should not use the implicit grant, and the OAuth 2.0 for Browser-Based Applications BCP recommends the authorization code flow with PKCE instead. Code + PKCE never puts a token in a URL: the one-time code is useless without the verifier that never left this browser (RFC 7636), the server names itself in the answer (RFC 9207), and Fieldbook binds the token to a non-extractable key with DPoP (RFC 9449), so a stolen token alone does not work.')}
        </p>
      </section>
    </main>
  );
}
