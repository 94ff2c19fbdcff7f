/**
 * How fresh what the user sees is, in one line under the header: synced N minutes ago; syncing
 * (with progress); Odoo is slow to answer; Odoo unreachable since …; storage problems; and
 * "Sync now". (Signed out by Odoo is the login screen's own notice.) Reads plain values;
 * src/offline/device.ts and src/odoo/connectivity.ts own them.
 */
import { useEffect, useState } from 'react';
import type { Connectivity } from '../odoo/connectivity.ts';
import type { DeviceState } from '../offline/device.ts';
import { timeAgo } from './relative-time.ts';
import { currentLocale, formatNumber, t, tn } from '../i18n/i18n.ts';
import { syncErrorText } from './error-text.ts';

interface Props {
  readonly connectivity: Connectivity;
  readonly device: DeviceState;
  readonly onSyncNow: () => void;
}

/** Re-renders every 30 s, so "5 minutes ago" does not stay "just now". */
function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

const clock = (time: number): string => new Date(time).toLocaleTimeString(currentLocale(), { hour: '2-digit', minute: '2-digit' });

export function DeviceStatus({ connectivity, device, onSyncNow }: Props) {
  const now = useNow();
  const sync = device.sync;
  const asOf = sync?.lastSyncedAt ?? (connectivity.online ? undefined : connectivity.storedAt);
  // While the device has not said what it holds (the first moments of a start), nothing is claimed about it.
  const held = asOf !== undefined ? t(' — contacts from {time}', { time: timeAgo(asOf, now) }) : sync === undefined ? '' : t(' — nothing from Odoo is saved on this device yet');
  const partial = sync !== undefined && !sync.complete && sync.done > 0 ? t(' ({count} on this device)', { count: formatNumber(sync.done) }) : '';

  let message: string;
  let tone: 'offline' | 'slow' | 'info' | 'problem' = 'info';
  if (device.blocked) {
    message = t('Close Fieldbook in your other tabs or windows: they keep its storage from being updated.');
    tone = 'problem';
  } else if (!connectivity.online) {
    tone = 'offline';
    message = t('Odoo unreachable since {time}', { time: clock(connectivity.since) }) + held + partial;
  } else if (connectivity.slowSince !== undefined) {
    tone = 'slow';
    message = t('Odoo is slow to answer') + held + partial;
  } else if (sync?.state === 'syncing' && sync.phase === 'full') {
    message = t('Saving contacts to this device: {done} of {total}', { done: formatNumber(sync.done), total: formatNumber(sync.total) });
  } else if (sync?.state === 'error' && sync.error.kind !== 'network' && sync.error.kind !== 'session') {
    message = syncErrorText(sync.error);
    tone = 'problem';
  } else if (sync?.state === 'syncing') {
    message = t('Syncing…');
  } else if (sync !== undefined && sync.lastSyncedAt !== undefined) {
    message = tn(sync.done, '{count} contact on this device, synced {time}', '{count} contacts on this device, synced {time}', { time: timeAgo(sync.lastSyncedAt, now) });
  } else {
    message = t('Preparing offline contacts…');
  }

  const syncing = sync?.state === 'syncing';
  // While a full sync counts up, the live region is busy: screen readers announce where it ends, not every page.
  return (
    <section className={`device-status ${tone}`} aria-label={t('This device')} data-snapshot="hide">
      <p role="status" aria-live="polite" aria-busy={syncing}>
        {message}
      </p>
      {syncing && sync.phase === 'full' && sync.total > 0 && <progress max={sync.total} value={sync.done} aria-label={t('Contacts saved to this device')} />}
      {sync !== undefined && !device.blocked && (
        <button type="button" onClick={onSyncNow} disabled={syncing}>
          {t('Sync now')}
        </button>
      )}
    </section>
  );
}
