/**
 * Relational leaves as Odoo 18's `expression.parse` compiles them: many2one, one2many, many2many,
 * `any` / `not any` (which dotted paths become), and the `child_of` / `parent_of` hierarchy walks.
 *
 * Active test in subqueries, as in expression.py: a many2one's comodel is searched with
 * `active_test=False` (an archived parent still matches 'parent_id.name'); x2many comodels keep the
 * call's `active_test` (an archived child or tag does not match 'child_ids.email', 'category_id.name').
 */
import { conditionSql, NEGATIVE_OPERATORS } from './domain-scalar.ts';
import { comodelOf, isTruthy, negatedOperator, parseDomain, treeMentionsActive, type DomainNode } from './domain-tree.ts';
import { sqlId, toInt } from './domain-values.ts';
import { integerEqualsBoolean, keyError, typeError, valueError } from './errors.ts';
import { pyTupleRepr, pyTypeName } from './python-repr.ts';
import { hasActive, type FieldDef, type ModelDef, type Registry } from './registry.ts';
import type { AliasSource, Params } from './sql.ts';

export interface CompileContext {
  readonly registry: Registry;
  readonly params: Params;
  readonly aliases: AliasSource;
  /** `active_test` of the call's context (x2many subqueries inherit it). */
  readonly activeTest: boolean;
  compile(model: ModelDef, node: DomainNode, alias: string): string;
  /** The caller's record rules on `model` over `alias`, if any: Odoo's `_search` applies them to related-model subqueries too. */
  ruleSql(model: ModelDef, alias: string): string | undefined;
}

type Term = Extract<DomainNode, { kind: 'term' }>;
type Any = Extract<DomainNode, { kind: 'any' }>;
/** Where a hierarchy walk starts: literal ids, or a subquery selecting them. */
type Seeds = { readonly ids: readonly (number | string)[] } | { readonly sql: string };

/** The SQL of a stored field over `alias`. */
export function fieldExpr(field: FieldDef, alias: string): string {
  const storage = field.storage;
  if (storage.kind === 'column') return `${alias}.${storage.column}`;
  if (storage.kind === 'sql') return `(${storage.sql(alias)})`;
  throw valueError(`Field ${field.name} has no SQL value`);
}

export function compileMany2one(ctx: CompileContext, node: Term, alias: string): string {
  const { model, field, operator, value } = node;
  const comodel = comodelOf(ctx.registry, model, field);
  const expr = fieldExpr(field, alias);
  if (operator === 'child_of' || operator === 'parent_of') {
    const seeds = idsOf(ctx, comodel, value, false);
    // No id to start from: nothing, before the model is even asked for its parent field (child_of_domain).
    if ('ids' in seeds && seeds.ids.length === 0) return 'FALSE';
    if (comodel.name !== model.name) {
      const walk = hierarchy(ctx, comodel, parentFieldOf(comodel), seeds, operator);
      return walk === undefined ? 'FALSE' : `(${expr} IN (${walk}))`;
    }
    // On the model itself, the many2one is the parent field of the walk.
    const walk = hierarchy(ctx, model, field, seeds, operator);
    return walk === undefined ? 'FALSE' : `(${alias}.id IN (${walk}))`;
  }
  if (isNameValue(value)) {
    // A name instead of an id: search the comodel's display name (odoo/osv/expression.py).
    let op = ['<', '>', '<=', '>='].includes(operator) ? 'in' : operator;
    if (!Array.isArray(value) && (op === 'in' || op === 'not in')) op = op === 'in' ? '=' : '!=';
    const negative = NEGATIVE_OPERATORS.has(op);
    const ids = nameSearch(ctx, comodel, negative ? (negatedOperator(op) ?? op) : op, value, false);
    return negative ? `(${expr} NOT IN (${ids}) OR ${expr} IS NULL)` : `(${expr} IN (${ids}))`;
  }
  return conditionSql(ctx.params, { field, expr, operator, value, origin: originOf(node) });
}

