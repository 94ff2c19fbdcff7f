/**
 * Python literals as REST add-ons take them in query strings — `domain=[('is_company','=',True)]`,
 * `fields=['name','email']` — parsed, never evaluated: only lists, tuples (as arrays), strings,
 * numbers, True/False/None. Anything else (a name, a call, an operator) is a syntax error, as
 * `ast.literal_eval` would refuse it. Bounded in size and depth.
 */
export class PythonLiteralError extends Error {
  override name = 'PythonLiteralError';
}

export type PythonLiteral = string | number | boolean | null | PythonLiteral[];

const MAX_LENGTH = 64 * 1024;
const MAX_DEPTH = 32;
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

export function parsePythonLiteral(text: string): PythonLiteral {
  if (text.length > MAX_LENGTH) throw new PythonLiteralError(`the literal is longer than ${MAX_LENGTH} characters`);
  const parser = new Parser(text);
  const value = parser.value(0);
  parser.skipSpace();
  if (!parser.done()) parser.fail('unexpected text after the value');
  return value;
}

class Parser {
  #at = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.#at >= this.text.length;
  }

  fail(message: string): never {
    throw new PythonLiteralError(`${message} at position ${this.#at}`);
  }

  skipSpace(): void {
    while (!this.done() && /\s/.test(this.text[this.#at] ?? '')) this.#at++;
  }

  value(depth: number): PythonLiteral {
    if (depth > MAX_DEPTH) this.fail('the literal is nested too deeply');
    this.skipSpace();
    const c = this.text[this.#at];
    if (c === '[') return this.sequence(']', depth);
    if (c === '(') return this.sequence(')', depth);
    if (c === "'" || c === '"') return this.string(c);
    const word = /^(?:True|False|None)\b/.exec(this.text.slice(this.#at, this.#at + 6))?.[0];
    if (word !== undefined) {
      this.#at += word.length;
      return word === 'True' ? true : word === 'False' ? false : null;
    }
    const number = /^[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)/.exec(this.text.slice(this.#at, this.#at + 64))?.[0];
    if (number !== undefined) {
      this.#at += number.length;
      const parsed = Number(number);
      if (!Number.isFinite(parsed)) this.fail('a number out of range');
      return parsed;
    }
    return this.fail(c === undefined ? 'the literal ends too early' : `unexpected ${JSON.stringify(c)}`);
  }

  sequence(close: ']' | ')', depth: number): PythonLiteral[] {
    this.#at++;
    const items: PythonLiteral[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.#at] === close) {
        this.#at++;
        return items;
      }
      items.push(this.value(depth + 1));
      this.skipSpace();
      const next = this.text[this.#at];
      if (next === ',') this.#at++;
      else if (next !== close) this.fail(`expected "," or "${close}"`);
    }
  }

  string(quote: string): string {
    this.#at++;
    let out = '';
    for (;;) {
      const c = this.text[this.#at];
      if (c === undefined) this.fail('an unterminated string');
      this.#at++;
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.#at];
      if (e === undefined) this.fail('an unterminated string');
      this.#at++;
      const simple = ESCAPES[e];
      if (simple !== undefined) out += simple;
      else if (e === 'x' || e === 'u') {
        const length = e === 'x' ? 2 : 4;
        const hex = this.text.slice(this.#at, this.#at + length);
        if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) this.fail('a bad escape');
        out += String.fromCharCode(parseInt(hex, 16));
        this.#at += length;
      } else out += `\\${e}`; // Python keeps unknown escapes as written
    }
  }
}
