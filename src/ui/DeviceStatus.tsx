/**
 * What the device holds and how fresh it is, in one line under the header: the offline badge with
 * the data's age, the sync's progress ("Saving contacts to this device: 3,200 of 5,000"), storage
 * problems, and "Sync now". Reads plain values; src/app/device.ts and src/odoo/connectivity.ts own them.
 */
import { useEffect, useState } from 'react';
import type { Connectivity } from '../odoo/connectivity.ts';
import type { DeviceState } from '../app/device.ts';
import { timeAgo } from './relative-time.ts';

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

export function DeviceStatus({ connectivity, device, onSyncNow }: Props) {
  const now = useNow();
  const sync = device.sync;
  const asOf = sync?.lastSyncedAt ?? (connectivity.online ? undefined : connectivity.storedAt);
  const count = (n: number) => n.toLocaleString();

  let message: string;
  let tone: 'offline' | 'info' | 'problem' = 'info';
  if (device.blocked) {
    message = 'Close Fieldbook in your other tabs or windows: they keep its storage from being updated.';
    tone = 'problem';
  } else if (!connectivity.online) {
    tone = 'offline';
    message = asOf === undefined ? 'Offline — nothing from Odoo is saved on this device yet' : `Offline — contacts from ${timeAgo(asOf, now)}`;
    if (sync !== undefined && !sync.complete && sync.done > 0) message += ` (${count(sync.done)} on this device)`;
  } else if (sync?.state === 'syncing' && sync.phase === 'full') {
    message = `Saving contacts to this device: ${count(sync.done)} of ${count(sync.total)}`;
  } else if (sync?.state === 'error' && sync.error.kind !== 'network' && sync.error.kind !== 'session') {
    message = sync.error.message;
    tone = 'problem';
  } else if (sync?.state === 'syncing') {
    message = 'Syncing…';
  } else if (sync !== undefined && sync.lastSyncedAt !== undefined) {
    message = `${count(sync.done)} contacts on this device, synced ${timeAgo(sync.lastSyncedAt, now)}`;
  } else {
    message = 'Preparing offline contacts…';
  }

  const syncing = sync?.state === 'syncing';
  // While a full sync counts up, the live region is busy: screen readers announce where it ends, not every page.
  return (
    <section className={`device-status ${tone}`} aria-label="This device">
      <p role="status" aria-live="polite" aria-busy={syncing}>
        {message}
      </p>
      {syncing && sync.phase === 'full' && sync.total > 0 && <progress max={sync.total} value={sync.done} aria-label="Contacts saved to this device" />}
      {sync !== undefined && !device.blocked && (
        <button type="button" onClick={onSyncNow} disabled={syncing}>
          Sync now
        </button>
      )}
    </section>
  );
}
