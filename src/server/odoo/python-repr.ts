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

/** The longest value repr an error message quotes; longer ones are cut and end with `...`. */
export const MESSAGE_REPR_LIMIT = 200;

/**
 * `repr(value)` for an error message: at most `limit` characters (then `...`). It stops walking the
 * value once the budget is spent, so quoting a megabyte string or a deeply nested list costs
 * O(limit), never O(size) — messages are built from user input an attacker controls.
 */
export function pyReprShort(value: unknown, limit: number = MESSAGE_REPR_LIMIT): string {
  const out = { text: '', limit };
  writeRepr(value, out);
  return out.text.length > limit ? `${cutAt(out.text, limit)}...` : out.text;
}

/** `str(value)` for an error message, as short as `pyReprShort`. */
export function pyStrShort(value: unknown, limit: number = MESSAGE_REPR_LIMIT): string {
  if (typeof value !== 'string') return pyReprShort(value, limit);
  return value.length > limit ? `${cutAt(value, limit)}...` : value;
}

/** `repr(tuple(items))`: how Odoo prints a domain leaf, `(left, operator, right)`; each item as `pyReprShort`. */
export function pyTupleRepr(items: readonly unknown[]): string {
  if (items.length === 1) return `(${pyReprShort(items[0])},)`;
  return `(${items.map((item) => pyReprShort(item)).join(', ')})`;
}

interface ReprBuffer {
  text: string;
  readonly limit: number;
}

/** Appends `repr(value)` to `out` until `out` holds more than `out.limit` characters. */
function writeRepr(value: unknown, out: ReprBuffer): void {
  if (out.text.length > out.limit) return;
  if (typeof value === 'string') {
    // Only the head can show: escaping it is enough (an escape never shrinks a character).
    const room = out.limit - out.text.length + 1;
    out.text += pyStringRepr(value.length > room ? value.slice(0, room) : value);
    return;
  }
  if (Array.isArray(value)) {
    out.text += '[';
    for (let i = 0; i < value.length && out.text.length <= out.limit; i++) {
      if (i > 0) out.text += ', ';
      writeRepr(value[i], out);
    }
    out.text += ']';
    return;
  }
  if (value !== null && typeof value === 'object') {
    out.text += '{';
    let first = true;
    for (const key in value) {
      if (out.text.length > out.limit) break;
      if (!Object.hasOwn(value, key)) continue;
      if (!first) out.text += ', ';
      first = false;
      writeRepr(key, out);
      out.text += ': ';
      writeRepr((value as Record<string, unknown>)[key], out);
    }
    out.text += '}';
    return;
  }
  out.text += pyRepr(value);
}

/** The first `length` UTF-16 units of `text`, without splitting a surrogate pair. */
function cutAt(text: string, length: number): string {
  const code = text.charCodeAt(length - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
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
