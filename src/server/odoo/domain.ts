/**
 * The Odoo domain compiler: a JSON domain (prefix notation, `[field_path, operator, value]` leaves)
 * to a parameterized Postgres boolean expression over one table alias, following Odoo 18's
 * `odoo/osv/expression.py` and `BaseModel._condition_to_sql`.
 *
 * Values only ever become `$n` parameters (see `Params`); identifiers only ever come from the
 * registry. Bad input is always an `OdooException` named as Odoo 18 names it, never a plain Error.
 */
import { compileAny, compileIdHierarchy, compileMany2many, compileMany2one, compileOne2many, displayCondition, fieldExpr, type CompileContext } from './domain-relational.ts';
import { conditionSql } from './domain-scalar.ts';
import { assertSearchable, isTruthy, parseDomain, type DomainNode } from './domain-tree.ts';
import { assertionError, valueError, type OdooException } from './errors.ts';
import { pyReprShort, pyTupleRepr } from './python-repr.ts';
import { hasActive, type ModelDef, type Registry } from './registry.ts';
import { AliasSource, type Params } from './sql.ts';

export interface DomainOptions {
  /** The context's `active_test`: `false` shows archived records too. Default `true`. */
  readonly activeTest?: boolean;
  /**
   * The caller's record-rule domain for a model (undefined: unrestricted). Applied to the subqueries
   * on related models, so a domain cannot probe records the caller may not read. The rules
   * themselves are compiled without rules.
   */
  readonly rules?: (model: ModelDef) => unknown[] | undefined;
}

/**
 * The most table aliases (about one per subquery on a related model) one domain may compile to.
 * Every relational leaf, hop and `any` is a subquery; the embedded Postgres plans them on the event
 * loop (about 1 ms each, out of memory near a thousand), so a bounded domain is a bounded plan.
 */
export const MAX_SUBQUERY_ALIASES = 256;

class BoundedAliases extends AliasSource {
  #used = 0;

