/**
 * create / write / unlink. Values are checked against each field's type before any SQL; every
 * write stamps `write_date` (UTC, to the second, as Odoo's `fields.Datetime.now()`), which the
 * PWA's delta sync relies on.
 */
import type { Queryable } from '../../store/db.ts';
import { checkModelAccess, missingError, recordRuleError, ruleDomain } from '../access.ts';
import { compileDomain } from '../domain.ts';
import { OdooException, valueError } from '../errors.ts';
import { Params } from '../sql.ts';
import type { FieldDef, ModelDef } from '../registry.ts';
import { recordIds } from './bind.ts';
import { recomputePartnerHierarchy } from './partner-hierarchy.ts';
import type { CallEnv } from './search.ts';

type Vals = Record<string, unknown>;

interface Prepared {
  readonly columns: Map<string, unknown>;
  readonly links: { field: FieldDef; commands: LinkCommand[] }[];
  /** Record ids the values point to (many2one values, many2many links): each must exist. */
  readonly references: { field: FieldDef; ids: number[] }[];
}

type LinkCommand = { op: 'set'; ids: number[] } | { op: 'link' | 'unlink'; id: number } | { op: 'clear' };

const dateRe = /^\d{4}-\d{2}-\d{2}$/;
const datetimeRe = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const base64Re = /^[A-Za-z0-9+/\r\n]*={0,2}$/;

function prepare(model: ModelDef, vals: unknown): Prepared {
  if (vals === null || typeof vals !== 'object' || Array.isArray(vals)) throw valueError('Values must be a dict of {field: value}');
  const columns = new Map<string, unknown>();
  const links: Prepared['links'] = [];
  const references: Prepared['references'] = [];
  for (const [name, value] of Object.entries(vals as Vals)) {
    const field = Object.hasOwn(model.fields, name) ? model.fields[name] : undefined;
    if (field === undefined) throw valueError(`Invalid field '${name}' on model '${model.name}'`);
    if (field.storage.kind === 'many2many') {
      const commands = linkCommands(field, value);
      links.push({ field, commands });
      references.push({ field, ids: commands.flatMap((c) => (c.op === 'set' ? c.ids : c.op === 'link' ? [c.id] : [])) });
      continue;
    }
    if (field.storage.kind !== 'column' || field.readonly === true) {
      throw valueError(`Field '${name}' on model '${model.name}' cannot be written`);
    }
    const column = columnValue(field, value);
    columns.set(field.storage.column, column);
    if (field.type === 'many2one' && typeof column === 'number') references.push({ field, ids: [column] });
  }
  return { columns, links, references };
}

/**
 * Every referenced record must exist: a clear error naming the field, where Postgres would give a
 * bare foreign-key violation (or, for columns without a foreign key, store a dangling id).
 */
async function assertReferencesExist(tx: Queryable, env: CallEnv, references: Prepared['references']): Promise<void> {
  for (const { field, ids } of references) {
    const comodel = env.registry.comodel(field);
    if (comodel === undefined || ids.length === 0) continue;
    const found = await tx.query<{ id: number }>(`SELECT id FROM ${comodel.table} WHERE id = ANY($1::int[])`, [ids]);
    const existing = new Set(found.rows.map((row) => row.id));
    const missing = [...new Set(ids)].filter((id) => !existing.has(id));
    if (missing.length > 0) {
      const records = missing.length === 1 ? `(${missing[0]},)` : `(${missing.join(', ')})`;
      throw new OdooException('odoo.exceptions.ValidationError', `Wrong value for ${field.name}: ${comodel.name}${records} does not exist`);
    }
  }
}

/** res.partner's `check_name`: a partner needs a name. */
function assertPartnerNamed(model: ModelDef, p: Prepared, creating: boolean): void {
  if (model.name !== 'res.partner') return;
  const unnamed = p.columns.has('name') ? p.columns.get('name') === null : creating;
  if (unnamed) {
    throw new OdooException('odoo.exceptions.ValidationError', 'Contacts require a name');
  }
}

