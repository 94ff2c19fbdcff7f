/**
 * From a JSON domain to a checked tree, the way Odoo 18's `odoo/osv/expression.py` prepares one:
 * `normalize_domain` (structure), `_anyfy_leaves` (fields; dotted paths become `any`),
 * `_tree_from_domain` / `_tree_not` (prefix notation, `!` pushed into the leaves).
 * Nothing here builds SQL; every error is an `OdooException` worded as Odoo words it.
 */
import { assertionError, keyError, OdooException, typeError, valueError } from './errors.ts';
import { pyReprShort, pyTupleRepr, pyTypeName } from './python-repr.ts';
import { isSearchable, type FieldDef, type ModelDef, type Registry } from './registry.ts';

export type DomainNode =
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'not'; readonly child: DomainNode }
  | { readonly kind: 'and' | 'or'; readonly children: readonly DomainNode[] }
  /** A leaf on a field of `model` (the field name may still carry a dot for non-relational fields). */
  | {
      readonly kind: 'term';
      readonly model: ModelDef;
      readonly field: FieldDef;
      readonly left: string;
      readonly operator: string;
      readonly value: unknown;
      /** An operator that is not a string, as sent: refused where Odoo refuses it (negate, or compileTerm's check_leaf). */
      readonly invalidOperator?: unknown;
    }
  /** `(field, 'any' | 'not any', subdomain)`, also what a dotted path becomes. */
  | {
      readonly kind: 'any';
      readonly negated: boolean;
      readonly model: ModelDef;
      readonly field: FieldDef;
      readonly comodel: ModelDef;
      readonly domain: DomainNode;
    };

export const TRUE_NODE: DomainNode = { kind: 'bool', value: true };
const FALSE_NODE: DomainNode = { kind: 'bool', value: false };

/** TERM_OPERATORS_NEGATION of expression.py: what `!` turns an operator into. */
const negation: Readonly<Record<string, string>> = {
  '<': '>=',
  '>': '<=',
  '<=': '>',
  '>=': '<',
  '=': '!=',
  '!=': '=',
  in: 'not in',
  'not in': 'in',
  like: 'not like',
  'not like': 'like',
  ilike: 'not ilike',
  'not ilike': 'ilike',
};

export function negatedOperator(operator: string): string | undefined {
  return Object.hasOwn(negation, operator) ? negation[operator] : undefined;
}

/**
 * Limits on what one domain may ask for. Odoo has none, but every level of a dotted path or of
 * `any` is a nested subquery, and a request is one JSON body: without them a small body can keep the
 * event loop busy for seconds (security review: 300-hop paths, 120 nested `any`).
 */
export const MAX_PATH_HOPS = 16;
export const MAX_ANY_DEPTH = 16;
export const MAX_LEAVES = 5000;
/**
 * Pattern leaves (`like`, `ilike` …) are matched against every record they may apply to, and the
 * database answers one query at a time: 1,000 of them over 5,000 partners held every other request
 * for seconds. Not a limit of Odoo's (which runs queries side by side): a bound on what one request
 * may cost this demo server.
 */
export const MAX_PATTERN_LEAVES = 100;
const PATTERN_OPERATORS = new Set(['like', 'not like', 'ilike', 'not ilike', '=like', '=ilike']);

/** What parsing one domain has used so far, shared by its subdomains. */
interface Budget {
  leaves: number;
  patterns: number;
  /** How many `any` / `not any` levels enclose the items being parsed. */
  depth: number;
}

/** Parses `domain` for `model`, refusing a malformed one with the error Odoo 18 raises for it. */
export function parseDomain(registry: Registry, model: ModelDef, domain: unknown): DomainNode {
  // models._search calls expression.is_false first: its errors come before any field is looked at.
  isFalseDomain(domain);
  return parseItems(registry, model, domain, { leaves: 0, patterns: 0, depth: 0 });
}

function parseItems(registry: Registry, model: ModelDef, domain: unknown, budget: Budget): DomainNode {
  normalizeDomain(domain, MAX_ANY_DEPTH); // for its errors: _anyfy_leaves reads the domain as given
  return treeFromItems((domain as unknown[]).map((item: unknown) => anyfy(registry, model, item, budget)));
}

/** normalize_domain's assertion on anything but a list (expression.py). */
export const notADomain = () => assertionError("Domains to normalize must have a 'domain' form: a list or tuple of domain components");

