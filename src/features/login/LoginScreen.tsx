/**
 * Odoo session login: database (picked when the server lists more than one), login, password.
 * Rendered in place of whatever view the URL names, so after login the user is back where they were.
 */
import { t } from '../../i18n/i18n.ts';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { lastDatabase, signIn } from '../../auth/auth-store.ts';
import type { OAuthOffer } from '../../auth/oauth/availability.ts';
import type * as OAuthFlows from '../../auth/oauth/flows.ts';
import type { OdooProvider } from '../../auth/oauth/odoo-providers.ts';
import type { OAuthFlow } from '../../auth/oauth/pending.ts';
import type { errorText } from '../../ui/error-text.ts';
import type { takeLoginFacts } from './login-facts.ts';

/** The OAuth flows module, loaded on demand. */
type Flows = typeof OAuthFlows;

/**
 * What the screen does, handed in by the app (App.tsx): the screen's own code then loads only when
 * somebody must sign in, and shares no module with the signed-in screens' chunk.
 */
export interface LoginActions {
  readonly signIn: typeof signIn;
  readonly lastDatabase: typeof lastDatabase;
  readonly errorText: typeof errorText;
  readonly takeLoginFacts: typeof takeLoginFacts;
}

interface Props {
  readonly reason: 'new' | 'logged_out' | 'expired';
  readonly lastLogin?: string | undefined;
  readonly actions: LoginActions;
}

/** What the server said of its databases; `remembered`: it could not say, and this device knows the one used last. */
type Databases = { status: 'loading' } | { status: 'listed'; names: string[] } | { status: 'unlisted' } | { status: 'remembered'; name: string };

