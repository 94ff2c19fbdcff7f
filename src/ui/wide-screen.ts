/**
 * Whether the window is wide enough for the list and a contact side by side (issue 15 §6): from
 * 60rem, so at 200 % text a desktop window gets the phone's one column again.
 */
import { useSyncExternalStore } from 'react';

const QUERY = '(min-width: 60rem)';

function subscribe(listener: () => void): () => void {
  const media = window.matchMedia(QUERY);
  media.addEventListener('change', listener);
  return () => media.removeEventListener('change', listener);
}

export function useWideScreen(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(QUERY).matches);
}
