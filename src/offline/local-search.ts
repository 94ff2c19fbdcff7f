/**
 * Search over the partner mirror, in memory: the device's answer to the list, its filters, the
 * count and the detail. A search means what it means on the server (partner-query.ts): every typed
 * word found inside one of the search fields, case and accents folded. Each partner's searchable
 * text is folded once; the scan in Odoo order reads columns (typed arrays, one string per partner),
 * and a query that narrows the previous one (typing on) scans only the previous matches.
 * bench/offline.ts measures it (budget 16 ms p95 at 50,000 partners).
 */
import { idsAfter, type AccountDB } from '../storage/account-db.ts';
import { readTags, type MirrorChanges, type MirroredPartner, type Named } from './mirror.ts';
import { entryOf, odooOrder, text, type Entry } from './partner-entry.ts';
import { foldedWords, type PartnerQuery } from './partner-query.ts';

/** The list's filters (partner-query.ts). */
export type LocalFilters = PartnerQuery;

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

const collator = new Intl.Collator(undefined, { sensitivity: 'base' });
const byName = (a: Named, b: Named): number => collator.compare(a.name, b.name) || a.id - b.id;

/**
 * The entries in Odoo order as columns (struct of arrays): a scan reads these, and touches an entry
 * only for the rows it keeps. The searchable texts are one string (`text`, entry after entry, each
 * from `starts[k]`): `indexOf` runs through it at memchr speed and jumps from hit to hit, instead of
 * a call per partner. A word never holds the field separator each entry's fields start with, so a
 * hit never spans two entries.
 */
interface Columns {
  readonly text: string;
  /** Where each entry's text starts in `text`; one more at the end (its length). */
  readonly starts: Int32Array;
  readonly company: Uint8Array;
  /** The country id, 0 for none. */
  readonly country: Int32Array;
  /** Per tag id, 1 where the entry has it (filled when a tag is first filtered on). */
  readonly tags: Map<number, Uint8Array>;
}

/** The last search's words and matching positions: a search whose words each contain one of them can only match fewer. */
interface LastSearch {
  readonly columns: Columns;
  readonly words: readonly string[];
  readonly positions: Int32Array;
}

const narrows = (next: readonly string[], previous: readonly string[]): boolean => previous.every((old) => next.some((word) => word.includes(old)));

