/**
 * Odoo's login cooldown: after `failuresAllowed` failed logins from one client address, further
 * attempts are refused for `cooldownMs` (base.login_cooldown_after = 10, base.login_cooldown_duration
 * = 60 s), per address, in-process, as Odoo's. Two hardenings over a naive port:
 * - an attempt is counted BEFORE its (slow, async) password check, so a burst of parallel guesses
 *   cannot all slip in under the limit; a success then takes back only its own attempt, so logging
 *   in to one's own account does not wipe the count of guesses at another;
 * - password checks (scrypt, on Node's small thread pool) run at most `maxConcurrent` at a time
 *   with a short queue; a flood beyond that is refused at once instead of starving every request.
 * @see odoo-wire/02b-authenticate-too-many-failures.json
 */
export type LoginOutcome =
  | { readonly status: 'ok'; readonly uid: number }
  | { readonly status: 'failed' }
  | { readonly status: 'blocked' }
  | { readonly status: 'busy' };

export class LoginThrottle {
  readonly #failures = new Map<string, { count: number; last: number }>();
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    private readonly failuresAllowed = 10,
    private readonly cooldownMs = 60_000,
    private readonly now: () => number = Date.now,
    /** Bounds memory under a flood of addresses: the oldest entries go first. */
    private readonly maxTracked = 10_000,
    private readonly maxConcurrent = 4,
    private readonly maxQueued = 32,
  ) {}

  isBlocked(address: string): boolean {
    const entry = this.#failures.get(address);
    if (entry === undefined) return false;
    if (this.now() - entry.last >= this.cooldownMs) {
      if (entry.count >= this.failuresAllowed) this.#failures.delete(address);
      return false;
    }
    return entry.count >= this.failuresAllowed;
  }

  recordFailure(address: string): void {
    const entry = this.#failures.get(address);
    const now = this.now();
    const count = entry !== undefined && now - entry.last < this.cooldownMs ? entry.count + 1 : 1;
    this.#failures.delete(address); // re-insert so Map order is least-recently-failed first
    this.#failures.set(address, { count, last: now });
    if (this.#failures.size > this.maxTracked) {
      const oldest = this.#failures.keys().next();
      if (!oldest.done) this.#failures.delete(oldest.value);
    }
  }

  /** Takes back one counted attempt (a login that succeeded), never more. */
  recordSuccess(address: string): void {
    const entry = this.#failures.get(address);
    if (entry === undefined) return;
    if (entry.count <= 1) this.#failures.delete(address);
    else entry.count -= 1;
  }

  /** Runs one password check under the cooldown and the concurrency limit. */
  async attempt(address: string, check: () => Promise<number | undefined>): Promise<LoginOutcome> {
    if (this.isBlocked(address)) return { status: 'blocked' };
    if (this.#running + this.#waiting.length >= this.maxConcurrent + this.maxQueued) return { status: 'busy' };
    this.recordFailure(address); // counted now; taken back below if the password was right
    await this.#acquire();
    let uid: number | undefined;
    try {
      uid = await check();
    } finally {
      this.#release();
    }
    if (uid === undefined) return { status: 'failed' };
    this.recordSuccess(address);
    return { status: 'ok', uid };
  }

  async #acquire(): Promise<void> {
    if (this.#running < this.maxConcurrent) {
      this.#running += 1;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#running += 1;
  }

  #release(): void {
    this.#running -= 1;
    this.#waiting.shift()?.();
  }
}
