/**
 * Building blocks for the parameterized SQL the domain and order compilers emit.
 *
 * Values only ever travel as `$n` parameters. Identifiers (tables, columns, aliases) come from the
 * registry or from the server's own code, never from a request; `identifier` re-checks that shape
 * so a registry typo cannot turn into SQL text.
 */

import { OdooException } from './errors.ts';

/**
 * PostgreSQL text cannot hold NUL: psycopg2 refuses it before the query, and Odoo answers with its
 * message as a ValueError. Checked here, so the database never sees it (and no driver error, with
 * the statement's parameters, reaches a log).
 */
const nulInText = () => new OdooException('builtins.ValueError', 'A string literal cannot contain NUL (0x00) characters.');

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  return Array.isArray(value) && value.some((item) => typeof item === 'string' && item.includes('\u0000'));
}

/** The positional parameters of one statement, in `$1, $2, …` order. */
export class Params {
  readonly values: unknown[] = [];

  /** Appends `value` and returns its placeholder (`"$3"`). */
  add(value: unknown): string {
    if (holdsNul(value)) throw nulInText();
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
