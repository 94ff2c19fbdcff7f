/**
 * Search over the partner mirror, in memory: the device's answer to the list, its filters, the
 * count and a company's contacts. A search means what it means on the server (partner-query.ts):
 * every typed word found inside one of the search fields, case and accents folded.
 *
 * The index answers with ids, in Odoo order; the records stay in storage and are read a page at a
 * time (mirror.ts `readPartners`). What it keeps is compact, so 200,000 partners fit a phone's tab:
 * one string of every partner's folded search text, and typed-array columns (ids, where each text
 * starts, company, country, parent, tags) in the list's order, plus the order keys. A scan jumps
 * through the text from hit to hit with `indexOf`; a query that narrows the previous one (typing
 * on) checks only the previous matches. Sync steps are queued (`apply`) and merged into the columns
 * on the next read, so a first sync of many pages does not rebuild them page after page.
 * bench/offline.ts measures it (budget 16 ms p95 at 50,000 partners, 50 ms at 200,000).
 */
import { idsAfter, type AccountDB } from '../storage/account-db.ts';
import { openChunk } from './mirror-writes.ts';
import { byName, readTags, type MirrorChanges, type MirroredPartner, type Named } from './mirror.ts';
import { entryOf, odooOrder, type Entry } from './partner-entry.ts';
import { foldedWords, type PartnerQuery } from './partner-query.ts';

/** The list's filters (partner-query.ts). */
export type LocalFilters = PartnerQuery;

export interface LocalPage {
  readonly offset: number;
  readonly limit: number;
}

export interface LocalSearchResult {
  /** The page's partner ids, in Odoo order. */
  readonly ids: number[];
  readonly total: number;
}

export interface LocalIndex {
  search(filters: LocalFilters, page: LocalPage): LocalSearchResult;
  /** The mirror holds this partner. */
  has(id: number): boolean;
  /** The ids of a company's contacts, in Odoo order (the mirror does not store `child_ids`: a new contact does not touch its company's write_date). */
  children(parentId: number): number[];
  /** The countries the mirror's partners are in, by name. */
  countries(): Named[];
  /** The partner tags, by name. */
  tags(): Named[];
  /** Follows a sync step (sync.ts `changes`); merged on the next read. */
  apply(changes: MirrorChanges): void;
  readonly size: number;
}


/**
 * The entries in Odoo order as columns (struct of arrays). The searchable texts are one string
 * (`text`, entry after entry, each from `starts[k]`): `indexOf` runs through it at memchr speed and
 * jumps from hit to hit, instead of a call per partner. A word never holds the field separator each
 * entry's fields start with, so a hit never spans two entries.
 */
interface Columns {
  readonly size: number;
  readonly ids: Int32Array;
  /** The order keys (partner-entry.ts `orderKey`), for merging changes in. */
  readonly order: readonly string[];
  readonly text: string;
  /** Where each entry's text starts in `text`; one more at the end (its length). */
  readonly starts: Int32Array;
  readonly company: Uint8Array;
  /** The country id, 0 for none. */
  readonly country: Int32Array;
  /** The parent id, 0 for none. */
  readonly parent: Int32Array;
  /** Entry k's tag ids are `tagIds[tagStarts[k] .. tagStarts[k + 1]]`. */
  readonly tagStarts: Int32Array;
  readonly tagIds: Int32Array;
  /** Per tag id, 1 where the entry has it (filled when a tag is first filtered on). */
  readonly tagColumns: Map<number, Uint8Array>;
  /** Ids and positions packed as `id * 2^21 + position`, sorted (built on first lookup). */
  lookup?: Float64Array;
}

/** Positions fit in 21 bits (2,097,152 partners); ids in 31. Their packing is exact in a double. */
const POSITION_BITS = 2 ** 21;

/** Builds columns from entries given in order. */
class ColumnsBuilder {
  readonly #ids: number[] = [];
  readonly #order: string[] = [];
  readonly #texts: string[] = [];
  readonly #starts: number[] = [];
  readonly #company: number[] = [];
  readonly #country: number[] = [];
  readonly #parent: number[] = [];
  readonly #tagStarts: number[] = [];
  readonly #tagIds: number[] = [];
  #length = 0;

  push(entry: Entry): void {
    this.#add(entry.id, entry.order, entry.text, entry.isCompany ? 1 : 0, entry.country, entry.parent);
    for (const tag of entry.tags) this.#tagIds.push(tag);
  }

