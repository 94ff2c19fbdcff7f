import type { MouseEvent } from 'react';
import { describe, expect, it } from 'vitest';
import { followInApp } from './in-app-link.ts';

function click(init: Partial<Pick<MouseEvent, 'button' | 'metaKey' | 'ctrlKey' | 'shiftKey' | 'altKey'>>) {
  const event = { button: 0, metaKey: false, ctrlKey: false, shiftKey: false, altKey: false, defaultPrevented: false, ...init };
  const handled = { ...event, preventDefault: () => (handled.defaultPrevented = true) };
  return handled;
}

describe('followInApp', () => {
  it('takes a plain left click for the app: no page load, the view moves', () => {
    const event = click({});
    let moved = 0;
    followInApp(event as unknown as MouseEvent<HTMLAnchorElement>, () => (moved += 1));
    expect([moved, event.defaultPrevented]).toEqual([1, true]);
  });

  it.each([{ ctrlKey: true }, { metaKey: true }, { shiftKey: true }, { altKey: true }, { button: 1 }])('leaves %o to the browser (a new tab, a new window, a download)', (init) => {
    const event = click(init);
    let moved = 0;
    followInApp(event as unknown as MouseEvent<HTMLAnchorElement>, () => (moved += 1));
    expect([moved, event.defaultPrevented]).toEqual([0, false]);
  });
});
