/**
 * A click on an app link: a plain left click is the app's (no page load: `go` moves the view); a
 * click with a modifier or another button stays the browser's — a new tab, a new window, a download.
 */
import type { MouseEvent } from 'react';

export function followInApp(event: MouseEvent<HTMLAnchorElement>, go: () => void): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  go();
}
