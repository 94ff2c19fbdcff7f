/**
 * The `order` of search/search_read to an ORDER BY list, as Odoo 18's `BaseModel._order_to_sql`
 * and `_order_field_to_sql` build it (odoo/models.py): the whole string must match Odoo's
 * `regex_order`, every field must exist and be stored, a many2one sorts by its comodel's `_order`
 * (recursively, as Odoo's LEFT JOIN does, here with correlated subqueries), a boolean sorts NULL
 * as FALSE.
 *
 * Pagination: Odoo appends no tiebreak, so equal sort keys come back in whatever order Postgres
 * picks, and offset pages can overlap or skip records. We append `<alias>.id ASC` unless `id` is
 * already a term of the list, which makes the order total and every page stable. Sort order among
 * distinct keys is unchanged.
 */
import { isTruthy } from './domain-tree.ts';
import { OdooException, typeError, valueError } from './errors.ts';
import { pyRepr, pyStr, pyTypeName } from './python-repr.ts';
import { isSortable, type FieldDef, type ModelDef, type Registry } from './registry.ts';
import { AliasSource } from './sql.ts';

type Direction = 'ASC' | 'DESC';

interface OrderTerm {
  readonly sql: string;
  readonly direction?: Direction;
  readonly nulls?: 'NULLS FIRST' | 'NULLS LAST';
}

/** One comma-separated part of `regex_order` (odoo/models.py); `:func` is accepted and ignored, as there. */
const ORDER_PART = /^\s*([a-z0-9_]+|"[a-z0-9_]+")(?:\.([a-z0-9_]+))?(?::[a-z_]+)?(?:\s+(desc|asc))?(?:\s+(nulls first|nulls last))?\s*$/i;

/**
 * Compiles `order` (any falsy value means the model's `_order`) for `model` over the
 * table aliased `alias`; returns the list without the ORDER BY keyword.
 */
/**
 * Bounds on a client's `order`: each many2one term expands into subqueries, and Postgres spends
 * quadratic time on thousands of them before refusing; PGlite runs on the event loop, so one such
 * request would freeze the server for everyone. No real order comes near these.
 */
export const MAX_ORDER_TERMS = 32;
export const MAX_ORDER_LENGTH = 1024;

export function compileOrder(registry: Registry, model: ModelDef, order: unknown, alias: string): string {
  // `order or self._order`, then `regex_order.match(order)` (_check_qorder), which takes only a string.
  const spec = isTruthy(order) ? order : model.order;
  if (typeof spec !== 'string') throw typeError(`expected string or bytes-like object, got '${pyTypeName(spec)}'`);
  if (spec.length > MAX_ORDER_LENGTH || spec.split(',').length > MAX_ORDER_TERMS) {
    throw new OdooException('odoo.exceptions.UserError', `Invalid "order" specified: at most ${MAX_ORDER_TERMS} fields and ${MAX_ORDER_LENGTH} characters are accepted.`);
  }
  const compiler = new OrderCompiler(registry, new AliasSource(`${alias}_o`));
  const { terms, hasId } = compiler.compile(model, spec, alias, false, new Set());
  if (!hasId) terms.push({ sql: `${alias}.id`, direction: 'ASC' });
  return terms.map((term) => [term.sql, term.direction, term.nulls].filter((part) => part !== undefined).join(' ')).join(', ');
}

class OrderCompiler {
  constructor(
    readonly registry: Registry,
    readonly aliases: AliasSource,
  ) {}

