import { afterAll, describe, expect, it } from 'vitest';
import { formatNumber, languageOf, setLanguage, t, tn } from './i18n.ts';


afterAll(() => setLanguage('en'));

describe('t and tn', () => {
  it("follow the Odoo user's language and locale, plurals and numbers included", async () => {
    await setLanguage('fr_BE');
    expect(t('Sign in')).toBe('Se connecter');
    expect(t('Odoo unreachable since {time}', { time: '09:30' })).toBe('Odoo injoignable depuis 09:30');
    expect(tn(1, '{count} contact', '{count} contacts')).toBe('1 contact');
    expect(tn(4855, '{count} contact', '{count} contacts')).toBe(`${formatNumber(4855)} contacts`);
    expect(formatNumber(4855)).toBe(new Intl.NumberFormat('fr-BE').format(4855));
    await setLanguage('de_DE');
    expect(tn(2, '{count} contact', '{count} contacts')).toBe('2 Kontakte');
    expect(formatNumber(4855)).toBe('4.855');
    await setLanguage('en_US');
    expect(t('Sign in')).toBe('Sign in');
    expect(tn(1, '{count} contact', '{count} contacts')).toBe('1 contact');
    expect(tn(4855, '{count} contact', '{count} contacts')).toBe('4,855 contacts');
  });

  it('take an Odoo code or a browser tag; a language without a catalog is English, in its own locale for numbers only if English', () => {
    expect(languageOf('fr_BE')).toEqual({ language: 'fr', locale: 'fr-BE' });
    expect(languageOf('nl-NL')).toEqual({ language: 'nl', locale: 'nl-NL' });
    expect(languageOf('es_419')).toEqual({ language: 'es', locale: 'es-419' });
    expect(languageOf('en_GB')).toEqual({ language: 'en', locale: 'en-GB' });
    expect(languageOf('ar_001')).toEqual({ language: 'en', locale: 'en' });
    expect(languageOf('not a language')).toEqual({ language: 'en', locale: 'en' });
    expect(languageOf(undefined)).toEqual({ language: 'en', locale: 'en' });
  });
});
