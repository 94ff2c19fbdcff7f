/**
 * The read-only model methods `call_kw` dispatches to: search, search_count, search_read, read,
 * web_search_read, name_search, fields_get. Every one applies the model ACL, the record rules and
 * Odoo's implicit `active` filter, and builds only parameterized SQL.
 */
import { checkModelAccess, recordRuleError, ruleDomain } from '../access.ts';
import { compileDomain } from '../domain.ts';
import { isFalseDomain, isTruthy, notADomain } from '../domain-tree.ts';
import { integerEqualsBoolean, OdooException, valueError } from '../errors.ts';
import { compileOrder } from '../order.ts';
import { Params } from '../sql.ts';
import type { ModelDef, OdooValue, Row } from '../registry.ts';
import { optionalCount, recordIds, searchBound } from './bind.ts';
import { CLASSIC_READ, fieldNamesOf, parseSpecification, resolveFields, selectRows, toClassicRecords, webRead, type ReadContext } from './read.ts';

export interface CallEnv extends ReadContext {
  /** `kwargs.context`: `active_test`, `bin_size`, `lang`, … */
  readonly context: Readonly<Record<string, unknown>>;
}

/** WHERE clause for `domain` plus the caller's record rules, over alias `t`. */
export function whereClause(env: CallEnv, model: ModelDef, domain: unknown, params: Params): string {
  const activeTest = env.context.active_test !== false;
  const rules = (m: ModelDef) => ruleDomain(m, env.caller);
  const parts = [compileDomain(env.registry, model, domain ?? [], params, 't', { activeTest, rules })];
  const rule = ruleDomain(model, env.caller);
  if (rule !== undefined) parts.push(compileDomain(env.registry, model, rule, params, 't', { activeTest: false }));
  return parts.map((part) => `(${part})`).join(' AND ');
}

export async function search(env: CallEnv, model: ModelDef, a: Record<string, unknown>): Promise<number[]> {
  checkModelAccess(model, 'read', env.caller);
  if (isFalseDomain(a.domain)) return [];
  const params = new Params();
  const where = whereClause(env, model, a.domain, params);
  const order = compileOrder(env.registry, model, a.order, 't');
  let sql = `SELECT t.id FROM ${model.table} t WHERE ${where} ORDER BY ${order}`;
  const limit = searchBound(a.limit, 'limit');
  const offset = searchBound(a.offset, 'offset');
  if (limit !== undefined) sql += ` LIMIT ${params.add(limit)}`;
  if (offset !== undefined && offset > 0) sql += ` OFFSET ${params.add(offset)}`;
  const result = await env.db.query<{ id: number }>(sql, params.values);
  return result.rows.map((row) => row.id);
}

