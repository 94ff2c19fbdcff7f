/**
 * What a partner query means, once, for both sides: the Odoo domain the server is asked, and the
 * test the device's index applies (local-search.ts). A search is words; each word must be found,
 * case-insensitively and anywhere inside, in at least one of SEARCH_FIELDS; the words may come in
 * any order. On the server: for each word an OR of `ilike` over the fields, the words ANDed. On the
 * device the same, with accents folded too ("Zoe" finds "Zoë"), which a stock Odoo without
 * `unaccent` does not do: the device may find more, never less (the parity test pins it).
 */
import { allOf, anyOf, type Domain } from '../odoo/domain.ts';
import { fold } from './normalize.ts';

export type PartnerType = 'all' | 'company' | 'person';

/**
 * The list's filters: the words typed, companies or individuals, countries, tags. Several countries
 * (or tags) mean any of them; the kinds are combined: a partner in one of the countries AND with one
 * of the tags AND matching the words.
 */
export interface PartnerQuery {
  readonly q: string;
  readonly type: PartnerType;
  readonly countries: readonly number[];
  readonly tags: readonly number[];
}

/** The fields a typed word is looked for in (complete_name: a contact is found by its company's name too, as in Odoo). */
export const SEARCH_FIELDS = ['name', 'complete_name', 'email', 'phone', 'mobile', 'ref', 'city'] as const;

/** The words of a search: what the user typed, split at white space. */
export function searchWords(q: string): string[] {
  return q.split(/\s+/u).filter((word) => word !== '');
}

/** The whole list, unfiltered: the first screen. */
export function isWholeList(query: PartnerQuery): boolean {
  return searchWords(query.q).length === 0 && query.type === 'all' && query.countries.length === 0 && query.tags.length === 0;
}

/**
 * A word as an `ilike` value that means the word itself: Odoo puts the value between `%` as it is
 * (expression.py), so a typed `%` or `_` would be a wildcard there and a plain character on the
 * device. Escaped (PostgreSQL's default escape is `\`), both sides look for the same text.
 */
export function literalIlike(word: string): string {
  return word.replace(/[\\%_]/g, '\\$&');
}

/** The Odoo domain of a query: every word in some search field, AND each filter. */
export function partnerDomain(query: PartnerQuery): Domain {
  return allOf(
    ...searchWords(query.q).map((word) => anyOf(SEARCH_FIELDS.map((field) => [field, 'ilike', literalIlike(word)] as const))),
    query.type === 'all' ? [] : [['is_company', '=', query.type === 'company']],
    query.countries.length === 0 ? [] : [['country_id', 'in', [...query.countries]]],
    query.tags.length === 0 ? [] : [['category_id', 'in', [...query.tags]]],
  );
}

/** Separates the fields in a partner's searchable text: no typed word spans two fields. */
export const FIELD_SEPARATOR = '\u0000';

/** The folded text the device searches a record in: its search fields, folded, one separator apart. */
export function searchableText(record: Readonly<Record<string, unknown>>): string {
  let text = '';
  for (const field of SEARCH_FIELDS) {
    const value = record[field];
    if (typeof value === 'string' && value !== '') text += FIELD_SEPARATOR + fold(value);
  }
  return text;
}

/** The folded words the device looks for (a word that folds to nothing, such as a lone accent, matches everything, as ilike '%%'). */
export function foldedWords(q: string): string[] {
  return searchWords(q)
    .map((word) => fold(word).replaceAll(FIELD_SEPARATOR, ''))
    .filter((word) => word !== '');
}
