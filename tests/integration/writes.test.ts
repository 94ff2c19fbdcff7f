/**
 * create / write / unlink over real HTTP, on a private server (its own copy of the seeded data),
 * so nothing here changes what the other test files count on the shared one.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callKw, errorOf, login, resultOf, type RpcError } from '../support/rpc.ts';
import { spawnServer, throwawayDataDir, type TestServer } from '../support/server.ts';

const templateDir = inject('templateDir');

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await spawnServer({ dataDir: throwawayDataDir(templateDir) });
  admin = await login(server.url, 'admin');
});

afterAll(async () => {
  await server.stop();
  rmSync(server.dataDir, { recursive: true, force: true });
});

type Row = Record<string, unknown> & { id: number };

async function call<T>(method: string, args: unknown[], kwargs: Record<string, unknown> = {}, model = 'res.partner'): Promise<T> {
  return resultOf<T>(await callKw(server.url, admin, model, method, args, kwargs));
}

async function failure(method: string, args: unknown[], model = 'res.partner'): Promise<RpcError> {
  return errorOf(await callKw(server.url, admin, model, method, args));
}

async function readOne(id: number, fields: string[]): Promise<Row> {
  const [row] = await call<Row[]>('read', [[id], fields]);
  if (row === undefined) throw new Error(`partner ${id} not read`);
  return row;
}

const utcMillis = (odooDatetime: unknown): number => Date.parse(`${String(odooDatetime).replace(' ', 'T')}Z`);

describe('create', () => {
  it('returns an id for one dict and a list of ids for a list', async () => {
    const id = await call<number>('create', [{ name: 'Single Create BV', is_company: true, email: 'single@example.com' }]);
    expect(Number.isInteger(id)).toBe(true);
    expect(await readOne(id, ['name', 'is_company', 'email', 'active', 'type'])).toEqual({
      id, name: 'Single Create BV', is_company: true, email: 'single@example.com', active: true, type: 'contact',
    });
    const ids = await call<number[]>('create', [[{ name: 'List One' }, { name: 'List Two' }]]);
    expect(ids).toHaveLength(2);
    expect((await call<Row[]>('read', [ids, ['name']])).map((r) => r.name)).toEqual(['List One', 'List Two']);
    expect(await call<number[]>('create', [[]])).toEqual([]);
  });

  it('names a contact "Company, Person" and points it to its commercial entity', async () => {
    const company = await call<number>('create', [{ name: 'Acme Hierarchy', is_company: true }]);
    const person = await call<number>('create', [{ name: 'Ann Example', parent_id: company }]);
    expect(await readOne(person, ['complete_name', 'display_name', 'commercial_partner_id', 'parent_id'])).toEqual({
      id: person,
      complete_name: 'Acme Hierarchy, Ann Example',
      display_name: 'Acme Hierarchy, Ann Example',
      commercial_partner_id: [company, 'Acme Hierarchy'],
      parent_id: [company, 'Acme Hierarchy'],
    });
  });

  it('refuses a contact without a name with a ValidationError', async () => {
    for (const vals of [{ email: 'nameless@example.com' }, { name: false }, { name: '' }]) {
      const error = await failure('create', [vals]);
      expect(error.data).toMatchObject({ name: 'odoo.exceptions.ValidationError', message: 'Contacts require a name' });
    }
  });
});

describe('write', () => {
  it('returns true and stamps write_date with the current UTC time, to the second', async () => {
    const before = (await readOne(5, ['write_date'])).write_date;
    expect(await call('write', [[5], { phone: '+1 603-555-0000' }])).toBe(true);
    const after = await readOne(5, ['phone', 'write_date']);
    expect(after.phone).toBe('+1 603-555-0000');
    expect(after.write_date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(utcMillis(after.write_date)).toBeGreaterThanOrEqual(utcMillis(before));
    expect(Math.abs(utcMillis(after.write_date) - Date.now())).toBeLessThan(10_000);
  });

  it("renaming a company renames its contacts' complete_name and stamps their write_date", async () => {
    const contactIds = await call<number[]>('search', [[['parent_id', '=', 5]]], { order: 'id' });
    expect(contactIds.length).toBeGreaterThan(1);
    const before = await call<Row[]>('read', [contactIds, ['name', 'write_date']]);
    await call('write', [[5], { name: 'Deco Addict Renamed' }]);
    const after = await call<Row[]>('read', [contactIds, ['complete_name', 'write_date']]);
    after.forEach((contact, i) => {
      expect(contact.complete_name).toBe(`Deco Addict Renamed, ${String(before[i]?.name)}`);
      // The seeded write_date was weeks before now: it moved to the time of the rename.
      expect(contact.write_date).not.toBe(before[i]?.write_date);
      expect(Math.abs(utcMillis(contact.write_date) - Date.now())).toBeLessThan(10_000);
    });
    expect(await call<number[]>('search', [[['complete_name', '=like', 'Deco Addict Renamed, %']]], { order: 'id' })).toEqual(contactIds);
  });

  it('applies many2many commands: set (6), link (4), unlink (3), clear (5) and a plain id list', async () => {
    const id = await call<number>('create', [{ name: 'Tagged Partner' }]);
    const tags = async () => ((await readOne(id, ['category_id'])).category_id as number[]).sort((x, y) => x - y);
    await call('write', [[id], { category_id: [[6, 0, [1, 2]]] }]);
    expect(await tags()).toEqual([1, 2]);
    await call('write', [[id], { category_id: [[4, 3]] }]);
    expect(await tags()).toEqual([1, 2, 3]);
    await call('write', [[id], { category_id: [[3, 1]] }]);
    expect(await tags()).toEqual([2, 3]);
    await call('write', [[id], { category_id: [[5]] }]);
    expect(await tags()).toEqual([]);
    await call('write', [[id], { category_id: [4, 6] }]);
    expect(await tags()).toEqual([4, 6]);
    await call('write', [[id], { category_id: [[3, 4], [4, 7]] }]);
    expect(await tags()).toEqual([6, 7]);
    expect(await call<number[]>('search', [[['category_id', 'in', [7]], ['id', '=', id]]])).toEqual([id]);
  });

  it('refuses an id that does not exist with a MissingError', async () => {
    const error = await failure('write', [[999_999], { name: 'x' }]);
    expect(error.data.name).toBe('odoo.exceptions.MissingError');
    expect(error.data.message).toContain('res.partner(999999,)');
  });
});

describe('bad values are refused with a clear error, and change nothing', () => {
  let id: number;
  const original = { name: 'Untouchable', color: 3, type: 'contact', is_company: false };

  beforeAll(async () => {
    id = await call<number>('create', [original]);
  });

  it.each([
    [{ color: 'red' }, 'builtins.ValueError', 'Wrong value for color: "red" is not a valid integer'],
    [{ is_company: 'yes' }, 'builtins.ValueError', 'Wrong value for is_company: "yes" is not a valid boolean'],
    [{ partner_latitude: '50.1' }, 'builtins.ValueError', 'Wrong value for partner_latitude: "50.1" is not a valid float'],
    [{ name: 42 }, 'builtins.ValueError', 'Wrong value for name: 42 is not a valid char'],
    [{ no_such_field: 1 }, 'builtins.ValueError', "Invalid field 'no_such_field' on model 'res.partner'"],
    [{ complete_name: 'Forged' }, 'builtins.ValueError', "Field 'complete_name' on model 'res.partner' cannot be written"],
    [{ id: 1 }, 'builtins.ValueError', "Field 'id' on model 'res.partner' cannot be written"],
    [{ write_date: 'not a date' }, 'builtins.ValueError', "Field 'write_date' on model 'res.partner' cannot be written"],
    [{ create_date: '2020-13-45 00:00:00' }, 'builtins.ValueError', "Field 'create_date' on model 'res.partner' cannot be written"],
    [{ type: 'bogus' }, 'builtins.ValueError', 'Wrong value for type: "bogus" is not a valid selection'],
    [{ lang: 'xx_XX' }, 'builtins.ValueError', 'Wrong value for lang: "xx_XX" is not a valid selection'],
    [{ category_id: 'VIP' }, 'builtins.ValueError', 'Wrong value for category_id: expected x2many commands such as [[6, 0, [ids]]]'],
    [{ category_id: [[9, 1]] }, 'builtins.ValueError', 'Wrong value for category_id: expected x2many commands such as [[6, 0, [ids]]]'],
  ])('%j', async (vals, name, message) => {
    const error = await failure('write', [[id], vals]);
    expect(error.data).toMatchObject({ name, message });
    expect(await readOne(id, Object.keys(original))).toEqual({ id, ...original });
  });

  it.each([
    ['country_id', 'res.country'],
    ['parent_id', 'res.partner'],
    ['state_id', 'res.country.state'],
    ['user_id', 'res.users'],
    ['company_id', 'res.company'],
  ])('a %s that does not exist is a ValidationError naming it', async (field, comodel) => {
    for (const [method, args] of [['write', [[id], { [field]: 999_999 }]], ['create', [{ name: 'Dangling', [field]: 999_999 }]]] as const) {
      const error = await failure(method, [...args]);
      expect(error.data.name).toBe('odoo.exceptions.ValidationError');
      expect(error.data.message).toBe(`Wrong value for ${field}: ${comodel}(999999,) does not exist`);
    }
    expect(await call<number[]>('search', [[['name', '=', 'Dangling']]])).toEqual([]);
    expect((await readOne(id, [field]))[field]).toBe(false);
  });

  it('a tag that does not exist is a ValidationError naming it', async () => {
    const error = await failure('write', [[id], { category_id: [[4, 999_999]] }]);
    expect(error.data).toMatchObject({ name: 'odoo.exceptions.ValidationError', message: 'Wrong value for category_id: res.partner.category(999999,) does not exist' });
    expect((await readOne(id, ['category_id'])).category_id).toEqual([]);
  });

  it('a contact cannot lose its name', async () => {
    for (const name of [false, '']) {
      expect((await failure('write', [[id], { name }])).data).toMatchObject({ name: 'odoo.exceptions.ValidationError', message: 'Contacts require a name' });
    }
    expect((await readOne(id, ['name'])).name).toBe('Untouchable');
  });

  it('a required value left out or emptied is a ValidationError naming the field', async () => {
    const tag = await failure('create', [{ color: 3 }], 'res.partner.category');
    expect(tag.data.name).toBe('odoo.exceptions.ValidationError');
    expect(tag.data.message).toContain('Tag Name (name)');
    const type = await failure('write', [[id], { type: false }]);
    expect(type.data.name).toBe('odoo.exceptions.ValidationError');
    expect(type.data.message).toContain('Address Type (type)');
    expect(await readOne(id, Object.keys(original))).toEqual({ id, ...original });
  });
});

describe('unlink', () => {
  it('deletes the record and keeps its contacts, detached', async () => {
    const company = await call<number>('create', [{ name: 'Doomed Ltd', is_company: true }]);
    const contact = await call<number>('create', [{ name: 'Survivor', parent_id: company }]);
    expect(await call('unlink', [[company]])).toBe(true);
    expect(await call('read', [[company], ['name']])).toEqual([]);
    expect(await call('search_count', [[['id', '=', company]]])).toBe(0);
    expect(await readOne(contact, ['parent_id', 'complete_name', 'commercial_partner_id'])).toEqual({
      id: contact, parent_id: false, complete_name: 'Survivor', commercial_partner_id: [contact, 'Survivor'],
    });
  });
});

describe('archiving', () => {
  it('write active=false hides the partner from searches; read by id still works', async () => {
    const id = await call<number>('create', [{ name: 'Soon Archived GmbH', is_company: true }]);
    const count = await call<number>('search_count', [[]]);
    await call('write', [[id], { active: false }]);
    expect(await call<number[]>('search', [[['name', '=', 'Soon Archived GmbH']]])).toEqual([]);
    expect(await call<number>('search_count', [[]])).toBe(count - 1);
    expect(await readOne(id, ['name', 'active'])).toEqual({ id, name: 'Soon Archived GmbH', active: false });
    expect(await call<number[]>('search', [[['name', '=', 'Soon Archived GmbH']]], { context: { active_test: false } })).toEqual([id]);
    await call('write', [[id], { active: true }]);
    expect(await call<number>('search_count', [[]])).toBe(count);
  });
});

describe('the partner hierarchy cannot become a cycle', () => {
  it.each([
    ['a company under its own contact', 'contact'],
    ['a company under itself', 'self'],
    ['a contact under its own sub-contact', 'grandchild'],
  ])('refuses %s with a ValidationError, and changes nothing', async (_label, shape) => {
    const company = await call<number>('create', [{ name: `Cycle Co ${shape}`, is_company: true }]);
    const contact = await call<number>('create', [{ name: 'Loop Person', parent_id: company }]);
    const grandchild = await call<number>('create', [{ name: 'Loop Assistant', parent_id: contact }]);
    const [target, parent] = shape === 'contact' ? [company, contact] : shape === 'self' ? [company, company] : [contact, grandchild];
    const error = await failure('write', [[target], { parent_id: parent }]);
    expect(error.data).toMatchObject({ name: 'odoo.exceptions.ValidationError', message: 'You cannot create recursive Partner hierarchies.' });
    const rows = await call<Row[]>('read', [[company, contact, grandchild], ['parent_id']]);
    expect(rows.map((r) => (r.parent_id === false ? false : (r.parent_id as [number, string])[0]))).toEqual([false, company, contact]);
  });
});