export function compileOne2many(ctx: CompileContext, node: Term, alias: string): string {
  const { model, field, operator, value } = node;
  const comodel = comodelOf(ctx.registry, model, field);
  const inverse = inverseOf(model, field, comodel);
  if (operator === 'child_of' || operator === 'parent_of') {
    const seeds = idsOf(ctx, comodel, value, ctx.activeTest);
    // No id to start from: nothing, before the model is even asked for its parent field (child_of_domain).
    if ('ids' in seeds && seeds.ids.length === 0) return 'FALSE';
    if (comodel.name !== model.name) {
      const walk = hierarchy(ctx, comodel, parentFieldOf(comodel), seeds, operator);
      if (walk === undefined) return 'FALSE';
      return `(${alias}.id IN (${inverseSelect(ctx, comodel, inverse, (c) => `${c}.id IN (${walk})`, false)}))`;
    }
    // Walking down `child_ids` is walking up its inverse, and the other way round.
    const walk = hierarchy(ctx, model, inverse, seeds, operator === 'child_of' ? 'parent_of' : 'child_of');
    return walk === undefined ? 'FALSE' : `(${alias}.id IN (${walk}))`;
  }
  const negative = NEGATIVE_OPERATORS.has(operator);
  if (value === false || value === null) {
    // '= False': no line at all (archived lines do not count, as `_where_calc` hides them).
    const lines = inverseSelect(ctx, comodel, inverse, undefined, ctx.activeTest);
    return `(${alias}.id ${negative ? 'IN' : 'NOT IN'} (${lines}))`;
  }
  let lines: string;
  if (typeof value === 'string') {
    const op = negative ? (negatedOperator(operator) ?? operator) : operator;
    lines = inverseSelect(ctx, comodel, inverse, (c) => displayCondition(ctx, comodel, c, op, value), ctx.activeTest);
  } else {
    // Odoo browses the ids as they are (`comodel.browse(ids)._as_query()`): a boolean among them makes
    // PostgreSQL compare an id with a boolean, and it refuses.
    if (Array.isArray(value) && value.some((item) => typeof item === 'boolean')) throw integerEqualsBoolean();
    const ids = sqlIdList(value);
    lines = inverseSelect(ctx, comodel, inverse, (c) => `${c}.id = ANY(${ctx.params.add(ids)}::int4[])`, false);
  }
  return `(${alias}.id ${negative ? 'NOT IN' : 'IN'} (${lines}))`;
}

export function compileMany2many(ctx: CompileContext, node: Term, alias: string): string {
  const { model, field, operator, value } = node;
  if (field.storage.kind !== 'many2many') throw valueError(`Field ${model.name}.${field.name} is not a many2many`);
  const { table, column1, column2 } = field.storage;
  const comodel = comodelOf(ctx.registry, model, field);
  const r = ctx.aliases.next();
  const links = (target: string | undefined, negative: boolean) =>
    `(${negative ? 'NOT EXISTS' : 'EXISTS'} (SELECT 1 FROM ${table} ${r} WHERE ${r}.${column1} = ${alias}.id` +
    `${target === undefined ? '' : ` AND ${r}.${column2} ${target}`}))`;

  if (operator === 'child_of' || operator === 'parent_of') {
    const seeds = idsOf(ctx, comodel, value, ctx.activeTest);
    // No id to start from: nothing, before the model is even asked for its parent field (child_of_domain).
    if ('ids' in seeds && seeds.ids.length === 0) return 'FALSE';
    const walk = hierarchy(ctx, comodel, parentFieldOf(comodel), seeds, operator);
    if (walk === undefined) return 'FALSE';
    return links(`IN (${selectIds(ctx, comodel, (c) => `${c}.id IN (${walk})`, ctx.activeTest)})`, false);
  }
  const negative = NEGATIVE_OPERATORS.has(operator);
  // '= False': no link at all; '!= False': some link.
  if (value === false || value === null) return links(undefined, !negative);
  if (typeof value === 'string') {
    const op = negative ? (negatedOperator(operator) ?? operator) : operator;
    return links(`IN (${selectIds(ctx, comodel, (c) => displayCondition(ctx, comodel, c, op, value), ctx.activeTest)})`, negative);
  }
  return links(`= ANY(${ctx.params.add(sqlIdList(value))}::int4[])`, negative);
}

