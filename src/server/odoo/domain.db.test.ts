/**
 * The domain and order compilers against a real Postgres (PGlite, in memory) with the real
 * migrations: every compiled expression must run, and return the records Odoo 18 would.
 */
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../store/migrations.ts';
import { migrate } from '../store/db.ts';
import { compileDomain, type DomainOptions } from './domain.ts';
import { registry } from './models.ts';
import { compileOrder } from './order.ts';
import type { ModelDef } from './registry.ts';
import { Params } from './sql.ts';

const partnerModel = registry.get('res.partner');
if (partnerModel === undefined) throw new Error('no res.partner');
const partner: ModelDef = partnerModel;

let db: PGlite;

beforeAll(async () => {
  db = new PGlite({ extensions: { pg_trgm } });
  await migrate(db, migrations);
  await db.exec(`
    INSERT INTO res_country (id, name, code) VALUES (1, 'Belgium', 'BE'), (2, 'France', 'FR'), (3, 'Netherlands', 'NL');
    INSERT INTO res_country_state (id, name, code, country_id) VALUES (1, 'Antwerp', 'AN', 1), (2, 'Paris', '75', 2);
    INSERT INTO res_partner_category (id, name, parent_id, active) VALUES
      (1, 'Customer', NULL, true), (2, 'VIP', 1, true), (3, 'Old', NULL, false), (4, 'Gold', 2, true);
    INSERT INTO res_partner (id, name, complete_name, is_company, parent_id, active, email, country_id, state_id, color,
                             partner_latitude, type, lang, write_date) VALUES
      (1, 'Acme', 'Acme', true, NULL, true, 'info@acme.be', 1, 1, 3, 50.8, 'contact', 'en_US', '2024-05-01 10:00:00'),
      (2, 'Alice', 'Acme, Alice', false, 1, true, 'alice@acme.be', 2, NULL, 0, NULL, 'contact', 'en_US', '2024-05-01 10:00:00'),
      (3, 'Bob', 'Acme, Bob', false, 1, false, 'bob@acme.be', 1, NULL, 0, NULL, 'contact', 'en_US', '2024-05-01 10:00:00'),
      (4, 'Carol', 'Acme, Alice, Carol', false, 2, true, '', NULL, NULL, 0, NULL, 'invoice', 'en_US', '2024-05-01 10:00:00'),
      (5, 'Dave', 'Dave', false, NULL, true, NULL, 2, 2, 0, -1.5, 'contact', 'fr_FR', '2020-06-01 12:00:00'),
      (6, 'Archived Corp', 'Archived Corp', true, NULL, false, 'old@corp.nl', 3, NULL, 0, NULL, 'contact', 'en_US', '2024-05-01 10:00:00'),
      (7, 'Eve', 'Archived Corp, Eve', false, 6, true, 'eve@x.be', 1, NULL, 0, NULL, 'contact', 'en_US', '2024-05-01 10:00:00'),
      (8, 'O''Brien', 'O''Brien', false, NULL, true, 'ob@x.ie', NULL, NULL, 0, NULL, 'contact', NULL, '2024-05-01 10:00:00');
    INSERT INTO res_partner_res_partner_category_rel (partner_id, category_id) VALUES (1, 1), (1, 2), (2, 3), (5, 4), (8, 2);
  `);
}, 60_000);

afterAll(async () => {
  await db.close();
});

/** The partner ids a domain selects, in id order. */
async function ids(domain: unknown, options: DomainOptions = {}): Promise<number[]> {
  const params = new Params();
  const where = compileDomain(registry, partner, domain, params, 't', options);
  const result = await db.query<{ id: number }>(`SELECT t.id FROM res_partner t WHERE ${where} ORDER BY t.id`, params.values);
  return result.rows.map((row) => row.id);
}

async function ordered(order: unknown): Promise<number[]> {
  const params = new Params();
  const where = compileDomain(registry, partner, [], params, 't');
  const sql = `SELECT t.id FROM res_partner t WHERE ${where} ORDER BY ${compileOrder(registry, partner, order, 't')}`;
  return (await db.query<{ id: number }>(sql, params.values)).rows.map((row) => row.id);
}

