/**
 * Odoo's login cooldown: after `failuresAllowed` failed logins from one client address, further
 * attempts are refused for `cooldownMs` (base.login_cooldown_after = 10, base.login_cooldown_duration
 * = 60 s), per address, in-process, as Odoo's. Two hardenings over a naive port:
 * - an attempt is counted BEFORE its (slow, async) password check, so a burst of parallel guesses
 *   cannot all slip in under the limit; a success then takes back only its own attempt, so logging
 *   in to one's own account does not wipe the count of guesses at another;
 * - password checks (scrypt, on Node's small thread pool) run at most `maxConcurrent` at a time
 *   with a short queue; a flood beyond that is refused at once instead of starving every request;
 * - a budget per login as well (issue 13 #14): a guesser with many addresses gets a fresh budget
 *   per address, so a login that has failed `perLogin.failuresAllowed` times within
 *   `perLogin.windowMs`, from anywhere, is refused until that window ends — but never from an
 *   address that logged in as that user before (remembered `perLogin.trustMs`): nobody can lock a
 *   user out of their usual places, and elsewhere for at most one window.
 * @see odoo-wire/02b-authenticate-too-many-failures.json
 */
export type LoginOutcome =
  | { readonly status: 'ok'; readonly uid: number }
  | { readonly status: 'failed' }
  | { readonly status: 'blocked' }
  | { readonly status: 'busy' };

export interface PerLoginBudget {
  readonly failuresAllowed: number;
  readonly windowMs: number;
  /** How long an address that logged in as a user stays exempt from that user's lock. */
  readonly trustMs: number;
}

export const PER_LOGIN_DEFAULTS: PerLoginBudget = { failuresAllowed: 20, windowMs: 15 * 60_000, trustMs: 30 * 24 * 3600_000 };

/** Drops the oldest entries (a Map keeps insertion order) beyond `max`: memory stays bounded under a flood. */
function keepNewest(map: Map<string, unknown>, max: number): void {
  for (const key of map.keys()) {
    if (map.size <= max) return;
    map.delete(key);
  }
}

/** Logins are compared as Odoo finds users: case and surrounding spaces do not make another login. */
const loginKey = (login: string) => login.trim().toLowerCase();

export class LoginThrottle {
  readonly #failures = new Map<string, { count: number; last: number }>();
  /** Per login: failures within the current window (from `first`). */
  readonly #loginFailures = new Map<string, { count: number; first: number }>();
  /** Per login: the addresses it logged in from, and when last. */
  readonly #trusted = new Map<string, Map<string, number>>();
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
    private readonly perLogin: PerLoginBudget = PER_LOGIN_DEFAULTS,
  ) {}

  /** This login has used its budget within the window, and `address` is not one it logged in from. */
  isLoginBlocked(login: string, address: string): boolean {
    const key = loginKey(login);
    const entry = this.#loginFailures.get(key);
    if (entry === undefined) return false;
    if (this.now() - entry.first >= this.perLogin.windowMs) {
      this.#loginFailures.delete(key);
      return false;
    }
    if (entry.count < this.perLogin.failuresAllowed) return false;
    const since = this.#trusted.get(key)?.get(address);
    return since === undefined || this.now() - since >= this.perLogin.trustMs;
  }

  #recordLoginFailure(login: string): void {
    const key = loginKey(login);
    const now = this.now();
    const entry = this.#loginFailures.get(key);
    if (entry === undefined || now - entry.first >= this.perLogin.windowMs) {
      this.#loginFailures.delete(key);
      this.#loginFailures.set(key, { count: 1, first: now });
      keepNewest(this.#loginFailures, this.maxTracked);
    } else entry.count += 1;
  }

  #recordLoginSuccess(login: string, address: string): void {
    const key = loginKey(login);
    const entry = this.#loginFailures.get(key);
    if (entry !== undefined) entry.count = Math.max(0, entry.count - 1);
    const addresses = this.#trusted.get(key) ?? new Map<string, number>();
    addresses.delete(address);
    addresses.set(address, this.now());
    // A few places per user (home, office, phone network): the oldest go first.
    keepNewest(addresses, 8);
    this.#trusted.delete(key);
    this.#trusted.set(key, addresses);
    keepNewest(this.#trusted, this.maxTracked);
  }

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
    keepNewest(this.#failures, this.maxTracked);
  }

  /** Takes back one counted attempt (a login that succeeded), never more. */
  recordSuccess(address: string): void {
    const entry = this.#failures.get(address);
    if (entry === undefined) return;
    if (entry.count <= 1) this.#failures.delete(address);
    else entry.count -= 1;
  }

  /** Runs one password check for `login` under the cooldowns (per address, per login) and the concurrency limit. */
  async attempt(address: string, check: () => Promise<number | undefined>, login = ''): Promise<LoginOutcome> {
    if (this.isBlocked(address) || (login !== '' && this.isLoginBlocked(login, address))) return { status: 'blocked' };
    if (this.#running + this.#waiting.length >= this.maxConcurrent + this.maxQueued) return { status: 'busy' };
    this.recordFailure(address); // counted now; taken back below if the password was right
    if (login !== '') this.#recordLoginFailure(login);
    await this.#acquire();
    let uid: number | undefined;
    try {
      uid = await check();
    } finally {
      this.#release();
    }
    if (uid === undefined) return { status: 'failed' };
    this.recordSuccess(address);
    if (login !== '') this.#recordLoginSuccess(login, address);
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
