/**
 * Building blocks for the parameterized SQL the domain and order compilers emit.
 *
 * Values only ever travel as `$n` parameters. Identifiers (tables, columns, aliases) come from the
 * registry or from the server's own code, never from a request; `identifier` re-checks that shape
 * so a registry typo cannot turn into SQL text.
 */

/** The positional parameters of one statement, in `$1, $2, …` order. */
export class Params {
  readonly values: unknown[] = [];

  /** Appends `value` and returns its placeholder (`"$3"`). */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const plainIdentifier = /^[a-z_][a-z0-9_]*$/;

/**
 * A registry identifier, unquoted. Registry names are plain lower-case SQL identifiers, so they need
 * no quoting; anything else is a bug in the registry, not bad input, hence the plain `Error`.
 */
export function identifier(name: string): string {
  if (!plainIdentifier.test(name)) throw new Error(`Not a plain SQL identifier: ${JSON.stringify(name)}`);
  return name;
}

/** Hands out table aliases that cannot shadow `base` or each other inside one statement. */
export class AliasSource {
  #n = 0;

  constructor(readonly base: string) {}

  next(): string {
    this.#n += 1;
    return `${this.base}_s${this.#n}`;
  }
}
