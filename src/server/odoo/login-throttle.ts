/**
 * Odoo's login cooldown: after `failuresAllowed` failed logins from one client address, further
 * attempts are refused for `cooldownMs` (base.login_cooldown_after = 10, base.login_cooldown_duration
 * = 60 s). In-process and per address, as Odoo's; a success resets the count.
 * @see odoo-wire/02b-authenticate-too-many-failures.json
 */
export class LoginThrottle {
  readonly #failures = new Map<string, { count: number; last: number }>();

  constructor(
    private readonly failuresAllowed = 10,
    private readonly cooldownMs = 60_000,
    private readonly now: () => number = Date.now,
    /** Bounds memory under a flood of addresses: the oldest entries go first. */
    private readonly maxTracked = 10_000,
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

  recordSuccess(address: string): void {
    this.#failures.delete(address);
  }
}
