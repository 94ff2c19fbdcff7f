/** Dates as the user reads them: in the device's time zone and the user's language (Intl). Apart from relative-time.ts: only a contact's screen needs it, not the first one. */
import { currentLocale } from '../i18n/i18n.ts';

/** An Odoo datetime ("2024-05-01 10:00:00", always UTC on the wire) in the device's time zone and language; the text itself when it is not one. */
export function localDateTime(odooUtc: string, locale = currentLocale()): string {
  const time = Date.parse(`${odooUtc.replace(' ', 'T')}Z`);
  if (Number.isNaN(time)) return odooUtc;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(time);
}
