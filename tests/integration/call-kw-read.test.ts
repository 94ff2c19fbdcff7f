/**
 * The classic read methods over real HTTP: search_read, read, search, search_count; the implicit
 * `active` filter; and how values are encoded on the wire (odoo-wire/05, 07b, 12a).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { codePointCompare, idsOf, loadPartners, type Partner } from '../support/dataset.ts';
import { callKw, errorOf, login, resultOf } from '../support/rpc.ts';

const baseUrl = inject('baseUrl');

let admin: string;
let partners: Partner[];
let active: Partner[];

beforeAll(async () => {
  admin = await login(baseUrl, 'admin');
  partners = await loadPartners(baseUrl, admin);
  active = partners.filter((p) => p.active);
});

type Row = Record<string, unknown> & { id: number };

async function searchRead(kwargs: Record<string, unknown>): Promise<Row[]> {
  return resultOf<Row[]>(await callKw(baseUrl, admin, 'res.partner', 'search_read', [], kwargs));
}

async function call<T>(method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<T> {
  return resultOf<T>(await callKw(baseUrl, admin, 'res.partner', method, args, kwargs));
}

const text = (value: string | false): string => (value === false ? '' : value);
/** A sort key that puts false (SQL NULL) after every string, as ASC does in Postgres. */
const nullsLast = (a: string | false, b: string | false): number => (a === false ? (b === false ? 0 : 1) : b === false ? -1 : codePointCompare(a, b));

describe('search_read', () => {
  it('returns the fields asked for plus id, in the default order complete_name asc, id desc', async () => {
    const rows = await searchRead({ domain: [['id', '<=', 60]], fields: ['name', 'email'] });
    for (const row of rows) expect(Object.keys(row)).toEqual(['id', 'name', 'email']);
    const want = active
      .filter((p) => p.id <= 60)
      .sort((a, b) => codePointCompare(text(a.complete_name), text(b.complete_name)) || b.id - a.id)
      .map((p) => p.id);
    expect(rows.map((r) => r.id)).toEqual(want);
  });

  it('sorts by an explicit order, desc included, with id as the tiebreak', async () => {
    const rows = await searchRead({ fields: ['name'], order: 'name desc' });
    const want = [...active].sort((a, b) => nullsLast(b.name, a.name) || a.id - b.id).map((p) => p.id);
    expect(rows.map((r) => r.id)).toEqual(want);
    const byCompany = await searchRead({ fields: ['is_company'], order: 'is_company desc, id desc', limit: 3000 });
    const firstPerson = byCompany.findIndex((r) => r.is_company === false);
    expect(firstPerson).toBeGreaterThan(0);
    expect(byCompany.slice(firstPerson).every((r) => r.is_company === false)).toBe(true);
  });

  it("sorts a many2one by the related model's order (country name), empty ones last, reversed by desc", async () => {
    const countryName = (p: Partner) => (p.country_id === false ? false : p.country_id[1]);
    const asc = await searchRead({ fields: ['country_id'], order: 'country_id' });
    expect(asc.map((r) => r.id)).toEqual([...active].sort((a, b) => nullsLast(countryName(a), countryName(b)) || a.id - b.id).map((p) => p.id));
    const desc = await searchRead({ fields: ['country_id'], order: 'country_id desc, id desc' });
    expect(desc.map((r) => r.id)).toEqual([...active].sort((a, b) => nullsLast(countryName(b), countryName(a)) || b.id - a.id).map((p) => p.id));
    expect(desc[0]?.country_id).toBe(false); // NULL sorts first in DESC
  });

  it('pages with limit and offset without overlaps or gaps', async () => {
    const domain = [['is_company', '=', true]];
    const whole = await searchRead({ domain, fields: ['name'], order: 'name', limit: 21 });
    const pages = [];
    for (const offset of [0, 7, 14]) pages.push(...(await searchRead({ domain, fields: ['name'], order: 'name', limit: 7, offset })));
    expect(pages.map((r) => r.id)).toEqual(whole.map((r) => r.id));
    expect(new Set(pages.map((r) => r.id)).size).toBe(21);
    expect(await searchRead({ domain, fields: ['name'], offset: 100_000 })).toEqual([]);
  });

  it('returns as many rows as search_count counts, and the same ids as search', async () => {
    for (const domain of [[], [['is_company', '=', true]], [['email', 'ilike', 'example.org']], [['active', '=', false]]]) {
      const rows = await searchRead({ domain, fields: ['id'] });
      expect(rows).toHaveLength(await call<number>('search_count', [domain]));
      expect(await call<number[]>('search', [domain])).toEqual(rows.map((r) => r.id));
    }
  });

  it('binds positional arguments like Python: domain, fields, offset, limit, order', async () => {
    const rows = resultOf<Row[]>(await callKw(baseUrl, admin, 'res.partner', 'search_read', [[['parent_id', '=', 5]], ['name'], 1, 1, 'name asc']));
    const want = active.filter((p) => p.parent_id !== false && p.parent_id[0] === 5).sort((a, b) => nullsLast(a.name, b.name));
    expect(rows).toEqual([{ id: want[1]?.id, name: want[1]?.name }]);
  });
});

