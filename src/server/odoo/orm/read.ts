/**
 * Reading records: one SELECT for a page of rows, then Odoo's two wire encodings of them —
 * `read`/`search_read` ("classic": many2one `[id, name]`) and `web_read`/`web_search_read`
 * (a `specification`: many2one `{id, display_name}`).
 * @see odoo-wire/05-search_read-companies.json, 06-web_search_read.json, 07b-read.json
 */
import type { Database } from '../../store/db.ts';
import type { Caller } from '../access.ts';
import { checkModelAccess, recordRuleError, ruleDomain } from '../access.ts';
import { compileDomain } from '../domain.ts';
import { isTruthy } from '../domain-tree.ts';
import { OdooException, typeError, valueError } from '../errors.ts';
import { pyRepr, pyTypeName } from '../python-repr.ts';
import { Params } from '../sql.ts';
import type { FieldDef, ModelDef, OdooValue, Registry, Row } from '../registry.ts';
import { fieldsToFetch, valueExpr, x2manyIdsQuery } from './columns.ts';

export interface ReadContext {
  readonly db: Database;
  readonly registry: Registry;
  readonly caller: Caller;
  /** Odoo's `bin_size` context key: binaries come back as a human size ("1.23 Kb") instead of data. */
  readonly binSize: boolean;
}

/**
 * The names a `fields` argument stands for, as `check_field_access_rights` (odoo/models.py) walks it:
 * a falsy one is every field (undefined here); a string is its characters and a dict its keys (Python
 * iterates them); anything else that is not a list is "not iterable", and a list or dict inside is
 * "unhashable" (`name in self._fields`).
 */
export function fieldNamesOf(names: unknown): unknown[] | undefined {
  if (!isTruthy(names)) return undefined;
  let list: unknown[];
  if (Array.isArray(names)) list = names;
  else if (typeof names === 'string') list = Array.from(names);
  else if (names !== null && typeof names === 'object') list = Object.keys(names);
  else throw typeError(`'${pyTypeName(names)}' object is not iterable`);
  const unhashable = list.find((name) => name !== null && typeof name === 'object');
  if (unhashable !== undefined) throw typeError(`unhashable type: '${pyTypeName(unhashable)}'`);
  return list;
}

/** Resolves requested field names, refusing any the model does not have (`_determine_fields_to_fetch`). */
export function resolveFields(model: ModelDef, names: unknown, includeAllByDefault = true): FieldDef[] {
  const list = fieldNamesOf(names);
  if (list === undefined) return includeAllByDefault ? Object.values(model.fields) : [];
  return list.map((name) => {
    const field = typeof name === 'string' && Object.hasOwn(model.fields, name) ? model.fields[name] : undefined;
    if (field === undefined) throw valueError(`Invalid field ${pyRepr(name)} on model ${pyRepr(model.name)}`);
    return field;
  });
}

export interface SelectSpec {
  readonly where: string;
  readonly params: Params;
  readonly order?: string;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
  /** Fetch `[id, display_name]` of many2ones (classic read), not only the id. */
  readonly withDisplayNames: boolean;
}

/** Runs one SELECT over `model` aliased `t` and returns rows keyed by field name (plus `<f>__name`). */
export async function selectRows(ctx: ReadContext, model: ModelDef, fields: readonly FieldDef[], spec: SelectSpec): Promise<Row[]> {
  const columns = ['t.id AS "id"'];
  const named: FieldDef[] = [];
  const x2many: FieldDef[] = [];
  for (const field of fieldsToFetch(model, fields)) {
    if (field.name === 'id') continue;
    if (field.type === 'one2many' || field.type === 'many2many') {
      x2many.push(field);
      continue;
    }
    const expr = valueExpr(field, 't');
    if (expr === undefined) continue;
    columns.push(`${expr} AS "${field.name}"`);
    if (field.type === 'many2one' && spec.withDisplayNames) named.push(field);
  }
  let sql = `SELECT ${columns.join(', ')} FROM ${model.table} t WHERE ${spec.where}`;
  if (spec.order !== undefined) sql += ` ORDER BY ${spec.order}`;
  if (spec.limit !== undefined) sql += ` LIMIT ${spec.params.add(spec.limit)}`;
  if (spec.offset !== undefined && spec.offset > 0) sql += ` OFFSET ${spec.params.add(spec.offset)}`;
  const result = await ctx.db.query<Row>(sql, spec.params.values);
  await addDisplayNames(ctx, named, result.rows);
  await addX2manyIds(ctx, x2many, result.rows);
  return result.rows;
}

