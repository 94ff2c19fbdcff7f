/**
 * One partner as the local index keeps it: not its record (that stays in storage, read a page at a
 * time), only what search, filters and order read, folded once (normalize.ts) when the record comes in.
 */
import type { MirroredPartner } from './mirror.ts';
import { fold } from './normalize.ts';
import { searchableText } from './partner-query.ts';

export interface Entry {
  readonly id: number;
  /** The folded search fields, separated (partner-query.ts `searchableText`). */
  readonly text: string;
  /** Its place in the list's order, as a string that sorts by code units (`orderKey`). */
  readonly order: string;
  readonly isCompany: boolean;
  /** The country id, 0 for none. */
  readonly country: number;
  /** The country's name as the record gave it (for the filter menu). */
  readonly countryName: string | undefined;
  /** The parent (company) id, 0 for none. */
  readonly parent: number;
  readonly tags: readonly number[];
}

const many2oneId = (value: unknown): number => (Array.isArray(value) && typeof value[0] === 'number' ? value[0] : 0);

/** Larger than any Odoo id (a PostgreSQL integer): ids count down from it, for 'id DESC'. */
const ID_CEILING = 2 ** 31;

/**
 * res.partner's `_order`, 'complete_name ASC, id DESC', with a locale-aware collation, as one string
 * that sorts by code units (as IndexedDB keys and `<` do): the name folded (case and accents
 * compared away: "émile" between "Emil" and "Emma"), then the name as written, then the id
 * descending. A partner without a name sorts last (NULLS LAST of ASC).
 */
export function orderKey(record: MirroredPartner): string {
  const name = typeof record.complete_name === 'string' ? record.complete_name : typeof record.name === 'string' ? record.name : undefined;
  const id = String(ID_CEILING - record.id).padStart(10, '0');
  return name === undefined ? `\uffff\u0000\u0000${id}` : `${fold(name)}\u0000${name}\u0000${id}`;
}

export function entryOf(record: MirroredPartner): Entry {
  const tags = Array.isArray(record.category_id) ? record.category_id.filter((id): id is number => typeof id === 'number') : [];
  const country = many2oneId(record.country_id);
  const countryName = Array.isArray(record.country_id) && typeof record.country_id[1] === 'string' ? record.country_id[1] : undefined;
  return {
    id: record.id,
    text: searchableText(record),
    // Written by the mirror with the record (mirror.ts): not folded again here.
    order: typeof record._order === 'string' ? record._order : orderKey(record),
    isCompany: record.is_company === true,
    country,
    countryName,
    parent: many2oneId(record.parent_id),
    tags,
  };
}

/** The list's order (`orderKey`). */
export function odooOrder(a: Entry, b: Entry): number {
  return a.order < b.order ? -1 : a.order > b.order ? 1 : 0;
}
