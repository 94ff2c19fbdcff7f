/**
 * One partner as the local index holds it: its record, and what search, filters and order read,
 * folded once (normalize.ts) when the record comes in.
 */
import type { MirroredPartner } from './mirror.ts';
import { phoneWords, words } from './normalize.ts';

export interface Entry {
  readonly record: MirroredPartner;
  readonly id: number;
  /** Its place in the word index's slots (reassigned when the word index is rebuilt). */
  slot: number;
  /** Indexed in the current word index; otherwise found by a scan of `haystack` until the next rebuild. */
  indexed: boolean;
  /** complete_name as Odoo sorts it; undefined sorts last (NULLS LAST of ASC). */
  readonly sortKey: string | undefined;
  /** The folded name's words joined by one space. */
  readonly name: string;
  /** ' ' + each folded name word. */
  readonly nameWords: string;
  readonly nameList: readonly string[];
  /** The folded words of the search fields (name, email, phone, city, ref) and the phone's digit runs. */
  readonly words: readonly string[];
  /** ' ' + each of `words`. */
  readonly haystack: string;
  readonly isCompany: boolean;
  readonly country: number | undefined;
  readonly parent: number | undefined;
  readonly tags: readonly number[];
}

export const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const many2oneId = (value: unknown): number | undefined => (Array.isArray(value) && typeof value[0] === 'number' ? value[0] : undefined);

export function entryOf(record: MirroredPartner): Entry {
  const nameWords = words(text(record.name));
  const phone = text(record.phone);
  const mobile = text(record.mobile);
  const all = [
    ...new Set([
      ...nameWords,
      ...words(text(record.email)),
      ...words(phone),
      ...phoneWords(phone),
      ...words(mobile),
      ...phoneWords(mobile),
      ...words(text(record.city)),
      ...words(text(record.ref)),
    ]),
  ];
  const tags = Array.isArray(record.category_id) ? record.category_id.filter((id): id is number => typeof id === 'number') : [];
  return {
    record,
    id: record.id,
    slot: -1,
    indexed: false,
    sortKey: typeof record.complete_name === 'string' ? record.complete_name : typeof record.name === 'string' ? record.name : undefined,
    name: nameWords.join(' '),
    nameWords: ` ${nameWords.join(' ')}`,
    nameList: nameWords,
    words: all,
    haystack: ` ${all.join(' ')}`,
    isCompany: record.is_company === true,
    country: many2oneId(record.country_id),
    parent: many2oneId(record.parent_id),
    tags,
  };
}

/**
 * 'complete_name ASC, id DESC'. Code-unit order, as Postgres's "C" collation orders (the demo
 * server's); a real Odoo on a linguistic collation may place case and accents differently.
 */
export function odooOrder(a: Entry, b: Entry): number {
  if (a.sortKey !== b.sortKey) {
    if (a.sortKey === undefined) return 1;
    if (b.sortKey === undefined) return -1;
    return a.sortKey < b.sortKey ? -1 : 1;
  }
  return b.id - a.id;
}

/** 0: the whole name; 1: the name's start; 2: every word starts a name word; 3: found in another field. */
export function rankOf(entry: Entry, phrase: string, needles: readonly string[]): number {
  if (entry.name === phrase) return 0;
  if (entry.name.startsWith(phrase)) return 1;
  for (const needle of needles) if (!entry.nameWords.includes(needle)) return 3;
  return 2;
}
