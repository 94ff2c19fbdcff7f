import { describe, expect, it } from 'vitest';
import { compile, country, failure } from './compile-test-support.ts';

describe('compileDomain: relational fields', () => {
  it('compares a many2one with ids on its column', () => {
    expect(compile([['country_id', '=', 5]])).toEqual({ sql: '(t.country_id = $1)', params: [5] });
    expect(compile([['country_id', 'in', [5, false]]]).sql).toBe('((t.country_id = ANY($1::int4[])) OR t.country_id IS NULL)');
    // Not all names: the ids go to PostgreSQL as given (Many2one.convert_to_column is `value or None`), which reads 'x' or refuses it.
    expect(compile([['country_id', 'in', [5, 'x']]]).params).toEqual([[5, 'x']]);
  });

  it("matches a many2one given by name on the comodel's display name (its _rec_names_search), archived ones included", () => {
    // res.country: _rec_names_search = ['name', 'code'].
    expect(compile([['country_id', 'ilike', 'bel']])).toEqual({
      sql: '(t.country_id IN (SELECT t_s1.id FROM res_country t_s1 WHERE ((t_s1.name ILIKE $1) OR (t_s1.code ILIKE $2))))',
      params: ['%bel%', '%bel%'],
    });
    // res.partner: complete_name, email, ref, vat, company_registry.
    expect(compile([['parent_id', '=', 'Acme']]).sql).toBe(
      '(t.parent_id IN (SELECT t_s1.id FROM res_partner t_s1 WHERE ((t_s1.complete_name = $1) OR (t_s1.email = $2) OR (t_s1.ref = $3) OR (t_s1.vat = $4) OR (t_s1.company_registry = $5))))',
    );
    // Negative: the positive name search, then NOT IN (expression.py's op2).
    expect(compile([['country_id', 'not ilike', 'bel']]).sql).toBe(
      '(t.country_id NOT IN (SELECT t_s1.id FROM res_country t_s1 WHERE ((t_s1.name ILIKE $1) OR (t_s1.code ILIKE $2))) OR t.country_id IS NULL)',
    );
    // A code is cut to its size (2), as each value of a list.
    expect(compile([['country_id', 'in', ['Belgium', 'France']]]).params).toEqual([['Belgium', 'France'], ['Be', 'Fr']]);
  });

  it('compiles dotted paths to subqueries: many2one without, x2many with the active test', () => {
    expect(compile([['country_id.code', '=', 'BE']]).sql).toBe('(t.country_id IN (SELECT t_s1.id FROM res_country t_s1 WHERE (t_s1.code = $1)))');
    expect(compile([['parent_id.country_id.name', '=', 'Belgium']]).sql).toBe(
      '(t.parent_id IN (SELECT t_s1.id FROM res_partner t_s1 WHERE (t_s1.country_id IN (SELECT t_s2.id FROM res_country t_s2 WHERE (t_s2.name = $1)))))',
    );
    expect(compile([['category_id.name', '=', 'VIP']], {}).sql).toBe(
      '(t.active AND (EXISTS (SELECT 1 FROM res_partner_res_partner_category_rel t_s1 WHERE t_s1.partner_id = t.id AND t_s1.category_id IN (SELECT t_s2.id FROM res_partner_category t_s2 WHERE t_s2.active AND (t_s2.name = $1)))))',
    );
    expect(compile([['child_ids.email', 'ilike', '@acme']], {}).sql).toBe(
      '(t.active AND (t.id IN (SELECT t_s1.parent_id FROM res_partner t_s1 WHERE t_s1.active AND (t_s1.email ILIKE $1) AND t_s1.parent_id IS NOT NULL)))',
    );
    // Asking about `active` on the comodel turns its active test off there.
    expect(compile([['child_ids.active', '=', false]], {}).sql).not.toContain('t_s1.active AND');
    // With active_test=False in the context, x2many subqueries see archived lines too.
    expect(compile([['category_id.name', '=', 'VIP']]).sql).not.toContain('.active');
  });

  it("negates a dotted path as 'not any'", () => {
    expect(compile(['!', ['parent_id.name', '=', 'x']]).sql).toBe(
      '(t.parent_id NOT IN (SELECT t_s1.id FROM res_partner t_s1 WHERE (t_s1.name = $1)) OR t.parent_id IS NULL)',
    );
    expect(compile(['!', ['category_id.name', '=', 'x']]).sql).toMatch(/^\(NOT EXISTS \(SELECT 1 FROM res_partner_res_partner_category_rel/);
  });

  it("accepts Odoo 18's any / not any operators", () => {
    expect(compile([['country_id', 'any', [['code', '=', 'BE']]]]).sql).toBe('(t.country_id IN (SELECT t_s1.id FROM res_country t_s1 WHERE (t_s1.code = $1)))');
    expect(compile([['child_ids', 'not any', []]], {}).sql).toBe(
      '(t.active AND (t.id NOT IN (SELECT t_s1.parent_id FROM res_partner t_s1 WHERE t_s1.active AND t_s1.parent_id IS NOT NULL)))',
    );
  });

  it('compiles x2many = False / != False as having no / some linked record', () => {
    expect(compile([['category_id', '=', false]]).sql).toBe(
      '(NOT EXISTS (SELECT 1 FROM res_partner_res_partner_category_rel t_s1 WHERE t_s1.partner_id = t.id))',
    );
    expect(compile([['category_id', '!=', false]]).sql).toBe('(EXISTS (SELECT 1 FROM res_partner_res_partner_category_rel t_s1 WHERE t_s1.partner_id = t.id))');
    // Archived children do not count, as `_where_calc` hides them in the subquery.
    expect(compile([['child_ids', '=', false]], {}).sql).toBe(
      '(t.active AND (t.id NOT IN (SELECT t_s1.parent_id FROM res_partner t_s1 WHERE t_s1.active AND t_s1.parent_id IS NOT NULL)))',
    );
    expect(compile([['child_ids', '!=', false]]).sql).toBe('(t.id IN (SELECT t_s1.parent_id FROM res_partner t_s1 WHERE t_s1.parent_id IS NOT NULL))');
  });

  it('compiles x2many with ids and names', () => {
    expect(compile([['category_id', 'in', [1, 2]]])).toEqual({
      sql: '(EXISTS (SELECT 1 FROM res_partner_res_partner_category_rel t_s1 WHERE t_s1.partner_id = t.id AND t_s1.category_id = ANY($1::int4[])))',
      params: [[1, 2]],
    });
    expect(compile([['category_id', 'not in', [1]]]).sql).toMatch(/^\(NOT EXISTS/);
    // A tag by name: the tags named so and their child tags (PartnerCategory._search_display_name).
    expect(compile([['category_id', 'ilike', 'vip']]).sql).toMatch(/category_id IN \(SELECT t_s2\.id FROM res_partner_category t_s2 WHERE \(t_s2\.id IN \(WITH RECURSIVE .*\(t_s3\.name ILIKE \$1\) UNION .*parent_id/);
    expect(compile([['child_ids', 'in', [7]]])).toEqual({
      sql: '(t.id IN (SELECT t_s1.parent_id FROM res_partner t_s1 WHERE t_s1.id = ANY($1::int4[]) AND t_s1.parent_id IS NOT NULL))',
      params: [[7]],
    });
    expect(compile([['child_ids', 'not ilike', 'bob']]).sql).toMatch(/^\(t\.id NOT IN \(SELECT t_s1\.parent_id .*ILIKE \$1/);
  });
});

describe('compileDomain: child_of / parent_of', () => {
  const walk = (seed: string, step: string) => `WITH RECURSIVE t_s1(id) AS (${seed} UNION ${step}) SELECT t_s1.id FROM t_s1`;

  it('walks down and up the parent field from ids', () => {
    expect(compile([['id', 'child_of', 3]])).toEqual({
      sql: `(t.id IN (${walk('SELECT t_s2.id FROM res_partner t_s2 WHERE t_s2.id = ANY($1::int4[])', 'SELECT t_s2.id FROM res_partner t_s2 JOIN t_s1 ON t_s2.parent_id = t_s1.id')}))`,
      params: [[3]],
    });
    expect(compile([['id', 'parent_of', [3, 4]]])).toEqual({
      sql: `(t.id IN (${walk(
        'SELECT t_s2.id FROM res_partner t_s2 WHERE t_s2.id = ANY($1::int4[])',
        'SELECT t_s2.parent_id FROM res_partner t_s2 JOIN t_s1 ON t_s2.id = t_s1.id WHERE t_s2.parent_id IS NOT NULL',
      )}))`,
      params: [[3, 4]],
    });
    expect(compile([['parent_id', 'child_of', 3]]).sql).toContain('JOIN t_s1 ON t_s2.parent_id = t_s1.id');
  });

  it('resolves names with display_name ilike and treats False as no record', () => {
    const byName = compile([['id', 'child_of', 'Acme']]);
    expect(byName.sql).toContain('SELECT t_s1.id FROM res_partner t_s1 WHERE (((t_s1.complete_name ILIKE $1) OR (t_s1.email ILIKE $2)');
    expect(byName.params).toEqual(Array(5).fill('%Acme%'));
    expect(compile([['id', 'child_of', false]]).sql).toBe('FALSE');
    expect(compile([['id', 'child_of', []]]).sql).toBe('FALSE');
  });

  it('walks the tags tree for a many2many', () => {
    const result = compile([['category_id', 'child_of', [2]]], {});
    expect(result.sql).toContain('WITH RECURSIVE');
    expect(result.sql).toContain('JOIN t_s2 ON t_s3.parent_id = t_s2.id');
    expect(result.params).toEqual([[2]]);
  });

  it('refuses child_of on a model without a parent field, or on a plain field', () => {
    // expression.py child_of_domain: `left_model._fields[parent_name]`; _condition_to_sql: `SQL_OPERATORS[operator]`.
    expect(failure([['id', 'child_of', 1]], country)).toMatchObject({ odooName: 'builtins.KeyError', message: 'parent_id' });
    expect(failure([['name', 'child_of', 1]])).toMatchObject({ odooName: 'builtins.KeyError', message: 'child_of' });
  });
});

describe('compileDomain: injection attempts', () => {
  const evil = "x' OR 1=1 --";

  it('keeps hostile values in parameters, never in the SQL text', () => {
    for (const domain of [
      [['name', '=', evil]],
      [['name', 'ilike', evil]],
      [['name', 'in', [evil]]],
      [['country_id', 'ilike', evil]],
      [['country_id.code', '=', evil]],
      [['category_id', '=', evil]],
      [['id', 'child_of', evil]],
    ]) {
      const { sql, params } = compile(domain);
      expect(sql).not.toContain('OR 1=1');
      expect(sql).not.toContain("'");
      // A country code is cut to its size (2 characters) before it becomes a parameter.
      expect(JSON.stringify(params)).toContain(domain[0]?.[0] === 'country_id.code' ? JSON.stringify(evil.slice(0, 2)).slice(1, -1) : 'OR 1=1');
    }
  });

  it('refuses hostile field names and operators', () => {
    expect(failure([['name = name OR 1=1 --', '=', 1]]).message).toContain('Invalid field res.partner.name = name OR 1=1 --');
    expect(failure([['name', '= 1 OR 1=1 --', 1]]).message).toContain('Invalid leaf');
    expect(failure([['country_id.code; DROP TABLE res_country', '=', 1]]).message).toContain('Invalid field res.country.code; DROP TABLE');
  });
});
