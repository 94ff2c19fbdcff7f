/**
 * The demo backend's model registry: what Odoo calls `_fields`, `_table`, `_order` and the ACLs.
 *
 * Every SQL identifier the server ever emits comes from here, never from a request: a field name,
 * domain path or `order` that is not in a model's `fields` is refused before any SQL is built.
 */

export type FieldType =
  | 'char'
  | 'text'
  | 'html'
  | 'integer'
  | 'float'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'selection'
  | 'binary'
  | 'many2one'
  | 'one2many'
  | 'many2many';

/** A JSON value as Odoo puts it on the wire (`false` for empty, never `null`, except where noted). */
export type OdooValue = string | number | boolean | null | OdooValue[] | { [key: string]: OdooValue };

/** Row as it comes back from SQL, keyed by field name. */
export type Row = Record<string, unknown>;

/** How a field is stored, which decides whether it can be searched, ordered, read and written. */
export type Storage =
  /** A column of the model's table: searchable, sortable, writable unless `readonly`. */
  | { kind: 'column'; column: string }
  /** An SQL expression over the row (given the table alias): searchable and sortable, read-only. */
  | { kind: 'sql'; sql: (alias: string) => string }
  /** A link table: `column1` points to this model, `column2` to the relation. */
  | { kind: 'many2many'; table: string; column1: string; column2: string }
  /** The inverse of a many2one on the relation (`inverse` is that many2one's field name). */
  | { kind: 'one2many'; inverse: string }
  /** Computed in JS from other fields of the same row: readable, not searchable. */
  | { kind: 'computed'; depends: readonly string[]; compute: (row: Row) => OdooValue }
  /** A field the demo does not model (mail, activities…): always reads as this value. */
  | { kind: 'constant'; value: OdooValue };

export interface FieldDef {
  readonly name: string;
  readonly type: FieldType;
  /** The label `fields_get` returns as `string`. */
  readonly string: string;
  /** The comodel of a relational field. */
  readonly relation?: string;
  readonly storage: Storage;
  readonly readonly?: boolean;
  readonly required?: boolean;
  readonly selection?: readonly (readonly [string, string])[];
  /** A char field's `size`: values searched with are cut to it, as Odoo's `convert_to_column` does. */
  readonly size?: number;
  /**
   * Not stored in Odoo (the demo may compute it in SQL): not sortable ("Cannot convert … because it
   * is not stored"); `searchable: false` when Odoo has no search method for it either, so a leaf on
   * it is logged and ignored there (expression.py).
   */
  readonly unstored?: { readonly searchable: boolean };
}

export type GroupXmlId =
  | 'base.group_system'
  | 'base.group_user'
  | 'base.group_portal'
  | 'base.group_public'
  | 'base.group_partner_manager';

/** The group names Odoo prints in access errors ("This operation is allowed for the following groups"). */
export const groupLabels: Record<GroupXmlId, string> = {
  'base.group_system': 'Administration/Settings',
  'base.group_user': 'User types/Internal User',
  'base.group_portal': 'User types/Portal',
  'base.group_public': 'User types/Public',
  'base.group_partner_manager': 'Extra Rights/Contact Creation',
};

export type Operation = 'read' | 'write' | 'create' | 'unlink';

/** `ir.model.access`: which groups may do what on the model (model-level, before record rules). */
export type ModelAccess = Record<Operation, readonly GroupXmlId[]>;

export interface ModelDef {
  readonly name: string;
  readonly table: string;
  /** `_description`, as access errors name the model ("'Contact' (res.partner)"). */
  readonly description: string;
  /** `_order`, in Odoo's own syntax; parsed like any client order. */
  readonly order: string;
  /** `_rec_name`: the field `name_search` matches and `display_name` shows. */
  readonly recName: string;
  /** `_rec_names_search`: the fields a search on the display name looks in (default: `recName`). */
  readonly recNamesSearch?: readonly string[];
  /** `_parent_name`, for `child_of` / `parent_of`. */
  readonly parentField?: string;
  readonly access: ModelAccess;
  readonly fields: Readonly<Record<string, FieldDef>>;
}

export class Registry {
  readonly #models = new Map<string, ModelDef>();

  constructor(models: readonly ModelDef[]) {
    for (const model of models) this.#models.set(model.name, model);
  }

  get(name: string): ModelDef | undefined {
    return this.#models.get(name);
  }

  /** The comodel of a relational field; the registry is closed, so a missing one is a bug here. */
  comodel(field: FieldDef): ModelDef | undefined {
    return field.relation === undefined ? undefined : this.#models.get(field.relation);
  }

  names(): string[] {
    return [...this.#models.keys()];
  }
}

/** A field is searchable and sortable when SQL can see it. */
export function isSearchable(field: FieldDef): boolean {
  const kind = field.storage.kind;
  return kind === 'column' || kind === 'sql' || kind === 'many2many' || kind === 'one2many';
}

export function isSortable(field: FieldDef): boolean {
  const kind = field.storage.kind;
  return kind === 'column' || kind === 'sql';
}

/** `true` when the model has an `active` field, so archived records are hidden by default. */
export function hasActive(model: ModelDef): boolean {
  return model.fields.active?.storage.kind === 'column';
}
