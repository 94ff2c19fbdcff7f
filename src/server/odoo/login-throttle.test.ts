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

  it('forgets failures after a successful login', () => {
    const throttle = new LoginThrottle(2, 60_000, () => 0);
    throttle.recordFailure('a');
    throttle.recordSuccess('a');
    throttle.recordFailure('a');
    expect(throttle.isBlocked('a')).toBe(false);
  });

  it('keeps at most maxTracked addresses', () => {
    const throttle = new LoginThrottle(1, 60_000, () => 0, 3);
    for (const address of ['a', 'b', 'c', 'd']) throttle.recordFailure(address);
    expect(throttle.isBlocked('a')).toBe(false);
    expect(throttle.isBlocked('d')).toBe(true);
  });
});