export function createLocalIndex(records: Iterable<MirroredPartner>, tags: readonly Named[] = []): LocalIndex {
  const byId = new Map<number, Entry>();
  for (const record of records) byId.set(record.id, entryOf(record));
  let ordered: Entry[] = [...byId.values()];
  let sorted = false;
  let tagList = [...tags].sort(byName);
  let countryList: Named[] | undefined;
  let columns: Columns | undefined;
  let last: LastSearch | undefined;

  // Sorting lazily: after a few changes the array is nearly sorted, which TimSort does in one pass.
  const inOrder = (): Entry[] => {
    if (!sorted) {
      ordered.sort(odooOrder);
      sorted = true;
      columns = undefined;
    }
    return ordered;
  };

  const columnsOf = (entries: readonly Entry[]): Columns => {
    if (columns === undefined) {
      const company = new Uint8Array(entries.length);
      const country = new Int32Array(entries.length);
      entries.forEach((entry, position) => {
        company[position] = entry.isCompany ? 1 : 0;
        country[position] = entry.country ?? 0;
      });
      const starts = new Int32Array(entries.length + 1);
      let at = 0;
      entries.forEach((entry, position) => {
        starts[position] = at;
        at += entry.text.length;
      });
      starts[entries.length] = at;
      columns = { text: entries.map((entry) => entry.text).join(''), starts, company, country, tags: new Map() };
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

  /** The positions (in Odoo order) whose text holds every word: all of them without words. */
  const matching = (cols: Columns, words: readonly string[]): Int32Array | undefined => {
    if (words.length === 0) return undefined;
    const { text, starts } = cols;
    const count = starts.length - 1;
    const holdsAll = (position: number, skip: string | undefined): boolean => {
      const own = text.slice(starts[position] ?? 0, starts[position + 1] ?? 0);
      for (const word of words) if (word !== skip && !own.includes(word)) return false;
      return true;
    };
    // Typing on narrows the last result: when that result is small, check its partners only.
    const previous = last !== undefined && last.columns === cols && narrows(words, last.words) && last.positions.length * 8 < count ? last.positions : undefined;
    let found: Int32Array;
    let n = 0;
    if (previous !== undefined) {
      found = new Int32Array(previous.length);
      for (const position of previous) if (holdsAll(position, undefined)) found[n++] = position;
    } else {
      // The longest word finds the fewest partners: jump through the text from hit to hit, then check the rest.
      const lead = words.reduce((a, b) => (b.length > a.length ? b : a));
      const single = words.length === 1;
      found = new Int32Array(Math.min(count, 1024));
      let from = 0;
      for (;;) {
        const hit = text.indexOf(lead, from);
        if (hit < 0) break;
        // The entry holding the hit: the last whose start is at or before it.
        let low = 0;
        let high = count - 1;
        while (low < high) {
          const middle = (low + high + 1) >>> 1;
          if ((starts[middle] ?? 0) <= hit) low = middle;
          else high = middle - 1;
        }
        if (single || holdsAll(low, lead)) {
          if (n === found.length) {
            const grown = new Int32Array(Math.min(count, found.length * 2));
            grown.set(found);
            found = grown;
          }
          found[n++] = low;
        }
        from = starts[low + 1] ?? text.length;
      }
    }
    const positions = found.slice(0, n);
    last = { columns: cols, words, positions };
    return positions;
  };

  // Built now, not on the first keystroke.
  columnsOf(inOrder());

  const childrenOf = (parentId: number): MirroredPartner[] => inOrder().filter((entry) => entry.parent === parentId).map((entry) => entry.record);

  return {
    get size() {
      return byId.size;
    },

    search(filters, page) {
      const entries = inOrder();
      const cols = columnsOf(entries);
      const positions = matching(cols, foldedWords(filters.q));
      const company = filters.type === 'all' ? -1 : filters.type === 'company' ? 1 : 0;
      const country = filters.country ?? -1;
      const tagged = filters.tag === undefined ? undefined : tagColumn(cols, entries, filters.tag);
      const from = Math.max(0, page.offset);
      const to = from + Math.max(0, page.limit);
      const rows: MirroredPartner[] = [];
      let total = 0;
      const length = positions?.length ?? entries.length;
      for (let i = 0; i < length; i += 1) {
        const position = positions === undefined ? i : (positions[i] ?? 0);
        if (company !== -1 && cols.company[position] !== company) continue;
        if (country !== -1 && cols.country[position] !== country) continue;
        if (tagged !== undefined && tagged[position] !== 1) continue;
        if (total >= from && total < to) {
          const entry = entries[position];
          if (entry !== undefined) rows.push(entry.record);
        }
        total += 1;
      }
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
      if (changes.reset === true) byId.clear();
      for (const id of changes.deleted) byId.delete(id);
      for (const record of changes.upserted) byId.set(record.id, entryOf(record));
      if (changes.tags !== undefined) tagList = [...changes.tags].sort(byName);
      if (changes.reset === true || changes.deleted.length > 0 || changes.upserted.length > 0) {
        // Rebuilt from the map in the previous order (kept entries stay where they were; new ones go last), then re-sorted.
        const previous = ordered.filter((entry) => byId.get(entry.id) === entry);
        const kept = new Set(previous);
        ordered = [...previous, ...[...byId.values()].filter((entry) => !kept.has(entry))];
        sorted = false;
        columns = undefined;
        countryList = undefined;
        last = undefined;
      }
    },
  };
}

/** Records read per transaction while loading: the first screen's own reads get their turn in between. */
const LOAD_BATCH = 1000;

/** The index of what the account's mirror holds now. */
export async function loadIndex(db: AccountDB): Promise<LocalIndex> {
  const tags = await readTags(db);
  const records: MirroredPartner[] = [];
  for (let after = -Infinity; ; ) {
    const batch = await db.getAll('partners', idsAfter(after), LOAD_BATCH);
    for (const record of batch) records.push(record);
    const last = batch.at(-1);
    if (last === undefined || batch.length < LOAD_BATCH) break;
    after = last.id;
  }
  return createLocalIndex(records, tags);
}