describe('read', () => {
  it('returns the records in the order of the ids asked for', async () => {
    const rows = await call<Row[]>('read', [[6, 5, 1, 33], ['name']]);
    expect(rows.map((r) => r.id)).toEqual([6, 5, 1, 33]);
    expect(rows[1]).toEqual({ id: 5, name: 'Deco Addict' });
  });

  it('leaves out an id that does not exist, as Odoo 17/18 read does', async () => {
    expect(await call<Row[]>('read', [[5, 999_999], ['name']])).toEqual([{ id: 5, name: 'Deco Addict' }]);
    expect(await call<Row[]>('read', [[999_999], ['name']])).toEqual([]);
  });

  it('reads an archived record by id', async () => {
    expect(await call<Row[]>('read', [[2], ['name', 'active']])).toEqual([{ id: 2, name: 'OdooBot', active: false }]);
  });

  it('reads every field when none are named, and refuses an unknown one', async () => {
    const [row] = await call<Row[]>('read', [[5]]);
    expect(row).toMatchObject({ id: 5, name: 'Deco Addict', display_name: 'Deco Addict', is_company: true });
    expect(Object.keys(row ?? {}).length).toBeGreaterThan(90);
    const error = errorOf(await callKw(baseUrl, admin, 'res.partner', 'read', [[5], ['name', 'nope']]));
    // models.py _determine_fields_to_fetch: f"Invalid field {field_name!r} on model {self._name!r}".
    expect(error.data).toMatchObject({ name: 'builtins.ValueError', message: "Invalid field 'nope' on model 'res.partner'" });
  });
});

describe('search and search_count', () => {
  it('search pages and sorts its ids like search_read', async () => {
    const ids = await call<number[]>('search', [[['is_company', '=', true]]], { offset: 5, limit: 10, order: 'name desc' });
    const rows = await searchRead({ domain: [['is_company', '=', true]], fields: ['id'], offset: 5, limit: 10, order: 'name desc' });
    expect(ids).toHaveLength(10);
    expect(ids).toEqual(rows.map((r) => r.id));
  });

  it('search_count counts the matches, capped by its limit', async () => {
    const companies = active.filter((p) => p.is_company).length;
    expect(await call<number>('search_count', [[['is_company', '=', true]]])).toBe(companies);
    expect(await call<number>('search_count', [[['is_company', '=', true]]], { limit: 7 })).toBe(7);
    expect(await call<number>('search_count', [[['is_company', '=', true]], companies + 50])).toBe(companies);
    expect(await call<number>('search_count', [[['id', '=', -1]]], { limit: 7 })).toBe(0);
  });
});

