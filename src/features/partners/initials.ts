/** Up to two letters of a name, for its avatar (no picture is kept on the device). */
export function initials(name: string): string {
  const letters = name.match(/\p{L}[\p{L}\p{M}]*/gu) ?? [];
  const found = letters
    .slice(0, 2)
    .map((word) => Array.from(word)[0]?.toLocaleUpperCase() ?? '')
    .join('');
  // A name without letters ("%_\\", "42"): its first character.
  return found !== '' ? found : (Array.from(name.trim())[0] ?? '');
}
