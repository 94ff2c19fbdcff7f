/** Small constructors so model definitions read like Odoo's `fields.Char(...)` declarations. */
import type { FieldDef, FieldType, OdooValue, Row } from './registry.ts';

type Extra = Partial<Pick<FieldDef, 'readonly' | 'required' | 'selection' | 'relation' | 'size' | 'unstored'>>;

export function column(name: string, type: FieldType, string: string, extra: Extra = {}, columnName = name): FieldDef {
  return { name, type, string, storage: { kind: 'column', column: columnName }, ...extra };
}

export function many2one(name: string, relation: string, string: string, extra: Extra = {}): FieldDef {
  return { name, type: 'many2one', string, relation, storage: { kind: 'column', column: name }, ...extra };
}

export function sqlField(name: string, type: FieldType, string: string, sql: (alias: string) => string, extra: Extra = {}): FieldDef {
  return { name, type, string, storage: { kind: 'sql', sql }, readonly: true, ...extra };
}

export function one2many(name: string, relation: string, inverse: string, string: string): FieldDef {
  return { name, type: 'one2many', string, relation, storage: { kind: 'one2many', inverse } };
}

export function many2many(name: string, relation: string, string: string, table: string, column1: string, column2: string): FieldDef {
  return { name, type: 'many2many', string, relation, storage: { kind: 'many2many', table, column1, column2 } };
}

export function computed(name: string, type: FieldType, string: string, depends: readonly string[], compute: (row: Row) => OdooValue): FieldDef {
  return { name, type, string, storage: { kind: 'computed', depends, compute }, readonly: true };
}

/** A field Odoo has and the demo does not model: present in `fields_get`, reads as `value`. */
export function constant(name: string, type: FieldType, string: string, value: OdooValue, relation?: string): FieldDef {
  return { name, type, string, storage: { kind: 'constant', value }, readonly: true, ...(relation === undefined ? {} : { relation }) };
}

/** Builds the `fields` record from a list, keyed by name. */
export function fieldMap(...fields: FieldDef[]): Record<string, FieldDef> {
  return Object.fromEntries(fields.map((field) => [field.name, field]));
}

/** The audit fields every Odoo model has (`id`, `create_*`, `write_*`) plus `display_name`. */
export function magicFields(displayName: (alias: string) => string): FieldDef[] {
  return [
    column('id', 'integer', 'ID', { readonly: true }),
    // Computed in Odoo, searched through `_search_display_name`.
    sqlField('display_name', 'char', 'Display Name', displayName, { unstored: { searchable: true } }),
    many2one('create_uid', 'res.users', 'Created by', { readonly: true }),
    column('create_date', 'datetime', 'Created on', { readonly: true }),
    many2one('write_uid', 'res.users', 'Last Updated by', { readonly: true }),
    column('write_date', 'datetime', 'Last Updated on', { readonly: true }),
  ];
}
