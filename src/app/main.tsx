import { captureOAuthCallback } from './oauth-callback-capture.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, restoreAtStart } from './App.tsx';
import { ScreenLoadError } from './lazy-screen.tsx';
import { registerServiceWorker } from './sw-bridge.ts';
import { applyTheme } from '../ui/theme.ts';
import './styles.css';

// First, before anything renders or fetches: a token in the URL never outlives this line.
captureOAuthCallback();

// The user's light or dark choice, before the first paint.
applyTheme();

// Then the stored sign-in is read (IndexedDB) while React mounts.
restoreAtStart();

const root = document.getElementById('root');
if (root) {
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

// After the first screen (workbox-window is loaded then): the app shell for offline starts.
void registerServiceWorker();