/** `(field, 'any' | 'not any', domain)`: a subquery on the comodel. */
export function compileAny(ctx: CompileContext, node: Any, alias: string): string {
  const { field, comodel, negated, domain } = node;
  const where = (c: string) => ctx.compile(comodel, domain, c);
  const activeTest = ctx.activeTest && !treeMentionsActive(domain);
  if (field.storage.kind === 'many2many') {
    const { table, column1, column2 } = field.storage;
    const r = ctx.aliases.next();
    const ids = selectIds(ctx, comodel, where, activeTest);
    return `(${negated ? 'NOT EXISTS' : 'EXISTS'} (SELECT 1 FROM ${table} ${r} WHERE ${r}.${column1} = ${alias}.id AND ${r}.${column2} IN (${ids})))`;
  }
  if (field.storage.kind === 'one2many') {
    const lines = inverseSelect(ctx, comodel, inverseOf(node.model, field, comodel), where, activeTest);
    return `(${alias}.id ${negated ? 'NOT IN' : 'IN'} (${lines}))`;
  }
  const expr = fieldExpr(field, alias);
  const ids = selectIds(ctx, comodel, where, false);
  return negated ? `(${expr} NOT IN (${ids}) OR ${expr} IS NULL)` : `(${expr} IN (${ids}))`;
}

/** `('id', 'child_of' | 'parent_of', ids or names)` along the model's `_parent_name`. */
export function compileIdHierarchy(ctx: CompileContext, node: Term, alias: string): string {
  const seeds = idsOf(ctx, node.model, node.value, ctx.activeTest);
  if ('ids' in seeds && seeds.ids.length === 0) return 'FALSE';
  const walk = hierarchy(ctx, node.model, parentFieldOf(node.model), seeds, node.operator === 'parent_of' ? 'parent_of' : 'child_of');
  return walk === undefined ? 'FALSE' : `(${alias}.id IN (${walk}))`;
}

/** `SELECT a.id FROM comodel a WHERE …`, with the comodel's active test when asked. */
function selectIds(ctx: CompileContext, model: ModelDef, where: (alias: string) => string, activeTest: boolean): string {
  const a = ctx.aliases.next();
  const conditions = activeTest && hasActive(model) ? [`${a}.active`] : [];
  const rule = ctx.ruleSql(model, a);
  if (rule !== undefined) conditions.push(rule);
  const condition = where(a);
  if (condition !== 'TRUE' || conditions.length === 0) conditions.push(condition);
  return `SELECT ${a}.id FROM ${model.table} ${a} WHERE ${conditions.join(' AND ')}`;
}

/** The non-NULL inverse many2one values of the comodel lines matching `where`. */
function inverseSelect(ctx: CompileContext, comodel: ModelDef, inverse: FieldDef, where: ((alias: string) => string) | undefined, activeTest: boolean): string {
  const c = ctx.aliases.next();
  const column = fieldExpr(inverse, c);
  const conditions = activeTest && hasActive(comodel) ? [`${c}.active`] : [];
  const rule = ctx.ruleSql(comodel, c);
  if (rule !== undefined) conditions.push(rule);
  const condition = where?.(c) ?? 'TRUE';
  if (condition !== 'TRUE') conditions.push(condition);
  conditions.push(`${column} IS NOT NULL`);
  return `SELECT ${column} FROM ${comodel.table} ${c} WHERE ${conditions.join(' AND ')}`;
}

/** `comodel._search([('display_name', operator, value)])`. */
function nameSearch(ctx: CompileContext, comodel: ModelDef, operator: string, value: unknown, activeTest: boolean): string {
  return selectIds(ctx, comodel, (c) => displayCondition(ctx, comodel, c, operator, value), activeTest);
}

