/**
 * The first frame of a signed-in start: the contact list as this device last showed it, painted
 * from the account's database before React has loaded — the way a phone shows an app's last
 * screen while the app starts (issue 12 §6: warm start → first row). React's live screen takes its
 * place as soon as it has its own first rows, or shows anything else (`endFirstPaint`).
 *
 * It is a picture, and is kept out of everyone's way: only at `/` (the plain list, where it was
 * taken), inert (taps go through to the live page beneath it), hidden from assistive technology,
 * and in a closed shadow root, so nothing that looks for the page's elements finds it twice. The
 * freshness line is left out of it (ui/screen-snapshot.ts); the live one says how old the data is.
 */
import { openAccountDB, SCREEN_KEY } from '../storage/account-db.ts';
import { unseal } from '../storage/seal.ts';
import { META_KEYS, readMeta } from '../storage/db.ts';
import { buildSnapshot, isSnapshot } from '../ui/screen-snapshot.ts';

/** The picture never outstays a live screen that is slow to come: after this, the live page shows whatever it has. */
const MAX_SHOWN_MS = 3000;

let picture: HTMLElement | undefined;
let ended = false;

function accountKeyOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { key, origin } = value as { key?: unknown; origin?: unknown };
  return typeof key === 'string' && origin === location.origin ? key : undefined;
}

/** Paints the last list over `root` when this start is a signed-in one at `/`; resolves either way, never rejects. */
export async function paintLastScreen(root: HTMLElement): Promise<void> {
  const url = `${location.pathname}${location.search}`;
  if (url !== '/') return;
  try {
    const [account, pendingLogout] = await Promise.all([readMeta(META_KEYS.activeAccount), readMeta(META_KEYS.pendingLogout)]);
    const key = accountKeyOf(account);
    if (key === undefined || pendingLogout === true || ended) return;
    // Never creates it: a database wiped at logout stays gone.
    const db = await openAccountDB(key, {}, { create: false });
    let snapshot: unknown;
    try {
      const sealed = await db.get('sync', SCREEN_KEY);
      snapshot = sealed === undefined ? undefined : await unseal(db.sealKey, SCREEN_KEY, sealed);
    } finally {
      db.close();
    }
    if (ended || !isSnapshot(snapshot) || snapshot.url !== url) return;
    // Built first: a damaged picture throws here, before anything is on the page.
    const content = buildSnapshot(snapshot);
    const host = document.createElement('div');
    host.className = 'first-paint';
    host.inert = true;
    host.setAttribute('aria-hidden', 'true');
    const shadow = host.attachShadow({ mode: 'closed' });
    // The app's own stylesheets, already loaded by the page: the browser reuses them.
    for (const link of document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')) {
      const copy = document.createElement('link');
      copy.rel = 'stylesheet';
      copy.href = link.href;
      shadow.append(copy);
    }
    shadow.append(content);
    root.after(host);
    picture = host;
    setTimeout(endFirstPaint, MAX_SHOWN_MS);
  } catch {
    // Nothing painted: React's own screen comes, as it would have.
  }
}

/** The live screen is ready: the picture goes (and is not painted if it had not been yet). */
export function endFirstPaint(): void {
  ended = true;
  picture?.remove();
  picture = undefined;
}
