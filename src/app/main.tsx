/**
 * The entry: what must happen before anything else, then the last list's picture (first-paint.ts),
 * then React. React's code (most of the first screen's bytes) is fetched and compiled meanwhile —
 * index.html preloads it (vite.config.ts) — but evaluated only after the picture's few reads from
 * the device: its evaluation would otherwise hold them up.
 */
import { captureOAuthCallback } from './oauth-callback-capture.ts';
import { paintLastScreen } from './first-paint.ts';
import { applyTheme } from '../ui/theme.ts';
import './styles.css';

// First, before anything renders or fetches: a token in the URL never outlives this line.
captureOAuthCallback();

// The user's light or dark choice, before the first paint.
applyTheme();

const root = document.getElementById('root');
const painted = root === null ? Promise.resolve() : paintLastScreen(root);
void import('./start.tsx').then(async ({ start }) => {
  await painted;
  start(root);
});
