/**
 * One condition on one SQL expression, as Odoo 18's `BaseModel._condition_to_sql` writes it
 * (odoo/models.py), including its NULL rules: `!=` also matches NULL, `= False` on a char field
 * also matches '', on a number field also matches 0, `in [.., False]` also matches NULL.
 */
import { isTruthy } from './domain-tree.ts';
import { sqlId, sqlType, toColumnValue, toText, valueKind, type ColumnValue, type ValueOrigin } from './domain-values.ts';
import { keyError, valueError } from './errors.ts';
import { pyTupleRepr } from './python-repr.ts';
import type { FieldDef } from './registry.ts';
import type { Params } from './sql.ts';

export interface Condition {
  readonly field: FieldDef;
  /** The field's SQL over its table alias: `t.name`, or a parenthesized expression. */
  readonly expr: string;
  readonly operator: string;
  readonly value: unknown;
  /** For messages. */
  readonly origin: ValueOrigin;
}

const sqlOperators: Readonly<Record<string, string>> = {
  '=': '=',
  '!=': '!=',
  '<=': '<=',
  '<': '<',
  '>': '>',
  '>=': '>=',
  '=like': 'LIKE',
  '=ilike': 'ILIKE',
  like: 'LIKE',
  ilike: 'ILIKE',
  'not like': 'NOT LIKE',
  'not ilike': 'NOT ILIKE',
};

export const NEGATIVE_OPERATORS: ReadonlySet<string> = new Set(['!=', 'not like', 'not ilike', 'not in']);
const WILDCARD_OPERATORS: ReadonlySet<string> = new Set(['like', 'ilike', 'not like', 'not ilike']);

export function conditionSql(params: Params, condition: Condition): string {
  const { field, expr, origin } = condition;
  let { operator, value } = condition;
  if (operator === '=?') {
    // '=?' is TRUE when the value is False/None, '=' otherwise.
    if (value === false || value === null || value === undefined) return 'TRUE';
    operator = '=';
  }
  if (operator === 'in' || operator === 'not in') return inSql(params, condition, operator);

  const sqlOperator = Object.hasOwn(sqlOperators, operator) ? sqlOperators[operator] : undefined;
  // `expression.SQL_OPERATORS[operator]` (_condition_to_sql): child_of / parent_of on a field that is not relational.
  if (sqlOperator === undefined) throw keyError(operator);
  const isNumber = (field.type === 'integer' || field.type === 'float') && field.name !== 'id';
  const isChar = field.type === 'char' || field.type === 'text' || field.type === 'html';
  const isEquality = operator === '=' || operator === '!=';

  if (field.type === 'boolean' && isEquality && typeof value === 'boolean') {
    const wanted = operator === '!=' ? !value : value;
    return wanted ? `(${expr} = TRUE)` : `(${expr} IS NULL OR ${expr} = FALSE)`;
  }
  // Comparing a relation (or id) to 0 compares it to False.
  if ((field.type === 'many2one' || field.name === 'id') && isEquality && !isTruthy(value)) value = false;
  if (isEquality && (value === false || value === null || value === undefined)) {
    if (isNumber) value = 0; // (f = 0 OR f IS NULL)
    else if (isChar) value = ''; // (f = '' OR f IS NULL)
    else return operator === '=' ? `(${expr} IS NULL)` : `(${expr} IS NOT NULL)`;
  }

  const needWildcard = WILDCARD_OPERATORS.has(operator);
  if (needWildcard && !isTruthy(value)) return NEGATIVE_OPERATORS.has(operator) ? 'FALSE' : 'TRUE';

  let placeholder: string;
  let compared: ColumnValue | undefined;
  if (needWildcard) {
    // Odoo does not escape the user's own % and _ (expression.py builds f"%{value}%").
    placeholder = params.add(`%${toText(value, origin)}%`);
  } else if (value === false || value === null || value === undefined) {
    // convert_to_column(False) (odoo/fields.py): 0 for numbers, False for booleans, NULL for the rest,
    // so `('name', '<', False)` compares with NULL (nothing), not with the text 'False'.
    if (isNumber) placeholder = params.add(0);
    else if (field.type === 'boolean') placeholder = params.add(false);
    else placeholder = 'NULL';
  } else if (operator === '=like' || operator === '=ilike') {
    // convert_to_column: a char value is cut to the field's size.
    placeholder = params.add(literalTrailingEscape(isChar ? String(toColumnValue(field, value, origin)) : toText(value, origin)));
  } else {
    compared = toColumnValue(field, value, origin);
    placeholder = typedPlaceholder(params, field, compared);
  }
  const left = operator.endsWith('like') && !isChar ? `(${expr})::text` : expr;

  let sql = `(${left} ${sqlOperator} ${placeholder})`;
  if (isTruthy(value) === NEGATIVE_OPERATORS.has(operator) && !operator.startsWith('<') && !operator.startsWith('>')) {
    sql = `(${sql} OR ${expr} IS NULL)`;
  }
  // A NULL number counts as 0 in comparisons.
  if (isNumber && typeof compared === 'number') {
    const orNull =
      (operator === '>=' && compared <= 0) ||
      (operator === '<=' && compared >= 0) ||
      (operator === '<' && compared > 0) ||
      (operator === '>' && compared < 0);
    if (orNull) sql = `(${sql} OR ${expr} IS NULL)`;
  }
  return sql;
}

