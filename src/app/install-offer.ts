/**
 * The in-app "Install" offer (issue 15 §7). Chromium offers installation through the
 * `beforeinstallprompt` event: it is kept (not shown at once) and offered by the app later, after
 * the first successful sync, never on the first screen. Safari on iOS has no such event: its users
 * get a short how-to. "Not now" is remembered on this device (a preference, not account data).
 */
import { createStore } from '../lib/external-store.ts';
import { META_KEYS, readMeta, writeMeta } from '../storage/db.ts';

/** The event Chromium fires when the app may be installed (not in TypeScript's DOM library). */
interface InstallPromptEvent extends Event {
  prompt(): Promise<unknown>;
  readonly userChoice: Promise<{ readonly outcome: 'accepted' | 'dismissed' }>;
}

export type InstallOffer = { readonly kind: 'none' } | { readonly kind: 'prompt' } | { readonly kind: 'ios-howto' };

/** What this browser allows: the browser's own prompt, a how-to (iOS Safari, not yet on the home screen), or nothing. */
export function installOfferKind(userAgent: string, standalone: boolean, hasPrompt: boolean): InstallOffer['kind'] {
  if (standalone) return 'none';
  if (hasPrompt) return 'prompt';
  // Safari on an iPhone, iPad or iPod, or another iOS browser (all WebKit, none with a prompt).
  return /\b(iPhone|iPad|iPod)\b/.test(userAgent) ? 'ios-howto' : 'none';
}

let deferred: InstallPromptEvent | undefined;
const store = createStore<{ readonly offer: InstallOffer; readonly dismissed: boolean }>({ offer: { kind: 'none' }, dismissed: true });
export const installStore = { subscribe: store.subscribe, get: store.get };

function standalone(): boolean {
  return window.matchMedia('(display-mode: standalone)').matches || (navigator as Navigator & { standalone?: boolean }).standalone === true;
}

function update(): void {
  store.set({ ...store.get(), offer: { kind: installOfferKind(navigator.userAgent, standalone(), deferred !== undefined) } });
}

/** Listens from the start (the event may come before any screen wants it). */
export function watchInstallPrompt(): void {
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    deferred = event as InstallPromptEvent;
    update();
  });
  window.addEventListener('appinstalled', () => {
    deferred = undefined;
    update();
  });
  update();
  readMeta(META_KEYS.installOffer).then(
    (value) => store.set({ ...store.get(), dismissed: value === 'dismissed' }),
    () => undefined,
  );
}

/** "Install": the browser's own dialog; the offer goes whatever the answer (the browser fires no second event). */
export async function install(): Promise<void> {
  const event = deferred;
  deferred = undefined;
  update();
  if (event === undefined) return;
  await event.prompt();
  await event.userChoice.catch(() => undefined);
}

/** "Not now": not offered again on this device. */
export function dismissInstall(): void {
  store.set({ ...store.get(), dismissed: true });
  void writeMeta(META_KEYS.installOffer, 'dismissed').catch(() => undefined);
}
