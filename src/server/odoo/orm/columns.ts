/**
 * SELECT-list expressions for fields: what one SQL query fetches so that a whole page of
 * `search_read` (relational display names and x2many ids included) is one round trip.
 */
import { activeCondition } from '../domain.ts';
import { compileOrder } from '../order.ts';
import type { FieldDef, ModelDef, Registry } from '../registry.ts';

/** Unique table aliases inside one statement (the domain compiler uses its own prefix). */
export class Aliases {
  #n = 0;
  next(): string {
    this.#n += 1;
    return `s${this.#n}`;
  }
}

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

/** `display_name` of the comodel record a many2one points to, in a correlated subquery. */
export function displayNameExpr(registry: Registry, field: FieldDef, idSql: string, aliases: Aliases): string | undefined {
  const comodel = registry.comodel(field);
  const display = comodel?.fields.display_name;
  if (comodel === undefined || display === undefined || display.storage.kind !== 'sql') return undefined;
  const r = aliases.next();
  return `(SELECT ${display.storage.sql(r)} FROM ${comodel.table} ${r} WHERE ${r}.id = ${idSql})`;
}

/** The ids of an x2many, in the comodel's `_order`, archived ones left out (Odoo's active_test). */
export function x2manyIdsExpr(registry: Registry, model: ModelDef, field: FieldDef, alias: string, aliases: Aliases): string | undefined {
  const comodel = registry.comodel(field);
  if (comodel === undefined) return undefined;
  const c = aliases.next();
  const order = compileOrder(registry, comodel, null, c);
  const active = activeCondition(comodel, c);
  const storage = field.storage;
  if (storage.kind === 'many2many') {
    const l = aliases.next();
    return `ARRAY(SELECT ${c}.id FROM ${comodel.table} ${c} JOIN ${storage.table} ${l} ON ${l}.${storage.column2} = ${c}.id
      WHERE ${l}.${storage.column1} = ${alias}.id${active ? ` AND ${active}` : ''} ORDER BY ${order})`;
  }
  if (storage.kind === 'one2many') {
    const inverse = comodel.fields[storage.inverse];
    if (inverse?.storage.kind !== 'column') return undefined;
    return `ARRAY(SELECT ${c}.id FROM ${comodel.table} ${c}
      WHERE ${c}.${inverse.storage.column} = ${alias}.id${active ? ` AND ${active}` : ''} ORDER BY ${order})`;
  }
  void model;
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
