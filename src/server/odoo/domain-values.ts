/**
 * Domain values to SQL parameters: Odoo's `field.convert_to_column(value)`, checked here so that a
 * bad value is a `ValueError` worded like Python's (`int('abc')`, `strptime`) before any SQL runs.
 */
import { isTruthy } from './domain-tree.ts';
import { valueError } from './errors.ts';
import { pyRepr, pyReprShort, pyTypeName } from './python-repr.ts';
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
      return toDate(value, origin);
    case 'datetime':
      return toDatetime(value, origin);
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

/** Python's `int(value)` (which truncates floats), limited to Postgres `integer`. */
export function toInt(value: unknown): number {
  let result: number;
  if (typeof value === 'number' && Number.isFinite(value)) result = Math.trunc(value);
  else if (typeof value === 'boolean') result = value ? 1 : 0;
  else if (typeof value === 'string') {
    if (!/^\s*[+-]?\d+(_\d+)*\s*$/.test(value)) throw valueError(`invalid literal for int() with base 10: ${pyReprShort(value)}`);
    result = Number(value.replaceAll('_', '').trim());
  } else {
    throw valueError(`int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(value)}'`);
  }
  if (result < INT4_MIN || result > INT4_MAX) throw valueError('integer out of range');
  return result === 0 ? 0 : result; // no -0
}

/** Python's `float(value)`. */
function toFloat(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const text = value.trim().replaceAll('_', '');
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw valueError(`could not convert string to float: ${pyReprShort(value)}`);
    return Number(text);
  }
  throw valueError(`float() argument must be a string or a real number, not '${pyTypeName(value)}'`);
}

// The patterns Python's strptime uses for %Y, %m, %d, %H, %M, %S.
const DATE_PART = String.raw`(\d{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])`;
const TIME_PART = String.raw`(2[0-3]|[01]\d|\d):([0-5]\d|\d):(6[01]|[0-5]\d|\d)`;
const DATE_RE = new RegExp(`^${DATE_PART}$`);
const DATETIME_RE = new RegExp(String.raw`^${DATE_PART}\s+${TIME_PART}$`);

/** `fields.Date.to_date`: the first 10 characters, as `%Y-%m-%d`. */
function toDate(value: unknown, origin: ValueOrigin): string {
  if (typeof value !== 'string') throw invalidValue(value, origin);
  const text = value.slice(0, 10);
  const match = DATE_RE.exec(text);
  if (match === null) throw valueError(`time data ${pyRepr(text)} does not match format '%Y-%m-%d'`);
  return checkedDate(match);
}

/** `fields.Datetime.to_datetime`: the first 19 characters, a bare date meaning midnight. */
function toDatetime(value: unknown, origin: ValueOrigin): string {
  if (typeof value !== 'string') throw invalidValue(value, origin);
  let text = value.slice(0, 19);
  if (text.length === 10) text += ' 00:00:00';
  const match = DATETIME_RE.exec(text);
  if (match === null) throw valueError(`time data ${pyRepr(text)} does not match format '%Y-%m-%d %H:%M:%S'`);
  const [hour, minute, second] = [match[4], match[5], match[6]].map(Number) as [number, number, number];
  if (second > 59) throw valueError('second must be in 0..59');
  return `${checkedDate(match)} ${pad(hour)}:${pad(minute)}:${pad(second)}`;
}

function checkedDate(match: RegExpExecArray): string {
  const [year, month, day] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  if (year < 1) throw valueError(`year ${year} is out of range`);
  // Day 0 of the next month is the last day of this one.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) throw valueError('day is out of range for month');
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
