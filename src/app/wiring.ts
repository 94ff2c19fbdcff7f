/**
 * Everything the app connects at start, in one place: no module of src registers a listener or
 * reaches into another's state when it is imported. Called first by start.tsx, before the stored
 * sign-in is read.
 */
import { authCredential, authStore, listenToOtherTabs, onAccountEnd, sessionExpired, signedInAccount } from '../auth/auth-store.ts';
import { setLanguage } from '../i18n/i18n.ts';
import { connectGateway } from '../odoo/rpc.ts';
import { startDevice, stopDevice } from '../offline/device.ts';
import { deviceChanged } from './App.tsx';
import { watchHistory } from './router.ts';

export function wireApp(): void {
  // Odoo calls go with the signed-in credential, naming the account for the service worker.
  connectGateway({ credential: authCredential, account: signedInAccount });

  // The mirror's sync stops before any wipe.
  onAccountEnd(stopDevice);

  // The account's device side starts the moment an account is signed in — before React renders the
  // signed-in screen, whose partner queries ask the device first (an effect would run after theirs).
  authStore.subscribe(() => {
    const state = authStore.get();
    if (state.status === 'signed_in') startDevice(state.account.key, { onChanged: deviceChanged, onSessionEnded: sessionExpired });
    // The app speaks the Odoo user's language; after a logout, the browser's.
    if (state.status === 'signed_in') void setLanguage(state.account.session.context.lang, { remember: true });
    else if (state.status === 'signed_out' && state.reason === 'logged_out') void setLanguage(navigator.language);
  });

  // A logout or another user's sign-in in another tab reaches this one.
  listenToOtherTabs();

  watchHistory();
}