  override next(): string {
    this.#used += 1;
    if (this.#used > MAX_SUBQUERY_ALIASES) throw valueError(`Domain needs too many subqueries on related records (more than ${MAX_SUBQUERY_ALIASES})`);
    return super.next();
  }
}

/** TERM_OPERATORS of expression.py ('any' / 'not any' are handled while parsing). */
const TERM_OPERATORS: ReadonlySet<string> = new Set([
  '=', '!=', '<=', '<', '>', '>=', '=?', '=like', '=ilike', 'like', 'not like', 'ilike', 'not ilike', 'in', 'not in', 'child_of', 'parent_of',
]);

/**
 * Compiles `domain` for `model` into an SQL boolean expression over the table aliased `alias`
 * ("TRUE" for an empty domain), adding its parameters to `params`. Archived records are left out
 * as Odoo's `_where_calc` does, unless `options.activeTest` is false or the domain mentions `active`.
 */
export function compileDomain(registry: Registry, model: ModelDef, domain: unknown, params: Params, alias: string, options: DomainOptions = {}): string {
  const tree = parseDomain(registry, model, domain);
  const ctx: CompileContext = {
    registry,
    params,
    aliases: new BoundedAliases(alias),
    activeTest: options.activeTest !== false,
    compile: (m, node, a) => compileNode(ctx, m, node, a),
    ruleSql: (m, a) => {
      const rule = options.rules?.(m);
      return rule === undefined ? undefined : compileDomain(registry, m, rule, params, a, { activeTest: false });
    },
  };
  const sql = compileNode(ctx, model, tree, alias);
  const active = appliesActiveTest(model, domain, options) ? activeCondition(model, alias) : undefined;
  if (active === undefined) return sql;
  return sql === 'TRUE' ? active : `(${active} AND ${sql})`;
}

/**
 * `_where_calc`'s test: whether a top-level leaf of the domain is on `active` (the item[0] trick,
 * so `'parent_id.active'` does not count).
 */
export function domainMentionsActive(domain: unknown): boolean {
  return Array.isArray(domain) && domain.some((item: unknown) => Array.isArray(item) && item[0] === 'active');
}

/** Whether archived records must be filtered out: the model has `active`, the context and the domain allow it. */
export function appliesActiveTest(model: ModelDef, domain: unknown, options: DomainOptions = {}): boolean {
  return options.activeTest !== false && hasActive(model) && !domainMentionsActive(domain);
}

/** The "only active records" condition over `alias`, or undefined for a model without `active`. */
export function activeCondition(model: ModelDef, alias: string): string | undefined {
  return hasActive(model) ? `${alias}.active` : undefined;
}

function compileNode(ctx: CompileContext, model: ModelDef, node: DomainNode, alias: string): string {
  switch (node.kind) {
    case 'bool':
      return node.value ? 'TRUE' : 'FALSE';
    case 'not':
      return `(NOT ${compileNode(ctx, model, node.child, alias)})`;
    case 'and':
    case 'or': {
      // Literal TRUE/FALSE children carry no parameters, so dropping the neutral ones is safe.
      const neutral = node.kind === 'and' ? 'TRUE' : 'FALSE';
      const parts = node.children.map((child) => compileNode(ctx, model, child, alias)).filter((sql) => sql !== neutral);
      if (parts.length === 0) return neutral;
      return parts.length === 1 ? (parts[0] ?? neutral) : `(${parts.join(node.kind === 'and' ? ' AND ' : ' OR ')})`;
    }
    case 'any':
      return compileAny(ctx, node, alias);
    case 'term':
      return compileTerm(ctx, node, alias);
  }
}

function compileTerm(ctx: CompileContext, node: Extract<DomainNode, { kind: 'term' }>, alias: string): string {
  const { model, field, left, operator } = node;
  const leaf = () => pyTupleRepr([left, node.invalidOperator ?? operator, node.value]);
  // check_leaf of expression.py: "Invalid leaf ('name', '==', 'x')".
  if (node.invalidOperator !== undefined || !TERM_OPERATORS.has(operator)) throw valueError(`Invalid leaf ${leaf()}`);
  // Not stored in Odoo and no search method: Odoo logs "Non-stored field … cannot be searched" and
  // ignores the leaf (expression.py: `domain = []`), so the leaf matches everything.
  if (field.storage.kind === 'computed' || field.unstored?.searchable === false) return 'TRUE';
  // A field the demo does not model reads as one value on every record: the leaf is that value's answer.
  if (field.storage.kind === 'constant') return constantCondition(ctx, node, field.storage.value);
  assertSearchable(model, field);
  if (left !== field.name && field.type !== 'binary') throw pathThroughScalar(node, leaf);
  if (left === 'id' && (operator === 'child_of' || operator === 'parent_of')) return compileIdHierarchy(ctx, node, alias);
  // display_name is computed in Odoo: searching it is searching what `_search_display_name` names.
  if (field.name === 'display_name' && operator !== 'child_of' && operator !== 'parent_of') return displayCondition(ctx, model, alias, operator, node.value);

  const kind = field.storage.kind;
  if (kind === 'one2many') return compileOne2many(ctx, node, alias);
  if (kind === 'many2many') return compileMany2many(ctx, node, alias);
  if (field.type === 'many2one') return compileMany2one(ctx, node, alias);

  const expr = fieldExpr(field, alias);
  let value = node.value;
  if (field.type === 'binary') {
    // Odoo keeps images as attachments: only "is set / is not set" is searchable, the rest is ignored.
    if ((operator === '=' || operator === '!=') && !isTruthy(value)) return operator === '=' ? `(${expr} IS NULL)` : `(${expr} IS NOT NULL)`;
    return 'TRUE';
  }
  if (field.type === 'datetime' && typeof value === 'string' && value.length === 10) {
    // A bare date on a datetime field covers the whole day (expression.py).
    value += operator === '>' || operator === '<=' ? ' 23:59:59' : ' 00:00:00';
  }
  const origin = { fieldLabel: `${model.name}.${field.name}`, leaf };
  return conditionSql(ctx.params, { field, expr, operator, value, origin });
}

/**
 * A path through a field that is not relational. Odoo reads a date's or datetime's as a granularity
 * (`date.year_number`), which the demo does not serve; any other reaches `_condition_to_sql`, whose
 * sanity check is an assert: "Invalid field 'name.first' in domain term (…)".
 */
function pathThroughScalar(node: Extract<DomainNode, { kind: 'term' }>, leaf: () => string): OdooException {
  const message = `Invalid field ${pyReprShort(node.left)} in domain term ${leaf()}`;
  return node.field.type === 'date' || node.field.type === 'datetime' ? valueError(message) : assertionError(message);
}

/** A leaf on a field that holds `constant` on every record (`storage.kind === 'constant'`). */
function constantCondition(ctx: CompileContext, node: Extract<DomainNode, { kind: 'term' }>, constant: unknown): string {
  const { field, operator, value } = node;
  if (field.type === 'one2many' || field.type === 'many2many') {
    // Always empty: it is "not set", holds no id, matches no name.
    const empty = Array.isArray(constant) ? constant.length === 0 : !isTruthy(constant);
    if (!empty) return 'FALSE';
    const asksEmpty = (operator === '=' || operator === 'in') && !isTruthy(value);
    const negative = operator === '!=' || operator === 'not in' || operator === 'not like' || operator === 'not ilike';
    return asksEmpty || (negative && isTruthy(value)) ? 'TRUE' : 'FALSE';
  }
  const expr =
    constant === false || constant === null ? 'NULL'
    : typeof constant === 'number' ? String(constant)
    : typeof constant === 'boolean' ? String(constant).toUpperCase()
    : `${ctx.params.add(String(constant))}::text`;
  const origin = { fieldLabel: `${node.model.name}.${field.name}`, leaf: () => pyTupleRepr([node.left, operator, value]) };
  return conditionSql(ctx.params, { field, expr, operator, value, origin });
}
