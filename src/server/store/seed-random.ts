/**
 * A small seeded PRNG (mulberry32) and the draws the seed makes with it. Same seed, same sequence,
 * on every platform: the seed never touches Math.random.
 */
export class SeedRandom {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** Picks by relative weight. */
  weighted<T>(items: readonly T[], weight: (item: T) => number, total: number): T {
    let left = this.next() * total;
    for (const item of items) {
      left -= weight(item);
      if (left < 0) return item;
    }
    return this.pick(items);
  }

  /** Up to `max` distinct items. */
  some<T>(items: readonly T[], max: number): T[] {
    const out: T[] = [];
    for (let i = 0; i < max; i += 1) {
      const item = this.pick(items);
      if (!out.includes(item)) out.push(item);
    }
    return out;
  }

  /** Fills a pattern: `#` a digit, `N` a digit from 2 to 9, `@` an uppercase letter; the rest is kept. */
  fill(pattern: string): string {
    let out = '';
    for (const c of pattern) {
      if (c === '#') out += String(this.int(10));
      else if (c === 'N') out += String(2 + this.int(8));
      else if (c === '@') out += String.fromCharCode(65 + this.int(26));
      else out += c;
    }
    return out;
  }

  /** A version-4-looking UUID, for database.uuid. */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(16).toString(16));
    hex[12] = '4';
    hex[16] = (8 + this.int(4)).toString(16);
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}

/** Lowercase ASCII for e-mail addresses and domains: accents dropped, a few letters spelled out. */
export function asciiSlug(text: string, separator: string): string {
  return text
    .replace(/[ßæœøłđıþ]/giu, (c) => spelled[c.toLowerCase()] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator)
    .replace(new RegExp(`^\\${separator}+|\\${separator}+$`, 'g'), '');
}

const spelled: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ı: 'i', þ: 'th' };
