/**
 * The account menu's panel and its "Log out…" confirmation (AccountMenu.tsx opens it): loaded the
 * first time the menu opens, not with the first screen. A native modal `<dialog>` asks before the
 * logout (focus kept inside, Esc cancels).
 */
import { t, tn } from '../i18n/i18n.ts';
import { useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { followInApp } from './in-app-link.ts';
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
      ? t('This deletes what Fieldbook keeps on this device.')
      : tn(contactsOnDevice, 'This deletes the {count} contact saved on this device.', 'This deletes the {count} contacts saved on this device.');

  return (
    <>
      <label className="account-theme">
        {t('Theme')}
        <select
          value={theme}
          onChange={(event) => {
            const choice = event.target.value as ThemeChoice;
            setTheme(choice);
            applyTheme(choice, { keep: true });
          }}
        >
          <option value="system">{t('As the system')}</option>
          <option value="light">{t('Light')}</option>
          <option value="dark">{t('Dark')}</option>
        </select>
      </label>
      {inspector !== undefined && (
        <a
          href={inspector.href}
          onClick={(event) =>
            followInApp(event, () => {
              setOpen(false);
              inspector.open();
            })
          }
        >
          {t('For developers: the sign-in flow')}
        </a>
      )}
      <button type="button" onClick={askToLogOut}>
        {t('Log out…')}
      </button>
      {/* Outside the panel, which hides when the menu closes: the confirmation outlives the menu. */}
      {host !== null &&
        createPortal(
          <dialog ref={dialog} className="confirm" aria-labelledby={titleId}>
            <form method="dialog">
              <h2 id={titleId}>{t('Log out of Fieldbook?')}</h2>
              <p>{what}</p>
              {offlineNow && <p className="notice">{t('You are offline: signing in again will need the network.')}</p>}
              <div className="confirm-buttons">
                <button type="submit" value="cancel" autoFocus>
                  {t('Cancel')}
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
                  {t('Log out')}
                </button>
              </div>
            </form>
          </dialog>,
          host,
        )}
    </>
  );
}
