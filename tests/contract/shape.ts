/**
 * Compares two JSON results by shape, as the wire contract needs: same keys and same encodings,
 * while values that differ only by data are fine. Odoo writes `false` for every empty value, so
 * `false` matches a string, list or object in the same place (e.g. `image_128: false` vs base64).
 */
export function shapeMismatches(expected: unknown, actual: unknown, path = 'result'): string[] {
  if (expected === false || actual === false) {
    const other = expected === false ? actual : expected;
    return typeof other === 'boolean' || typeof other === 'string' || Array.isArray(other) || (other !== null && typeof other === 'object')
      ? []
      : [`${path}: ${describe(expected)} vs ${describe(actual)}`];
  }
  if (typeof expected === 'string' && expected.includes(' omitted ')) return []; // trimmed in the capture
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected a list, got ${describe(actual)}`];
    if (expected.length === 0 || actual.length === 0) return [];
    // A pair such as many2one [id, "name"] compares element by element; a list by its first item.
    const isPair = expected.length === 2 && typeof expected[0] !== typeof expected[1];
    if (isPair) return expected.flatMap((item, i) => shapeMismatches(item, actual[i], `${path}[${i}]`));
    const firstRecord = expected.find((item) => typeof item !== 'string' || !item.includes(' omitted '));
    return shapeMismatches(firstRecord, actual[0], `${path}[0]`);
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [`${path}: expected an object, got ${describe(actual)}`];
    const want = expected as Record<string, unknown>;
    const got = actual as Record<string, unknown>;
    const missing = Object.keys(want).filter((key) => !(key in got)).map((key) => `${path}.${key}: missing`);
    // Records carry exactly the fields asked for: nothing extra either.
    const extra = 'id' in want ? Object.keys(got).filter((key) => !(key in want)).map((key) => `${path}.${key}: not asked for`) : [];
    const nested = Object.keys(want).filter((key) => key in got).flatMap((key) => shapeMismatches(want[key], got[key], `${path}.${key}`));
    return [...missing, ...extra, ...nested];
  }
  if (typeof expected === 'number') return typeof actual === 'number' ? [] : [`${path}: expected a number, got ${describe(actual)}`];
  return typeof expected === typeof actual || (expected === null && actual === null) ? [] : [`${path}: ${describe(expected)} vs ${describe(actual)}`];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}