/** Each x2many's ids on each row, one query per field for the whole page (not a subquery per row). */
async function addX2manyIds(ctx: ReadContext, fields: readonly FieldDef[], rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const owners = rows.map((row) => Number(row.id));
  for (const field of fields) {
    const sql = x2manyIdsQuery(ctx.registry, field);
    if (sql === undefined) continue;
    const byOwner = new Map<number, number[]>();
    for (const { owner, id } of (await ctx.db.query<{ owner: number; id: number }>(sql, [owners])).rows) {
      const ids = byOwner.get(owner);
      if (ids === undefined) byOwner.set(owner, [id]);
      else ids.push(id);
    }
    for (const row of rows) row[field.name] = byOwner.get(Number(row.id)) ?? [];
  }
}

/**
 * `<field>__name` on each row: the display names of the records its many2ones point to, read once
 * per comodel for the page's distinct ids (as Odoo's prefetch does), not by a subquery per row.
 */
async function addDisplayNames(ctx: ReadContext, fields: readonly FieldDef[], rows: Row[]): Promise<void> {
  const byComodel = new Map<ModelDef, { display: string; fields: FieldDef[]; ids: Set<number> }>();
  for (const field of fields) {
    const comodel = ctx.registry.comodel(field);
    const display = comodel?.fields.display_name?.storage;
    if (comodel === undefined || display?.kind !== 'sql') continue;
    const group = byComodel.get(comodel) ?? { display: display.sql('r'), fields: [], ids: new Set<number>() };
    group.fields.push(field);
    for (const row of rows) {
      const id = row[field.name];
      if (typeof id === 'number') group.ids.add(id);
    }
    byComodel.set(comodel, group);
  }
  for (const [comodel, group] of byComodel) {
    if (group.ids.size === 0) continue;
    const found = await ctx.db.query<{ id: number; name: unknown }>(`SELECT r.id AS id, ${group.display} AS name FROM ${comodel.table} r WHERE r.id = ANY($1::int[])`, [[...group.ids]]);
    const names = new Map(found.rows.map((row) => [row.id, row.name]));
    for (const row of rows) for (const field of group.fields) row[`${field.name}__name`] = names.get(row[field.name] as number) ?? null;
  }
}

/**
 * A value as `read` puts it on the wire. `load` is read's own argument: '_classic_read' (the
 * default) gives a many2one as `[id, display_name]`, anything else (OdooRPC's '_classic_write') the id alone.
 */
export function classicValue(ctx: ReadContext, field: FieldDef, row: Row, load: unknown = CLASSIC_READ): OdooValue {
  const storage = field.storage;
  if (storage.kind === 'constant') return storage.value;
  if (storage.kind === 'computed') return storage.compute(row);
  const raw = row[field.name];
  switch (field.type) {
    case 'many2one':
      if (typeof raw !== 'number') return false;
      return load === CLASSIC_READ ? [raw, stringOr(row[`${field.name}__name`], '')] : raw;
    case 'one2many':
    case 'many2many':
      return Array.isArray(raw) ? raw.filter((id): id is number => typeof id === 'number') : [];
    case 'integer':
      return typeof raw === 'number' ? raw : 0;
    case 'float':
      return typeof raw === 'number' ? raw : 0;
    case 'boolean':
      return raw === true;
    case 'binary':
      if (typeof raw !== 'string' || raw === '') return false;
      return ctx.binSize ? humanSize(decodedLength(raw)) : raw;
    default:
      // char, text, html, selection, date, datetime: the string, or false when empty (never null).
      return typeof raw === 'string' && raw !== '' ? raw : false;
  }
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

/** The byte length of base64 data (Odoo's `file_size`): 3 bytes per 4 characters, less the `=` padding. */
function decodedLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}