  /** Entry `position` of `columns`, unchanged. */
  pushFrom(columns: Columns, position: number): void {
    this.#add(
      columns.ids[position] ?? 0,
      columns.order[position] ?? '',
      columns.text.slice(columns.starts[position], columns.starts[position + 1]),
      columns.company[position] ?? 0,
      columns.country[position] ?? 0,
      columns.parent[position] ?? 0,
    );
    for (let t = columns.tagStarts[position] ?? 0; t < (columns.tagStarts[position + 1] ?? 0); t += 1) this.#tagIds.push(columns.tagIds[t] ?? 0);
  }

  #add(id: number, order: string, text: string, company: number, country: number, parent: number): void {
    this.#ids.push(id);
    this.#order.push(order);
    this.#texts.push(text);
    this.#starts.push(this.#length);
    this.#length += text.length;
    this.#company.push(company);
    this.#country.push(country);
    this.#parent.push(parent);
    this.#tagStarts.push(this.#tagIds.length);
  }

  build(): Columns {
    if (this.#ids.length >= POSITION_BITS) throw new RangeError(`The device's index holds at most ${POSITION_BITS - 1} partners.`);
    const starts = new Int32Array(this.#ids.length + 1);
    starts.set(this.#starts);
    starts[this.#ids.length] = this.#length;
    const tagStarts = new Int32Array(this.#ids.length + 1);
    tagStarts.set(this.#tagStarts);
    tagStarts[this.#ids.length] = this.#tagIds.length;
    return {
      size: this.#ids.length,
      ids: Int32Array.from(this.#ids),
      order: this.#order,
      text: this.#texts.join(''),
      starts,
      company: Uint8Array.from(this.#company),
      country: Int32Array.from(this.#country),
      parent: Int32Array.from(this.#parent),
      tagStarts,
      tagIds: Int32Array.from(this.#tagIds),
      tagColumns: new Map(),
    };
  }
}

function positionOf(columns: Columns, id: number): number | undefined {
  if (columns.lookup === undefined) {
    const lookup = new Float64Array(columns.size);
    for (let position = 0; position < columns.size; position += 1) lookup[position] = (columns.ids[position] ?? 0) * POSITION_BITS + position;
    columns.lookup = lookup.sort();
  }
  const { lookup } = columns;
  let low = 0;
  let high = lookup.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const packed = lookup[middle] ?? 0;
    const found = Math.floor(packed / POSITION_BITS);
    if (found === id) return packed - found * POSITION_BITS;
    if (found < id) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

function tagColumn(columns: Columns, tag: number): Uint8Array {
  let column = columns.tagColumns.get(tag);
  if (column === undefined) {
    column = new Uint8Array(columns.size);
    for (let position = 0; position < columns.size; position += 1) {
      for (let t = columns.tagStarts[position] ?? 0; t < (columns.tagStarts[position + 1] ?? 0); t += 1) if (columns.tagIds[t] === tag) column[position] = 1;
    }
    columns.tagColumns.set(tag, column);
  }
  return column;
}

/** The last search's words and matching positions: a search whose words each contain one of them can only match fewer. */
interface LastSearch {
  readonly columns: Columns;
  readonly words: readonly string[];
  readonly positions: Int32Array;
}

const narrows = (next: readonly string[], previous: readonly string[]): boolean => previous.every((old) => next.some((word) => word.includes(old)));

/** Changes waiting to be merged: by id, the new entry or null for deleted. */
interface Pending {
  reset: boolean;
  readonly entries: Map<number, Entry | null>;
}

/** Merges pending changes into columns in one pass (the new entries sorted, then interleaved by order key). */
function merged(columns: Columns, pending: Pending): Columns {
  const added = [...pending.entries.values()].filter((entry): entry is Entry => entry !== null).sort(odooOrder);
  const builder = new ColumnsBuilder();
  let next = 0;
  if (!pending.reset) {
    for (let position = 0; position < columns.size; position += 1) {
      if (pending.entries.has(columns.ids[position] ?? 0)) continue;
      const order = columns.order[position] ?? '';
      for (let entry = added[next]; entry !== undefined && entry.order < order; entry = added[++next]) builder.push(entry);
      builder.pushFrom(columns, position);
    }
  }
  for (; next < added.length; next += 1) builder.push(added[next] as Entry);
  return builder.build();
}

/** Entries in any order (later ones win for an id), as columns. */
function columnsOf(entries: Iterable<Entry>): Columns {
  const byId = new Map<number, Entry>();
  for (const entry of entries) byId.set(entry.id, entry);
  const builder = new ColumnsBuilder();
  for (const entry of [...byId.values()].sort(odooOrder)) builder.push(entry);
  return builder.build();
}

function indexOver(initial: Columns, tags: readonly Named[], countryNames: Map<number, string>): LocalIndex {
  let columns = initial;
  let tagList = [...tags].sort(byName);
  let countryList: Named[] | undefined;
  let last: LastSearch | undefined;
  const pending: Pending = { reset: false, entries: new Map() };

  const current = (): Columns => {
    if (pending.reset || pending.entries.size > 0) {
      columns = merged(columns, pending);
      pending.reset = false;
      pending.entries.clear();
      countryList = undefined;
      last = undefined;
    }
    return columns;
  };

  /** The positions (in Odoo order) whose text holds every word: all of them without words. */
  const matching = (cols: Columns, words: readonly string[]): Int32Array | undefined => {
    if (words.length === 0) return undefined;
    const { text, starts } = cols;
    const count = cols.size;
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

  return {
    get size() {
      return current().size;
    },

    search(filters, page) {
      const cols = current();
      const positions = matching(cols, foldedWords(filters.q));
      const company = filters.type === 'all' ? -1 : filters.type === 'company' ? 1 : 0;
      // Any of the countries; any of the tags (one column per tag, built once, looked up per position).
      const countries = filters.countries.length === 0 ? undefined : new Set(filters.countries);
      const tagged = filters.tags.map((tag) => tagColumn(cols, tag));
      const from = Math.max(0, page.offset);
      const to = from + Math.max(0, page.limit);
      const ids: number[] = [];
      let total = 0;
      const length = positions?.length ?? cols.size;
      for (let i = 0; i < length; i += 1) {
        const position = positions === undefined ? i : (positions[i] ?? 0);
        if (company !== -1 && cols.company[position] !== company) continue;
        if (countries !== undefined && !countries.has(cols.country[position] ?? 0)) continue;
        if (tagged.length > 0 && !tagged.some((column) => column[position] === 1)) continue;
        if (total >= from && total < to) ids.push(cols.ids[position] ?? 0);
        total += 1;
      }
      return { ids, total };
    },

    has: (id) => positionOf(current(), id) !== undefined,

    children(parentId) {
      const cols = current();
      const ids: number[] = [];
      for (let position = 0; position < cols.size; position += 1) if (cols.parent[position] === parentId) ids.push(cols.ids[position] ?? 0);
      return ids;
    },

    countries() {
      const cols = current();
      if (countryList === undefined) {
        const present = new Set(cols.country);
        countryList = [...countryNames].filter(([id]) => id !== 0 && present.has(id)).map(([id, name]) => ({ id, name })).sort(byName);
      }
      return countryList;
    },

    tags: () => tagList,

    apply(changes) {
      if (changes.reset === true) {
        pending.reset = true;
        pending.entries.clear();
      }
      for (const id of changes.deleted) pending.entries.set(id, null);
      for (const record of changes.upserted) {
        const entry = entryOf(record);
        pending.entries.set(record.id, entry);
        if (entry.countryName !== undefined) countryNames.set(entry.country, entry.countryName);
      }
      if (changes.tags !== undefined) tagList = [...changes.tags].sort(byName);
    },
  };
}

function namesOf(entries: Iterable<Entry>, names = new Map<number, string>()): Map<number, string> {
  for (const entry of entries) if (entry.countryName !== undefined) names.set(entry.country, entry.countryName);
  return names;
}

/** An index over records given in any order (tests and benches; the app loads its own, `loadIndex`). */
export function createLocalIndex(records: Iterable<MirroredPartner>, tags: readonly Named[] = []): LocalIndex {
  const entries = [...records].map(entryOf);
  return indexOver(columnsOf(entries), tags, namesOf(entries));
}

/** Chunks read per transaction while loading: the first screen's own reads get their turn in between. */
const LOAD_BATCH = 50;

/**
 * The index of what the account's mirror holds now: its chunks read a batch at a time, each record
 * folded into an entry and let go, then the entries put in the list's order (each record carries
 * its order key: no folding here). A sync committing while this reads may show a record twice or
 * not at all: the caller applies those steps after.
 */
export async function loadIndex(db: AccountDB): Promise<LocalIndex> {
  const tags = await readTags(db);
  const entries: Entry[] = [];
  for (let after = -Infinity; ; ) {
    const tx = db.transaction('chunks');
    const [keys, chunks] = await Promise.all([tx.store.getAllKeys(idsAfter(after), LOAD_BATCH), tx.store.getAll(idsAfter(after), LOAD_BATCH)]);
    const opened = await Promise.all(chunks.map((chunk, i) => openChunk(db.sealKey, keys[i] as number, chunk)));
    for (const records of opened) for (const record of records) entries.push(entryOf(record));
    const last = keys.at(-1);
    if (last === undefined || keys.length < LOAD_BATCH) break;
    after = last;
  }
  return indexOver(columnsOf(entries), tags, namesOf(entries));
}