  compile(model: ModelDef, order: unknown, alias: string, reverse: boolean, seen: ReadonlySet<FieldDef>): { terms: OrderTerm[]; hasId: boolean } {
    const parts = typeof order === 'string' ? order.split(',').map((part) => ORDER_PART.exec(part)) : [null];
    if (parts.some((match) => match === null)) {
      // _check_qorder raises a UserError with this wording (odoo/models.py).
      throw new OdooException(
        'odoo.exceptions.UserError',
        `Invalid "order" specified (${pyStr(order)}). A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)`,
      );
    }
    const terms: OrderTerm[] = [];
    let hasId = false;
    for (const match of parts) {
      if (match === null) continue;
      const [, name = '', property, direction, nulls] = match;
      hasId ||= name === 'id' && property === undefined;
      terms.push(...this.fieldTerms(model, alias, name, property, parseDirection(direction, reverse), parseNulls(nulls, reverse), seen));
    }
    return { terms, hasId };
  }

  /** _order_field_to_sql. */
  fieldTerms(
    model: ModelDef,
    alias: string,
    name: string,
    property: string | undefined,
    direction: Direction,
    nulls: OrderTerm['nulls'],
    seen: ReadonlySet<FieldDef>,
  ): OrderTerm[] {
    const field = Object.hasOwn(model.fields, name) ? model.fields[name] : undefined;
    if (field === undefined) throw valueError(`Invalid field ${pyRepr(name)} on model ${pyRepr(model.name)}`);
    // Odoo orders by stored columns only (`_field_to_sql`); display_name and the like are computed there.
    if (!isSortable(field) || field.unstored !== undefined) throw valueError(`Cannot convert ${model.name}.${name} to SQL because it is not stored`);
    const fullName = property === undefined ? name : `${name}.${property}`;
    const sql = fieldSql(field, alias);
    const plain = (term: string): OrderTerm[] => [withNulls({ sql: term, direction }, nulls)];

    if (field.type === 'many2one') {
      if (seen.has(field)) return []; // Odoo's __m2o_order_seen: a cycle of many2one orders stops here
      if (property === 'id') return plain(sql); // "parent_id.id" sorts by the raw id
      if (property !== undefined) throw valueError(`Invalid field ${pyRepr(fullName)} on model ${pyRepr(model.name)}`);
      const comodel = this.registry.comodel(field);
      if (comodel === undefined || comodel.order.trim() === 'id') return plain(sql);
      const terms: OrderTerm[] = [];
      if (nulls !== undefined) terms.push({ sql: `${sql} ${nulls === 'NULLS FIRST' ? 'IS NOT NULL' : 'IS NULL'}` });
      const co = this.aliases.next();
      const coterms = this.compile(comodel, comodel.order, co, direction === 'DESC', new Set([...seen, field])).terms;
      for (const term of coterms) {
        const value = term.sql === `${co}.id` ? sql : `(SELECT ${term.sql} FROM ${comodel.table} ${co} WHERE ${co}.id = ${sql})`;
        terms.push({ ...term, sql: value });
      }
      return terms;
    }
    if (property !== undefined) throw valueError(`Invalid field ${pyRepr(fullName)} on model ${pyRepr(model.name)}`);
    return plain(field.type === 'boolean' ? `COALESCE(${sql}, FALSE)` : sql);
  }
}

function fieldSql(field: FieldDef, alias: string): string {
  const storage = field.storage;
  if (storage.kind === 'column') return `${alias}.${storage.column}`;
  if (storage.kind === 'sql') return `(${storage.sql(alias)})`;
  throw valueError(`Field ${field.name} is not sortable`);
}

function parseDirection(direction: string | undefined, reverse: boolean): Direction {
  const desc = direction?.toUpperCase() === 'DESC';
  return desc !== reverse ? 'DESC' : 'ASC';
}

function parseNulls(nulls: string | undefined, reverse: boolean): OrderTerm['nulls'] {
  if (nulls === undefined) return undefined;
  const first = nulls.toUpperCase() === 'NULLS FIRST';
  return first !== reverse ? 'NULLS FIRST' : 'NULLS LAST';
}

function withNulls(term: OrderTerm, nulls: OrderTerm['nulls']): OrderTerm {
  return nulls === undefined ? term : { ...term, nulls };
}
