/**
 * When the device syncs by itself: a backoff after failures (3 s, doubling, at most a minute), the
 * browser's `online` event, coming back into view with stale or failed data. A fake clock and a
 * scripted sync engine: no waiting on real time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from '../lib/external-store.ts';
import type { SyncStatus } from './status.ts';

type Outcome = 'network' | 'ok';
const script: Outcome[] = [];
let syncs = 0;
const status = createStore<SyncStatus>({ state: 'idle', done: 0, total: 0, complete: true, lastSyncedAt: 0 });

vi.mock('./sync.ts', () => ({
  createSyncEngine: () => ({
    status,
    ready: Promise.resolve(),
    changes: { subscribe: () => () => undefined },
    async sync() {
      syncs += 1;
      const outcome = script.shift() ?? 'ok';
      const common = { done: 10, total: 10, complete: true };
      status.set({ state: 'syncing', phase: 'delta', ...common, lastSyncedAt: 0 });
      await Promise.resolve();
      status.set(outcome === 'ok' ? { state: 'idle', ...common, lastSyncedAt: Date.now() } : { state: 'error', error: { kind: 'network', message: 'down' }, ...common, lastSyncedAt: 0 });
    },
    async stop() {},
  }),
}));
vi.mock('../storage/account-db.ts', () => ({ openAccountDB: async () => ({ close() {} }) }));

const { deviceStore, firstRowsShown, retryDelay, startDevice, stopDevice, FIRST_SCREEN_WAIT_MS, RETRY_FIRST_MS, SYNC_INTERVAL_MS } = await import('./device.ts');

const documentStub = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
const windowStub = new EventTarget();

/** Lets the engine's dynamic import and the sync's promises settle (no timers advance). */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(async () => {
  vi.useFakeTimers();
  vi.stubGlobal('document', documentStub);
  vi.stubGlobal('window', windowStub);
  vi.stubGlobal('navigator', {});
  script.length = 0;
  syncs = 0;
});

afterEach(async () => {
  await stopDevice();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('the retry schedule', () => {
  it('starts at a few seconds, doubles, and stops growing at a minute', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(retryDelay)).toEqual([3_000, 6_000, 12_000, 24_000, 48_000, 60_000, 60_000, 60_000]);
  });
});

describe('the first sync', () => {
  it('waits for the first rows on screen, so it does not compete with them', async () => {
    startDevice('first-rows', { onChanged: () => undefined, onSessionEnded: () => undefined });
    await settle();
    expect(syncs).toBe(0);
    firstRowsShown();
    await settle();
    expect(syncs).toBe(1);
    // Shown again (another list): no second sync.
    firstRowsShown();
    await settle();
    expect(syncs).toBe(1);
  });

  it('starts anyway when no list is shown (a start on a contact), after a short wait', async () => {
    startDevice('no-list', { onChanged: () => undefined, onSessionEnded: () => undefined });
    await vi.advanceTimersByTimeAsync(FIRST_SCREEN_WAIT_MS - 1);
    expect(syncs).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(syncs).toBe(1);
  });
});

describe('syncing by itself', () => {
  it('after a failure retries on the schedule, with no user action, and forgets the failures once it works', async () => {
    script.push('network', 'network', 'ok', 'network');
    startDevice('a', { onChanged: () => undefined, onSessionEnded: () => undefined });
    firstRowsShown();
    await settle();
    expect(syncs).toBe(1);
    expect(deviceStore.get().retryAt).toBeDefined();

    await vi.advanceTimersByTimeAsync(RETRY_FIRST_MS - 1);
    expect(syncs).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(syncs).toBe(2);
    await vi.advanceTimersByTimeAsync(2 * RETRY_FIRST_MS - 1);
    expect(syncs).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(syncs).toBe(3);
    expect(deviceStore.get().sync?.state).toBe('idle');
    expect(deviceStore.get().retryAt).toBeUndefined();

    // The routine sync (every 5 minutes since the start, 9 s ago) fails: the schedule starts over, at its first step.
    await vi.advanceTimersByTimeAsync(SYNC_INTERVAL_MS - 3 * RETRY_FIRST_MS);
    expect(syncs).toBe(4);
    await vi.advanceTimersByTimeAsync(RETRY_FIRST_MS);
    expect(syncs).toBe(5);
  });

  it("syncs when the browser says it is online, and when the app comes back into view after a failure", async () => {
    script.push('network', 'network', 'ok');
    startDevice('b', { onChanged: () => undefined, onSessionEnded: () => undefined });
    firstRowsShown();
    await settle();
    expect(syncs).toBe(1);
    windowStub.dispatchEvent(new Event('online'));
    await settle();
    expect(syncs).toBe(2);
    documentStub.dispatchEvent(new Event('visibilitychange'));
    await settle();
    expect(syncs).toBe(3);
    // Fresh and fine: coming back into view does not sync again.
    documentStub.dispatchEvent(new Event('visibilitychange'));
    await settle();
    expect(syncs).toBe(3);
  });

  it('tells the app when the server ended the sign-in, and does not retry that', async () => {
    const ended = vi.fn();
    startDevice('c', { onChanged: () => undefined, onSessionEnded: ended });
    firstRowsShown();
    await settle();
    status.set({ state: 'error', error: { kind: 'session', message: 'ended' }, done: 0, total: 0, complete: true });
    expect(ended).toHaveBeenCalledTimes(1);
    const before = syncs;
    await vi.advanceTimersByTimeAsync(RETRY_FIRST_MS * 4);
    expect(syncs).toBe(before);
  });
});
