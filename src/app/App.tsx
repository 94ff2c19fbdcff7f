/** The composition root: who is signed in decides the screen; the URL decides the view. */
import { QueryClientProvider } from '@tanstack/react-query';
import { createElement, lazy, Suspense, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { authStore, lastDatabase, restoreSession, signIn, signOut, type AuthState } from '../auth/auth-store.ts';
import { prefetchLoginFacts, takeLoginFacts } from '../features/login/login-facts.ts';
import type { LoginActions, LoginScreen as LoginScreenComponent } from '../features/login/LoginScreen.tsx';
import { partnerKeys, referenceKeys } from '../features/partners/api.ts';
import { PartnerListScreen } from '../features/partners/PartnerListScreen.tsx';
import { connectivity } from '../odoo/connectivity.ts';
import { deviceStore, syncNow } from '../offline/device.ts';
import { AccountMenu } from '../ui/AccountMenu.tsx';
import { DeviceStatus } from '../ui/DeviceStatus.tsx';
import { useWideScreen } from '../ui/wide-screen.ts';
import { errorText } from '../ui/error-text.ts';
import { followInApp } from '../ui/in-app-link.ts';
import { createStore } from '../lib/external-store.ts';
import { languageStore, t } from '../i18n/i18n.ts';
import { UpdateBanner } from '../ui/UpdateBanner.tsx';
import { endFirstPaint } from './first-paint.ts';
import { dismissInstall, install, installStore } from './install-offer.ts';
import { lazyScreen, ScreenBoundary } from './lazy-screen.tsx';
import { createQueryClient } from './query-client.ts';
import { takeCapturedCallback, type CapturedCallback } from './oauth-callback-capture.ts';
import { back, matchRoute, navigate, useLocationKey } from './router.ts';
import { applyUpdate, swUpdateStore } from './sw-bridge.ts';

// Its code may fail to arrive (offline before it was ever loaded): an error with a retry, not a blank app.
const partnerDetail = lazyScreen(() => import('../features/partners/PartnerDetailScreen.tsx'));
const OAuthCallbackScreen = lazy(() => import('../features/oauth/OAuthCallbackScreen.tsx'));
const FlowInspectorScreen = lazy(() => import('../features/oauth/FlowInspectorScreen.tsx'));
const InstallBanner = lazy(() => import('../ui/InstallBanner.tsx'));
// The login is not the field user's everyday first screen (the signed-in list is): its code loads
// when nobody is signed in here, fetched as soon as the start knows it (`restoreAtStart`).
// Not through React.lazy: a screen that suspends is revealed with React's throttle (about 300 ms
// after its code arrived); the login is rendered once its code is here, the splash until then.
// The screen once here; false if its code could not be fetched (a reload tries again).
const login = createStore<typeof LoginScreenComponent | false | undefined>(undefined);
const loadLogin = () =>
  import('../features/login/LoginScreen.tsx').then(
    (module) => login.set(module.LoginScreen),
    () => login.set(false),
  );
const loginActions: LoginActions = { signIn, lastDatabase, errorText, takeLoginFacts };


/** What the open views do when the mirror changed: set by the App that owns the QueryClient. */
let refreshFromDevice: () => void = () => undefined;

/** The device's mirror changed: what is on screen is read again (src/app/wiring.ts calls it). */
export const deviceChanged = () => refreshFromDevice();

/**
 * The stored sign-in is read once, at start — from main.tsx, while React mounts, not in an effect
 * after its first render: the first rows come from the device sooner. Not on /oauth/callback,
 * where the sign-in being completed decides (and leaving a refused one restores then).
 */
let restoreStarted = false;
export function restoreAtStart(): void {
  if (restoreStarted || authStore.get().status !== 'starting' || matchRoute(window.location.pathname).name === 'oauth_callback') return;
  restoreStarted = true;
  // The login screen's code is fetched now, beside the stored sign-in's read (on a first visit that
  // read creates the database: waiting for it to say "nobody here" cost the login form 0.4 s); a
  // signed-in start fetches it from the worker's cache, off its path.
  void loadLogin();
  // Nobody signed in here: the login screen's facts go out with the session check, not after it.
  void restoreSession({ nobodyHere: prefetchLoginFacts });
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  const auth = useSyncExternalStore(authStore.subscribe, authStore.get);
  const update = useSyncExternalStore(swUpdateStore.subscribe, swUpdateStore.get);
  // Every word on screen is read again in a new language.
  const locale = useSyncExternalStore(languageStore.subscribe, languageStore.get);
  const accountKey = auth.status === 'signed_in' ? auth.account.key : undefined;
  const previousAccount = useRef(accountKey);

  // On /oauth/callback the sign-in is being completed: that, not the stored session, decides who is in.
  // Anywhere else — at start, or on leaving a refused callback ("Back to sign in") — the stored one does.
  const [callback] = useState(takeCapturedCallback);
  const onCallback = matchRoute(new URL(useLocationKey(), window.location.origin).pathname).name === 'oauth_callback';
  useEffect(() => {
    if (!onCallback) restoreAtStart();
  }, [onCallback]);

  // Another user on this device never sees the previous one's cached data; nor does the login
  // screen keep any (a logout in another tab lands here too).
  useEffect(() => {
    if (accountKey !== undefined && previousAccount.current !== undefined && previousAccount.current !== accountKey) queryClient.clear();
    if (accountKey !== undefined) previousAccount.current = accountKey;
    if (auth.status === 'signed_out') queryClient.clear();
  }, [accountKey, auth.status, queryClient]);

  // When a sync changes the mirror, what is on screen is read again (from the device).
  useEffect(() => {
    refreshFromDevice = () => {
      void queryClient.invalidateQueries({ queryKey: partnerKeys.all });
      void queryClient.invalidateQueries({ queryKey: referenceKeys.tags });
      void queryClient.invalidateQueries({ queryKey: referenceKeys.countries });
    };
  }, [queryClient]);

  return (
    <QueryClientProvider client={queryClient}>
      {update.status !== 'current' && <UpdateBanner activating={update.status === 'activating'} onReload={applyUpdate} />}
      <Screen key={locale} auth={auth} callback={callback} onSignOut={() => queryClient.clear()} />
    </QueryClientProvider>
  );
}

function Screen({ auth, callback, onSignOut }: { auth: AuthState; callback: CapturedCallback | undefined; onSignOut: () => void }) {
  const location = useLocationKey();
  const [logoutError, setLogoutError] = useState<string | undefined>();
  const url = new URL(location, window.location.origin);
  const route = matchRoute(url.pathname);
  // Any screen but the signed-in list takes the start's picture away at once (the list, once it shows its rows).
  const listAhead = auth.status === 'starting' || (auth.status === 'signed_in' && route.name === 'list');
  useEffect(() => {
    if (!listAhead) endFirstPaint();
  }, [listAhead]);
  if (route.name === 'oauth_callback') {
    return (
      <Suspense fallback={<p className="loading">{t('Loading…')}</p>}>
        <OAuthCallbackScreen callback={callback} navigate={navigate} />
      </Suspense>
    );
  }
  if (route.name === 'inspector' && auth.status !== 'signed_in') {
    return (
      <Suspense fallback={<p className="loading">{t('Loading…')}</p>}>
        <FlowInspectorScreen navigate={navigate} />
      </Suspense>
    );
  }
  if (auth.status === 'starting') return <Splash />;
  if (auth.status === 'signed_out') {
    return (
      <Login reason={auth.reason} lastLogin={auth.lastLogin} />
    );
  }

  const logout = () => {
    signOut().then(
      () => {
        onSignOut();
        // The next person starts from the plain list, not from the last one's search or contact.
        navigate('/', { replace: true });
      },
      (error: unknown) => setLogoutError(errorText(error)),
    );
  };
  return (
    <>
      <SignedInHeader auth={auth} logout={logout} />
      {logoutError !== undefined && (
        <p className="error" role="alert">
          {logoutError}
        </p>
      )}
      <Route route={route} search={url.search} />
    </>
  );
}

function Login(props: { readonly reason: 'new' | 'logged_out' | 'expired'; readonly lastLogin?: string | undefined }) {
  const Screen = useSyncExternalStore(login.subscribe, login.get);
  // Asked at start (restoreAtStart); a start on /oauth/callback did not, and may end here later.
  useEffect(() => {
    if (Screen === undefined) void loadLogin();
  }, [Screen]);
  // Its code could not be fetched (no network on a first visit): "Something went wrong. Try again." (a reload does).
  if (Screen === false) {
    return (
      <p className="error" role="alert">
        {errorText(undefined)}
      </p>
    );
  }
  return Screen === undefined ? <Splash /> : createElement(Screen, { ...props, actions: loginActions });
}

function Splash() {
  return (
    <main className="splash" aria-busy="true">
      <p role="status">{t('Opening Fieldbook…')}</p>
    </main>
  );
}

function SignedInHeader({ auth, logout }: { auth: Extract<AuthState, { status: 'signed_in' }>; logout: () => void }) {
  const online = useSyncExternalStore(connectivity.subscribe, connectivity.get);
  const device = useSyncExternalStore(deviceStore.subscribe, deviceStore.get);
  const installing = useSyncExternalStore(installStore.subscribe, installStore.get);
  // Offered once the device holds the book and a sync has succeeded since this screen came: never on the first screen.
  const [shownAt] = useState(Date.now);
  const synced = device.sync?.complete === true && device.sync.state === 'idle' && (device.sync.lastSyncedAt ?? 0) >= shownAt;
  const offer = synced && !installing.dismissed ? installing.offer.kind : 'none';
  return (
    <>
      <header className="app-header">
        <a className="brand" href="/" onClick={(e) => followInApp(e, () => navigate('/'))}>
          Fieldbook
        </a>
        <AccountMenu
          name={auth.account.session.name}
          login={auth.account.session.username}
          contactsOnDevice={device.sync?.done}
          offline={!online.online}
          inspector={auth.account.credential.kind === 'oauth' ? { href: '/oauth/inspector', open: () => navigate('/oauth/inspector') } : undefined}
          onLogOut={logout}
        />
      </header>
      <DeviceStatus connectivity={online} device={device} onSyncNow={() => void syncNow()} />
      {offer !== 'none' && (
        <Suspense fallback={null}>
          <InstallBanner kind={offer} onInstall={() => void install()} onDismiss={dismissInstall} />
        </Suspense>
      )}
    </>
  );
}

function Route({ route, search }: { route: ReturnType<typeof matchRoute>; search: string }) {
  const wide = useWideScreen();
  // From 60rem: the list and the open contact side by side; the contact's URL keeps the list's query.
  if (wide && (route.name === 'list' || route.name === 'detail')) {
    const close = () => navigate(`/${search}`);
    return (
      <main className="split">
        <PartnerListScreen search={search} navigate={navigate} onShown={endFirstPaint} split selected={route.name === 'detail' ? route.id : undefined} />
        <div className="split-detail">
          {route.name === 'detail' ? (
            <ScreenBoundary key={route.id} onRetry={partnerDetail.retry}>
              <Suspense fallback={<p className="loading">{t('Loading…')}</p>}>
                <partnerDetail.Screen id={route.id} navigate={(to) => navigate(`${to}${search}`)} back={close} inSplit />
              </Suspense>
            </ScreenBoundary>
          ) : (
            <p className="split-empty">{t('Choose a contact to see it here.')}</p>
          )}
        </div>
      </main>
    );
  }
  return (
    <>
      {route.name === 'list' && <PartnerListScreen search={search} navigate={navigate} onShown={endFirstPaint} />}
      {route.name === 'detail' && (
        <ScreenBoundary key={route.id} onRetry={partnerDetail.retry}>
          <Suspense fallback={<p className="loading">{t('Loading…')}</p>}>
            <partnerDetail.Screen id={route.id} navigate={navigate} back={back} />
          </Suspense>
        </ScreenBoundary>
      )}
      {route.name === 'inspector' && (
        <Suspense fallback={<p className="loading">{t('Loading…')}</p>}>
          <FlowInspectorScreen navigate={navigate} />
        </Suspense>
      )}
      {route.name === 'not_found' && (
        <main>
          <h1>{t('Page not found')}</h1>
          <p>
            <a href="/" onClick={(e) => followInApp(e, () => navigate('/'))}>
              {t('Go to contacts')}
            </a>
          </p>
        </main>
      )}
    </>
  );
}