export function LoginScreen({ reason, lastLogin, actions }: Props) {
  const { signIn, lastDatabase, errorText, takeLoginFacts } = actions;
  const [databases, setDatabases] = useState<Databases>({ status: 'loading' });
  const [db, setDb] = useState('');
  const [login, setLogin] = useState(lastLogin ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const [offer, setOffer] = useState<OAuthOffer | undefined>();
  const [providers, setProviders] = useState<readonly OdooProvider[] | undefined>();

  /** Leaves for an authorization server (the page goes away on success); a failure is said here. */
  async function leaveToSignIn(start: (flows: Flows, returnTo: string) => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      // Loaded on demand: oauth4webapi is not part of the first screen.
      // Back to the view the user was on; the developer switch stays on the login screen.
      const params = new URLSearchParams(location.search);
      params.delete('debug');
      const search = params.toString();
      await start(await import('../../auth/oauth/flows.ts'), `${location.pathname}${search === '' ? '' : `?${search}`}`);
    } catch (caught) {
      setError(errorText(caught));
      setBusy(false);
    }
  }

  const startOAuth = (flow: OAuthFlow) => leaveToSignIn((flows, returnTo) => flows.startSignIn(flow, returnTo));
  const startProvider = (provider: OdooProvider) => leaveToSignIn((flows, returnTo) => flows.startProviderSignIn(provider, returnTo));

  useEffect(() => {
    let live = true;
    // Asked for together with the session check when nobody was signed in here (login-facts.ts).
    const facts = takeLoginFacts();
    void facts.offer.then((found) => live && setOffer(found));
    void facts.providers.then((found) => live && setProviders(found));
    const remembered = lastDatabase();
    facts.databases.then(
      async (names) => {
        const last = await remembered;
        if (!live) return;
        if (names.length === 0) return unlisted(last);
        setDatabases({ status: 'listed', names });
        // The one used last on this device, when the server still has it.
        setDb((current) => current || (last !== undefined && names.includes(last) ? last : (names[0] ?? '')));
      },
      // Listing can be disabled on a real Odoo (list_db = False), or the network is gone: the one
      // used last on this device, else the user types the name.
      async () => unlisted(await remembered),
    );
    function unlisted(last: string | undefined) {
      if (!live) return;
      setDatabases(last === undefined ? { status: 'unlisted' } : { status: 'remembered', name: last });
      setDb((current) => current || (last ?? ''));
    }
    return () => {
      live = false;
    };
    // The actions are the app's, the same for the screen's life: this runs once.
  }, [lastDatabase, takeLoginFacts]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn({ db: db.trim(), login: login.trim(), password });
    } catch (caught) {
      setError(errorText(caught));
      setPassword('');
      passwordRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  // Odoo's developer mode switch, `?debug=1` (any value but 0), shows the developers' sign-ins.
  const debug = new URLSearchParams(location.search).get('debug');
  const developer = debug !== null && debug !== '0';

  const notice =
    reason === 'expired' ? t('Your session has ended. Sign in again to continue where you were.') : reason === 'logged_out' ? t('You are signed out.') : undefined;

  return (
    <main className="login">
      {/* Busy until the server said which databases and sign-in methods it offers. */}
      <form
        className="card login-form"
        onSubmit={submit}
        aria-describedby={error === undefined ? undefined : errorId}
        aria-busy={databases.status === 'loading' || offer === undefined || providers === undefined}
        noValidate={false}
      >
        <h1>{t('Sign in to Odoo')}</h1>
        {notice !== undefined && <p className="notice">{notice}</p>}
        {offer?.code === true && (
          <button type="button" className="primary" onClick={() => void startOAuth('code')} disabled={busy}>
            {t('Sign in with Odoo')}
          </button>
        )}
        {/* The Odoo's own "Log in with …" (auth_oauth): the same choices as its login page. */}
        {providers?.map((provider) => (
          <button key={provider.id} type="button" className="secondary" onClick={() => void startProvider(provider)} disabled={busy}>
            {provider.label}
          </button>
        ))}
        {(offer?.code === true || (providers?.length ?? 0) > 0) && <p className="divider">{t('or with your login and password')}</p>}
        {databases.status === 'listed' && databases.names.length > 1 && (
          <label>
            {t('Database')}
            <select value={db} onChange={(e) => setDb(e.target.value)} required>
              {databases.names.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        )}
        {databases.status === 'unlisted' && (
          <label>
            {t('Database')}
            <input value={db} onChange={(e) => setDb(e.target.value)} required autoCapitalize="none" autoCorrect="off" spellCheck={false} />
          </label>
        )}
        {databases.status === 'remembered' && (
          <p className="muted remembered-db">
            {t('Database')} <strong>{databases.name}</strong>{' '}
            <button type="button" className="link-button" onClick={() => setDatabases({ status: 'unlisted' })}>
              {t('Change')}
            </button>
          </p>
        )}
        <label>
          {t('Login')}
          <input
            value={login}
            onChange={(e) => setLogin(e.target.value)}
            required
            autoComplete="username"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            autoFocus={lastLogin === undefined}
          />
        </label>
        <label>
          {t('Password')}
          <input
            ref={passwordRef}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            autoComplete="current-password"
            autoFocus={lastLogin !== undefined}
          />
        </label>
        {error !== undefined && (
          <p id={errorId} className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || databases.status === 'loading'}>
          {busy ? t('Signing in…') : t('Sign in')}
        </button>
        {/* Not on a field user's screen: for people demoing the flows, with Odoo's own `?debug=1`. */}
        {developer && (offer?.implicit === true || offer?.implicitIdToken === true) && (
          <details className="legacy">
            <summary>{t('Legacy: implicit grant (for demos)')}</summary>
            <p>
              {t('The token comes back in the URL. Kept for Odoo OAuth modules that only offer it.')}{' '}
              <a href="/oauth/inspector">{t('Its risks, in the flow inspector')}</a>
            </p>
            {offer.implicit && (
              <button type="button" className="secondary" onClick={() => void startOAuth('implicit')} disabled={busy}>
                {t('Sign in with the implicit grant')}
              </button>
            )}
            {offer.implicitIdToken && (
              <button type="button" className="secondary" onClick={() => void startOAuth('implicit_id_token')} disabled={busy}>
                {t('Implicit grant with ID token')}
              </button>
            )}
          </details>
        )}
      </form>
    </main>
  );
}
