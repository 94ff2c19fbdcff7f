/** "2 hours ago", "just now": how old the data on screen is, in words (Intl, no library). */
import { currentLocale, t } from '../i18n/i18n.ts';
const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

export function timeAgo(then: number, now: number, locale = currentLocale()): string {
  const elapsed = Math.max(0, now - then);
  if (elapsed < 60_000) return t('just now');
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (elapsed >= size) return format.format(-Math.floor(elapsed / size), unit);
  }
  return t('just now');
}
