/**
 * An inverted index of words for prefix search: every distinct word, sorted, with the slots of the
 * records that hold it. The words a query word is a prefix of are one contiguous run of the sorted
 * list (found by binary search), so a query costs the postings it touches, not a scan of every record.
 */
export class WordIndex {
  private readonly words: string[];
  /** Postings of words[i]: slots[starts[i]] … slots[starts[i + 1] - 1] (one array for all: fewer, larger allocations). */
  private readonly starts: Int32Array;
  private readonly slots: Int32Array;

  /** `wordsOf(slot)` gives the words of the record in `slot` (undefined for an empty slot). */
  constructor(slotCount: number, wordsOf: (slot: number) => readonly string[] | undefined) {
    const ids = new Map<string, number>();
    const pairWord: number[] = [];
    const pairSlot: number[] = [];
    for (let slot = 0; slot < slotCount; slot += 1) {
      for (const word of wordsOf(slot) ?? []) {
        let id = ids.get(word);
        if (id === undefined) {
          id = ids.size;
          ids.set(word, id);
        }
        pairWord.push(id);
        pairSlot.push(slot);
      }
    }
    this.words = [...ids.keys()].sort();
    const rankOfId = new Int32Array(ids.size);
    this.words.forEach((word, rank) => (rankOfId[ids.get(word) ?? 0] = rank));
    // A counting sort of the (word, slot) pairs by word rank; slots stay ascending within a word.
    this.starts = new Int32Array(this.words.length + 1);
    for (const id of pairWord) {
      const at = (rankOfId[id] ?? 0) + 1;
      this.starts[at] = (this.starts[at] ?? 0) + 1;
    }
    for (let i = 1; i < this.starts.length; i += 1) this.starts[i] = (this.starts[i] ?? 0) + (this.starts[i - 1] ?? 0);
    const next = this.starts.slice(0, this.words.length);
    this.slots = new Int32Array(pairSlot.length);
    pairWord.forEach((id, i) => {
      const rank = rankOfId[id] ?? 0;
      const at = next[rank] ?? 0;
      this.slots[at] = pairSlot[i] ?? 0;
      next[rank] = at + 1;
    });
  }

  /** Calls `visit(slots, from, to)` with the postings of every word starting with `prefix` (a slot may come more than once). */
  forEachWithPrefix(prefix: string, visit: (slots: Int32Array, from: number, to: number) => void): void {
    let low = 0;
    let high = this.words.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.words[middle] ?? '') < prefix) low = middle + 1;
      else high = middle;
    }
    let end = low;
    while (end < this.words.length && (this.words[end] ?? '').startsWith(prefix)) end += 1;
    // The words with a prefix are contiguous, and so are their postings.
    if (end > low) visit(this.slots, this.starts[low] ?? 0, this.starts[end] ?? 0);
  }
}

/**
 * Per slot, how far a query got: `markAll` leaves `target` on the slots holding every word (word i
 * moves a slot from base + i to base + i + 1), so there is nothing to clear between searches.
 */
export class Marks {
  private array = new Uint32Array(0);
  private stamp = 1;

  reset(slots: number): void {
    this.array = new Uint32Array(slots);
    this.stamp = 1;
  }

  /** Marks the slots of records holding, for every word, a word it is a prefix of; returns their mark. */
  markAll(index: WordIndex, words: readonly string[]): number {
    if (this.stamp > 0xffff_0000) this.reset(this.array.length);
    const base = this.stamp;
    const array = this.array;
    words.forEach((word, i) => {
      const from = base + i;
      index.forEachWithPrefix(word, (slots, start, end) => {
        // Before the first word every mark is older than `base`.
        if (i === 0) for (let k = start; k < end; k += 1) array[slots[k] ?? 0] = from + 1;
        else {
          for (let k = start; k < end; k += 1) {
            const slot = slots[k] ?? 0;
            if (array[slot] === from) array[slot] = from + 1;
          }
        }
      });
    });
    this.stamp = base + words.length + 1;
    return base + words.length;
  }

  has(slot: number, mark: number): boolean {
    return this.array[slot] === mark;
  }
}
