import { describe, expect, it } from 'vitest';
import { NO_FILTERS, parseFilters, partnerDomain, serializeFilters } from './filters.ts';

describe('partner filters in the URL', () => {
  it('round-trips every filter through the query string', () => {
    const filters = { q: 'Zoë & co', type: 'company', country: 21, tag: 3 } as const;
    expect(parseFilters(serializeFilters(filters))).toEqual(filters);
  });

  it('prints nothing for no filters, so the list URL stays /', () => {
    expect(serializeFilters(NO_FILTERS)).toBe('');
    expect(serializeFilters({ ...NO_FILTERS, q: '   ' })).toBe('');
  });

  it('drops malformed values instead of failing', () => {
    expect(parseFilters('?type=robot&country=-1&tag=abc&q=')).toEqual(NO_FILTERS);
    expect(parseFilters('?country=99999999999').country).toBeUndefined();
    expect(parseFilters(`?q=${'x'.repeat(500)}`).q).toHaveLength(200);
  });
});

describe('partnerDomain', () => {
  it('is empty without filters', () => {
    expect(partnerDomain(NO_FILTERS)).toEqual([]);
  });

  it('searches the words in name, email, phone, ref and city, ORed', () => {
    expect(partnerDomain({ ...NO_FILTERS, q: ' acme ' })).toEqual([
      '|', '|', '|', '|',
      ['name', 'ilike', 'acme'],
      ['email', 'ilike', 'acme'],
      ['phone', 'ilike', 'acme'],
      ['ref', 'ilike', 'acme'],
      ['city', 'ilike', 'acme'],
    ]);
  });

  it('ANDs the type, country and tag filters with the search', () => {
    const domain = partnerDomain({ q: 'a', type: 'person', country: 4, tag: 2 });
    expect(domain.slice(-3)).toEqual([
      ['is_company', '=', false],
      ['country_id', '=', 4],
      ['category_id', 'in', [2]],
    ]);
    expect(domain).toHaveLength(9 + 3);
  });
});
