/** React and the app, started by main.tsx once the start's picture is up (or there is none to show). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, restoreAtStart } from './App.tsx';
import { ScreenLoadError } from './lazy-screen.tsx';
import { registerServiceWorker } from './sw-bridge.ts';
import { watchInstallPrompt } from './install-offer.ts';
import { setLanguage, startLanguage } from '../i18n/i18n.ts';
import { wireApp } from './wiring.ts';

export function start(root: HTMLElement | null): void {
  wireApp();

  // The browser's install prompt may come at any time: kept for the app's own offer (install-offer.ts).
  watchInstallPrompt();

  // The stored sign-in is read (IndexedDB) while React mounts.
  restoreAtStart();

  // The words are in the language the last sign-in used (its catalog first, when it is not English).
  if (root) void startLanguage().then(setLanguage).catch(() => undefined).finally(() => render(root));

  // After the first screen (workbox-window is loaded then): the app shell for offline starts.
  void registerServiceWorker();
}

function render(root: HTMLElement): void {
  createRoot(root, {
    // A screen whose code could not be fetched is shown as such (lazy-screen.tsx), not logged as a bug.
    onCaughtError(error, info) {
      if (!(error instanceof ScreenLoadError)) console.error(error, info.componentStack);
    },
  }).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
