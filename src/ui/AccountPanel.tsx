/**
 * The account menu's panel and its "Log out…" confirmation (AccountMenu.tsx opens it): loaded the
 * first time the menu opens, not with the first screen. A native modal `<dialog>` asks before the
 * logout (focus kept inside, Esc cancels).
 */
import { useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { applyTheme, storedTheme, type ThemeChoice } from './theme.ts';
import type { AccountMenuProps } from './AccountMenu.tsx';

interface Props extends AccountMenuProps {
  readonly setOpen: (open: boolean) => void;
  /** Where the confirmation lives: the menu's own element, outside the panel. */
  readonly host: HTMLElement | null;
}

export default function AccountPanel({ setOpen, host, contactsOnDevice, offline, inspector, onLogOut }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [theme, setTheme] = useState<ThemeChoice>(storedTheme);

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
    <>
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
      {/* Outside the panel, which hides when the menu closes: the confirmation outlives the menu. */}
      {host !== null &&
        createPortal(
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
          </dialog>,
          host,
        )}
    </>
  );
}
