import { describe, expect, it } from 'vitest';
import { timeAgo } from './relative-time.ts';

const NOW = Date.UTC(2026, 10, 25, 12);

describe('timeAgo', () => {
  it('says just now under a minute, and for a clock that runs behind', () => {
    expect(timeAgo(NOW - 59_000, NOW, 'en')).toBe('just now');
    expect(timeAgo(NOW + 5_000, NOW, 'en')).toBe('just now');
  });

  it('uses the largest whole unit', () => {
    expect(timeAgo(NOW - 5 * 60_000, NOW, 'en')).toBe('5 minutes ago');
    expect(timeAgo(NOW - 2 * 3_600_000 - 59 * 60_000, NOW, 'en')).toBe('2 hours ago');
    expect(timeAgo(NOW - 86_400_000, NOW, 'en')).toBe('yesterday');
    expect(timeAgo(NOW - 3 * 86_400_000, NOW, 'en')).toBe('3 days ago');
  });
});
