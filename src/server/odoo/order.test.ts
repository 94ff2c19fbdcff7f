import { describe, expect, it } from 'vitest';
import { country, partner } from './compile-test-support.ts';
import { OdooException } from './errors.ts';
import { registry } from './models.ts';
import { compileOrder } from './order.ts';
import type { ModelDef } from './registry.ts';


const order = (spec: unknown, on: ModelDef = partner) => compileOrder(registry, on, spec, 't');

function failure(spec: unknown): OdooException {
  try {
    order(spec);
  } catch (error) {
    if (error instanceof OdooException) return error;
    throw error;
  }
  throw new Error('expected an OdooException');
}

const invalidOrder = (spec: string) =>
  `Invalid "order" specified (${spec}). A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)`;

describe('compileOrder', () => {
  it("uses the model's _order when none is given", () => {
    for (const none of [null, undefined, '', false]) expect(order(none)).toBe('t.complete_name ASC, t.id DESC');
    expect(order(null, country)).toBe('t.name ASC, t.id ASC');
  });

  it('reads directions and nulls placement, case-insensitively', () => {
    expect(order('name')).toBe('t.name ASC, t.id ASC');
    expect(order('name DESC, ref asc')).toBe('t.name DESC, t.ref ASC, t.id ASC');
    expect(order('  name   desc  nulls LAST ,id')).toBe('t.name DESC NULLS LAST, t.id ASC');
    expect(order('write_date desc nulls first')).toBe('t.write_date DESC NULLS FIRST, t.id ASC');
  });

  it('adds an id tiebreak only when id is not already in the list, so pages are stable', () => {
    expect(order('name, id desc')).toBe('t.name ASC, t.id DESC');
    expect(order('id')).toBe('t.id ASC');
    expect(order('parent_id.id')).toBe('t.parent_id ASC, t.id ASC');
  });

  it('sorts NULL booleans as FALSE and sql fields by their expression', () => {
    expect(order('is_company desc')).toBe('COALESCE(t.is_company, FALSE) DESC, t.id ASC');
    expect(order('email_normalized')).toBe('(lower(t.email)) ASC, t.id ASC');
  });

  it("sorts a many2one by the comodel's _order, reversed for desc", () => {
    expect(order('country_id')).toBe('(SELECT t_o_s1.name FROM res_country t_o_s1 WHERE t_o_s1.id = t.country_id) ASC, t.country_id ASC, t.id ASC');
    expect(order('country_id desc')).toBe('(SELECT t_o_s1.name FROM res_country t_o_s1 WHERE t_o_s1.id = t.country_id) DESC, t.country_id DESC, t.id ASC');
    expect(order('country_id asc nulls first')).toBe(
      't.country_id IS NOT NULL, (SELECT t_o_s1.name FROM res_country t_o_s1 WHERE t_o_s1.id = t.country_id) ASC, t.country_id ASC, t.id ASC',
    );
    // res.partner's _order is "complete_name ASC, id DESC": desc flips both.
    expect(order('parent_id desc')).toBe(
      '(SELECT t_o_s1.complete_name FROM res_partner t_o_s1 WHERE t_o_s1.id = t.parent_id) DESC, t.parent_id ASC, t.id ASC',
    );
  });

  it("follows a comodel's own many2one order (state: country, then code)", () => {
    const sql = order('state_id');
    expect(sql).toContain('(SELECT (SELECT t_o_s2.name FROM res_country t_o_s2 WHERE t_o_s2.id = t_o_s1.country_id) FROM res_country_state t_o_s1 WHERE t_o_s1.id = t.state_id) ASC');
    expect(sql).toContain('(SELECT t_o_s1.code FROM res_country_state t_o_s1 WHERE t_o_s1.id = t.state_id) ASC');
    expect(sql.endsWith('t.state_id ASC, t.id ASC')).toBe(true);
  });

  it('refuses specifications outside Odoo regex_order with its UserError', () => {
    for (const spec of ['name; drop table x', 'name desc, (select 1)', 'id desc --', 'name,', ',name', 'name desc asc', 'name nulls  first', ' ']) {
      const error = failure(spec);
      expect(error.odooName).toBe('odoo.exceptions.UserError');
      expect(error.message).toBe(invalidOrder(spec));
    }
    // Not a string at all: `regex_order.match(order)` is Python's TypeError; a falsy one is `_order`.
    expect(failure(42)).toMatchObject({ odooName: 'builtins.TypeError', message: "expected string or bytes-like object, got 'int'" });
    expect(failure(['name'])).toMatchObject({ odooName: 'builtins.TypeError', message: "expected string or bytes-like object, got 'list'" });
  });

  it('refuses unknown, unstored and dotted plain fields with a ValueError', () => {
    const unknown = failure('foo desc');
    expect(unknown.odooName).toBe('builtins.ValueError');
    expect(unknown.message).toBe("Invalid field 'foo' on model 'res.partner'");
    expect(failure('constructor').message).toBe("Invalid field 'constructor' on model 'res.partner'");
    expect(failure('"name"').message).toBe("Invalid field '\"name\"' on model 'res.partner'");
    expect(failure('email_formatted').message).toBe('Cannot convert res.partner.email_formatted to SQL because it is not stored');
    expect(failure('category_id').message).toBe('Cannot convert res.partner.category_id to SQL because it is not stored');
    expect(failure('name.first').message).toBe("Invalid field 'name.first' on model 'res.partner'");
    expect(failure('country_id.name').message).toBe("Invalid field 'country_id.name' on model 'res.partner'");
  });
});

describe('compileOrder bounds', () => {
  it('refuses an order with more terms or characters than any real one, before building SQL', async () => {
    const { compileOrder: compile, MAX_ORDER_TERMS } = await import('./order.ts');
    const { registry } = await import('./models.ts');
    const partner = registry.get('res.partner');
    if (partner === undefined) throw new Error('no res.partner');
    expect(() => compile(registry, partner, `${'state_id,'.repeat(10_000)}id`, 't')).toThrow(/at most 32 fields/);
    expect(() => compile(registry, partner, `name ${' '.repeat(2000)}`, 't')).toThrow(/1024 characters/);
    expect(compile(registry, partner, Array.from({ length: MAX_ORDER_TERMS }, () => 'name').join(','), 't')).toContain('name');
  });
});
