import { describe, expect, it } from 'vitest';
import { FIELD_SEPARATOR, foldedWords, partnerDomain, searchableText, searchWords, type PartnerQuery } from './partner-query.ts';

const NONE: PartnerQuery = { q: '', type: 'all', countries: [], tags: [] };
const FIELDS = ['name', 'complete_name', 'email', 'phone', 'mobile', 'ref', 'city'];

describe('partnerDomain', () => {
  it('is empty without filters or words', () => {
    expect(partnerDomain(NONE)).toEqual([]);
    expect(partnerDomain({ ...NONE, q: '   ' })).toEqual([]);
  });

  it('looks for one word in every search field, ORed', () => {
    expect(partnerDomain({ ...NONE, q: ' acme ' })).toEqual([...Array(FIELDS.length - 1).fill('|'), ...FIELDS.map((field) => [field, 'ilike', 'acme'])]);
  });

  it('ANDs the words: each one in some field, in any order', () => {
    const one = (word: string) => [...Array(FIELDS.length - 1).fill('|'), ...FIELDS.map((field) => [field, 'ilike', word])];
    expect(partnerDomain({ ...NONE, q: '+32  425' })).toEqual([...one('+32'), ...one('425')]);
  });

  it('asks for % and _ as typed, not as wildcards (escaped, as PostgreSQL reads ilike)', () => {
    expect(partnerDomain({ ...NONE, q: '50%_off a\\b' }).filter((term) => Array.isArray(term)).map((leaf) => (leaf as unknown[])[2])).toEqual([
      ...FIELDS.map(() => '50\\%\\_off'),
      ...FIELDS.map(() => 'a\\\\b'),
    ]);
  });

  it('ANDs the type, country and tag filters with the search', () => {
    const domain = partnerDomain({ q: 'a', type: 'person', countries: [4, 21], tags: [2, 3] });
    // Any of the countries, any of the tags: one `in` leaf each.
    expect(domain.slice(-3)).toEqual([
      ['is_company', '=', false],
      ['country_id', 'in', [4, 21]],
      ['category_id', 'in', [2, 3]],
    ]);
    expect(domain).toHaveLength(2 * FIELDS.length - 1 + 3);
  });
});

describe('the device side of the same meaning', () => {
  it('splits words at white space only: punctuation stays in the word, as ilike sees it', () => {
    expect(searchWords(' info@marine  +32\t425 ')).toEqual(['info@marine', '+32', '425']);
    expect(foldedWords('Zoë MÜLLER')).toEqual(['zoe', 'muller']);
  });

  it('keeps the search fields apart, folded, and leaves out the others', () => {
    const text = searchableText({ name: 'Zoë', complete_name: 'ACME, Zoë', email: 'zoe@acme.example', phone: false, street: 'Hidden 1', city: 'Liège' });
    expect(text.split(FIELD_SEPARATOR)).toEqual(['', 'zoe', 'acme, zoe', 'zoe@acme.example', 'liege']);
  });
});