function columnValue(field: FieldDef, value: unknown): unknown {
  const bad = () => valueError(`Wrong value for ${field.name}: ${JSON.stringify(value)} is not a valid ${field.type}`);
  if (value === false || value === null) {
    if (field.type === 'boolean') return false;
    if (field.type === 'integer' || field.type === 'float') return 0;
    if (field.required === true) throw valueError(`Field '${field.name}' is required`);
    return null;
  }
  switch (field.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw bad();
      return value;
    case 'integer':
    case 'many2one':
      if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > 2 ** 31 - 1) throw bad();
      if (field.type === 'many2one' && value <= 0) throw bad();
      return value;
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw bad();
      return value;
    case 'date':
      if (typeof value !== 'string' || !dateRe.test(value) || Number.isNaN(Date.parse(value))) throw bad();
      return value;
    case 'datetime':
      if (typeof value !== 'string' || !datetimeRe.test(value) || Number.isNaN(Date.parse(`${value.replace(' ', 'T')}Z`))) throw bad();
      return value;
    case 'binary':
      if (typeof value !== 'string' || !base64Re.test(value)) throw bad();
      return value.replace(/[\r\n]/g, '');
    case 'selection':
      if (typeof value !== 'string') throw bad();
      if (field.selection !== undefined && !field.selection.some(([key]) => key === value)) throw bad();
      return value;
    default:
      if (typeof value !== 'string') throw bad();
      return value === '' ? null : value;
  }
}

/** x2many commands: `[[6, 0, ids]]`, `[[4, id]]`, `[[3, id]]`, `[[5]]`, or a plain list of ids. */
function linkCommands(field: FieldDef, value: unknown): LinkCommand[] {
  const bad = () => valueError(`Wrong value for ${field.name}: expected x2many commands such as [[6, 0, [ids]]]`);
  if (value === false) return [{ op: 'clear' }];
  if (!Array.isArray(value)) throw bad();
  if (value.every((id) => typeof id === 'number')) return [{ op: 'set', ids: recordIds(value) }];
  return value.map((command): LinkCommand => {
    if (!Array.isArray(command) || typeof command[0] !== 'number') throw bad();
    const [code, id, ids] = command as [number, unknown, unknown];
    if (code === 6) return { op: 'set', ids: ids === undefined ? [] : recordIds(ids) };
    if (code === 5) return { op: 'clear' };
    if (code === 4 || code === 3) return { op: code === 4 ? 'link' : 'unlink', id: recordIds(id)[0] ?? 0 };
    throw bad();
  });
}

async function applyLinks(tx: Queryable, recordId: number, links: Prepared['links']): Promise<void> {
  for (const { field, commands } of links) {
    if (field.storage.kind !== 'many2many') continue;
    const { table, column1, column2 } = field.storage;
    for (const command of commands) {
      if (command.op === 'clear' || command.op === 'set') await tx.query(`DELETE FROM ${table} WHERE ${column1} = $1`, [recordId]);
      const add = command.op === 'set' ? command.ids : command.op === 'link' ? [command.id] : [];
      if (add.length > 0) {
        await tx.query(`INSERT INTO ${table} (${column1}, ${column2}) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING`, [recordId, add]);
      }
      if (command.op === 'unlink') await tx.query(`DELETE FROM ${table} WHERE ${column1} = $1 AND ${column2} = $2`, [recordId, command.id]);
    }
  }
}

/** Runs `body` in a transaction and turns Postgres constraint failures into Odoo's errors. */
async function inTransaction<T>(env: CallEnv, model: ModelDef, body: (tx: Queryable) => Promise<T>): Promise<T> {
  try {
    return await env.db.transaction(body);
  } catch (error) {
    const { code, column } = error as { code?: unknown; column?: unknown };
    if (code === '23502') {
      // Odoo 18 words a NOT NULL violation this way (odoo/service/model.py, _as_validation_error).
      const field = Object.values(model.fields).find((f) => f.storage.kind === 'column' && f.storage.column === column);
      throw new OdooException(
        'odoo.exceptions.ValidationError',
        'The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n' +
          '- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n' +
          `Model: ${model.description} (${model.name})\nField: ${field?.string ?? String(column)} (${field?.name ?? String(column)})`,
      );
    }
    if (code === '23503') {
      throw new OdooException(
        'odoo.exceptions.UserError',
        'The operation cannot be completed: another model requires the record being deleted, or a linked record does not exist. If possible, archive it instead.',
      );
    }
    if (code === '23505') throw new OdooException('odoo.exceptions.ValidationError', 'A record with the same unique value already exists.');
    throw error;
  }
}

