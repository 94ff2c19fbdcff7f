import { describe, expect, it } from 'vitest';
import { activeFilterCount, NO_FILTERS, parseFilters, serializeFilters } from './filters.ts';

describe('partner filters in the URL', () => {
  it('round-trips every filter through the query string, several countries and tags included', () => {
    const filters = { q: 'Zoë & co', type: 'company', countries: [21, 4], tags: [3] } as const;
    expect(serializeFilters(filters)).toBe('?q=Zo%C3%AB+%26+co&type=company&country=21&country=4&tag=3');
    expect(parseFilters(serializeFilters(filters))).toEqual(filters);
  });

  it('reads the one-country links of before, and comma-separated lists', () => {
    expect(parseFilters('?country=21&tag=3')).toEqual({ ...NO_FILTERS, countries: [21], tags: [3] });
    expect(parseFilters('?country=21,4&country=4')).toEqual({ ...NO_FILTERS, countries: [21, 4] });
  });

  it('prints nothing for no filters, so the list URL stays /', () => {
    expect(serializeFilters(NO_FILTERS)).toBe('');
    expect(serializeFilters({ ...NO_FILTERS, q: '   ' })).toBe('');
  });

  it('drops malformed values instead of failing', () => {
    expect(parseFilters('?type=robot&country=-1&tag=abc&q=')).toEqual(NO_FILTERS);
    expect(parseFilters('?country=99999999999').countries).toEqual([]);
    expect(parseFilters(`?q=${'x'.repeat(500)}`).q).toHaveLength(200);
    expect(parseFilters(`?${Array.from({ length: 80 }, (_, i) => `tag=${i + 1}`).join('&')}`).tags).toHaveLength(50);
  });

  it('counts the filters in force besides the words', () => {
    expect(activeFilterCount(NO_FILTERS)).toBe(0);
    expect(activeFilterCount({ q: 'x', type: 'person', countries: [1, 2], tags: [3] })).toBe(4);
  });
});
