/**
 * Python-style argument binding for `call_kw`: `args` fill parameters by position, `kwargs` by
 * name, and the errors read like Python's TypeErrors, because that is what Odoo answers.
 */
import { isTruthy } from '../domain-tree.ts';
import { OdooException, typeError } from '../errors.ts';

export interface Signature {
  readonly name: string;
  /** Parameter names after `self`, in order. */
  readonly params: readonly string[];
  /** How many leading params have no default. */
  readonly required: number;
  /** Keyword-only parameters (a `**kwargs` the method passes on, such as search_read's `load`). */
  readonly keywords?: readonly string[];
}

export function bindArguments(signature: Signature, args: unknown, kwargs: unknown): Record<string, unknown> {
  if (!Array.isArray(args)) throw typeError(`${signature.name}() arguments must be a list, not ${pythonType(args)}`);
  if (kwargs === null || typeof kwargs !== 'object' || Array.isArray(kwargs)) {
    throw typeError(`${signature.name}() keyword arguments must be a dict, not ${pythonType(kwargs)}`);
  }
  const { params, required, name } = signature;
  if (args.length > params.length) {
    const range = required === params.length ? `${params.length + 1}` : `from ${required + 1} to ${params.length + 1}`;
    throw typeError(`${name}() takes ${range} positional arguments but ${args.length + 1} were given`);
  }
  const bound: Record<string, unknown> = {};
  args.forEach((value, index) => {
    const param = params[index];
    if (param !== undefined) bound[param] = value;
  });
  for (const [key, value] of Object.entries(kwargs)) {
    if (key === 'context') continue; // call_kw pops the context before the call
    if (!params.includes(key) && signature.keywords?.includes(key) !== true) throw typeError(`${name}() got an unexpected keyword argument '${key}'`);
    if (Object.hasOwn(bound, key)) throw typeError(`${name}() got multiple values for argument '${key}'`);
    bound[key] = value;
  }
  const missing = params.slice(0, required).filter((param) => !Object.hasOwn(bound, param));
  if (missing.length > 0) {
    const list = missing.map((m) => `'${m}'`).join(' and ');
    throw typeError(`${name}() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${list}`);
  }
  return bound;
}

export function pythonType(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  switch (typeof value) {
    case 'string':
      return 'str';
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float';
    case 'boolean':
      return 'bool';
    default:
      return 'dict';
  }
}

/** Odoo's `limit`/`offset`: a non-negative int; `None`/`False` for "no limit". */
/**
 * A search's `limit` or `offset` as Odoo passes it to PostgreSQL (`LIMIT %s` only when truthy, odoo/tools/query.py):
 * 0, False, None and '' mean none; an integral string is a number (PostgreSQL casts it), a
 * fraction is rounded as numeric to bigint; the rest is PostgreSQL's own refusal.
 */
export function searchBound(value: unknown, what: 'limit' | 'offset'): number | undefined {
  if (!isTruthy(value)) return undefined;
  const clause = what.toUpperCase();
  let number: number;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) number = Number(value.trim());
  else if (typeof value === 'string') throw new OdooException('psycopg2.errors.InvalidTextRepresentation', `invalid input syntax for type bigint: "${value}"`);
  else if (typeof value === 'boolean') throw new OdooException('psycopg2.errors.DatatypeMismatch', `argument of ${clause} must be type bigint, not type boolean`);
  // psycopg2 sends a list as an ARRAY, and cannot send a dict at all.
  else if (Array.isArray(value)) throw new OdooException('psycopg2.errors.DatatypeMismatch', `argument of ${clause} must be type bigint, not type ${value.every((item) => Number.isInteger(item)) ? 'integer[]' : 'text[]'}`);
  else throw new OdooException('psycopg2.ProgrammingError', `can't adapt type '${value === null ? 'NoneType' : 'dict'}'`);
  // numeric → bigint rounds half away from zero.
  number = Math.sign(number) * Math.round(Math.abs(number));
  if (number < 0) {
    throw what === 'limit'
      ? new OdooException('psycopg2.errors.InvalidRowCountInLimitClause', 'LIMIT must not be negative')
      : new OdooException('psycopg2.errors.InvalidRowCountInResultOffsetClause', 'OFFSET must not be negative');
  }
  return Math.min(number, 2 ** 53 - 1);
}

export function optionalCount(value: unknown, what: string): number | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 2 ** 31 - 1) {
    throw typeError(`${what} must be a non-negative integer, not ${JSON.stringify(value)}`);
  }
  return value;
}

/** Record ids as Odoo takes them: one int or a list of ints. */
export function recordIds(value: unknown): number[] {
  const list = Array.isArray(value) ? value : [value];
  for (const id of list) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0 || id > 2 ** 31 - 1) {
      throw typeError(`Invalid record id ${JSON.stringify(id)}: ids are positive integers`);
    }
  }
  return [...new Set(list as number[])];
}