/** Odoo's `human_size`, used for binaries when the context asks for `bin_size`. */
export function humanSize(bytes: number): string {
  const units = ['bytes', 'Kb', 'Mb', 'Gb', 'Tb'];
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return `${size.toFixed(2)} ${units[unit] ?? 'bytes'}`;
}

/** `read`'s default `load`. */
export const CLASSIC_READ = '_classic_read';

/** Classic `read` records: `id` first, then the fields in the order asked. */
export function toClassicRecords(ctx: ReadContext, fields: readonly FieldDef[], rows: readonly Row[], load: unknown = CLASSIC_READ): Record<string, OdooValue>[] {
  return rows.map((row) => {
    const record: Record<string, OdooValue> = { id: Number(row.id) };
    for (const field of fields) if (field.name !== 'id') record[field.name] = classicValue(ctx, field, row, load);
    return record;
  });
}

// ---------------------------------------------------------------------------------------------
// web_read: the `specification` form of Odoo 17+ (web_search_read, web_read)

export type Specification = Record<string, { fields?: Specification } & Record<string, unknown>>;

/**
 * How deep a specification may nest relations (`fields` inside `fields`). Odoo's web client goes
 * two levels deep (a one2many's many2one); each level can multiply the answer by the size of a
 * relation, so a few hundred bytes of request could ask for gigabytes.
 */
export const MAX_SPECIFICATION_DEPTH = 3;

/**
 * How many values one `web_read`/`web_search_read` answer may hold, counting a related record
 * again for every parent it appears under (that is what goes on the wire). 80 partners × 30 fields
 * is 2,400; this leaves room for big pages, and refuses what would stall the server.
 */
export const MAX_ANSWER_VALUES = 250_000;

const tooMuch = () =>
  new OdooException(
    'odoo.exceptions.UserError',
    `This request asks for more than ${MAX_ANSWER_VALUES.toLocaleString('en-US')} values (nested fields repeat the related records under every parent): ask for fewer records, or fewer nested fields.`,
  );

export function parseSpecification(spec: unknown, depth = 0): Specification {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    // web_search_read and web_read call `specification.keys()` (addons/web/models/models.py) before anything else.
    if (depth === 0) throw new OdooException('builtins.AttributeError', `'${pyTypeName(spec)}' object has no attribute 'keys'`);
    throw valueError('specification must be a dict of {field_name: {…}}');
  }
  if (depth > MAX_SPECIFICATION_DEPTH) throw new OdooException('odoo.exceptions.UserError', `A specification may nest related fields ${MAX_SPECIFICATION_DEPTH} levels deep at most.`);
  for (const [name, sub] of Object.entries(spec)) {
    if (sub === null || typeof sub !== 'object' || Array.isArray(sub)) throw valueError(`Invalid specification for field '${name}'`);
    const fields = (sub as Record<string, unknown>).fields;
    if (fields !== undefined) parseSpecification(fields, depth + 1);
  }
  return spec as Specification;
}

/** Values a record stands for on the wire, its related records counted in full (they are shared in memory, not in JSON). */
const weights = new WeakMap<object, number>();

function weightOf(value: OdooValue | Record<string, OdooValue>): number {
  if (value === null || typeof value !== 'object') return 1;
  return weights.get(value) ?? 1;
}

/** The values an answer holds so far, against MAX_ANSWER_VALUES. */
export interface AnswerBudget {
  used: number;
}

/**
 * Reads `ids` of `model` in the shape a specification asks for, recursing into relations. Related
 * records are read once per id, and the answer's size is counted as it will be written (`budget`):
 * past MAX_ANSWER_VALUES, a clear UserError instead of a stalled server.
 */
