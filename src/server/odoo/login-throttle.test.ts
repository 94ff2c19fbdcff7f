import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.ts';

describe('LoginThrottle', () => {
  it('blocks an address after ten failures within the cooldown, then lets it try again', () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle(10, 60_000, () => now);
    for (let i = 0; i < 10; i += 1) {
      expect(throttle.isBlocked('10.0.0.1')).toBe(false);
      throttle.recordFailure('10.0.0.1');
      now += 1_000;
    }
    expect(throttle.isBlocked('10.0.0.1')).toBe(true);
    expect(throttle.isBlocked('10.0.0.2')).toBe(false);
    now += 60_000;
    expect(throttle.isBlocked('10.0.0.1')).toBe(false);
  });

  it('a success takes back only its own attempt: logging in to one account does not reset guesses at another', async () => {
    const throttle = new LoginThrottle(3, 60_000, () => 0);
    const wrong = async () => undefined;
    const right = async () => 7;
    expect((await throttle.attempt('a', wrong)).status).toBe('failed');
    expect((await throttle.attempt('a', wrong)).status).toBe('failed');
    expect((await throttle.attempt('a', right)).status).toBe('ok');
    expect((await throttle.attempt('a', wrong)).status).toBe('failed');
    expect((await throttle.attempt('a', right)).status).toBe('blocked');
  });

  it('counts parallel guesses before their checks finish, so a burst cannot slip under the limit', async () => {
    const throttle = new LoginThrottle(10, 60_000, () => 0, 10_000, 4, 1000);
    // Every check waits until all 50 guesses are in: none has finished when the later ones are counted.
    let finish = () => {};
    const checking = new Promise<void>((resolve) => (finish = resolve));
    const slowWrong = async () => {
      await checking;
      return undefined;
    };
    const burst = Promise.all(Array.from({ length: 50 }, () => throttle.attempt('b', slowWrong)));
    finish();
    const outcomes = await burst;
    expect(outcomes.filter((o) => o.status === 'failed')).toHaveLength(10);
    expect(outcomes.filter((o) => o.status === 'blocked')).toHaveLength(40);
  });

  it('runs at most maxConcurrent checks at once and refuses a flood beyond the queue at once', async () => {
    const throttle = new LoginThrottle(1000, 60_000, () => 0, 10_000, 2, 3);
    let running = 0;
    let peak = 0;
    // The checks are held until two run at once, then let go together.
    let finish = () => {};
    const checking = new Promise<void>((resolve) => (finish = resolve));
    let twoRunning = () => {};
    const started = new Promise<void>((resolve) => (twoRunning = resolve));
    const check = async () => {
      running += 1;
      peak = Math.max(peak, running);
      if (running === 2) twoRunning();
      await checking;
      running -= 1;
      return undefined;
    };
    const flood = Promise.all(Array.from({ length: 10 }, (_, i) => throttle.attempt(`addr-${i}`, check)));
    await started;
    finish();
    const outcomes = await flood;
    expect(peak).toBe(2);
    expect(outcomes.filter((o) => o.status === 'busy')).toHaveLength(5);
    expect(outcomes.filter((o) => o.status === 'failed')).toHaveLength(5);
  });

  it('keeps at most maxTracked addresses', () => {
    const throttle = new LoginThrottle(1, 60_000, () => 0, 3);
    for (const address of ['a', 'b', 'c', 'd']) throttle.recordFailure(address);
    expect(throttle.isBlocked('a')).toBe(false);
    expect(throttle.isBlocked('d')).toBe(true);
  });

  describe('per login (many addresses, one user)', () => {
    const budget = { failuresAllowed: 5, windowMs: 15 * 60_000, trustMs: 30 * 24 * 3600_000 };
    const wrong = async () => undefined;
    const right = async () => 7;

    it("stops a guesser who changes address at every try, for that login only, until the window ends", async () => {
      let now = 0;
      const throttle = new LoginThrottle(10, 60_000, () => now, 10_000, 4, 32, budget);
      for (let i = 0; i < 5; i += 1) expect((await throttle.attempt(`10.0.1.${i}`, wrong, 'Alice')).status).toBe('failed');
      // A fresh address, one guess: refused — even with the right password, and whatever the login's case.
      expect((await throttle.attempt('10.0.9.9', right, ' alice ')).status).toBe('blocked');
      // Another user from the same address is not concerned.
      expect((await throttle.attempt('10.0.9.9', right, 'bob')).status).toBe('ok');
      now += budget.windowMs;
      expect((await throttle.attempt('10.0.9.9', right, 'alice')).status).toBe('ok');
    });

    it('never locks a user out of an address they logged in from before', async () => {
      let now = 0;
      const throttle = new LoginThrottle(10, 60_000, () => now, 10_000, 4, 32, budget);
      expect((await throttle.attempt('192.168.1.20', right, 'alice')).status).toBe('ok');
      for (let i = 0; i < 20; i += 1) await throttle.attempt(`10.0.2.${i}`, wrong, 'alice');
      expect((await throttle.attempt('10.0.3.1', right, 'alice')).status).toBe('blocked');
      now += 60_000;
      expect((await throttle.attempt('192.168.1.20', right, 'alice')).status).toBe('ok');
      // Trust wears off.
      now += budget.trustMs;
      for (let i = 0; i < 5; i += 1) await throttle.attempt(`10.0.4.${i}`, wrong, 'alice');
      expect((await throttle.attempt('192.168.1.20', right, 'alice')).status).toBe('blocked');
    });
  });
});
