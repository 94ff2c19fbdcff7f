/** "2 hours ago", "just now": how old the data on screen is, in words (Intl, no library); and dates in the user's own time zone. */
const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

export function timeAgo(then: number, now: number, locale?: string): string {
  const elapsed = Math.max(0, now - then);
  if (elapsed < 60_000) return 'just now';
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (elapsed >= size) return format.format(-Math.floor(elapsed / size), unit);
  }
  return 'just now';
}

/** An Odoo datetime ("2024-05-01 10:00:00", always UTC on the wire) in the device's time zone and language; the text itself when it is not one. */
export function localDateTime(odooUtc: string, locale?: string): string {
  const time = Date.parse(`${odooUtc.replace(' ', 'T')}Z`);
  if (Number.isNaN(time)) return odooUtc;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(time);
}