describe('archived records', () => {
  it('are hidden from searches by default', async () => {
    expect(active.length).toBeLessThan(partners.length);
    expect(await call<number>('search_count', [[]])).toBe(active.length);
    expect(await call<number[]>('search', [[['name', '=', 'OdooBot']]])).toEqual([]);
  });

  it('are searched when the domain mentions active', async () => {
    expect(await call<number[]>('search', [[['active', '=', false]]], { order: 'id' })).toEqual(idsOf(partners.filter((p) => !p.active)));
    expect(await call<number>('search_count', [[['active', 'in', [true, false]]]])).toBe(partners.length);
    expect(await call<number[]>('search', [[['name', '=', 'OdooBot'], ['active', '=', false]]])).toEqual([2]);
  });

  it('are searched with active_test false in the context', async () => {
    expect(await call<number>('search_count', [[]], { context: { active_test: false } })).toBe(partners.length);
    expect(await call<number[]>('search', [[['name', '=', 'OdooBot']]], { context: { active_test: false } })).toEqual([2]);
  });

  it('stay hidden when only a related record is asked about active', async () => {
    const activeIds = new Set(active.map((p) => p.id));
    const want = active.filter((p) => p.parent_id !== false && activeIds.has(p.parent_id[0]));
    // Were the filter off, the archived contacts of active companies would be counted too.
    expect(partners.some((p) => !p.active && p.parent_id !== false && activeIds.has(p.parent_id[0]))).toBe(true);
    expect(await call<number>('search_count', [[['parent_id.active', '=', true]]])).toBe(want.length);
  });
});

describe('values on the wire', () => {
  it('encodes many2one as [id, display_name] or false, x2many as id lists', async () => {
    const [joel, deco] = await call<Row[]>('read', [[6, 5], ['parent_id', 'country_id', 'child_ids', 'category_id', 'user_ids']]);
    expect(joel?.parent_id).toEqual([5, 'Deco Addict']);
    expect(joel?.country_id).toEqual([expect.any(Number), 'United States']);
    expect(joel?.child_ids).toEqual([]);
    expect(joel?.user_ids).toEqual([4]);
    expect(deco?.parent_id).toBe(false);
    expect(deco?.child_ids).toEqual(expect.arrayContaining([6]));
    expect((deco?.child_ids as number[]).every((id) => Number.isInteger(id))).toBe(true);
    expect(deco?.category_id).toEqual([1]);
  });

  it('sends false, never null, for empty char, selection, many2one and binary values', async () => {
    const [blank] = await call<Row[]>('read', [[33], ['email', 'phone', 'street', 'comment', 'lang', 'tz', 'country_id', 'image_1920', 'partner_latitude', 'color', 'is_company']]);
    expect(blank).toEqual({ id: 33, email: false, phone: false, street: false, comment: false, lang: false, tz: false, country_id: false, image_1920: false, partner_latitude: 0, color: 0, is_company: false });
    const all = await searchRead({ fields: ['email', 'parent_id', 'image_1920', 'website'], limit: 500 });
    for (const row of all) expect(Object.values(row)).not.toContain(null);
  });

  it('writes dates as "YYYY-MM-DD HH:MM:SS" in UTC, without T, zone or fraction', async () => {
    const rows = await searchRead({ fields: ['write_date', 'create_date'], limit: 200, order: 'write_date desc' });
    for (const row of rows) {
      expect(row.write_date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(row.create_date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    }
    const dates = rows.map((r) => String(r.write_date));
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('sends images as raw base64 of the PNG, without a data: prefix', async () => {
    const [row] = await searchRead({ domain: [['image_1920', '!=', false]], fields: ['image_1920', 'image_128'], limit: 1 });
    const image = String(row?.image_1920);
    expect(image).not.toMatch(/^data:/);
    expect(image).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(image, 'base64').subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(row?.image_128).toBe(image);
  });
});
