/**
 * Domain values to SQL parameters: Odoo's `field.convert_to_column(value)` (odoo/fields.py). A bad
 * number is refused here as Python's `int()` / `float()` refuses it; a date or datetime is `str()` of
 * the value, as Odoo sends it, for PostgreSQL to read (or refuse: its InvalidDatetimeFormat).
 */
import { isTruthy } from './domain-tree.ts';
import { integerEqualsBoolean, typeError, valueError } from './errors.ts';
import { pyRepr, pyReprShort, pyStr, pyStrShort, pyTypeName } from './python-repr.ts';
import type { FieldDef } from './registry.ts';

/** How a field's values travel as parameters. */
export type ValueKind = 'int' | 'float' | 'text' | 'bool' | 'date' | 'datetime';

export function valueKind(field: FieldDef): ValueKind {
  switch (field.type) {
    case 'integer':
    case 'many2one':
    case 'one2many':
    case 'many2many':
      return 'int';
    case 'float':
      return 'float';
    case 'boolean':
      return 'bool';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    default:
      return 'text';
  }
}

/** The Postgres type a parameter of this kind is cast to (scalars) or an array of (`= ANY($n::int4[])`). */
export const sqlType: Readonly<Record<ValueKind, string>> = {
  int: 'int4',
  float: 'float8',
  text: 'text',
  bool: 'bool',
  date: 'date',
  datetime: 'timestamp',
};

/** Where a value came from, for messages: "… for field res.partner.color in leaf ('color', '=', 'x')". */
export interface ValueOrigin {
  readonly fieldLabel: string;
  /** The leaf's repr, built only when a message needs it (it quotes the user's value). */
  leaf(): string;
}

export type ColumnValue = number | string | boolean;

/** `convert_to_column` for one value of `field` (never `False`/`None`: callers deal with those). */
export function toColumnValue(field: FieldDef, value: unknown, origin: ValueOrigin): ColumnValue {
  switch (valueKind(field)) {
    case 'int':
      return toInt(value);
    case 'float':
      return toFloat(value);
    case 'bool':
      // Boolean.convert_to_column is Python's bool(): 'True', 'False' and 'x' are all true, '' is false.
      return isTruthy(value);
    case 'date':
    case 'datetime':
      // Date and Datetime keep Field.convert_to_column: `str(value)`. PostgreSQL reads it (2020-1-5,
      // 'today', an ISO 'T' …) or refuses it (psycopg2.errors.InvalidDatetimeFormat, DatetimeFieldOverflow).
      // A list or dict is never a date: its text is cut as an error message's is (a million items, or
      // nesting deep enough to overflow the stack, would otherwise be written out whole).
      return value !== null && typeof value === 'object' ? pyStrShort(value) : pyStr(value);
    case 'text': {
      if (field.type === 'selection' && typeof value !== 'string') throw invalidValue(value, origin);
      const text = toText(value, origin);
      // Char.convert_to_cache cuts a value to the field's size (`value[:size]`, in code points).
      return field.size === undefined ? text : Array.from(text).slice(0, field.size).join('');
    }
  }
}

/** `str(value)` for the text of a LIKE pattern (Odoo builds `f"%{value}%"`). */
export function toText(value: unknown, origin: ValueOrigin): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return pyRepr(value);
  throw invalidValue(value, origin);
}

function invalidValue(value: unknown, origin: ValueOrigin) {
  return valueError(`Invalid value ${pyReprShort(value)} for field ${origin.fieldLabel} in leaf ${origin.leaf()}`);
}

const INT4_MIN = -2147483648;
const INT4_MAX = 2147483647;

/** Integer.convert_to_column: `int(value or 0)` (which truncates floats), limited to Postgres `integer`. */
export function toInt(value: unknown): number {
  let result: number;
  if (!isTruthy(value)) return 0;
  if (typeof value === 'number' && Number.isFinite(value)) result = Math.trunc(value);
  else if (value === true) result = 1;
  else if (typeof value === 'string') {
    if (!/^\s*[+-]?\d+(_\d+)*\s*$/.test(value)) throw valueError(`invalid literal for int() with base 10: ${pyReprShort(value)}`);
    result = Number(value.replaceAll('_', '').trim());
  } else {
    throw typeError(`int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(value)}'`);
  }
  if (result < INT4_MIN || result > INT4_MAX) throw valueError('integer out of range');
  return result === 0 ? 0 : result; // no -0
}

/**
 * One id of a list Odoo hands to PostgreSQL as it is — `id IN %s` (`_condition_to_sql` converts no
 * id), a many2one's `convert_to_column` (`value or None`), the ids of an x2many: a string travels as
 * text for PostgreSQL to read as an integer (or refuse: InvalidTextRepresentation), `True` meets
 * "integer = boolean"; numbers are as `toInt`.
 */
export function sqlId(value: unknown): number | string {
  if (typeof value === 'string') return value;
  if (value === true) throw integerEqualsBoolean();
  return toInt(value);
}

/** Float.convert_to_column: `float(value or 0.0)`. */
function toFloat(value: unknown): number {
  if (!isTruthy(value)) return 0;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value === true) return 1;
  if (typeof value === 'string') {
    const text = value.trim().replaceAll('_', '');
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw valueError(`could not convert string to float: ${pyReprShort(value)}`);
    return Number(text);
  }
  throw typeError(`float() argument must be a string or a real number, not '${pyTypeName(value)}'`);
}
