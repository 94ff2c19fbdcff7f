/**
 * What SQL fetches for fields: the SELECT-list expression of a stored field, and the one query per
 * page that brings an x2many's ids (read.ts adds them, and the many2ones' display names, to the rows).
 */
import { activeCondition } from '../domain.ts';
import { compileOrder } from '../order.ts';
import type { FieldDef, ModelDef, Registry } from '../registry.ts';

/** The raw SQL value of a stored field: ids for many2one, formatted text for dates. */
export function valueExpr(field: FieldDef, alias: string): string | undefined {
  const storage = field.storage;
  let sql: string;
  if (storage.kind === 'column') sql = `${alias}.${storage.column}`;
  else if (storage.kind === 'sql') sql = storage.sql(alias);
  else return undefined;
  // Odoo's wire format: "YYYY-MM-DD HH:MM:SS" in UTC, no zone (odoo-wire README "Datetimes").
  if (field.type === 'datetime') return `to_char(${sql}, 'YYYY-MM-DD HH24:MI:SS')`;
  if (field.type === 'date') return `to_char(${sql}, 'YYYY-MM-DD')`;
  return sql;
}

/**
 * The ids of an x2many for a page of owners, in one query: `(owner, id)` pairs, each owner's ids in
 * the comodel's `_order`, archived ones left out (Odoo's active_test). `$1` is the owners' ids.
 */
export function x2manyIdsQuery(registry: Registry, field: FieldDef): string | undefined {
  const comodel = registry.comodel(field);
  if (comodel === undefined) return undefined;
  const order = compileOrder(registry, comodel, null, 'c');
  const active = activeCondition(comodel, 'c');
  const storage = field.storage;
  if (storage.kind === 'many2many') {
    return `SELECT l.${storage.column1} AS owner, c.id AS id FROM ${comodel.table} c JOIN ${storage.table} l ON l.${storage.column2} = c.id
      WHERE l.${storage.column1} = ANY($1::int[])${active ? ` AND ${active}` : ''} ORDER BY l.${storage.column1}, ${order}`;
  }
  if (storage.kind === 'one2many') {
    const inverse = comodel.fields[storage.inverse];
    if (inverse?.storage.kind !== 'column') return undefined;
    return `SELECT c.${inverse.storage.column} AS owner, c.id AS id FROM ${comodel.table} c
      WHERE c.${inverse.storage.column} = ANY($1::int[])${active ? ` AND ${active}` : ''} ORDER BY c.${inverse.storage.column}, ${order}`;
  }
  return undefined;
}

/**
 * The fields SQL must fetch to answer `requested`: the stored ones themselves, and what computed
 * ones depend on. Constant fields need nothing.
 */
export function fieldsToFetch(model: ModelDef, requested: readonly FieldDef[]): FieldDef[] {
  const out = new Map<string, FieldDef>();
  const visit = (field: FieldDef) => {
    if (out.has(field.name)) return;
    if (field.storage.kind === 'computed') {
      for (const name of field.storage.depends) {
        const dep = model.fields[name];
        if (dep !== undefined) visit(dep);
      }
      return;
    }
    if (field.storage.kind !== 'constant') out.set(field.name, field);
  };
  requested.forEach(visit);
  return [...out.values()];
}
