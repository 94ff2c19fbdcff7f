/**
 * Runs before React renders and before any request leaves: on /oauth/callback, the code or the
 * implicit grant's token is lifted out of the URL into memory and the URL is replaced, so it is not
 * in the address bar, in the history entry, in a Referer, or in anything a later script reads.
 */
export interface CapturedCallback {
  readonly search: string;
  readonly hash: string;
}

let captured: CapturedCallback | undefined;

export const CALLBACK_PATH = '/oauth/callback';

export function captureOAuthCallback(): void {
  if (location.pathname !== CALLBACK_PATH || (location.search === '' && location.hash === '')) return;
  captured = { search: location.search, hash: location.hash };
  history.replaceState(null, '', CALLBACK_PATH);
}

/** The captured answer, handed out once. */
export function takeCapturedCallback(): CapturedCallback | undefined {
  const value = captured;
  captured = undefined;
  return value;
}