export async function searchCount(env: CallEnv, model: ModelDef, a: Record<string, unknown>): Promise<number> {
  checkModelAccess(model, 'read', env.caller);
  if (isFalseDomain(a.domain)) return 0;
  const params = new Params();
  const where = whereClause(env, model, a.domain, params);
  const limit = searchBound(a.limit, 'limit');
  const inner = `SELECT 1 FROM ${model.table} t WHERE ${where}${limit === undefined ? '' : ` LIMIT ${params.add(limit)}`}`;
  const result = await env.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${inner}) c`, params.values);
  return result.rows[0]?.n ?? 0;
}

/**
 * In Odoo's order: `check_field_access_rights` walks `fields` (its TypeErrors), `search_fetch(domain
 * or [], …)` checks the domain and the order, then the field names are looked up.
 */
export async function searchRead(env: CallEnv, model: ModelDef, a: Record<string, unknown>): Promise<OdooValue> {
  checkModelAccess(model, 'read', env.caller);
  fieldNamesOf(a.fields);
  const domain = isTruthy(a.domain) ? a.domain : [];
  if (isFalseDomain(domain)) return [];
  const params = new Params();
  const where = whereClause(env, model, domain, params);
  const order = compileOrder(env.registry, model, a.order, 't');
  const fields = resolveFields(model, a.fields);
  const rows = await selectRows(env, model, fields, {
    where,
    params,
    order,
    limit: searchBound(a.limit, 'limit'),
    offset: searchBound(a.offset, 'offset'),
    withDisplayNames: true,
  });
  return toClassicRecords(env, fields, rows, a.load ?? CLASSIC_READ);
}

/** In Odoo's order: `fields` walked, no ids no read, the field names looked up, then the ids sent to PostgreSQL. */
export async function read(env: CallEnv, model: ModelDef, a: Record<string, unknown>): Promise<OdooValue> {
  checkModelAccess(model, 'read', env.caller);
  fieldNamesOf(a.fields);
  if (!isTruthy(a.ids)) return [];
  const fields = resolveFields(model, a.fields);
  const ids = browseIds(a.ids);
  const params = new Params();
  const idsParam = params.add(ids);
  const rule = ruleDomain(model, env.caller);
  const ruleSql = rule === undefined ? 'TRUE' : compileDomain(env.registry, model, rule, params, 't', { activeTest: false });
  // Read by id sees archived records too (Odoo's read ignores active_test).
  const rows = await selectRows(env, model, fields, { where: `t.id = ANY(${idsParam}::int[]) AND (${ruleSql})`, params, withDisplayNames: true });
  if (rows.length < ids.length) await refuseHidden(env, model, ids, new Set(rows.map((row) => Number(row.id))));
  const byId = new Map(rows.map((row) => [Number(row.id), row]));
  return toClassicRecords(env, fields, ids.flatMap((id): Row[] => { const row = byId.get(id); return row === undefined ? [] : [row]; }), a.load ?? CLASSIC_READ);
}

/**
 * The ids of `browse(ids)` (a string is its characters) as `fetch` sends them to PostgreSQL
 * (`id IN %s`): a string that is no integer is its InvalidTextRepresentation, `True` its
 * "integer = boolean". Other ids that are not positive integers stay the demo's TypeError.
 */
function browseIds(value: unknown): number[] {
  const items: unknown[] = typeof value === 'string' ? Array.from(value) : Array.isArray(value) ? value : [value];
  for (const id of items) {
    if (typeof id === 'string' && !/^\s*[+-]?\d+\s*$/.test(id)) {
      throw new OdooException('psycopg2.errors.InvalidTextRepresentation', `invalid input syntax for type integer: "${id}"`);
    }
    if (id === true) throw integerEqualsBoolean();
  }
  return recordIds(value);
}

/**
 * Some ids were not readable. Records that record rules hide raise an AccessError; records that do
 * not exist are left out of the result, as Odoo 17/18's `_read_format` skips a MissingError.
 */
async function refuseHidden(env: CallEnv, model: ModelDef, ids: readonly number[], found: ReadonlySet<number>): Promise<void> {
  const absent = ids.filter((id) => !found.has(id));
  const existing = await env.db.query<{ id: number }>(`SELECT id FROM ${model.table} WHERE id = ANY($1::int[])`, [absent]);
  const hidden = existing.rows.map((row) => row.id);
  if (hidden.length > 0) throw recordRuleError(model, 'read', env.caller, hidden);
}

/**
 * Odoo 17+'s list-view call: records in the specification's shape plus `length`, the total count
 * (capped at `count_limit`), computed only when the page is full.
 * @see odoo-wire/06-web_search_read.json, 06b
 */
export async function webSearchRead(env: CallEnv, model: ModelDef, a: Record<string, unknown>): Promise<OdooValue> {
  checkModelAccess(model, 'read', env.caller);
  const spec = parseSpecification(a.specification);
  // A false domain runs no query: neither its limit nor its offset reaches PostgreSQL.
  if (isFalseDomain(a.domain)) return { length: 0, records: [] };
  const limit = searchBound(a.limit, 'limit');
  const offset = searchBound(a.offset, 'offset') ?? 0;
  const countLimit = optionalCount(a.count_limit, 'count_limit');
  const params = new Params();
  const where = whereClause(env, model, a.domain, params);
  const fields = resolveFields(model, Object.keys(spec), false);
  const rows = await selectRows(env, model, fields, {
    where,
    params,
    order: compileOrder(env.registry, model, a.order, 't'),
    limit,
    offset,
    withDisplayNames: false,
  });
  const records = await webRead(env, model, rows, spec);
  if (records.length === 0) return { length: 0, records: [] };
  const currentLength = records.length + offset;
  const limitReached = records.length === limit;
  const countLimitReached = countLimit !== undefined && countLimit <= currentLength;
  const length =
    limit !== undefined && ((limitReached && !countLimitReached) || env.context.force_search_count === true)
      ? await searchCount(env, model, { domain: a.domain, limit: countLimit })
      : currentLength;
  return { length, records };
}

/** `[[id, display_name], …]` of records whose `_rec_name` matches. @see odoo-wire/07d-name_search.json */
export async function nameSearch(env: CallEnv, model: ModelDef, a: Record<string, unknown>): Promise<OdooValue> {
  const name = a.name ?? '';
  if (typeof name !== 'string') throw valueError(`name_search name must be a string, not ${JSON.stringify(name)}`);
  const operator = a.operator ?? 'ilike';
  if (typeof operator !== 'string') throw valueError('name_search operator must be a string');
  // `expression.AND([…, args or []])`: normalize_domain asserts a list.
  const extra = isTruthy(a.args) ? a.args : [];
  if (!Array.isArray(extra)) throw notADomain();
  // Top-level terms of a domain are ANDed, so appending a leaf ANDs it with the whole of `extra`.
  const domain = name === '' && operator === 'ilike' ? extra : [...extra, [model.recName, operator, name]];
  // The limit goes to `search_fetch`, hence to PostgreSQL, as given (None: no limit).
  const ids = await search(env, model, { domain, limit: a.limit === undefined ? 100 : a.limit, order: null });
  if (ids.length === 0) return [];
  const records = (await read(env, model, { ids, fields: ['display_name'] })) as { id: number; display_name: string | false }[];
  return records.map((record) => [record.id, record.display_name === false ? '' : record.display_name]);
}

/**
 * `check_access_rights(operation, raise_exception=True)` (Odoo's documented first call): whether the
 * caller's groups allow the operation on the model — an AccessError, or `false` when asked not to raise.
 */
export function checkAccessRights(env: CallEnv, model: ModelDef, a: Record<string, unknown>): OdooValue {
  const operation = a.operation;
  if (operation !== 'read' && operation !== 'write' && operation !== 'create' && operation !== 'unlink') throw valueError('Invalid access mode');
  try {
    checkModelAccess(model, operation, env.caller);
    return true;
  } catch (error) {
    if (a.raise_exception === false) return false;
    throw error;
  }
}

/**
 * `default_get(fields_list)`: the values a new record starts with, for the fields asked that have
 * one. The demo's models define one default, Odoo's own: `active` is true (OdooRPC asks this when
 * it browses an empty relation).
 */
export function defaultGet(env: CallEnv, model: ModelDef, a: Record<string, unknown>): OdooValue {
  checkModelAccess(model, 'read', env.caller);
  const wanted = resolveFields(model, a.fields_list, false).map((field) => field.name);
  return wanted.includes('active') && model.fields.active !== undefined ? { active: true } : {};
}

/**
 * `{field: {attribute: value}}` for the attributes asked (all of them when none). @see 07c
 * As Odoo 18's (models.py `fields_get`): no model access check — a field is left out only when its
 * groups hide it, and the demo's fields have none. (OdooRPC describes a model this way before it
 * writes, so a refusal is the write's, with its own message.)
 */
export function fieldsGet(_env: CallEnv, model: ModelDef, a: Record<string, unknown>): OdooValue {
  const wanted = a.allfields === undefined || a.allfields === null || a.allfields === false ? undefined : resolveFields(model, a.allfields).map((f) => f.name);
  const attributes = a.attributes === undefined || a.attributes === null || a.attributes === false ? undefined : a.attributes;
  if (attributes !== undefined && (!Array.isArray(attributes) || attributes.some((x) => typeof x !== 'string'))) {
    throw valueError('fields_get attributes must be a list of attribute names');
  }
  const out: Record<string, OdooValue> = {};
  for (const field of Object.values(model.fields)) {
    if (wanted !== undefined && !wanted.includes(field.name)) continue;
    const all: Record<string, OdooValue> = {
      string: field.string,
      type: field.type,
      readonly: field.readonly === true,
      required: field.required === true,
      searchable: field.storage.kind !== 'computed' && field.storage.kind !== 'constant',
      sortable: field.storage.kind === 'column' || field.storage.kind === 'sql',
      store: field.storage.kind === 'column' || field.storage.kind === 'many2many',
    };
    if (field.relation !== undefined) all.relation = field.relation;
    if (field.selection !== undefined) all.selection = field.selection.map(([value, label]) => [value, label]);
    out[field.name] = attributes === undefined ? all : Object.fromEntries(Object.entries(all).filter(([key]) => (attributes as string[]).includes(key)));
  }
  return out;
}
