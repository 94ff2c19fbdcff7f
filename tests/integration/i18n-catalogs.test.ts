/**
 * The catalogs (src/i18n/*.json) say every message the code asks for, and only those, with the
 * same placeholders, and every plural form their language has: a message added in English without
 * its translations fails here, not on a French user's screen.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messagesIn } from '../support/i18n-keys.ts';

const SRC = join(import.meta.dirname, '..', '..', 'src');
const LANGUAGES = ['fr', 'de', 'es', 'nl'] as const;
const catalog = (language: string): Record<string, string | Record<string, string>> =>
  JSON.parse(readFileSync(join(SRC, 'i18n', `${language}.json`), 'utf8')) as Record<string, string | Record<string, string>>;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('the catalogs', () => {
  const { texts, plurals } = messagesIn(SRC);

  it('the code asks for its messages with literals the check can read', () => {
    expect(texts.size).toBeGreaterThan(100);
    expect(plurals.size).toBeGreaterThanOrEqual(5);
    expect(texts).toContain('Sign in');
    expect(plurals).toContain('{count} contact|{count} contacts');
  });

  it.each(LANGUAGES)('%s: every message of the code, nothing else, the same placeholders, and every plural form the language has', (language) => {
    const entries = catalog(language);
    expect(Object.keys(entries).sort()).toEqual([...texts, ...plurals].sort());
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    for (const [key, value] of Object.entries(entries)) {
      if (typeof value === 'string') {
        expect(placeholders(value), `${language}: ${key}`).toEqual(placeholders(key));
        continue;
      }
      const other = key.split('|')[1] ?? '';
      for (const category of categories) {
        const form = value[category];
        expect(form, `${language}: ${key} (${category})`).toEqual(expect.any(String));
        // A language's 'one' may say "the only contact" instead of the number.
        const wanted = placeholders(other).filter((name) => category !== 'one' || name !== 'count');
        expect(placeholders(form ?? '').filter((name) => category !== 'one' || name !== 'count'), `${language}: ${key} (${category})`).toEqual(wanted);
      }
    }
  });
});

