import { captureOAuthCallback } from './oauth-callback-capture.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './styles.css';

// First, before anything renders or fetches: a token in the URL never outlives this line.
captureOAuthCallback();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
