/**
 * Search over the partner mirror, in memory: the offline answer to the list, its filters and the
 * detail. Each partner's searchable text is folded once (normalize.ts) into words; sorted word
 * lists (word-index.ts) turn "each query word is the prefix of some word" into a few binary
 * searches and postings marked in typed arrays, and the scan in Odoo order reads columns, not
 * objects: a first page at 50,000 partners in about a millisecond (bench/offline.ts, budget 16 ms p95).
 * Partners added by a sync since the word lists were built are matched by a string scan until
 * enough of them call for a rebuild.
 *
 * Order: how well the name matches (the whole name, its start, the start of its words, another
 * field), then res.partner's `_order` ('complete_name ASC, id DESC'); with no words, that order alone. */
import type { AccountDB } from '../storage/account-db.ts';
import { readTags, type MirrorChanges, type MirroredPartner, type Named } from './mirror.ts';
import { words } from './normalize.ts';
import { entryOf, odooOrder, rankOf, text, type Entry } from './partner-entry.ts';
import { Marks, WordIndex } from './word-index.ts';

/** The list's filters (the same shape as features/partners/filters.ts PartnerFilters, which this layer may not import). */
export interface LocalFilters {
  readonly q: string;
  readonly type: 'all' | 'company' | 'person';
  readonly country: number | undefined;
  readonly tag: number | undefined;
}

export interface LocalPage {
  readonly offset: number;
  readonly limit: number;
}

export interface LocalSearchResult {
  /** Raw Odoo records: features/partners/api.ts's toPartnerRow / toPartnerDetail apply. */
  readonly rows: MirroredPartner[];
  readonly total: number;
}

export interface LocalIndex {
  search(filters: LocalFilters, page: LocalPage): LocalSearchResult;
  /** The record, with `child_ids` filled from the mirror (the mirror does not store it: a new contact does not touch its company's write_date). */
  get(id: number): MirroredPartner | undefined;
  /** The contacts of a company, in Odoo's order. */
  children(parentId: number): MirroredPartner[];
  /** The countries the mirror's partners are in, by name. */
  countries(): Named[];
  /** The partner tags, by name. */
  tags(): Named[];
  /** Follows a sync step (sync.ts `changes`). */
  apply(changes: MirrorChanges): void;
  readonly size: number;
}

const byName = (a: Named, b: Named): number => a.name.localeCompare(b.name) || a.id - b.id;

/** Entries added since the word indexes were built are scanned; past this many, the indexes are rebuilt. */
const MAX_UNINDEXED = 2000;

interface WordIndexes {
  /** Every search field's words. */
  readonly all: WordIndex;
  /** The name's words (rank 2). */
  readonly names: WordIndex;
  /** The whole folded name as one "word" (ranks 0 and 1: the name starts with the query). */
  readonly whole: WordIndex;
}

/**
 * The entries in Odoo order as columns (struct of arrays): the scan of 50,000 partners reads
 * typed arrays in sequence and touches an entry object only for the rows it keeps.
 */
interface Columns {
  /** The word-index slot, or -1 for an entry added since (scanned by its haystack). */
  readonly slot: Int32Array;
  readonly company: Uint8Array;
  /** The country id, 0 for none. */
  readonly country: Int32Array;
  /** Per tag id, 1 where the entry has it (filled when a tag is first filtered on). */
  readonly tags: Map<number, Uint8Array>;
}

