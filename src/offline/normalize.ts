/**
 * Text folding for local search: case- and diacritic-insensitive text, the same for the partners'
 * fields and for what the user types, so "zurich" finds "Zürich" and "ÉLODIE" finds "élodie".
 */

// Letters that NFD does not split into a base letter and a combining mark.
const LETTERS: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h' };
const SPECIAL = /[ßæœøłđðþıħ]/g;
const MARKS = /\p{M}+/gu;

/** Anything outside printable ASCII (space to tilde). */
const NOT_PLAIN = /[^ -~]/;

/** Lower case, without diacritics. */
export function fold(text: string): string {
  // Most contact data is ASCII: no need to decompose it.
  if (!NOT_PLAIN.test(text)) return text.toLowerCase();
  return text.normalize('NFD').replace(MARKS, '').toLowerCase().replace(SPECIAL, (letter) => LETTERS[letter] ?? letter);
}
