/**
 * The header's account menu: who is signed in, the developers' corner (the sign-in flow
 * inspector), and "Log out…", which asks first — it deletes the contacts kept on this device, and
 * offline, signing in again will need the network. A disclosure button and a native modal
 * `<dialog>` (focus kept inside, Esc cancels): no role=menu to get wrong.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { applyTheme, storedTheme, type ThemeChoice } from './theme.ts';

interface Props {
  readonly name: string;
  readonly login: string;
  /** How many contacts the device holds (undefined: not known yet). */
  readonly contactsOnDevice: number | undefined;
  readonly offline: boolean;
  /** The sign-in flow inspector, for people demoing the OAuth flows (OAuth sign-ins only). */
  readonly inspector?: { readonly href: string; readonly open: () => void } | undefined;
  readonly onLogOut: () => void;
}

export function AccountMenu({ name, login, contactsOnDevice, offline, inspector, onLogOut }: Props) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const panelId = useId();
  const titleId = useId();
  const [theme, setTheme] = useState<ThemeChoice>(storedTheme);

  // Closes on Escape (focus back on the button) and on a click or focus anywhere else.
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onOutside = (event: Event) => {
      const target = event.target as Node | null;
      if (target !== null && !panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onOutside);
    document.addEventListener('focusin', onOutside);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onOutside);
      document.removeEventListener('focusin', onOutside);
    };
  }, [open]);

  const askToLogOut = () => {
    setOpen(false);
    dialog.current?.showModal();
  };
  // The app's own knowledge (a call failed), or the browser's (no network at all).
  const offlineNow = offline || navigator.onLine === false;
  const what =
    contactsOnDevice === undefined || contactsOnDevice === 0
      ? 'This deletes what Fieldbook keeps on this device.'
      : `This deletes the ${new Intl.NumberFormat().format(contactsOnDevice)} ${contactsOnDevice === 1 ? 'contact' : 'contacts'} saved on this device.`;

  return (
    <div className="account">
      <button ref={button} type="button" className="account-button" aria-expanded={open} aria-controls={panelId} aria-label={`${name}, account menu`} onClick={() => setOpen(!open)}>
        <span className="account-name">{name}</span>
        <span aria-hidden="true"> ▾</span>
      </button>
      <div ref={panel} id={panelId} className="account-panel" hidden={!open} data-snapshot="skip">
        <p className="account-who">
          Signed in as <strong>{login}</strong>
        </p>
        <label className="account-theme">
          Theme
          <select
            value={theme}
            onChange={(event) => {
              const choice = event.target.value as ThemeChoice;
              setTheme(choice);
              applyTheme(choice, { keep: true });
            }}
          >
            <option value="system">As the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        {inspector !== undefined && (
          <a
            href={inspector.href}
            onClick={(event) => {
              event.preventDefault();
              setOpen(false);
              inspector.open();
            }}
          >
            For developers: the sign-in flow
          </a>
        )}
        <button type="button" onClick={askToLogOut}>
          Log out…
        </button>
      </div>
      <dialog ref={dialog} className="confirm" aria-labelledby={titleId}>
        <form method="dialog">
          <h2 id={titleId}>Log out of Fieldbook?</h2>
          <p>{what}</p>
          {offlineNow && <p className="notice">You are offline: signing in again will need the network.</p>}
          <div className="confirm-buttons">
            <button type="submit" value="cancel" autoFocus>
              Cancel
            </button>
            <button
              type="submit"
              value="logout"
              className="danger"
              onClick={(event) => {
                event.preventDefault();
                dialog.current?.close();
                onLogOut();
              }}
            >
              Log out
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