export async function webRead(
  ctx: ReadContext,
  model: ModelDef,
  rows: readonly Row[],
  spec: Specification,
  budget: AnswerBudget = { used: 0 },
): Promise<Record<string, OdooValue>[]> {
  const entries = Object.entries(spec).map(([name, sub]) => {
    const field = Object.hasOwn(model.fields, name) ? model.fields[name] : undefined;
    if (field === undefined) throw valueError(`Invalid field '${name}' on model '${model.name}'`);
    return [field, sub] as const;
  });
  const out = rows.map((row) => ({ id: Number(row.id) }) as Record<string, OdooValue>);
  for (const [field, sub] of entries) {
    if (field.name === 'id') continue;
    const relational = field.type === 'many2one' || field.type === 'one2many' || field.type === 'many2many';
    const comodel = ctx.registry.comodel(field);
    if (!relational || sub.fields === undefined || comodel === undefined || field.storage.kind === 'constant') {
      rows.forEach((row, i) => {
        const value = classicValue(ctx, field, row);
        // A many2one without sub-fields is just its id in web_read.
        const target = out[i];
        if (target !== undefined) target[field.name] = field.type === 'many2one' && Array.isArray(value) ? (value[0] ?? false) : value;
      });
      continue;
    }
    const ids = new Set<number>();
    for (const row of rows) for (const id of relatedIds(row[field.name])) ids.add(id);
    // Odoo reads a many2one's display_name as superuser; any other sub-field is read as the caller.
    const asCaller = Object.keys(sub.fields).some((name) => name !== 'id' && !(field.type === 'many2one' && name === 'display_name'));
    const related = await readRelated(ctx, comodel, [...ids], sub.fields, asCaller);
    // What the related records will weigh under every parent, before any of it is built.
    let weight = 0;
    for (const row of rows) for (const id of relatedIds(row[field.name])) weight += weightOf(related.get(id) ?? 1);
    budget.used += weight;
    if (budget.used > MAX_ANSWER_VALUES) throw tooMuch();
    rows.forEach((row, i) => {
      const target = out[i];
      if (target === undefined) return;
      const rowIds = relatedIds(row[field.name]);
      if (field.type === 'many2one') {
        const first = rowIds[0];
        target[field.name] = first === undefined ? false : (related.get(first) ?? { id: first });
      } else {
        target[field.name] = rowIds.map((id) => related.get(id) ?? { id });
      }
    });
  }
  for (const record of out) {
    let weight = 1;
    for (const value of Object.values(record)) weight += Array.isArray(value) ? value.reduce<number>((sum, item) => sum + weightOf(item as OdooValue), 0) : weightOf(value);
    weights.set(record, weight);
  }
  budget.used += rows.length * entries.length;
  if (budget.used > MAX_ANSWER_VALUES) throw tooMuch();
  return out;
}

function relatedIds(raw: unknown): number[] {
  if (typeof raw === 'number') return [raw];
  return Array.isArray(raw) ? raw.filter((id): id is number => typeof id === 'number') : [];
}

/**
 * The related records of a specification. `asCaller`: with the caller's ACL and record rules, as
 * Odoo's `web_read` reads them, so sub-fields cannot reveal a record the caller may not read.
 */
async function readRelated(
  ctx: ReadContext,
  comodel: ModelDef,
  ids: number[],
  spec: Specification,
  asCaller: boolean,
): Promise<Map<number, Record<string, OdooValue>>> {
  if (ids.length === 0) return new Map();
  const params = new Params();
  let where = `t.id = ANY(${params.add(ids)}::int[])`;
  if (asCaller) {
    checkModelAccess(comodel, 'read', ctx.caller);
    const rule = ruleDomain(comodel, ctx.caller);
    if (rule !== undefined) where += ` AND (${compileDomain(ctx.registry, comodel, rule, params, 't', { activeTest: false })})`;
  }
  const fields = Object.keys(spec).flatMap((name) => (Object.hasOwn(comodel.fields, name) ? [comodel.fields[name] as FieldDef] : []));
  const rows = await selectRows(ctx, comodel, fields, { where, params, withDisplayNames: true });
  if (rows.length < ids.length && asCaller) {
    const found = new Set(rows.map((row) => Number(row.id)));
    throw recordRuleError(comodel, 'read', ctx.caller, ids.filter((id) => !found.has(id)));
  }
  // Each related record is built once (bounded on its own), and counted where it is placed: under each parent.
  const records = await webRead(ctx, comodel, rows, spec);
  return new Map(records.map((record) => [Number(record.id), record]));
}