export function createLocalIndex(records: Iterable<MirroredPartner>, tags: readonly Named[] = []): LocalIndex {
  const byId = new Map<number, Entry>();
  for (const record of records) byId.set(record.id, entryOf(record));
  let ordered: Entry[] = [...byId.values()];
  let sorted = false;
  let tagList = [...tags].sort(byName);
  let countryList: Named[] | undefined;
  let indexes: WordIndexes | undefined;
  let columns: Columns | undefined;
  let unindexed = 0;
  const marks = { all: new Marks(), names: new Marks(), whole: new Marks() };

  // Sorting lazily: after a few changes the array is nearly sorted, which TimSort does in one pass.
  const inOrder = (): Entry[] => {
    if (!sorted) {
      ordered.sort(odooOrder);
      sorted = true;
      columns = undefined;
    }
    return ordered;
  };

  const wordIndexes = (): WordIndexes => {
    if (indexes === undefined || unindexed > MAX_UNINDEXED) {
      const live = [...byId.values()];
      live.forEach((entry, slot) => {
        entry.slot = slot;
        entry.indexed = true;
      });
      indexes = {
        all: new WordIndex(live.length, (slot) => live[slot]?.words),
        names: new WordIndex(live.length, (slot) => live[slot]?.nameList),
        whole: new WordIndex(live.length, (slot) => {
          const name = live[slot]?.name;
          return name === undefined || name === '' ? undefined : [name];
        }),
      };
      for (const m of Object.values(marks)) m.reset(live.length);
      unindexed = 0;
      columns = undefined;
    }
    return indexes;
  };

  const columnsOf = (entries: readonly Entry[]): Columns => {
    if (columns === undefined) {
      const slot = new Int32Array(entries.length);
      const company = new Uint8Array(entries.length);
      const country = new Int32Array(entries.length);
      entries.forEach((entry, position) => {
        slot[position] = entry.indexed ? entry.slot : -1;
        company[position] = entry.isCompany ? 1 : 0;
        country[position] = entry.country ?? 0;
      });
      columns = { slot, company, country, tags: new Map() };
    }
    return columns;
  };

  const tagColumn = (cols: Columns, entries: readonly Entry[], tag: number): Uint8Array => {
    let column = cols.tags.get(tag);
    if (column === undefined) {
      column = new Uint8Array(entries.length);
      entries.forEach((entry, position) => {
        if (entry.tags.includes(tag) && column !== undefined) column[position] = 1;
      });
      cols.tags.set(tag, column);
    }
    return column;
  };

  // Built now, not on the first keystroke.
  wordIndexes();
  columnsOf(inOrder());

  const childrenOf = (parentId: number): MirroredPartner[] => inOrder().filter((entry) => entry.parent === parentId).map((entry) => entry.record);

  return {
    get size() {
      return byId.size;
    },

    search(filters, page) {
      const query = words(filters.q);
      const needles = query.map((word) => ` ${word}`);
      const phrase = query.join(' ');
      const index = wordIndexes();
      const entries = inOrder();
      const cols = columnsOf(entries);
      const searching = query.length > 0;
      const target = searching ? marks.all.markAll(index.all, query) : 0;
      const nameTarget = searching ? marks.names.markAll(index.names, query) : 0;
      const wholeTarget = searching ? marks.whole.markAll(index.whole, [phrase]) : 0;
      const company = filters.type === 'all' ? -1 : filters.type === 'company' ? 1 : 0;
      const country = filters.country ?? -1;
      const tagged = filters.tag === undefined ? undefined : tagColumn(cols, entries, filters.tag);
      // Four ranks, each filled in Odoo order: concatenated, they are the result in order. A page
      // takes at most `offset + limit` rows from any one rank, so each keeps no more (less garbage).
      const keep = Math.max(0, page.offset) + Math.max(0, page.limit);
      const ranks: Entry[][] = [[], [], [], []];
      const counts = [0, 0, 0, 0];
      for (let position = 0; position < entries.length; position += 1) {
        if (company !== -1 && cols.company[position] !== company) continue;
        if (country !== -1 && cols.country[position] !== country) continue;
        if (tagged !== undefined && tagged[position] !== 1) continue;
        let rank = 3;
        if (searching) {
          const slot = cols.slot[position] ?? -1;
          if (slot >= 0) {
            if (!marks.all.has(slot, target)) continue;
            if (marks.whole.has(slot, wholeTarget)) rank = entries[position]?.name === phrase ? 0 : 1;
            else if (marks.names.has(slot, nameTarget)) rank = 2;
          } else {
            const entry = entries[position];
            if (entry === undefined || !needles.every((needle) => entry.haystack.includes(needle))) continue;
            rank = rankOf(entry, phrase, needles);
          }
        }
        const count = counts[rank] ?? 0;
        counts[rank] = count + 1;
        const entry = entries[position];
        if (count < keep && entry !== undefined) ranks[rank]?.push(entry);
      }
      const total = counts.reduce((sum, count) => sum + count, 0);
      const rows: MirroredPartner[] = [];
      let skip = Math.max(0, page.offset);
      ranks.forEach((rank, i) => {
        const count = counts[i] ?? 0;
        if (rows.length >= page.limit) return;
        if (skip >= count) {
          skip -= count;
          return;
        }
        for (const entry of rank.slice(skip, skip + page.limit - rows.length)) rows.push(entry.record);
        skip = 0;
      });
      return { rows, total };
    },

    get(id) {
      const entry = byId.get(id);
      if (entry === undefined) return undefined;
      return { ...entry.record, child_ids: childrenOf(id).map((child) => child.id) };
    },

    children: childrenOf,

    countries() {
      if (countryList === undefined) {
        const countries = new Map<number, string>();
        for (const entry of byId.values()) {
          const value = entry.record.country_id;
          if (entry.country !== undefined && Array.isArray(value) && !countries.has(entry.country)) countries.set(entry.country, text(value[1]));
        }
        countryList = [...countries].map(([id, name]) => ({ id, name })).sort(byName);
      }
      return countryList;
    },

    tags: () => tagList,

    apply(changes) {
      if (changes.reset === true) {
        byId.clear();
        indexes = undefined;
      }
      for (const id of changes.deleted) byId.delete(id);
      for (const record of changes.upserted) byId.set(record.id, entryOf(record));
      unindexed += changes.upserted.length;
      if (changes.tags !== undefined) tagList = [...changes.tags].sort(byName);
      if (changes.reset === true || changes.deleted.length > 0 || changes.upserted.length > 0) {
        // Rebuilt from the map in the previous order (kept entries stay where they were; new ones go last), then re-sorted.
        const previous = ordered.filter((entry) => byId.get(entry.id) === entry);
        const kept = new Set(previous);
        ordered = [...previous, ...[...byId.values()].filter((entry) => !kept.has(entry))];
        sorted = false;
        columns = undefined;
        countryList = undefined;
      }
    },
  };
}

/** The index of what the account's mirror holds now. */
export async function loadIndex(db: AccountDB): Promise<LocalIndex> {
  const [records, tags] = await Promise.all([db.getAll('partners'), readTags(db)]);
  return createLocalIndex(records, tags);
}
