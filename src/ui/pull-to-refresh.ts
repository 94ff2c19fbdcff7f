/**
 * Pull to refresh on touch screens (issue 15 §7): a finger pulling down from the top of the page
 * shows "Pull to sync", then "Release to sync"; let go past the mark, and a sync starts. Loaded only
 * on touch devices, after the list is on screen. The page's own overscroll (a browser reloading
 * the page) is turned off in CSS: here the gesture syncs the contacts, it does not reload the app.
 */
import { t } from '../i18n/i18n.ts';

/** How far (px) the finger must travel down. */
export const PULL_DISTANCE = 72;

export function attachPullToRefresh(indicator: HTMLElement, onRefresh: () => void): () => void {
  let startY: number | undefined;
  let pulled = 0;

  const show = (distance: number) => {
    indicator.hidden = distance <= 0;
    indicator.textContent = distance >= PULL_DISTANCE ? t('Release to sync') : t('Pull to sync');
    indicator.style.transform = `translateY(${Math.min(distance / 2, PULL_DISTANCE)}px)`;
  };
  const onStart = (event: TouchEvent) => {
    const target = event.target as Element | null;
    // From the top of the page, one finger, not in a field or a dialog.
    startY = window.scrollY <= 0 && event.touches.length === 1 && target?.closest('input, textarea, select, dialog') == null ? event.touches[0]?.clientY : undefined;
    pulled = 0;
  };
  const onMove = (event: TouchEvent) => {
    if (startY === undefined) return;
    const y = event.touches[0]?.clientY;
    if (y === undefined || window.scrollY > 0) return;
    pulled = y - startY;
    show(pulled);
  };
  const onEnd = () => {
    if (startY !== undefined && pulled >= PULL_DISTANCE) onRefresh();
    startY = undefined;
    pulled = 0;
    show(0);
  };
  const options = { passive: true };
  document.addEventListener('touchstart', onStart, options);
  document.addEventListener('touchmove', onMove, options);
  document.addEventListener('touchend', onEnd, options);
  document.addEventListener('touchcancel', onEnd, options);
  return () => {
    document.removeEventListener('touchstart', onStart);
    document.removeEventListener('touchmove', onMove);
    document.removeEventListener('touchend', onEnd);
    document.removeEventListener('touchcancel', onEnd);
  };
}
