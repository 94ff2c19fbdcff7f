/**
 * One partner as the local index holds it: its record, and what search, filters and order read,
 * folded once (normalize.ts) when the record comes in.
 */
import type { MirroredPartner } from './mirror.ts';
import { fold } from './normalize.ts';
import { searchableText } from './partner-query.ts';

export interface Entry {
  readonly record: MirroredPartner;
  readonly id: number;
  /** The folded search fields, separated (partner-query.ts `searchableText`). */
  readonly text: string;
  /** Its place in the list's order, as a string that sorts by code units (`orderKey`). */
  readonly order: string;
  readonly isCompany: boolean;
  readonly country: number | undefined;
  readonly parent: number | undefined;
  readonly tags: readonly number[];
}

export const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const many2oneId = (value: unknown): number | undefined => (Array.isArray(value) && typeof value[0] === 'number' ? value[0] : undefined);

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
  return {
    record,
    id: record.id,
    text: searchableText(record),
    // Written by the mirror with the record (mirror.ts): not folded again here.
    order: typeof record._order === 'string' ? record._order : orderKey(record),
    isCompany: record.is_company === true,
    country: many2oneId(record.country_id),
    parent: many2oneId(record.parent_id),
    tags,
  };
}

/** The list's order (`orderKey`). */
export function odooOrder(a: Entry, b: Entry): number {
  return a.order < b.order ? -1 : a.order > b.order ? 1 : 0;
}
