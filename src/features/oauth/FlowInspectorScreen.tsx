/**
 * The flow inspector, for people demoing "Sign in with Odoo": each step of the last sign-in as it
 * happened (tokens redacted), beside a short, sourced account of the implicit grant's risks and how
 * code + PKCE avoids them. Lazy-loaded.
 */
import { useEffect, useState } from 'react';
import { readFlowLog, type FlowLog } from '../../auth/oauth/flow-log.ts';

const FLOW_NAMES = {
  code: 'Authorization code + PKCE (DPoP-bound)',
  implicit: 'Implicit grant (response_type=token)',
  implicit_id_token: 'Implicit grant (id_token token)',
  provider: "The Odoo's own provider (auth_oauth, implicit grant)",
} as const;

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
      <a className="back" href="/" onClick={(e) => (e.preventDefault(), navigate('/'))}>
        ← Back to contacts
      </a>
      <h1>Sign-in flow inspector</h1>
      <section aria-labelledby="steps-heading" className="card">
        <h2 id="steps-heading">The last sign-in, step by step</h2>
        {log === 'loading' && <p role="status">Loading…</p>}
        {log === undefined && <p>No "Sign in with Odoo" has happened on this device yet (password sign-ins have no steps to show).</p>}
        {log !== undefined && log !== 'loading' && (
          <>
            <p>
              Flow: <strong>{FLOW_NAMES[log.flow]}</strong>
            </p>
            <ol className="steps">
              {log.steps.map((step) => (
                <li key={`${step.at}-${step.step}`} className={step.ok ? undefined : 'error'}>
                  <strong>{step.step}</strong> <span className="muted">{new Date(step.at).toLocaleTimeString()}</span>
                  <code>{step.detail}</code>
                </li>
              ))}
            </ol>
          </>
        )}
      </section>
      <section aria-labelledby="risks-heading" className="card">
        <h2 id="risks-heading">Why the implicit grant is legacy</h2>
        <ul>
          <li>
            The access token travels in the URL fragment. Anything that can read the page's URL before it is cleaned — browser history, extensions,
            an injected script — can read the token. Fieldbook removes it with <code>history.replaceState</code> before rendering, but it has
            already passed through the browser.
          </li>
          <li>
            Cleaning the address bar does not clean the disk: the browser has already written the full URL, token included, into its own
            history, session and favicon files, where anyone with access to this device's profile can read it later. Only a short life limits
            the harm: the demo server's implicit tokens live 10 minutes, and logging out revokes them at once.
          </li>
          <li>
            A token issued to another application is accepted here too (token substitution): a plain <code>token</code> answer does not say
            whom it was issued for. With <code>id_token token</code>, Fieldbook checks the ID token's audience and <code>at_hash</code>.
          </li>
          <li>
            There is no proof of who redeems the token: it is handed over directly, so a token injected into the redirect (token injection) or
            leaked through an open redirector is accepted. The one-time <code>state</code> check and the ID token's <code>at_hash</code> narrow
            this; they do not close it.
          </li>
          <li>No refresh token: when the token expires the user must go through the redirect again.</li>
        </ul>
        <p>
          OAuth 2.0 Security Best Current Practice (RFC 9700, §2.1.2) says clients should not use the implicit grant, and the OAuth 2.0 for
          Browser-Based Applications BCP recommends the authorization code flow with PKCE instead. Code + PKCE never puts a token in a URL: the
          one-time code is useless without the verifier that never left this browser (RFC 7636), the server names itself in the answer (RFC
          9207), and Fieldbook binds the token to a non-extractable key with DPoP (RFC 9449), so a stolen token alone does not work.
        </p>
      </section>
    </main>
  );
}
