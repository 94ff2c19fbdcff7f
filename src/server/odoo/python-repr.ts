/**
 * Python's `repr()` / `str()` of JSON values, so error messages read exactly like Odoo's: a leaf
 * prints as `('no_such_field', '=', 1)` (odoo-wire 08e), `false` as `False`, `null` as `None`.
 */

/** `repr(value)` for a value decoded from JSON (Python's json module gives str/int/float/bool/None/list/dict). */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return pyStringRepr(value);
  if (typeof value === 'number') return pyNumberRepr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => `${pyStringRepr(key)}: ${pyRepr(item)}`);
    return `{${entries.join(', ')}}`;
  }
  return pyStringRepr(String(value));
}

/** `repr(tuple(items))`: how Odoo prints a domain leaf, `(left, operator, right)`. */
export function pyTupleRepr(items: readonly unknown[]): string {
  if (items.length === 1) return `(${pyRepr(items[0])},)`;
  return `(${items.map(pyRepr).join(', ')})`;
}

/** `str(value)`: like `repr` except that a string prints bare. */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

/** Python's name for the type of a JSON value, as in "not 'list'". */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (Array.isArray(value)) return 'list';
  return 'dict';
}

function pyStringRepr(text: string): string {
  // Python prefers single quotes, and switches to double quotes when that avoids escaping.
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\') out += '\\\\';
    else if (char === quote) out += `\\${quote}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return out + quote;
}

function pyNumberRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  // JSON integers decode to Python ints, which print in full.
  if (Number.isInteger(value)) return BigInt(value).toString();
  // Python writes exponents with at least two digits ("1e-07"), JavaScript with one.
  return String(value).replace(/e([+-])(\d)$/, 'e$10$2');
}
