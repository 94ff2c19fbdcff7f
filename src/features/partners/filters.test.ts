import { describe, expect, it } from 'vitest';
import { NO_FILTERS, parseFilters, serializeFilters } from './filters.ts';

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
