/**
 * Text folding for local search: case- and diacritic-insensitive words, the same for the partners'
 * fields and for what the user types, so "zurich" finds "Zürich" and "ÉLODIE" finds "élodie".
 */

// Letters that NFD does not split into a base letter and a combining mark.
const LETTERS: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h' };
const SPECIAL = /[ßæœøłđðþıħ]/g;
const MARKS = /\p{M}+/gu;
const SEPARATORS = /[^\p{L}\p{N}]+/u;

/** Anything outside printable ASCII (space to tilde). */
const NOT_PLAIN = /[^ -~]/;

/** Lower case, without diacritics. */
export function fold(text: string): string {
  // Most contact data is ASCII: no need to decompose it.
  if (!NOT_PLAIN.test(text)) return text.toLowerCase();
  return text.normalize('NFD').replace(MARKS, '').toLowerCase().replace(SPECIAL, (letter) => LETTERS[letter] ?? letter);
}

/** The folded words of `text`: runs of letters and digits (punctuation, spaces and emoji split them). */
export function words(text: string): string[] {
  return fold(text)
    .split(SEPARATORS)
    .filter((word) => word !== '');
}

/**
 * The words a phone number is found by, besides its own: the digits from each group on, so that
 * "603555" and "6035550000" find "+1 603-555-0000" whatever the user left out or put in between.
 */
export function phoneWords(phone: string): string[] {
  const groups = phone.split(/\D+/).filter((group) => group !== '');
  const out: string[] = [];
  for (let i = 0; i < groups.length - 1; i += 1) out.push(groups.slice(i).join(''));
  return out;
}
