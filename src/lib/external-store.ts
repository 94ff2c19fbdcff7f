/**
 * One value that changes over time, in the shape React's `useSyncExternalStore` reads: `get`
 * returns the same object until `set` replaces it. Framework-free: the auth state, the service
 * worker's update offer, connectivity, the device's sync status all are one of these.
 */
export interface ExternalStore<T> {
  get(): T;
  /** Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export interface WritableStore<T> extends ExternalStore<T> {
  set(next: T): void;
}

export function createStore<T>(initial: T): WritableStore<T> {
  let current = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      current = next;
      // A copy: a listener may unsubscribe (or subscribe another) while being told.
      for (const listener of [...listeners]) listener();
    },
  };
}