/**
 * normalize_domain of expression.py: the items with every implicit '&' made explicit (in front, as
 * `result[0:0] = ['&']` puts them), `[]` being `[TRUE_LEAF]`. It asserts a list, hashes every item
 * that is not a list (`op_arity.get(token)`: a dict is "unhashable"), normalizes the subdomain of
 * each `any` leaf (`levels` deep: deeper ones are the parse's to refuse) and counts operands.
 */
function normalizeDomain(domain: unknown, levels: number): unknown[] {
  if (!Array.isArray(domain)) throw notADomain();
  if (domain.length === 0) return [[1, '=', 1]];
  let expected = 1;
  let implicitAnds = 0;
  for (const token of domain) {
    if (expected === 0) {
      implicitAnds += 1;
      expected = 1;
    }
    if (Array.isArray(token)) {
      expected -= 1;
      if (token.length === 3 && (token[1] === 'any' || token[1] === 'not any') && levels > 0) normalizeDomain(token[2], levels - 1);
    } else {
      if (isDict(token)) throw typeError("unhashable type: 'dict'");
      expected += token === '&' || token === '|' ? 1 : token === '!' ? 0 : -1;
    }
  }
  if (expected !== 0) throw valueError(`Domain ${pyReprShort(domain)} is syntactically not correct.`);
  return [...Array.from({ length: implicitAnds }, () => '&'), ...domain];
}