export async function create(env: CallEnv, model: ModelDef, a: Record<string, unknown>): Promise<number | number[]> {
  checkModelAccess(model, 'create', env.caller);
  const single = a.vals_list !== null && typeof a.vals_list === 'object' && !Array.isArray(a.vals_list);
  const list = single ? [a.vals_list] : a.vals_list;
  if (!Array.isArray(list)) throw valueError('create() takes a dict of values or a list of them');
  const prepared = list.map((vals) => prepare(model, vals));
  for (const p of prepared) assertPartnerNamed(model, p, true);
  const ids = await inTransaction(env, model, async (tx) => {
    const out: number[] = [];
    for (const p of prepared) {
      await assertReferencesExist(tx, env, p.references);
      const params = new Params();
      const cols = [...p.columns.keys(), 'create_uid', 'write_uid'];
      const values = [...p.columns.values(), env.caller.uid, env.caller.uid].map((value) => params.add(value));
      const result = await tx.query<{ id: number }>(
        `INSERT INTO ${model.table} (${cols.join(', ')}) VALUES (${values.join(', ')}) RETURNING id`,
        params.values,
      );
      const id = result.rows[0]?.id;
      if (id === undefined) throw new Error('INSERT returned no id');
      await applyLinks(tx, id, p.links);
      out.push(id);
    }
    if (model.name === 'res.partner') await recomputePartnerHierarchy(tx, out);
    return out;
  });
  return single ? (ids[0] ?? 0) : ids;
}

/** The ids the caller may touch with `operation`, or the Odoo error that says why not. */
async function writableIds(env: CallEnv, model: ModelDef, operation: 'write' | 'unlink', rawIds: unknown): Promise<number[]> {
  checkModelAccess(model, operation, env.caller);
  const ids = recordIds(rawIds);
  if (ids.length === 0) return ids;
  const params = new Params();
  const idParam = params.add(ids);
  const rule = ruleDomain(model, env.caller);
  const ruleSql = rule === undefined ? 'TRUE' : compileDomain(env.registry, model, rule, params, 't', { activeTest: false });
  const result = await env.db.query<{ id: number; allowed: boolean }>(
    `SELECT t.id, (${ruleSql}) AS allowed FROM ${model.table} t WHERE t.id = ANY(${idParam}::int[])`,
    params.values,
  );
  const found = new Map(result.rows.map((row) => [row.id, row.allowed]));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw missingError(model, env.caller, missing);
  const hidden = ids.filter((id) => found.get(id) !== true);
  if (hidden.length > 0) throw recordRuleError(model, operation, env.caller, hidden);
  return ids;
}

export async function write(env: CallEnv, model: ModelDef, a: Record<string, unknown>): Promise<true> {
  const ids = await writableIds(env, model, 'write', a.ids);
  const p = prepare(model, a.vals);
  assertPartnerNamed(model, p, false);
  await inTransaction(env, model, async (tx) => {
    await assertReferencesExist(tx, env, p.references);
    const params = new Params();
    const sets = [...p.columns.entries()].map(([column, value]) => `${column} = ${params.add(value)}`);
    sets.push(`write_uid = ${params.add(env.caller.uid)}`, `write_date = (now() AT TIME ZONE 'UTC')::timestamp(0)`);
    await tx.query(`UPDATE ${model.table} SET ${sets.join(', ')} WHERE id = ANY(${params.add(ids)}::int[])`, params.values);
    for (const id of ids) await applyLinks(tx, id, p.links);
    const touchesHierarchy = ['name', 'parent_id', 'is_company'].some((column) => p.columns.has(column));
    if (model.name === 'res.partner' && touchesHierarchy) await recomputePartnerHierarchy(tx, ids);
  });
  return true;
}

export async function unlink(env: CallEnv, model: ModelDef, a: Record<string, unknown>): Promise<true> {
  const ids = await writableIds(env, model, 'unlink', a.ids);
  await inTransaction(env, model, async (tx) => {
    if (model.name === 'res.partner') {
      // Odoo keeps the contacts of a deleted company, detached (parent_id ondelete set null).
      const children = await tx.query<{ id: number }>('SELECT id FROM res_partner WHERE parent_id = ANY($1::int[]) AND NOT (id = ANY($1::int[]))', [ids]);
      await tx.query(`DELETE FROM ${model.table} WHERE id = ANY($1::int[])`, [ids]);
      await recomputePartnerHierarchy(tx, children.rows.map((row) => row.id));
      return;
    }
    await tx.query(`DELETE FROM ${model.table} WHERE id = ANY($1::int[])`, [ids]);
  });
  return true;
}