function inSql(params: Params, condition: Condition, operator: 'in' | 'not in'): string {
  const { field, expr, value, origin } = condition;
  if (typeof value === 'boolean') {
    return (operator === 'in') === value ? `(${expr} IS NOT NULL)` : `(${expr} IS NULL)`;
  }
  if (!Array.isArray(value)) {
    throw valueError(`Invalid domain term ${pyTupleRepr([field.name, operator, value])}`);
  }
  const present = value.filter((item: unknown) => item !== false && item !== null && item !== undefined);
  let checkNull = present.length < value.length;
  let items: ColumnValue[];
  if (field.type === 'boolean') {
    items = present.some(isTruthy) ? [true] : [];
    if (checkNull) items.push(false);
  } else {
    // `_condition_to_sql` converts no id (`if fname != 'id'`), and a many2one's conversion is `value or None`.
    const raw = field.name === 'id' || field.type === 'many2one';
    items = present.map((item: unknown) => (raw ? sqlId(item) : toColumnValue(field, item, origin)));
    const isNumber = (field.type === 'integer' || field.type === 'float') && field.name !== 'id';
    const isChar = field.type === 'char' || field.type === 'text' || field.type === 'html';
    const empty = isNumber ? 0 : isChar ? '' : undefined;
    if (empty !== undefined) {
      if (checkNull && !items.includes(empty)) items.push(empty);
      checkNull ||= items.includes(empty);
    }
  }
  let sql: string;
  if (items.length === 0) sql = operator === 'in' ? 'FALSE' : 'TRUE';
  else {
    const array = `${params.add(items)}::${sqlType[valueKind(field)]}[]`;
    sql = operator === 'in' ? `(${expr} = ANY(${array}))` : `(${expr} <> ALL(${array}))`;
  }
  if ((operator === 'in' && checkNull) || (operator === 'not in' && !checkNull)) return `(${sql} OR ${expr} IS NULL)`;
  if (operator === 'not in' && checkNull) return `(${sql} AND ${expr} IS NOT NULL)`;
  return sql;
}

/** `$n`, cast where Postgres cannot infer the type from a text parameter (dates). */
export function typedPlaceholder(params: Params, field: FieldDef, value: ColumnValue): string {
  const kind = valueKind(field);
  const placeholder = params.add(value);
  return kind === 'date' || kind === 'datetime' ? `${placeholder}::${sqlType[kind]}` : placeholder;
}

/**
 * A pattern ending with a lone backslash (LIKE's escape character): the backslash is matched as
 * itself. Odoo's PostgreSQL answers `('name', '=ilike', '\\')` with no match; this one would refuse
 * the pattern ("LIKE pattern must not end with escape character").
 */
function literalTrailingEscape(pattern: string): string {
  const trailing = /\\+$/.exec(pattern)?.[0].length ?? 0;
  return trailing % 2 === 1 ? `${pattern}\\` : pattern;
}