function isDict(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

type Item = '&' | '|' | '!' | DomainNode;

/** _anyfy_leaves: one domain item, checked against the model's fields. */
function anyfy(registry: Registry, model: ModelDef, item: unknown, budget: Budget): Item {
  if (item === '&' || item === '|' || item === '!') return item;
  // `left, operator, right = item = tuple(item)` in Python: a string is its characters, a number
  // is not iterable; hence Python's unpacking messages (odoo-wire 08d).
  if (typeof item === 'string') return anyfy(registry, model, Array.from(item), budget);
  if (!Array.isArray(item)) throw typeError(isDict(item) ? "unhashable type: 'dict'" : `'${pyTypeName(item)}' object is not iterable`);
  if (item.length < 3) throw valueError(`not enough values to unpack (expected 3, got ${item.length})`);
  if (item.length > 3) throw valueError('too many values to unpack (expected 3)');
  budget.leaves += 1;
  if (budget.leaves > MAX_LEAVES) throw valueError(`Domain has too many leaves (more than ${MAX_LEAVES})`);
  const [left, operator, right] = item as [unknown, unknown, unknown];
  if (typeof operator === 'string' && PATTERN_OPERATORS.has(operator.toLowerCase())) {
    budget.patterns += 1;
    if (budget.patterns > MAX_PATTERN_LEAVES) throw valueError(`Domain has too many pattern leaves ('like', 'ilike' …): more than ${MAX_PATTERN_LEAVES}`);
  }
  // Only an error quotes the leaf: building it eagerly at every level of a path or an `any` made
  // nesting cost depth × value size.
  const leaf = () => pyTupleRepr([left, operator, right]);
  const constant = booleanLeaf(left, operator, right);
  if (constant !== undefined) return constant;
  // `left.split('.', 1)` (_anyfy_leaves) on anything but a string.
  if (typeof left !== 'string') throw new OdooException('builtins.AttributeError', `'${pyTypeName(left)}' object has no attribute 'split'`);
  if (hopsOf(left) > MAX_PATH_HOPS) throw valueError(`Field path ${pyReprShort(left)} has more than ${MAX_PATH_HOPS} hops in leaf ${leaf()}`);
  return anyfyPath(registry, model, left, operator, right, leaf, budget);
}

/** One leaf whose left is a field path: a dotted path through relations becomes nested `any`. */
function anyfyPath(registry: Registry, model: ModelDef, left: string, operator: unknown, right: unknown, leaf: () => string, budget: Budget): DomainNode {
  const dot = left.indexOf('.');
  const name = dot < 0 ? left : left.slice(0, dot);
  const field = Object.hasOwn(model.fields, name) ? model.fields[name] : undefined;
  // odoo-wire 08e: "Invalid field res.partner.no_such_field in leaf ('no_such_field', '=', 1)".
  if (field === undefined) throw valueError(`Invalid field ${model.name}.${name} in leaf ${leaf()}`);
  // A relation the demo does not model is empty on every record (Odoo stores it; here nothing is
  // linked): a path through it, or `any` of it, matches nothing.
  if (isRelational(field) && field.storage.kind === 'constant' && (dot >= 0 || operator === 'any' || operator === 'not any')) {
    return operator === 'not any' && dot < 0 ? TRUE_NODE : FALSE_NODE;
  }
  if (dot >= 0 && isRelational(field)) {
    assertSearchable(model, field);
    const comodel = comodelOf(registry, model, field);
    const rest = left.slice(dot + 1);
    // The path becomes `(field, 'any', [(rest, operator, right)])`, searched with the comodel's `_search`: is_false applies.
    if (isFalseSubdomain([[rest, operator, right]])) return FALSE_NODE;
    const sub = anyfyPath(registry, comodel, rest, operator, right, () => pyTupleRepr([rest, operator, right]), budget);
    return { kind: 'any', negated: false, model, field, comodel, domain: sub };
  }
  if (operator === 'any' || operator === 'not any') {
    // _anyfy_leaves: `model.env[field.comodel_name]`, and a field that is not relational has comodel_name None.
    if (!isRelational(field)) throw keyError(null);
    assertSearchable(model, field);
    const comodel = comodelOf(registry, model, field);
    // The subdomain goes to the comodel's `_search`: when it is false, no record of the comodel matches.
    if (isFalseSubdomain(right)) return operator === 'any' ? FALSE_NODE : TRUE_NODE;
    if (budget.depth >= MAX_ANY_DEPTH) throw valueError(`Domain nests 'any' / 'not any' more than ${MAX_ANY_DEPTH} levels deep`);
    budget.depth += 1;
    const domain = parseItems(registry, comodel, right, budget);
    budget.depth -= 1;
    return { kind: 'any', negated: operator === 'not any', model, field, comodel, domain };
  }
  return term(model, field, left, operator, right);
}

/** The relations a dotted path crosses (its dots), counted without splitting it. */
function hopsOf(path: string): number {
  let hops = 0;
  for (let i = path.indexOf('.'); i >= 0 && hops <= MAX_PATH_HOPS; i = path.indexOf('.', i + 1)) hops += 1;
  return hops;
}

/** TRUE_LEAF (1, '=', 1) and FALSE_LEAF (0, '=', 1); Python's `True == 1` makes booleans count too. */
function booleanLeaf(left: unknown, operator: unknown, right: unknown): DomainNode | undefined {
  const asInt = (value: unknown) => (value === true ? 1 : value === false ? 0 : value);
  if (operator !== '=' || asInt(right) !== 1) return undefined;
  if (asInt(left) === 1) return TRUE_NODE;
  if (asInt(left) === 0) return FALSE_NODE;
  return undefined;
}

/** normalize_leaf: '<>' is '!=', `in True` is `= True`, `= [..]` is `in [..]`. */
function term(model: ModelDef, field: FieldDef, left: string, operator: unknown, value: unknown): DomainNode {
  // Not refused yet: Odoo's `_tree_not` fails first on an unhashable one under '!' (negate), else check_leaf does.
  if (typeof operator !== 'string') return { kind: 'term', model, field, left, operator: '', value, invalidOperator: operator };
  let op = operator === '<>' ? '!=' : operator;
  if (typeof value === 'boolean' && (op === 'in' || op === 'not in')) op = op === 'in' ? '=' : '!=';
  if (Array.isArray(value) && (op === '=' || op === '!=')) op = op === '=' ? 'in' : 'not in';
  return { kind: 'term', model, field, left, operator: op, value };
}

/** Computed and constant fields have no SQL to search on (Odoo: "Non-stored field … cannot be searched"). */
export function assertSearchable(model: ModelDef, field: FieldDef): void {
  if (!isSearchable(field)) throw valueError(`Non-stored field ${model.name}.${field.name} cannot be searched.`);
}

export function isRelational(field: FieldDef): boolean {
  return field.type === 'many2one' || field.type === 'one2many' || field.type === 'many2many';
}

export function comodelOf(registry: Registry, model: ModelDef, field: FieldDef): ModelDef {
  const comodel = registry.comodel(field);
  if (comodel === undefined) throw valueError(`Field ${model.name}.${field.name} points to a model the demo does not serve (${field.relation ?? '?'})`);
  return comodel;
}

/** _tree_from_domain: prefix notation to a tree, reading the items right to left. */
function treeFromItems(items: readonly Item[]): DomainNode {
  const stack: DomainNode[] = [];
  const pop = (): DomainNode => stack.pop() ?? TRUE_NODE; // normalizeDomain made this unreachable
  for (const item of [...items].reverse()) {
    if (item === '!') stack.push(negate(pop()));
    else if (item === '&') stack.push(combine('and', [pop(), pop()]));
    else if (item === '|') stack.push(combine('or', [pop(), pop()]));
    else stack.push(item);
  }
  return combine('and', stack.reverse());
}

/** _tree_not: pushes `!` into the leaves, so `!(name = x)` is `name != x` with Odoo's NULL rules. */
export function negate(node: DomainNode): DomainNode {
  switch (node.kind) {
    case 'bool':
      return node.value ? FALSE_NODE : TRUE_NODE;
    case 'not':
      return node.child;
    case 'and':
      return combine('or', node.children.map(negate));
    case 'or':
      return combine('and', node.children.map(negate));
    case 'any':
      return { ...node, negated: !node.negated };
    case 'term': {
      // `tree[0] in TERM_OPERATORS_NEGATION` (a dict) on a list or dict operator.
      if (Array.isArray(node.invalidOperator) || isDict(node.invalidOperator)) throw typeError(`unhashable type: '${pyTypeName(node.invalidOperator)}'`);
      if (node.invalidOperator !== undefined) return { kind: 'not', child: node };
      if (node.operator === '=?') {
        if (!isTruthy(node.value)) return FALSE_NODE;
        return { ...node, operator: '!=' };
      }
      const op = negatedOperator(node.operator);
      return op === undefined ? { kind: 'not', child: node } : { ...node, operator: op };
    }
  }
}

/** _tree_and / _tree_or: flattened, with constant children folded away. */
export function combine(kind: 'and' | 'or', nodes: readonly DomainNode[]): DomainNode {
  const neutral = kind === 'and';
  const children: DomainNode[] = [];
  for (const node of nodes) {
    if (node.kind === 'bool') {
      if (node.value !== neutral) return node;
    } else if (node.kind === kind) children.push(...node.children);
    else children.push(node);
  }
  if (children.length === 0) return neutral ? TRUE_NODE : FALSE_NODE;
  if (children.length === 1 && children[0] !== undefined) return children[0];
  return { kind, children };
}

/** Python truthiness of a JSON value. */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** `any(item[0] == 'active' for item in domain)` of `_where_calc`, on a parsed tree. */
export function treeMentionsActive(node: DomainNode): boolean {
  switch (node.kind) {
    case 'term':
      return node.left === 'active';
    case 'not':
      return treeMentionsActive(node.child);
    case 'and':
    case 'or':
      return node.children.some(treeMentionsActive);
    default:
      return false;
  }
}

/**
 * `expression.is_false` (odoo/osv/expression.py), which `_search` calls first (odoo/models.py):
 * whether the domain is false whatever the records, read in three-valued logic straight from its
 * items — `(x, 'in', <falsy>)` is false and `(x, 'not in', <falsy>)` true, even when `x` is no field
 * at all; `_search` then answers nothing without looking further. On a malformed domain it raises
 * what Odoo's raises there: normalize_domain's errors, then those of `token[1]` / `token[2]` on an
 * item that is neither an operator nor a leaf of three (IndexError, "not subscriptable").
 */
export function isFalseDomain(domain: unknown): boolean {
  const stack: number[] = [];
  const pop = () => stack.pop() ?? 0;
  const items = normalizeDomain(domain, MAX_ANY_DEPTH);
  for (let i = items.length - 1; i >= 0; i--) {
    const token = items[i];
    if (token === '&') stack.push(Math.min(pop(), pop()));
    else if (token === '|') stack.push(Math.max(pop(), pop()));
    else if (token === '!') stack.push(-pop());
    else stack.push(leafTruth(token));
  }
  return pop() === -1;
}

/** One item's value in is_false: +1 TRUE_LEAF, -1 FALSE_LEAF or an empty `in`, 0 unknown. */
function leafTruth(token: unknown): number {
  if (Array.isArray(token) && token.length === 3) {
    const constant = booleanLeaf(token[0], token[1], token[2]);
    if (constant !== undefined) return constant === TRUE_NODE ? 1 : -1;
  }
  // `token[1]`, then `token[2]` for 'in' / 'not in'.
  if (typeof token === 'string' || Array.isArray(token)) {
    if (token.length < 2) throw new OdooException('builtins.IndexError', `${typeof token === 'string' ? 'string' : 'tuple'} index out of range`);
    const operator = token[1];
    if (operator !== 'in' && operator !== 'not in') return 0;
    if (token.length < 3) throw new OdooException('builtins.IndexError', 'tuple index out of range');
    if (isTruthy(token[2])) return 0;
    return operator === 'in' ? -1 : 1;
  }
  throw typeError(`'${pyTypeName(token)}' object is not subscriptable`);
}

/** isFalseDomain for a subdomain about to be parsed: a malformed one is not false (the parse says what is wrong). */
export function isFalseSubdomain(domain: unknown): boolean {
  try {
    return isFalseDomain(domain);
  } catch {
    return false;
  }
}
