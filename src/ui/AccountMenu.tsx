/**
 * The header's account menu: who is signed in, the theme, the developers' corner (the sign-in flow
 * inspector), and "Log out…", which asks first — it deletes the contacts kept on this device, and
 * offline, signing in again will need the network. A disclosure button (no role=menu to get
 * wrong); what its panel holds besides the user's login loads the first time it opens
 * (AccountPanel.tsx): not first-screen bytes.
 */
import { t } from '../i18n/i18n.ts';
import { lazy, Suspense, useEffect, useId, useRef, useState } from 'react';

const AccountPanel = lazy(() => import('./AccountPanel.tsx'));

export interface AccountMenuProps {
  readonly name: string;
  readonly login: string;
  /** How many contacts the device holds (undefined: not known yet). */
  readonly contactsOnDevice: number | undefined;
  readonly offline: boolean;
  /** The sign-in flow inspector, for people demoing the OAuth flows (OAuth sign-ins only). */
  readonly inspector?: { readonly href: string; readonly open: () => void } | undefined;
  readonly onLogOut: () => void;
}

export function AccountMenu(props: AccountMenuProps) {
  const [open, setOpen] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const [host, setHost] = useState<HTMLDivElement | null>(null);
  const panelId = useId();

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

  return (
    <div ref={setHost} className="account">
      <button
        ref={button}
        type="button"
        className="account-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('{name}, account menu', { name: props.name })}
        onClick={() => {
          setLoaded(true);
          setOpen(!open);
        }}
      >
        <span className="account-name">{props.name}</span>
        <span aria-hidden="true"> ▾</span>
      </button>
      <div ref={panel} id={panelId} className="account-panel" hidden={!open} data-snapshot="skip">
        <p className="account-who">
          Signed in as <strong>{props.login}</strong>
        </p>
        {loaded && (
          <Suspense fallback={null}>
            <AccountPanel {...props} setOpen={setOpen} host={host} />
          </Suspense>
        )}
      </div>
    </div>
  );
}
