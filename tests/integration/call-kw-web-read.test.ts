/**
 * The web client's read methods over real HTTP: web_search_read (specification, `length`),
 * name_search, fields_get and the `bin_size` context (odoo-wire/06, 06b, 07c, 07d).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { containsIgnoringCase, loadPartners, type Partner } from '../support/dataset.ts';
import { callKw, login, resultOf } from '../support/rpc.ts';

const baseUrl = inject('baseUrl');

let admin: string;
let active: Partner[];

beforeAll(async () => {
  admin = await login(baseUrl, 'admin');
  active = (await loadPartners(baseUrl, admin)).filter((p) => p.active);
});

async function call<T>(method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<T> {
  return resultOf<T>(await callKw(baseUrl, admin, 'res.partner', method, args, kwargs));
}

interface WebResult {
  length: number;
  records: (Record<string, unknown> & { id: number })[];
}

const webSearchRead = (kwargs: Record<string, unknown>) => call<WebResult>('web_search_read', [], { specification: { name: {} }, ...kwargs });

describe('web_search_read', () => {
  it('reads records in the shape of a nested specification', async () => {
    const result = await webSearchRead({
      domain: [['id', 'in', [5, 6]]],
      specification: {
        name: {},
        parent_id: { fields: { display_name: {}, email: {} } },
        category_id: { fields: { display_name: {}, color: {} } },
        country_id: {},
        child_ids: {},
      },
      order: 'id',
    });
    expect(result.length).toBe(2);
    const [deco, joel] = result.records;
    expect(deco).toMatchObject({ id: 5, name: 'Deco Addict', parent_id: false, category_id: [{ id: 1, display_name: 'Customer', color: 10 }] });
    expect(Object.keys(deco ?? {})).toEqual(['id', 'name', 'parent_id', 'category_id', 'country_id', 'child_ids']);
    expect(deco?.child_ids).toEqual(expect.arrayContaining([6]));
    // A many2one without sub-fields is its bare id.
    expect(typeof deco?.country_id).toBe('number');
    expect(joel?.parent_id).toEqual({ id: 5, display_name: 'Deco Addict', email: 'info@deco-addict.example.com' });
    expect(joel?.category_id).toEqual([]);
  });

  it('counts the total in length when the page is full', async () => {
    const companies = active.filter((p) => p.is_company).length;
    const result = await webSearchRead({ domain: [['is_company', '=', true]], limit: 10 });
    expect(result.records).toHaveLength(10);
    expect(result.length).toBe(companies);
  });

  it('caps the counted length at count_limit', async () => {
    const result = await webSearchRead({ domain: [['is_company', '=', true]], limit: 10, count_limit: 50 });
    expect(result.records).toHaveLength(10);
    expect(result.length).toBe(50);
  });

  it('does not count when the page is not full: length is offset plus the records read', async () => {
    const contacts = active.filter((p) => p.parent_id !== false && p.parent_id[0] === 5).length;
    expect(contacts).toBeGreaterThan(2);
    const all = await webSearchRead({ domain: [['parent_id', '=', 5]], limit: 80 });
    expect(all.records).toHaveLength(contacts);
    expect(all.length).toBe(contacts);
    const last = await webSearchRead({ domain: [['parent_id', '=', 5]], limit: 80, offset: contacts - 1 });
    expect(last.records).toHaveLength(1);
    expect(last.length).toBe(contacts);
  });

  it('does not count when count_limit is already reached by offset plus the records read', async () => {
    const result = await webSearchRead({ domain: [['is_company', '=', true]], limit: 10, offset: 100, count_limit: 50 });
    expect(result.records).toHaveLength(10);
    expect(result.length).toBe(110);
  });

  it('without a limit, length is the number of records read', async () => {
    const result = await webSearchRead({ domain: [['parent_id', '=', 5]] });
    expect(result.length).toBe(result.records.length);
  });

  it('answers an empty page with length 0, whatever the offset', async () => {
    expect(await webSearchRead({ domain: [['id', '=', -1]], limit: 80 })).toEqual({ length: 0, records: [] });
    expect(await webSearchRead({ domain: [['is_company', '=', true]], limit: 80, offset: 100_000 })).toEqual({ length: 0, records: [] });
  });
});

describe('name_search', () => {
  it('matches display names with ilike, ANDed with args, in the default order', async () => {
    const pairs = await call<[number, string][]>('name_search', [], { name: 'deco', args: [['is_company', '=', true]], limit: 5 });
    const rows = await call<{ id: number; display_name: string }[]>('search_read', [[['complete_name', 'ilike', 'deco'], ['is_company', '=', true]], ['display_name']], { limit: 5 });
    expect(pairs).toHaveLength(5);
    expect(pairs).toEqual(rows.map((r) => [r.id, r.display_name]));
    for (const [, name] of pairs) expect(name.toLowerCase()).toContain('deco');
  });

  it('honours the operator: = is exact, not ilike excludes', async () => {
    expect(await call('name_search', ['Deco Addict'], { operator: '=' })).toEqual([[5, 'Deco Addict']]);
    expect(await call('name_search', ['deco addict'], { operator: '=' })).toEqual([]);
    const others = await call<[number, string][]>('name_search', ['a'], { operator: 'not ilike', args: [['is_company', '=', true]], limit: 1000 });
    const want = active.filter((p) => p.is_company && !containsIgnoringCase(p.complete_name, 'a'));
    expect(others.map(([id]) => id).sort((a, b) => a - b)).toEqual(want.map((p) => p.id));
  });

  it('with an empty name returns the first records of args, limited', async () => {
    const pairs = await call<[number, string][]>('name_search', [''], { args: [['parent_id', '=', 5]], limit: 2 });
    expect(pairs).toHaveLength(2);
    for (const [id] of pairs) expect(active.find((p) => p.id === id)?.parent_id).toEqual([5, 'Deco Addict']);
  });
});

describe('fields_get', () => {
  it('returns only the attributes asked for, relation only on relational fields', async () => {
    const fields = await call<Record<string, Record<string, unknown>>>('fields_get', [], { attributes: ['string', 'type', 'relation'] });
    expect(fields.name).toEqual({ string: 'Name', type: 'char' });
    expect(fields.country_id).toEqual({ string: 'Country', type: 'many2one', relation: 'res.country' });
    expect(fields.category_id).toEqual({ string: 'Tags', type: 'many2many', relation: 'res.partner.category' });
    expect(fields.child_ids).toEqual({ string: 'Contact', type: 'one2many', relation: 'res.partner' });
    expect(fields.image_1920).toEqual({ string: 'Image', type: 'binary' });
    for (const description of Object.values(fields)) {
      expect(Object.keys(description).every((key) => ['string', 'type', 'relation'].includes(key))).toBe(true);
    }
  });

  it('restricts to allfields, and gives every attribute when none are asked', async () => {
    const fields = await call<Record<string, Record<string, unknown>>>('fields_get', [['name', 'type']]);
    expect(Object.keys(fields).sort()).toEqual(['name', 'type']);
    expect(fields.type).toMatchObject({ type: 'selection', readonly: false, required: false, selection: expect.arrayContaining([['contact', 'Contact']]) });
    expect(fields.name).toMatchObject({ string: 'Name', type: 'char', searchable: true, sortable: true });
  });
});

describe('bin_size context', () => {
  it('replaces image data by its decoded size, and keeps false for no image', async () => {
    const domain = [['image_1920', '!=', false]];
    const [full] = await call<{ id: number; image_1920: string }[]>('search_read', [domain, ['image_1920']], { limit: 1 });
    const [sized] = await call<{ id: number; image_1920: string }[]>('search_read', [domain, ['image_1920']], { limit: 1, context: { bin_size: true } });
    expect(sized?.id).toBe(full?.id);
    const bytes = Buffer.from(full?.image_1920 ?? '', 'base64').length;
    expect(bytes).toBeGreaterThan(0);
    expect(sized?.image_1920).toBe(`${bytes.toFixed(2)} bytes`);
    const [blank] = await call<{ image_1920: unknown }[]>('read', [[33], ['image_1920']], { context: { bin_size: true } });
    expect(blank?.image_1920).toBe(false);
  });

  it('applies to web_search_read as well', async () => {
    const result = await webSearchRead({ domain: [['image_1920', '!=', false]], specification: { image_1920: {} }, limit: 1, context: { bin_size: true } });
    expect(result.records[0]?.image_1920).toMatch(/^\d+\.\d\d (bytes|Kb)$/);
  });
});
