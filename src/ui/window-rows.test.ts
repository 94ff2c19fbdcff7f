import { describe, expect, it } from 'vitest';
import { visibleRows } from './window-rows.ts';

describe('visibleRows', () => {
  it('renders the first screenful plus overscan when the list starts at the top', () => {
    expect(visibleRows(100, 800, 76, 5000, 8)).toEqual({ start: 0, end: 18 });
  });

  it('follows the scroll: rows above the viewport are dropped', () => {
    // list top scrolled 7,600 px above the viewport: row 100 is at the top
    expect(visibleRows(-7600, 800, 76, 5000, 8)).toEqual({ start: 92, end: 119 });
  });

  it('never goes past the ends of the list', () => {
    expect(visibleRows(-1_000_000, 800, 76, 50, 8)).toEqual({ start: 50, end: 50 });
    expect(visibleRows(0, 800, 76, 3, 8)).toEqual({ start: 0, end: 3 });
    expect(visibleRows(0, 800, 76, 0, 8)).toEqual({ start: 0, end: 0 });
  });
});