/**
 * `(display_name, operator, value)` on `model` over `alias`, as its `_search_display_name` says
 * (odoo/models.py and its overrides): any of `_rec_names_search` matches (all of them for a negative
 * operator); a state also by "Name (Country)"; a tag brings its child tags along for `like` operators.
 */
export function displayCondition(ctx: CompileContext, model: ModelDef, alias: string, operator: string, value: unknown): string {
  const domain = displayNameDomain(model, operator, value);
  if (model.name === 'res.partner.category' && operator.endsWith('like')) {
    // PartnerCategory._search_display_name: [('id', 'child_of', self._search(domain))].
    const seeds = { sql: selectIds(ctx, model, (a) => ctx.compile(model, parseDomain(ctx.registry, model, domain), a), ctx.activeTest) };
    return `(${alias}.id IN (${hierarchy(ctx, model, parentFieldOf(model), seeds, 'child_of') ?? 'SELECT NULL::int4'}))`;
  }
  return ctx.compile(model, parseDomain(ctx.registry, model, domain), alias);
}

function displayNameDomain(model: ModelDef, operator: string, value: unknown): unknown[] {
  const negative = NEGATIVE_OPERATORS.has(operator);
  // `like ''` matches everything (nothing, negated): optimized out.
  if (operator.endsWith('like') && !isTruthy(value) && !operator.includes('=')) return negative ? [[0, '=', 1]] : [];
  const fields = model.recNamesSearch ?? [model.recName];
  const leaves: unknown[] = fields.map((name) => [name, operator, value]);
  const domains: unknown[][] = [[...Array.from({ length: leaves.length - 1 }, () => (negative ? '&' : '|')), ...leaves]];
  if (model.name === 'res.country.state' && isTruthy(value) && !negative) {
    // CountryState._search_display_name: "California (US)" is the state named California in the country US.
    if (operator === 'ilike' || operator === '=') domains.push(stateNameDomain(value, operator));
    else if (operator === 'in' && Array.isArray(value)) domains.push(...value.map((name) => stateNameDomain(name, '=')));
  }
  return domains.length === 1 ? (domains[0] ?? []) : [...Array.from({ length: domains.length - 1 }, () => '|'), ...domains.flat()];
}

function stateNameDomain(name: unknown, operator: string): unknown[] {
  const match = typeof name === 'string' ? /^(.+)\((.+)\)$/u.exec(name) : null;
  if (match === null) return [[0, '=', 1]];
  const [, state = '', country = ''] = match;
  return ['&', ['name', operator, state.trim()], '|', ['country_id.name', 'ilike', country.trim()], ['country_id.code', '=', country.trim()]];
}

/**
 * `to_ids` of expression.py: an id, a list of ids, or names (each matched with `display_name ilike`).
 * False and 0 mean no record at all.
 */
function idsOf(ctx: CompileContext, model: ModelDef, value: unknown, activeTest: boolean): Seeds {
  if (isNameValue(value)) {
    const names = typeof value === 'string' ? [value] : value;
    const where = (a: string) => `(${names.map((name) => displayCondition(ctx, model, a, 'ilike', name)).join(' OR ')})`;
    return { sql: selectIds(ctx, model, where, activeTest) };
  }
  if (typeof value === 'boolean' || Number.isInteger(value)) return { ids: isTruthy(value) ? [toInt(value)] : [] };
  if (Array.isArray(value)) return { ids: idList(value) };
  // `list(value)`: None and a float are not iterable; an empty dict has no key to start from.
  if (value === null || typeof value === 'number') throw typeError(`'${pyTypeName(value)}' object is not iterable`);
  // A dict is its keys: ids as PostgreSQL reads them ('5' is 5; 'abc' is its InvalidTextRepresentation).
  return { ids: Object.keys(value as object) };
}

/**
 * The ids reachable from `seeds` along the many2one `parent` of `model`: the seeds and their
 * descendants (`child_of`) or ancestors (`parent_of`), archived ones included, as Odoo walks the
 * tree with `active_test=False`. UNION (not UNION ALL) makes a cycle terminate.
 *
 * Under record rules the walk only starts from, and only steps onto, records the caller may read
 * (Odoo walks with `_search`, which applies them): otherwise `('partner_id', 'parent_of', hidden_id)`
 * on an unrestricted model would tell which company a hidden partner belongs to.
 */