describe('compiled domains on PGlite', () => {
  it('hides archived records unless asked for them', async () => {
    expect(await ids([])).toEqual([1, 2, 4, 5, 7, 8]);
    expect(await ids([], { activeTest: false })).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await ids([['active', '=', false]])).toEqual([3, 6]);
    expect(await ids([['active', 'in', [true, false]]])).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('runs each comparison operator', async () => {
    expect(await ids([['name', '=', 'Alice']])).toEqual([2]);
    expect(await ids([['name', '!=', 'Alice']])).toEqual([1, 4, 5, 7, 8]);
    expect(await ids([['name', '<>', 'Alice']])).toEqual([1, 4, 5, 7, 8]);
    expect(await ids([['color', '>', 2]])).toEqual([1]);
    expect(await ids([['color', '>=', 3]])).toEqual([1]);
    expect(await ids([['color', '<', 3]])).toEqual([2, 4, 5, 7, 8]);
    expect(await ids([['color', '<=', 0]])).toEqual([2, 4, 5, 7, 8]);
    expect(await ids([['name', '=?', false]])).toEqual([1, 2, 4, 5, 7, 8]);
    expect(await ids([['name', '=?', 'Dave']])).toEqual([5]);
  });

  it('runs like, ilike and their negations, case-sensitive only for like', async () => {
    expect(await ids([['name', 'like', 'a']])).toEqual([4, 5]);
    expect(await ids([['name', 'ilike', 'a']])).toEqual([1, 2, 4, 5]);
    expect(await ids([['name', 'not ilike', 'a']])).toEqual([7, 8]);
    expect(await ids([['name', 'not like', 'a']])).toEqual([1, 2, 7, 8]);
    expect(await ids([['name', '=like', 'A%']])).toEqual([1, 2]);
    expect(await ids([['name', '=ilike', 'a%']])).toEqual([1, 2]);
    expect(await ids([['complete_name', 'ilike', 'acme']])).toEqual([1, 2, 4]);
  });

  it('runs in and not in, with False standing for NULL', async () => {
    expect(await ids([['lang', 'in', ['fr_FR', false]]])).toEqual([5, 8]);
    expect(await ids([['lang', 'not in', ['fr_FR']]])).toEqual([1, 2, 4, 7, 8]);
    expect(await ids([['id', 'in', []]])).toEqual([]);
    expect(await ids([['id', 'not in', []]])).toEqual([1, 2, 4, 5, 7, 8]);
    expect(await ids([['type', 'in', ['invoice']]])).toEqual([4]);
  });

  it('compares with False as Odoo does', async () => {
    expect(await ids([['email', '=', false]])).toEqual([4, 5]); // NULL and ''
    expect(await ids([['email', '!=', false]])).toEqual([1, 2, 7, 8]);
    expect(await ids([['country_id', '=', false]])).toEqual([4, 8]);
    expect(await ids([['is_company', '=', false]])).toEqual([2, 4, 5, 7, 8]);
    expect(await ids([['color', '=', false]])).toEqual([2, 4, 5, 7, 8]);
    // A NULL number counts as 0.
    expect(await ids([['partner_latitude', '<', 10]])).toEqual([2, 4, 5, 7, 8]);
    expect(await ids([['partner_latitude', '>=', 0]])).toEqual([1, 2, 4, 7, 8]);
    expect(await ids([['partner_latitude', '>', 0]])).toEqual([1]);
  });

  it('compares dates and datetimes', async () => {
    expect(await ids([['write_date', '>', '2021-01-01 00:00:00']])).toEqual([1, 2, 4, 7, 8]);
    expect(await ids([['write_date', '<', '2020-06-01']])).toEqual([]);
    expect(await ids([['write_date', '<=', '2020-06-01']])).toEqual([5]);
  });

  it('matches a many2one by id, by name and through a dotted path', async () => {
    expect(await ids([['country_id', '=', 1]])).toEqual([1, 7]);
    expect(await ids([['country_id', 'in', [2, false]]])).toEqual([2, 4, 5, 8]);
    expect(await ids([['country_id', 'ilike', 'bel']])).toEqual([1, 7]);
    expect(await ids([['country_id', 'not ilike', 'bel']])).toEqual([2, 4, 5, 8]);
    expect(await ids([['country_id', '=', 'France']])).toEqual([2, 5]);
    expect(await ids([['state_id', '=', 'Antwerp (BE)']])).toEqual([1]);
    expect(await ids([['country_id.code', '=', 'BE']])).toEqual([1, 7]);
    expect(await ids([['parent_id.country_id.code', '=', 'BE']])).toEqual([2]);
    expect(await ids(['!', ['parent_id.name', '=', 'Acme']])).toEqual([1, 4, 5, 7, 8]);
  });

  it("does not hide an archived many2one target, as Odoo 18 searches it with active_test=False", async () => {
    expect(await ids([['parent_id.name', '=', 'Archived Corp']])).toEqual([7]);
    expect(await ids([['parent_id', '=', 'Archived Corp']])).toEqual([7]);
  });

  it('hides archived x2many lines in subqueries', async () => {
    expect(await ids([['category_id.name', '=', 'Old']])).toEqual([]);
    expect(await ids([['category_id', '=', 3]])).toEqual([2]);
    expect(await ids([['category_id.name', 'ilike', 'vip']])).toEqual([1, 8]);
    // A tag found by name brings its child tags (PartnerCategory._search_display_name): Gold, under VIP, is partner 5's.
    expect(await ids([['category_id', 'ilike', 'vip']])).toEqual([1, 5, 8]);
    expect(await ids([['child_ids.email', 'ilike', 'bob']])).toEqual([]);
    expect(await ids([['child_ids.email', 'ilike', 'alice']])).toEqual([1]);
    expect(await ids([['child_ids.email', 'ilike', 'bob']], { activeTest: false })).toEqual([1]);
  });

  it('compiles x2many = False / != False', async () => {
    expect(await ids([['category_id', '=', false]])).toEqual([4, 7]);
    expect(await ids([['category_id', '!=', false]])).toEqual([1, 2, 5, 8]);
    expect(await ids([['child_ids', '=', false]])).toEqual([4, 5, 7, 8]);
    expect(await ids([['child_ids', '!=', false]])).toEqual([1, 2]);
  });

  it('walks hierarchies with child_of and parent_of', async () => {
    expect(await ids([['id', 'child_of', 1]])).toEqual([1, 2, 4]);
    expect(await ids([['id', 'child_of', 1]], { activeTest: false })).toEqual([1, 2, 3, 4]);
    expect(await ids([['id', 'child_of', 'Acme, Alice']])).toEqual([2, 4]);
    expect(await ids([['id', 'parent_of', 4]])).toEqual([1, 2, 4]);
    expect(await ids([['parent_id', 'child_of', [2, 6]]])).toEqual([2, 4, 7]);
    expect(await ids([['child_ids', 'child_of', 4]])).toEqual([1, 2, 4]);
    expect(await ids([['category_id', 'child_of', 1]])).toEqual([1, 5, 8]);
    expect(await ids([['category_id', 'child_of', 'Customer']])).toEqual([1, 5, 8]);
    expect(await ids([['category_id', 'parent_of', 4]])).toEqual([1, 5, 8]);
    expect(await ids([['id', 'child_of', false]])).toEqual([]);
  });

  it('walks hierarchies only through records the record rules let the caller read', async () => {
    // Partners 2 (Alice) and 3 (Bob) are hidden: the walks must neither start from nor cross them.
    const listed = (m: ModelDef) => (m.name === 'res.partner' ? [['id', 'in', [1, 4, 5, 7]]] : undefined);
    const options: DomainOptions = { activeTest: false, rules: listed };
    expect(await ids([['id', 'child_of', 1]], options)).toEqual([1]);
    expect(await ids([['id', 'parent_of', 4]], options)).toEqual([4]);
    // A hidden id answers like a missing one.
    expect(await ids([['id', 'parent_of', 2]], options)).toEqual([]);
    expect(await ids([['id', 'parent_of', 99999]], options)).toEqual([]);
    expect(await ids([['child_ids', 'parent_of', 2]], options)).toEqual([]);
    expect(await ids([['parent_id', 'child_of', 2]], options)).toEqual([]);
    expect(await ids([['id', 'child_of', 'Acme, Alice']], options)).toEqual([4]);
    expect(await ids([['id', 'child_of', 'Acme, Bob']], options)).toEqual([]);
    // The portal's own rule is itself a child_of walk, nested in the outer one.
    const portal = (m: ModelDef) => (m.name === 'res.partner' ? ['|', ['id', 'child_of', 2], ['id', '=', 5]] : undefined);
    expect(await ids([['id', 'parent_of', 4]], { activeTest: false, rules: portal })).toEqual([2, 4]);
    expect(await ids([['id', 'child_of', 1]], { activeTest: false, rules: portal })).toEqual([]);
    expect(await ids([['id', 'parent_of', [4, 5]]], { activeTest: false, rules: portal })).toEqual([2, 4, 5]);
  });

  it('combines operators in prefix notation', async () => {
    expect(await ids(['|', ['name', '=', 'Alice'], ['country_id.code', '=', 'FR']])).toEqual([2, 5]);
    expect(await ids(['!', '|', ['name', '=', 'Alice'], ['name', '=', 'Dave']])).toEqual([1, 4, 7, 8]);
    expect(await ids([['is_company', '=', false], ['country_id', '!=', false]])).toEqual([2, 5, 7]);
  });

  it('treats hostile values as plain data', async () => {
    const evil = "x' OR 1=1 --";
    expect(await ids([['name', '=', evil]])).toEqual([]);
    expect(await ids([['name', 'ilike', evil]])).toEqual([]);
    expect(await ids([['name', 'in', [evil, "'); DROP TABLE res_partner; --"]]])).toEqual([]);
    expect(await ids([['country_id', 'ilike', evil]])).toEqual([]);
    expect(await ids([['country_id.code', '=', evil]])).toEqual([]);
    expect(await ids([['name', '=', "O'Brien"]])).toEqual([8]);
    expect(await ids([])).toEqual([1, 2, 4, 5, 7, 8]);
  });
});

describe('compiled orders on PGlite', () => {
  it("sorts by the model's _order, by many2one display order, with the id tiebreak", async () => {
    expect(await ordered(null)).toEqual([1, 2, 4, 7, 5, 8]);
    expect(await ordered('country_id desc, name')).toEqual([4, 8, 2, 5, 1, 7]);
    expect(await ordered('color desc')).toEqual([1, 2, 4, 5, 7, 8]);
    expect(await ordered('state_id, id desc')).toEqual([1, 5, 8, 7, 4, 2]);
  });
});