function hierarchy(ctx: CompileContext, model: ModelDef, parent: FieldDef, seeds: Seeds, direction: 'child_of' | 'parent_of'): string | undefined {
  if ('ids' in seeds && seeds.ids.length === 0) return undefined;
  const h = ctx.aliases.next();
  const t = ctx.aliases.next();
  const link = fieldExpr(parent, t);
  // Seeds given as a subquery come from `selectIds`, which already applies the rules.
  const startRule = 'sql' in seeds ? undefined : ctx.ruleSql(model, t);
  const start =
    'sql' in seeds
      ? seeds.sql
      : `SELECT ${t}.id FROM ${model.table} ${t} WHERE ${t}.id = ANY(${ctx.params.add(seeds.ids)}::int4[])${startRule === undefined ? '' : ` AND ${startRule}`}`;
  let step: string;
  if (direction === 'child_of') {
    const rule = ctx.ruleSql(model, t);
    step = `SELECT ${t}.id FROM ${model.table} ${t} JOIN ${h} ON ${link} = ${h}.id${rule === undefined ? '' : ` WHERE ${rule}`}`;
  } else {
    // The parent is the record stepped onto: join it to check the rules on it.
    const p = `${t}_p`;
    const rule = ctx.ruleSql(model, p);
    step =
      rule === undefined
        ? `SELECT ${link} FROM ${model.table} ${t} JOIN ${h} ON ${t}.id = ${h}.id WHERE ${link} IS NOT NULL`
        : `SELECT ${p}.id FROM ${model.table} ${t} JOIN ${h} ON ${t}.id = ${h}.id JOIN ${model.table} ${p} ON ${p}.id = ${link} WHERE ${rule}`;
  }
  return `WITH RECURSIVE ${h}(id) AS (${start} UNION ${step}) SELECT ${h}.id FROM ${h}`;
}

/** `_parent_name` (Odoo's default is 'parent_id'): a many2one of the model to itself. */
function parentFieldOf(model: ModelDef): FieldDef {
  const name = model.parentField ?? 'parent_id';
  const field = Object.hasOwn(model.fields, name) ? model.fields[name] : undefined;
  // child_of_domain: `left_model._fields[parent_name]` (parent_of_domain: `records[parent_name]`).
  if (field === undefined) throw keyError(name);
  if (field.type !== 'many2one' || field.relation !== model.name) throw valueError(`Invalid parent field: ${model.name}.${name}`);
  return field;
}

function inverseOf(model: ModelDef, field: FieldDef, comodel: ModelDef): FieldDef {
  const name = field.storage.kind === 'one2many' ? field.storage.inverse : '';
  const inverse = Object.hasOwn(comodel.fields, name) ? comodel.fields[name] : undefined;
  if (inverse === undefined) throw valueError(`Field ${model.name}.${field.name} has no inverse ${comodel.name}.${name}`);
  return inverse;
}

/** A name, or a non-empty list of names. */
function isNameValue(value: unknown): value is string | string[] {
  return typeof value === 'string' || (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string'));
}

/** Record ids from a domain value: falsy entries dropped (Odoo's `tuple(it for it in ids if it)`). */
function idList(value: unknown): number[] {
  const items: unknown[] = Array.isArray(value) ? value : [value];
  return items.filter(isTruthy).map(toInt);
}

/** The same, each id as Odoo sends it to PostgreSQL (`sqlId`). */
function sqlIdList(value: unknown): (number | string)[] {
  const items: unknown[] = Array.isArray(value) ? value : [value];
  return items.filter(isTruthy).map(sqlId);
}

function originOf(node: Term) {
  return { fieldLabel: `${node.model.name}.${node.field.name}`, leaf: () => pyTupleRepr([node.left, node.operator, node.value]) };
}
